/* pg_impl.h: the PostgreSQL backend of the store (pg_*.c), and what its files
 * share. The backend is chosen by the database address: store_open_with() of
 * a "postgresql://" or "postgres://" address (store_is_url()) opens a
 * PostgreSQL connection instead of a file, and every store_* function of
 * store.h begins by handing a PostgreSQL store to the pg_* function of the
 * same name and signature (PG_CALL below). Not for use outside src/store/.
 *
 * How the backend keeps store.h's promises:
 * - One writer at a time, across every process on the database: pg_begin()
 *   takes a transaction-scoped advisory lock (PG_WRITER_LOCK), so that a
 *   look-up then a write inside store_begin()/store_commit() sees what every
 *   committed writer wrote, exactly as under SQLite's BEGIN IMMEDIATE; a
 *   writer that waits longer than lock_timeout gets RT_EBUSY.
 * - Statements are prepared once per connection (pg_query() keys them by
 *   the address of their static SQL text) and take only $N parameters, sent
 *   as text.
 * - Rows are streamed (single-row mode): an export of a million cases holds
 *   one row at a time. One cursor at a time, as store.h says.
 */
#ifndef RETORNO_PG_IMPL_H
#define RETORNO_PG_IMPL_H

#include "store_impl.h"
#include <libpq-fe.h>

/* The key of the advisory lock held by the writing transaction. */
#define PG_WRITER_LOCK 0x7265746f726e6fLL   /* "retorno" */
/* Statements prepared on one connection, at most. */
#define PG_MAX_PREPARED 160
/* Parameters of one statement, at most. */
#define PG_MAX_PARAMS 64

struct pgx {
	PGconn *conn;
	/* the SQL texts prepared on this connection; statement i is "r<i>" */
	const char *prepared[PG_MAX_PREPARED];
	int nprepared;
	/* an import's cases written by COPY (pg_bulk.c): while `copying`,
	 * rows may not be in their tables yet, and any statement first ends
	 * the COPY (pg_bulk_flush()) */
	struct pg_bulk *bulk;
	bool copying;
};

/* The parameters of one statement: text values (NULL = SQL NULL), numbers
 * written into num[] first. */
struct pg_params {
	int n;
	const char *v[PG_MAX_PARAMS];
	int len[PG_MAX_PARAMS];
	char num[PG_MAX_PARAMS][72];   /* a number's text, or a hash's hex */
};
#define PG_PARAMS_INIT { 0 }
void pgp_str(struct pg_params *p, const char *s);          /* NULL binds NULL */
void pgp_text(struct pg_params *p, const char *s, size_t len);
void pgp_int(struct pg_params *p, int64_t v);
void pgp_double(struct pg_params *p, double v);
void pgp_null(struct pg_params *p);
/* A STORE_HASH_LEN-byte hash, as the hex text of a bytea ("\\x..."). */
void pgp_hash(struct pg_params *p, const uint8_t *hash);

/* True for an address this backend opens. */
bool pg_is_url(const char *path);
/* The address without its password (store_shown()). */
char *pg_shown_address(const char *url);
/* Opens the connection, checks (and applies) the schema; *out is a store
 * whose st->pg is set. */
int pg_open(const char *url, int flags, struct store **out, struct strbuf *err);
void pg_close(struct store *st);

/* Runs a statement (sql: a static string, prepared on first use) and
 * returns its whole result, or NULL with st->errbuf set and *rc the RT_*
 * code (pg_fail()). The caller PQclear()s the result. */
PGresult *pg_query(struct store *st, const char *sql, const struct pg_params *p, int *rc);
/* A statement that returns no rows (or whose rows are not read). */
int pg_exec(struct store *st, const char *sql, const struct pg_params *p);
/* A statement whose one row's first column is a number; RT_ENOTFOUND when
 * it returns no row. */
int pg_int(struct store *st, const char *sql, const struct pg_params *p, int64_t *out);
/* Streams the rows (single-row mode) to fn as text (NULL for SQL NULL). */
int pg_each(struct store *st, const char *sql, const struct pg_params *p, store_row_fn fn,
	    void *ctx);
/* Streams the rows as PGresults of one row each (for readers that want the
 * lengths or several columns at once). */
typedef int (*pg_result_fn)(void *ctx, const PGresult *row);
int pg_stream(struct store *st, const char *sql, const struct pg_params *p, pg_result_fn fn,
	      void *ctx);
/* Runs SQL text with no parameters (several statements allowed; DDL). */
int pg_script(struct store *st, const char *sql);
/* Records the server's error for the result (or the connection's) in
 * st->errbuf and maps its SQLSTATE to RT_*: 23505 RT_EEXISTS, 23xxx
 * RT_EINVAL, 40001/40P01/55P03/57014 RT_EBUSY, 25006 (read-only) RT_EIO,
 * else RT_EIO. */
int pg_fail(struct store *st, const PGresult *r);
/* Column i of row 0..: text copied into out (truncated; "" for NULL). */
void pg_copy_col(const PGresult *r, int row, int col, char *out, size_t size);
int64_t pg_col_int(const PGresult *r, int row, int col);

/* Adds n to the count of cases of a programme, office and status (an
 * upsert into case_count): store.c's store_count_flush() calls it at commit
 * with what store_count_case() gathered. */
int pg_count_write(struct store *st, const char *program, size_t pl, const char *office,
		   size_t ol, const char *status, size_t sl, int n);

/* Hands a PostgreSQL store to its backend: the first line of every
 * store_* function of store.h. */
#define PG_CALL(st, call) do { if ((st)->pg) return (call); } while (0)

/* ---- the backend's half of store.h (same names with pg_, same contracts) ---- */
#include "pg_store.h"

#endif
