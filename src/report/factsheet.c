/* factsheet.c: the report as a document of sections and charts; see factsheet.h. */
#include "factsheet.h"

static const char *T(const struct factsheet *fs, const char *key)
{
	return report_text(fs->lang, key);
}

static struct fs_block *add(struct factsheet *fs, enum fs_kind kind)
{
	if (fs->n == fs->alloc) {
		fs->alloc = fs->alloc ? fs->alloc * 2 : 64;
		fs->b = xrealloc(fs->b, st_mult((size_t)fs->alloc, sizeof(*fs->b)));
	}
	struct fs_block *b = &fs->b[fs->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

static void section(struct factsheet *fs, const char *key)
{
	add(fs, FS_SECTION)->text = xstrdup(T(fs, key));
}

static void note(struct factsheet *fs, const char *text, bool marked)
{
	struct fs_block *b = add(fs, FS_NOTE);
	b->text = xstrdup(text);
	b->marked = marked;
}

/* A count as shown: 1,703, or the marker when hidden (then *marked is set). */
static void count_text(const struct factsheet *fs, int cell, char *buf, size_t size, bool *marked)
{
	if (rcell_hidden(fs->r, cell)) {
		snprintf(buf, size, "%s", REPORT_HIDDEN);
		*marked = true;
	} else {
		format_count(buf, size, rcell_value(fs->r, cell));
	}
}

/* A share as shown: 77.9%, the marker when hidden (*marked set), or "…"
 * when there is none (n = 0). */
static void share_text(const struct factsheet *fs, int cell, int n_cell, char *buf, size_t size,
		       bool *marked)
{
	double share;
	if (report_share(fs->r, cell, n_cell, &share)) {
		format_share(buf, size, share);
	} else if (report_share_hidden(fs->r, cell, n_cell)) {
		snprintf(buf, size, "%s", REPORT_HIDDEN);
		*marked = true;
	} else {
		snprintf(buf, size, "…");
	}
}

/* "people who returned · n = 1,703 · 12 not recorded"; *marked is set when
 * a number in it is the marker. */
static char *subtitle(const struct factsheet *fs, const struct rindicator *ind, int n_cell,
		      int missing_cell, bool *marked)
{
	struct strbuf sb = STRBUF_INIT;
	char n[32];
	strbuf_adds(&sb, ind->population_label);
	if (n_cell >= 0) {
		count_text(fs, n_cell, n, sizeof(n), marked);
		strbuf_addf(&sb, " · n = %s", n);
	}
	if (missing_cell >= 0 && rcell_value(fs->r, missing_cell) > 0) {
		count_text(fs, missing_cell, n, sizeof(n), marked);
		strbuf_addf(&sb, " · %s %s", n, T(fs, "missing"));
	}
	if (ind->multi)
		strbuf_addf(&sb, " · %s", T(fs, "multi_short"));
	return strbuf_detach(&sb, NULL);
}

/* Natural order for ordinal lists (age bands, education); else the report's
 * order (by count). */
static bool ordinal(const char *id)
{
	return !strcmp(id, "age_band") || !strcmp(id, "education") ||
	       !strcmp(id, "no_education_age_group") || !strcmp(id, "family_minors");
}

static int by_order(const void *a, const void *b)
{
	const struct rcat *x = *(const struct rcat *const *)a, *y = *(const struct rcat *const *)b;
	return x->order - y->order;
}

static void fill_value(const struct factsheet *fs, struct chart_value *v, int cell, int n_cell)
{
	v->hidden = rcell_hidden(fs->r, cell);
	v->count = v->hidden ? 0 : rcell_value(fs->r, cell);
	v->has_share = report_share(fs->r, cell, n_cell, &v->share);
	v->share_hidden = !v->hidden && report_share_hidden(fs->r, cell, n_cell);
}

/* A chart of ind; n_cell is its n (-1: none), which, hidden, hides the chart. */
static struct chart *new_chart(const struct factsheet *fs, enum chart_kind kind, int nrow, int nser,
			       const struct rindicator *ind, int n_cell)
{
	struct chart *c = chart_new(kind, nrow, nser);
	c->id = ind->id;
	c->track = fs->track;
	snprintf(c->hidden_text, sizeof(c->hidden_text), "%s", REPORT_HIDDEN);
	c->n_hidden = rcell_hidden(fs->r, n_cell);
	c->too_few = T(fs, "too_few");
	return c;
}

static void bars(struct factsheet *fs, const struct rindicator *ind, const struct rcat *cat, int ncat,
		 int n_cell, int missing_cell, const char *title, const char *group)
{
	const struct rcat **sorted = xmalloc(((size_t)ncat + 1) * sizeof(*sorted));
	report_display_order(fs->r, ind, cat, ncat, sorted);
	if (ordinal(ind->id))
		qsort(sorted, (size_t)ncat, sizeof(*sorted), by_order);
	struct chart *c = new_chart(fs, CHART_BARS, ncat, 1, ind, n_cell);
	c->group = group;
	c->title = xstrdup(title);
	c->subtitle = subtitle(fs, ind, n_cell, missing_cell, &c->subtitle_marked);
	for (int i = 0; i < ncat; i++) {
		c->row_code[i] = sorted[i]->code;
		c->row_label[i] = sorted[i]->label;
		fill_value(fs, chart_at(c, i, 0), sorted[i]->cell, n_cell);
	}
	free(sorted);
	add(fs, FS_CHART)->chart = c;
}

static void chart_of(struct factsheet *fs, const struct rindicator *ind)
{
	if (!ind)
		return;
	if (ind->kind == RK_CATEGORIES) {
		bars(fs, ind, ind->cat, ind->ncat, ind->n_cell, ind->missing_cell, ind->label, NULL);
		return;
	}
	if (ind->kind != RK_GROUPS)
		return;
	/* one bar chart per group: "Registration points — Mexico" */
	for (int g = 0; g < ind->ngroup; g++) {
		const struct rgroup *gr = &ind->group[g];
		struct strbuf t = STRBUF_INIT;
		strbuf_addf(&t, "%s — %s", ind->label, gr->label);
		bars(fs, ind, gr->cat, gr->ncat, gr->n_cell, gr->missing_cell, t.buf, gr->code);
		strbuf_release(&t);
	}
}

/* One stacked bar per group, one segment per category of the series list
 * (sex within each education level; education within each occupation). */
static void stacked(struct factsheet *fs, const struct rindicator *ind, const struct rindicator *series)
{
	if (!ind || !series)
		return;
	/* series: every code that appears in some group, in natural order */
	int nser = 0, most = 0;
	for (int g = 0; g < ind->ngroup; g++)
		most += ind->group[g].ncat;
	const struct rcat **ser = xcalloc((size_t)most + 1, sizeof(*ser));
	for (int g = 0; g < ind->ngroup; g++) {
		for (int k = 0; k < ind->group[g].ncat; k++) {
			const struct rcat *c = &ind->group[g].cat[k];
			bool seen = false;
			for (int i = 0; i < nser; i++)
				seen |= !strcmp(ser[i]->code, c->code);
			if (!seen)
				ser[nser++] = c;
		}
	}
	qsort(ser, (size_t)nser, sizeof(*ser), by_order);
	/* rows: groups, in natural order for education */
	const struct rgroup **rows = xmalloc(((size_t)ind->ngroup + 1) * sizeof(*rows));
	int nrow = 0;
	for (int g = 0; g < ind->ngroup; g++)
		if (ind->group[g].ncat)
			rows[nrow++] = &ind->group[g];
	struct chart *c = new_chart(fs, CHART_STACKED, nrow, nser, ind, -1);
	c->title = xstrdup(ind->label);
	c->subtitle = subtitle(fs, ind, -1, -1, &c->subtitle_marked);
	for (int k = 0; k < nser; k++) {
		c->ser_code[k] = ser[k]->code;
		c->ser_label[k] = ser[k]->label;
	}
	for (int i = 0; i < nrow; i++) {
		c->row_code[i] = rows[i]->code;
		c->row_label[i] = rows[i]->label;
		for (int k = 0; k < nser; k++) {
			struct chart_value *v = chart_at(c, i, k);
			v->hidden = false;
			v->count = 0;
			for (int j = 0; j < rows[i]->ncat; j++)
				if (!strcmp(rows[i]->cat[j].code, ser[k]->code))
					fill_value(fs, v, rows[i]->cat[j].cell, rows[i]->n_cell);
		}
	}
	free(rows);
	free(ser);
	add(fs, FS_CHART)->chart = c;
}

static void registrations(struct factsheet *fs, const struct rindicator *ind)
{
	if (!ind)
		return;
	/* Small multiples read together: one scale for all the points (the
	 * largest shown month), and months from the first one with any
	 * registration (or a hidden count) at any point -- not years of zeros. */
	int64_t top = 0;
	int from = -1;
	for (int g = 0; g < ind->ngroup; g++) {
		const struct rgroup *gr = &ind->group[g];
		for (int i = 0; i < gr->ncat; i++) {
			int cell = gr->cat[i].cell;
			bool hidden = rcell_hidden(fs->r, cell);
			int64_t v = hidden ? 0 : rcell_value(fs->r, cell);
			if ((hidden || v) && (from < 0 || i < from))
				from = i;
			if (v > top)
				top = v;
		}
	}
	if (from < 0)
		from = 0;
	for (int g = 0; g < ind->ngroup; g++) {
		const struct rgroup *gr = &ind->group[g];
		int nrow = gr->ncat > from ? gr->ncat - from : 0;
		struct chart *c = new_chart(fs, CHART_LINE, nrow, 1, ind, gr->n_cell);
		c->group = gr->code;
		c->title = xstrdup(gr->label);
		c->subtitle = subtitle(fs, ind, gr->n_cell, -1, &c->subtitle_marked);
		c->scale_max = top;
		for (int i = 0; i < nrow; i++) {
			c->row_code[i] = gr->cat[from + i].code;
			c->row_label[i] = gr->cat[from + i].label;
			fill_value(fs, chart_at(c, i, 0), gr->cat[from + i].cell, gr->n_cell);
		}
		add(fs, FS_CHART)->chart = c;
	}
	/* the numbers: months down, registration points across */
	int nrow = ind->ngroup && ind->group[0].ncat > from ? ind->group[0].ncat - from : 0;
	struct chart *c = new_chart(fs, CHART_TABLE, nrow, ind->ngroup, ind, -1);
	c->group = "table";
	c->title = xstrdup(ind->label);
	c->subtitle = subtitle(fs, ind, -1, -1, &c->subtitle_marked);
	for (int g = 0; g < ind->ngroup; g++) {
		c->ser_code[g] = ind->group[g].code;
		c->ser_label[g] = ind->group[g].label;
	}
	for (int i = 0; i < nrow; i++) {
		c->row_code[i] = ind->group[0].cat[from + i].code;
		c->row_label[i] = ind->group[0].cat[from + i].label;
		for (int g = 0; g < ind->ngroup; g++)
			fill_value(fs, chart_at(c, i, g), ind->group[g].cat[from + i].cell,
				   ind->group[g].n_cell);
	}
	struct fs_block *b = add(fs, FS_CHART);
	b->chart = c;
	b->wide = true;
}

/* ---- the figures of issue 12: the trend, the pyramid, the map ---- */

/* Returns by month: one line over the whole period, across the page. */
static void trend(struct factsheet *fs, const struct rindicator *ind)
{
	struct chart *c = new_chart(fs, CHART_LINE, ind->ncat, 1, ind, ind->n_cell);
	c->title = xstrdup(ind->label);
	c->subtitle = subtitle(fs, ind, ind->n_cell, ind->missing_cell, &c->subtitle_marked);
	for (int i = 0; i < ind->ncat; i++) {
		c->row_code[i] = ind->cat[i].code;
		c->row_label[i] = ind->cat[i].label;
		fill_value(fs, chart_at(c, i, 0), ind->cat[i].cell, ind->n_cell);
	}
	struct fs_block *b = add(fs, FS_CHART);
	b->chart = c;
	b->wide = true;
}

/* Sex by age band: the age bands (rows) with data, men on the left and
 * women on the right (series); a sex a band lacks is a 0 there. */
static void pyramid(struct factsheet *fs, const struct rindicator *ind)
{
	const char *order[2] = { "male", "female" };
	const char *label[2] = { NULL, NULL };
	for (int g = 0; g < ind->ngroup; g++)
		for (int k = 0; k < ind->group[g].ncat; k++)
			for (int s = 0; s < 2; s++)
				if (!strcmp(ind->group[g].cat[k].code, order[s]))
					label[s] = ind->group[g].cat[k].label;
	struct chart *c = new_chart(fs, CHART_PYRAMID, ind->ngroup, 2, ind, -1);
	c->title = xstrdup(ind->label);
	c->subtitle = subtitle(fs, ind, -1, -1, &c->subtitle_marked);
	for (int s = 0; s < 2; s++) {
		c->ser_code[s] = order[s];
		c->ser_label[s] = label[s] ? label[s] : order[s];
	}
	for (int g = 0; g < ind->ngroup; g++) {
		const struct rgroup *gr = &ind->group[g];
		c->row_code[g] = gr->code;
		c->row_label[g] = gr->label;
		for (int k = 0; k < gr->ncat; k++)
			for (int s = 0; s < 2; s++)
				if (!strcmp(gr->cat[k].code, order[s]))
					fill_value(fs, chart_at(c, g, s), gr->cat[k].cell, gr->n_cell);
	}
	add(fs, FS_CHART)->chart = c;
}

/* The map: every point of the report (r->map), its circle the returns of its
 * registration_point category -- the same cell, hidden or shown alike. */
static void map(struct factsheet *fs, const struct rindicator *rp)
{
	const struct report *r = fs->r;
	const struct rindicator *total = report_find(r, "returns_total");
	int n_cell = total ? total->value_cell : -1;
	struct chart *c = new_chart(fs, CHART_MAP, r->nmap, 1, rp, n_cell);
	c->id = "map";
	c->title = xstrdup(T(fs, "map_title"));
	c->subtitle = subtitle(fs, rp, n_cell, -1, &c->subtitle_marked);
	c->note = T(fs, "map_note");
	c->geo = xcalloc(st_mult((size_t)r->nmap, 2) + 1, sizeof(double));
	for (int i = 0; i < r->nmap; i++) {
		const struct rmap_point *p = &r->map[i];
		c->row_code[i] = p->code;
		c->row_label[i] = p->label;
		c->geo[2 * i] = p->lat;
		c->geo[2 * i + 1] = p->lon;
		if (p->cell >= 0)
			fill_value(fs, chart_at(c, i, 0), p->cell, -1);
	}
	struct fs_block *b = add(fs, FS_CHART);
	b->chart = c;
	b->wide = true;
}

/* Draws the figure that stands for (or before) indicator id; true when
 * nothing else is to be drawn for it. The MPP track has none of them. */
static bool figure(struct factsheet *fs, const char *id)
{
	const struct rindicator *ind = report_find(fs->r, id);
	if (!ind)
		return false;
	if (!strcmp(id, "returns_by_month")) {
		trend(fs, ind);
		return true;
	}
	if (!strcmp(id, "sex_by_age_band")) {
		pyramid(fs, ind);
		return true;
	}
	if (!strcmp(id, "registration_point") && fs->r->nmap)
		map(fs, ind);   /* and its bars, by office, after it */
	return false;
}

static void headline(struct factsheet *fs, const char *id, const struct rindicator *ind)
{
	struct fs_headline *h = &fs->head[fs->nhead++];
	h->id = id;
	h->label = ind->label;
	count_text(fs, ind->value_cell, h->value, sizeof(h->value), &h->marked);
}

/* The survey coverage figure: "312 (18.3%)", "x", or "312 (x)". */
static void coverage_headline(struct factsheet *fs, const struct rindicator *cov)
{
	headline(fs, "survey_coverage", cov);
	struct fs_headline *h = &fs->head[fs->nhead - 1];
	if (h->marked || cov->n_cell < 0 || rcell_value(fs->r, cov->n_cell) <= 0)
		return;  /* a hidden count has no share to show; n = 0 has none at all */
	char sh[32];
	share_text(fs, cov->value_cell, cov->n_cell, sh, sizeof(sh), &h->marked);
	size_t len = strlen(h->value);
	snprintf(h->value + len, sizeof(h->value) - len, " (%s)", sh);
}

/* ---- a monthly edition: the programme to date and the changes beside
 * each headline figure (report->to_date, report->previous) ---- */

static void signed_text(int64_t v, char *buf, size_t size)
{
	snprintf(buf, size, "%s%lld", v > 0 ? "+" : v < 0 ? "\u2212" : "", (long long)(v < 0 ? -v : v));
}

static void edition_headlines(struct factsheet *fs)
{
	const struct report *r = fs->r, *td = r->to_date;
	if (!td)
		return;
	const struct report_previous *pv = r->previous;
	struct strbuf month = STRBUF_INIT;
	if (pv)
		report_format_month(fs->lang, pv->from, &month);
	for (int i = 0; i < fs->nhead; i++) {
		struct fs_headline *h = &fs->head[i];
		const struct rindicator *ind = report_find(td, h->id);
		if (!ind)
			continue;
		bool hidden = rcell_hidden(td, ind->value_cell);
		char v[32];
		if (hidden)
			snprintf(v, sizeof(v), "%s", REPORT_HIDDEN);
		else
			snprintf(v, sizeof(v), "%lld", (long long)rcell_value(td, ind->value_cell));
		h->marked |= hidden;
		snprintf(h->to_date, sizeof(h->to_date), "%s: %s", T(fs, "to_date_fig"), v);
		int k = 0;
		while (k < REPORT_NHEADLINE && strcmp(report_headline_ids[k], h->id))
			k++;
		if (!pv) {
			snprintf(h->change, sizeof(h->change), "%s", T(fs, "first_edition"));
			continue;
		}
		if (k == REPORT_NHEADLINE)
			continue;
		char cm[32], ct[32];
		const struct report_change *a = &pv->month[k], *b = &pv->to_date[k];
		if (a->change_hidden)
			snprintf(cm, sizeof(cm), "%s", REPORT_HIDDEN);
		else
			signed_text(a->change, cm, sizeof(cm));
		if (b->change_hidden)
			snprintf(ct, sizeof(ct), "%s", REPORT_HIDDEN);
		else
			signed_text(b->change, ct, sizeof(ct));
		h->marked |= a->change_hidden || b->change_hidden;
		snprintf(h->change, sizeof(h->change), "%s %s: %s; %s: %s", T(fs, "versus"), month.buf,
			 cm, T(fs, "to_date_short"), ct);
	}
	strbuf_release(&month);
}

/* ---- the publisher block (report->publisher) ---- */

static const char *in_lang(const struct factsheet *fs, char *const *text)
{
	return text[fs->lang] ? text[fs->lang] : text[!fs->lang];
}

static void publisher(struct factsheet *fs)
{
	const struct report_publisher *p = fs->r->publisher;
	if (!p)
		return;
	fs->pub = p;
	fs->publisher = in_lang(fs, p->name);
}

static void publisher_notes(struct factsheet *fs)
{
	const struct report_publisher *p = fs->r->publisher;
	if (!p)
		return;
	const char *disclaimer = in_lang(fs, p->disclaimer), *contact = in_lang(fs, p->contact);
	struct strbuf sb = STRBUF_INIT;
	if (fs->publisher || contact) {
		if (fs->publisher)
			strbuf_addf(&sb, "%s: %s", T(fs, "published_by"), fs->publisher);
		if (contact)
			strbuf_addf(&sb, "%s%s: %s", sb.len ? " · " : "", T(fs, "contact"), contact);
		if (fs->nnotes < (int)ARRAY_SIZE(fs->notes))
			fs->notes[fs->nnotes++] = strbuf_detach(&sb, NULL);
	}
	if (disclaimer && fs->nnotes < (int)ARRAY_SIZE(fs->notes))
		fs->notes[fs->nnotes++] = xstrdup(disclaimer);
	strbuf_release(&sb);
}

void factsheet_build(const struct report *r, struct factsheet *fs)
{
	memset(fs, 0, sizeof(*fs));
	fs->r = r;
	fs->lang = r->opts.lang;
	const struct report_opts *o = &r->opts;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s — %s", T(fs, "title"), T(fs, "factsheet"));
	fs->title = strbuf_detach(&sb, NULL);
	report_describe_filters(r, &sb);
	fs->filters = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "%s ", T(fs, "generated"));
	report_format_date(fs->lang, r->generated_at, &sb);   /* "27 November 2026" */
	fs->generated = strbuf_detach(&sb, NULL);

	headline(fs, "returns_total", report_find(r, "returns_total"));
	headline(fs, "umc_total", report_find(r, "umc_total"));
	headline(fs, "children_accompanied", report_find(r, "children_accompanied"));
	const struct rindicator *cov = report_find(r, "survey_coverage");
	coverage_headline(fs, cov);
	edition_headlines(fs);
	publisher(fs);

	char cv[32], csh[32];
	bool survey_marked = false;
	count_text(fs, cov->value_cell, cv, sizeof(cv), &survey_marked);
	share_text(fs, cov->value_cell, cov->n_cell, csh, sizeof(csh), &survey_marked);
	strbuf_addf(&sb, T(fs, "survey_note"), cv, csh);
	char *survey_note = strbuf_detach(&sb, NULL);

	for (const struct report_section *sec = report_sections; sec->key; sec++) {
		section(fs, sec->key);
		if (sec->survey)
			note(fs, survey_note, survey_marked);
		for (int i = 0; sec->ids[i]; i++) {
			if (figure(fs, sec->ids[i]))
				continue;
			const char *series = report_stacked_series(sec->ids[i]);
			if (series)
				stacked(fs, report_find(r, sec->ids[i]), report_find(r, series));
			else
				chart_of(fs, report_find(r, sec->ids[i]));
		}
	}
	if (r->track_program) {
		section(fs, "section_mpp");
		char tv[32];
		bool marked = false;
		count_text(fs, r->track[0].value_cell, tv, sizeof(tv), &marked);
		strbuf_addf(&sb, "%s: %s — %s", r->track_label, tv, T(fs, "mpp_note"));
		note(fs, sb.buf, marked);
		strbuf_reset(&sb);
		fs->track = r->track_program;
		for (int i = 1; i < r->ntrack; i++)
			chart_of(fs, &r->track[i]);
		fs->track = NULL;
	}
	section(fs, "s_registrations");
	registrations(fs, report_find(r, "registrations_by_month"));

	fs->note_marked[fs->nnotes] = survey_marked;
	fs->notes[fs->nnotes++] = survey_note;
	if (o->public_) {
		strbuf_addf(&sb, T(fs, "suppressed_note"), o->min_cell);
		fs->note_marked[fs->nnotes] = true;   /* it shows the marker it explains */
		fs->notes[fs->nnotes++] = strbuf_detach(&sb, NULL);
		strbuf_addf(&sb, T(fs, "hidden_key"), o->min_cell);
		fs->hidden_key = strbuf_detach(&sb, NULL);
	}
	fs->notes[fs->nnotes++] = xstrdup(T(fs, r->invariant_ok ? "invariant_ok" : "invariant_bad"));
	publisher_notes(fs);
	strbuf_release(&sb);
}

void factsheet_release(struct factsheet *fs)
{
	for (int i = 0; i < fs->n; i++) {
		free(fs->b[i].text);
		chart_free(fs->b[i].chart);
	}
	free(fs->b);
	for (int i = 0; i < fs->nnotes; i++)
		free(fs->notes[i]);
	free(fs->title);
	free(fs->filters);
	free(fs->generated);
	free(fs->hidden_key);
	memset(fs, 0, sizeof(*fs));
}
