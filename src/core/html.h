/* html.h: escape-by-default output for HTML and SVG. Every string that goes
 * into a page goes through html_text(), html_attr() or html_f(); raw markup
 * is written only from string literals of the program itself (the format of
 * html_f(), strbuf_adds() of a literal). */
#ifndef RETORNO_HTML_H
#define RETORNO_HTML_H

#include "strbuf.h"

/* Appends s with &, <, >, " and ' escaped (valid in text and in quoted attributes).
 * Control characters (C0 and C1) become spaces (LF stays); bidirectional
 * controls and invisible format characters (core/textcheck.h) are dropped, so
 * that text stored before they were refused shows in its logical order. */
void html_text(struct strbuf *sb, const char *s);
/* The same for the first n bytes of s. */
void html_textn(struct strbuf *sb, const char *s, size_t n);
/* Appends ` name="value"` with value escaped. */
void html_attr(struct strbuf *sb, const char *name, const char *value);
/* Appends s percent-encoded for a URL's query component or path segment
 * (everything but A-Z a-z 0-9 - _ . ~). */
void html_url_part(struct strbuf *sb, const char *s);

/* The one HTML writer of the web pages. `fmt` is markup and must be a string
 * literal; every argument is escaped for where it goes:
 *   %s    a string, escaped as text (NULL writes nothing)
 *   %.*s  an int length and a string, escaped as text
 *   %u    a string percent-encoded for a URL part (then escaped as text)
 *   %d %ld %lld  numbers
 *   %H    a string of markup that this writer made (a fragment built in
 *         another strbuf with html_f): the only way to insert markup
 *   %%    a percent sign */
void html_f(struct strbuf *sb, const char *fmt, ...);

#endif
