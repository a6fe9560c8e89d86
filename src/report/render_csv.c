/* render_csv.c: one row per (indicator, group, category), with an HXL row,
 * for dashboards and HDX. Suppressed numbers are empty, with suppressed=yes. */
#include "report.h"
#include "../core/csv_write.h"

static const char *const header[] = {
	"indicator", "indicator_label", "population", "group", "group_label", "category",
	"category_label", "n", "count", "share", "mention_share", "suppressed",
};
static const char *const hxl[] = {
	"#indicator+code", "#indicator+name", "#population+type", "#group+code", "#group+name",
	"#category+code", "#category+name", "#population+num", "#value+num", "#value+pct",
	"#value+pct+mentions", "#meta+suppressed",
};

struct row {
	const char *f[12];
	char n[24], count[24], share[24], mention[24];
};

static void num(const struct report *r, int c, char *buf, size_t size, const char **out)
{
	if (c < 0 || rcell_hidden(r, c)) {
		*out = NULL;
		return;
	}
	snprintf(buf, size, "%lld", (long long)rcell_value(r, c));
	*out = buf;
}

static void emit(struct strbuf *sb, const struct report *r, const char *id,
		 const struct rindicator *ind, const struct rgroup *g, const struct rcat *c,
		 int n_cell, int count_cell)
{
	struct row w;
	memset(&w, 0, sizeof(w));
	double share;
	w.f[0] = id;
	w.f[1] = ind->label;
	w.f[2] = ind->population;
	w.f[3] = g ? g->code : NULL;
	w.f[4] = g ? g->label : NULL;
	w.f[5] = c ? c->code : NULL;
	w.f[6] = c ? c->label : NULL;
	num(r, n_cell, w.n, sizeof(w.n), &w.f[7]);
	num(r, count_cell, w.count, sizeof(w.count), &w.f[8]);
	if (report_share(r, count_cell, n_cell, &share)) {
		snprintf(w.share, sizeof(w.share), "%.4f", share);
		w.f[9] = w.share;
	}
	if (c && report_mention_share(r, ind, c, &share)) {
		snprintf(w.mention, sizeof(w.mention), "%.4f", share);
		w.f[10] = w.mention;
	}
	w.f[11] = rcell_hidden(r, count_cell) || rcell_hidden(r, n_cell) ? "yes" : NULL;
	csv_add_row(sb, w.f, NULL, 12);
}

/* The rows of one list of categories, hidden ones last (report_display_order). */
static void emit_cats(struct strbuf *sb, const struct report *r, const char *id,
		      const struct rindicator *ind, const struct rgroup *g, const struct rcat *cat,
		      int ncat, int n_cell)
{
	const struct rcat **order = xmalloc(((size_t)ncat + 1) * sizeof(*order));
	report_display_order(r, ind, cat, ncat, order);
	for (int k = 0; k < ncat; k++)
		emit(sb, r, id, ind, g, order[k], n_cell, order[k]->cell);
	free(order);
}

/* The rows of a list of indicators; a track's ids read "mpp_track.sex". */
static void emit_all(struct strbuf *sb, const struct report *r, const struct rindicator *list,
		     int n, const char *track)
{
	struct strbuf id = STRBUF_INIT;
	for (int i = 0; i < n; i++) {
		const struct rindicator *ind = &list[i];
		strbuf_reset(&id);
		if (track)
			strbuf_addf(&id, "%s_track.", track);
		strbuf_adds(&id, ind->id);
		if (ind->kind == RK_VALUE)
			emit(sb, r, id.buf, ind, NULL, NULL, ind->n_cell, ind->value_cell);
		emit_cats(sb, r, id.buf, ind, NULL, ind->cat, ind->ncat, ind->n_cell);
		for (int g = 0; g < ind->ngroup; g++)
			emit_cats(sb, r, id.buf, ind, &ind->group[g], ind->group[g].cat,
				  ind->group[g].ncat, ind->group[g].n_cell);
	}
	strbuf_release(&id);
}

int report_render_csv(const struct report *r, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	csv_add_row(&sb, header, NULL, 12);
	csv_add_row(&sb, hxl, NULL, 12);
	emit_all(&sb, r, r->ind, r->nind, NULL);
	if (r->track_program)
		emit_all(&sb, r, r->track, r->ntrack, r->track_program);
	size_t n = fwrite(sb.buf, 1, sb.len, out);
	int rc = n == sb.len && !ferror(out) ? RT_OK : RT_EIO;
	strbuf_release(&sb);
	return rc;
}
