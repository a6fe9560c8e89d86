/* render_pdf.c: the factsheet on A4 pages with cairo: a PDF, or PNG images
 * of the same pages. Charts come from the same scenes as the HTML's SVG. */
#include "factsheet.h"
#include <cairo.h>
#include <cairo-pdf.h>
#include "chart_pango.h"

#define PAGE_W FS_PAGE_W
#define PAGE_H FS_PAGE_H
#define MARGIN FS_MARGIN
#define GAP FS_GAP
#define CONTENT_W FS_CONTENT_W
#define COL_W FS_COLUMN_W
#define BOTTOM (PAGE_H - MARGIN - 14)
#define KEY_H 12.0              /* public: room kept for the marker's key above the footer */
#define PNG_DPI 150.0

struct pager {
	const struct factsheet *fs;
	cairo_surface_t *pdf;      /* PDF: one surface for all pages */
	report_page_fn png_page;   /* PNG: where each page goes */
	void *png_ctx;
	cairo_surface_t *img;
	cairo_t *cr;
	int page;
	double col_y[2];
	double bottom;             /* content ends here: BOTTOM, less KEY_H when public */
	bool marked;               /* this page shows the marker of a hidden number */
	struct scene *scene;       /* each chart block laid out once, by block index */
	int status;
	bool dry;                  /* only measuring where things would go: no drawing */
};

static void set_rgb(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0, (c & 255) / 255.0);
}

/* Draws a wrapped paragraph; returns its height. With cr NULL only measures. */
static double para(cairo_t *cr, double x, double y, double width, const char *text, double size,
		   bool bold, uint32_t color)
{
	cairo_surface_t *tmp = NULL;
	cairo_t *mc = cr;
	if (!mc) {
		tmp = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
		mc = cairo_create(tmp);
	}
	PangoLayout *l = factsheet_layout(mc, size, bold, false);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	factsheet_set_text(l, text);
	int w, h;
	pango_layout_get_size(l, &w, &h);
	if (cr) {
		set_rgb(cr, color);
		cairo_move_to(cr, x, y);
		pango_cairo_show_layout(cr, l);
	}
	g_object_unref(l);
	if (tmp) {
		cairo_destroy(mc);
		cairo_surface_destroy(tmp);
	}
	return (double)h / PANGO_SCALE;
}

static void footer(struct pager *pg)
{
	char buf[160];
	snprintf(buf, sizeof(buf), "%s · %s %d", pg->fs->generated,
		 report_text(pg->fs->lang, "page"), pg->page);
	para(pg->cr, MARGIN, PAGE_H - MARGIN, CONTENT_W, buf, 6.5, false, 0x666666u);
}

/* What the marker means, at the foot of every page that shows it. */
static void hidden_key(struct pager *pg)
{
	if (!pg->marked || !pg->fs->hidden_key)
		return;
	para(pg->cr, MARGIN, pg->bottom + 3, CONTENT_W, pg->fs->hidden_key, 6.5, false, 0x444444u);
}

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void end_page(struct pager *pg)
{
	if (!pg->cr || pg->page == 0)
		return;
	hidden_key(pg);
	footer(pg);
	if (pg->pdf) {
		cairo_show_page(pg->cr);
	} else {
		FILE *f = pg->status ? NULL : pg->png_page(pg->png_ctx, pg->page);
		if (!f || cairo_surface_write_to_png_stream(pg->img, write_stream, f) !=
			  CAIRO_STATUS_SUCCESS || ferror(f))
			pg->status = RT_EIO;
		cairo_destroy(pg->cr);
		cairo_surface_destroy(pg->img);
		pg->cr = NULL;
		pg->img = NULL;
	}
}

static void new_page(struct pager *pg)
{
	if (!pg->dry)
		end_page(pg);
	pg->page++;
	if (!pg->pdf && !pg->dry) {
		int w = (int)(PAGE_W * PNG_DPI / 72.0 + 0.5), h = (int)(PAGE_H * PNG_DPI / 72.0 + 0.5);
		pg->img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
		pg->cr = cairo_create(pg->img);
		cairo_scale(pg->cr, PNG_DPI / 72.0, PNG_DPI / 72.0);
		cairo_set_source_rgb(pg->cr, 1, 1, 1);
		cairo_paint(pg->cr);
	}
	pg->col_y[0] = pg->col_y[1] = MARGIN;
	pg->bottom = pg->fs->hidden_key ? BOTTOM - KEY_H : BOTTOM;
	pg->marked = false;
}

static double top_of(const struct pager *pg)
{
	return pg->col_y[0] > pg->col_y[1] ? pg->col_y[0] : pg->col_y[1];
}

/* Full-width space of height h: a new page when it does not fit. */
static double claim_wide(struct pager *pg, double h)
{
	double y = top_of(pg);
	if (y + h > pg->bottom && y > MARGIN + 1) {
		new_page(pg);
		y = MARGIN;
	}
	pg->col_y[0] = pg->col_y[1] = y + h;
	return y;
}

/* The title band (as tall as its lines: a long period or office wraps)
 * and the headline figures. */
/* The publisher's logo (a PNG: cairo reads no SVG) from memory. */
struct png_read {
	const unsigned char *p;
	size_t left;
};

static cairo_status_t png_chunk(void *ctx, unsigned char *data, unsigned int len)
{
	struct png_read *rd = ctx;
	if (len > rd->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, rd->p, len);
	rd->p += len;
	rd->left -= len;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *publisher_logo(const struct factsheet *fs)
{
	if (!fs->pub || !fs->pub->logo || strcmp(fs->pub->logo_type, "image/png"))
		return NULL;
	struct png_read rd = { fs->pub->logo, fs->pub->logo_len };
	cairo_surface_t *img = cairo_image_surface_create_from_png_stream(png_chunk, &rd);
	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(img);
		return NULL;
	}
	return img;
}

#define LOGO_W 96.0
#define LOGO_H 34.0

static void header(struct pager *pg)
{
	const struct factsheet *fs = pg->fs;
	cairo_t *cr = pg->cr;
	cairo_surface_t *logo = publisher_logo(fs);
	double tw = CONTENT_W - 24 - (logo ? LOGO_W + 12 : 0);
	double h0 = fs->publisher ? para(NULL, 0, 0, tw, fs->publisher, 8, true, 0) + 2 : 0;
	double h1 = para(NULL, 0, 0, tw, fs->title, 16, true, 0);
	double h2 = para(NULL, 0, 0, tw, fs->filters, 8, false, 0);
	double h3 = para(NULL, 0, 0, tw, fs->generated, 7, false, 0);
	double band = 9 + h0 + h1 + 2 + h2 + 1 + h3 + 8;
	if (logo && band < LOGO_H + 16)
		band = LOGO_H + 16;
	set_rgb(cr, 0x0072B2u);
	cairo_rectangle(cr, MARGIN, MARGIN, CONTENT_W, band);
	cairo_fill(cr);
	if (fs->publisher)
		para(cr, MARGIN + 12, MARGIN + 9, tw, fs->publisher, 8, true, 0xFFFFFFu);
	para(cr, MARGIN + 12, MARGIN + 9 + h0, tw, fs->title, 16, true, 0xFFFFFFu);
	para(cr, MARGIN + 12, MARGIN + 9 + h0 + h1 + 2, tw, fs->filters, 8, false, 0xFFFFFFu);
	para(cr, MARGIN + 12, MARGIN + 9 + h0 + h1 + 2 + h2 + 1, tw, fs->generated, 7, false,
	     0xFFFFFFu);
	if (logo) {
		/* on white, at the band's right, scaled to fit LOGO_W x LOGO_H */
		double iw = cairo_image_surface_get_width(logo), ih = cairo_image_surface_get_height(logo);
		double sc = LOGO_W / iw < LOGO_H / ih ? LOGO_W / iw : LOGO_H / ih;
		double x = MARGIN + CONTENT_W - 8 - LOGO_W, y0 = MARGIN + 8;
		set_rgb(cr, 0xFFFFFFu);
		cairo_rectangle(cr, x - 3, y0 - 3, LOGO_W + 6, LOGO_H + 6);
		cairo_fill(cr);
		cairo_save(cr);
		cairo_translate(cr, x + (LOGO_W - iw * sc) / 2, y0 + (LOGO_H - ih * sc) / 2);
		cairo_scale(cr, sc, sc);
		cairo_set_source_surface(cr, logo, 0, 0);
		cairo_paint(cr);
		cairo_restore(cr);
		cairo_surface_destroy(logo);
	}
	double y = MARGIN + band + 12, w = (CONTENT_W - 3 * 8) / 4;
	double bh = 48;
	for (int i = 0; i < fs->nhead; i++) {
		const struct fs_headline *hd = &fs->head[i];
		double lh = para(NULL, 0, 0, w - 14, hd->label, 6.8, false, 0);
		/* a monthly edition: the programme to date and the changes below */
		if (hd->to_date[0])
			lh += 3 + para(NULL, 0, 0, w - 14, hd->to_date, 6.4, true, 0);
		if (hd->change[0])
			lh += 1 + para(NULL, 0, 0, w - 14, hd->change, 6.2, false, 0);
		if (28 + lh + 4 > bh)
			bh = 28 + lh + 4;
	}
	for (int i = 0; i < fs->nhead; i++) {
		const struct fs_headline *hd = &fs->head[i];
		double x = MARGIN + i * (w + 8);
		set_rgb(cr, 0xCCCCCCu);
		cairo_set_line_width(cr, 0.6);
		cairo_rectangle(cr, x, y, w, bh);
		cairo_stroke(cr);
		set_rgb(cr, 0x0072B2u);
		cairo_rectangle(cr, x, y, 4, bh);
		cairo_fill(cr);
		para(cr, x + 10, y + 5, w - 14, hd->value, 17, true, 0x222222u);
		double ly = y + 28 + para(cr, x + 10, y + 28, w - 14, hd->label, 6.8, false, 0x444444u);
		if (hd->to_date[0])
			ly += 3 + para(cr, x + 10, ly + 3, w - 14, hd->to_date, 6.4, true, 0x222222u);
		if (hd->change[0])
			para(cr, x + 10, ly + 1, w - 14, hd->change, 6.2, false, 0x444444u);
		pg->marked |= hd->marked;
	}
	pg->col_y[0] = pg->col_y[1] = y + bh + 10;
}

/* ---- placing the blocks ----
 * Rules (docs/report.md, "Layout"): a heading or a note is kept with the
 * block after it; a chart is never cut, except a table, which is cut between
 * rows and repeats its column heads; a section that fits on a page is not
 * split across two, unless keeping it whole would leave more than a fifth of
 * the page empty. Every function here also runs "dry" (pg->dry): it moves
 * the columns and pages without drawing, to see where a section would end. */

#define SECTION_H 24.0
#define CHART_GAP 8.0
#define NOTE_SIZE 7.0
#define MIN_PIECE 60.0          /* a table's piece at the foot of a page: at least this tall */

static double note_height(const char *text)
{
	return para(NULL, 0, 0, CONTENT_W, text, NOTE_SIZE, false, 0) + 6;
}

/* Whether a scene is placed in pieces: a wide one that may be cut (a
 * table), or any that may be cut and is taller than a page. */
static bool in_pieces(const struct pager *pg, const struct fs_block *b, const struct scene *s)
{
	return s->nbrk && (b->wide || s->height + CHART_GAP > pg->bottom - MARGIN);
}

/* Height of block i as placed full width (to keep a heading with what
 * follows); 0 past the end or at the next section. */
static double block_height(const struct pager *pg, int i)
{
	if (i >= pg->fs->n)
		return 0;
	const struct fs_block *b = &pg->fs->b[i];
	if (b->kind == FS_NOTE)
		return note_height(b->text);
	if (b->kind != FS_CHART)
		return 0;
	const struct scene *s = &pg->scene[i];
	double h = s->height + CHART_GAP;
	if (in_pieces(pg, b, s) && h > MIN_PIECE)   /* its first piece */
		h = MIN_PIECE;
	return h;
}

static void section(struct pager *pg, const char *title, double need)
{
	/* a heading never ends a page: it stays with what follows it */
	if (need > pg->bottom - MARGIN - SECTION_H)
		need = MIN_PIECE;
	double y = claim_wide(pg, SECTION_H + need);
	pg->col_y[0] = pg->col_y[1] = y + SECTION_H;
	if (pg->dry)
		return;
	para(pg->cr, MARGIN, y + 6, CONTENT_W, title, 11, true, 0x222222u);
	set_rgb(pg->cr, 0x0072B2u);
	cairo_set_line_width(pg->cr, 1.2);
	cairo_move_to(pg->cr, MARGIN, y + 21);
	cairo_line_to(pg->cr, MARGIN + CONTENT_W, y + 21);
	cairo_stroke(pg->cr);
}

/* A named destination where a chart starts, "chart/TRACK/INDICATOR/GROUP"
 * (- for none): the PDF's key of a chart, as data-track, data-indicator and
 * data-group are the SVG's; tests find each chart by it. Codes are
 * [a-z0-9_], so nothing needs quoting. */
static void chart_dest(struct pager *pg, const struct scene *s, double x, double y)
{
	if (pg->dry || !pg->pdf || !s->id)
		return;
	char attr[512];
	snprintf(attr, sizeof(attr), "name='chart/%s/%s/%s' x=%.2f y=%.2f", s->track ? s->track : "-",
		 s->id, s->group ? s->group : "-", x, y);
	cairo_tag_begin(pg->cr, CAIRO_TAG_DEST, attr);
	cairo_tag_end(pg->cr, CAIRO_TAG_DEST);
}

/* A wide scene that may be cut (a table): as many pieces as it needs, each
 * piece after the first under the repeated column heads. */
static void pieces(struct pager *pg, const struct scene *s)
{
	double at = 0, h0 = 0, h1 = 0;   /* from `at`, under the heads [h0, h1) */
	for (;;) {
		double y = top_of(pg), head = h1 - h0;
		double room = pg->bottom - y - CHART_GAP;
		if (head + s->height - at <= room) {
			if (at == 0)
				chart_dest(pg, s, MARGIN, y);
			if (!pg->dry) {
				if (head > 0)
					scene_cairo_slice(s, pg->cr, MARGIN, y, h0, h1);
				scene_cairo_slice(s, pg->cr, MARGIN, y + head, at, s->height + 1);
			}
			pg->col_y[0] = pg->col_y[1] = y + head + s->height - at + CHART_GAP;
			return;
		}
		/* the last cut that fits */
		int pick = -1;
		for (int k = 0; k < s->nbrk; k++) {
			if (s->brk[k].y <= at + 0.5)
				continue;
			if (head + s->brk[k].y - at > room)
				break;
			pick = k;
		}
		bool fresh = y <= MARGIN + 1;
		if (!fresh && (pick < 0 || head + s->brk[pick].y - at < MIN_PIECE)) {
			new_page(pg);
			continue;
		}
		if (pick < 0) {   /* not even one row fits a page: cut after the first */
			for (int k = 0; k < s->nbrk && pick < 0; k++)
				if (s->brk[k].y > at + 0.5)
					pick = k;
			if (pick < 0) {
				if (!pg->dry)
					scene_cairo_slice(s, pg->cr, MARGIN, y, at, s->height + 1);
				pg->col_y[0] = pg->col_y[1] = pg->bottom;
				return;
			}
		}
		if (at == 0)
			chart_dest(pg, s, MARGIN, y);
		if (!pg->dry) {
			if (head > 0)
				scene_cairo_slice(s, pg->cr, MARGIN, y, h0, h1);
			scene_cairo_slice(s, pg->cr, MARGIN, y + head, at, s->brk[pick].y);
		}
		pg->marked |= s->marked;
		at = s->brk[pick].y;
		h0 = s->brk[pick].head_y0;
		h1 = s->brk[pick].head_y1;
		new_page(pg);
	}
}

static void chart(struct pager *pg, const struct fs_block *b, const struct scene *s)
{
	double h = s->height + CHART_GAP;
	if (in_pieces(pg, b, s)) {
		pieces(pg, s);
	} else if (b->wide) {
		double y = claim_wide(pg, h);
		chart_dest(pg, s, MARGIN, y);
		if (!pg->dry)
			scene_cairo(s, pg->cr, MARGIN, y);
	} else {
		int c = pg->col_y[0] <= pg->col_y[1] ? 0 : 1;
		if (pg->col_y[c] + h > pg->bottom) {
			c = 1 - c;
			if (pg->col_y[c] + h > pg->bottom) {
				new_page(pg);
				c = 0;
			}
		}
		chart_dest(pg, s, MARGIN + c * (COL_W + GAP), pg->col_y[c]);
		if (!pg->dry)
			scene_cairo(s, pg->cr, MARGIN + c * (COL_W + GAP), pg->col_y[c]);
		pg->col_y[c] += h;
	}
	pg->marked |= s->marked;
}

/* A note, kept with the block after it (need: that block's height). */
static void note(struct pager *pg, const char *text, bool marked, double need)
{
	double h = note_height(text);
	if (need > pg->bottom - MARGIN - h)
		need = 0;
	double y = claim_wide(pg, h + need);
	pg->col_y[0] = pg->col_y[1] = y + h;
	if (!pg->dry)
		para(pg->cr, MARGIN, y, CONTENT_W, text, NOTE_SIZE, false, 0x444444u);
	pg->marked |= marked;
}

/* Blocks [from, to): a section's heading, notes and charts. */
static void place(struct pager *pg, int from, int to)
{
	const struct fs_block *blk = pg->fs->b;
	for (int i = from; i < to; i++) {
		double need = i + 1 < to ? block_height(pg, i + 1) : 0;
		if (blk[i].kind == FS_SECTION) {
			/* the heading with its first block, and a note after it with its own */
			if (i + 1 < to && blk[i + 1].kind == FS_NOTE)
				need += i + 2 < to ? block_height(pg, i + 2) : 0;
			section(pg, blk[i].text, need);
		} else if (blk[i].kind == FS_NOTE) {
			note(pg, blk[i].text, blk[i].marked, need);
		} else {
			chart(pg, &blk[i], &pg->scene[i]);
		}
	}
}

/* A section whole on the next page, when it would be split here, fits on a
 * page, and moving it leaves at most a fifth of this page empty. */
static void keep_together(struct pager *pg, int from, int to)
{
	struct pager here = *pg;
	here.dry = true;
	place(&here, from, to);
	if (here.page == pg->page)
		return;
	double left = pg->bottom - top_of(pg), full = pg->bottom - MARGIN;
	if (left > full / 5)
		return;
	struct pager fresh = *pg;
	fresh.dry = true;
	new_page(&fresh);
	place(&fresh, from, to);
	if (fresh.page == pg->page + 1)
		new_page(pg);
}

/* The factsheet's notes, under the headline figures they explain (those the
 * sections already show, such as the survey's, are not repeated). */
static void front_notes(struct pager *pg)
{
	const struct factsheet *fs = pg->fs;
	for (int k = 0; k < fs->nnotes; k++) {
		bool shown = false;
		for (int i = 0; i < fs->n && !shown; i++)
			shown = fs->b[i].kind == FS_NOTE && !strcmp(fs->b[i].text, fs->notes[k]);
		if (shown)
			continue;
		double h = para(NULL, 0, 0, CONTENT_W, fs->notes[k], 6.5, false, 0) + 3;
		double y = claim_wide(pg, h);
		para(pg->cr, MARGIN, y, CONTENT_W, fs->notes[k], 6.5, false, 0x444444u);
		pg->marked |= fs->note_marked[k];
	}
	pg->col_y[0] = pg->col_y[1] = top_of(pg) + 6;
}

static void draw(struct pager *pg)
{
	const struct factsheet *fs = pg->fs;
	struct text_measure *tm = text_measure_new();   /* this render's own */
	pg->scene = xcalloc((size_t)fs->n + 1, sizeof(*pg->scene));
	for (int i = 0; i < fs->n; i++)
		if (fs->b[i].kind == FS_CHART)
			chart_layout(fs->b[i].chart, fs->b[i].wide ? CONTENT_W : COL_W, tm,
				     &pg->scene[i]);
	text_measure_free(tm);
	new_page(pg);
	header(pg);
	front_notes(pg);
	for (int i = 0; i < fs->n;) {
		int end = i + 1;
		while (end < fs->n && fs->b[end].kind != FS_SECTION)
			end++;
		if (fs->b[i].kind == FS_SECTION)
			keep_together(pg, i, end);
		place(pg, i, end);
		i = end;
	}
	end_page(pg);
	for (int i = 0; i < fs->n; i++)
		if (fs->b[i].kind == FS_CHART)
			scene_release(&pg->scene[i]);
	free(pg->scene);
}

int report_render_pdf(const struct report *r, FILE *out)
{
	struct factsheet fs;
	factsheet_build(r, &fs);
	struct pager pg = { .fs = &fs };
	pg.pdf = cairo_pdf_surface_create_for_stream(write_stream, out, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(pg.pdf, CAIRO_PDF_METADATA_TITLE, fs.title);
	cairo_pdf_surface_set_metadata(pg.pdf, CAIRO_PDF_METADATA_CREATOR, "retorno");
	/* the report's own time, not the clock's: one report, one PDF, byte for byte */
	cairo_pdf_surface_set_metadata(pg.pdf, CAIRO_PDF_METADATA_CREATE_DATE, r->generated_at);
	cairo_pdf_surface_set_metadata(pg.pdf, CAIRO_PDF_METADATA_MOD_DATE, r->generated_at);
	pg.cr = cairo_create(pg.pdf);
	draw(&pg);
	cairo_destroy(pg.cr);
	cairo_surface_finish(pg.pdf);
	if (cairo_surface_status(pg.pdf) != CAIRO_STATUS_SUCCESS)
		pg.status = RT_EIO;
	cairo_surface_destroy(pg.pdf);
	factsheet_release(&fs);
	return pg.status ? pg.status : (ferror(out) ? RT_EIO : RT_OK);
}

int report_render_png_pages(const struct report *r, report_page_fn page, void *ctx, int *pages)
{
	struct factsheet fs;
	factsheet_build(r, &fs);
	struct pager pg = { .fs = &fs, .png_page = page, .png_ctx = ctx };
	draw(&pg);
	*pages = pg.page;
	factsheet_release(&fs);
	return pg.status;
}

/* report_render_png's pages: each file is closed when the next is asked for. */
struct png_files {
	const char *prefix;
	FILE *f;
	int status;
};

static FILE *png_file(void *ctx, int n)
{
	struct png_files *p = ctx;
	char path[4096];
	if (p->f && fclose(p->f) != 0)
		p->status = RT_EIO;
	snprintf(path, sizeof(path), "%s-%d.png", p->prefix, n);
	p->f = fopen(path, "wb");
	return p->f;
}

int report_render_png(const struct report *r, const char *path_prefix, int *pages)
{
	struct png_files p = { .prefix = path_prefix };
	int rc = report_render_png_pages(r, png_file, &p, pages);
	if (p.f && fclose(p.f) != 0)
		p.status = RT_EIO;
	return rc ? rc : p.status;
}
