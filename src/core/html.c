/* html.c: escaping writers; see html.h. */
#include "html.h"

void html_text(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': strbuf_adds(sb, "&amp;"); break;
		case '<': strbuf_adds(sb, "&lt;"); break;
		case '>': strbuf_adds(sb, "&gt;"); break;
		case '"': strbuf_adds(sb, "&quot;"); break;
		case '\'': strbuf_adds(sb, "&#39;"); break;
		default:
			/* control characters have no place in a page */
			strbuf_addch(sb, (unsigned char)*s < 0x20 && *s != '\n' ? ' ' : *s);
		}
	}
}

void html_attr(struct strbuf *sb, const char *name, const char *value)
{
	strbuf_addf(sb, " %s=\"", name);
	html_text(sb, value);
	strbuf_addch(sb, '"');
}
