/* csv_write.c: quoting-when-needed CSV fields; see csv_write.h. */
#include "csv_write.h"
#include "textcheck.h"

static bool needs_quotes(const char *s, size_t len)
{
	if (len && (s[0] == ' ' || s[len - 1] == ' '))
		return true;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		/* ';' and TAB too: a spreadsheet that splits cells on them (Excel in
		 * Spanish locales) then still reads the field as one cell */
		if (c == ',' || c == '"' || c == '\n' || c == '\r' || c == ';' || c == '\t')
			return true;
	}
	return false;
}

int csv_add_field(struct strbuf *sb, const char *s, size_t len)
{
	/* the formula guard: a cell a spreadsheet would run gets a leading ' */
	bool guard = text_cell_is_formula(s, len);
	if (!needs_quotes(s, len)) {
		int rc = guard ? strbuf_addch(sb, '\'') : RT_OK;
		return rc ? rc : strbuf_add(sb, s, len);
	}
	int rc = strbuf_addch(sb, '"');
	if (!rc && guard)
		rc = strbuf_addch(sb, '\'');
	for (size_t i = 0; !rc && i < len; i++) {
		if (s[i] == '"')
			rc = strbuf_addch(sb, '"');
		if (!rc)
			rc = strbuf_addch(sb, s[i]);
	}
	return rc ? rc : strbuf_addch(sb, '"');
}

bool csv_unguard(const char **s, size_t *len)
{
	if (*len >= 2 && (*s)[0] == '\'' && text_cell_is_formula(*s + 1, *len - 1)) {
		(*s)++;
		(*len)--;
		return true;
	}
	return false;
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
