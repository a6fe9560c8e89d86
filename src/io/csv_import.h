/* csv_import.h: reading an interchange CSV file (data-dictionary §1).
 *
 * The reader checks the file's shape and hands each row to a sink, which
 * saves it (app/files.c: with the acting user's rights, in one transaction
 * that it commits only when the file had no error). Every error is reported
 * with its
 * line, column and reason (a code with parameters, which the front end words
 * in the user's language), up to max_errors; the rest are counted. Rows are
 * streamed: memory does not grow with the file.
 */
#ifndef RETORNO_CSV_IMPORT_H
#define RETORNO_CSV_IMPORT_H

#include "../domain/case_write.h"
#include "encoding.h"

struct import_error {
	const char *file;
	long line;          /* 1-based; 0 when it concerns the whole file */
	int column;         /* 1-based column in the file; 0 when none */
	const char *field;  /* column name, or NULL */
	const char *code;   /* stable reason code, worded by msg_format() (app/messages.h) */
	const char *args;   /* its parameters, separated by MSG_SEP (core/msg.h) */
};

struct import_opts {
	const char *path;            /* the file; "-" reads standard input; with fp, its name */
	FILE *fp;                    /* an open stream to read instead (the server's body) */
	bool dry_run;                /* check everything, write nothing (for the sink's owner) */
	bool ignore_unknown_columns;
	enum text_encoding encoding;  /* ENC_UTF8 (0): the file must be UTF-8, and a
					 UTF-16 or Windows-1252 file is named as such;
					 else it is converted (io/encoding.h) */
	size_t max_errors;           /* errors reported through on_error; 0 = 100 */
	void (*on_error)(void *ctx, const struct import_error *e);
	void (*on_progress)(void *ctx, uint64_t bytes, int64_t rows);
	void *ctx;
};

/* Saves one row: its values (NULL = empty cell or absent column) and which
 * columns the file has (bit 1 << f). RT_EINVAL with issues in *chk (reported
 * at the row's line and the column), or another RT_* code to stop. */
struct import_sink {
	int (*save)(void *ctx, const struct case_values *cv, uint64_t present,
		    struct case_check *chk);
	void *ctx;
};

struct import_result {
	int64_t rows, inserted, updated;
	int64_t errors;              /* all errors, reported or not */
	bool hxl;                    /* the file had an HXL hashtag row */
	char separator;              /* ',', or ';' or TAB as the header line says */
};

/* The file's separator is the one of ',', ';' and TAB that splits the header
 * line into the most column names of the data dictionary (',' when none does
 * better): Excel in Spanish locales saves "CSV" separated by ';'. A first
 * line with none of the column names is not a header (error "no_header"):
 * its cells are not echoed, since they are likely a row of personal data.
 * A cell that the export's formula guard wrote as ' followed by a formula
 * (core/csv_write.h) is read without the apostrophe, and then refused by the
 * rules like any formula: what retorno accepts round-trips byte for byte.
 *
 * Returns RT_OK when every row was saved; RT_EINVAL when the file has errors
 * (the sink's owner then writes nothing); another RT_* code with a message in
 * *err when the file or the sink failed. inserted/updated are the sink's to
 * count. */
int csv_import(const struct import_opts *o, const struct import_sink *sink,
	       struct import_result *res, struct strbuf *err);

#endif
