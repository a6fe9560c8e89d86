/* store.h: the case database. This module (store.c) is the only code that
 * includes <sqlite3.h>, and every SQL statement lives in its statement table,
 * prepared once and bound only with sqlite3_bind_* on `?` placeholders.
 *
 * All functions return RT_OK (0) or a negative RT_* code; store_errmsg()
 * then says what SQLite reported. Text arguments are UTF-8; NULL binds NULL.
 */
#ifndef RETORNO_STORE_H
#define RETORNO_STORE_H

#include "../core/common.h"
#include "../core/strbuf.h"
#include "case_columns.h"

struct store;

/* Opens (creating if needed) the database at path, sets WAL, foreign keys and
 * a busy timeout, and applies pending migrations. */
int store_open(const char *path, struct store **out, struct strbuf *err);
void store_close(struct store *st);
const char *store_errmsg(struct store *st);
const char *store_path(struct store *st);

int store_begin(struct store *st);    /* BEGIN IMMEDIATE */
int store_commit(struct store *st);
int store_rollback(struct store *st);

/* Generic row callback: ncol text values (NULL for SQL NULL). Return 0 to go on. */
typedef int (*store_row_fn)(void *ctx, int ncol, const char *const *val);

/* ---- vocabularies ---- */
int store_list_add(struct store *st, const char *name, bool extensible,
		   const char *en, const char *es);
int store_vocab_add(struct store *st, const char *list, const char *code,
		    const char *en, const char *es);
int store_office_add(struct store *st, const char *code, const char *country,
		     const char *transport, const char *en, const char *es);
int store_point_add(struct store *st, const char *code, const char *office,
		    const char *programs, const char *en, const char *es);
int store_lists_count(struct store *st, int64_t *n);
/* rows: name, extensible ("0"/"1"), label_en, label_es */
int store_lists_each(struct store *st, store_row_fn fn, void *ctx);
/* rows: list, code, label_en, label_es; ordered by list then position */
int store_vocab_each(struct store *st, store_row_fn fn, void *ctx);
/* rows: code, country, transport, label_en, label_es */
int store_offices_each(struct store *st, store_row_fn fn, void *ctx);
/* rows: code, office, programs, label_en, label_es */
int store_points_each(struct store *st, store_row_fn fn, void *ctx);

/* ---- cases ---- */
struct store_case_ref {
	int64_t id;         /* internal row id */
	int64_t import_id;  /* last import that wrote it, 0 if none */
	char status[32];
};

/* Inserts a new case; RT_EEXISTS when its case_id is taken. */
int store_case_insert(struct store *st, const struct case_values *cv,
		      int64_t import_id, const char *now, int64_t *id);
int store_case_update(struct store *st, int64_t id, const struct case_values *cv,
		      int64_t import_id, const char *now);
/* RT_ENOTFOUND when no case has that case_id. */
int store_case_find(struct store *st, const char *case_id, size_t len,
		    struct store_case_ref *ref);
/* Reads a whole case; strings are copied into *arena, which owns them. */
int store_case_get(struct store *st, int64_t id, struct case_values *cv,
		   struct strbuf *arena);
/* Writes the survey columns of cv (or removes the survey when survey_date is empty). */
int store_survey_put(struct store *st, int64_t id, const struct case_values *cv);

int store_history_add(struct store *st, int64_t id, const char *now, const char *actor,
		      const char *from, const char *to, const char *effective_date,
		      const char *source);
/* rows: changed_at, actor, from_status, to_status, effective_date, source */
int store_history_each(struct store *st, int64_t id, store_row_fn fn, void *ctx);

int store_import_start(struct store *st, const char *now, const char *actor,
		       const char *source, int64_t *import_id);
int store_import_finish(struct store *st, int64_t import_id, const char *now,
			int64_t inserted, int64_t updated);

int store_audit(struct store *st, const char *now, const char *actor,
		const char *action, const char *target, const char *detail);

/* ---- export and counts ---- */
struct store_filter {
	const char *program, *office, *status;
	const char *from, *to;   /* on registration_date, inclusive */
};
typedef int (*store_case_fn)(void *ctx, const struct case_values *cv);
int store_cases_each(struct store *st, const struct store_filter *f,
		     store_case_fn fn, void *ctx);
/* For long read-only scans: read the file through memory mapping (up to 1 GiB),
 * which saves copying every page. Not for writers: with mmap an I/O error
 * would be a signal rather than an error code. */
int store_map_for_reading(struct store *st);

/* The report's scans. Both read only what a factsheet needs: never names,
 * case or group ids. `program` and `office` NULL mean all; `from`/`to`
 * (inclusive, YYYY-MM-DD, NULL = open) bound the departure date for returns
 * and the registration date for registrations. */
struct store_report_filter {
	const char *program, *office, *from, *to;
	const char *track_program;  /* returns of this programme are read too (or NULL) */
};
/* Every returned case, with its survey; cv->v[] is NULL for the columns not
 * read (the programme, status and departure date are the filter's; the age
 * is passed as `age`, -1 when empty). */
typedef int (*store_return_fn)(void *ctx, const struct case_values *cv, int age);
int store_report_returns(struct store *st, const struct store_report_filter *f,
			 store_return_fn fn, void *ctx);
/* Every registered case whatever its status: its registration point and date. */
typedef int (*store_registration_fn)(void *ctx, const char *point, size_t point_len,
				     const char *date, size_t date_len);
int store_report_registrations(struct store *st, const struct store_report_filter *f,
			       store_registration_fn fn, void *ctx);
/* rows: program, office, status, count */
int store_case_counts(struct store *st, store_row_fn fn, void *ctx);
int store_case_total(struct store *st, int64_t *n);

#endif
