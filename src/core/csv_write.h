/* csv_write.h: RFC 4180 output. A field is quoted only when it must be
 * (it holds a comma, a semicolon, a quote, TAB, CR or LF, or starts or ends
 * with a space), so that export is deterministic and byte-identical across
 * round trips.
 *
 * The formula guard (OWASP "CSV injection"): a spreadsheet may cut a field
 * into cells at ',', ';' or TAB (Excel splits on ';' in Spanish locales,
 * whatever the quotes say), and trim a leading CR or LF, so the guard looks at
 * every such cell of the field (core/textcheck.h: text_cell_start(),
 * text_formula_at()) and writes an apostrophe before the first byte of each
 * one that would be a formula (= + - @, and not a plain number such as -5):
 * spreadsheets read a cell that starts with ' as text. A cell that starts
 * with apostrophes and then a formula gets one more, so that csv_unguard()
 * gives back any value. Values that retorno accepts never need
 * it (text_check() refuses them), so an export of them is the data byte for
 * byte; the guard protects what older versions stored. csv_unguard() is its
 * inverse, for the importer.
 */
#ifndef RETORNO_CSV_WRITE_H
#define RETORNO_CSV_WRITE_H

#include "strbuf.h"

int csv_add_field(struct strbuf *sb, const char *s, size_t len);
/* Writes a whole row: fields separated by commas, ended by CRLF (RFC 4180). */
int csv_add_row(struct strbuf *sb, const char *const *fields, const size_t *lens, size_t n);
/* The same, separated by sep (',' or ';'). */
int csv_add_row_sep(struct strbuf *sb, const char *const *fields, const size_t *lens, size_t n,
		    char sep);
/* Undoes the formula guard: when a cell of s[0..len) starts (after spaces
 * and quotes) with an apostrophe followed by a formula, appends s without
 * those apostrophes to out and returns true; else returns false, out as it
 * was. */
bool csv_unguard(const char *s, size_t len, struct strbuf *out);

#endif
