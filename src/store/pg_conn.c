/* pg_conn.c: the PostgreSQL backend's connection, statements, transactions
 * and schema; see pg_impl.h. */
#include "pg_impl.h"
#include "pg_schema.h"
#include "pg_bulk.h"
#include <stdio.h>
#include <stdlib.h>

/* ---- parameters ---- */

static int slot(struct pg_params *p)
{
	assert(p->n < PG_MAX_PARAMS);
	return p->n++;
}

void pgp_text(struct pg_params *p, const char *s, size_t len)
{
	int i = slot(p);
	p->v[i] = s;
	p->len[i] = s ? (int)len : 0;
}

void pgp_str(struct pg_params *p, const char *s)
{
	pgp_text(p, s, s ? strlen(s) : 0);
}

void pgp_null(struct pg_params *p)
{
	pgp_text(p, NULL, 0);
}

void pgp_int(struct pg_params *p, int64_t v)
{
	int i = slot(p);
	p->len[i] = snprintf(p->num[i], sizeof(p->num[i]), "%lld", (long long)v);
	p->v[i] = p->num[i];
}

void pgp_double(struct pg_params *p, double v)
{
	int i = slot(p);
	p->len[i] = snprintf(p->num[i], sizeof(p->num[i]), "%.17g", v);
	p->v[i] = p->num[i];
}

void pgp_hash(struct pg_params *p, const uint8_t *hash)
{
	static const char hex[] = "0123456789abcdef";
	if (!hash) {
		pgp_null(p);
		return;
	}
	int i = slot(p);
	char *o = p->num[i];
	static_assert(sizeof(p->num[0]) > 2 + 2 * STORE_HASH_LEN, "room for a hash");
	o[0] = '\\';
	o[1] = 'x';
	for (int k = 0; k < STORE_HASH_LEN; k++) {
		o[2 + 2 * k] = hex[hash[k] >> 4];
		o[3 + 2 * k] = hex[hash[k] & 15];
	}
	o[2 + 2 * STORE_HASH_LEN] = '\0';
	p->v[i] = o;
	p->len[i] = 2 + 2 * STORE_HASH_LEN;
}

/* ---- errors ---- */

int pg_fail(struct store *st, const PGresult *r)
{
	const char *msg = r ? PQresultErrorMessage(r) : NULL;
	if (!msg || !*msg)
		msg = PQerrorMessage(st->pg->conn);
	snprintf(st->errbuf, sizeof(st->errbuf), "%s", msg && *msg ? msg : "unknown error");
	size_t n = strlen(st->errbuf);
	while (n && (st->errbuf[n - 1] == '\n' || st->errbuf[n - 1] == ' '))
		st->errbuf[--n] = '\0';
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (!state)
		return RT_EIO;
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03")
	    || !strcmp(state, "57014")) {
		snprintf(st->errbuf, sizeof(st->errbuf), "the database is busy with another "
			 "writer; nothing was written, and it is safe to try again");
		return RT_EBUSY;
	}
	if (!strcmp(state, "23505"))
		return RT_EEXISTS;
	if (!strncmp(state, "23", 2))
		return RT_EINVAL;
	if (!strcmp(state, "53200"))
		return RT_ENOMEM;
	return RT_EIO;
}

/* ---- statements ---- */

/* The name of the prepared statement of sql, preparing it on first use. */
static int prepared(struct store *st, const char *sql, int nparams, char name[16], int *rc)
{
	struct pgx *x = st->pg;
	int i;
	for (i = 0; i < x->nprepared; i++)
		if (x->prepared[i] == sql)
			break;
	snprintf(name, 16, "r%d", i);
	if (i < x->nprepared)
		return 0;
	if (i == PG_MAX_PREPARED) {
		snprintf(st->errbuf, sizeof(st->errbuf), "too many statements (%d)", i);
		*rc = RT_EIO;
		return -1;
	}
	PGresult *r = PQprepare(x->conn, name, sql, nparams, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		*rc = pg_fail(st, r);
		PQclear(r);
		return -1;
	}
	PQclear(r);
	x->prepared[x->nprepared++] = sql;
	return 0;
}

PGresult *pg_query(struct store *st, const char *sql, const struct pg_params *p, int *rc)
{
	int n = p ? p->n : 0;
	const char *const *v = p ? p->v : NULL;
	const int *len = p ? p->len : NULL;
	char name[16];
	int dummy;
	if (!rc)
		rc = &dummy;
	*rc = RT_OK;
	if (st->pg->copying && (*rc = pg_bulk_flush(st)))
		return NULL;
	if (prepared(st, sql, n, name, rc))
		return NULL;
	PGresult *r = PQexecPrepared(st->pg->conn, name, n, v, len, NULL, 0);
	ExecStatusType s = PQresultStatus(r);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		*rc = pg_fail(st, r);
		PQclear(r);
		return NULL;
	}
	return r;
}

int pg_exec(struct store *st, const char *sql, const struct pg_params *p)
{
	int rc;
	PGresult *r = pg_query(st, sql, p, &rc);
	PQclear(r);
	return rc;
}

int pg_int(struct store *st, const char *sql, const struct pg_params *p, int64_t *out)
{
	int rc;
	PGresult *r = pg_query(st, sql, p, &rc);
	if (!r)
		return rc;
	if (PQntuples(r) < 1) {
		PQclear(r);
		return RT_ENOTFOUND;
	}
	*out = pg_col_int(r, 0, 0);
	PQclear(r);
	return RT_OK;
}

int pg_stream(struct store *st, const char *sql, const struct pg_params *p, pg_result_fn fn,
	      void *ctx)
{
	int n = p ? p->n : 0;
	const char *const *v = p ? p->v : NULL;
	const int *len = p ? p->len : NULL;
	char name[16];
	int rc = RT_OK;
	PGconn *c = st->pg->conn;
	if (st->pg->copying && (rc = pg_bulk_flush(st)))
		return rc;
	if (prepared(st, sql, n, name, &rc))
		return rc;
	if (!PQsendQueryPrepared(c, name, n, v, len, NULL, 0) || !PQsetSingleRowMode(c))
		return pg_fail(st, NULL);
	int ret = RT_OK;
	PGresult *r;
	while ((r = PQgetResult(c))) {
		ExecStatusType s = PQresultStatus(r);
		if (s == PGRES_SINGLE_TUPLE) {
			if (ret == RT_OK && (ret = fn(ctx, r)) != 0) {
				/* the caller stopped: the rest is read and dropped, so the
				 * connection is ready for the next statement. Outside a
				 * transaction the server is asked to stop sending it; inside
				 * one, a cancelled statement would abort the transaction
				 * (the caller's audit row would then fail), so it is read */
				if (!st->writing)
					PQrequestCancel(c);
			}
		} else if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
			/* a cancel the caller asked for is not an error */
			int f = pg_fail(st, r);
			if (ret == RT_OK)
				ret = f;
		}
		PQclear(r);
	}
	return ret;
}

struct each_ctx {
	store_row_fn fn;
	void *ctx;
};

static int each_row(void *ctx, const PGresult *r)
{
	struct each_ctx *e = ctx;
	const char *val[48];
	int ncol = PQnfields(r);
	assert(ncol <= (int)ARRAY_SIZE(val));
	for (int i = 0; i < ncol; i++)
		val[i] = PQgetisnull(r, 0, i) ? NULL : PQgetvalue(r, 0, i);
	return e->fn(e->ctx, ncol, val);
}

int pg_each(struct store *st, const char *sql, const struct pg_params *p, store_row_fn fn,
	    void *ctx)
{
	struct each_ctx e = { fn, ctx };
	return pg_stream(st, sql, p, each_row, &e);
}

int pg_script(struct store *st, const char *sql)
{
	if (st->pg->copying) {
		int rc = pg_bulk_flush(st);
		if (rc)
			return rc;
	}
	PGresult *r = PQexec(st->pg->conn, sql);
	ExecStatusType s = PQresultStatus(r);
	int rc = (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) ? RT_OK : pg_fail(st, r);
	PQclear(r);
	return rc;
}

void pg_copy_col(const PGresult *r, int row, int col, char *out, size_t size)
{
	const char *v = PQgetisnull(r, row, col) ? "" : PQgetvalue(r, row, col);
	snprintf(out, size, "%s", v);
}

int64_t pg_col_int(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

/* ---- transactions ---- */

int pg_begin(struct store *st)
{
	assert(!st->writing);
	static const char lock[] = "SELECT pg_advisory_xact_lock($1)";
	int rc = pg_script(st, "BEGIN");
	if (rc)
		return rc;
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, PG_WRITER_LOCK);
	if ((rc = pg_exec(st, lock, &p))) {
		pg_script(st, "ROLLBACK");
		return rc;
	}
	st->writing = true;
	return RT_OK;
}

int pg_commit(struct store *st)
{
	int rc = store_count_flush(st);
	if (rc)
		return rc;    /* the caller rolls back */
	rc = pg_script(st, "COMMIT");   /* ends an import's COPY first */
	if (!rc) {
		st->writing = false;
		pg_bulk_discard(st);
	}
	return rc;
}

int pg_rollback(struct store *st)
{
	st->npending = 0;
	pg_bulk_discard(st);   /* cancels an import's COPY: nothing of it is kept */
	int rc = pg_script(st, "ROLLBACK");
	st->writing = false;
	return rc;
}

/* PostgreSQL has its own cache and its own log: nothing to set here. */
void pg_set_cache(struct store *st, int kib)
{
	(void)st;
	(void)kib;
}

void pg_set_autocheckpoint(struct store *st, bool on)
{
	(void)st;
	(void)on;
}

int pg_checkpoint(struct store *st)
{
	(void)st;
	return RT_OK;
}

/* ---- opening ---- */

bool pg_is_url(const char *path)
{
	return path && (!strncmp(path, "postgresql://", 13) || !strncmp(path, "postgres://", 11));
}

/* The address as it may be shown: without its password (nor any other
 * option but the host, port and database). */
char *pg_shown_address(const char *url)
{
	char *errmsg = NULL;
	PQconninfoOption *opt = PQconninfoParse(url, &errmsg);
	PQfreemem(errmsg);
	const char *user = "", *host = "", *port = "", *db = "";
	for (PQconninfoOption *o = opt; o && o->keyword; o++) {
		if (!o->val)
			continue;
		if (!strcmp(o->keyword, "user"))
			user = o->val;
		else if (!strcmp(o->keyword, "host"))
			host = o->val;
		else if (!strcmp(o->keyword, "port"))
			port = o->val;
		else if (!strcmp(o->keyword, "dbname"))
			db = o->val;
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "postgresql://%s%s", user, *user ? "@" : "");
	if (*host && *host != '/')
		strbuf_addf(&sb, "%s", host);
	if (*port)
		strbuf_addf(&sb, ":%s", port);
	strbuf_addf(&sb, "/%s", db);
	if (*host == '/')
		strbuf_addf(&sb, "?host=%s", host);
	PQconninfoFree(opt);
	return strbuf_detach(&sb, NULL);
}

static int schema_version_of(struct store *st, int64_t *v)
{
	static const char q[] = "SELECT version FROM retorno_schema";
	static const char exists[] = "SELECT (to_regclass('retorno_schema') IS NOT NULL)::int";
	int64_t there = 0;
	int rc = pg_int(st, exists, NULL, &there);
	if (rc)
		return rc;
	if (!there) {
		*v = 0;
		return RT_OK;
	}
	rc = pg_int(st, q, NULL, v);
	if (rc == RT_ENOTFOUND) {
		*v = 0;
		rc = RT_OK;
	}
	return rc;
}

static int migrate(struct store *st, struct strbuf *err)
{
	int64_t version;
	if (schema_version_of(st, &version))
		goto fail;
	if (version > pg_schema_version) {
		strbuf_addf(err, "%s: database schema version %lld is newer than this retorno "
			    "understands (%d); upgrade retorno", st->path, (long long)version,
			    pg_schema_version);
		return RT_EINVAL;
	}
	if (version == pg_schema_version)
		return RT_OK;
	if (st->read_only) {
		strbuf_addf(err, "%s: the database is read-only and its schema (version %lld) "
			    "must be upgraded to version %d first", st->path, (long long)version,
			    pg_schema_version);
		return RT_EINVAL;
	}
	/* one process upgrades; the others wait for it, then find it done */
	if (pg_begin(st))
		goto fail;
	if (schema_version_of(st, &version))
		goto rollback;
	if (version < pg_schema_version) {
		if (pg_script(st, "CREATE TABLE IF NOT EXISTS retorno_schema(version integer NOT NULL)"))
			goto rollback;
		for (int64_t v = version; v < pg_schema_version; v++)
			if (pg_script(st, pg_migrations[v]))
				goto rollback;
		char set[96];
		snprintf(set, sizeof(set), "DELETE FROM retorno_schema;"
			 " INSERT INTO retorno_schema VALUES (%d)", pg_schema_version);
		if (pg_script(st, set))
			goto rollback;
	}
	if (pg_commit(st))
		goto rollback;
	return RT_OK;
rollback:
	pg_rollback(st);
fail:
	strbuf_addf(err, "%s: cannot upgrade the database schema: %s (the database's owner "
		    "must run retorno on it once; docs/operations.md)", st->path, st->errbuf);
	return RT_EIO;
}

int pg_open(const char *url, int flags, struct store **out, struct strbuf *err)
{
	struct store *st = xcalloc(1, sizeof(*st));
	st->pg = xcalloc(1, sizeof(*st->pg));
	st->path = pg_shown_address(url);
	st->pg->conn = PQconnectdb(url);
	if (PQstatus(st->pg->conn) != CONNECTION_OK) {
		const char *m = PQerrorMessage(st->pg->conn);
		size_t n = strlen(m);
		while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
			n--;
		strbuf_addf(err, "%s: cannot connect to the database: %.*s", st->path, (int)n, m);
		goto fail;
	}
	/* text in UTF-8; a writer that waits longer than this for another gets
	 * RT_EBUSY ("try again"), as under SQLite's busy timeout */
	/* jit off: retorno's statements are short, or one scan whose plan JIT
	 * compiles for longer than it saves (13 s of a 50 s factsheet at 1M) */
	if (pg_script(st, "SET client_encoding = 'UTF8'; SET lock_timeout = '15s';"
		      " SET client_min_messages = warning; SET standard_conforming_strings = on;"
		      " SET jit = off")) {
		strbuf_addf(err, "%s: %s", st->path, st->errbuf);
		goto fail;
	}
	int64_t ro = 0;
	if (pg_int(st, "SELECT (pg_is_in_recovery() OR current_setting("
		       "'default_transaction_read_only') = 'on')::int", NULL, &ro)) {
		strbuf_addf(err, "%s: %s", st->path, st->errbuf);
		goto fail;
	}
	if (ro) {
		if (!(flags & STORE_READ_ONLY_OK)) {
			strbuf_addf(err, "%s: the database is read-only (a standby, or"
				    " default_transaction_read_only); this command writes", st->path);
			goto fail;
		}
		st->read_only = true;
		snprintf(st->notice, sizeof(st->notice), "%s: the database is read-only: "
			 "nothing will be written", st->path);
	}
	if (migrate(st, err))
		goto fail;
	*out = st;
	return RT_OK;
fail:
	pg_close(st);
	return RT_EIO;
}

void pg_close(struct store *st)
{
	if (!st)
		return;
	if (st->writing)
		pg_rollback(st);
	if (st->pg) {
		pg_bulk_discard(st);
		PQfinish(st->pg->conn);
	}
	free(st->pg);
	free(st->path);
	free(st);
}
