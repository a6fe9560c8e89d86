/* csv_export.h: writing cases as interchange CSV (RFC 4180), with the HXL
 * hashtag row when asked. Columns are in data-dictionary order and cases in
 * the order they were first stored, so that export -> import into an empty
 * database -> export gives a byte-identical file. */
#ifndef RETORNO_CSV_EXPORT_H
#define RETORNO_CSV_EXPORT_H

#include "../store/store.h"

struct export_opts {
	struct store_filter filter;
	bool hxl;
	char separator;   /* ',' (0 too) or ';' */
};

/* Writes to out; returns RT_OK, or an RT_* code with a message in *err. */
int csv_export(struct store *st, FILE *out, const struct export_opts *o, int64_t *rows,
	       struct strbuf *err);

#endif
