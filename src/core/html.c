/* html.c: escaping writers; see html.h. */
#include "html.h"
#include "textcheck.h"
#include <stdarg.h>

void html_textn(struct strbuf *sb, const char *s, size_t n)
{
	for (size_t i = 0; s && i < n && s[i]; i++) {
		char c = s[i];
		switch (c) {
		case '&': strbuf_adds(sb, "&amp;"); break;
		case '<': strbuf_adds(sb, "&lt;"); break;
		case '>': strbuf_adds(sb, "&gt;"); break;
		case '"': strbuf_adds(sb, "&quot;"); break;
		case '\'': strbuf_adds(sb, "&#39;"); break;
		default:
			if ((unsigned char)c >= 0x80) {
				/* bidi controls and invisible format characters are dropped
				 * (an RLO would show "LIVE" as "EVIL"); C1 controls (C2 80-9F)
				 * become a space like the C0 ones */
				size_t left = n == (size_t)-1 ? 4 : n - i;
				size_t skip = text_format_char_len(s + i, left);
				if (skip) {
					i += skip - 1;
					break;
				}
				if ((unsigned char)c == 0xC2 && left > 1 &&
				    (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9F) {
					strbuf_addch(sb, ' ');
					i++;
					break;
				}
			}
			/* control characters have no place in a page */
			strbuf_addch(sb, (unsigned char)c < 0x20 && c != '\n' ? ' ' : c);
		}
	}
}

void html_text(struct strbuf *sb, const char *s)
{
	html_textn(sb, s, (size_t)-1);
}

void html_attr(struct strbuf *sb, const char *name, const char *value)
{
	strbuf_addf(sb, " %s=\"", name);
	html_text(sb, value);
	strbuf_addch(sb, '"');
}

void html_url_part(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			strbuf_addch(sb, (char)c);
		} else {
			strbuf_addch(sb, '%');
			strbuf_addch(sb, hex[c >> 4]);
			strbuf_addch(sb, hex[c & 15]);
		}
	}
}

void html_f(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			const char *q = strchr(p, '%');
			size_t n = q ? (size_t)(q - p) : strlen(p);
			strbuf_add(sb, p, n);
			p += n - 1;
			continue;
		}
		p++;
		switch (*p) {
		case 's':
			html_text(sb, va_arg(ap, const char *));
			break;
		case '.':
			if (p[1] == '*' && p[2] == 's') {
				int n = va_arg(ap, int);
				const char *s = va_arg(ap, const char *);
				html_textn(sb, s, n < 0 ? 0 : (size_t)n);
				p += 2;
			}
			break;
		case 'u': {
			struct strbuf u = STRBUF_INIT;
			html_url_part(&u, va_arg(ap, const char *));
			strbuf_add(sb, u.buf, u.len);
			strbuf_release(&u);
			break;
		}
		case 'd':
			strbuf_addf(sb, "%d", va_arg(ap, int));
			break;
		case 'l':
			if (p[1] == 'l' && p[2] == 'd') {
				strbuf_addf(sb, "%lld", va_arg(ap, long long));
				p += 2;
			} else if (p[1] == 'd') {
				strbuf_addf(sb, "%ld", va_arg(ap, long));
				p += 1;
			}
			break;
		case 'H': {
			const char *s = va_arg(ap, const char *);
			if (s)
				strbuf_adds(sb, s);
			break;
		}
		case '%':
			strbuf_addch(sb, '%');
			break;
		default:
			/* an unknown conversion is a bug of the program: write it visibly */
			strbuf_adds(sb, "%?");
			if (!*p)
				p--;
		}
	}
	va_end(ap);
}
