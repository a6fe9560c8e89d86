/* pg_settings.c: the settings in PostgreSQL (pg_schema.c's migration 3);
 * see store.h. A value is bytes (bytea): text in UTF-8, or a logo. */
#include "pg_impl.h"
#include <stdlib.h>

/* The bytes of a bytea column (hex text from the server), appended to out. */
static int add_bytes(const PGresult *r, int row, int col, struct strbuf *out)
{
	size_t n = 0;
	unsigned char *b = PQunescapeBytea((const unsigned char *)PQgetvalue(r, row, col), &n);
	if (!b)
		return RT_ENOMEM;
	strbuf_add(out, b, n);
	PQfreemem(b);
	return RT_OK;
}

int pg_setting_get(struct store *st, const char *name, struct strbuf *out)
{
	static const char sql[] = "SELECT value FROM setting WHERE name = $1";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, name);
	int rc;
	PGresult *r = pg_query(st, sql, &p, &rc);
	if (!r)
		return rc;
	rc = PQntuples(r) < 1 ? RT_ENOTFOUND : add_bytes(r, 0, 0, out);
	PQclear(r);
	return rc;
}

int pg_setting_set(struct store *st, const char *name, const void *value, size_t len,
		   bool blob)
{
	static const char del[] = "DELETE FROM setting WHERE name = $1";
	static const char set[] = "INSERT INTO setting(name, value) VALUES ($1, $2::bytea)"
				  " ON CONFLICT(name) DO UPDATE SET value = EXCLUDED.value";
	(void)blob;   /* bytes either way */
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, name);
	if (!value)
		return pg_exec(st, del, &p);
	if (len > 16 * 1024 * 1024)
		return RT_ELIMIT;
	/* the value as bytea's hex text */
	static const char hex[] = "0123456789abcdef";
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, "\\x", 2);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = ((const unsigned char *)value)[i];
		char two[2] = { hex[c >> 4], hex[c & 15] };
		strbuf_add(&sb, two, 2);
	}
	pgp_text(&p, sb.buf, sb.len);
	int rc = pg_exec(st, set, &p);
	strbuf_release(&sb);
	return rc;
}

struct each_ctx {
	store_setting_fn fn;
	void *ctx;
	struct strbuf value;
};

static int each_row(void *ctx, const PGresult *r)
{
	struct each_ctx *e = ctx;
	strbuf_reset(&e->value);
	int rc = add_bytes(r, 0, 1, &e->value);
	if (rc)
		return rc;
	return e->fn(e->ctx, PQgetvalue(r, 0, 0), e->value.len ? e->value.buf : "", e->value.len);
}

int pg_settings_each(struct store *st, store_setting_fn fn, void *ctx)
{
	static const char sql[] = "SELECT name, value FROM setting ORDER BY name";
	struct each_ctx e = { fn, ctx, STRBUF_INIT };
	int rc = pg_stream(st, sql, NULL, each_row, &e);
	strbuf_release(&e.value);
	return rc;
}
