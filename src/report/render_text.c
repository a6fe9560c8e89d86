/* render_text.c: the factsheet as a terminal summary: headline numbers
 * first, then each section with its population and n, then the notes. */
#include "report.h"
#include "../core/parse.h"

struct out {
	const struct report *r;
	FILE *f;
	enum lang lang;
};

static const char *T(const struct out *o, const char *key)
{
	return report_text(o->lang, key);
}

/* A count as text: the number, or the marker x when hidden. */
static const char *count_text(const struct report *r, int c, char *buf, size_t size)
{
	if (rcell_hidden(r, c))
		snprintf(buf, size, "%s", REPORT_HIDDEN);
	else
		snprintf(buf, size, "%lld", (long long)rcell_value(r, c));
	return buf;
}

/* Prints s left-aligned in `width` characters (not bytes: labels are UTF-8). */
static void pad(FILE *f, const char *s, size_t width)
{
	size_t chars = utf8_length(s, strlen(s));
	fputs(s, f);
	for (; chars < width; chars++)
		fputc(' ', f);
}

static void cats(const struct out *o, const struct rindicator *ind, const struct rcat *cat,
		 int ncat, int n_cell, const char *indent)
{
	const struct report *r = o->r;
	const struct rcat **order = xmalloc(((size_t)ncat + 1) * sizeof(*order));
	report_display_order(r, ind, cat, ncat, order);
	for (int i = 0; i < ncat; i++) {
		const struct rcat *c = order[i];
		char b[32];
		double share;
		fputs(indent, o->f);
		pad(o->f, c->label, 44);
		fprintf(o->f, " %8s", count_text(r, c->cell, b, sizeof(b)));
		if (report_share(r, c->cell, n_cell, &share))
			fprintf(o->f, "  %5.1f%%", share * 100.0);
		else if (report_share_hidden(r, c->cell, n_cell))
			fprintf(o->f, "  %6s", REPORT_HIDDEN);
		if (report_mention_share(r, ind, c, &share))
			fprintf(o->f, "  (%4.1f%% %s)", share * 100.0, T(o, "mentions"));
		fputc('\n', o->f);
	}
	free(order);
}

static void heading(const struct out *o, const struct rindicator *ind, int n_cell, int missing_cell)
{
	char b[32], m[32];
	fprintf(o->f, "\n%s\n  %s: %s", ind->label, T(o, "population"), ind->population_label);
	if (n_cell >= 0)
		fprintf(o->f, ", n = %s", count_text(o->r, n_cell, b, sizeof(b)));
	if (missing_cell >= 0 && rcell_value(o->r, missing_cell) > 0)
		fprintf(o->f, " (%s %s)", count_text(o->r, missing_cell, m, sizeof(m)), T(o, "missing"));
	fputc('\n', o->f);
}

static void months(const struct out *o, const struct rindicator *ind)
{
	for (int g = 0; g < ind->ngroup; g++) {
		const struct rgroup *gr = &ind->group[g];
		char b[32];
		fprintf(o->f, "  %s (n = %s):", gr->label, count_text(o->r, gr->n_cell, b, sizeof(b)));
		for (int c = 0; c < gr->ncat; c++) {
			if (c % 8 == 0)
				fputs("\n   ", o->f);
			fprintf(o->f, " %s %5s", gr->cat[c].code, count_text(o->r, gr->cat[c].cell, b, sizeof(b)));
		}
		fputc('\n', o->f);
	}
}

static void show_indicator(const struct out *o, const struct rindicator *ind)
{
	switch (ind->kind) {
	case RK_VALUE:
		break;
	case RK_CATEGORIES:
		heading(o, ind, ind->n_cell, ind->missing_cell);
		cats(o, ind, ind->cat, ind->ncat, ind->n_cell, "    ");
		break;
	case RK_GROUPS:
		heading(o, ind, -1, -1);
		if (ind->chronological) {
			months(o, ind);
			break;
		}
		for (int g = 0; g < ind->ngroup; g++) {
			const struct rgroup *gr = &ind->group[g];
			char b[32], m[32];
			fprintf(o->f, "  %s (n = %s", gr->label, count_text(o->r, gr->n_cell, b, sizeof(b)));
			if (rcell_value(o->r, gr->missing_cell) > 0)
				fprintf(o->f, ", %s %s", count_text(o->r, gr->missing_cell, m, sizeof(m)),
					T(o, "missing"));
			fputs(")\n", o->f);
			cats(o, ind, gr->cat, gr->ncat, gr->n_cell, "      ");
		}
		break;
	}
}

static void show(const struct out *o, const char *id)
{
	const struct rindicator *ind = report_find(o->r, id);
	if (ind)
		show_indicator(o, ind);
}

/* In a public report with a hidden number, what the marker means, under the
 * headline figures (the full note on publication safety ends the report). */
static void hidden_key(const struct out *o)
{
	const struct report *r = o->r;
	bool any = false;
	for (int i = 0; i < r->ncell && !any; i++)
		any = r->cell[i].suppressed;
	if (!r->opts.public_ || !any)
		return;
	fputs("\n  ", o->f);
	fprintf(o->f, T(o, "hidden_key"), r->opts.min_cell);
	fputc('\n', o->f);
}

static void section(const struct out *o, const char *key)
{
	const char *t = T(o, key);
	fprintf(o->f, "\n== %s ", t);
	for (size_t i = strlen(t); i < 70; i++)
		fputc('=', o->f);
	fputc('\n', o->f);
}

int report_render_text(const struct report *r, FILE *f)
{
	struct out o = { r, f, r->opts.lang };
	const struct report_opts *op = &r->opts;
	char b[32], c[32];
	fprintf(f, "%s — %s\n", T(&o, "title"), T(&o, "factsheet"));
	struct strbuf filters = STRBUF_INIT;
	report_describe_filters(r, &filters);
	fprintf(f, "%s\n", filters.buf);
	strbuf_release(&filters);
	struct strbuf when = STRBUF_INIT;
	report_format_date(r->opts.lang, r->generated_at, &when);   /* "27 November 2026" */
	fprintf(f, "%s %s\n\n", T(&o, "generated"), when.buf);
	strbuf_release(&when);

	static const char *const headline[] = { "returns_total", "umc_total", "minors_total",
						"children_accompanied" };
	for (size_t i = 0; i < ARRAY_SIZE(headline); i++) {
		const struct rindicator *ind = report_find(r, headline[i]);
		fprintf(f, "  %10s  %s\n", count_text(r, ind->value_cell, b, sizeof(b)), ind->label);
	}

	const struct rindicator *cov = report_find(r, "survey_coverage");
	double share = 0;
	if (report_share(r, cov->value_cell, cov->n_cell, &share))
		snprintf(c, sizeof(c), "%.1f%%", share * 100.0);
	else
		snprintf(c, sizeof(c), "%s",
			 report_share_hidden(r, cov->value_cell, cov->n_cell) ? REPORT_HIDDEN : "…");
	hidden_key(&o);
	for (const struct report_section *sec = report_sections; sec->key; sec++) {
		section(&o, sec->key);
		if (sec->survey)
			fprintf(f, "  %s: %s / %s (%s)\n  %s\n", cov->label,
				count_text(r, cov->value_cell, b, sizeof(b)),
				count_text(r, cov->n_cell, (char[32]){ 0 }, 32), c, T(&o, "multi_note"));
		for (int i = 0; sec->ids[i]; i++)
			show(&o, sec->ids[i]);
	}

	if (r->track_program) {
		section(&o, "section_mpp");
		fprintf(f, "  %s — %s\n", r->track_label, T(&o, "mpp_note"));
		fprintf(f, "  %10s  %s\n", count_text(r, r->track[0].value_cell, b, sizeof(b)),
			r->track[0].label);
		for (int i = 1; i < r->ntrack; i++)
			show_indicator(&o, &r->track[i]);
	}

	section(&o, "s_registrations");
	show(&o, "registrations_by_month");

	fputc('\n', f);
	fprintf(f, T(&o, "survey_note"), count_text(r, cov->value_cell, b, sizeof(b)), c);
	fputc('\n', f);
	if (op->public_) {
		fprintf(f, T(&o, "suppressed_note"), op->min_cell);
		fputc('\n', f);
	}
	fprintf(f, "%s\n", T(&o, r->invariant_ok ? "invariant_ok" : "invariant_bad"));
	return ferror(f) ? RT_EIO : RT_OK;
}
