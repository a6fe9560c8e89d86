/* csv_import.h: loading an interchange CSV file (data-dictionary §1).
 *
 * The whole file is one transaction: if any row has an error, nothing is
 * written (and a dry run never writes). Every error is reported with its
 * line, column and reason, up to max_errors; the rest are counted. Rows are
 * streamed: memory does not grow with the file.
 */
#ifndef RETORNO_CSV_IMPORT_H
#define RETORNO_CSV_IMPORT_H

#include "../domain/case_write.h"

struct import_error {
	const char *file;
	long line;          /* 1-based; 0 when it concerns the whole file */
	int column;         /* 1-based column in the file; 0 when none */
	const char *field;  /* column name, or NULL */
	const char *code;   /* stable reason code */
	const char *msg;
};

struct import_opts {
	const char *path;            /* the file; "-" reads standard input */
	const char *actor;
	bool dry_run;
	bool ignore_unknown_columns;
	size_t max_errors;           /* errors reported through on_error; 0 = 100 */
	void (*on_error)(void *ctx, const struct import_error *e);
	void (*on_progress)(void *ctx, uint64_t bytes, int64_t rows);
	void *ctx;
};

struct import_result {
	int64_t rows, inserted, updated;
	int64_t errors;              /* all errors, reported or not */
	bool hxl;                    /* the file had an HXL hashtag row */
};

/* Returns RT_OK when the rows were written (or, in a dry run, would be);
 * RT_EINVAL when the file has errors (nothing written); another RT_* code
 * with a message in *err when the file or the database failed. */
int csv_import(struct store *st, const struct vocab *v, const struct import_opts *o,
	       struct import_result *res, struct strbuf *err);

#endif
