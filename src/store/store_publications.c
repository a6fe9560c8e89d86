/* store_publications.c: the recorded editions of the public factsheet in
 * SQLite; see store.h. The statements are in store.c's table: they insert
 * and read, and none changes or removes a row. */
#include "pg_impl.h"

static void bind_or_null(sqlite3_stmt *q, int i, const char *s)
{
	sq_bind_str(q, i, s && *s ? s : NULL);
}

int store_publication_add(struct store *st, const struct store_publication *p, int64_t *id)
{
	PG_CALL(st, pg_publication_add(st, p, id));
	sqlite3_stmt *q = sq_get(st, S_PUB_ADD);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, p->created_at);
	sq_bind_str(q, 2, p->created_by);
	bind_or_null(q, 3, p->program);
	bind_or_null(q, 4, p->office);
	sqlite3_bind_int(q, 5, p->from_month);
	sqlite3_bind_int(q, 6, p->to_month);
	sqlite3_bind_int(q, 7, p->min_cell);
	sqlite3_bind_int(q, 8, p->cells);
	sqlite3_bind_int(q, 9, p->hidden);
	sqlite3_bind_int(q, 10, p->hidden_small);
	sqlite3_bind_int64(q, 11, p->people_hidden);
	sqlite3_bind_int(q, 12, p->editions);
	sqlite3_bind_double(q, 13, p->seconds);
	int rc = sq_exec(st, q);
	if (!rc)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_publication_cell_add(struct store *st, int64_t id, const char *key, int64_t value,
			       bool suppressed)
{
	PG_CALL(st, pg_publication_cell_add(st, id, key, value, suppressed));
	sqlite3_stmt *q = sq_get(st, S_PUB_CELL_ADD);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, id);
	sq_bind_str(q, 2, key);
	sqlite3_bind_int64(q, 3, value);
	sqlite3_bind_int(q, 4, suppressed);
	return sq_exec(st, q);
}

int store_publication_render_add(struct store *st, int64_t id, const char *format,
				 const char *lang, const void *body, size_t len)
{
	PG_CALL(st, pg_publication_render_add(st, id, format, lang, body, len));
	sqlite3_stmt *q = sq_get(st, S_PUB_RENDER_ADD);
	if (!q)
		return RT_EIO;
	if (len > INT32_MAX)
		return RT_ELIMIT;
	sqlite3_bind_int64(q, 1, id);
	sq_bind_str(q, 2, format);
	sq_bind_str(q, 3, lang);
	/* a zero-length blob, not NULL, for an empty render */
	sqlite3_bind_blob(q, 4, len ? body : "", (int)len, SQLITE_STATIC);
	return sq_exec(st, q);
}

static void read_publication(sqlite3_stmt *q, struct store_publication *p)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(q, 0);
	sq_column_copy(q, 1, p->created_at, sizeof(p->created_at));
	sq_column_copy(q, 2, p->created_by, sizeof(p->created_by));
	sq_column_copy(q, 3, p->program, sizeof(p->program));
	sq_column_copy(q, 4, p->office, sizeof(p->office));
	p->from_month = sqlite3_column_int(q, 5);
	p->to_month = sqlite3_column_int(q, 6);
	p->min_cell = sqlite3_column_int(q, 7);
	p->cells = sqlite3_column_int(q, 8);
	p->hidden = sqlite3_column_int(q, 9);
	p->hidden_small = sqlite3_column_int(q, 10);
	p->people_hidden = sqlite3_column_int64(q, 11);
	p->editions = sqlite3_column_int(q, 12);
	p->seconds = sqlite3_column_double(q, 13);
}

int store_publication_get(struct store *st, int64_t id, struct store_publication *p)
{
	PG_CALL(st, pg_publication_get(st, id, p));
	sqlite3_stmt *q = sq_get(st, S_PUB_GET);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, id);
	int rc = sqlite3_step(q), ret = RT_OK;
	if (rc == SQLITE_ROW)
		read_publication(q, p);
	else
		ret = rc == SQLITE_DONE ? RT_ENOTFOUND : sq_fail(st, rc);
	sq_done(q);
	return ret;
}

int store_publications_each(struct store *st, store_publication_fn fn, void *ctx)
{
	PG_CALL(st, pg_publications_each(st, fn, ctx));
	sqlite3_stmt *q = sq_get(st, S_PUBS_EACH);
	if (!q)
		return RT_EIO;
	struct store_publication p;
	int rc, ret = RT_OK;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		read_publication(q, &p);
		if ((ret = fn(ctx, &p)) != 0)
			break;
	}
	if (ret == RT_OK && rc != SQLITE_DONE)
		ret = sq_fail(st, rc);
	sq_done(q);
	return ret;
}

int store_publication_cells_each(struct store *st, store_pub_cell_fn fn, void *ctx)
{
	PG_CALL(st, pg_publication_cells_each(st, fn, ctx));
	sqlite3_stmt *q = sq_get(st, S_PUB_CELLS_EACH);
	if (!q)
		return RT_EIO;
	int rc, ret = RT_OK;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(q, 1);
		size_t len = (size_t)sqlite3_column_bytes(q, 1);
		if ((ret = fn(ctx, sqlite3_column_int64(q, 0), key ? key : "", key ? len : 0,
			      sqlite3_column_int64(q, 2), sqlite3_column_int(q, 3) != 0)) != 0)
			break;
	}
	if (ret == RT_OK && rc != SQLITE_DONE)
		ret = sq_fail(st, rc);
	sq_done(q);
	return ret;
}

int store_publication_render(struct store *st, int64_t id, const char *format,
			     const char *lang, struct strbuf *out)
{
	PG_CALL(st, pg_publication_render(st, id, format, lang, out));
	sqlite3_stmt *q = sq_get(st, S_PUB_RENDER);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, id);
	sq_bind_str(q, 2, format);
	sq_bind_str(q, 3, lang);
	int rc = sqlite3_step(q), ret = RT_OK;
	if (rc == SQLITE_ROW) {
		const void *b = sqlite3_column_blob(q, 0);
		size_t n = (size_t)sqlite3_column_bytes(q, 0);
		if (n && strbuf_add(out, b, n))
			ret = RT_ENOMEM;
	} else {
		ret = rc == SQLITE_DONE ? RT_ENOTFOUND : sq_fail(st, rc);
	}
	sq_done(q);
	return ret;
}
