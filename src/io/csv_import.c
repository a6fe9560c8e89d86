/* csv_import.c: streaming, all-or-nothing CSV import; see csv_import.h. */
#include "csv_import.h"
#include "../core/csv_read.h"
#include "../core/csv_write.h"
#include "../core/msg.h"
#include "../core/parse.h"
#include "../core/textcheck.h"
#include <errno.h>

#define MAX_COLUMNS 128

struct import {
	const struct import_opts *o;
	struct import_result *res;
	const struct import_sink *sink;
	const char *name;
	uint64_t present;           /* bit f: column f is in the file */
	int ncol;                   /* columns in the header */
	int colof[F_COUNT];         /* field -> file column (0-based), -1 if absent */
	long records;               /* records read, header included */
	int fatal;                  /* a store error: stop */
	struct strbuf *err;
	struct strbuf unguarded;    /* the row's values without the export's formula guard */
};

static void report(struct import *im, long line, int col0, int field, const char *code,
		   const char *args)
{
	im->res->errors++;
	size_t max = im->o->max_errors ? im->o->max_errors : 100;
	if ((size_t)im->res->errors > max || !im->o->on_error)
		return;
	struct import_error e = {
		.file = im->name, .line = line, .column = col0 + 1,
		.field = field >= 0 ? case_column_name[field] : NULL, .code = code, .args = args,
	};
	im->o->on_error(im->o->ctx, &e);
}

/* report() with parameters formatted as msg_addargs() does. */
static void reportf(struct import *im, long line, int col0, int field, const char *code,
		    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void reportf(struct import *im, long line, int col0, int field, const char *code,
		    const char *fmt, ...)
{
	struct strbuf args = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	msg_vaddargs(&args, fmt, ap);
	va_end(ap);
	report(im, line, col0, field, code, args.buf);
	strbuf_release(&args);
}

/* The field of file column c, or -1. */
static int field_of_column(const struct import *im, int c)
{
	for (int f = 0; f < F_COUNT; f++)
		if (im->colof[f] == c)
			return f;
	return -1;
}

/* Every cell must be UTF-8. The first that is not stops the import with one
 * error that names the encoding the file seems to be in, at its line and
 * column: every other row would say the same. */
static bool utf8_cells(struct import *im, const struct csv_record *rec, bool header)
{
	for (size_t c = 0; c < rec->n; c++) {
		if (utf8_valid(rec->field[c], rec->len[c]))
			continue;
		report(im, rec->line, (int)c, header ? -1 : field_of_column(im, (int)c),
		       text_looks_windows_1252(rec->field[c], rec->len[c])
		       ? "encoding_windows_1252" : "encoding_not_utf8", "");
		return false;
	}
	return true;
}

static int read_header(struct import *im, const struct csv_record *rec)
{
	if (rec->n > MAX_COLUMNS) {
		reportf(im, rec->line, -1, -1, "too_many_columns", "%zu" MSG_SEP "%d", rec->n,
			MAX_COLUMNS);
		return RT_EINVAL;
	}
	for (int f = 0; f < F_COUNT; f++)
		im->colof[f] = -1;
	if (!utf8_cells(im, rec, true))
		return RT_EINVAL;
	int known = 0;
	for (size_t c = 0; c < rec->n; c++)
		known += field_by_name(rec->field[c], rec->len[c]) >= 0;
	if (known == 0) {
		/* a file without its header, or in another encoding: its first line
		 * is probably a case, which is not echoed column by column */
		report(im, rec->line, -1, -1, "no_header", "");
		return RT_EINVAL;
	}
	im->ncol = (int)rec->n;
	for (int c = 0; c < im->ncol; c++) {
		int f = field_by_name(rec->field[c], rec->len[c]);
		if (f >= 0 && im->colof[f] >= 0) {
			reportf(im, rec->line, c, f, "duplicate_column", "%s" MSG_SEP "%d",
				case_column_name[f], im->colof[f] + 1);
		} else if (f >= 0) {
			im->colof[f] = c;
		} else if (!im->o->ignore_unknown_columns) {
			struct strbuf name = STRBUF_INIT;
			text_add_printable(&name, rec->field[c], rec->len[c] > 60 ? 60 : rec->len[c]);
			reportf(im, rec->line, c, -1, "unknown_column", "%s", name.buf);
			strbuf_release(&name);
		}
	}
	/* Every row needs its case_id. Other required columns may be left out
	 * of a file that only updates stored cases: a row of a new case then
	 * reports them (missing_required below). */
	im->present = 0;
	for (int f = 0; f < F_COUNT; f++)
		if (im->colof[f] >= 0)
			im->present |= 1ull << f;
	if (im->colof[F_CASE_ID] < 0) {
		/* no row can be read without its id: stop here */
		reportf(im, rec->line, -1, F_CASE_ID, "missing_column", "%s",
			case_column_name[F_CASE_ID]);
		return RT_EINVAL;
	}
	/* An unknown or repeated column has been reported (the import will
	 * fail); the rows are still checked, so that every error of the file is
	 * listed at once. */
	return RT_OK;
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
	if (!utf8_cells(im, rec, false))
		return RT_EINVAL;
	if ((int)rec->n != im->ncol) {
		reportf(im, rec->line, -1, -1, "field_count", "%zu" MSG_SEP "%d", rec->n, im->ncol);
		return RT_OK;
	}
	struct case_values cv;
	size_t at[F_COUNT];
	strbuf_reset(&im->unguarded);
	for (int f = 0; f < F_COUNT; f++) {
		int c = im->colof[f];
		bool set = c >= 0 && rec->len[c] > 0;
		cv.v[f] = set ? rec->field[c] : NULL;
		cv.len[f] = set ? rec->len[c] : 0;
		/* the export's formula guard (core/csv_write.h) comes off */
		at[f] = im->unguarded.len;
		if (set && csv_unguard(cv.v[f], cv.len[f], &im->unguarded)) {
			cv.len[f] = im->unguarded.len - at[f];
			strbuf_addch(&im->unguarded, '\0');
		} else {
			at[f] = SIZE_MAX;
		}
	}
	for (int f = 0; f < F_COUNT; f++)
		if (at[f] != SIZE_MAX)
			cv.v[f] = im->unguarded.buf + at[f];
	struct case_check chk;
	int rc = im->sink->save(im->sink->ctx, &cv, im->present, &chk);
	if (rc == RT_EINVAL) {
		bool one_of = false;
		for (int i = 0; i < chk.n; i++) {
			const struct case_issue *is = &chk.issue[i];
			int f = is->field;
			if (!strcmp(is->code, "required") && im->colof[f] < 0) {
				/* a new case, and the file has no such column */
				if (f == F_BIRTH_DATE && im->colof[F_AGE] < 0) {
					if (!one_of)
						reportf(im, rec->line, -1, f, "missing_column_one_of",
							"%s" MSG_SEP "%s", case_column_name[F_BIRTH_DATE],
							case_column_name[F_AGE]);
					one_of = true;
				} else {
					reportf(im, rec->line, -1, f, "missing_column", "%s",
						case_column_name[f]);
				}
				continue;
			}
			report(im, rec->line, im->colof[f], f, is->code, is->args);
		}
		im->res->errors += chk.dropped;
	} else if (rc) {
		strbuf_addf(im->err, "%s: line %ld: %s", im->name, rec->line,
			    rc == RT_EBUSY ? "the database is busy; nothing was imported, and it "
					     "is safe to try again" : "database error");
		im->fatal = rc;
		return rc;
	}
	if (im->o->on_progress && (im->res->rows & 0xffff) == 0)
		im->o->on_progress(im->o->ctx, rec->offset, im->res->rows);
	return RT_OK;
}

/* How many cells of a header line split on sep are column names. */
static int known_names(const char *s, size_t len, char sep)
{
	int known = 0;
	for (size_t i = 0; i <= len;) {
		const char *e = memchr(s + i, sep, len - i);
		size_t whole = e ? (size_t)(e - (s + i)) : len - i, n = whole;
		const char *cell = s + i;
		while (n && (*cell == ' ' || *cell == '"'))
			cell++, n--;
		while (n && (cell[n - 1] == ' ' || cell[n - 1] == '"'))
			n--;
		known += field_by_name(cell, n) >= 0;
		i += whole + 1;
	}
	return known;
}

/* The separator of the file, from its first line (see csv_import.h). */
static char find_separator(const char *s, size_t len)
{
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		s += 3, len -= 3;
	const char *nl = memchr(s, '\n', len);
	if (nl)
		len = (size_t)(nl - s);
	if (len && s[len - 1] == '\r')
		len--;
	char best = ',';
	int most = known_names(s, len, ',');
	for (const char *c = ";\t"; *c; c++) {
		int k = known_names(s, len, *c);
		if (k > most) {
			best = *c;
			most = k;
		}
	}
	return best;
}

int csv_import(const struct import_opts *o, const struct import_sink *sink,
	       struct import_result *res, struct strbuf *err)
{
	struct import im = { .o = o, .res = res, .err = err, .sink = sink,
			     .unguarded = STRBUF_INIT };
	bool use_stdin = !o->fp && !strcmp(o->path, "-");
	im.name = o->fp ? (o->path ? o->path : "(request)") : use_stdin ? "(stdin)" : o->path;
	memset(res, 0, sizeof(*res));

	FILE *fp = o->fp ? o->fp : use_stdin ? stdin : fopen(o->path, "rb");
	if (!fp) {
		strbuf_addf(err, "%s: cannot open: %s", o->path, strerror(errno));
		return RT_EIO;
	}
	int rc;
	struct strbuf perr = STRBUF_INIT;
	enum text_sniff sniff;
	struct text_source *ts = text_source_open(fp, o->encoding, &sniff);
	if (!ts) {
		strbuf_addf(err, "%s: cannot read the file as %s", im.name,
			    text_encoding_name(o->encoding));
		rc = RT_EIO;
		goto out;
	}
	if (o->encoding == ENC_UTF8 && sniff != SNIFF_NONE) {
		/* Excel's "Unicode Text": say so, rather than 40 unknown columns */
		report(&im, 0, -1, -1, "encoding_utf16", "");
		rc = RT_EINVAL;
		goto out;
	}
	if (o->encoding == ENC_UTF16 && sniff == SNIFF_NONE) {
		report(&im, 0, -1, -1, "encoding_not_utf16", "");
		rc = RT_EINVAL;
		goto out;
	}
	size_t plen;
	const char *peek = text_source_peek(ts, 65536, &plen);
	res->separator = find_separator(peek, plen);
	struct csv_read_limits lim = { .delim = res->separator };
	rc = csv_read_file(text_source_stream(ts), &lim, on_record, &im, &perr);
	if (im.fatal) {
		rc = im.fatal;
	} else if (rc == RT_EIO && *text_source_error(ts)) {
		/* a byte that is not of the encoding the user named */
		reportf(&im, 0, -1, -1, "encoding_bad_byte", "%s", text_source_error(ts));
		rc = RT_EINVAL;
	} else if (rc == RT_EIO) {
		strbuf_addf(err, "%s: %s", im.name, perr.buf);
	} else if (rc && perr.len) {
		/* malformed CSV: report it like any data error; the reader's own
		 * (English) text is the parameter */
		reportf(&im, 0, -1, -1, "malformed_csv", "%s", perr.buf);
		rc = RT_EINVAL;
	} else if (im.records == 0) {
		report(&im, 0, -1, -1, "empty_file", "");
		rc = RT_EINVAL;
	}
out:
	text_source_close(ts);
	strbuf_release(&im.unguarded);
	strbuf_release(&perr);
	if (!rc && res->errors)
		rc = RT_EINVAL;
	if (!use_stdin && !o->fp)
		fclose(fp);
	return rc;
}
