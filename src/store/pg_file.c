/* pg_file.c: what store_file.c does for a file, on a PostgreSQL database;
 * see store.h and pg_impl.h. A PostgreSQL database is backed up by its
 * server's tools (pg_dump), not by retorno; its check is of what retorno
 * relies on: the schema version, and the triggers that keep the audit
 * trail and the editions unchanged. */
#include "pg_impl.h"
#include "pg_schema.h"

int pg_backup(struct store *st, const char *dest, struct strbuf *err)
{
	(void)dest;
	strbuf_addf(err, "%s is a PostgreSQL database: back it up with pg_dump"
		    " (see docs/operations.md)", st->path);
	return RT_EINVAL;
}

int pg_integrity_check(struct store *st, struct strbuf *report)
{
	static const char version[] = "SELECT version FROM retorno_schema";
	/* For each table that must not change: whether enabled triggers refuse
	 * UPDATE and DELETE (tgtype: 2 BEFORE, 8 DELETE, 16 UPDATE). */
	static const char guarded[] =
		"SELECT t.name,"
		" coalesce(bool_or(g.tgtype & 2 <> 0 AND g.tgtype & 16 <> 0), false)::int,"
		" coalesce(bool_or(g.tgtype & 2 <> 0 AND g.tgtype & 8 <> 0), false)::int"
		" FROM unnest(ARRAY['audit_log', 'publication', 'publication_cell',"
		"  'publication_render']) AS t(name)"
		" LEFT JOIN pg_class c ON c.oid = to_regclass(t.name)"
		" LEFT JOIN pg_trigger g ON g.tgrelid = c.oid AND NOT g.tgisinternal"
		"  AND g.tgenabled <> 'D'"
		" GROUP BY t.name ORDER BY t.name";
	static const char invalid[] =
		"SELECT conrelid::regclass::text || ': ' || conname FROM pg_constraint"
		" WHERE NOT convalidated AND connamespace = current_schema()::regnamespace"
		" ORDER BY 1";
	int64_t v = 0;
	int rc = pg_int(st, version, NULL, &v);
	if (rc) {
		strbuf_addf(report, "%s", rc == RT_ENOTFOUND ? "no schema version" : st->errbuf);
		return RT_EINVAL;
	}
	bool ok = true;
	if (v != pg_schema_version) {
		strbuf_addf(report, "schema version %lld, expected %d", (long long)v,
			    pg_schema_version);
		ok = false;
	}
	PGresult *r = pg_query(st, guarded, NULL, &rc);
	if (!r) {
		strbuf_addf(report, "%s%s", report->len ? "; " : "", st->errbuf);
		return RT_EIO;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		bool upd = pg_col_int(r, i, 1) != 0, del = pg_col_int(r, i, 2) != 0;
		if (upd && del)
			continue;
		strbuf_addf(report, "%s%s: no trigger refuses %s", report->len ? "; " : "",
			    PQgetvalue(r, i, 0), !upd && !del ? "UPDATE and DELETE"
			    : !upd ? "UPDATE" : "DELETE");
		ok = false;
	}
	PQclear(r);
	if (!(r = pg_query(st, invalid, NULL, &rc))) {
		strbuf_addf(report, "%s%s", report->len ? "; " : "", st->errbuf);
		return RT_EIO;
	}
	for (int i = 0; i < PQntuples(r) && i < 20; i++) {
		strbuf_addf(report, "%sconstraint not validated: %s", report->len ? "; " : "",
			    PQgetvalue(r, i, 0));
		ok = false;
	}
	PQclear(r);
	return ok ? RT_OK : RT_EINVAL;
}
