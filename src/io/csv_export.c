/* csv_export.c: interchange CSV output; see csv_export.h. */
#include "csv_export.h"
#include "../core/csv_write.h"
#include "../domain/fields.h"
#include <errno.h>

#define FLUSH_AT (1 << 16)

struct exporter {
	FILE *out;
	char sep;
	struct strbuf buf;
	int64_t rows;
	bool failed;
};

static int flush(struct exporter *ex)
{
	if (ex->buf.len && fwrite(ex->buf.buf, 1, ex->buf.len, ex->out) != ex->buf.len) {
		ex->failed = true;
		return RT_EIO;
	}
	strbuf_reset(&ex->buf);
	return RT_OK;
}

static int on_case(void *ctx, const struct case_values *cv, int64_t version, int64_t id)
{
	(void)version;
	(void)id;
	struct exporter *ex = ctx;
	csv_add_row_sep(&ex->buf, cv->v, cv->len, F_COUNT, ex->sep);
	ex->rows++;
	return ex->buf.len >= FLUSH_AT ? flush(ex) : RT_OK;
}

int csv_export(struct store *st, FILE *out, const struct export_opts *o, int64_t *rows,
	       struct strbuf *err)
{
	struct exporter ex = { .out = out, .sep = o->separator ? o->separator : ',' };
	strbuf_init(&ex.buf, 0);
	strbuf_grow(&ex.buf, FLUSH_AT + 4096);
	csv_add_row_sep(&ex.buf, case_column_name, NULL, F_COUNT, ex.sep);
	if (o->hxl) {
		const char *tags[F_COUNT];
		for (int f = 0; f < F_COUNT; f++)
			tags[f] = field_defs[f].hxl;
		csv_add_row_sep(&ex.buf, tags, NULL, F_COUNT, ex.sep);
	}
	int rc = store_cases_each(st, &o->filter, on_case, &ex);
	if (!rc)
		rc = flush(&ex);
	if (!rc && fflush(out) != 0) {
		ex.failed = true;
		rc = RT_EIO;
	}
	if (rc)
		strbuf_addf(err, ex.failed ? "cannot write the export: %s" : "cannot read cases: %s",
			    ex.failed ? strerror(errno) : store_errmsg(st));
	strbuf_release(&ex.buf);
	*rows = ex.rows;
	return rc;
}
