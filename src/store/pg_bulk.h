/* pg_bulk.h: the new cases of a large import written to PostgreSQL by COPY
 * (pg_bulk.c), for pg_cases.c.
 *
 * An import's rows are checked by the domain's rules row by row, as on
 * SQLite (one rule set, the same located errors); what differs is how the
 * new cases reach the table. After its first BULK_AFTER rows, an import's
 * new cases are no longer INSERTed one by one (a round trip each) but
 * written as COPY text, sent a chunk at a time, with ids taken from the
 * cases' sequence in blocks; their surveys follow in a COPY of their own.
 * The look-up of each row's case id (is it new, or an update?) is answered
 * from a set of every case id of the database, read once (COPY TO), and
 * of the import's own rows: a known id, or any other statement, first ends
 * the COPY (pg_bulk_flush(), called by pg_query() and its siblings), so that
 * every statement sees every row written before it. Everything is inside the
 * import's transaction: a rollback drops it all.
 */
#ifndef RETORNO_PG_BULK_H
#define RETORNO_PG_BULK_H

#include "pg_impl.h"

/* "Not for the bulk writer: do it the ordinary way." */
#define PG_BULK_NOT_TAKEN 1

/* Takes a new case of import `import_id` into the COPY (name_key and keys:
 * the case's folded names and similar keys), with *id its new id; or
 * PG_BULK_NOT_TAKEN (not an import, not in a transaction, or one of the
 * import's first rows). */
int pg_bulk_take(struct store *st, const struct case_values *cv, int64_t import_id,
		 const char *now, const struct strbuf *name_key, const struct strbuf *keys,
		 int64_t *id);
/* Takes the survey of the case pg_bulk_take() has just taken; else
 * PG_BULK_NOT_TAKEN. */
int pg_bulk_survey(struct store *st, int64_t id, const struct case_values *cv);
/* RT_ENOTFOUND when case_id is certainly in no row of the database nor of
 * the import; else PG_BULK_NOT_TAKEN (ask the database). */
int pg_bulk_find(struct store *st, const char *case_id, size_t len);
/* Sends and ends the COPYs under way (their errors are the server's). */
int pg_bulk_flush(struct store *st);
/* Drops the writer (at commit, after the flush; at rollback, cancelling a
 * COPY under way). */
void pg_bulk_discard(struct store *st);

#endif
