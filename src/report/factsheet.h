/* factsheet.h: the printable factsheet as a document -- a title, headline
 * figures, sections of charts, notes -- built once from a computed report
 * and rendered by render_html.c (SVG) and render_pdf.c (cairo: PDF, PNG). */
#ifndef RETORNO_FACTSHEET_H
#define RETORNO_FACTSHEET_H

#include "report.h"
#include "chart.h"

/* The page the factsheet is laid out for, in points: A4 with 36 pt margins
 * and two columns. The HTML draws its charts at these widths too, so a chart
 * is the same in both (the page then scales the SVG). */
#define FS_PAGE_W 595.276
#define FS_PAGE_H 841.890
#define FS_MARGIN 36.0
#define FS_GAP 12.0
#define FS_CONTENT_W (FS_PAGE_W - 2 * FS_MARGIN)
#define FS_COLUMN_W ((FS_CONTENT_W - FS_GAP) / 2)

enum fs_kind { FS_SECTION, FS_CHART, FS_NOTE };

struct fs_block {
	enum fs_kind kind;
	char *text;            /* section title or note (owned) */
	struct chart *chart;   /* FS_CHART (owned) */
	bool wide;             /* spans both columns */
	bool marked;           /* FS_NOTE: shows the marker of a hidden number (a chart's
				  scene says so for itself: scene.marked) */
};

struct fs_headline {
	const char *label;
	char value[48];
	const char *id;
	bool marked;           /* the value (or its share) is the marker */
	/* a monthly edition: "Programme to date: 486" and "Change from January
	 * 2020: +5; to date: +59" (empty otherwise) */
	char to_date[96], change[160];
};

struct factsheet {
	const struct report *r;
	enum lang lang;
	const char *track;     /* while building the MPP track's charts: its programme */
	char *title, *filters, *generated;
	struct fs_headline head[4];
	int nhead;
	struct fs_block *b;
	int n, alloc;
	char *notes[8];
	bool note_marked[8];   /* the note shows the marker */
	int nnotes;
	/* Public: what the marker means, "x: hidden to protect people in small
	 * groups (fewer than 5); ..."; shown on every page (PDF) and in every
	 * section (HTML) that shows the marker. NULL when not public. */
	char *hidden_key;
	/* The publisher block (report->publisher, `retorno settings`), in the
	 * factsheet's language (else the other one); NULL when not set. Its
	 * disclaimer and contact are notes. */
	const char *publisher;
	const struct report_publisher *pub;   /* its logo: pub->logo, NULL when none */
};

void factsheet_build(const struct report *r, struct factsheet *fs);
void factsheet_release(struct factsheet *fs);

int report_render_html(const struct report *r, FILE *out);
int report_render_pdf(const struct report *r, FILE *out);
/* PNG pages: path_prefix-1.png, path_prefix-2.png, ...; *pages is how many. */
int report_render_png(const struct report *r, const char *path_prefix, int *pages);
/* PNG pages into the files page(ctx, N) gives for page N = 1, 2, ... (NULL:
 * the render fails); the caller closes them. *pages is how many were asked. */
typedef FILE *(*report_page_fn)(void *ctx, int page);
int report_render_png_pages(const struct report *r, report_page_fn page, void *ctx, int *pages);

#endif
