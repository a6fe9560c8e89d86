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
	end_page(pg);
	pg->page++;
	if (!pg->pdf) {
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

static void header(struct pager *pg)
{
	const struct factsheet *fs = pg->fs;
	cairo_t *cr = pg->cr;
	set_rgb(cr, 0x0072B2u);
	cairo_rectangle(cr, MARGIN, MARGIN, CONTENT_W, 62);
	cairo_fill(cr);
	para(cr, MARGIN + 12, MARGIN + 9, CONTENT_W - 24, fs->title, 16, true, 0xFFFFFFu);
	para(cr, MARGIN + 12, MARGIN + 32, CONTENT_W - 24, fs->filters, 8, false, 0xFFFFFFu);
	para(cr, MARGIN + 12, MARGIN + 45, CONTENT_W - 24, fs->generated, 7, false, 0xFFFFFFu);
	double y = MARGIN + 74, w = (CONTENT_W - 3 * 8) / 4;
	for (int i = 0; i < fs->nhead; i++) {
		double x = MARGIN + i * (w + 8);
		set_rgb(cr, 0xCCCCCCu);
		cairo_set_line_width(cr, 0.6);
		cairo_rectangle(cr, x, y, w, 48);
		cairo_stroke(cr);
		set_rgb(cr, 0x0072B2u);
		cairo_rectangle(cr, x, y, 4, 48);
		cairo_fill(cr);
		para(cr, x + 10, y + 5, w - 14, fs->head[i].value, 17, true, 0x222222u);
		para(cr, x + 10, y + 28, w - 14, fs->head[i].label, 6.8, false, 0x444444u);
		pg->marked |= fs->head[i].marked;
	}
	pg->col_y[0] = pg->col_y[1] = y + 58;
}

/* Height of block i (to keep a heading with what follows); 0 past the end. */
static double block_height(const struct pager *pg, int i)
{
	if (i >= pg->fs->n)
		return 0;
	const struct fs_block *b = &pg->fs->b[i];
	if (b->kind == FS_NOTE)
		return para(NULL, 0, 0, CONTENT_W, b->text, 7, false, 0) + 6;
	return b->kind == FS_CHART ? pg->scene[i].height + 8 : 0;
}

static void section(struct pager *pg, const char *title, int next)
{
	/* a heading never ends a page: it stays with the first block after it */
	double need = block_height(pg, next);
	if (need > pg->bottom - MARGIN - 24)
		need = 60;
	double y = claim_wide(pg, 24 + need);
	pg->col_y[0] = pg->col_y[1] = y + 24;
	para(pg->cr, MARGIN, y + 6, CONTENT_W, title, 11, true, 0x222222u);
	set_rgb(pg->cr, 0x0072B2u);
	cairo_set_line_width(pg->cr, 1.2);
	cairo_move_to(pg->cr, MARGIN, y + 21);
	cairo_line_to(pg->cr, MARGIN + CONTENT_W, y + 21);
	cairo_stroke(pg->cr);
}

static void chart(struct pager *pg, const struct fs_block *b, const struct scene *s)
{
	double h = s->height + 8;
	if (b->wide) {
		double y = claim_wide(pg, h);
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
		scene_cairo(s, pg->cr, MARGIN + c * (COL_W + GAP), pg->col_y[c]);
		pg->col_y[c] += h;
	}
	pg->marked |= s->marked;
}

static void note(struct pager *pg, const char *text, bool marked)
{
	double h = para(NULL, 0, 0, CONTENT_W, text, 7, false, 0) + 6;
	double y = claim_wide(pg, h);
	para(pg->cr, MARGIN, y, CONTENT_W, text, 7, false, 0x444444u);
	pg->marked |= marked;
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
	for (int i = 0; i < fs->n; i++) {
		const struct fs_block *b = &fs->b[i];
		if (b->kind == FS_SECTION)
			section(pg, b->text, i + 1);
		else if (b->kind == FS_NOTE)
			note(pg, b->text, b->marked);
		else
			chart(pg, b, &pg->scene[i]);
	}
	section(pg, report_text(fs->lang, "notes"), fs->n);
	for (int i = 0; i < fs->nnotes; i++)
		note(pg, fs->notes[i], fs->note_marked[i]);
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
