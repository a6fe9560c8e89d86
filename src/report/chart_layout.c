/* chart_layout.c: charts to scenes; see chart.h. Units are points (1/72 in). */
#include "chart.h"
#include "../core/common.h"
#include <math.h>

/* Colours: Okabe-Ito blue for single series (dark enough for grey print);
 * for series, an ordinal blue ramp, or blue/orange for two, which differ in
 * lightness too, so they stay apart in grey and for colour-blind readers. */
#define INK 0x222222u
#define MUTED 0x555555u
#define GRID 0xDDDDDDu
#define BAR 0x0072B2u
static const uint32_t two[] = { 0xE69F00u, 0x0072B2u };
static const uint32_t ramp[] = { 0x9ECAE1u, 0x4A98C9u, 0x1C5FA8u, 0x08306Bu, 0xC6DBEFu, 0x2171B5u };
#define HIDDEN_FILL 0xE4E4E4u   /* the part of a 100% bar that hidden values make up */

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
	free(c->geo);
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

#define LABEL_SIZE 7.0
#define LABEL_STEP 8.0
#define ROW_H 12.5

/* ---- building the scene ---- */

struct prim *scene_add(struct scene *s, enum prim_kind kind)
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

struct prim *scene_rect(struct scene *s, double x, double y, double w, double h, uint32_t fill)
{
	struct prim *p = scene_add(s, PR_RECT);
	p->x = x;
	p->y = y;
	p->w = w;
	p->h = h;
	p->fill = fill;
	return p;
}

struct prim *scene_text(struct scene *s, double x, double y, const char *t, double size,
			uint32_t color, enum anchor an)
{
	struct prim *p = scene_add(s, PR_TEXT);
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
	struct prim *p = scene_add(s, PR_LINE);
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

/* The end of the longest prefix of s[0..n) that fits `width` (whole UTF-8
 * characters; at least one character). */
static size_t fit_chars(struct text_measure *tm, const char *s, size_t n, double size, bool bold,
			double width)
{
	char *buf = xmalloc(n + 1);
	size_t lo = 0, at = 0;
	while (at < n) {
		size_t next = at + 1;
		while (next < n && ((unsigned char)s[next] & 0xC0) == 0x80)
			next++;
		memcpy(buf, s, next);
		buf[next] = '\0';
		if (lo && text_width(tm, buf, size, bold) > width)
			break;
		lo = at = next;
	}
	free(buf);
	return lo;
}

int text_lines(struct text_measure *tm, const char *t, double size, bool bold, double width,
	       char ***lines)
{
	struct strbuf line = STRBUF_INIT, tryit = STRBUF_INIT;
	char **out = NULL;
	int n = 0;
#define EMIT(str) do { out = xrealloc(out, st_mult((size_t)n + 2, sizeof(*out))); \
		       out[n++] = xstrdup(str); } while (0)
	const char *p = t ? t : "";
	while (*p == ' ')
		p++;
	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		strbuf_reset(&tryit);
		strbuf_addf(&tryit, "%s%s%.*s", line.buf, line.len ? " " : "", (int)len, p);
		if (text_width(tm, tryit.buf, size, bold) <= width) {
			strbuf_reset(&line);
			strbuf_add(&line, tryit.buf, tryit.len);
		} else {
			if (line.len) {
				EMIT(line.buf);
				strbuf_reset(&line);
			}
			/* a word wider than a line: broken at characters */
			const char *w = p;
			size_t left = len;
			for (;;) {
				strbuf_reset(&tryit);
				strbuf_add(&tryit, w, left);
				if (text_width(tm, tryit.buf, size, bold) <= width)
					break;
				size_t k = fit_chars(tm, w, left, size, bold, width);
				strbuf_reset(&tryit);
				strbuf_add(&tryit, w, k);
				EMIT(tryit.buf);
				w += k;
				left -= k;
			}
			strbuf_add(&line, w, left);
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	if (line.len || !n)
		EMIT(line.buf);
#undef EMIT
	strbuf_release(&line);
	strbuf_release(&tryit);
	out[n] = NULL;
	*lines = out;
	return n;
}

static void free_lines(char **lines, int n)
{
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
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

/* Draws text in lines that fit `width` from baseline y, `step` apart;
 * returns the baseline of the last line. */
static double wrapped(struct scene *s, struct text_measure *tm, const char *t, double size,
		      bool bold, uint32_t color, double width, double y, double step)
{
	char **lines;
	int n = text_lines(tm, t, size, bold, width, &lines);
	for (int i = 0; i < n; i++) {
		scene_text(s, 0, y, lines[i], size, color, AN_START)->bold = bold;
		if (i + 1 < n)
			y += step;
	}
	free_lines(lines, n);
	return y;
}

/* A label in lines that fit `width`, right-aligned at x, first baseline y;
 * returns how many lines. */
static int label_lines(struct scene *s, struct text_measure *tm, const char *t, double x, double y,
		       double width)
{
	char **lines;
	int n = text_lines(tm, t, LABEL_SIZE, false, width, &lines);
	for (int i = 0; i < n; i++)
		scene_text(s, x, y + i * LABEL_STEP, lines[i], LABEL_SIZE, INK, AN_END);
	free_lines(lines, n);
	return n;
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
	scene_text(s, 0, y + 9, "—", 8, MUTED, AN_START);
	return y + 14;
}

/* A mostly hidden chart: one sentence where its marks would be. */
static double too_few(const struct chart *c, double width, struct text_measure *tm,
		      struct scene *s, double y)
{
	return wrapped(s, tm, c->too_few, 7, false, MUTED, width, y + 8, 9) + 6;
}


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

static void add_break(struct scene *s, double y, double head_y0, double head_y1)
{
	if (s->nbrk == s->abrk) {
		s->abrk = s->abrk ? s->abrk * 2 : 32;
		s->brk = xrealloc(s->brk, st_mult((size_t)s->abrk, sizeof(*s->brk)));
	}
	s->brk[s->nbrk++] = (struct scene_break){ y, head_y0, head_y1 };
}

/* The width a label may take in a label column lw wide (room for browsers,
 * which draw the font a little wider than pango measures it). */
#define LABEL_ROOM(lw) (((lw) - 6) / 1.05)

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
	vw = vw * 1.05 + 6;
	double area = width - lw - vw;
	if (area < 20)
		area = 20;
	for (int i = 0; i < c->nrow; i++) {
		const struct chart_value *v = &c->v[i * c->nser];
		double y0 = y, base = y0 + 8.5;
		if (i > 0)
			add_break(s, y0, y0, y0);
		int nl = label_lines(s, tm, c->row_label[i], lw - 4, base, LABEL_ROOM(lw));
		y += nl > 1 ? ROW_H + (nl - 1) * LABEL_STEP : ROW_H;
		value_text(c, v, buf, sizeof(buf));
		if (v->hidden) {
			struct prim *p = scene_text(s, lw + 2, base, buf, LABEL_SIZE, MUTED,
						    AN_START);
			p->italic = true;
			data(p, c, i, 0);
			continue;
		}
		double len = max ? area * (double)v->count / (double)max : 0;
		if (v->count && len < 0.8)
			len = 0.8;
		data(scene_rect(s, lw, y0 + 2, len, ROW_H - 4, BAR), c, i, 0);
		scene_text(s, lw + len + 3, base, buf, LABEL_SIZE, INK, AN_START);
	}
	return y + 2;
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
	struct prim *p = scene_text(s, x, y, l->text.buf, NUMBERS_SIZE, MUTED, AN_START);
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

/* A swatch or segment: filled, with a thin outline so that the lightest
 * colour still shows on white paper. */
static struct prim *swatch(struct scene *s, double x, double y, double w, double h, uint32_t fill)
{
	struct prim *p = scene_rect(s, x, y, w, h, fill);
	p->stroke = MUTED;
	p->stroke_width = 0.3;
	return p;
}

static double layout_stacked(const struct chart *c, double width, struct text_measure *tm,
			     struct scene *s, double y)
{
	if (c->nrow == 0)
		return empty(c, s, y);
	/* legend */
	double x = 0;
	for (int k = 0; k < c->nser; k++) {
		double w = 9 + text_width(tm, c->ser_label[k], 6.5, false) * 1.05;
		if (x > 0 && x + w > width) {
			x = 0;
			y += 10;
		}
		swatch(s, x, y + 1, 7, 7, series_color(c->nser, k));
		scene_text(s, x + 9, y + 7.5, c->ser_label[k], 6.5, INK, AN_START);
		x += w + 10;
	}
	y += 12;
	double lw = label_column(c, width, tm), area = width - lw - 2;
	for (int i = 0; i < c->nrow; i++) {
		double y0 = y;
		if (i > 0)
			add_break(s, y0, y0, y0);
		int nl = label_lines(s, tm, c->row_label[i], lw - 4, y0 + 8.5, LABEL_ROOM(lw));
		int64_t total = 0;
		bool any_hidden = false, shares = true;
		double shown = 0;
		for (int k = 0; k < c->nser; k++) {
			const struct chart_value *v = &c->v[i * c->nser + k];
			any_hidden |= v->hidden;
			total += v->hidden ? 0 : v->count;
			if (!v->hidden) {
				shares &= v->has_share || v->count == 0;
				shown += v->has_share ? v->share : 0;
			}
		}
		/* the numbers, always, under the bar */
		y = stacked_numbers(c, i, lw, area, tm, s, y0 + 18.5) + 5;
		double label_end = y0 + 8.5 + (nl - 1) * LABEL_STEP + 4;
		if (y < label_end)
			y = label_end;
		/* Segments: count / total when every value is shown; with hidden
		 * values, the shown ones by their published shares (count / n) and
		 * the rest one grey part marked x -- it says only what n and the
		 * shown counts already say. No share to go by: an outline only. */
		if ((any_hidden && (!shares || shown <= 0)) || total == 0) {
			struct prim *p = scene_rect(s, lw, y0 + 2, area, 9, COLOR_NONE);
			p->stroke = GRID;
			p->stroke_width = 0.6;
			for (int k = 0; k < c->nser; k++)
				data(scene_rect(s, lw, y0 + 2, 0, 9, COLOR_NONE), c, i, k);
			continue;
		}
		double xx = lw;
		for (int k = 0; k < c->nser; k++) {
			const struct chart_value *v = &c->v[i * c->nser + k];
			if (v->hidden) {
				data(scene_rect(s, lw, y0 + 2, 0, 9, COLOR_NONE), c, i, k);
				continue;
			}
			double w = any_hidden ? area * (v->has_share ? v->share : 0)
					      : area * (double)v->count / (double)total;
			uint32_t col = series_color(c->nser, k);
			data(swatch(s, xx, y0 + 2, w, 9, col), c, i, k);
			if (v->has_share) {
				char sh[32];
				format_share(sh, sizeof(sh), v->share);
				if (text_width(tm, sh, 5.8, false) * 1.05 + 3 < w)
					scene_text(s, xx + w / 2, y0 + 9, sh, 5.8, text_on(col),
						   AN_MIDDLE);
			}
			xx += w;
		}
		if (any_hidden && xx < lw + area - 0.5) {
			double w = lw + area - xx;
			swatch(s, xx, y0 + 2, w, 9, HIDDEN_FILL);
			if (text_width(tm, c->hidden_text, 5.8, false) + 3 < w) {
				struct prim *t = scene_text(s, xx + w / 2, y0 + 9, c->hidden_text,
							    5.8, INK, AN_MIDDLE);
				t->italic = true;
			}
		}
	}
	return y;
}

/* A round number at or above v for the top of an axis: 1, 2, 2.5, 5 x 10^k. */
static int64_t nice_top(int64_t v)
{
	if (v <= 1)
		return 1;
	int64_t p = 1;
	while (p <= v / 10)
		p *= 10;
	static const int64_t step[] = { 10, 20, 25, 50, 100 };
	for (int i = 0; i < 5; i++)
		if (step[i] * p / 10 >= v)
			return step[i] * p / 10;
	return 10 * p;
}

static double layout_line(const struct chart *c, double width, struct text_measure *tm,
			  struct scene *s, double y)
{
	if (c->nrow == 0)
		return empty(c, s, y);
	const double h = 58, bottom = 12, tsize = 6;
	int64_t max = c->scale_max;
	if (max <= 0)
		for (int i = 0; i < c->nrow; i++)
			if (!c->v[i].hidden && c->v[i].count > max)
				max = c->v[i].count;
	max = nice_top(max);
	char top_txt[32], mid_txt[32];
	format_count(top_txt, sizeof(top_txt), max);
	bool mid = max >= 2 && max % 2 == 0;
	format_count(mid_txt, sizeof(mid_txt), max / 2);
	double left = text_width(tm, top_txt, tsize, false) * 1.05 + 5;
	if (left < 12)
		left = 12;
	double plot_w = width - left - 2;
	double top = y + 4, base = top + h;
	line(s, left, base, left + plot_w, base, MUTED, 0.5);
	line(s, left, top, left + plot_w, top, GRID, 0.5);
	scene_text(s, left - 3, top + 2.5, top_txt, tsize, MUTED, AN_END);
	if (mid) {
		line(s, left, top + h / 2, left + plot_w, top + h / 2, GRID, 0.3);
		scene_text(s, left - 3, top + h / 2 + 2.2, mid_txt, tsize, MUTED, AN_END);
	}
	scene_text(s, left - 3, base + 2, "0", tsize, MUTED, AN_END);
	double step = c->nrow > 1 ? plot_w / (c->nrow - 1) : 0;
	/* hidden months: their marker in as many rows as keep neighbours apart */
	double xw = text_width(tm, c->hidden_text, 4.5, false) * 1.1 + 0.8;
	int rows = step > 0 && step < xw ? (int)ceil(xw / step) : 1;
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
			double d = c->nrow <= 3 ? 4 : 1.6;   /* a month or two: no line to see */
			struct prim *m = scene_rect(s, x - d / 2, py - d / 2, d, d, BAR);
			data(m, c, i, 0);
			continue;
		}
		if (v) {
			struct prim *t = scene_text(s, x, base - 2 - 5.5 * (i % rows),
						    c->hidden_text, 4.5, MUTED, AN_MIDDLE);
			t->italic = true;
			data(t, c, i, 0);
		}
		if (npts > 1) {
			struct prim *p = scene_add(s, PR_POLYLINE);
			p->pts = pts;
			p->npts = npts;
			p->stroke = BAR;
			p->stroke_width = 1.0;
			pts = NULL;
		}
		free(pts);
		pts = NULL;
		npts = 0;
	}
	/* x labels: the first month, the last, and each January between that
	 * has room (labels never overlap, nor leave the chart) */
	const double lsize = 5.5;
	double last_x = left + (c->nrow > 1 ? plot_w : plot_w / 2);
	double last_w = text_width(tm, c->row_label[c->nrow - 1], lsize, false) * 1.05;
	double last_left = c->nrow > 1 ? last_x - last_w : last_x - last_w / 2;
	double right = -1e9;
	for (int i = 0; i < c->nrow - 1; i++) {
		const char *code = c->row_code[i];
		bool january = strlen(code) == 7 && !strcmp(code + 5, "01");
		if (i != 0 && !january)
			continue;
		double x = left + step * i, w = text_width(tm, c->row_label[i], lsize, false) * 1.05;
		double x0 = i == 0 ? x - (x - w / 2 < 0 ? x : w / 2) : x - w / 2;
		if (x0 < right + 4 || x0 + w > last_left - 4)
			continue;
		scene_text(s, x0, base + bottom - 3, c->row_label[i], lsize, MUTED, AN_START);
		right = x0 + w;
	}
	scene_text(s, last_x, base + bottom - 3, c->row_label[c->nrow - 1], lsize, MUTED,
		   c->nrow > 1 ? AN_END : AN_MIDDLE);
	return base + bottom;
}

#define ZERO_RUN 4

/* Whether row i of a table is 0 in every column (none hidden). */
static bool row_zero(const struct chart *c, int i)
{
	for (int k = 0; k < c->nser; k++)
		if (c->v[i * c->nser + k].hidden || c->v[i * c->nser + k].count)
			return false;
	return true;
}

/* A table: rows (months) down, series (points) across. Column heads wrap;
 * columns narrower than TABLE_COL_MIN are set in bands (the first columns
 * for all months, then the next ...). A run of months with no registration
 * at all is one row of zeros. It may be cut between any two rows,
 * the piece after repeating its band's heads, and between bands. */
#define TABLE_COL_MIN 36.0
#define TABLE_COL_MAX 80.0

static double layout_table(const struct chart *c, double width, struct text_measure *tm,
			   struct scene *s, double y)
{
	if (c->nrow == 0)
		return empty(c, s, y);
	const double rh = 8.5, size = 5.5, hstep = 6.5;
	/* Rows: a month each, except that a run of ZERO_RUN or more months with
	 * no registration anywhere is one row, "2020-09 – 2025-12", of zeros. */
	int *row_end = xcalloc((size_t)c->nrow + 1, sizeof(*row_end));
	int nshow = 0;
	for (int i = 0; i < c->nrow;) {
		int j = i;
		while (j < c->nrow && row_zero(c, j))
			j++;
		int end = j - i >= ZERO_RUN ? j : i + 1;
		row_end[i] = end;
		nshow++;
		i = end;
	}
	char **label = xcalloc((size_t)c->nrow + 1, sizeof(*label));
	double first = 0;
	for (int i = 0; i < c->nrow; i = row_end[i]) {
		if (row_end[i] > i + 1) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "%s – %s", c->row_label[i], c->row_label[row_end[i] - 1]);
			label[i] = strbuf_detach(&sb, NULL);
		} else {
			label[i] = xstrdup(c->row_label[i]);
		}
		double w = text_width(tm, label[i], size, false) * 1.05;
		if (w > first)
			first = w;
	}
	first += 6;
	int nser = c->nser ? c->nser : 1;
	/* a column at least as wide as the longest word of a head (up to a
	 * limit: a longer word breaks between characters) */
	double colmin = TABLE_COL_MIN;
	for (int k = 0; k < c->nser; k++) {
		const char *p = c->ser_label[k];
		while (*p) {
			size_t n = strcspn(p, " ");
			char word[128];
			snprintf(word, sizeof(word), "%.*s", (int)(n < sizeof(word) ? n : sizeof(word) - 1), p);
			double w = text_width(tm, word, size, true) * 1.05 + 4;
			if (w > colmin)
				colmin = w < TABLE_COL_MAX ? w : TABLE_COL_MAX;
			p += n;
			while (*p == ' ')
				p++;
		}
	}
	int per = (int)((width - first) / colmin);
	if (per < 1)
		per = 1;
	int nband = (nser + per - 1) / per;
	per = (nser + nband - 1) / nband;   /* balanced bands */
	double cw = (width - first) / per;
	if (cw > TABLE_COL_MAX)
		cw = TABLE_COL_MAX;
	double tw = first + cw * per;
	for (int b = 0; b < nband; b++) {
		int k0 = b * per, k1 = k0 + per < c->nser ? k0 + per : c->nser;
		if (b > 0) {
			y += 8;
			add_break(s, y, y, y);
		}
		double head_y0 = y;
		/* heads: each in lines that fit its column, bottom-aligned */
		int most = 1;
		char ***lines = xcalloc((size_t)(k1 - k0) + 1, sizeof(*lines));
		int *nl = xcalloc((size_t)(k1 - k0) + 1, sizeof(*nl));
		for (int k = k0; k < k1; k++) {
			nl[k - k0] = text_lines(tm, c->ser_label[k], size, true, (cw - 3) / 1.05, &lines[k - k0]);
			if (nl[k - k0] > most)
				most = nl[k - k0];
		}
		for (int k = k0; k < k1; k++) {
			double xr = first + cw * (k - k0 + 1) - 1;
			for (int j = 0; j < nl[k - k0]; j++)
				scene_text(s, xr, y + 6 + (most - nl[k - k0] + j) * hstep,
					   lines[k - k0][j], size, INK, AN_END)->bold = true;
			free_lines(lines[k - k0], nl[k - k0]);
		}
		free(lines);
		free(nl);
		y += 3 + most * hstep;
		line(s, 0, y, tw, y, MUTED, 0.4);
		double head_y1 = y + 0.5;
		y += 0.5;
		int r = 0;
		for (int i = 0; i < c->nrow; i = row_end[i], r++) {
			double top = y + rh * r, base = top + rh - 2;
			if (r > 0)
				add_break(s, top, head_y0, head_y1);
			if (r % 2)
				scene_rect(s, 0, top, tw, rh, 0xF3F3F3u);
			scene_text(s, 0, base, label[i], size, INK, AN_START);
			for (int k = k0; k < k1; k++) {
				const struct chart_value *v = &c->v[i * c->nser + k];
				char buf[32];
				if (v->hidden)
					snprintf(buf, sizeof(buf), "%s", c->hidden_text);
				else
					format_count(buf, sizeof(buf), v->count);
				struct prim *p = scene_text(s, first + cw * (k - k0 + 1) - 1, base,
							    buf, size, v->hidden ? MUTED : INK,
							    AN_END);
				if (row_end[i] == i + 1)
					data(p, c, i, k);
			}
		}
		y += rh * nshow;
	}
	for (int i = 0; i < c->nrow; i++)
		free(label[i]);
	free(label);
	free(row_end);
	return y + 2;
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
	case CHART_LINE: y = layout_line(c, width, tm, s, y); break;
	case CHART_TABLE: y = layout_table(c, width, tm, s, y); break;
	case CHART_PYRAMID: y = chart_layout_pyramid(c, width, tm, s, y); break;
	case CHART_MAP: y = chart_layout_map(c, width, tm, s, y); break;
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
	free(s->brk);
	memset(s, 0, sizeof(*s));
}
