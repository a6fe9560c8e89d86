/* pg_report.c: the factsheet's read on PostgreSQL; see store.h
 * (store_report_read) and pg_impl.h.
 *
 * The server does the counting, and the factsheet engine is the same as on
 * SQLite: the engine adds each row's count n where SQLite gives 1 per case.
 * Two statements, each a UNION ALL of GROUP BYs:
 * - Returns: three GROUP BY GROUPING SETS (two over cases, one over the
 *   surveys) with one set per part of store.h's STORE_RP_*: the values the
 *   engine counts together (the age with the unaccompanied flag, transport
 *   and company; the age with sex, education and occupation; point and
 *   country; nationality and status; the count of surveys; each survey
 *   question), each with the programme, the office and the departure
 *   month (filter->months). GROUPING() says which set a row is of. On
 *   200,000 demo cases (124,432 returns) the server sends 2,603 rows for a
 *   report, 40,085 with months; the sets' sizes hardly grow with the cases.
 * - Registrations: one GROUP BY of point, month, programme and office, a
 *   branch of the first statement.
 * What is coarsened on the server, and why the output stays the same byte
 * for byte (store.h says it to every backend; engine.c checks the bands):
 * - the age: the engine uses only the age at registration (years_between()
 *   of the birth and registration dates when both are dates, else the age
 *   column, else unknown) and compares it only with the limits of
 *   STORE_AGE_CLASSES (the bands of both band sets, 5, 13 and 18): the
 *   server computes it and sends its class; the dates are not sent;
 * - the departure and registration dates: only their month is used
 *   (report_date_month()): the first day of the month is sent;
 * - the survey date: only whether there is a survey: "" or NULL.
 * The order of the rows does not matter: the engine only adds. */
#include "pg_impl.h"

/* the age at registration, as engine.c's age_of() computes it: from the
 * two dates when both are parse_date()'s dates (YYYY-MM-DD, years
 * 1900..2199, a day the month has), else the age column. A date in the
 * store is one of those or empty: the rules refuse any other on every write
 * (import, edit, the API), and `migrate-to` copies what SQLite's store
 * kept under the same rules. So the server checks only the form's length
 * and range, which a stored date passes exactly when parse_date() accepts
 * it (a regular expression of the full form cost a quarter of the
 * factsheet's time at 1M, bench/README.md). */
#define PG_IS_DATE(d) \
	"(length(" d ") = 10 AND " d " BETWEEN '1900-01-01' AND '2199-12-31')"
#define PG_AGE \
	"CASE WHEN " PG_IS_DATE("c.birth_date") " AND " PG_IS_DATE("c.registration_date") \
	" THEN substr(c.registration_date, 1, 4)::int - substr(c.birth_date, 1, 4)::int" \
	"  - CASE WHEN substr(c.registration_date, 6, 5) < substr(c.birth_date, 6, 5)" \
	"    THEN 1 ELSE 0 END" \
	" ELSE coalesce(c.age, -1) END"
#define PG_MONTH(d) \
	"CASE WHEN length(" d ") = 10 THEN substr(" d ", 1, 7) || '-01' ELSE " d " END"

/* The filter of store_report_filter: $1 programme (or $5, the tracked one),
 * $2 office, $3..$4 the dates. */
#define PG_FILTER(date) \
	" AND ($1::text IS NULL OR c.program = $1::text OR c.program = $5::text)" \
	" AND ($2::text IS NULL OR c.office = $2::text)" \
	" AND ($3::text IS NULL OR " date " >= $3::text)" \
	" AND ($4::text IS NULL OR " date " <= $4::text)"

/* The returns are read by two statements of three branches, each branch a
 * GROUP BY GROUPING SETS over one scan: the cases' parts that need the age
 * (STORE_RP_PEOPLE, STORE_RP_PROFILE) and those that do not (STORE_RP_PLACE,
 * STORE_RP_ORIGIN) from cases alone, a UNION ALL; then the survey's parts
 * from the surveys alone (a case with no survey has nothing in them:
 * sorting every case once per survey question would cost more than a scan).
 * A grouping set is counted by one process, but the branches of a UNION
 * ALL are not: PostgreSQL's Parallel Append gives each to a process of its
 * own, so a large factsheet is counted on two cores or more where the
 * server allows parallel workers (max_parallel_workers_per_gather), and
 * the same, in one process, where it does not. The age, with its two
 * regular expressions, is the costliest column; it is computed in one
 * branch only. Each row: the branch (1..3), the values of union_fields[]
 * (NULL where the row's set does not group them), the age's class (NULL
 * but in the first branch), the count and GROUPING() of the branch's
 * columns that say which of its sets the row is of (branches[]). */
static const int union_fields[] = {
	F_PROGRAM, F_OFFICE, F_DEPARTURE_DATE, F_REGISTRATION_POINT, F_SEX, F_NATIONALITY,
	F_COUNTRY_OF_RETURN, F_MIGRATION_STATUS, F_EDUCATION, F_OCCUPATION_SECTOR,
	F_UNACCOMPANIED_MINOR, F_TRAVELLING_WITH, F_TRANSPORT_MODE, F_SURVEY_DATE,
	F_HEALTH_SELF_PERCEIVED, F_HEALTH_SCREENING, F_JOURNEY_CONDITIONS, F_ABUSES,
	F_MIGRATION_REASONS, F_RETURN_REASONS, F_REGULARIZATION_STARTED, F_MEXICO_EXIT_REASON,
	F_RETURN_PLANS,
};
#define N_UNION_FIELDS ((int)ARRAY_SIZE(union_fields))

/* A branch's sets: the GROUPING() bits of its columns, in order (the
 * highest bit is the first; a bit is 0 when the row's set groups that
 * column, which only that set groups), and the part of the set that groups
 * none of them. */
struct branch {
	int nsets;
	unsigned sets[8];
	unsigned otherwise;
};
static const struct branch branches[] = {
	{ 1, { STORE_RP_PEOPLE }, STORE_RP_PROFILE },
	{ 1, { STORE_RP_PLACE }, STORE_RP_ORIGIN },
	{ 8, { STORE_RP_HEALTH, STORE_RP_SCREENING, STORE_RP_JOURNEY, STORE_RP_ABUSES,
	       STORE_RP_MIGRATION_REASONS, STORE_RP_RETURN_REASONS, STORE_RP_RETURN_PLANS,
	       STORE_RP_REGULARIZATION }, STORE_RP_SURVEY },
};
/* the branch of the registrations, whose rows are not returns */
#define REGISTRATIONS 4

#define PG_COMMON \
	"c.program AS p, c.office AS o," \
	" CASE WHEN $6::int = 1 THEN " PG_MONTH("c.departure_date") " END AS m"
#define PG_RETURNED \
	" WHERE c.status = 'returned' AND c.duplicate_of IS NULL" PG_FILTER("c.departure_date")
/* the columns of union_fields[] after p, o, m: N for NULL */
#define N "NULL::text"

static const char cases_sql[] =
	/* 1: STORE_RP_PEOPLE, STORE_RP_PROFILE */
	"SELECT 1 AS b, p, o, m, " N " AS pt, sx, " N " AS nat, " N " AS cty, " N " AS ms,"
	" edu, occ, umc, tw, tr, " N " AS sv, " N " AS hs, " N " AS sc, " N " AS jc, " N " AS ab,"
	" " N " AS mr, " N " AS rr, " N " AS rs, " N " AS me, " N " AS rp, a, count(*) AS n,"
	" GROUPING(umc) AS g"
	" FROM (SELECT " PG_COMMON ","
	"  c.sex AS sx, c.education AS edu, c.occupation_sector AS occ,"
	"  c.unaccompanied_minor AS umc, c.travelling_with AS tw, c.transport_mode AS tr,"
	/* the age's class: the age evaluated once (width_bucket: 0 below the
	 * first limit, i from the i-th on) */
	"  ('{-1,0,5,12,13,18,46,60}'::int[])"
	"   [width_bucket(" PG_AGE ", '{0,5,12,13,18,46,60}'::int[]) + 1] AS a"
	"  FROM cases c" PG_RETURNED ") x"
	" GROUP BY GROUPING SETS ((p, o, m, umc, a, tr, tw), (p, o, m, a, sx, edu, occ))"
	/* 2: STORE_RP_PLACE, STORE_RP_ORIGIN */
	" UNION ALL"
	" SELECT 2, p, o, m, pt, " N ", nat, cty, ms, " N ", " N ", " N ", " N ", " N ", " N ","
	" " N ", " N ", " N ", " N ", " N ", " N ", " N ", " N ", " N ", NULL::int, count(*),"
	" GROUPING(pt)"
	" FROM (SELECT " PG_COMMON ","
	"  c.registration_point AS pt, c.nationality AS nat, c.country_of_return AS cty,"
	"  c.migration_status AS ms"
	"  FROM cases c" PG_RETURNED ") x"
	" GROUP BY GROUPING SETS ((p, o, m, pt, cty), (p, o, m, nat, ms))"
	/* 4: the registrations (REGISTRATIONS): every case but the duplicates,
	 * whatever its status, of the programme only (not $5's), by point and
	 * the registration date's month (in m), between the dates */
	" UNION ALL"
	" SELECT 4, c.program, c.office, " PG_MONTH("c.registration_date") ","
	" c.registration_point, " N ", " N ", " N ", " N ", " N ", " N ", " N ", " N ", " N ","
	" " N ", " N ", " N ", " N ", " N ", " N ", " N ", " N ", " N ", " N ", NULL::int,"
	" count(*), 0"
	" FROM cases c WHERE c.duplicate_of IS NULL"
	" AND ($1::text IS NULL OR c.program = $1::text)"
	" AND ($2::text IS NULL OR c.office = $2::text)"
	" AND ($3::text IS NULL OR c.registration_date >= $3::text)"
	" AND ($4::text IS NULL OR c.registration_date <= $4::text)"
	" GROUP BY 2, 3, 4, 5";

/* 3: the survey's parts, a statement of its own: as a third branch of the
 * UNION ALL above, PostgreSQL prefers its parallel join to the Parallel
 * Append of the three, and the cases' two branches then run one after the
 * other (3.6 s at 1M, against 2.2 s for the two and 0.7 s for this) */
static const char surveys_sql[] =
	"SELECT 3, p, o, m, " N ", " N ", " N ", " N ", " N ", " N ", " N ", " N ", " N ", " N ","
	" '', hs, sc, jc, ab, mr, rr, rs, me, rp, NULL::int, count(*),"
	" GROUPING(hs, sc, jc, ab, mr, rr, rp, rs)"
	" FROM (SELECT " PG_COMMON ","
	"  s.health_self_perceived AS hs, s.health_screening AS sc,"
	"  s.journey_conditions AS jc, s.abuses AS ab, s.migration_reasons AS mr,"
	"  s.return_reasons AS rr, s.regularization_started AS rs,"
	"  s.mexico_exit_reason AS me, s.return_plans AS rp"
	"  FROM survey s JOIN cases c ON c.id = s.case_ref" PG_RETURNED ") x"
	" GROUP BY GROUPING SETS ("
	"  (p, o, m),"                          /* STORE_RP_SURVEY */
	"  (p, o, m, hs), (p, o, m, sc), (p, o, m, jc), (p, o, m, ab),"
	"  (p, o, m, mr), (p, o, m, rr), (p, o, m, rp), (p, o, m, rs, me))";
#undef N

/* $1 the programme, $2 the office, $3..$4 the dates, $5 the tracked
 * programme (returns only: registrations are of the programme only), $6
 * whether the departure month is read */
static void filter_params(struct pg_params *p, const struct store_report_filter *f)
{
	pgp_str(p, f->program);
	pgp_str(p, f->office);
	pgp_str(p, f->from);
	pgp_str(p, f->to);
	pgp_str(p, f->track_program);
	pgp_int(p, f->months ? 1 : 0);
}

static const char *col(const PGresult *r, int i, size_t *len)
{
	if (PQgetisnull(r, 0, i)) {
		*len = 0;
		return NULL;
	}
	*len = (size_t)PQgetlength(r, 0, i);
	return PQgetvalue(r, 0, i);
}

struct read_ctx {
	store_return_fn ret;
	store_registration_fn reg;
	void *ctx;
};

/* A row of either statement: a registration (REGISTRATIONS) or a
 * combination of returns. */
static int read_row(void *ctx, const PGresult *r)
{
	const struct read_ctx *rc = ctx;
	assert(PQnfields(r) == N_UNION_FIELDS + 4);
	int64_t b = pg_col_int(r, 0, 0);
	int k = 1 + N_UNION_FIELDS;
	if (b == REGISTRATIONS) {
		struct store_registration reg;
		reg.program = col(r, 1, &reg.program_len);
		reg.office = col(r, 2, &reg.office_len);
		reg.date = col(r, 3, &reg.date_len);
		reg.point = col(r, 4, &reg.point_len);
		reg.n = pg_col_int(r, 0, k + 1);
		return rc->reg(rc->ctx, &reg);
	}
	assert(b >= 1 && b <= (int64_t)ARRAY_SIZE(branches));
	const struct branch *br = &branches[b - 1];
	struct case_values cv;
	memset(&cv, 0, sizeof(cv));
	for (int i = 0; i < N_UNION_FIELDS; i++)
		cv.v[union_fields[i]] = col(r, 1 + i, &cv.len[union_fields[i]]);
	int age = PQgetisnull(r, 0, k) ? -1 : (int)pg_col_int(r, 0, k);
	int64_t n = pg_col_int(r, 0, k + 1);
	int64_t grouping = pg_col_int(r, 0, k + 2);
	unsigned parts = br->otherwise;
	for (int i = 0; i < br->nsets; i++)
		if (!(grouping & ((int64_t)1 << (br->nsets - 1 - i))))
			parts = br->sets[i];
	return rc->ret(rc->ctx, &cv, age, n, parts);
}

int pg_report_read(struct store *st, const struct store_report_filter *f,
		   store_return_fn ret, store_registration_fn reg, void *ctx)
{
	struct pg_params p = PG_PARAMS_INIT;
	filter_params(&p, f);
	struct read_ctx rctx = { ret, reg, ctx };
	/* the grouping sets of a million cases hash or sort in memory rather
	 * than spill to disk (bench/pg_bench.py: 4 MB spilled 1.3 GB); for
	 * these statements only */
	int rc = pg_script(st, "SET work_mem = '256MB'");
	if (!rc)
		rc = pg_stream(st, cases_sql, &p, read_row, &rctx);
	if (!rc)
		rc = pg_stream(st, surveys_sql, &p, read_row, &rctx);
	int rrc = pg_script(st, "RESET work_mem");
	return rc ? rc : rrc;
}
