/* text_measure.c: text widths in the factsheet font, with pango, so that the
 * layout (and so both the SVG and the PDF) fit labels the same way. */
#include "chart_pango.h"
#include "../core/common.h"

static PangoContext *ctx;
static PangoLayout *layout;

static PangoLayout *get_layout(void)
{
	if (!layout) {
		PangoFontMap *map = pango_cairo_font_map_get_default();
		ctx = pango_font_map_create_context(map);
		/* measure in points at 72 dpi: one unit = one point */
		pango_cairo_context_set_resolution(ctx, 72.0);
		layout = pango_layout_new(ctx);
	}
	return layout;
}

void factsheet_font(PangoLayout *l, double size, bool bold, bool italic)
{
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, FACTSHEET_FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
}

PangoLayout *factsheet_layout(cairo_t *cr, double size, bool bold, bool italic)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	pango_cairo_context_set_resolution(pango_layout_get_context(l), 72.0);
	pango_layout_context_changed(l);
	factsheet_font(l, size, bold, italic);
	return l;
}

double text_width(const char *s, double size, bool bold)
{
	PangoLayout *l = get_layout();
	factsheet_font(l, size, bold, false);
	pango_layout_set_text(l, s, -1);
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)w / PANGO_SCALE;
}

void text_measure_release(void)
{
	if (layout)
		g_object_unref(layout);
	if (ctx)
		g_object_unref(ctx);
	layout = NULL;
	ctx = NULL;
}
