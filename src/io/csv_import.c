/* csv_import.c: streaming, all-or-nothing CSV import; see csv_import.h. */
#include "csv_import.h"
#include "../core/csv_read.h"
#include <errno.h>

#define MAX_COLUMNS 128

struct import {
	const struct import_opts *o;
	struct import_result *res;
	struct case_writer w;
	const char *name;
	int ncol;                   /* columns in the header */
	int colof[F_COUNT];         /* field -> file column (0-based), -1 if absent */
	long records;               /* records read, header included */
	int fatal;                  /* a store error: stop */
	struct strbuf *err;
};

static void report(struct import *im, long line, int col0, int field, const char *code,
		   const char *msg)
{
	im->res->errors++;
	size_t max = im->o->max_errors ? im->o->max_errors : 100;
	if ((size_t)im->res->errors > max || !im->o->on_error)
		return;
	struct import_error e = {
		.file = im->name, .line = line, .column = col0 + 1,
		.field = field >= 0 ? case_column_name[field] : NULL, .code = code, .msg = msg,
	};
	im->o->on_error(im->o->ctx, &e);
}

static int read_header(struct import *im, const struct csv_record *rec)
{
	char msg[256];
	long before = (long)im->res->errors;
	if (rec->n > MAX_COLUMNS) {
		snprintf(msg, sizeof(msg), "the header has %zu columns; at most %d are accepted",
			 rec->n, MAX_COLUMNS);
		report(im, rec->line, -1, -1, "too_many_columns", msg);
		return RT_EINVAL;
	}
	for (int f = 0; f < F_COUNT; f++)
		im->colof[f] = -1;
	im->ncol = (int)rec->n;
	for (int c = 0; c < im->ncol; c++) {
		int f = field_by_name(rec->field[c], rec->len[c]);
		if (f >= 0 && im->colof[f] >= 0) {
			snprintf(msg, sizeof(msg), "column '%s' appears twice (also column %d)",
				 case_column_name[f], im->colof[f] + 1);
			report(im, rec->line, c, f, "duplicate_column", msg);
		} else if (f >= 0) {
			im->colof[f] = c;
		} else if (!im->o->ignore_unknown_columns) {
			snprintf(msg, sizeof(msg), "unknown column '%.*s' (use "
				 "--ignore-unknown-columns to skip it)",
				 (int)(rec->len[c] > 60 ? 60 : rec->len[c]), rec->field[c]);
			report(im, rec->line, c, -1, "unknown_column", msg);
		}
	}
	for (int f = 0; f < F_COUNT; f++) {
		if (field_defs[f].required && im->colof[f] < 0) {
			snprintf(msg, sizeof(msg), "required column '%s' is missing",
				 case_column_name[f]);
			report(im, rec->line, -1, f, "missing_column", msg);
		}
	}
	if (im->colof[F_BIRTH_DATE] < 0 && im->colof[F_AGE] < 0)
		report(im, rec->line, -1, F_BIRTH_DATE, "missing_column",
		       "the file needs a birth_date or an age column");
	return (long)im->res->errors > before ? RT_EINVAL : RT_OK;
}

static bool is_hxl_row(const struct csv_record *rec)
{
	for (size_t i = 0; i < rec->n; i++)
		if (rec->len[i])
			return rec->field[i][0] == '#';
	return false;
}

static int on_record(void *ctx, const struct csv_record *rec)
{
	struct import *im = ctx;
	im->records++;
	if (im->records == 1)
		return read_header(im, rec);
	if (im->records == 2 && is_hxl_row(rec)) {
		im->res->hxl = true;
		return RT_OK;
	}
	im->res->rows++;
	if ((int)rec->n != im->ncol) {
		char msg[128];
		snprintf(msg, sizeof(msg), "has %zu fields but the header has %d", rec->n, im->ncol);
		report(im, rec->line, -1, -1, "field_count", msg);
		return RT_OK;
	}
	struct case_values cv;
	for (int f = 0; f < F_COUNT; f++) {
		int c = im->colof[f];
		bool set = c >= 0 && rec->len[c] > 0;
		cv.v[f] = set ? rec->field[c] : NULL;
		cv.len[f] = set ? rec->len[c] : 0;
	}
	struct case_check chk;
	int rc = case_save(&im->w, &cv, &chk);
	if (rc == RT_EINVAL) {
		for (int i = 0; i < chk.n; i++)
			report(im, rec->line, im->colof[chk.issue[i].field], chk.issue[i].field,
			       chk.issue[i].code, chk.issue[i].msg);
		im->res->errors += chk.dropped;
	} else if (rc) {
		strbuf_addf(im->err, "%s: line %ld: database error: %s", im->name, rec->line,
			    store_errmsg(im->w.st));
		im->fatal = rc;
		return rc;
	}
	if (im->o->on_progress && (im->res->rows & 0xffff) == 0)
		im->o->on_progress(im->o->ctx, rec->offset, im->res->rows);
	return RT_OK;
}

int csv_import(struct store *st, const struct vocab *v, const struct import_opts *o,
	       struct import_result *res, struct strbuf *err)
{
	struct import im = { .o = o, .res = res, .err = err };
	bool use_stdin = !strcmp(o->path, "-");
	im.name = use_stdin ? "(stdin)" : o->path;
	memset(res, 0, sizeof(*res));

	FILE *fp = use_stdin ? stdin : fopen(o->path, "rb");
	if (!fp) {
		strbuf_addf(err, "%s: cannot open: %s", o->path, strerror(errno));
		return RT_EIO;
	}
	case_writer_init(&im.w, st, v, o->actor, "import");
	int rc = store_begin(st);
	if (!rc)
		rc = store_import_start(st, im.w.now, o->actor, im.name, &im.w.import_id);
	if (rc) {
		strbuf_addf(err, "%s: %s", store_path(st), store_errmsg(st));
		goto close;
	}

	struct strbuf perr = STRBUF_INIT;
	rc = csv_read_file(fp, NULL, on_record, &im, &perr);
	if (im.fatal) {
		rc = im.fatal;
	} else if (rc == RT_EIO) {
		strbuf_addf(err, "%s: %s", im.name, perr.buf);
	} else if (rc && perr.len) {
		/* malformed CSV: report it like any data error */
		report(&im, 0, -1, -1, "malformed_csv", perr.buf);
		rc = RT_EINVAL;
	} else if (im.records == 0) {
		report(&im, 0, -1, -1, "empty_file", "the file is empty: expected a header row "
		       "with the column names");
		rc = RT_EINVAL;
	}
	strbuf_release(&perr);
	if (!rc && res->errors)
		rc = RT_EINVAL;
	res->inserted = im.w.inserted;
	res->updated = im.w.updated;
	if (!rc && !o->dry_run && res->rows > 0) {
		rc = store_import_finish(st, im.w.import_id, im.w.now, res->inserted, res->updated);
		if (!rc)
			rc = store_commit(st);
		if (rc)
			strbuf_addf(err, "%s: cannot commit: %s", store_path(st), store_errmsg(st));
	} else {
		store_rollback(st);
	}
close:
	if (!use_stdin)
		fclose(fp);
	return rc;
}
