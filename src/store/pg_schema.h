/* pg_schema.h: the PostgreSQL schema as an ordered list of migrations (the
 * same logical schema as schema.c's SQLite one); retorno_schema.version
 * holds how many have been applied (pg_conn.c applies the rest). Never edit
 * a released migration: append a new one. */
#ifndef RETORNO_PG_SCHEMA_H
#define RETORNO_PG_SCHEMA_H

extern const char *const pg_migrations[];
extern const int pg_schema_version;

#endif
