/* chart_cairo.c: a scene drawn with cairo, text laid out by pango (PDF, PNG). */
#include "chart.h"
#include "../core/common.h"
#include <pango/pangocairo.h>

static void set_color(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
			     (c & 255) / 255.0);
}

static void draw_text(cairo_t *cr, const struct prim *p, double ox, double oy)
{
	if (!p->text || !*p->text)
		return;
	PangoLayout *l = pango_cairo_create_layout(cr);
	pango_cairo_context_set_resolution(pango_layout_get_context(l), 72.0);
	pango_layout_context_changed(l);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, FACTSHEET_FONT);
	pango_font_description_set_absolute_size(fd, p->size * PANGO_SCALE);
	pango_font_description_set_weight(fd, p->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd, p->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(l, p->text, -1);
	int w, h;
	pango_layout_get_size(l, &w, &h);
	double width = (double)w / PANGO_SCALE;
	double baseline = (double)pango_layout_get_baseline(l) / PANGO_SCALE;
	double x = ox + p->x - (p->anchor == AN_MIDDLE ? width / 2 : p->anchor == AN_END ? width : 0);
	set_color(cr, p->fill == COLOR_NONE ? 0 : p->fill);
	cairo_move_to(cr, x, oy + p->y - baseline);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
}

void scene_cairo(const struct scene *s, cairo_t *cr, double ox, double oy)
{
	cairo_save(cr);
	for (int i = 0; i < s->n; i++) {
		const struct prim *p = &s->p[i];
		switch (p->kind) {
		case PR_RECT:
			cairo_rectangle(cr, ox + p->x, oy + p->y, p->w, p->h);
			if (p->fill != COLOR_NONE) {
				set_color(cr, p->fill);
				if (p->stroke != COLOR_NONE)
					cairo_fill_preserve(cr);
				else
					cairo_fill(cr);
			}
			if (p->stroke != COLOR_NONE) {
				set_color(cr, p->stroke);
				cairo_set_line_width(cr, p->stroke_width);
				cairo_stroke(cr);
			}
			cairo_new_path(cr);
			break;
		case PR_TEXT:
			draw_text(cr, p, ox, oy);
			break;
		case PR_LINE:
			set_color(cr, p->stroke);
			cairo_set_line_width(cr, p->stroke_width);
			cairo_move_to(cr, ox + p->x, oy + p->y);
			cairo_line_to(cr, ox + p->w, oy + p->h);
			cairo_stroke(cr);
			break;
		case PR_POLYLINE:
			set_color(cr, p->stroke);
			cairo_set_line_width(cr, p->stroke_width);
			cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
			for (int k = 0; k < p->npts; k++) {
				if (k == 0)
					cairo_move_to(cr, ox + p->pts[0], oy + p->pts[1]);
				else
					cairo_line_to(cr, ox + p->pts[2 * k], oy + p->pts[2 * k + 1]);
			}
			cairo_stroke(cr);
			break;
		}
	}
	cairo_restore(cr);
}
