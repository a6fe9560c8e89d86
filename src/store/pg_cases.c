/* pg_cases.c: cases, vocabularies, history, imports and the audit trail in
 * PostgreSQL; see store.h and pg_impl.h. */
#include "pg_impl.h"

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
