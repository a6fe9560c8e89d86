/* store_settings.c: the settings table in SQLite (schema migration 8); see
 * store.h. Three statements of store.c's table: read one, write (or remove)
 * one, read them all. */
#include "store_impl.h"
#include "pg_impl.h"

int store_setting_get(struct store *st, const char *name, struct strbuf *out)
{
	PG_CALL(st, pg_setting_get(st, name, out));
	sqlite3_stmt *q = sq_get(st, S_SETTING_GET);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, name);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		const void *v = sqlite3_column_blob(q, 0);
		int n = sqlite3_column_bytes(q, 0);
		if (v && n > 0)
			strbuf_add(out, v, (size_t)n);
		sq_done(q);
		return RT_OK;
	}
	sq_done(q);
	return rc == SQLITE_DONE ? RT_ENOTFOUND : sq_fail(st, rc);
}

int store_setting_set(struct store *st, const char *name, const void *value, size_t len,
		      bool blob)
{
	PG_CALL(st, pg_setting_set(st, name, value, len, blob));
	if (!value) {
		sqlite3_stmt *q = sq_get(st, S_SETTING_DELETE);
		if (!q)
			return RT_EIO;
		sq_bind_str(q, 1, name);
		return sq_exec(st, q);
	}
	if (len > INT32_MAX)
		return RT_ELIMIT;
	sqlite3_stmt *q = sq_get(st, S_SETTING_SET);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, name);
	if (blob)
		sqlite3_bind_blob(q, 2, len ? value : "", (int)len, SQLITE_TRANSIENT);
	else
		sqlite3_bind_text(q, 2, len ? value : "", (int)len, SQLITE_TRANSIENT);
	return sq_exec(st, q);
}

int store_settings_each(struct store *st, store_setting_fn fn, void *ctx)
{
	PG_CALL(st, pg_settings_each(st, fn, ctx));
	sqlite3_stmt *q = sq_get(st, S_SETTINGS_EACH);
	if (!q)
		return RT_EIO;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 0);
		const void *v = sqlite3_column_blob(q, 1);
		int n = sqlite3_column_bytes(q, 1);
		int r = fn(ctx, name ? name : "", v ? v : "", (size_t)(n > 0 ? n : 0));
		if (r) {
			sq_done(q);
			return r;
		}
	}
	sq_done(q);
	return rc == SQLITE_DONE ? RT_OK : sq_fail(st, rc);
}
