/* render_html.c: the factsheet as one self-contained HTML page: inline CSS,
 * inline SVG charts, no script, no external request (the Content-Security-
 * Policy forbids any), print-ready on A4. Every string is escaped. */
#include "factsheet.h"
#include "../core/html.h"
#include <sodium.h>

static const char css[] =
	"@page{size:A4;margin:12mm}"
	"*{box-sizing:border-box}"
	"body{font-family:'DejaVu Sans',Verdana,sans-serif;color:#222;margin:0 auto;max-width:60rem;"
	"padding:1rem;line-height:1.35;-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"header{background:#0072B2;color:#fff;padding:1rem 1.2rem;border-radius:4px}"
	"header h1{margin:0 0 .3rem;font-size:1.5rem}"
	"header p{margin:.1rem 0;font-size:.85rem}"
	".headline{display:grid;grid-template-columns:repeat(4,1fr);gap:.6rem;margin:1rem 0}"
	".figure{border:1px solid #ccc;border-left:5px solid #0072B2;padding:.5rem .7rem}"
	".figure .value{display:block;font-size:1.6rem;font-weight:bold}"
	".figure .label{font-size:.8rem;color:#444}"
	".figure .sub{display:block;font-size:.75rem;color:#444;margin-top:.2rem}"
	"header .publisher{display:flex;align-items:center;gap:.6rem;margin-bottom:.4rem}"
	"header .publisher img{max-height:2.5rem;max-width:10rem;background:#fff;padding:.15rem;"
	"border-radius:2px}"
	"h2{font-size:1.05rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem;margin:1.4rem 0 .6rem;"
	"break-after:avoid}"
	".grid{display:grid;grid-template-columns:1fr 1fr;gap:.8rem 1.2rem}"
	"figure{margin:0;break-inside:avoid}"
	"figure.wide{grid-column:1/-1}"
	"svg{width:100%;height:auto;display:block;overflow:visible}"
	"p.note{grid-column:1/-1;font-size:.8rem;color:#444;margin:0}"
	"p.hidden-key{font-size:.75rem;color:#555;margin:.4rem 0 0}"
	"footer{font-size:.8rem;color:#444;margin-top:1.5rem;border-top:1px solid #ccc}"
	"@media (max-width:40rem){.grid,.headline{grid-template-columns:1fr}}"
	"@media print{body{max-width:none;padding:0}}";

/* Writes a chart; returns whether it shows the marker of a hidden number. */
static bool figure(struct strbuf *sb, struct text_measure *tm, const struct fs_block *b)
{
	struct scene s;
	chart_layout(b->chart, b->wide ? FS_CONTENT_W : FS_COLUMN_W, tm, &s);
	strbuf_adds(sb, b->wide ? "<figure class=\"wide\"" : "<figure");
	html_attr(sb, "aria-label", b->chart->title);
	strbuf_addch(sb, '>');
	scene_svg(&s, sb);
	strbuf_adds(sb, "</figure>\n");
	bool marked = s.marked;
	scene_release(&s);
	return marked;
}

/* What the marker means, after the headline figures or a section's charts
 * that show it (public reports only: fs->hidden_key). */
static void hidden_key(struct strbuf *sb, const struct factsheet *fs, bool marked)
{
	if (!marked || !fs->hidden_key)
		return;
	strbuf_adds(sb, "<p class=\"note hidden-key\">");
	html_text(sb, fs->hidden_key);
	strbuf_adds(sb, "</p>\n");
}

/* The sections: a heading, then its notes and charts in a grid. */
static void sections(struct strbuf *sb, struct text_measure *tm, const struct factsheet *fs)
{
	bool open = false, marked = false;
	for (int i = 0; i < fs->n; i++) {
		const struct fs_block *b = &fs->b[i];
		if (b->kind == FS_SECTION) {
			if (open) {
				hidden_key(sb, fs, marked);
				strbuf_adds(sb, "</div></section>\n");
			}
			strbuf_adds(sb, "<section><h2>");
			html_text(sb, b->text);
			strbuf_adds(sb, "</h2><div class=\"grid\">\n");
			open = true;
			marked = false;
		} else if (b->kind == FS_NOTE) {
			strbuf_adds(sb, "<p class=\"note\">");
			html_text(sb, b->text);
			strbuf_adds(sb, "</p>\n");
			marked |= b->marked;
		} else {
			marked |= figure(sb, tm, b);
		}
	}
	if (open) {
		hidden_key(sb, fs, marked);
		strbuf_adds(sb, "</div></section>\n");
	}
}

/* The publisher block: the logo (a data: URL in an <img>, which runs
 * nothing and loads nothing) and the organisation's name. */
static void publisher(struct strbuf *sb, const struct factsheet *fs)
{
	if (!fs->publisher && !(fs->pub && fs->pub->logo))
		return;
	strbuf_adds(sb, "<div class=\"publisher\">");
	if (fs->pub && fs->pub->logo && fs->pub->logo_len) {
		size_t n = sodium_base64_encoded_len(fs->pub->logo_len, sodium_base64_VARIANT_ORIGINAL);
		char *b64 = xmalloc(n);
		sodium_bin2base64(b64, n, fs->pub->logo, fs->pub->logo_len,
				  sodium_base64_VARIANT_ORIGINAL);
		strbuf_adds(sb, "<img src=\"data:");
		html_text(sb, fs->pub->logo_type);
		strbuf_adds(sb, ";base64,");
		strbuf_adds(sb, b64);
		strbuf_addch(sb, '"');
		html_attr(sb, "alt", fs->publisher ? fs->publisher : "");
		strbuf_addch(sb, '>');
		free(b64);
	}
	if (fs->publisher) {
		strbuf_adds(sb, "<span class=\"name\">");
		html_text(sb, fs->publisher);
		strbuf_adds(sb, "</span>");
	}
	strbuf_adds(sb, "</div>");
}

int report_render_html(const struct report *r, FILE *out)
{
	struct factsheet fs;
	struct strbuf sb = STRBUF_INIT;
	struct text_measure *tm = text_measure_new();   /* this render's own */
	factsheet_build(r, &fs);
	strbuf_adds(&sb, "<!DOCTYPE html>\n<html");
	html_attr(&sb, "lang", fs.lang == LANG_ES ? "es" : "en");
	strbuf_adds(&sb, ">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		    "style-src 'unsafe-inline'; img-src data:\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_text(&sb, fs.title);
	strbuf_adds(&sb, "</title>\n<style>");
	strbuf_adds(&sb, css);
	strbuf_adds(&sb, "</style>\n</head>\n<body>\n<header>");
	publisher(&sb, &fs);
	strbuf_adds(&sb, "<h1>");
	html_text(&sb, fs.title);
	strbuf_adds(&sb, "</h1><p>");
	html_text(&sb, fs.filters);
	strbuf_adds(&sb, "</p><p>");
	html_text(&sb, fs.generated);
	strbuf_adds(&sb, "</p></header>\n<section class=\"headline\"");
	html_attr(&sb, "aria-label", report_text(fs.lang, "headline"));
	strbuf_adds(&sb, ">\n");
	bool marked = false;
	for (int i = 0; i < fs.nhead; i++) {
		marked |= fs.head[i].marked;
		strbuf_adds(&sb, "<div class=\"figure\"");
		html_attr(&sb, "data-indicator", fs.head[i].id);
		strbuf_adds(&sb, "><span class=\"value\">");
		html_text(&sb, fs.head[i].value);
		strbuf_adds(&sb, "</span><span class=\"label\">");
		html_text(&sb, fs.head[i].label);
		strbuf_adds(&sb, "</span>");
		for (int k = 0; k < 2; k++) {
			const char *sub = k ? fs.head[i].change : fs.head[i].to_date;
			if (!sub[0])
				continue;
			strbuf_adds(&sb, k ? "<span class=\"sub change\">" : "<span class=\"sub to-date\">");
			html_text(&sb, sub);
			strbuf_adds(&sb, "</span>");
		}
		strbuf_adds(&sb, "</div>\n");
	}
	strbuf_adds(&sb, "</section>\n");
	hidden_key(&sb, &fs, marked);
	sections(&sb, tm, &fs);
	strbuf_adds(&sb, "<footer><h2>");
	html_text(&sb, report_text(fs.lang, "notes"));
	strbuf_adds(&sb, "</h2><ul>\n");
	for (int i = 0; i < fs.nnotes; i++) {
		strbuf_adds(&sb, "<li>");
		html_text(&sb, fs.notes[i]);
		strbuf_adds(&sb, "</li>\n");
	}
	strbuf_adds(&sb, "</ul></footer>\n</body>\n</html>\n");
	size_t n = fwrite(sb.buf, 1, sb.len, out);
	int rc = n == sb.len && !ferror(out) ? RT_OK : RT_EIO;
	strbuf_release(&sb);
	factsheet_release(&fs);
	text_measure_free(tm);
	return rc;
}
