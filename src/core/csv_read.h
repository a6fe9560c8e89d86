/* csv_read.h: a streaming RFC 4180 record reader on top of libcsv.
 *
 * It adds what libcsv leaves to its caller: the physical line where each
 * record starts (quoted fields may span lines), a UTF-8 byte-order mark
 * skipped at the start, limits on field size and field count, blank lines
 * skipped, and strict quoting (a stray quote is an error, not a guess).
 * Memory is bounded by the largest record, never by the file size.
 */
#ifndef RETORNO_CSV_READ_H
#define RETORNO_CSV_READ_H

#include "common.h"
#include "strbuf.h"

struct csv_record {
	size_t n;                  /* number of fields */
	const char *const *field;  /* each NUL-terminated (embedded NULs possible: use len) */
	const size_t *len;
	long line;                 /* 1-based line on which the record starts */
	uint64_t offset;           /* bytes of input consumed so far (for progress) */
};

/* Called once per record; return 0 to go on, anything else to stop reading
 * (csv_read_* then returns that value). */
typedef int (*csv_record_fn)(void *ctx, const struct csv_record *rec);

struct csv_read_limits {
	size_t max_field;   /* bytes in one field; 0 = 64 KiB */
	size_t max_fields;  /* fields in one record; 0 = 256 */
	char delim;         /* the field separator; 0 = ',' (';' and TAB for Excel's files) */
};

/* Reads records from fp. On a malformed file returns RT_EINVAL with a
 * message naming the line in *err; on a read error RT_EIO. */
int csv_read_file(FILE *fp, const struct csv_read_limits *lim,
		  csv_record_fn fn, void *ctx, struct strbuf *err);
int csv_read_mem(const char *data, size_t len, const struct csv_read_limits *lim,
		 csv_record_fn fn, void *ctx, struct strbuf *err);

#endif
