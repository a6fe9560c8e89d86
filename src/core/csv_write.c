/* csv_write.c: quoting-when-needed CSV fields; see csv_write.h. */
#include "csv_write.h"
#include "textcheck.h"

/* where a cell may start (core/textcheck.h) */
static bool is_sep(char c)
{
	return c == ',' || c == ';' || c == '\t' || c == '\r' || c == '\n';
}

static bool needs_quotes(const char *s, size_t len)
{
	if (len && (s[0] == ' ' || s[len - 1] == ' '))
		return true;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		/* ';' and TAB too, for the spreadsheets that split on them */
		if (c == ',' || c == '"' || c == '\n' || c == '\r' || c == ';' || c == '\t')
			return true;
	}
	return false;
}

/* Does the cell at k need the guard: is it, after the apostrophes it may
 * already start with, a formula? (Apostrophes count, so that unguarding
 * gives back any value: "'=x" is written "''=x".) */
static bool guarded(const char *s, size_t len, size_t k)
{
	size_t j = k;
	while (j < len && s[j] == '\'')
		j++;
	return text_formula_at(s, len, j);
}

/* Appends s[0..len), doubling quotes when quoted. */
static int add_bytes(struct strbuf *sb, const char *s, size_t len, bool quoted)
{
	int rc = RT_OK;
	for (size_t i = 0; !rc && i < len; i++) {
		if (quoted && s[i] == '"')
			rc = strbuf_addch(sb, '"');
		if (!rc)
			rc = strbuf_addch(sb, s[i]);
	}
	return rc;
}

int csv_add_field(struct strbuf *sb, const char *s, size_t len)
{
	bool quoted = needs_quotes(s, len);
	int rc = quoted ? strbuf_addch(sb, '"') : RT_OK;
	/* cell by cell as a spreadsheet may cut the field: a formula gets its ' */
	for (size_t c = 0; !rc && c <= len;) {
		size_t k = text_cell_start(s, len, c);
		rc = add_bytes(sb, s + c, k - c, quoted);
		if (!rc && guarded(s, len, k))
			rc = strbuf_addch(sb, '\'');
		size_t e = k;
		while (e < len && !is_sep(s[e]))
			e++;
		if (!rc)
			rc = add_bytes(sb, s + k, e < len ? e + 1 - k : e - k, quoted);
		c = e + 1;
	}
	return rc ? rc : quoted ? strbuf_addch(sb, '"') : RT_OK;
}

bool csv_unguard(const char *s, size_t len, struct strbuf *out)
{
	bool any = false;
	size_t from = 0;
	for (size_t c = 0; c <= len;) {
		size_t k = text_cell_start(s, len, c);
		if (k < len && s[k] == '\'' && guarded(s, len, k + 1)) {
			strbuf_add(out, s + from, k - from);
			from = k + 1;
			any = true;
		}
		while (k < len && !is_sep(s[k]))
			k++;
		c = k + 1;
	}
	if (any)
		strbuf_add(out, s + from, len - from);
	return any;
}

int csv_add_row(struct strbuf *sb, const char *const *fields, const size_t *lens, size_t n)
{
	return csv_add_row_sep(sb, fields, lens, n, ',');
}

int csv_add_row_sep(struct strbuf *sb, const char *const *fields, const size_t *lens, size_t n,
		    char sep)
{
	int rc = RT_OK;
	for (size_t i = 0; !rc && i < n; i++) {
		if (i)
			rc = strbuf_addch(sb, sep);
		if (!rc && fields[i])
			rc = csv_add_field(sb, fields[i], lens ? lens[i] : strlen(fields[i]));
	}
	return rc ? rc : strbuf_add(sb, "\r\n", 2);
}
