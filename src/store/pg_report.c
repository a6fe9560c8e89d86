/* pg_report.c: the factsheet's two scans on PostgreSQL; see store.h
 * (store_report_returns, store_report_registrations) and pg_impl.h.
 *
 * The server does the counting, and the factsheet engine is the same as on
 * SQLite: the engine adds each row's count n where SQLite gives 1 per case.
 * - Returns: two scans (cases, then surveys), each a GROUP BY GROUPING
 *   SETS with one set per part of store.h's STORE_RP_*: the values the
 *   engine counts together (the age with the unaccompanied flag, transport
 *   and company; the age with sex, education and occupation; point and
 *   country; nationality and status; the count of surveys; each survey
 *   question), each with the programme, the office and, for the atoms of a
 *   public output only (filter->months), the departure month. GROUPING()
 *   says which set a row is of. On 200,000 demo cases (124,432 returns) the
 *   server sends 2,603 rows for a report, 40,085 with months (a public one);
 *   the sets' sizes hardly grow with the cases.
 * - Registrations: one GROUP BY of point, month, programme and office.
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

/* the age at registration, as engine.c's age_of() computes it:
 * parse_date()'s dates (YYYY-MM-DD, years 1900..2199) */
#define PG_DATE_RE "'^(19|2[01])[0-9][0-9]-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'"
#define PG_AGE \
	"CASE WHEN c.birth_date ~ " PG_DATE_RE " AND c.registration_date ~ " PG_DATE_RE \
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

/* The returns are read by two scans, each one GROUP BY GROUPING SETS:
 * the cases' parts (STORE_RP_PEOPLE .. STORE_RP_ORIGIN) from cases alone,
 * and the survey's parts from the surveys alone (a case with no survey has
 * nothing in them): sorting every case once per survey question would cost
 * more than the second scan. Each row: the values of `fields`, then the
 * age (the cases' scan only), the count and GROUPING() of the columns of
 * `sets`, in order: its highest bit is the first; a bit is 0 when the row's
 * set groups that column, which only that set groups. */
struct returns_scan {
	const char *sql;
	int nfields;
	int fields[16];
	bool age;
	int nsets;
	unsigned sets[8];
	unsigned otherwise;   /* the part of the set that groups none of them */
};

#define PG_COMMON \
	"c.program AS p, c.office AS o," \
	" CASE WHEN $6::int = 1 THEN " PG_MONTH("c.departure_date") " END AS m"

static const struct returns_scan cases_scan = {
	"SELECT p, o, m, pt, sx, nat, cty, ms, edu, occ, umc, tw, tr, a, count(*),"
	" GROUPING(umc, sx, pt)"
	" FROM (SELECT " PG_COMMON ","
	"  c.registration_point AS pt, c.sex AS sx, c.nationality AS nat,"
	"  c.country_of_return AS cty, c.migration_status AS ms, c.education AS edu,"
	"  c.occupation_sector AS occ, c.unaccompanied_minor AS umc, c.travelling_with AS tw,"
	"  c.transport_mode AS tr,"
	/* the age's class: the age evaluated once (width_bucket: 0 below the
	 * first limit, i from the i-th on) */
	"  ('{-1,0,5,12,13,18,46,60}'::int[])"
	"   [width_bucket(" PG_AGE ", '{0,5,12,13,18,46,60}'::int[]) + 1] AS a"
	"  FROM cases c WHERE c.status = 'returned' AND c.duplicate_of IS NULL"
	PG_FILTER("c.departure_date") ") x"
	" GROUP BY GROUPING SETS ("
	"  (p, o, m, umc, a, tr, tw),"          /* STORE_RP_PEOPLE */
	"  (p, o, m, a, sx, edu, occ),"         /* STORE_RP_PROFILE */
	"  (p, o, m, pt, cty),"                 /* STORE_RP_PLACE */
	"  (p, o, m, nat, ms))",                /* STORE_RP_ORIGIN */
	13,
	{ F_PROGRAM, F_OFFICE, F_DEPARTURE_DATE, F_REGISTRATION_POINT, F_SEX, F_NATIONALITY,
	  F_COUNTRY_OF_RETURN, F_MIGRATION_STATUS, F_EDUCATION, F_OCCUPATION_SECTOR,
	  F_UNACCOMPANIED_MINOR, F_TRAVELLING_WITH, F_TRANSPORT_MODE },
	true,
	3, { STORE_RP_PEOPLE, STORE_RP_PROFILE, STORE_RP_PLACE }, STORE_RP_ORIGIN,
};

static const struct returns_scan surveys_scan = {
	"SELECT p, o, m, '', hs, sc, jc, ab, mr, rr, rs, me, rp, count(*),"
	" GROUPING(hs, sc, jc, ab, mr, rr, rp, rs)"
	" FROM (SELECT " PG_COMMON ","
	"  s.health_self_perceived AS hs, s.health_screening AS sc,"
	"  s.journey_conditions AS jc, s.abuses AS ab, s.migration_reasons AS mr,"
	"  s.return_reasons AS rr, s.regularization_started AS rs,"
	"  s.mexico_exit_reason AS me, s.return_plans AS rp"
	"  FROM survey s JOIN cases c ON c.id = s.case_ref"
	"  WHERE c.status = 'returned' AND c.duplicate_of IS NULL"
	PG_FILTER("c.departure_date") ") x"
	" GROUP BY GROUPING SETS ("
	"  (p, o, m),"                          /* STORE_RP_SURVEY */
	"  (p, o, m, hs), (p, o, m, sc), (p, o, m, jc), (p, o, m, ab),"
	"  (p, o, m, mr), (p, o, m, rr), (p, o, m, rp), (p, o, m, rs, me))",
	13,
	{ F_PROGRAM, F_OFFICE, F_DEPARTURE_DATE, F_SURVEY_DATE, F_HEALTH_SELF_PERCEIVED,
	  F_HEALTH_SCREENING, F_JOURNEY_CONDITIONS, F_ABUSES, F_MIGRATION_REASONS,
	  F_RETURN_REASONS, F_REGULARIZATION_STARTED, F_MEXICO_EXIT_REASON, F_RETURN_PLANS },
	false,
	8, { STORE_RP_HEALTH, STORE_RP_SCREENING, STORE_RP_JOURNEY, STORE_RP_ABUSES,
	     STORE_RP_MIGRATION_REASONS, STORE_RP_RETURN_REASONS, STORE_RP_RETURN_PLANS,
	     STORE_RP_REGULARIZATION }, STORE_RP_SURVEY,
};

static const char registrations_sql[] =
	"SELECT c.registration_point, " PG_MONTH("c.registration_date") ", c.program,"
	" c.office, count(*) FROM cases c"
	" WHERE c.duplicate_of IS NULL"
	" AND ($1::text IS NULL OR c.program = $1::text)"
	" AND ($2::text IS NULL OR c.office = $2::text)"
	" AND ($3::text IS NULL OR c.registration_date >= $3::text)"
	" AND ($4::text IS NULL OR c.registration_date <= $4::text)"
	" GROUP BY 1, 2, 3, 4";

/* $1..$4, and $5 for the returns (registrations are of the programme only) */
static void filter_params(struct pg_params *p, const struct store_report_filter *f,
			  bool track)
{
	pgp_str(p, f->program);
	pgp_str(p, f->office);
	pgp_str(p, f->from);
	pgp_str(p, f->to);
	if (track)
		pgp_str(p, f->track_program);
}

struct scan {
	store_registration_fn reg;
	void *ctx;
};

static const char *col(const PGresult *r, int i, size_t *len)
{
	if (PQgetisnull(r, 0, i)) {
		*len = 0;
		return NULL;
	}
	*len = (size_t)PQgetlength(r, 0, i);
	return PQgetvalue(r, 0, i);
}

struct return_ctx {
	const struct returns_scan *scan;
	store_return_fn fn;
	void *ctx;
};

static int return_row(void *ctx, const PGresult *r)
{
	const struct return_ctx *rc = ctx;
	const struct returns_scan *sc = rc->scan;
	struct case_values cv;
	memset(&cv, 0, sizeof(cv));
	int k = sc->nfields;
	assert(PQnfields(r) == k + (sc->age ? 3 : 2));
	for (int i = 0; i < k; i++)
		cv.v[sc->fields[i]] = col(r, i, &cv.len[sc->fields[i]]);
	int age = -1;
	if (sc->age && !PQgetisnull(r, 0, k))
		age = (int)pg_col_int(r, 0, k);
	if (sc->age)
		k++;
	int64_t n = pg_col_int(r, 0, k);
	int64_t grouping = pg_col_int(r, 0, k + 1);
	unsigned parts = sc->otherwise;
	for (int i = 0; i < sc->nsets; i++)
		if (!(grouping & ((int64_t)1 << (sc->nsets - 1 - i))))
			parts = sc->sets[i];
	return rc->fn(rc->ctx, &cv, age, n, parts);
}

int pg_report_returns(struct store *st, const struct store_report_filter *f,
		      store_return_fn fn, void *ctx)
{
	struct pg_params p = PG_PARAMS_INIT;
	filter_params(&p, f, true);
	pgp_int(&p, f->months ? 1 : 0);
	struct return_ctx cases = { &cases_scan, fn, ctx }, surveys = { &surveys_scan, fn, ctx };
	/* the grouping sets of a million cases hash or sort in memory rather
	 * than spill to disk (bench/pg_bench.py: 4 MB spilled 1.3 GB); for
	 * these two statements only */
	int rc = pg_script(st, "SET work_mem = '256MB'");
	if (!rc)
		rc = pg_stream(st, cases_scan.sql, &p, return_row, &cases);
	if (!rc)
		rc = pg_stream(st, surveys_scan.sql, &p, return_row, &surveys);
	int rrc = pg_script(st, "RESET work_mem");
	return rc ? rc : rrc;
}

static int registration_row(void *ctx, const PGresult *r)
{
	struct scan *sc = ctx;
	struct store_registration reg;
	reg.point = col(r, 0, &reg.point_len);
	reg.date = col(r, 1, &reg.date_len);
	reg.program = col(r, 2, &reg.program_len);
	reg.office = col(r, 3, &reg.office_len);
	reg.n = pg_col_int(r, 0, 4);
	return sc->reg(sc->ctx, &reg);
}

int pg_report_registrations(struct store *st, const struct store_report_filter *f,
			    store_registration_fn fn, void *ctx)
{
	struct pg_params p = PG_PARAMS_INIT;
	filter_params(&p, f, false);
	struct scan sc = { fn, ctx };
	return pg_stream(st, registrations_sql, &p, registration_row, &sc);
}
