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

#endif
