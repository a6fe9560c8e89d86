/* pg_bulk.c: the new cases of a large import, written to PostgreSQL by COPY;
 * see pg_bulk.h. */
#include "pg_bulk.h"
#include <stdio.h>
#include <stdlib.h>

/* Rows of an import inserted one by one before COPY takes over: a small
 * import needs neither the set of case ids nor a COPY. */
#define BULK_AFTER 500
/* Ids taken from the sequence at a time, at most (the first block is
 * smaller: it doubles as the import goes on). Each block ends the COPY under
 * way, a pause for both sides; ids left over are a gap in the sequence. */
#define BULK_IDS_MAX (1 << 20)
/* Bytes of COPY data handed to libpq at a time: small, so that the server
 * always has rows waiting in the socket while retorno checks the next ones.
 * A socket holds about 100 KB (Linux's default buffer of 208 KB, counted
 * with its overhead): with chunks of 256 KB each side waited for the other
 * in turn, and a million rows took the sum of the two sides' time rather
 * than the larger (22 s against 16 s with 32 KB, bench/README.md). */
#define BULK_CHUNK (32 * 1024)

/* A set of case ids (strings), open addressing over offsets into an arena. */
struct idset {
	struct strbuf arena;   /* the ids, each ending with '\0' */
	uint32_t *slot;        /* offset + 1; 0 = empty */
	size_t cap, n;
};

struct pg_bulk {
	int64_t import_id;
	int64_t rows;          /* rows of this import seen by pg_bulk_take() */
	bool loaded;           /* ids holds every case id of the database */
	struct idset ids;
	int64_t next_id;       /* the next of the ids taken from the sequence */
	size_t nfree, ids_block;   /* how many of them are left; the last block */
	struct strbuf cases;   /* COPY text of cases not yet sent */
	struct strbuf survey;  /* COPY text of their surveys */
	bool copying;          /* COPY cases ... FROM STDIN is under way */
	int64_t pending;       /* rows written to COPY and not yet ended */
	int64_t last_id;       /* the case last taken, whose survey may follow */
};

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static bool idset_has(const struct idset *set, const char *s, size_t n)
{
	if (!set->cap)
		return false;
	for (size_t i = hash(s, n) & (set->cap - 1);; i = (i + 1) & (set->cap - 1)) {
		uint32_t o = set->slot[i];
		if (!o)
			return false;
		const char *t = set->arena.buf + o - 1;
		if (!strncmp(t, s, n) && t[n] == '\0')
			return true;
	}
}

static void idset_put_at(struct idset *set, uint32_t off)
{
	const char *s = set->arena.buf + off - 1;
	for (size_t i = hash(s, strlen(s)) & (set->cap - 1);; i = (i + 1) & (set->cap - 1)) {
		if (!set->slot[i]) {
			set->slot[i] = off;
			return;
		}
	}
}

static int idset_add(struct idset *set, const char *s, size_t n)
{
	if (idset_has(set, s, n))
		return RT_OK;
	if (set->arena.len + n + 2 > UINT32_MAX)
		return RT_ELIMIT;
	if ((set->n + 1) * 2 > set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 1024;
		uint32_t *old = set->slot;
		size_t oldcap = set->cap;
		set->slot = xcalloc(cap, sizeof(*set->slot));
		set->cap = cap;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i])
				idset_put_at(set, old[i]);
		free(old);
	}
	uint32_t off = (uint32_t)set->arena.len + 1;
	strbuf_add(&set->arena, s, n);
	strbuf_addch(&set->arena, '\0');
	idset_put_at(set, off);
	set->n++;
	return RT_OK;
}

static void idset_release(struct idset *set)
{
	strbuf_release(&set->arena);
	free(set->slot);
	memset(set, 0, sizeof(*set));
}

/* ---- COPY text ---- */

/* One value in COPY's text format: \N for NULL, the rest escaped. */
static void copy_value(struct strbuf *sb, const char *s, size_t n)
{
	if (!s) {
		strbuf_add(sb, "\\N", 2);
		return;
	}
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		char esc = 0;
		switch (s[i]) {
		case '\\': esc = '\\'; break;
		case '\n': esc = 'n'; break;
		case '\r': esc = 'r'; break;
		case '\t': esc = 't'; break;
		default: continue;
		}
		strbuf_add(sb, s + start, i - start);
		strbuf_addch(sb, '\\');
		strbuf_addch(sb, esc);
		start = i + 1;
	}
	strbuf_add(sb, s + start, n - start);
}

static void copy_sep(struct strbuf *sb)
{
	strbuf_addch(sb, '\t');
}

/* The column list of the COPY of cases (its order is copy_case()'s). */
static void cases_columns(struct strbuf *sb)
{
	strbuf_adds(sb, "COPY cases(id");
	for (int f = 0; f < F_FIRST_SURVEY; f++)
		strbuf_addf(sb, ", %s", case_column_name[f]);
	strbuf_adds(sb, ", import_id, updated_at, version, name_key, similar_keys) FROM STDIN");
}

static void survey_columns(struct strbuf *sb)
{
	strbuf_adds(sb, "COPY survey(case_ref");
	for (int f = F_FIRST_SURVEY; f < F_COUNT; f++)
		strbuf_addf(sb, ", %s", case_column_name[f]);
	strbuf_adds(sb, ") FROM STDIN");
}

/* ---- the writer ---- */

static struct pg_bulk *bulk_of(struct store *st)
{
	if (!st->pg->bulk)
		st->pg->bulk = xcalloc(1, sizeof(struct pg_bulk));
	return st->pg->bulk;
}

void pg_bulk_discard(struct store *st)
{
	struct pg_bulk *b = st->pg->bulk;
	if (!b)
		return;
	if (b->copying) {
		/* the COPY fails, and with it the transaction being rolled back */
		PQputCopyEnd(st->pg->conn, "import rolled back");
		PGresult *r;
		while ((r = PQgetResult(st->pg->conn)))
			PQclear(r);
	}
	idset_release(&b->ids);
	strbuf_release(&b->cases);
	strbuf_release(&b->survey);
	free(b);
	st->pg->bulk = NULL;
	st->pg->copying = false;
}

static int copy_fail(struct store *st, PGresult *r)
{
	int rc = pg_fail(st, r);
	PQclear(r);
	return rc;
}

/* Starts `COPY ... FROM STDIN` (sql) on the connection. */
static int copy_start(struct store *st, const char *sql)
{
	PGresult *r = PQexec(st->pg->conn, sql);
	if (PQresultStatus(r) != PGRES_COPY_IN)
		return copy_fail(st, r);
	PQclear(r);
	return RT_OK;
}

static int copy_send(struct store *st, struct strbuf *sb)
{
	if (sb->len && PQputCopyData(st->pg->conn, sb->buf, (int)sb->len) != 1)
		return pg_fail(st, NULL);
	strbuf_reset(sb);
	return RT_OK;
}

/* Ends a COPY: what the server says of its rows. */
static int copy_end(struct store *st)
{
	if (PQputCopyEnd(st->pg->conn, NULL) != 1)
		return pg_fail(st, NULL);
	int rc = RT_OK;
	PGresult *r;
	while ((r = PQgetResult(st->pg->conn))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == RT_OK)
			rc = pg_fail(st, r);
		PQclear(r);
	}
	return rc;
}

int pg_bulk_flush(struct store *st)
{
	struct pg_bulk *b = st->pg->bulk;
	if (!b || (!b->copying && !b->cases.len && !b->survey.len))
		return RT_OK;
	st->pg->copying = false;   /* the statements below run as any other */
	int rc = RT_OK;
	if (!b->copying && b->cases.len) {
		struct strbuf sql = STRBUF_INIT;
		cases_columns(&sql);
		rc = copy_start(st, sql.buf);
		strbuf_release(&sql);
		b->copying = rc == RT_OK;
	}
	if (!rc)
		rc = copy_send(st, &b->cases);
	if (b->copying) {
		b->copying = false;
		int erc = copy_end(st);
		if (!rc)
			rc = erc;
	}
	if (!rc && b->survey.len) {
		struct strbuf sql = STRBUF_INIT;
		survey_columns(&sql);
		rc = copy_start(st, sql.buf);
		strbuf_release(&sql);
		if (!rc) {
			rc = copy_send(st, &b->survey);
			int erc = copy_end(st);
			if (!rc)
				rc = erc;
		}
	}
	strbuf_reset(&b->cases);
	strbuf_reset(&b->survey);
	b->pending = 0;
	return rc;
}

/* Every case id of the database, into the set (COPY TO: one stream). */
static int load_ids(struct store *st, struct pg_bulk *b)
{
	PGresult *r = PQexec(st->pg->conn, "COPY (SELECT case_id FROM cases) TO STDOUT");
	if (PQresultStatus(r) != PGRES_COPY_OUT)
		return copy_fail(st, r);
	PQclear(r);
	int rc = RT_OK, n;
	char *line;
	while ((n = PQgetCopyData(st->pg->conn, &line, 0)) > 0) {
		/* one id a line; case ids hold no tab, newline or backslash (the
		 * rules refuse them), so the line is the id */
		size_t len = (size_t)n;
		if (len && line[len - 1] == '\n')
			len--;
		if (!rc)
			rc = idset_add(&b->ids, line, len);
		PQfreemem(line);
	}
	while ((r = PQgetResult(st->pg->conn))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && !rc)
			rc = pg_fail(st, r);
		PQclear(r);
	}
	if (n == -2 && !rc)
		rc = pg_fail(st, NULL);
	b->loaded = rc == RT_OK;
	return rc;
}

/* More ids from the cases' sequence (before a COPY starts: a statement).
 * A block of ids is one statement, whatever its size: the sequence moves on
 * by the block at once (nextval, then setval to its last id). That is safe
 * because every writer holds the writer lock (pg_begin()), and pg_bulk_take()
 * runs only in a writer's transaction: no one else takes an id in between.
 * (A nextval per id cost 3 microseconds each in the server: a sixth of a
 * 200,000-row import.) */
static int take_ids(struct store *st, struct pg_bulk *b)
{
	static const char sql[] =
		"SELECT setval(pg_get_serial_sequence('cases', 'id'),"
		" nextval(pg_get_serial_sequence('cases', 'id')) + $1 - 1)";
	b->ids_block = b->ids_block ? b->ids_block * 2 : 1024;
	if (b->ids_block > BULK_IDS_MAX)
		b->ids_block = BULK_IDS_MAX;
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, (int64_t)b->ids_block);
	int64_t last;
	int rc = pg_int(st, sql, &p, &last);
	if (rc)
		return rc;
	b->next_id = last - (int64_t)b->ids_block + 1;
	b->nfree = b->ids_block;
	return RT_OK;
}

int pg_bulk_take(struct store *st, const struct case_values *cv, int64_t import_id,
		 const char *now, const struct strbuf *name_key, const struct strbuf *keys,
		 int64_t *id)
{
	if (!import_id || !st->writing)
		return PG_BULK_NOT_TAKEN;
	struct pg_bulk *b = bulk_of(st);
	if (b->import_id != import_id) {
		/* another import in the same transaction: start afresh */
		int rc = pg_bulk_flush(st);
		if (rc)
			return rc;
		idset_release(&b->ids);
		b->loaded = false;
		b->rows = 0;
		b->nfree = 0;
		b->import_id = import_id;
	}
	if (++b->rows <= BULK_AFTER)
		return PG_BULK_NOT_TAKEN;
	int rc;
	if (!b->loaded && (rc = pg_bulk_flush(st)) == RT_OK)
		rc = load_ids(st, b);
	else
		rc = RT_OK;
	if (!rc && !b->nfree && !(rc = pg_bulk_flush(st)))
		rc = take_ids(st, b);
	if (rc)
		return rc;
	if ((rc = idset_add(&b->ids, cv->v[F_CASE_ID], cv->len[F_CASE_ID])))
		return rc;
	*id = b->next_id++;
	b->nfree--;
	struct strbuf *sb = &b->cases;
	strbuf_addf(sb, "%lld", (long long)*id);
	for (int f = 0; f < F_FIRST_SURVEY; f++) {
		copy_sep(sb);
		/* an empty age is NULL, as pg_case_insert() binds it */
		if (f == F_AGE && cv->v[f] && !cv->len[f])
			copy_value(sb, NULL, 0);
		else
			copy_value(sb, cv->v[f], cv->len[f]);
	}
	copy_sep(sb);
	strbuf_addf(sb, "%lld", (long long)import_id);
	copy_sep(sb);
	copy_value(sb, now, strlen(now));
	strbuf_adds(sb, "\t1\t");
	copy_value(sb, name_key->len ? name_key->buf : NULL, name_key->len);
	copy_sep(sb);
	copy_value(sb, keys->len ? keys->buf : NULL, keys->len);
	strbuf_addch(sb, '\n');
	b->pending++;
	b->last_id = *id;
	/* the rows go to the server as they come, a chunk at a time */
	if (sb->len >= BULK_CHUNK) {
		if (!b->copying) {
			struct strbuf sql = STRBUF_INIT;
			cases_columns(&sql);
			rc = copy_start(st, sql.buf);
			strbuf_release(&sql);
			if (rc)
				return rc;
			b->copying = true;
			st->pg->copying = true;
		}
		if ((rc = copy_send(st, sb)))
			return rc;
	}
	st->pg->copying = true;   /* any other statement flushes first */
	return RT_OK;
}

int pg_bulk_survey(struct store *st, int64_t id, const struct case_values *cv)
{
	struct pg_bulk *b = st->pg->bulk;
	/* the survey of the case pg_bulk_take() has just taken (case_insert()
	 * writes it at once): written by its own COPY, after the cases' */
	if (!b || !b->last_id || id != b->last_id || !cv->v[F_SURVEY_DATE])
		return PG_BULK_NOT_TAKEN;
	struct strbuf *sb = &b->survey;
	strbuf_addf(sb, "%lld", (long long)id);
	for (int f = F_FIRST_SURVEY; f < F_COUNT; f++) {
		copy_sep(sb);
		copy_value(sb, cv->v[f], cv->len[f]);
	}
	strbuf_addch(sb, '\n');
	b->last_id = 0;
	return RT_OK;
}

int pg_bulk_find(struct store *st, const char *case_id, size_t len)
{
	struct pg_bulk *b = st->pg->bulk;
	if (!b || !b->loaded || !st->writing || idset_has(&b->ids, case_id, len))
		return PG_BULK_NOT_TAKEN;
	return RT_ENOTFOUND;
}
