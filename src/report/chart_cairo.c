/* chart_cairo.c: a scene drawn with cairo, text laid out by pango (PDF, PNG). */
#include "chart_pango.h"
#include "../core/common.h"
#include <math.h>

static void set_color(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
			     (c & 255) / 255.0);
}

static void draw_text(cairo_t *cr, const struct prim *p, double ox, double oy)
{
	if (!p->text || !*p->text)
		return;
	PangoLayout *l = factsheet_layout(cr, p->size, p->bold, p->italic);
	factsheet_set_text(l, p->text);
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

double prim_top(const struct prim *p)
{
	switch (p->kind) {
	case PR_RECT:
		return p->h < 0 ? p->y + p->h : p->y;
	case PR_TEXT:
		return p->y - p->size * 0.75;   /* about the cap height above the baseline */
	case PR_LINE:
		return p->y < p->h ? p->y : p->h;
	case PR_CIRCLE:
		return p->y - p->w;
	case PR_POLYLINE:
	case PR_PATH: {
		double top = p->npts ? p->pts[1] : 0;
		for (int k = 1; k < p->npts; k++)
			if (!isnan(p->pts[2 * k + 1]) && p->pts[2 * k + 1] < top)
				top = p->pts[2 * k + 1];
		return top;
	}
	}
	return p->y;
}

static void draw_prim(cairo_t *cr, const struct prim *p, double ox, double oy)
{
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
	case PR_CIRCLE:
		cairo_new_path(cr);
		cairo_arc(cr, ox + p->x, oy + p->y, p->w, 0, 2 * M_PI);
		if (p->fill != COLOR_NONE) {
			set_color(cr, p->fill);
			cairo_fill_preserve(cr);
		}
		if (p->stroke != COLOR_NONE) {
			set_color(cr, p->stroke);
			cairo_set_line_width(cr, p->stroke_width);
			cairo_stroke_preserve(cr);
		}
		cairo_new_path(cr);
		break;
	case PR_PATH: {
		bool move = true;
		cairo_new_path(cr);
		for (int k = 0; k < p->npts; k++) {
			double px = p->pts[2 * k], py = p->pts[2 * k + 1];
			if (isnan(px)) {
				cairo_close_path(cr);
				move = true;
				continue;
			}
			if (move)
				cairo_move_to(cr, ox + px, oy + py);
			else
				cairo_line_to(cr, ox + px, oy + py);
			move = false;
		}
		cairo_close_path(cr);
		if (p->fill != COLOR_NONE) {
			set_color(cr, p->fill);
			cairo_fill_preserve(cr);
		}
		if (p->stroke != COLOR_NONE) {
			set_color(cr, p->stroke);
			cairo_set_line_width(cr, p->stroke_width);
			cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
			cairo_stroke_preserve(cr);
		}
		cairo_new_path(cr);
		break;
	}
	}
}

void scene_cairo(const struct scene *s, cairo_t *cr, double ox, double oy)
{
	cairo_save(cr);
	for (int i = 0; i < s->n; i++)
		draw_prim(cr, &s->p[i], ox, oy);
	cairo_restore(cr);
}

void scene_cairo_slice(const struct scene *s, cairo_t *cr, double ox, double oy, double y0, double y1)
{
	cairo_save(cr);
	for (int i = 0; i < s->n; i++) {
		double top = prim_top(&s->p[i]);
		if (top >= y0 && top < y1)
			draw_prim(cr, &s->p[i], ox, oy - y0);
	}
	cairo_restore(cr);
}
