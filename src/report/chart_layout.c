/* chart_layout.c: charts to scenes; see chart.h. Units are points (1/72 in). */
#include "chart.h"
#include "../core/common.h"

/* Colours: Okabe-Ito blue for single series (dark enough for grey print);
 * for series, an ordinal blue ramp, or blue/orange for two, which differ in
 * lightness too, so they stay apart in grey and for colour-blind readers. */
#define INK 0x222222u
#define MUTED 0x555555u
#define GRID 0xDDDDDDu
#define BAR 0x0072B2u
static const uint32_t two[] = { 0xE69F00u, 0x0072B2u };
static const uint32_t ramp[] = { 0xC6DBEFu, 0x6BAED6u, 0x2171B5u, 0x08306Bu, 0x9ECAE1u, 0x4292C6u };

static uint32_t series_color(int nser, int i)
{
	if (nser == 2)
		return two[i];
	return ramp[i % (int)ARRAY_SIZE(ramp)];
}

/* Text on a segment must contrast with it. */
static uint32_t text_on(uint32_t fill)
{
	double r = (fill >> 16) & 255, g = (fill >> 8) & 255, b = fill & 255;
	return 0.299 * r + 0.587 * g + 0.114 * b > 140 ? INK : 0xFFFFFFu;
}

struct chart *chart_new(enum chart_kind kind, int nrow, int nser)
{
	struct chart *c = xcalloc(1, sizeof(*c));
	c->kind = kind;
	c->nrow = nrow;
	c->nser = nser;
	c->row_code = xcalloc((size_t)nrow + 1, sizeof(char *));
	c->row_label = xcalloc((size_t)nrow + 1, sizeof(char *));
	c->ser_code = xcalloc((size_t)nser + 1, sizeof(char *));
	c->ser_label = xcalloc((size_t)nser + 1, sizeof(char *));
	c->v = xcalloc(st_mult((size_t)nrow, (size_t)nser) + 1, sizeof(*c->v));
	snprintf(c->hidden_text, sizeof(c->hidden_text), "x");
	return c;
}

bool chart_mostly_hidden(const struct chart *c)
{
	if (c->n_hidden)
		return true;
	int hidden = 0, shown = 0;
	for (int i = 0; i < c->nrow * c->nser; i++) {
		if (c->v[i].hidden)
			hidden++;
		else if (c->v[i].count)
			shown++;
	}
	return hidden > shown;
}

/* Whether the drawn chart shows the marker: a hidden value, a hidden share
 * (bars and stacked bars write shares), or an n = x in its subtitle. */
static bool shows_marker(const struct chart *c)
{
	if (c->subtitle_marked)
		return true;
	for (int i = 0; i < c->nrow * c->nser; i++)
		if (c->v[i].hidden || (c->v[i].share_hidden &&
				       (c->kind == CHART_BARS || c->kind == CHART_STACKED)))
			return true;
	return false;
}

void chart_free(struct chart *c)
{
	if (!c)
		return;
	free(c->title);
	free(c->subtitle);
	free(c->row_code);
	free(c->row_label);
	free(c->ser_code);
	free(c->ser_label);
	free(c->v);
	free(c);
}

void format_count(char *buf, size_t size, int64_t n)
{
	char digits[32];
	int len = snprintf(digits, sizeof(digits), "%lld", (long long)(n < 0 ? -n : n));
	size_t o = 0;
	if (n < 0 && o + 1 < size)
		buf[o++] = '-';
	for (int i = 0; i < len && o + 1 < size; i++) {
		if (i && (len - i) % 3 == 0 && o + 1 < size)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

void format_share(char *buf, size_t size, double share)
{
	snprintf(buf, size, "%.1f%%", share * 100.0);
}

/* ---- building the scene ---- */

static struct prim *push(struct scene *s, enum prim_kind kind)
{
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 64;
		s->p = xrealloc(s->p, st_mult((size_t)s->alloc, sizeof(*s->p)));
	}
	struct prim *p = &s->p[s->n++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->fill = p->stroke = COLOR_NONE;
	return p;
}

static struct prim *rect(struct scene *s, double x, double y, double w, double h, uint32_t fill)
{
	struct prim *p = push(s, PR_RECT);
	p->x = x;
	p->y = y;
	p->w = w;
	p->h = h;
	p->fill = fill;
	return p;
}

static struct prim *text(struct scene *s, double x, double y, const char *t, double size,
			 uint32_t color, enum anchor an)
{
	struct prim *p = push(s, PR_TEXT);
	p->x = x;
	p->y = y;
	p->text = xstrdup(t);
	p->size = size;
	p->fill = color;
	p->anchor = an;
	return p;
}

static void line(struct scene *s, double x1, double y1, double x2, double y2, uint32_t color,
		 double width)
{
	struct prim *p = push(s, PR_LINE);
	p->x = x1;
	p->y = y1;
	p->w = x2;
	p->h = y2;
	p->stroke = color;
	p->stroke_width = width;
}

static void data(struct prim *p, const struct chart *c, int row, int ser)
{
	const struct chart_value *v = &c->v[row * c->nser + ser];
	p->has_data = true;
	p->data_code = c->row_code[row];
	p->data_series = c->kind == CHART_TABLE || c->kind == CHART_STACKED ? c->ser_code[ser] : NULL;
	p->data_count = v->hidden ? 0 : v->count;
	p->data_hidden = v->hidden;
}

/* Cuts s with "…" until it fits in `width`; returns a new string. */
static char *fit(struct text_measure *tm, const char *s, double size, bool bold, double width)
{
	if (text_width(tm, s, size, bold) <= width)
		return xstrdup(s);
	size_t n = strlen(s);
	char *buf = xmalloc(n + 4);
	while (n > 0) {
		n--;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--; /* whole UTF-8 characters only */
		memcpy(buf, s, n);
		memcpy(buf + n, "…", sizeof("…"));
		if (text_width(tm, buf, size, bold) <= width)
			return buf;
	}
	memcpy(buf, "…", sizeof("…"));
	return buf;
}

static void value_text(const struct chart *c, const struct chart_value *v, char *buf, size_t size)
{
	if (v->hidden) {
		snprintf(buf, size, "%s", c->hidden_text);
		return;
	}
	char n[24], sh[24];
	format_count(n, sizeof(n), v->count);
	if (v->has_share) {
		format_share(sh, sizeof(sh), v->share);
		snprintf(buf, size, "%s (%s)", n, sh);
	} else if (v->share_hidden) {
		snprintf(buf, size, "%s (%s)", n, c->hidden_text);
	} else {
		snprintf(buf, size, "%s", n);
	}
}

/* Splits text into lines that fit `width`, breaking at spaces; draws them
 * from baseline y, `step` apart; returns the baseline of the last line. */
static double wrapped(struct scene *s, struct text_measure *tm, const char *t, double size,
		      bool bold, uint32_t color, double width, double y, double step)
{
	struct strbuf line = STRBUF_INIT, tryit = STRBUF_INIT;
	const char *p = t;
	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t n = sp ? (size_t)(sp - p) : strlen(p);
		strbuf_reset(&tryit);
		strbuf_addf(&tryit, "%s%s%.*s", line.buf, line.len ? " " : "", (int)n, p);
		if (line.len && text_width(tm, tryit.buf, size, bold) > width) {
			text(s, 0, y, line.buf, size, color, AN_START)->bold = bold;
			y += step;
			strbuf_reset(&line);
			strbuf_add(&line, p, n);
		} else {
			strbuf_reset(&line);
			strbuf_add(&line, tryit.buf, tryit.len);
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	char *last = fit(tm, line.buf, size, bold, width);
	text(s, 0, y, last, size, color, AN_START)->bold = bold;
	free(last);
	strbuf_release(&line);
	strbuf_release(&tryit);
	return y;
}

static double heading(const struct chart *c, double width, struct text_measure *tm,
		      struct scene *s)
{
	double y = wrapped(s, tm, c->title ? c->title : "", 9, true, INK, width, 10, 11);
	if (c->subtitle)
		y = wrapped(s, tm, c->subtitle, 6.5, false, MUTED, width, y + 10, 8);
	return y + 7;
}

static double empty(const struct chart *c, struct scene *s, double y)
{
	(void)c;
	text(s, 0, y + 9, "—", 8, MUTED, AN_START);
	return y + 14;
}

/* A mostly hidden chart: one sentence where its marks would be. */
static double too_few(const struct chart *c, double width, struct text_measure *tm,
		      struct scene *s, double y)
{
	return wrapped(s, tm, c->too_few, 7, false, MUTED, width, y + 8, 9) + 6;
}

#define LABEL_SIZE 7.0
#define ROW_H 12.5

static double label_column(const struct chart *c, double width, struct text_measure *tm)
{
	double w = 0;
	for (int i = 0; i < c->nrow; i++) {
		double tw = text_width(tm, c->row_label[i], LABEL_SIZE, false);
		if (tw > w)
			w = tw;
	}
	/* browsers draw the same font a few per cent wider than pango measures it */
	w = w * 1.05 + 8;
	return w > width * 0.42 ? width * 0.42 : w;
}

static double layout_bars(const struct chart *c, double width, struct text_measure *tm,
			  struct scene *s, double y)
{
	if (c->nrow == 0)
		return empty(c, s, y);
	double lw = label_column(c, width, tm), vw = 0;
	int64_t max = 0;
	char buf[64];
	for (int i = 0; i < c->nrow; i++) {
		const struct chart_value *v = &c->v[i * c->nser];
		value_text(c, v, buf, sizeof(buf));
		double tw = text_width(tm, buf, LABEL_SIZE, false);
		if (tw > vw)
			vw = tw;
		if (!v->hidden && v->count > max)
			max = v->count;
	}
	vw += 6;
	double area = width - lw - vw;
	if (area < 20)
		area = 20;
	for (int i = 0; i < c->nrow; i++) {
		const struct chart_value *v = &c->v[i * c->nser];
		double y0 = y + i * ROW_H, base = y0 + 8.5;
		char *label = fit(tm, c->row_label[i], LABEL_SIZE, false, lw - 6);
		text(s, lw - 4, base, label, LABEL_SIZE, INK, AN_END);
		free(label);
		value_text(c, v, buf, sizeof(buf));
		if (v->hidden) {
			struct prim *p = text(s, lw + 2, base, buf, LABEL_SIZE, MUTED, AN_START);
			p->italic = true;
			data(p, c, i, 0);
			continue;
		}
		double len = max ? area * (double)v->count / (double)max : 0;
		if (v->count && len < 0.8)
			len = 0.8;
		data(rect(s, lw, y0 + 2, len, ROW_H - 4, BAR), c, i, 0);
		text(s, lw + len + 3, base, buf, LABEL_SIZE, INK, AN_START);
	}
	return y + c->nrow * ROW_H + 2;
}

#define NUMBERS_SIZE 5.8

/* A line of numbers being built: its text and the values in it. */
struct numbers_line {
	struct strbuf text;
	struct prim_span *span;
	int nspan;
};

static void numbers_flush(struct scene *s, struct numbers_line *l, double x, double y)
{
	struct prim *p = text(s, x, y, l->text.buf, NUMBERS_SIZE, MUTED, AN_START);
	p->span = l->span;
	p->nspan = l->nspan;
	l->span = NULL;
	l->nspan = 0;
	strbuf_reset(&l->text);
}

/* Appends " · " (unless first) and the item, which stands for value (row, ser). */
static void numbers_add(struct numbers_line *l, const char *item, const struct chart *c, int row,
			int ser)
{
	const struct chart_value *v = &c->v[row * c->nser + ser];
	if (l->text.len)
		strbuf_adds(&l->text, " · ");
	l->span = xrealloc(l->span, st_mult((size_t)l->nspan + 1, sizeof(*l->span)));
	struct prim_span *sp = &l->span[l->nspan++];
	sp->start = l->text.len;
	sp->len = strlen(item);
	sp->data_code = c->row_code[row];
	sp->data_series = c->ser_code[ser];
	sp->data_count = v->hidden ? 0 : v->count;
	sp->data_hidden = v->hidden;
	strbuf_adds(&l->text, item);
}

/* The numbers of row `row` of a stacked chart, "Women 12 (40.0%) · Men x",
 * wrapped between segments to fit `area` from x0; each segment's text carries
 * its value. From baseline y, returns the baseline of the last line. */
static double stacked_numbers(const struct chart *c, int row, double x0, double area,
			      struct text_measure *tm, struct scene *s, double y)
{
	struct numbers_line ln = { STRBUF_INIT, NULL, 0 };
	struct strbuf item = STRBUF_INIT, tryit = STRBUF_INIT;
	for (int k = 0; k < c->nser; k++) {
		char buf[64];
		value_text(c, &c->v[row * c->nser + k], buf, sizeof(buf));
		strbuf_reset(&item);
		strbuf_addf(&item, "%s %s", c->ser_label[k], buf);
		strbuf_reset(&tryit);
		strbuf_addf(&tryit, "%s · %s", ln.text.buf, item.buf);
		if (ln.text.len && text_width(tm, tryit.buf, NUMBERS_SIZE, false) > area) {
			numbers_flush(s, &ln, x0, y);
			y += 7;
		}
		numbers_add(&ln, item.buf, c, row, k);
	}
	numbers_flush(s, &ln, x0, y);
	strbuf_release(&ln.text);
	strbuf_release(&item);
	strbuf_release(&tryit);
	return y;
}

static double layout_stacked(const struct chart *c, double width, struct text_measure *tm,
			     struct scene *s, double y)
{
	if (c->nrow == 0)
		return empty(c, s, y);
	/* legend */
	double x = 0;
	for (int k = 0; k < c->nser; k++) {
		double w = 9 + text_width(tm, c->ser_label[k], 6.5, false);
		if (x > 0 && x + w > width) {
			x = 0;
			y += 10;
		}
		rect(s, x, y + 1, 7, 7, series_color(c->nser, k));
		text(s, x + 9, y + 7.5, c->ser_label[k], 6.5, INK, AN_START);
		x += w + 10;
	}
	y += 12;
	double lw = label_column(c, width, tm), area = width - lw - 2;
	for (int i = 0; i < c->nrow; i++) {
		double y0 = y;
		char *label = fit(tm, c->row_label[i], LABEL_SIZE, false, lw - 6);
		text(s, lw - 4, y0 + 8.5, label, LABEL_SIZE, INK, AN_END);
		free(label);
		int64_t total = 0;
		bool any_hidden = false;
		for (int k = 0; k < c->nser; k++) {
			const struct chart_value *v = &c->v[i * c->nser + k];
			any_hidden |= v->hidden;
			total += v->hidden ? 0 : v->count;
		}
		/* the numbers, always, under the bar */
		y = stacked_numbers(c, i, lw, area, tm, s, y0 + 18.5) + 5;
		if (any_hidden || total == 0) {
			/* proportions would reveal hidden counts: no bar at all */
			struct prim *p = rect(s, lw, y0 + 2, area, 9, COLOR_NONE);
			p->stroke = GRID;
			p->stroke_width = 0.6;
			for (int k = 0; k < c->nser; k++)
				data(rect(s, lw, y0 + 2, 0, 9, COLOR_NONE), c, i, k);
			continue;
		}
		double xx = lw;
		for (int k = 0; k < c->nser; k++) {
			const struct chart_value *v = &c->v[i * c->nser + k];
			double w = area * (double)v->count / (double)total;
			uint32_t col = series_color(c->nser, k);
			data(rect(s, xx, y0 + 2, w, 9, col), c, i, k);
			if (v->has_share && w > 24) {
				char sh[32];
				format_share(sh, sizeof(sh), v->share);
				text(s, xx + w / 2, y0 + 9, sh, 5.8, text_on(col), AN_MIDDLE);
			}
			xx += w;
		}
	}
	return y;
}

static double layout_line(const struct chart *c, double width, struct scene *s, double y)
{
	if (c->nrow == 0)
		return empty(c, s, y);
	const double left = 26, h = 58, bottom = 12;
	double plot_w = width - left - 4;
	int64_t max = 0;
	for (int i = 0; i < c->nrow; i++)
		if (!c->v[i].hidden && c->v[i].count > max)
			max = c->v[i].count;
	if (max == 0)
		max = 1;
	double top = y + 4, base = top + h;
	char buf[32];
	line(s, left, base, left + plot_w, base, MUTED, 0.5);
	line(s, left, top, left + plot_w, top, GRID, 0.5);
	format_count(buf, sizeof(buf), max);
	text(s, left - 3, top + 2.5, buf, 6, MUTED, AN_END);
	text(s, left - 3, base + 2, "0", 6, MUTED, AN_END);
	double step = c->nrow > 1 ? plot_w / (c->nrow - 1) : 0;
	double *pts = NULL;
	int npts = 0;
	for (int i = 0; i <= c->nrow; i++) {
		const struct chart_value *v = i < c->nrow ? &c->v[i] : NULL;
		double x = left + (c->nrow > 1 ? step * i : plot_w / 2);
		if (v && !v->hidden) {
			double py = base - h * (double)v->count / (double)max;
			pts = xrealloc(pts, (size_t)(npts + 1) * 2 * sizeof(double));
			pts[npts * 2] = x;
			pts[npts * 2 + 1] = py;
			npts++;
			struct prim *m = rect(s, x - 1, py - 1, 2, 2, BAR);
			data(m, c, i, 0);
			continue;
		}
		if (v) {
			struct prim *t = text(s, x, base - 2, c->hidden_text, 4.5, MUTED, AN_MIDDLE);
			t->italic = true;
			data(t, c, i, 0);
		}
		if (npts > 1) {
			struct prim *p = push(s, PR_POLYLINE);
			p->pts = pts;
			p->npts = npts;
			p->stroke = BAR;
			p->stroke_width = 1.2;
			pts = NULL;
		}
		free(pts);
		pts = NULL;
		npts = 0;
	}
	/* x labels: the first month, each January, the last month */
	double last_x = -100;
	for (int i = 0; i < c->nrow; i++) {
		const char *code = c->row_code[i];
		bool january = strlen(code) == 7 && !strcmp(code + 5, "01");
		if (i != 0 && i != c->nrow - 1 && !january)
			continue;
		double x = left + (c->nrow > 1 ? step * i : plot_w / 2);
		if (x - last_x < 26 && i != 0)
			continue;
		text(s, x, base + bottom - 3, c->row_label[i], 5.5, MUTED, AN_MIDDLE);
		last_x = x;
	}
	return base + bottom;
}

static double layout_table(const struct chart *c, double width, struct text_measure *tm,
			   struct scene *s, double y)
{
	if (c->nrow == 0)
		return empty(c, s, y);
	const double rh = 8.5, size = 5.5;
	double first = 34, cw = (width - first) / (c->nser ? c->nser : 1);
	for (int k = 0; k < c->nser; k++) {
		char *h = fit(tm, c->ser_label[k], size, true, cw - 2);
		text(s, first + cw * (k + 1) - 1, y + 6, h, size, INK, AN_END)->bold = true;
		free(h);
	}
	y += 9;
	line(s, 0, y, width, y, MUTED, 0.4);
	for (int i = 0; i < c->nrow; i++) {
		double base = y + rh * (i + 1) - 2;
		if (i % 2)
			rect(s, 0, y + rh * i, width, rh, 0xF3F3F3u);
		text(s, 0, base, c->row_label[i], size, INK, AN_START);
		for (int k = 0; k < c->nser; k++) {
			const struct chart_value *v = &c->v[i * c->nser + k];
			char buf[32];
			if (v->hidden)
				snprintf(buf, sizeof(buf), "%s", c->hidden_text);
			else
				format_count(buf, sizeof(buf), v->count);
			struct prim *p = text(s, first + cw * (k + 1) - 1, base, buf, size,
					      v->hidden ? MUTED : INK, AN_END);
			data(p, c, i, k);
		}
	}
	return y + rh * c->nrow + 2;
}

void chart_layout(const struct chart *c, double width, struct text_measure *tm, struct scene *s)
{
	memset(s, 0, sizeof(*s));
	s->width = width;
	s->id = c->id;
	s->group = c->group;
	s->track = c->track;
	double y = heading(c, width, tm, s);
	if (c->too_few && c->nrow && chart_mostly_hidden(c)) {
		s->too_few = true;
		s->marked = c->subtitle_marked;
		s->height = too_few(c, width, tm, s, y) + 4;
		return;
	}
	s->marked = shows_marker(c);
	switch (c->kind) {
	case CHART_BARS: y = layout_bars(c, width, tm, s, y); break;
	case CHART_STACKED: y = layout_stacked(c, width, tm, s, y); break;
	case CHART_LINE: y = layout_line(c, width, s, y); break;
	case CHART_TABLE: y = layout_table(c, width, tm, s, y); break;
	}
	s->height = y + 4;
}

void scene_release(struct scene *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->p[i].text);
		free(s->p[i].pts);
		free(s->p[i].span);
	}
	free(s->p);
	memset(s, 0, sizeof(*s));
}
