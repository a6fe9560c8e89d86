/* csv_read.c: streaming CSV records with line numbers; see csv_read.h. */
#include "csv_read.h"
#include <csv.h>

struct reader {
	struct csv_parser p;
	struct strbuf arena;    /* field bytes of the current record, NUL-separated */
	size_t *off, *len;
	const char **ptr;
	size_t n, alloc, max_fields;
	long line;              /* line of the next unread byte */
	long rec_line;
	bool in_record, too_many;
	long too_many_line;     /* set when a record had more than max_fields */
	long too_long_line;     /* set when a field was longer than field_cap */
	int stop_rc;
	uint64_t offset;
	csv_record_fn fn;
	void *ctx;
};

/* libcsv grows its field buffer through this hook; refusing past the limit
 * turns a 10 MB field into CSV_ENOMEM instead of a 10 MB allocation. */
static _Thread_local size_t field_cap;

static void *capped_realloc(void *p, size_t n)
{
	if (n > field_cap + 4096)
		return NULL;
	return realloc(p, n);
}

static int never_space(unsigned char c)
{
	(void)c;
	return 0; /* keep spaces: the file's bytes are the data */
}

static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	if (r->stop_rc)
		return;
	if (!r->in_record) {
		r->in_record = true;
		r->rec_line = r->line;
	}
	for (size_t i = 0; i < len; i++)
		if (((const char *)s)[i] == '\n')
			r->line++;
	if (len > field_cap) {
		r->too_long_line = r->rec_line;
		r->stop_rc = RT_ELIMIT;
		return;
	}
	if (r->n >= r->max_fields) {
		r->too_many = true;
		return;
	}
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? st_mult(r->alloc, 2) : 64;
		r->off = xrealloc(r->off, st_mult(r->alloc, sizeof(*r->off)));
		r->len = xrealloc(r->len, st_mult(r->alloc, sizeof(*r->len)));
		r->ptr = xrealloc(r->ptr, st_mult(r->alloc, sizeof(*r->ptr)));
	}
	r->off[r->n] = r->arena.len;
	r->len[r->n] = len;
	strbuf_grow(&r->arena, st_add(len, 1));
	if (len)
		memcpy(r->arena.buf + r->arena.len, s, len);
	r->arena.len += len + 1;
	r->arena.buf[r->arena.len - 1] = '\0';
	r->n++;
}

static void on_record(int c, void *data)
{
	struct reader *r = data;
	if (c == '\n')
		r->line++;
	if (!r->in_record || r->stop_rc)
		return; /* a blank line, or we were told to stop */
	for (size_t i = 0; i < r->n; i++)
		r->ptr[i] = r->arena.buf + r->off[i];
	struct csv_record rec = {
		.n = r->n, .field = r->ptr, .len = r->len,
		.line = r->rec_line, .offset = r->offset,
	};
	if (r->too_many) {
		r->too_many_line = r->rec_line;
		r->stop_rc = RT_ELIMIT;
	} else
		r->stop_rc = r->fn(r->ctx, &rec);
	r->n = 0;
	r->in_record = false;
	r->too_many = false;
	strbuf_reset(&r->arena);
}

static int reader_init(struct reader *r, const struct csv_read_limits *lim,
		       csv_record_fn fn, void *ctx)
{
	memset(r, 0, sizeof(*r));
	field_cap = lim && lim->max_field ? lim->max_field : 65536;
	r->max_fields = lim && lim->max_fields ? lim->max_fields : 256;
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		return RT_ENOMEM;
	csv_set_space_func(&r->p, never_space);
	if (lim && lim->delim)
		csv_set_delim(&r->p, (unsigned char)lim->delim);
	csv_set_realloc_func(&r->p, capped_realloc);
	csv_set_blk_size(&r->p, 4096);
	strbuf_init(&r->arena, 0);
	r->line = 1;
	r->fn = fn;
	r->ctx = ctx;
	return RT_OK;
}

static void reader_release(struct reader *r)
{
	csv_free(&r->p);
	strbuf_release(&r->arena);
	free(r->off);
	free(r->len);
	free(r->ptr);
}

static int parse_error(struct reader *r, struct strbuf *err)
{
	int e = csv_error(&r->p);
	if (e == CSV_ENOMEM || e == CSV_ETOOBIG) {
		strbuf_addf(err, "line %ld: a field is longer than %zu bytes", r->line, field_cap);
		return RT_ELIMIT;
	}
	strbuf_addf(err, "line %ld: malformed CSV (a quote inside an unquoted field, "
		    "text after a closing quote, or a quoted field that never ends)", r->line);
	return RT_EINVAL;
}

static int stopped(struct reader *r, struct strbuf *err)
{
	if (r->too_long_line)
		strbuf_addf(err, "line %ld: a field is longer than %zu bytes", r->too_long_line,
			    field_cap);
	else if (r->too_many_line)
		strbuf_addf(err, "line %ld: a record has more than %zu fields",
			    r->too_many_line, r->max_fields);
	return r->stop_rc;
}

/* Feeds one chunk; returns nonzero to stop. */
static int feed(struct reader *r, const char *buf, size_t n, struct strbuf *err)
{
	if (r->offset == 0 && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		n -= 3;
		r->offset = 3;
	}
	size_t done = csv_parse(&r->p, buf, n, on_field, on_record, r);
	r->offset += done;
	if (r->stop_rc)
		return stopped(r, err);
	if (done != n)
		return parse_error(r, err);
	return RT_OK;
}

static int finish(struct reader *r, struct strbuf *err)
{
	if (csv_fini(&r->p, on_field, on_record, r) != 0)
		return parse_error(r, err);
	if (r->stop_rc)
		return stopped(r, err);
	return RT_OK;
}

int csv_read_file(FILE *fp, const struct csv_read_limits *lim,
		  csv_record_fn fn, void *ctx, struct strbuf *err)
{
	struct reader r;
	int rc = reader_init(&r, lim, fn, ctx);
	if (rc)
		return rc;
	char *buf = xmalloc(1 << 16);
	size_t n;
	bool first = true;
	while ((n = fread(buf, 1, 1 << 16, fp)) > 0) {
		if (first && n < 3 && !feof(fp)) {
			/* keep the BOM check simple: read on until we have 3 bytes */
			size_t more = fread(buf + n, 1, 3 - n, fp);
			n += more;
		}
		first = false;
		rc = feed(&r, buf, n, err);
		if (rc)
			goto out;
	}
	if (ferror(fp)) {
		strbuf_addf(err, "read error");
		rc = RT_EIO;
		goto out;
	}
	rc = finish(&r, err);
out:
	free(buf);
	reader_release(&r);
	return rc;
}

int csv_read_mem(const char *data, size_t len, const struct csv_read_limits *lim,
		 csv_record_fn fn, void *ctx, struct strbuf *err)
{
	struct reader r;
	int rc = reader_init(&r, lim, fn, ctx);
	if (rc)
		return rc;
	rc = feed(&r, data, len, err);
	if (!rc)
		rc = finish(&r, err);
	reader_release(&r);
	return rc;
}
