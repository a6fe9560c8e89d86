/* chart.h: the factsheet's charts, described once and drawn two ways.
 *
 *   struct chart  --chart_layout()-->  struct scene  --scene_svg()-->   SVG (HTML)
 *                                                    --scene_cairo()--> cairo (PDF, PNG)
 *
 * A chart holds the numbers (from the report, suppression included); the
 * layout turns it into positioned rectangles, lines and text, measured with
 * pango in the factsheet's font so both renderings place text alike. A
 * suppressed value is drawn as the marker "x" (hidden_text), never as a bar;
 * a chart that would be mostly hidden (chart_mostly_hidden()) is drawn as its
 * heading and one sentence (too_few) instead.
 */
#ifndef RETORNO_CHART_H
#define RETORNO_CHART_H

#include "../core/strbuf.h"

enum chart_kind {
	CHART_BARS,     /* horizontal bars, one per row */
	CHART_STACKED,  /* one 100% bar per row, one segment per series */
	CHART_LINE,     /* one line over the rows (months) */
	CHART_TABLE,    /* a grid of numbers: rows x series */
	CHART_PYRAMID,  /* two series back to back (men left, women right), a row per age
			   band, oldest on top (chart_figures.c) */
	CHART_MAP,      /* a circle per row (registration point) at geo[], its area the
			   count, over the region's countries (chart_figures.c, map.h) */
};

struct chart_value {
	int64_t count;
	bool hidden;       /* suppressed */
	bool has_share;
	bool share_hidden; /* the count is shown but its share is hidden (over a hidden n) */
	double share;
};

struct chart {
	enum chart_kind kind;
	const char *id;            /* indicator id, written as data-indicator */
	const char *group;         /* group code, or NULL */
	const char *track;         /* the track's programme ("mpp"), written as data-track; NULL */
	char *title, *subtitle;    /* owned */
	int nrow, nser;
	const char **row_code, **row_label;   /* owned arrays of borrowed strings */
	const char **ser_code, **ser_label;
	struct chart_value *v;     /* nrow * nser, row by row */
	char hidden_text[16];      /* the marker of a hidden number: "x" */
	bool n_hidden;             /* its n is hidden: the chart is mostly hidden */
	bool subtitle_marked;      /* the subtitle shows the marker (n = x) */
	const char *too_few;       /* the sentence drawn instead of a mostly hidden chart */
	double *geo;               /* CHART_MAP: lat, lon of each row (owned); NAN: not known */
	const char *note;          /* CHART_MAP: a line under the map (borrowed), or NULL */
	int64_t scale_max;         /* line: the top of the value axis shared by small
				      multiples (0: the chart's own largest value) */
};

struct chart *chart_new(enum chart_kind kind, int nrow, int nser);
void chart_free(struct chart *c);
/* Mostly hidden: its n is hidden, or more of its non-zero values are hidden
 * than shown (a hidden value counts as non-zero: the reader cannot tell). */
bool chart_mostly_hidden(const struct chart *c);
static inline struct chart_value *chart_at(struct chart *c, int row, int ser)
{
	return &c->v[row * c->nser + ser];
}

/* ---- the scene ---- */
enum prim_kind { PR_RECT, PR_TEXT, PR_LINE, PR_POLYLINE,
		 PR_CIRCLE,     /* centre (x, y), radius w */
		 PR_PATH };     /* closed rings, filled and stroked: pts, a NAN pair between rings */
enum anchor { AN_START, AN_MIDDLE, AN_END };

#define COLOR_NONE 0xFFFFFFFFu

/* A stretch of a text that stands for one value ("Women x" in "Women x ·
 * Men 12 (40.0%)"): SVG writes it as a <tspan> with the value's data-*. */
struct prim_span {
	size_t start, len;         /* bytes of the prim's text */
	const char *data_code, *data_series;
	int64_t data_count;
	bool data_hidden;
};

struct prim {
	enum prim_kind kind;
	double x, y, w, h;         /* rect: box; line: (x,y)-(w,h); text: anchor point on the baseline */
	uint32_t fill, stroke;     /* 0xRRGGBB or COLOR_NONE */
	double stroke_width;
	char *text;                /* owned */
	double size;
	bool bold, italic;
	enum anchor anchor;
	double *pts;               /* polyline: x0,y0,x1,y1,... (owned) */
	int npts;
	struct prim_span *span;    /* text: the values it shows (owned), or NULL */
	int nspan;
	/* what the shape stands for: data-* attributes in SVG, for tests and readers */
	const char *data_code, *data_series;
	int64_t data_count;
	bool has_data, data_hidden;
};

/* A place where a tall scene (a table) may be cut between pages: the piece
 * after it starts at y, and repeats [head_y0, head_y1) of the scene (the
 * column heads) above it; head_y1 == head_y0 when nothing is repeated. */
struct scene_break {
	double y, head_y0, head_y1;
};

struct scene {
	double width, height;
	struct prim *p;
	int n, alloc;
	struct scene_break *brk;   /* in order of y (owned); none: never cut */
	int nbrk, abrk;
	const char *id, *group, *track;
	bool marked;               /* shows the marker of a hidden number somewhere */
	bool too_few;              /* the chart was mostly hidden: drawn as a sentence */
};

/* Text measurement in the factsheet font (pango). A measurer holds pango
 * state that is not thread-safe: make one per render (per thread at least),
 * never share one between threads. Nothing else here keeps state, so renders
 * with their own measurers can run in parallel. */
#define FACTSHEET_FONT "DejaVu Sans"
struct text_measure;
struct text_measure *text_measure_new(void);
void text_measure_free(struct text_measure *tm);
double text_width(struct text_measure *tm, const char *s, double size, bool bold);

/* Lays the chart out `width` points wide, measuring text with tm;
 * scene->height is what it needs. */
void chart_layout(const struct chart *c, double width, struct text_measure *tm, struct scene *s);
void scene_release(struct scene *s);
/* Marks added to a scene (chart_layout.c), for the layouts of every chart:
 * a new prim of a kind, with no fill nor stroke; a filled rectangle; a
 * line of text (t copied) at (x, y), its baseline, anchored by an. */
struct prim *scene_add(struct scene *s, enum prim_kind kind);
struct prim *scene_rect(struct scene *s, double x, double y, double w, double h, uint32_t fill);
struct prim *scene_text(struct scene *s, double x, double y, const char *t, double size,
			uint32_t color, enum anchor an);

/* Number formatting shared by every rendering and both languages: 1,703 and 77.9% */
void format_count(char *buf, size_t size, int64_t n);
void format_share(char *buf, size_t size, double share);

/* SVG: appends an <svg> element (no xmlns: it is inline in HTML). */
void scene_svg(const struct scene *s, struct strbuf *sb);
/* chart_figures.c: the marks of a pyramid and of a map, from y down;
 * return the y under them. */
double chart_layout_pyramid(const struct chart *c, double width, struct text_measure *tm,
			    struct scene *s, double y);
double chart_layout_map(const struct chart *c, double width, struct text_measure *tm,
			struct scene *s, double y);

/* cairo: draws the scene with its top-left corner at (x, y). */
typedef struct _cairo cairo_t;
void scene_cairo(const struct scene *s, cairo_t *cr, double x, double y);
/* cairo: draws the piece of the scene between y0 and y1 (the prims whose top
 * is in it), its y0 at (x, y). Nothing outside is drawn, not even clipped
 * away: a PDF's text holds only what its page shows. */
void scene_cairo_slice(const struct scene *s, cairo_t *cr, double x, double y, double y0, double y1);
/* The top of what a prim draws, in scene units. */
double prim_top(const struct prim *p);

/* Splits text into lines that fit `width` (at spaces; a word longer than a
 * line at characters, never cut with "…"); returns how many, *lines owned
 * (free each, then the array). */
int text_lines(struct text_measure *tm, const char *text, double size, bool bold, double width,
	       char ***lines);

#endif
