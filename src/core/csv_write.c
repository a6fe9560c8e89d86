/* csv_write.c: quoting-when-needed CSV fields; see csv_write.h. */
#include "csv_write.h"

static bool needs_quotes(const char *s, size_t len)
{
	if (len && (s[0] == ' ' || s[len - 1] == ' '))
		return true;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == ',' || c == '"' || c == '\n' || c == '\r')
			return true;
	}
	return false;
}

int csv_add_field(struct strbuf *sb, const char *s, size_t len)
{
	if (!needs_quotes(s, len))
		return strbuf_add(sb, s, len);
	int rc = strbuf_addch(sb, '"');
	for (size_t i = 0; !rc && i < len; i++) {
		if (s[i] == '"')
			rc = strbuf_addch(sb, '"');
		if (!rc)
			rc = strbuf_addch(sb, s[i]);
	}
	return rc ? rc : strbuf_addch(sb, '"');
}

int csv_add_row(struct strbuf *sb, const char *const *fields, const size_t *lens, size_t n)
{
	int rc = RT_OK;
	for (size_t i = 0; !rc && i < n; i++) {
		if (i)
			rc = strbuf_addch(sb, ',');
		if (!rc && fields[i])
			rc = csv_add_field(sb, fields[i], lens ? lens[i] : strlen(fields[i]));
	}
	return rc ? rc : strbuf_add(sb, "\r\n", 2);
}
