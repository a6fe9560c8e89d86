/* store_migrate.c: copying a SQLite database into an empty PostgreSQL one
 * (store_migrate_to(), store.h). Only the store knows the tables: the copy is
 * driven by copied_tables[] below, which is checked against both schemas
 * before anything is written -- every table of the SQLite file must be in
 * it (or be one of its full-text indexes, which PostgreSQL keeps as indexes
 * of the columns), and every column of a copied table must exist in
 * PostgreSQL -- so that a table added later cannot be forgotten.
 *
 * The copy is one PostgreSQL transaction (pg_begin(): the writer's lock
 * too): COPY FROM STDIN per table, in the order of the foreign keys, ids
 * kept; each identity sequence then moved past its table's largest id; the
 * rows of each table counted on both sides before the commit. Any failure
 * rolls everything back. The SQLite side is read in one read transaction:
 * one snapshot. Only INSERTs are made, so the triggers that keep the audit
 * trail and the editions unchanged never fire; editions' cells are copied
 * before their renders, as they were written. */
#include "pg_impl.h"
#include <stdio.h>

/* In the order of the foreign keys. */
static const char *const copied_tables[] = {
	"vocab_list", "vocab", "office", "registration_point", "vocab_generation",
	"import_batch", "cases", "survey", "status_history", "referral", "audit_log",
	"case_seq", "case_count", "users", "sessions", "tokens", "login_failure",
	"publication", "publication_cell", "publication_render", "setting",
};

/* Tables of the SQLite file that are not copied: the full-text indexes of
 * cases (FTS5, with their own tables), which PostgreSQL keeps as GIN
 * indexes of the same columns (pg_schema.c). */
static const char *const derived_tables[] = { "case_similar", "case_names" };

/* vocab_generation holds one row that migration 1 writes: it is updated,
 * not copied. */
static bool updated_not_copied(const char *table)
{
	return !strcmp(table, "vocab_generation");
}

static bool in_list(const char *const *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], name))
			return true;
	return false;
}

static bool is_derived(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(derived_tables); i++) {
		size_t n = strlen(derived_tables[i]);
		if (!strncmp(name, derived_tables[i], n) && (name[n] == '\0' || name[n] == '_'))
			return true;
	}
	return false;
}

int store_migrate_check_tables(struct store *st, struct strbuf *err)
{
	if (st->pg) {
		strbuf_addf(err, "%s is a PostgreSQL database already; migrate-to copies a "
			    "SQLite file", st->path);
		return RT_EINVAL;
	}
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db, "SELECT name FROM sqlite_master WHERE type = 'table'"
			       " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name", -1, &q,
			       NULL) != SQLITE_OK) {
		strbuf_addf(err, "%s: %s", st->path, sqlite3_errmsg(st->db));
		return RT_EIO;
	}
	int rc, ret = RT_OK;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 0);
		if (!name || is_derived(name) ||
		    in_list(copied_tables, ARRAY_SIZE(copied_tables), name))
			continue;
		strbuf_addf(err, "%stable %s of %s is not copied by migrate-to (a table it does "
			    "not know: store_migrate.c's copied_tables[] must list it)",
			    ret ? "; " : "", name, st->path);
		ret = RT_EINVAL;
	}
	if (rc != SQLITE_DONE && !ret) {
		strbuf_addf(err, "%s: %s", st->path, sqlite3_errmsg(st->db));
		ret = RT_EIO;
	}
	sqlite3_finalize(q);
	return ret;
}

/* ---- the copy ---- */

struct column {
	char name[64];
	bool pg_bytea, pg_double;
	bool rowid;           /* SQLite's rowid (PostgreSQL has it as a column) */
};

struct copy {
	struct store *src, *dst;
	struct strbuf *err;
	store_migrate_progress_fn progress;
	void *ctx;
	struct strbuf line, sql;
};

/* A statement of SQL text made here from the names of copied_tables[] and
 * their columns (never from input): run without parameters. */
static PGresult *pg_run(struct copy *c, const char *sql, ExecStatusType want)
{
	PGresult *r = PQexec(c->dst->pg->conn, sql);
	if (PQresultStatus(r) != want) {
		pg_fail(c->dst, r);
		strbuf_addf(c->err, "%s: %s", c->dst->path, c->dst->errbuf);
		PQclear(r);
		return NULL;
	}
	return r;
}

/* SQL naming `table`: an identifier cannot be a bound parameter, so only a
 * name of copied_tables[] (this file's own constants, never the data's) is
 * written into a statement; anything else is refused. */
static int table_sql(struct copy *c, const char *prefix, const char *table)
{
	if (!in_list(copied_tables, ARRAY_SIZE(copied_tables), table)) {
		strbuf_addf(c->err, "'%s' is not a table migrate-to copies", table);
		return RT_EINVAL;
	}
	strbuf_reset(&c->sql);
	strbuf_addf(&c->sql, "%s\"%s\"", prefix, table);
	return RT_OK;
}

static int sqlite_count(struct copy *c, const char *table, int64_t *n)
{
	int rc = table_sql(c, "SELECT count(*) FROM ", table);
	if (rc)
		return rc;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(c->src->db, c->sql.buf, -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_step(q) != SQLITE_ROW) {
		strbuf_addf(c->err, "%s: %s", c->src->path, sqlite3_errmsg(c->src->db));
		sqlite3_finalize(q);
		return RT_EIO;
	}
	*n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return RT_OK;
}

static int pg_count(struct copy *c, const char *table, int64_t *n)
{
	int rc = table_sql(c, "SELECT count(*) FROM ", table);
	if (rc)
		return rc;
	PGresult *r = pg_run(c, c->sql.buf, PGRES_TUPLES_OK);
	if (!r)
		return RT_EIO;
	*n = pg_col_int(r, 0, 0);
	PQclear(r);
	return RT_OK;
}

/* The columns to copy: the SQLite table's, each of which PostgreSQL must
 * have; and PostgreSQL's id when SQLite has it only as the rowid. */
static int columns_of(struct copy *c, const char *table, struct column *col, int max, int *ncol)
{
	static const char pg_cols[] =
		"SELECT column_name, data_type FROM information_schema.columns"
		" WHERE table_schema = current_schema() AND table_name = $1";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, table);
	int rc;
	PGresult *r = pg_query(c->dst, pg_cols, &p, &rc);
	if (!r) {
		strbuf_addf(c->err, "%s: %s", c->dst->path, c->dst->errbuf);
		return rc;
	}
	if (PQntuples(r) == 0) {
		strbuf_addf(c->err, "%s has no table %s: its schema is not retorno's", c->dst->path,
			    table);
		PQclear(r);
		return RT_EINVAL;
	}
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(c->src->db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
			       -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_finalize(q);
		strbuf_addf(c->err, "%s: %s", c->src->path, sqlite3_errmsg(c->src->db));
		PQclear(r);
		return RT_EIO;
	}
	int n = 0, ret = RT_OK;
	bool has_id = false;
	while (ret == RT_OK && sqlite3_step(q) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 0);
		int k;
		for (k = 0; k < PQntuples(r); k++)
			if (!strcmp(PQgetvalue(r, k, 0), name))
				break;
		if (k == PQntuples(r)) {
			strbuf_addf(c->err, "column %s.%s of %s has no place in %s: the schemas "
				    "differ", table, name, c->src->path, c->dst->path);
			ret = RT_EINVAL;
			break;
		}
		if (n == max) {
			ret = RT_ELIMIT;
			break;
		}
		memset(&col[n], 0, sizeof(col[n]));
		snprintf(col[n].name, sizeof(col[n].name), "%s", name);
		col[n].pg_bytea = !strcmp(PQgetvalue(r, k, 1), "bytea");
		col[n].pg_double = !strcmp(PQgetvalue(r, k, 1), "double precision");
		has_id |= !strcmp(name, "id");
		n++;
	}
	sqlite3_finalize(q);
	if (ret == RT_OK && !has_id) {
		for (int k = 0; k < PQntuples(r); k++) {
			if (strcmp(PQgetvalue(r, k, 0), "id") || n == max)
				continue;
			memset(&col[n], 0, sizeof(col[n]));
			snprintf(col[n].name, sizeof(col[n].name), "id");
			col[n].rowid = true;
			n++;
		}
	}
	PQclear(r);
	*ncol = n;
	return ret;
}

/* One value in COPY's text format. */
static void copy_value(struct strbuf *out, sqlite3_stmt *q, int i, const struct column *col)
{
	static const char hex[] = "0123456789abcdef";
	int type = sqlite3_column_type(q, i);
	if (type == SQLITE_NULL) {
		strbuf_addf(out, "\\N");
		return;
	}
	if (col->pg_bytea) {
		const uint8_t *b = sqlite3_column_blob(q, i);
		int n = sqlite3_column_bytes(q, i);
		strbuf_addf(out, "\\\\x");
		for (int k = 0; k < n; k++) {
			char two[2] = { hex[b[k] >> 4], hex[b[k] & 15] };
			strbuf_add(out, two, 2);
		}
		return;
	}
	if (col->pg_double) {
		strbuf_addf(out, "%.17g", sqlite3_column_double(q, i));
		return;
	}
	const unsigned char *s = sqlite3_column_text(q, i);
	int n = sqlite3_column_bytes(q, i);
	for (int k = 0; k < n; k++) {
		switch (s[k]) {
		case '\\': strbuf_addf(out, "\\\\"); break;
		case '\n': strbuf_addf(out, "\\n"); break;
		case '\r': strbuf_addf(out, "\\r"); break;
		case '\t': strbuf_addf(out, "\\t"); break;
		default: strbuf_add(out, (const char *)s + k, 1);
		}
	}
}

static int put(struct copy *c)
{
	if (PQputCopyData(c->dst->pg->conn, c->line.buf, (int)c->line.len) != 1) {
		pg_fail(c->dst, NULL);
		strbuf_addf(c->err, "%s: %s", c->dst->path, c->dst->errbuf);
		return RT_EIO;
	}
	strbuf_reset(&c->line);
	return RT_OK;
}

static int copy_table(struct copy *c, const char *table, int64_t total)
{
	struct column col[64];
	int ncol = 0, rc;
	if ((rc = columns_of(c, table, col, (int)ARRAY_SIZE(col), &ncol)))
		return rc;
	if (ncol == 0)
		return RT_EINVAL;   /* a table has a column */
	/* identifiers written into the statements below: the table is one of
	 * copied_tables[] (table_sql() checks), each column one that both the
	 * file and retorno's PostgreSQL schema have (columns_of()) */
	if ((rc = table_sql(c, "", table)))
		return rc;
	/* the rows, in the order of their key */
	strbuf_reset(&c->sql);
	strbuf_addf(&c->sql, "SELECT ");
	for (int i = 0; i < ncol; i++)
		strbuf_addf(&c->sql, "%s%s", i ? ", " : "", col[i].rowid ? "rowid" : col[i].name);
	strbuf_addf(&c->sql, " FROM \"%s\" ORDER BY %s", table,
		    col[ncol - 1].rowid || !strcmp(col[0].name, "id") ? "rowid" : "1");
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(c->src->db, c->sql.buf, -1, &q, NULL) != SQLITE_OK) {
		strbuf_addf(c->err, "%s: %s", c->src->path, sqlite3_errmsg(c->src->db));
		return RT_EIO;
	}
	strbuf_reset(&c->sql);
	strbuf_addf(&c->sql, "COPY \"%s\" (", table);
	for (int i = 0; i < ncol; i++)
		strbuf_addf(&c->sql, "%s\"%s\"", i ? ", " : "", col[i].name);
	strbuf_addf(&c->sql, ") FROM STDIN");
	PGresult *r = pg_run(c, c->sql.buf, PGRES_COPY_IN);
	if (!r) {
		sqlite3_finalize(q);
		return RT_EIO;
	}
	PQclear(r);
	int64_t done = 0;
	int step;
	rc = RT_OK;
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		for (int i = 0; i < ncol; i++) {
			if (i)
				strbuf_add(&c->line, "\t", 1);
			copy_value(&c->line, q, i, &col[i]);
		}
		strbuf_add(&c->line, "\n", 1);
		if (c->line.len >= 256 * 1024 && (rc = put(c)))
			break;
		if (++done % 50000 == 0 && c->progress)
			c->progress(c->ctx, table, done, total);
	}
	if (!rc && step != SQLITE_DONE) {
		strbuf_addf(c->err, "%s: %s", c->src->path, sqlite3_errmsg(c->src->db));
		rc = RT_EIO;
	}
	sqlite3_finalize(q);
	if (!rc && c->line.len)
		rc = put(c);
	strbuf_reset(&c->line);
	/* end the COPY: with an error message when the copy failed, so that the
	 * server drops what it received */
	if (PQputCopyEnd(c->dst->pg->conn, rc ? "the copy stopped" : NULL) != 1 && !rc) {
		pg_fail(c->dst, NULL);
		strbuf_addf(c->err, "%s: %s", c->dst->path, c->dst->errbuf);
		rc = RT_EIO;
	}
	while ((r = PQgetResult(c->dst->pg->conn))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && !rc) {
			pg_fail(c->dst, r);
			strbuf_addf(c->err, "%s: table %s: %s", c->dst->path, table, c->dst->errbuf);
			rc = RT_EIO;
		}
		PQclear(r);
	}
	if (!rc && c->progress && done % 50000 != 0)
		c->progress(c->ctx, table, done, total);
	return rc;
}

/* Moves the identity sequence of table (if it has one) past its largest id. */
static int reset_sequence(struct copy *c, const char *table)
{
	static const char seq[] =
		"SELECT pg_get_serial_sequence(quote_ident(table_name), column_name)"
		" FROM information_schema.columns WHERE table_schema = current_schema()"
		" AND table_name = $1 AND column_name = 'id'";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, table);
	int rc;
	PGresult *r = pg_query(c->dst, seq, &p, &rc);
	if (!r) {
		strbuf_addf(c->err, "%s: %s", c->dst->path, c->dst->errbuf);
		return rc;
	}
	if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0)) {
		PQclear(r);
		return RT_OK;    /* no id column, or not an identity */
	}
	char sequence[256];
	pg_copy_col(r, 0, 0, sequence, sizeof(sequence));
	PQclear(r);
	/* the next id: the table's name only from copied_tables[] (table_sql),
	 * the sequence's and the number as bound parameters */
	if ((rc = table_sql(c, "SELECT coalesce(max(id), 0) + 1 FROM ", table)))
		return rc;
	if (!(r = pg_run(c, c->sql.buf, PGRES_TUPLES_OK)))
		return RT_EIO;
	int64_t next = pg_col_int(r, 0, 0);
	PQclear(r);
	static const char set[] = "SELECT setval($1::regclass, $2::bigint, false)";
	p = (struct pg_params)PG_PARAMS_INIT;
	pgp_str(&p, sequence);
	pgp_int(&p, next);
	if (!(r = pg_query(c->dst, set, &p, &rc))) {
		strbuf_addf(c->err, "%s: %s", c->dst->path, c->dst->errbuf);
		return rc;
	}
	PQclear(r);
	return RT_OK;
}

static int update_generation(struct copy *c)
{
	static const char set[] = "UPDATE vocab_generation SET n = $1 WHERE id = 1";
	int64_t n = 0;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(c->src->db, "SELECT n FROM vocab_generation WHERE id = 1", -1,
			       &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, n);
	if (pg_exec(c->dst, set, &p)) {
		strbuf_addf(c->err, "%s: %s", c->dst->path, c->dst->errbuf);
		return RT_EIO;
	}
	return RT_OK;
}

/* The target's tables are those the copy fills (or its schema's version),
 * and they are empty (but the one row of vocab_generation that its schema
 * writes): RT_EEXISTS if not. In the target's transaction. */
static int check_target(struct copy *c)
{
	struct store *dst = c->dst;
	struct strbuf *err = c->err;
	int rc = RT_OK;
	{
		static const char tables[] =
			"SELECT table_name FROM information_schema.tables"
			" WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
			" ORDER BY 1";
		PGresult *r = pg_query(dst, tables, NULL, &rc);
		if (!r) {
			strbuf_addf(err, "%s: %s", dst->path, dst->errbuf);
			return rc;
		}
		for (int i = 0; i < PQntuples(r); i++) {
			const char *t = PQgetvalue(r, i, 0);
			if (!strcmp(t, "retorno_schema") ||
			    in_list(copied_tables, ARRAY_SIZE(copied_tables), t))
				continue;
			strbuf_addf(err, "%stable %s of %s is not filled by migrate-to "
				    "(store_migrate.c's copied_tables[] must list it)",
				    rc ? "; " : "", t, dst->path);
			rc = RT_EINVAL;
		}
		PQclear(r);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < ARRAY_SIZE(copied_tables); i++) {
		int64_t n;
		if ((rc = pg_count(c, copied_tables[i], &n)))
			return rc;
		if (n && !updated_not_copied(copied_tables[i])) {
			strbuf_addf(err, "%s is not empty (table %s has %lld rows): migrate-to "
				    "copies into an empty database only; nothing was written",
				    dst->path, copied_tables[i], (long long)n);
			return RT_EEXISTS;
		}
	}
	return RT_OK;
}

int store_migrate_check_target(struct store *dst, struct strbuf *err)
{
	if (!dst->pg) {
		strbuf_addf(err, "migrate-to copies a SQLite database into a PostgreSQL one");
		return RT_EINVAL;
	}
	struct copy c = { NULL, dst, err, NULL, NULL, STRBUF_INIT, STRBUF_INIT };
	int rc = pg_script(dst, "BEGIN READ ONLY");
	if (rc) {
		strbuf_addf(err, "%s: %s", dst->path, dst->errbuf);
		return rc;
	}
	rc = check_target(&c);
	pg_script(dst, "ROLLBACK");
	strbuf_release(&c.line);
	strbuf_release(&c.sql);
	return rc;
}

int store_migrate_to(struct store *src, struct store *dst, store_migrate_progress_fn progress,
		     void *ctx, struct strbuf *counts, struct strbuf *err)
{
	if (!dst->pg || src->pg) {
		strbuf_addf(err, "migrate-to copies a SQLite database into a PostgreSQL one");
		return RT_EINVAL;
	}
	int rc = store_migrate_check_tables(src, err);
	if (rc)
		return rc;
	struct copy c = { src, dst, err, progress, ctx, STRBUF_INIT, STRBUF_INIT };
	int64_t n_src[ARRAY_SIZE(copied_tables)];
	bool src_open = false;
	if ((rc = pg_begin(dst))) {
		strbuf_addf(err, "%s: %s", dst->path, dst->errbuf);
		goto out;
	}
	if ((rc = check_target(&c)))
		goto rollback;
	/* one snapshot of the file */
	if (sqlite3_exec(src->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		strbuf_addf(err, "%s: %s", src->path, sqlite3_errmsg(src->db));
		rc = RT_EIO;
		goto rollback;
	}
	src_open = true;
	for (size_t i = 0; i < ARRAY_SIZE(copied_tables); i++)
		if ((rc = sqlite_count(&c, copied_tables[i], &n_src[i])))
			goto rollback;
	for (size_t i = 0; i < ARRAY_SIZE(copied_tables); i++) {
		const char *t = copied_tables[i];
		rc = updated_not_copied(t) ? update_generation(&c) : copy_table(&c, t, n_src[i]);
		if (rc || (rc = reset_sequence(&c, t)))
			goto rollback;
	}
	/* every table has as many rows on both sides */
	strbuf_addf(counts, "%-20s %12s %12s\n", "table", "sqlite", "postgresql");
	for (size_t i = 0; i < ARRAY_SIZE(copied_tables); i++) {
		int64_t n;
		if ((rc = pg_count(&c, copied_tables[i], &n)))
			goto rollback;
		strbuf_addf(counts, "%-20s %12lld %12lld\n", copied_tables[i],
			    (long long)n_src[i], (long long)n);
		if (n != n_src[i]) {
			strbuf_addf(err, "table %s: %lld rows in %s but %lld copied; nothing was "
				    "written", copied_tables[i], (long long)n_src[i], src->path,
				    (long long)n);
			rc = RT_EIO;
		}
	}
	if (rc)
		goto rollback;
	/* PostgreSQL has no FOREIGN KEY from a case to its import batch
	 * (pg_schema.c's migration 4); SQLite's kept it true in the file, and
	 * this says so of the copy */
	{
		static const char orphans[] =
			"SELECT count(*) FROM cases c WHERE c.import_id IS NOT NULL AND NOT EXISTS"
			" (SELECT 1 FROM import_batch b WHERE b.id = c.import_id)";
		PGresult *r = pg_run(&c, orphans, PGRES_TUPLES_OK);
		if (!r) {
			rc = RT_EIO;
			goto rollback;
		}
		int64_t n = pg_col_int(r, 0, 0);
		PQclear(r);
		if (n) {
			strbuf_addf(err, "%lld cases name an import batch that %s does not hold; "
				    "nothing was written", (long long)n, src->path);
			rc = RT_EIO;
			goto rollback;
		}
	}
	if ((rc = pg_commit(dst))) {
		strbuf_addf(err, "%s: %s", dst->path, dst->errbuf);
		goto rollback;
	}
	goto out;
rollback:
	pg_rollback(dst);
out:
	if (src_open)
		sqlite3_exec(src->db, "ROLLBACK", NULL, NULL, NULL);
	strbuf_release(&c.line);
	strbuf_release(&c.sql);
	return rc;
}
