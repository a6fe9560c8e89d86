/* chart_svg.c: a scene as inline SVG. Every string is escaped (core/html.c);
 * data-* attributes say what each mark stands for. */
#include "chart.h"
#include "../core/common.h"
#include "../core/html.h"
#include <math.h>

static void color(struct strbuf *sb, const char *attr, uint32_t c)
{
	if (c == COLOR_NONE)
		strbuf_addf(sb, " %s=\"none\"", attr);
	else
		strbuf_addf(sb, " %s=\"#%06X\"", attr, c);
}

static void data(struct strbuf *sb, const struct prim *p)
{
	if (!p->has_data)
		return;
	html_attr(sb, "data-code", p->data_code ? p->data_code : "");
	if (p->data_series)
		html_attr(sb, "data-series", p->data_series);
	if (p->data_hidden)
		strbuf_adds(sb, " data-suppressed=\"true\"");
	else
		strbuf_addf(sb, " data-count=\"%lld\"", (long long)p->data_count);
}

/* A text's content: plain, or with each value it shows in a <tspan> with
 * that value's data-* attributes. */
static void text_content(struct strbuf *sb, const struct prim *p)
{
	if (!p->nspan) {
		html_text(sb, p->text);
		return;
	}
	struct strbuf piece = STRBUF_INIT;
	size_t at = 0;
	for (int i = 0; i < p->nspan; i++) {
		const struct prim_span *sp = &p->span[i];
		strbuf_reset(&piece);
		strbuf_add(&piece, p->text + at, sp->start - at);
		html_text(sb, piece.buf);
		strbuf_adds(sb, "<tspan");
		html_attr(sb, "data-code", sp->data_code ? sp->data_code : "");
		if (sp->data_series)
			html_attr(sb, "data-series", sp->data_series);
		if (sp->data_hidden)
			strbuf_adds(sb, " data-suppressed=\"true\"");
		else
			strbuf_addf(sb, " data-count=\"%lld\"", (long long)sp->data_count);
		strbuf_addch(sb, '>');
		strbuf_reset(&piece);
		strbuf_add(&piece, p->text + sp->start, sp->len);
		html_text(sb, piece.buf);
		strbuf_adds(sb, "</tspan>");
		at = sp->start + sp->len;
	}
	html_text(sb, p->text + at);
	strbuf_release(&piece);
}

void scene_svg(const struct scene *s, struct strbuf *sb)
{
	strbuf_addf(sb, "<svg viewBox=\"0 0 %.2f %.2f\" width=\"%.2f\" height=\"%.2f\" role=\"img\"",
		    s->width, s->height, s->width, s->height);
	if (s->id)
		html_attr(sb, "data-indicator", s->id);
	if (s->group)
		html_attr(sb, "data-group", s->group);
	if (s->track)
		html_attr(sb, "data-track", s->track);
	if (s->too_few)
		strbuf_adds(sb, " data-too-few=\"true\"");
	strbuf_adds(sb, " font-family=\"" FACTSHEET_FONT ", Verdana, sans-serif\">");
	for (int i = 0; i < s->n; i++) {
		const struct prim *p = &s->p[i];
		switch (p->kind) {
		case PR_RECT:
			strbuf_addf(sb, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"",
				    p->x, p->y, p->w, p->h);
			color(sb, "fill", p->fill);
			if (p->stroke != COLOR_NONE) {
				color(sb, "stroke", p->stroke);
				strbuf_addf(sb, " stroke-width=\"%.2f\"", p->stroke_width);
			}
			data(sb, p);
			strbuf_adds(sb, "/>");
			break;
		case PR_TEXT:
			strbuf_addf(sb, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\"", p->x, p->y, p->size);
			color(sb, "fill", p->fill);
			if (p->bold)
				strbuf_adds(sb, " font-weight=\"bold\"");
			if (p->italic)
				strbuf_adds(sb, " font-style=\"italic\"");
			if (p->anchor != AN_START)
				strbuf_adds(sb, p->anchor == AN_MIDDLE ? " text-anchor=\"middle\""
							     : " text-anchor=\"end\"");
			data(sb, p);
			strbuf_addch(sb, '>');
			text_content(sb, p);
			strbuf_adds(sb, "</text>");
			break;
		case PR_LINE:
			strbuf_addf(sb, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"",
				    p->x, p->y, p->w, p->h);
			color(sb, "stroke", p->stroke);
			strbuf_addf(sb, " stroke-width=\"%.2f\"/>", p->stroke_width);
			break;
		case PR_POLYLINE:
			strbuf_adds(sb, "<polyline points=\"");
			for (int k = 0; k < p->npts; k++)
				strbuf_addf(sb, "%s%.2f,%.2f", k ? " " : "", p->pts[2 * k], p->pts[2 * k + 1]);
			strbuf_addch(sb, '"');
			color(sb, "fill", COLOR_NONE);
			color(sb, "stroke", p->stroke);
			strbuf_addf(sb, " stroke-width=\"%.2f\" stroke-linejoin=\"round\"/>", p->stroke_width);
			break;
		case PR_CIRCLE:
			strbuf_addf(sb, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\"", p->x, p->y, p->w);
			color(sb, "fill", p->fill);
			if (p->stroke != COLOR_NONE) {
				color(sb, "stroke", p->stroke);
				strbuf_addf(sb, " stroke-width=\"%.2f\"", p->stroke_width);
			}
			data(sb, p);
			strbuf_adds(sb, "/>");
			break;
		case PR_PATH: {
			strbuf_adds(sb, "<path d=\"");
			bool move = true;
			for (int k = 0; k < p->npts; k++) {
				double px = p->pts[2 * k], py = p->pts[2 * k + 1];
				if (isnan(px)) {
					strbuf_adds(sb, "Z");
					move = true;
					continue;
				}
				strbuf_addf(sb, "%c%.1f %.1f", move ? 'M' : 'L', px, py);
				move = false;
			}
			strbuf_adds(sb, "Z\"");
			color(sb, "fill", p->fill);
			color(sb, "stroke", p->stroke);
			strbuf_addf(sb, " stroke-width=\"%.2f\" stroke-linejoin=\"round\"/>", p->stroke_width);
			break;
		}
		}
	}
	strbuf_adds(sb, "</svg>");
}
