/* text_measure.c: text widths in the factsheet font, with pango, so that the
 * layout (and so both the SVG and the PDF) fit labels the same way.
 *
 * A measurer is per render, never shared: a PangoLayout is not thread-safe,
 * and an HTTP server renders factsheets in several threads at once. The font
 * map it comes from is pango's default one, which is per thread (pango >=
 * 1.32.6), so two measurers in two threads share no pango object. */
#include "chart_pango.h"
#include "../core/common.h"
#include "../core/strbuf.h"
#include "../core/textcheck.h"

struct text_measure {
	PangoContext *ctx;
	PangoLayout *layout;
};

struct text_measure *text_measure_new(void)
{
	struct text_measure *tm = xcalloc(1, sizeof(*tm));
	PangoFontMap *map = pango_cairo_font_map_get_default();
	tm->ctx = pango_font_map_create_context(map);
	/* measure in points at 72 dpi: one unit = one point */
	pango_cairo_context_set_resolution(tm->ctx, 72.0);
	tm->layout = pango_layout_new(tm->ctx);
	return tm;
}

void text_measure_free(struct text_measure *tm)
{
	if (!tm)
		return;
	g_object_unref(tm->layout);
	g_object_unref(tm->ctx);
	free(tm);
}

void factsheet_font(PangoLayout *l, double size, bool bold, bool italic)
{
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, FACTSHEET_FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
}

PangoLayout *factsheet_layout(cairo_t *cr, double size, bool bold, bool italic)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	pango_cairo_context_set_resolution(pango_layout_get_context(l), 72.0);
	pango_layout_context_changed(l);
	factsheet_font(l, size, bold, italic);
	return l;
}

/* Invisible characters that need no glyph: variation selectors, joiners, tags. */
static bool default_ignorable(uint32_t cp)
{
	return cp == 0x200C || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) ||
	       (cp >= 0xE0000 && cp <= 0xE0FFF) || cp == 0x00AD || cp == 0x034F;
}

void factsheet_set_text(PangoLayout *l, const char *s)
{
	size_t len = s ? strlen(s) : 0, i = 0;
	while (i < len && (((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) ||
			   s[i] == '\n'))
		i++;
	if (i == len) {   /* printable ASCII: as it is */
		pango_layout_set_text(l, s ? s : "", -1);
		return;
	}
	const PangoFontDescription *fd = pango_layout_get_font_description(l);
	PangoContext *ctx = pango_layout_get_context(l);
	PangoFont *font = pango_context_load_font(ctx, fd ? fd : pango_context_get_font_description(ctx));
	bool has_fffd = font && pango_font_has_char(font, 0xFFFD);
	struct strbuf sb = STRBUF_INIT;
	for (i = 0; i < len;) {
		size_t n;
		uint32_t cp = text_decode(s + i, len - i, &n);
		if (text_format_char_len(s + i, len - i)) {
			/* dropped */
		} else if ((cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 ||
			   cp == 0x2029) {
			strbuf_addch(&sb, ' ');
		} else if (cp >= 0x80 && font && !pango_font_has_char(font, cp)) {
			if (!default_ignorable(cp))
				strbuf_adds(&sb, has_fffd ? "\xEF\xBF\xBD" : "?");
		} else {
			strbuf_add(&sb, s + i, n);
		}
		i += n;
	}
	pango_layout_set_text(l, sb.buf, (int)sb.len);
	strbuf_release(&sb);
	if (font)
		g_object_unref(font);
}

double text_width(struct text_measure *tm, const char *s, double size, bool bold)
{
	factsheet_font(tm->layout, size, bold, false);
	factsheet_set_text(tm->layout, s);
	int w, h;
	pango_layout_get_size(tm->layout, &w, &h);
	return (double)w / PANGO_SCALE;
}
