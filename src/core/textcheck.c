/* textcheck.c: the check of typed and imported text; see textcheck.h. */
#include "textcheck.h"
#include "parse.h"

uint32_t text_decode(const char *str, size_t len, size_t *n)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0];
	size_t k;
	uint32_t cp;
	if (c < 0x80) {
		*n = 1;
		return c;
	} else if (c >= 0xC2 && c <= 0xDF) {
		k = 1;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		k = 2;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		k = 3;
		cp = c & 0x07;
	} else {
		*n = 1;
		return 0xFFFD;
	}
	if (k >= len) {
		*n = 1;
		return 0xFFFD;
	}
	for (size_t i = 1; i <= k; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*n = 1;
			return 0xFFFD;
		}
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	*n = k + 1;
	return cp;
}

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}

static bool is_format(uint32_t cp)
{
	return cp == 0x061C || cp == 0x200B || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
	       (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

static bool is_trigger(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@';
}

/* Where a spreadsheet may start a cell (after it): its separators, and line
 * ends (some trim a leading CR or LF, OWASP warns). */
static bool is_sep(char c)
{
	return c == ',' || c == ';' || c == '\t' || c == '\r' || c == '\n';
}

size_t text_cell_start(const char *s, size_t len, size_t c)
{
	while (c < len && (s[c] == ' ' || s[c] == '"'))
		c++;
	return c;
}

/* A plain number (-5, +1.5, 12%): a spreadsheet reads it as a number. */
static bool is_number(const char *s, size_t len)
{
	size_t i = 0, digits = 0;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (i < len && s[i] == '%')
		i++;
	return digits > 0 && i == len;
}

enum text_problem text_check(const char *s, size_t len, unsigned flags, struct text_verdict *v)
{
	memset(v, 0, sizeof(*v));
	if (!utf8_valid(s, len))
		return v->problem = TEXT_BAD_UTF8;
	for (size_t i = 0; i < len;) {
		size_t n;
		uint32_t cp = text_decode(s + i, len - i, &n);
		if (is_control(cp) || is_format(cp)) {
			v->cp = cp;
			return v->problem = is_control(cp) ? TEXT_CONTROL : TEXT_FORMAT;
		}
		i += n;
	}
	if (!(flags & TEXT_NO_FORMULA))
		return TEXT_OK;
	/* every cell a spreadsheet could cut out of the text, plain numbers
	 * included, and the guarded form "'=" (see csv_write.h) */
	for (size_t c = 0; c <= len;) {
		size_t k = text_cell_start(s, len, c);
		size_t t = k;
		while (t < len && s[t] == '\'')
			t++;
		if (t < len && is_trigger(s[t])) {
			v->trigger = s[t];
			v->sep = c ? s[c - 1] : 0;
			return v->problem = c ? TEXT_FORMULA_INSIDE : TEXT_FORMULA;
		}
		while (k < len && !is_sep(s[k]))
			k++;
		c = k + 1;
	}
	return TEXT_OK;
}

const char *text_verdict_code(const struct text_verdict *v, char p1[16], char p2[16])
{
	p1[0] = p2[0] = '\0';
	switch (v->problem) {
	case TEXT_OK:
		return NULL;
	case TEXT_BAD_UTF8:
		return "bad_utf8";
	case TEXT_CONTROL:
		snprintf(p1, 16, "U+%04X", (unsigned)v->cp);
		return "control_char";
	case TEXT_FORMAT:
		snprintf(p1, 16, "U+%04X", (unsigned)v->cp);
		return "format_char";
	case TEXT_FORMULA:
		snprintf(p1, 16, "%c", v->trigger);
		return "formula";
	case TEXT_FORMULA_INSIDE:
		snprintf(p1, 16, "%s", v->sep == '\t' ? "TAB" : (char[]){ v->sep, '\0' });
		snprintf(p2, 16, "%c", v->trigger);
		return "formula_inside";
	}
	return NULL;
}

bool text_formula_at(const char *s, size_t len, size_t k)
{
	if (k >= len || !is_trigger(s[k]))
		return false;
	size_t end = k;
	while (end < len && !is_sep(s[end]))
		end++;
	return !is_number(s + k, end - k);
}

size_t text_format_char_len(const char *s, size_t len)
{
	if (!len || (unsigned char)s[0] < 0x80)
		return 0;
	size_t n;
	uint32_t cp = text_decode(s, len, &n);
	return is_format(cp) ? n : 0;
}

void text_add_printable(struct strbuf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t n;
		uint32_t cp = text_decode(s + i, len - i, &n);
		bool bad = is_control(cp) || is_format(cp) || !utf8_valid(s + i, n);
		if (bad)
			strbuf_addch(out, '?');
		else
			strbuf_add(out, s + i, n);
		i += n;
	}
}
