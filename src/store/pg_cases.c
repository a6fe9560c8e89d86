/* pg_cases.c: cases, vocabularies, history, imports and the audit trail in
 * PostgreSQL; see store.h and pg_impl.h. The same statements as store.c's,
 * with $N parameters (each typed where PostgreSQL cannot tell its type:
 * "$1::text IS NULL"), the same filters, order and row shapes; what SQLite
 * computes with a function of ours (retorno_fold(), the full-text queries)
 * is computed here in C and passed as a parameter. The search and the
 * similar names use the indexes of pg_schema.c's migration 1. */
#include "pg_impl.h"
#include "pg_bulk.h"
#include "../core/phonetic.h"
#include <stdlib.h>

int pg_count_write(struct store *st, const char *program, size_t pl, const char *office,
		   size_t ol, const char *status, size_t sl, int n)
{
	static const char sql[] =
		"INSERT INTO case_count(program, office, status, n) VALUES ($1, $2, $3, $4)"
		" ON CONFLICT (program, office, status) DO UPDATE SET n = case_count.n + $4";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_text(&p, program, pl);
	pgp_text(&p, office, ol);
	pgp_text(&p, status, sl);
	pgp_int(&p, n);
	return pg_exec(st, sql, &p);
}

/* Runs an UPDATE; RT_ENOTFOUND when it matched no row. */
static int update_one(struct store *st, const char *sql, const struct pg_params *p)
{
	int rc;
	PGresult *r = pg_query(st, sql, p, &rc);
	if (!r)
		return rc;
	long n = strtol(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	return n == 0 ? RT_ENOTFOUND : RT_OK;
}

/* ---- vocabularies ---- */

int pg_list_add(struct store *st, const char *name, bool extensible, const char *en,
		const char *es)
{
	static const char sql[] =
		"INSERT INTO vocab_list(name, extensible, label_en, label_es) VALUES ($1, $2, $3, $4)";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, name);
	pgp_int(&p, extensible);
	pgp_str(&p, en);
	pgp_str(&p, es);
	return pg_exec(st, sql, &p);
}

int pg_vocab_add(struct store *st, const char *list, const char *code, const char *en,
		 const char *es)
{
	static const char sql[] =
		"INSERT INTO vocab(list, code, label_en, label_es, position)"
		" VALUES ($1, $2, $3, $4,"
		" (SELECT coalesce(max(position), 0) + 1 FROM vocab WHERE list = $1))";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, list);
	pgp_str(&p, code);
	pgp_str(&p, en);
	pgp_str(&p, es);
	return pg_exec(st, sql, &p);
}

int pg_office_add(struct store *st, const char *code, const char *country,
		  const char *transport, const char *en, const char *es)
{
	static const char sql[] =
		"INSERT INTO office(code, country, transport, label_en, label_es, position)"
		" VALUES ($1, $2, $3, $4, $5, (SELECT coalesce(max(position), 0) + 1 FROM office))";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, code);
	pgp_str(&p, country);
	pgp_str(&p, transport);
	pgp_str(&p, en);
	pgp_str(&p, es);
	return pg_exec(st, sql, &p);
}

static void pgp_coords(struct pg_params *p, const double *coords)
{
	if (coords) {
		pgp_double(p, coords[0]);
		pgp_double(p, coords[1]);
	} else {
		pgp_null(p);
		pgp_null(p);
	}
}

int pg_point_add(struct store *st, const char *code, const char *office, const char *programs,
		 const char *en, const char *es, const double *coords)
{
	static const char sql[] =
		"INSERT INTO registration_point(code, office, programs, label_en, label_es, lat, lon,"
		" position) VALUES ($1, $2, $3, $4, $5, $6, $7,"
		" (SELECT coalesce(max(position), 0) + 1 FROM registration_point))";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, code);
	pgp_str(&p, office);
	pgp_str(&p, programs);
	pgp_str(&p, en);
	pgp_str(&p, es);
	pgp_coords(&p, coords);
	return pg_exec(st, sql, &p);
}

int pg_vocab_set_labels(struct store *st, const char *list, const char *code, const char *en,
			const char *es)
{
	static const char vocab[] =
		"UPDATE vocab SET label_en = coalesce($3, label_en),"
		" label_es = coalesce($4, label_es) WHERE list = $1 AND code = $2";
	static const char office[] =
		"UPDATE office SET label_en = coalesce($2, label_en),"
		" label_es = coalesce($3, label_es) WHERE code = $1";
	static const char point[] =
		"UPDATE registration_point SET label_en = coalesce($2, label_en),"
		" label_es = coalesce($3, label_es) WHERE code = $1";
	bool is_office = !strcmp(list, "office"), is_point = !strcmp(list, "registration_point");
	struct pg_params p = PG_PARAMS_INIT;
	if (!is_office && !is_point)
		pgp_str(&p, list);
	pgp_str(&p, code);
	pgp_str(&p, en);
	pgp_str(&p, es);
	return update_one(st, is_office ? office : is_point ? point : vocab, &p);
}

int pg_point_set_coords(struct store *st, const char *code, const double *coords)
{
	static const char sql[] = "UPDATE registration_point SET lat = $2, lon = $3 WHERE code = $1";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, code);
	pgp_coords(&p, coords);
	return update_one(st, sql, &p);
}

int pg_vocab_generation(struct store *st, int64_t *n)
{
	static const char sql[] = "SELECT n FROM vocab_generation WHERE id = 1";
	return pg_int(st, sql, NULL, n);
}

int pg_lists_count(struct store *st, int64_t *n)
{
	static const char sql[] = "SELECT count(*) FROM vocab_list";
	return pg_int(st, sql, NULL, n);
}

int pg_lists_each(struct store *st, store_row_fn fn, void *ctx)
{
	/* id: the order the lists were added (SQLite's rowid) */
	static const char sql[] =
		"SELECT name, extensible, label_en, label_es FROM vocab_list ORDER BY id";
	return pg_each(st, sql, NULL, fn, ctx);
}

int pg_vocab_each(struct store *st, store_row_fn fn, void *ctx)
{
	static const char sql[] =
		"SELECT v.list, v.code, v.label_en, v.label_es FROM vocab v"
		" JOIN vocab_list l ON l.name = v.list ORDER BY l.id, v.position";
	return pg_each(st, sql, NULL, fn, ctx);
}

int pg_offices_each(struct store *st, store_row_fn fn, void *ctx)
{
	static const char sql[] =
		"SELECT code, country, transport, label_en, label_es FROM office ORDER BY position";
	return pg_each(st, sql, NULL, fn, ctx);
}

int pg_points_each(struct store *st, store_row_fn fn, void *ctx)
{
	static const char sql[] =
		"SELECT code, office, programs, label_en, label_es, lat, lon"
		" FROM registration_point ORDER BY position";
	return pg_each(st, sql, NULL, fn, ctx);
}

/* ---- cases ---- */

/* The case columns of cv ($1..$22), the import ($23, NULL for none) and
 * the time ($24). An empty age is NULL: SQLite keeps '' in its INTEGER
 * column, which an integer column of PostgreSQL refuses, and both read
 * back as no value. */
static void pgp_case(struct pg_params *p, const struct case_values *cv, int64_t import_id,
		     const char *now)
{
	for (int f = 0; f < N_CASE_COLS; f++) {
		if (f == F_AGE && cv->v[f] && !cv->len[f])
			pgp_null(p);
		else
			pgp_text(p, cv->v[f], cv->len[f]);
	}
	if (import_id)
		pgp_int(p, import_id);
	else
		pgp_null(p);
	pgp_str(p, now);
}

/* A text that is empty binds NULL (as SQLite's statements bind it). */
static void pgp_buf(struct pg_params *p, const struct strbuf *sb)
{
	if (sb->len)
		pgp_text(p, sb->buf, sb->len);
	else
		pgp_null(p);
}

int pg_case_insert(struct store *st, const struct case_values *cv, int64_t import_id,
		   const char *now, int64_t *id)
{
	static const char sql[] =
		"INSERT INTO cases(" CASE_COLS ", import_id, updated_at, version, name_key,"
		" similar_keys)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
		" $17, $18, $19, $20, $21, $22, $23, $24, 1, $25, $26) RETURNING id";
	struct strbuf name = STRBUF_INIT, keys = STRBUF_INIT;
	store_name_key_of(cv, &name);
	store_similar_keys_of(cv, &keys);
	/* a large import's new cases go by COPY (pg_bulk.h) */
	int rc = pg_bulk_take(st, cv, import_id, now, &name, &keys, id);
	if (rc == PG_BULK_NOT_TAKEN) {
		struct pg_params p = PG_PARAMS_INIT;
		pgp_case(&p, cv, import_id, now);
		pgp_buf(&p, &name);
		pgp_buf(&p, &keys);
		rc = pg_int(st, sql, &p, id);
	}
	if (rc == RT_OK)
		rc = store_count_case(st, cv, 1);
	strbuf_release(&name);
	strbuf_release(&keys);
	return rc;
}

int pg_case_update(struct store *st, int64_t id, const struct case_values *cv,
		   int64_t import_id, const char *now)
{
	/* one statement: the row as it was (where it is counted) comes from
	 * the statement's snapshot, taken before the change; the indexes of
	 * names and similar names are the database's own */
	static const char sql[] =
		"UPDATE cases c SET case_id = $1, group_id = $2, program = $3, office = $4,"
		" registration_point = $5, registration_date = $6, given_names = $7,"
		" family_names = $8, sex = $9, birth_date = $10, age = $11, nationality = $12,"
		" country_of_return = $13, migration_status = $14, education = $15,"
		" occupation_sector = $16, unaccompanied_minor = $17, travelling_with = $18,"
		" transport_mode = $19, status = $20, departure_date = $21,"
		" counselling_date = $22, import_id = coalesce($23, c.import_id), updated_at = $24,"
		" version = c.version + 1, name_key = $26, similar_keys = $27"
		" FROM (SELECT program, office, status, duplicate_of IS NOT NULL AS dup"
		"  FROM cases WHERE id = $25) o"
		" WHERE c.id = $25 RETURNING o.program, o.office, o.status, o.dup::int";
	struct strbuf name = STRBUF_INIT, keys = STRBUF_INIT;
	store_name_key_of(cv, &name);
	store_similar_keys_of(cv, &keys);
	struct pg_params p = PG_PARAMS_INIT;
	pgp_case(&p, cv, import_id, now);
	pgp_int(&p, id);
	pgp_buf(&p, &name);
	pgp_buf(&p, &keys);
	int rc;
	PGresult *r = pg_query(st, sql, &p, &rc);
	strbuf_release(&name);
	strbuf_release(&keys);
	if (!r)
		return rc;
	if (PQntuples(r) == 1 && !pg_col_int(r, 0, 3)) {
		/* counted where it was, now where it is */
		rc = store_count_add(st, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0),
				     PQgetvalue(r, 0, 1), (size_t)PQgetlength(r, 0, 1),
				     PQgetvalue(r, 0, 2), (size_t)PQgetlength(r, 0, 2), -1);
		if (!rc)
			rc = store_count_case(st, cv, 1);
	}
	PQclear(r);
	return rc;
}

static void copy_ref(const PGresult *r, int id, int import_id, int version, int status,
		     int office, int point, int duplicate_of, struct store_case_ref *ref)
{
	ref->id = pg_col_int(r, 0, id);
	ref->import_id = pg_col_int(r, 0, import_id);
	ref->version = pg_col_int(r, 0, version);
	pg_copy_col(r, 0, status, ref->status, sizeof(ref->status));
	pg_copy_col(r, 0, office, ref->office, sizeof(ref->office));
	pg_copy_col(r, 0, point, ref->point, sizeof(ref->point));
	pg_copy_col(r, 0, duplicate_of, ref->duplicate_of, sizeof(ref->duplicate_of));
}

int pg_case_find(struct store *st, const char *case_id, size_t len, struct store_case_ref *ref)
{
	static const char sql[] =
		"SELECT id, coalesce(import_id, 0), status, version, office, registration_point,"
		" duplicate_of FROM cases WHERE case_id = $1";
	if (pg_bulk_find(st, case_id, len) == RT_ENOTFOUND)
		return RT_ENOTFOUND;   /* known absent: no round trip */
	struct pg_params p = PG_PARAMS_INIT;
	pgp_text(&p, case_id, len);
	int rc;
	PGresult *r = pg_query(st, sql, &p, &rc);
	if (!r)
		return rc;
	if (PQntuples(r) < 1)
		rc = RT_ENOTFOUND;
	else
		copy_ref(r, 0, 1, 3, 2, 4, 5, 6, ref);
	PQclear(r);
	return rc;
}

/* Fills cv from columns 0..F_COUNT-1 of row 0 of r; with an arena, copies
 * the text into it (else cv points into r). */
static void read_case_row(const PGresult *r, struct case_values *cv, struct strbuf *arena)
{
	size_t offs[F_COUNT];
	for (int f = 0; f < F_COUNT; f++) {
		bool null = PQgetisnull(r, 0, f);
		const char *s = null ? NULL : PQgetvalue(r, 0, f);
		size_t n = null ? 0 : (size_t)PQgetlength(r, 0, f);
		cv->v[f] = s;
		cv->len[f] = n;
		if (arena && s) {
			offs[f] = arena->len;
			strbuf_add(arena, s, n);
			strbuf_addch(arena, '\0');
		}
	}
	if (arena)
		for (int f = 0; f < F_COUNT; f++)
			if (cv->v[f])
				cv->v[f] = arena->buf + offs[f];
}

int pg_case_read(struct store *st, const char *case_id, size_t len, struct store_case_ref *ref,
		 struct case_values *cv, struct strbuf *arena)
{
	static const char sql[] =
		"SELECT " CASE_COLS ", " SURVEY_COLS ", cases.id, coalesce(import_id, 0),"
		" version, duplicate_of FROM cases LEFT JOIN survey ON survey.case_ref = cases.id"
		" WHERE cases.case_id = $1";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_text(&p, case_id, len);
	int rc;
	PGresult *r = pg_query(st, sql, &p, &rc);
	if (!r)
		return rc;
	if (PQntuples(r) < 1) {
		rc = RT_ENOTFOUND;
	} else {
		read_case_row(r, cv, arena);
		copy_ref(r, F_COUNT, F_COUNT + 1, F_COUNT + 2, F_STATUS, F_OFFICE,
			 F_REGISTRATION_POINT, F_COUNT + 3, ref);
	}
	PQclear(r);
	return rc;
}

int pg_case_get(struct store *st, int64_t id, struct case_values *cv, struct strbuf *arena)
{
	static const char sql[] =
		"SELECT " CASE_COLS ", " SURVEY_COLS
		" FROM cases LEFT JOIN survey ON survey.case_ref = cases.id WHERE cases.id = $1";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, id);
	int rc;
	PGresult *r = pg_query(st, sql, &p, &rc);
	if (!r)
		return rc;
	if (PQntuples(r) < 1)
		rc = RT_ENOTFOUND;
	else
		read_case_row(r, cv, arena);
	PQclear(r);
	return rc;
}

int pg_case_set_duplicate(struct store *st, int64_t id, const char *of, const char *now)
{
	/* where the case is counted: a duplicate leaves the counts, a restored
	 * case comes back into them (the row as it was: the statement's
	 * snapshot, as in pg_case_update()) */
	static const char sql[] =
		"UPDATE cases c SET duplicate_of = $2, updated_at = $3, version = c.version + 1"
		" FROM (SELECT program, office, status, duplicate_of IS NOT NULL AS dup"
		"  FROM cases WHERE id = $1) o"
		" WHERE c.id = $1 RETURNING o.program, o.office, o.status, o.dup::int";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, id);
	pgp_str(&p, of);
	pgp_str(&p, now);
	int rc;
	PGresult *r = pg_query(st, sql, &p, &rc);
	if (!r)
		return rc;
	bool is_duplicate = of && *of;
	if (PQntuples(r) == 1 && (pg_col_int(r, 0, 3) != 0) != is_duplicate)
		rc = store_count_add(st, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0),
				     PQgetvalue(r, 0, 1), (size_t)PQgetlength(r, 0, 1),
				     PQgetvalue(r, 0, 2), (size_t)PQgetlength(r, 0, 2),
				     is_duplicate ? -1 : 1);
	PQclear(r);
	return rc;
}

int pg_case_duplicates(struct store *st, const char *case_id, int64_t *n)
{
	static const char sql[] = "SELECT count(*) FROM cases WHERE duplicate_of = $1";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, case_id);
	return pg_int(st, sql, &p, n);
}

int pg_case_mark_import(struct store *st, int64_t id, int64_t import_id)
{
	static const char sql[] = "UPDATE cases SET import_id = $2 WHERE id = $1";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, id);
	pgp_int(&p, import_id);
	return pg_exec(st, sql, &p);
}

int pg_survey_put(struct store *st, int64_t id, const struct case_values *cv)
{
	static const char del[] = "DELETE FROM survey WHERE case_ref = $1";
	static const char put[] =
		"INSERT INTO survey(case_ref, " SURVEY_COLS ") VALUES"
		" ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
		" ON CONFLICT(case_ref) DO UPDATE SET survey_date = $2,"
		" health_self_perceived = $3, health_screening = $4, journey_conditions = $5,"
		" abuses = $6, migration_reasons = $7, return_reasons = $8,"
		" regularization_started = $9, mexico_exit_reason = $10, return_plans = $11";
	int rc = pg_bulk_survey(st, id, cv);
	if (rc != PG_BULK_NOT_TAKEN)
		return rc;
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, id);
	if (!cv->v[F_SURVEY_DATE])
		return pg_exec(st, del, &p);
	for (int f = F_FIRST_SURVEY; f < F_COUNT; f++)
		pgp_text(&p, cv->v[f], cv->len[f]);
	return pg_exec(st, put, &p);
}

int pg_next_seq(struct store *st, const char *prefix, int64_t *n)
{
	static const char sql[] =
		"INSERT INTO case_seq(prefix, n) VALUES ($1, 1)"
		" ON CONFLICT(prefix) DO UPDATE SET n = case_seq.n + 1 RETURNING n";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, prefix);
	return pg_int(st, sql, &p, n);
}

int pg_history_add(struct store *st, int64_t id, const char *now, const char *actor,
		   const struct store_history *h)
{
	static const char sql[] =
		"INSERT INTO status_history(case_ref, changed_at, actor, from_status,"
		" to_status, effective_date, source, kind, reason, fields)"
		" VALUES ($1, $2, $3, $4, coalesce($5, ''), $6, $7, $8, $9, $10)";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, id);
	pgp_str(&p, now);
	pgp_str(&p, actor);
	pgp_str(&p, h->from);
	pgp_str(&p, h->to);
	pgp_str(&p, h->date);
	pgp_str(&p, h->source);
	pgp_str(&p, h->kind);
	pgp_str(&p, h->reason);
	pgp_str(&p, h->fields);
	return pg_exec(st, sql, &p);
}

int pg_history_each(struct store *st, int64_t id, store_row_fn fn, void *ctx)
{
	static const char sql[] =
		"SELECT changed_at, actor, kind, from_status, nullif(to_status, ''),"
		" effective_date, source, reason, fields"
		" FROM status_history WHERE case_ref = $1 ORDER BY id";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, id);
	return pg_each(st, sql, &p, fn, ctx);
}

int pg_import_start(struct store *st, const char *now, const char *actor, const char *source,
		    int64_t *import_id)
{
	static const char sql[] =
		"INSERT INTO import_batch(started_at, actor, source) VALUES ($1, $2, $3) RETURNING id";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, now);
	pgp_str(&p, actor);
	pgp_str(&p, source);
	return pg_int(st, sql, &p, import_id);
}

int pg_import_finish(struct store *st, int64_t import_id, const char *now, int64_t inserted,
		     int64_t updated)
{
	static const char sql[] =
		"UPDATE import_batch SET finished_at = $2, rows_inserted = $3,"
		" rows_updated = $4 WHERE id = $1";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, import_id);
	pgp_str(&p, now);
	pgp_int(&p, inserted);
	pgp_int(&p, updated);
	return pg_exec(st, sql, &p);
}

/* ---- the audit trail ---- */

int pg_audit(struct store *st, const char *now, const char *actor, const char *action,
	     const char *target, const char *office, const char *detail)
{
	static const char sql[] =
		"INSERT INTO audit_log(at, actor, action, target, office, detail)"
		" VALUES ($1, $2, $3, $4, $5, $6)";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, now);
	pgp_str(&p, actor);
	pgp_str(&p, action);
	pgp_str(&p, target);
	pgp_str(&p, office);
	pgp_str(&p, detail);
	return pg_exec(st, sql, &p);
}

int pg_audit_each(struct store *st, const struct store_audit_filter *f, store_row_fn fn,
		  void *ctx)
{
	/* newest first; $6 the offices a supervisor holds (NULL: every row);
	 * $8 NULL: no limit */
	static const char sql[] =
		"SELECT id, at, actor, action, target, office, detail FROM audit_log"
		" WHERE ($1::text IS NULL OR actor = $1::text)"
		" AND ($2::text IS NULL OR target = $2::text)"
		" AND ($3::text IS NULL OR action = $3::text)"
		" AND ($4::text IS NULL OR at >= $4::text)"
		" AND ($5::text IS NULL OR at < $5::text)"
		" AND ($6::text IS NULL OR strpos(' ' || $6::text || ' ', ' ' || office || ' ') > 0)"
		" AND ($7::bigint IS NULL OR id < $7::bigint) ORDER BY id DESC LIMIT $8::bigint";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, f->actor);
	pgp_str(&p, f->target);
	pgp_str(&p, f->action);
	pgp_str(&p, f->from);
	pgp_str(&p, f->to);
	pgp_str(&p, f->scope);
	if (f->before_id > 0)
		pgp_int(&p, f->before_id);
	else
		pgp_null(&p);
	if (f->limit > 0)
		pgp_int(&p, f->limit);
	else
		pgp_null(&p);
	return pg_each(st, sql, &p, fn, ctx);
}

/* ---- lists, export, search, similar names and counts ---- */

struct cases_ctx {
	store_case_fn fn;
	void *ctx;
};

/* A row of LIST_COLS: the case, its version and its row id. */
static int case_row(void *ctx, const PGresult *r)
{
	struct cases_ctx *c = ctx;
	struct case_values cv;
	read_case_row(r, &cv, NULL);
	return c->fn(c->ctx, &cv, pg_col_int(r, 0, F_COUNT), pg_col_int(r, 0, F_COUNT + 1));
}

/* The list and the export ($7: the actor's offices, NULL: every office;
 * $8: the row after which to start; $9: how many, NULL: all). A search is
 * its own statement, as in store.c: the cases it names come from two
 * indexes (a case id whatever its capitals, $10; the words of the names,
 * each a prefix, $11: a tsquery, see pg_schema.c) and are then filtered. */
#define CASES_FROM " FROM cases c LEFT JOIN survey s ON s.case_ref = c.id"
#define CASES_FILTER \
	" ($1::text IS NULL OR c.program = $1::text) AND ($2::text IS NULL OR c.office = $2::text)" \
	" AND ($3::text IS NULL OR c.status = $3::text)" \
	" AND ($4::text IS NULL OR c.registration_date >= $4::text)" \
	" AND ($5::text IS NULL OR c.registration_date <= $5::text)" \
	" AND ($6::text IS NULL OR c.registration_point = $6::text)" \
	" AND ($7::text IS NULL OR strpos(' ' || $7::text || ' ', ' ' || c.office || ' ') > 0)" \
	" AND c.id > $8::bigint AND c.duplicate_of IS NULL"

/* A word as a prefix term of a tsquery ('hern':*), and'ed to the others. */
static void tsquery_prefix(void *ctx, const char *w, size_t n)
{
	struct strbuf *match = ctx;
	strbuf_adds(match, match->len ? " & '" : "'");
	for (size_t k = 0; k < n; k++)
		strbuf_addch(match, (char)(w[k] >= 'A' && w[k] <= 'Z' ? w[k] - 'A' + 'a' : w[k]));
	strbuf_adds(match, "':*");
}

int pg_cases_each(struct store *st, const struct store_filter *f, store_case_fn fn, void *ctx)
{
	static const char list[] =
		"SELECT " LIST_COLS CASES_FROM " WHERE" CASES_FILTER " ORDER BY c.id LIMIT $9::bigint";
	static const char search[] =
		"SELECT " LIST_COLS CASES_FROM
		" WHERE c.id IN (SELECT id FROM cases"
		"  WHERE lower(case_id COLLATE \"C\") = lower($10::text COLLATE \"C\")"
		"  UNION SELECT id FROM cases"
		"  WHERE array_to_tsvector(array_remove(string_to_array(name_key, ' '), ''))"
		"  @@ $11::tsquery)"
		" AND" CASES_FILTER " ORDER BY c.id LIMIT $9::bigint";
	static const struct store_filter none;
	/* name words become prefix terms, all present ('jos':* & 'hern':*),
	 * in lower case, from the words store.c's FTS5 query is made of */
	struct strbuf match = STRBUF_INIT;
	store_search_words(f, tsquery_prefix, &match);
	/* name words with nothing the index holds match no name (store.c) */
	bool is_search = f && (f->case_id || f->name_token[0]);
	if (!f)
		f = &none;
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, f->program);
	pgp_str(&p, f->office);
	pgp_str(&p, f->status);
	pgp_str(&p, f->from);
	pgp_str(&p, f->to);
	pgp_str(&p, f->point);
	pgp_str(&p, f->scope);
	pgp_int(&p, f->after_id);
	if (f->limit > 0)
		pgp_int(&p, f->limit);
	else
		pgp_null(&p);
	if (is_search) {
		pgp_str(&p, f->case_id);
		pgp_buf(&p, &match);
	}
	struct cases_ctx c = { fn, ctx };
	int rc = pg_stream(st, is_search ? search : list, &p, case_row, &c);
	strbuf_release(&match);
	return rc;
}

/* Appends the words of s (space-separated) to out as the elements of an
 * array's text ({"a","b"}), each quoted. */
static void array_words(struct strbuf *out, const char *s)
{
	bool first = true;
	strbuf_addch(out, '{');
	for (const char *p = s; p && *p;) {
		size_t n = strcspn(p, " ");
		if (n) {
			strbuf_adds(out, first ? "\"" : ",\"");
			for (size_t i = 0; i < n; i++) {
				if (p[i] == '"' || p[i] == '\\')
					strbuf_addch(out, '\\');
				strbuf_addch(out, p[i]);
			}
			strbuf_addch(out, '"');
			first = false;
		}
		p += n;
		p += strspn(p, " ");
	}
	strbuf_addch(out, '}');
}

int pg_cases_similar(struct store *st, const struct store_similar_filter *f, store_case_fn fn,
		     void *ctx)
{
	/* $1: any of the name keys, $5: the birth date's or the nationality's
	 * term (the keys hold them too, as store.c's FTS5 query asks), both
	 * found by the index of string_to_array(similar_keys) (pg_schema.c);
	 * $2: the reader's offices (NULL: all) */
	static const char sql[] =
		"SELECT " LIST_COLS
		" FROM cases c LEFT JOIN survey s ON s.case_ref = c.id"
		" WHERE string_to_array(c.similar_keys, ' ') && $1::text[]"
		" AND string_to_array(c.similar_keys, ' ') && $5::text[]"
		" AND c.duplicate_of IS NULL"
		" AND ($2::text IS NULL OR strpos(' ' || $2::text || ' ', ' ' || c.office || ' ') > 0)"
		" AND (c.birth_date = $3::text OR c.nationality = $4::text)"
		" ORDER BY c.id";
	if (!f->keys || !*f->keys || (!f->birth_date && !f->nationality))
		return RT_OK;     /* nothing can match */
	struct strbuf terms = STRBUF_INIT, keys = STRBUF_INIT, other = STRBUF_INIT;
	birth_date_term(&terms, f->birth_date);
	nationality_term(&terms, f->nationality);
	array_words(&keys, f->keys);
	array_words(&other, terms.buf);
	struct pg_params p = PG_PARAMS_INIT;
	pgp_text(&p, keys.buf, keys.len);
	pgp_str(&p, f->scope);
	pgp_str(&p, f->birth_date);
	pgp_str(&p, f->nationality);
	pgp_text(&p, other.buf, other.len);
	struct cases_ctx c = { fn, ctx };
	int rc = pg_stream(st, sql, &p, case_row, &c);
	strbuf_release(&terms);
	strbuf_release(&keys);
	strbuf_release(&other);
	return rc;
}

int pg_case_counts(struct store *st, const char *scope, store_row_fn fn, void *ctx)
{
	/* kept by the store; duplicates are not counted */
	static const char sql[] =
		"SELECT program, office, status, n FROM case_count"
		" WHERE ($1::text IS NULL OR strpos(' ' || $1::text || ' ', ' ' || office || ' ') > 0)"
		" AND n > 0 ORDER BY program, office, status";
	/* in a write transaction, its own changes count too */
	int rc = st->writing ? store_count_flush(st) : RT_OK;
	if (rc)
		return rc;
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, scope);
	return pg_each(st, sql, &p, fn, ctx);
}

int pg_case_total(struct store *st, int64_t *n)
{
	static const char sql[] = "SELECT count(*) FROM cases";
	return pg_int(st, sql, NULL, n);
}
