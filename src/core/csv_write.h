/* csv_write.h: RFC 4180 output. A field is quoted only when it must be
 * (it holds a comma, a semicolon, a quote, TAB, CR or LF, or starts or ends
 * with a space), so that export is deterministic and byte-identical across
 * round trips.
 *
 * The formula guard (OWASP "CSV injection"): a field that a spreadsheet would
 * run as a formula once it is a cell (text_cell_is_formula(): it starts with
 * = + - @ TAB or CR and is not a plain number) is written with a leading
 * apostrophe, which spreadsheets read as "text". Quoting fields that hold ','
 * ';' or TAB keeps a spreadsheet that splits cells on any of them from
 * starting a cell inside a field. Values that retorno accepts never need the
 * apostrophe (core/textcheck.h refuses them); it protects what older versions
 * stored. csv_unguard() is its inverse, for the importer. */
#ifndef RETORNO_CSV_WRITE_H
#define RETORNO_CSV_WRITE_H

#include "strbuf.h"

int csv_add_field(struct strbuf *sb, const char *s, size_t len);
/* Writes a whole row: fields separated by commas, ended by CRLF (RFC 4180). */
int csv_add_row(struct strbuf *sb, const char *const *fields, const size_t *lens, size_t n);
/* The same, separated by sep (',' or ';'). */
int csv_add_row_sep(struct strbuf *sb, const char *const *fields, const size_t *lens, size_t n,
		    char sep);
/* Undoes the formula guard: when s[0..len) is an apostrophe followed by a
 * cell that text_cell_is_formula(), drops the apostrophe and returns true. */
bool csv_unguard(const char **s, size_t *len);

#endif
