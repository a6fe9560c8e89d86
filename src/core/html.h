/* html.h: escape-by-default output for HTML and SVG. Every string that goes
 * into a page goes through html_text() or html_attr(); raw markup is written
 * only with strbuf_adds() on string literals of the program itself. */
#ifndef RETORNO_HTML_H
#define RETORNO_HTML_H

#include "strbuf.h"

/* Appends s with &, <, >, " and ' escaped (valid in text and in quoted attributes). */
void html_text(struct strbuf *sb, const char *s);
/* Appends ` name="value"` with value escaped. */
void html_attr(struct strbuf *sb, const char *name, const char *value);

#endif
