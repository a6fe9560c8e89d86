/* textcheck.h: the one check of the text that people type and files bring
 * (names, code-list labels, search text, reasons), and the characters that
 * renderers must not pass on.
 *
 * Refused everywhere (docs/decisions.md 7, 62 and 63):
 *   - bytes that are not UTF-8 ("bad_utf8");
 *   - control characters: C0 (NUL, TAB, LF, CR, ...), DEL, the C1 controls
 *     U+0080-U+009F (U+0085 NEXT LINE among them) and the line and paragraph
 *     separators U+2028, U+2029 ("control_char");
 *   - invisible format characters that change how text is shown or compared:
 *     the bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E,
 *     U+2066-U+2069: an RLO shows "LIVE" as "EVIL"), U+200B zero width space,
 *     U+2060-U+2064, U+206A-U+206F, U+FEFF and U+FFF9-U+FFFB ("format_char",
 *     with the code point). ZWNJ/ZWJ (U+200C, U+200D) stay: scripts and emoji
 *     need them.
 * With TEXT_NO_FORMULA, also what a spreadsheet would run as a formula
 * (OWASP "CSV injection"): a value that starts with = + - or @ (or with
 * apostrophes before one: the guarded form of csv_write.h), and a value in
 * which a cell would start so once a spreadsheet splits it on ',', ';' or
 * TAB (spaces and double quotes after the separator are skipped, as
 * spreadsheets do): "Ana;=cmd|' /C calc'!A0;x" ("formula", "formula_inside").
 * Plain numbers count too: "-5" is not a name.
 */
#ifndef RETORNO_TEXTCHECK_H
#define RETORNO_TEXTCHECK_H

#include "common.h"
#include "strbuf.h"

#define TEXT_NO_FORMULA 1u

enum text_problem {
	TEXT_OK = 0,
	TEXT_BAD_UTF8,
	TEXT_CONTROL,
	TEXT_FORMAT,
	TEXT_FORMULA,         /* at the start of the value */
	TEXT_FORMULA_INSIDE,  /* after a separator */
};

struct text_verdict {
	enum text_problem problem;
	uint32_t cp;      /* TEXT_CONTROL, TEXT_FORMAT: the character */
	char trigger;     /* TEXT_FORMULA*: '=', '+', '-' or '@' */
	char sep;         /* TEXT_FORMULA_INSIDE: ',', ';' or '\t' */
};

/* Checks s[0..len). Returns v->problem (TEXT_OK when the text is acceptable). */
enum text_problem text_check(const char *s, size_t len, unsigned flags, struct text_verdict *v);

/* The message code of a verdict (app/messages.c words it) and its two
 * parameters {1} and {2} (empty when the message has fewer):
 *   bad_utf8, control_char ("U+0085"), format_char ("U+202E"),
 *   formula ("="), formula_inside (";", "=").
 * Never the text itself. NULL for TEXT_OK. */
const char *text_verdict_code(const struct text_verdict *v, char p1[16], char p2[16]);

/* The cells a spreadsheet may cut out of a text: one starts at 0 and after
 * each ',', ';', TAB, CR and LF (a spreadsheet may trim a leading TAB or CR:
 * the cell after it is looked at). For the cell that starts at c, the offset
 * of its first byte once spaces and double quotes are skipped. */
size_t text_cell_start(const char *s, size_t len, size_t c);
/* Is the text at k, up to the next separator, a formula for a spreadsheet?
 * It starts with = + - or @ and is not a plain number (-5, +1.5, 12%). The
 * CSV writer's guard (core/csv_write.h). */
bool text_formula_at(const char *s, size_t len, size_t k);

/* The length of the character at s[0..len) that a renderer must drop (a
 * bidirectional control or an invisible format character, as above), or 0. */
size_t text_format_char_len(const char *s, size_t len);

/* Appends s[0..len) to out for display: control and format characters and
 * bytes that are not UTF-8 become '?'. For echoing untrusted text (a column
 * name) in a message. */
void text_add_printable(struct strbuf *out, const char *s, size_t len);

/* Decodes one UTF-8 character of valid text at s[0..len): its code point,
 * and its length in *n. Invalid bytes give U+FFFD with *n = 1. */
uint32_t text_decode(const char *s, size_t len, size_t *n);

#endif
