/* chart_figures.c: the marks of two of the factsheet's figures (chart.h):
 * the sex-by-age pyramid and the map of registration points. Like every
 * chart, a hidden value is the marker and never a mark with a size: no bar
 * in the pyramid, and on the map a small hollow ring of one fixed size with
 * the marker in it, whatever the hidden count. */
#include "chart.h"
#include "map.h"
#include "../core/common.h"
#include <math.h>

#define INK 0x222222u
#define MUTED 0x555555u
#define GRID 0xDDDDDDu
#define BLUE 0x0072B2u
#define ORANGE 0xE69F00u
#define LABEL_SIZE 7.0
#define ROW_H 12.5

static struct prim *circle(struct scene *s, double x, double y, double r, uint32_t fill,
			   uint32_t stroke, double sw)
{
	struct prim *p = scene_add(s, PR_CIRCLE);
	p->x = x;
	p->y = y;
	p->w = r;
	p->fill = fill;
	p->stroke = stroke;
	p->stroke_width = sw;
	return p;
}

/* What the mark stands for: value (row, ser). */
static void data(struct prim *p, const struct chart *c, int row, int ser, bool with_series)
{
	const struct chart_value *v = &c->v[row * c->nser + ser];
	p->has_data = true;
	p->data_code = c->row_code[row];
	p->data_series = with_series ? c->ser_code[ser] : NULL;
	p->data_count = v->hidden ? 0 : v->count;
	p->data_hidden = v->hidden;
}

static void count_text(const struct chart *c, const struct chart_value *v, char *buf, size_t size)
{
	if (v->hidden)
		snprintf(buf, size, "%s", c->hidden_text);
	else
		format_count(buf, size, v->count);
}

/* ---- the pyramid ---- */

/* Men blue, women orange: the colours of the other charts of women and men. */
static uint32_t sex_color(const char *code, int i)
{
	if (code && !strcmp(code, "female"))
		return ORANGE;
	if (code && !strcmp(code, "male"))
		return BLUE;
	return i ? ORANGE : BLUE;
}

double chart_layout_pyramid(const struct chart *c, double width, struct text_measure *tm,
			    struct scene *s, double y)
{
	if (c->nrow == 0 || c->nser != 2) {
		scene_text(s, 0, y + 9, "—", 8, MUTED, AN_START);
		return y + 14;
	}
	/* the centre column: the age bands */
	double lw = 30;
	for (int i = 0; i < c->nrow; i++) {
		double w = text_width(tm, c->row_label[i], LABEL_SIZE, false) * 1.05 + 8;
		if (w > lw)
			lw = w;
	}
	if (lw > width * 0.5)
		lw = width * 0.5;   /* the bands' labels are the program's own, short */
	double side = (width - lw) / 2, xl = side, xr = side + lw, vw = 0;
	int64_t max = 0;
	char buf[48];
	for (int i = 0; i < c->nrow * c->nser; i++) {
		count_text(c, &c->v[i], buf, sizeof(buf));
		double w = text_width(tm, buf, LABEL_SIZE, false);
		if (w > vw)
			vw = w;
		if (!c->v[i].hidden && c->v[i].count > max)
			max = c->v[i].count;
	}
	double area = side - vw - 6;
	if (area < 10)
		area = 10;
	/* the two sides' names, over them */
	struct prim *h = scene_text(s, xl - 2, y + 7, c->ser_label[0], 7,
				    sex_color(c->ser_code[0], 0), AN_END);
	h->bold = true;
	h = scene_text(s, xr + 2, y + 7, c->ser_label[1], 7, sex_color(c->ser_code[1], 1),
		       AN_START);
	h->bold = true;
	y += 11;
	for (int k = 0; k < c->nrow; k++) {
		int row = c->nrow - 1 - k;   /* the oldest on top */
		double y0 = y + k * ROW_H, base = y0 + 8.5;
		scene_text(s, (xl + xr) / 2, base, c->row_label[row], LABEL_SIZE, INK, AN_MIDDLE);
		for (int ser = 0; ser < 2; ser++) {
			const struct chart_value *v = &c->v[row * c->nser + ser];
			double dir = ser == 0 ? -1 : 1, x0 = ser == 0 ? xl - 1 : xr + 1;
			enum anchor an = ser == 0 ? AN_END : AN_START;
			count_text(c, v, buf, sizeof(buf));
			if (v->hidden) {
				struct prim *p = scene_text(s, x0 + dir * 2, base, buf, LABEL_SIZE,
							    MUTED, an);
				p->italic = true;
				data(p, c, row, ser, true);
				continue;
			}
			double len = max ? area * (double)v->count / (double)max : 0;
			if (v->count && len < 0.8)
				len = 0.8;
			data(scene_rect(s, ser == 0 ? x0 - len : x0, y0 + 2, len, ROW_H - 4,
					sex_color(c->ser_code[ser], ser)), c, row, ser, true);
			scene_text(s, x0 + dir * (len + 3), base, buf, LABEL_SIZE, INK, an);
		}
	}
	/* the axes: the centre column's edges */
	for (int side_i = 0; side_i < 2; side_i++) {
		struct prim *ln = scene_add(s, PR_LINE);
		ln->x = ln->w = side_i ? xr : xl;
		ln->y = y;
		ln->h = y + c->nrow * ROW_H;
		ln->stroke = GRID;
		ln->stroke_width = 0.5;
	}
	return y + c->nrow * ROW_H + 2;
}

/* ---- the map ---- */

struct placed {
	int row;
	double x, y;
	bool on_map;
	int number;     /* its number on the map and in the list (0: not on the map) */
};

static int place_order(const void *a, const void *b, void *ctx)
{
	const struct chart *c = ctx;
	const struct placed *x = a, *y = b;
	const struct chart_value *vx = &c->v[x->row], *vy = &c->v[y->row];
	/* shown by count, then hidden, then zeros; each in the chart's order */
	int kx = vx->hidden ? 1 : vx->count ? 0 : 2, ky = vy->hidden ? 1 : vy->count ? 0 : 2;
	if (kx != ky)
		return kx - ky;
	if (kx == 0 && vx->count != vy->count)
		return vx->count > vy->count ? -1 : 1;
	return x->row - y->row;
}

/* Whether the box (x0, y0, x0 + w, y0 + h) meets the disc (cx, cy, r). */
static bool box_meets_disc(double x0, double y0, double w, double h, double cx, double cy,
			   double r)
{
	double nx = cx < x0 ? x0 : cx > x0 + w ? x0 + w : cx;
	double ny = cy < y0 ? y0 : cy > y0 + h ? y0 + h : cy;
	return (nx - cx) * (nx - cx) + (ny - cy) * (ny - cy) < r * r;
}

/* A circle on the map: centre, radius. */
struct disc {
	double x, y, r;
};

/* Writes a point's number beside its circle (centre x, y, radius r): at the
 * first of eight places around it, then further out, where its box meets no
 * number already written (boxes: x0, y0, x1, y1), no circle of the map
 * (discs) and stays on the map; where none is free, at the first place. */
static void put_number(struct scene *s, struct text_measure *tm, double x, double y, double r,
		       const char *num, double (*box)[4], int *nbox, const struct disc *disc,
		       int ndisc, double mw, double top, double mh)
{
	static const double dir[8][2] = { { 1, -1 }, { 1, 1 }, { -1, -1 }, { -1, 1 },
					  { 1, 0 }, { -1, 0 }, { 0, -1 }, { 0, 1 } };
	const double size = 5.5, h = size * 0.8;
	double w = text_width(tm, num, size, true) * 1.1;
	double bx = x + r * 0.75 + 1, by = y - r * 0.75 - 1 - h;   /* if every place is taken */
	for (int ring = 0; ring < 10; ring++) {
		double d = r * 0.75 + 1 + ring * 3;
		bool found = false;
		for (int k = 0; k < 8 && !found; k++) {
			double cx = x + dir[k][0] * (d + w / 2), cy = y + dir[k][1] * (d + h / 2);
			double x0 = cx - w / 2, y0 = cy - h / 2;
			if (x0 < 1 || x0 + w > mw - 1 || y0 < top + 1 || y0 + h > top + mh - 1)
				continue;
			found = true;
			for (int b = 0; b < *nbox && found; b++)
				found = x0 + w <= box[b][0] || x0 >= box[b][2] || y0 + h <= box[b][1] ||
					y0 >= box[b][3];
			for (int b = 0; b < ndisc && found; b++)
				found = !box_meets_disc(x0, y0, w, h, disc[b].x, disc[b].y,
							disc[b].r + 0.5);
			if (found) {
				bx = x0;
				by = y0;
			}
		}
		if (found)
			break;
	}
	box[*nbox][0] = bx;
	box[*nbox][1] = by;
	box[*nbox][2] = bx + w;
	box[*nbox][3] = by + h;
	(*nbox)++;
	scene_text(s, bx, by + h - 0.5, num, size, INK, AN_START)->bold = true;
}

double chart_layout_map(const struct chart *c, double width, struct text_measure *tm,
			struct scene *s, double y)
{
	const double west = map_box.west / 100.0, east = map_box.east / 100.0;
	const double south = map_box.south / 100.0, north = map_box.north / 100.0;
	const double cosm = cos((south + north) / 2 * M_PI / 180);
	bool side_list = width >= 380;
	double mw = side_list ? floor(width * 0.66) : width;
	double k = mw / ((east - west) * cosm), mh = (north - south) * k;
	double top = y;
#define PX(lon) (((lon) - west) * cosm * k)
#define PY(lat) (top + (north - (lat)) * k)
	/* the sea, then one path per country (its rings); the offices'
	 * countries a shade darker */
	struct prim *sea = scene_rect(s, 0, top, mw, mh, 0xF4F8FBu);
	sea->stroke = 0xC8C8C8u;
	sea->stroke_width = 0.5;
	for (int i = 0; i < map_nrings;) {
		int country = map_rings[i].country, j = i, npts = 0;
		for (; j < map_nrings && map_rings[j].country == country; j++)
			npts += map_rings[j].n + 1;
		struct prim *p = scene_add(s, PR_PATH);
		p->pts = xmalloc(st_mult((size_t)npts, 2 * sizeof(double)));
		for (int r = i; r < j; r++) {
			const int16_t *q = &map_pts[2 * map_rings[r].start];
			for (int m = 0; m < map_rings[r].n; m++) {
				p->pts[2 * p->npts] = PX(q[2 * m] / 100.0);
				p->pts[2 * p->npts + 1] = PY(q[2 * m + 1] / 100.0);
				p->npts++;
			}
			p->pts[2 * p->npts] = p->pts[2 * p->npts + 1] = NAN;
			p->npts++;
		}
		p->fill = country == 484 || country == 320 ? 0xE2E2E2u : 0xF0F0F0u;
		p->stroke = 0xA8A8A8u;
		p->stroke_width = 0.4;
		i = j;
	}
	/* the points: numbered by count (hidden and zeros after) */
	struct placed *pl = xcalloc((size_t)c->nrow + 1, sizeof(*pl));
	int64_t max = 0;
	for (int i = 0; i < c->nrow; i++) {
		double lat = c->geo ? c->geo[2 * i] : NAN, lon = c->geo ? c->geo[2 * i + 1] : NAN;
		pl[i].row = i;
		pl[i].on_map = !isnan(lat) && !isnan(lon) && lat >= south && lat <= north &&
			       lon >= west && lon <= east;
		if (pl[i].on_map) {
			pl[i].x = PX(lon);
			pl[i].y = PY(lat);
		}
		if (!c->v[i].hidden && c->v[i].count > max)
			max = c->v[i].count;
	}
	qsort_r(pl, (size_t)c->nrow, sizeof(*pl), place_order, (void *)c);
	int number = 0;
	for (int i = 0; i < c->nrow; i++)
		if (pl[i].on_map)
			pl[i].number = ++number;
	/* largest circles first, so the small ones stay visible on top; then
	 * each number beside its circle, where it covers no circle and no other
	 * number */
	const double rmax = mw * 0.045;
	struct disc *disc = xcalloc((size_t)c->nrow + 1, sizeof(*disc));
	int ndisc = 0;
	for (int i = 0; i < c->nrow; i++) {
		const struct placed *q = &pl[i];
		const struct chart_value *v = &c->v[q->row];
		if (!q->on_map)
			continue;
		double r;
		if (v->hidden) {
			/* one size for every hidden count: the ring says nothing of it;
			 * the marker in it stands for the value */
			r = 3.4;
			circle(s, q->x, q->y, r, 0xFFFFFFu, MUTED, 0.7);
			struct prim *t = scene_text(s, q->x, q->y + 1.7, c->hidden_text, 5, MUTED,
						    AN_MIDDLE);
			t->italic = true;
			data(t, c, q->row, 0, false);
		} else if (!v->count) {
			r = 1.6;
			data(circle(s, q->x, q->y, r, COLOR_NONE, MUTED, 0.6), c, q->row, 0, false);
		} else {
			r = max ? rmax * sqrt((double)v->count / (double)max) : 0;
			if (r < 1.8)
				r = 1.8;
			data(circle(s, q->x, q->y, r, BLUE, 0xFFFFFFu, 0.7), c, q->row, 0, false);
		}
		disc[ndisc++] = (struct disc){ q->x, q->y, r };
	}
	double (*box)[4] = xcalloc((size_t)c->nrow + 1, sizeof(*box));
	int nbox = 0;
	for (int i = 0, d = 0; i < c->nrow; i++) {
		const struct placed *q = &pl[i];
		if (!q->on_map)
			continue;
		char num[16];
		snprintf(num, sizeof(num), "%d", q->number);
		put_number(s, tm, q->x, q->y, disc[d].r, num, box, &nbox, disc, ndisc, mw, top, mh);
		d++;
	}
	free(disc);
	free(box);
	/* the list: number, name, count -- every value in words */
	double lx = side_list ? mw + 10 : 0, lw = side_list ? width - lx : width;
	double ly = side_list ? top : top + mh + 6;
	char buf[48];
	double base = ly + 8;
	for (int i = 0; i < c->nrow; i++) {
		const struct placed *q = &pl[i];
		const struct chart_value *v = &c->v[q->row];
		char num[16];
		snprintf(num, sizeof(num), "%s", "–");
		if (q->number)
			snprintf(num, sizeof(num), "%d", q->number);
		scene_text(s, lx + 10, base, num, 6.5, MUTED, AN_END);
		count_text(c, v, buf, sizeof(buf));
		double cw = text_width(tm, buf, 6.8, false) + 6;
		struct prim *t = scene_text(s, lx + lw, base, buf, 6.8, v->hidden ? MUTED : INK,
					    AN_END);
		t->italic = v->hidden;
		data(t, c, q->row, 0, false);
		char **lines;
		int nl = text_lines(tm, c->row_label[q->row], 6.8, false, lw - 14 - cw, &lines);
		for (int l = 0; l < nl; l++) {
			scene_text(s, lx + 14, base, lines[l], 6.8, INK, AN_START);
			free(lines[l]);
			base += l + 1 < nl ? 8 : 0;
		}
		free(lines);
		base += 10;
	}
	double list_bottom = base - 4;
	free(pl);
	y = side_list ? (top + mh > list_bottom ? top + mh : list_bottom) : list_bottom;
	if (c->note) {
		char **lines;
		int nl = text_lines(tm, c->note, 5.8, false, width, &lines);
		for (int l = 0; l < nl; l++) {
			scene_text(s, 0, y + 9, lines[l], 5.8, MUTED, AN_START);
			free(lines[l]);
			y += 7.5;
		}
		free(lines);
		y += 3.5;
	}
	return y + 2;
#undef PX
#undef PY
}
