/* pg_publications.c: the recorded editions of the public factsheet in
 * PostgreSQL; see store.h and pg_impl.h. The statements insert and read;
 * none changes or removes a row, and the database refuses any that would
 * (pg_schema.c, migration 2). */
#include "pg_impl.h"

#define PUB_COLS "id, created_at, created_by, program, office, from_month, to_month, min_cell," \
		 " cells, hidden, hidden_small, people_hidden, editions, seconds"

static void str_or_null(struct pg_params *p, const char *s)
{
	pgp_str(p, s && *s ? s : NULL);
}

int pg_publication_add(struct store *st, const struct store_publication *pub, int64_t *id)
{
	static const char sql[] =
		"INSERT INTO publication(created_at, created_by, program, office, from_month,"
		" to_month, min_cell, cells, hidden, hidden_small, people_hidden, editions, seconds)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, pub->created_at);
	pgp_str(&p, pub->created_by);
	str_or_null(&p, pub->program);
	str_or_null(&p, pub->office);
	pgp_int(&p, pub->from_month);
	pgp_int(&p, pub->to_month);
	pgp_int(&p, pub->min_cell);
	pgp_int(&p, pub->cells);
	pgp_int(&p, pub->hidden);
	pgp_int(&p, pub->hidden_small);
	pgp_int(&p, pub->people_hidden);
	pgp_int(&p, pub->editions);
	pgp_double(&p, pub->seconds);
	return pg_int(st, sql, &p, id);
}

int pg_publication_cell_add(struct store *st, int64_t id, const char *key, int64_t value,
			    bool suppressed)
{
	static const char sql[] =
		"INSERT INTO publication_cell(publication_id, key, value, suppressed)"
		" VALUES ($1, $2, $3, $4)";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, id);
	pgp_str(&p, key);
	pgp_int(&p, value);
	pgp_int(&p, suppressed ? 1 : 0);
	return pg_exec(st, sql, &p);
}

int pg_publication_render_add(struct store *st, int64_t id, const char *format,
			      const char *lang, const void *body, size_t len)
{
	static const char sql[] =
		"INSERT INTO publication_render(publication_id, format, lang, body)"
		" VALUES ($1, $2, $3, $4::bytea)";
	/* the body as bytea's hex text: 2 + 2 * len bytes */
	if (len > (INT32_MAX - 3) / 2)
		return RT_ELIMIT;
	static const char hex[] = "0123456789abcdef";
	size_t n = 2 + 2 * len;
	char *text = xmalloc(n + 1);
	const uint8_t *b = body;
	text[0] = '\\';
	text[1] = 'x';
	for (size_t i = 0; i < len; i++) {
		text[2 + 2 * i] = hex[b[i] >> 4];
		text[3 + 2 * i] = hex[b[i] & 15];
	}
	text[n] = '\0';
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, id);
	pgp_str(&p, format);
	pgp_str(&p, lang);
	pgp_text(&p, text, n);
	int rc = pg_exec(st, sql, &p);
	free(text);
	return rc;
}

static void read_publication(const PGresult *r, struct store_publication *pub)
{
	memset(pub, 0, sizeof(*pub));
	pub->id = pg_col_int(r, 0, 0);
	pg_copy_col(r, 0, 1, pub->created_at, sizeof(pub->created_at));
	pg_copy_col(r, 0, 2, pub->created_by, sizeof(pub->created_by));
	pg_copy_col(r, 0, 3, pub->program, sizeof(pub->program));
	pg_copy_col(r, 0, 4, pub->office, sizeof(pub->office));
	pub->from_month = (int)pg_col_int(r, 0, 5);
	pub->to_month = (int)pg_col_int(r, 0, 6);
	pub->min_cell = (int)pg_col_int(r, 0, 7);
	pub->cells = (int)pg_col_int(r, 0, 8);
	pub->hidden = (int)pg_col_int(r, 0, 9);
	pub->hidden_small = (int)pg_col_int(r, 0, 10);
	pub->people_hidden = pg_col_int(r, 0, 11);
	pub->editions = (int)pg_col_int(r, 0, 12);
	pub->seconds = PQgetisnull(r, 0, 13) ? 0 : strtod(PQgetvalue(r, 0, 13), NULL);
}

int pg_publication_get(struct store *st, int64_t id, struct store_publication *pub)
{
	static const char sql[] = "SELECT " PUB_COLS " FROM publication WHERE id = $1";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, id);
	int rc;
	PGresult *r = pg_query(st, sql, &p, &rc);
	if (!r)
		return rc;
	if (PQntuples(r) < 1) {
		PQclear(r);
		return RT_ENOTFOUND;
	}
	read_publication(r, pub);
	PQclear(r);
	return RT_OK;
}

struct pubs_ctx {
	store_publication_fn fn;
	store_pub_cell_fn cell_fn;
	void *ctx;
};

static int pub_row(void *ctx, const PGresult *r)
{
	struct pubs_ctx *c = ctx;
	struct store_publication pub;
	read_publication(r, &pub);
	return c->fn(c->ctx, &pub);
}

int pg_publications_each(struct store *st, store_publication_fn fn, void *ctx)
{
	static const char sql[] = "SELECT " PUB_COLS " FROM publication ORDER BY id";
	struct pubs_ctx c = { fn, NULL, ctx };
	return pg_stream(st, sql, NULL, pub_row, &c);
}

static int cell_row(void *ctx, const PGresult *r)
{
	struct pubs_ctx *c = ctx;
	return c->cell_fn(c->ctx, pg_col_int(r, 0, 0), PQgetvalue(r, 0, 1),
			  (size_t)PQgetlength(r, 0, 1), pg_col_int(r, 0, 2),
			  pg_col_int(r, 0, 3) != 0);
}

int pg_publication_cells_each(struct store *st, store_pub_cell_fn fn, void *ctx)
{
	/* the keys are COLLATE "C": byte order, which is strcmp's */
	static const char sql[] =
		"SELECT publication_id, key, value, suppressed FROM publication_cell"
		" ORDER BY publication_id, key";
	struct pubs_ctx c = { NULL, fn, ctx };
	return pg_stream(st, sql, NULL, cell_row, &c);
}

int pg_publication_render(struct store *st, int64_t id, const char *format, const char *lang,
			  struct strbuf *out)
{
	static const char sql[] =
		"SELECT body FROM publication_render"
		" WHERE publication_id = $1 AND format = $2 AND lang = $3";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, id);
	pgp_str(&p, format);
	pgp_str(&p, lang);
	int rc;
	PGresult *r = pg_query(st, sql, &p, &rc);
	if (!r)
		return rc;
	if (PQntuples(r) < 1) {
		PQclear(r);
		return RT_ENOTFOUND;
	}
	size_t n = 0;
	unsigned char *b = PQunescapeBytea((const unsigned char *)PQgetvalue(r, 0, 0), &n);
	PQclear(r);
	if (!b)
		return RT_ENOMEM;
	int ret = n && strbuf_add(out, b, n) ? RT_ENOMEM : RT_OK;
	PQfreemem(b);
	return ret;
}
