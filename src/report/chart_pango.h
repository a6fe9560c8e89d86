/* chart_pango.h: the factsheet's text with pango (for the files that draw or
 * measure text; chart.h stays free of pango). */
#ifndef RETORNO_CHART_PANGO_H
#define RETORNO_CHART_PANGO_H

#include "chart.h"
#include <pango/pangocairo.h>

/* A layout on cr in the factsheet font, at 72 dpi (one unit = one point). */
PangoLayout *factsheet_layout(cairo_t *cr, double size, bool bold, bool italic);
/* Sets the factsheet font on a layout. */
void factsheet_font(PangoLayout *l, double size, bool bold, bool italic);
/* Sets the text of a layout (after its font), as the PDF and PNG show it:
 * bidirectional controls and invisible format characters are dropped (an RLO
 * stored before they were refused would show "LIVE" as "EVIL"), control
 * characters become spaces, and a character the factsheet font has no glyph
 * for (an emoji, a flag) becomes U+FFFD, the replacement character, instead
 * of a box of hex digits or a glyph of whatever other font the machine has:
 * the same PDF on every machine with the same font. */
void factsheet_set_text(PangoLayout *l, const char *s);

#endif
