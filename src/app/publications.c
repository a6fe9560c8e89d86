/* publications.c: the periods of public outputs and the editions of the
 * public factsheet, with an acting user; see app.h.
 *
 * The protection itself (which cells to hide so that nothing published,
 * alone or combined, reveals a small count) is report_public()'s
 * (report/protect.h). This file decides what it is given -- the period, the
 * recorded editions -- and what is kept: an edition is its filters, every
 * cell as (key, value, suppressed), and every format rendered in English and
 * Spanish, written once, in one transaction, never changed. */
#include "app_impl.h"
#include "../core/clock.h"
#include "../core/parse.h"
#include "../report/factsheet.h"
#include "../report/protect.h"
#include <time.h>

const char *const app_edition_formats[] = { "json", "csv", "text", "html", "pdf" };
const int app_edition_nformats = (int)ARRAY_SIZE(app_edition_formats);
static int (*const edition_render[])(const struct report *, FILE *) = {
	report_render_json, report_render_csv, report_render_text, report_render_html,
	report_render_pdf,
};
_Static_assert(ARRAY_SIZE(edition_render) == ARRAY_SIZE(app_edition_formats),
	       "one renderer per format");

/* ---- periods ---- */

static int month_of(rt_date d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return protect_month(y, m);
}

static rt_date month_first(int month)
{
	return date_from_ymd(month / 12, month % 12 + 1, 1);
}

static rt_date month_last(int month)
{
	return month_first(month + 1) - 1;
}

int app_public_period(struct report_opts *o, const char *point, struct public_period *p,
		      struct app_problem *pb)
{
	app_problem_init(pb);
	memset(p, 0, sizeof(*p));
	if (point && *point)
		return pb_set(pb, APP_BAD_REQUEST, "public_point_filter", "%.64s", point);
	if (o->sadd_bands)
		return pb_set(pb, APP_BAD_REQUEST, "public_sadd_bands", "%s", "");
	if (!o->program)
		return pb_set(pb, APP_BAD_REQUEST, "public_program_all", "%s", "");
	if (o->min_cell <= 0)
		o->min_cell = 5;
	if (o->min_cell < 5)
		return pb_set(pb, APP_BAD_REQUEST, "public_min_cell", "%d", o->min_cell);
	if (o->from && !o->to)
		return pb_set(pb, APP_BAD_REQUEST, "public_from_without_to", "%.40s", o->from);
	rt_date today = date_today_utc(), from = 0, to;
	if (o->to) {
		if (parse_date(o->to, strlen(o->to), &to))
			return pb_set(pb, APP_BAD_REQUEST, "bad_date", "%.40s", o->to);
		if (month_last(month_of(to)) != to)
			return pb_set(pb, APP_BAD_REQUEST, "public_to_not_month_end", "%s", o->to);
	} else {
		to = month_first(month_of(today)) - 1;   /* the last complete month */
	}
	if (o->from) {
		if (parse_date(o->from, strlen(o->from), &from))
			return pb_set(pb, APP_BAD_REQUEST, "bad_date", "%.40s", o->from);
		if (month_first(month_of(from)) != from)
			return pb_set(pb, APP_BAD_REQUEST, "public_from_not_month_start", "%s",
				      o->from);
		if (from > to)
			return pb_set(pb, APP_BAD_REQUEST, "from_after_to", "%s" MSG_SEP "%s",
				      o->from, o->to);
	}
	/* a month is over once its last day has passed: cases may still depart today */
	if (to >= today) {
		char last[11];
		format_date(to, last);
		return pb_set(pb, APP_BAD_REQUEST, "public_month_incomplete", "%.7s" MSG_SEP "%s",
			      last, last);
	}
	p->from_month = o->from ? month_of(from) : -1;
	p->to_month = month_of(to);
	if (o->from)
		format_date(from, p->from);
	format_date(to, p->to);
	o->from = o->from ? p->from : NULL;
	o->to = p->to;
	return APP_OK;
}

/* ---- the recorded editions, as report_public() takes them ---- */

struct editions {
	struct store_publication *meta;
	struct pub_edition *ed;
	int n, alloc;
	int *first;               /* each edition's first cell in `cell` */
	struct pub_cell *cell;
	size_t *key_at;           /* each cell's key, as an offset in `keys` while loading */
	size_t ncell, acell;
	struct strbuf keys;
	int cur;
};

static void editions_release(struct editions *es)
{
	free(es->meta);
	free(es->ed);
	free(es->first);
	free(es->cell);
	free(es->key_at);
	strbuf_release(&es->keys);
	memset(es, 0, sizeof(*es));
	strbuf_init(&es->keys, 0);
}

static int add_meta(void *ctx, const struct store_publication *p)
{
	struct editions *es = ctx;
	if (es->n == es->alloc) {
		es->alloc = es->alloc ? 2 * es->alloc : 16;
		es->meta = xrealloc(es->meta, st_mult((size_t)es->alloc, sizeof(*es->meta)));
	}
	es->meta[es->n++] = *p;
	return 0;
}

static int add_cell(void *ctx, int64_t id, const char *key, size_t len, int64_t value,
		    bool suppressed)
{
	struct editions *es = ctx;
	while (es->cur < es->n && es->meta[es->cur].id < id)
		es->cur++;
	if (es->cur == es->n || es->meta[es->cur].id != id)
		return 0;   /* an edition recorded since its list was read */
	if (es->ncell == es->acell) {
		es->acell = es->acell ? 2 * es->acell : 1024;
		es->cell = xrealloc(es->cell, st_mult(es->acell, sizeof(*es->cell)));
		es->key_at = xrealloc(es->key_at, st_mult(es->acell, sizeof(*es->key_at)));
	}
	struct pub_edition *ed = &es->ed[es->cur];
	if (!ed->ncell)
		es->first[es->cur] = (int)es->ncell;
	es->key_at[es->ncell] = es->keys.len;
	strbuf_add(&es->keys, key, len);
	strbuf_addch(&es->keys, '\0');
	es->cell[es->ncell].value = value;
	es->cell[es->ncell].suppressed = suppressed;
	es->ncell++;
	ed->ncell++;
	return es->ncell > INT32_MAX ? RT_ELIMIT : 0;
}

static int cmp_cell(const void *a, const void *b)
{
	return strcmp(((const struct pub_cell *)a)->key, ((const struct pub_cell *)b)->key);
}

/* Cells in strcmp order (the store gives byte order, which is the same;
 * sorted again should a backend not). */
static void sort_cells(struct pub_cell *c, int n)
{
	for (int i = 1; i < n; i++) {
		if (strcmp(c[i - 1].key, c[i].key) > 0) {
			qsort(c, (size_t)n, sizeof(*c), cmp_cell);
			return;
		}
	}
}

/* Every recorded edition with its cells. */
static int editions_load(struct app *app, struct editions *es, struct app_problem *pb)
{
	memset(es, 0, sizeof(*es));
	strbuf_init(&es->keys, 0);
	int rc = store_publications_each(app->st, add_meta, es);
	if (!rc && es->n) {
		es->ed = xcalloc((size_t)es->n, sizeof(*es->ed));
		es->first = xcalloc((size_t)es->n, sizeof(*es->first));
		rc = store_publication_cells_each(app->st, add_cell, es);
	}
	if (rc) {
		editions_release(es);
		return rc == RT_ELIMIT ? pb_set(pb, APP_ERROR, "report_failed", "%s", "")
				       : pb_store(app, pb, rc);
	}
	for (size_t i = 0; i < es->ncell; i++)
		es->cell[i].key = es->keys.buf + es->key_at[i];
	for (int i = 0; i < es->n; i++) {
		const struct store_publication *m = &es->meta[i];
		struct pub_edition *ed = &es->ed[i];
		ed->id = m->id;
		ed->program = m->program[0] ? m->program : NULL;
		ed->office = m->office[0] ? m->office : NULL;
		ed->from_month = m->from_month;
		ed->to_month = m->to_month;
		ed->min_cell = m->min_cell;
		struct pub_cell *c = es->cell ? es->cell + es->first[i] : NULL;
		sort_cells(c, ed->ncell);
		ed->cell = c;
	}
	return APP_OK;
}

/* ---- an output as cells ---- */

/* The report's cells by key (a monthly edition's programme to date keyed
 * PROTECT_TO_DATE "..."); *n is how many; false when two cells share a key
 * (a report that cannot be recorded). The keys of the to-date cells are in
 * *owned, freed with free_cells(). */
static bool output_cells(const struct report *r, struct pub_cell **out, int *n)
{
	const struct report *td = r->to_date;
	int total = r->ncell + (td ? td->ncell : 0);
	struct pub_cell *c = xcalloc(total ? (size_t)total + 1 : 1, sizeof(*c));
	for (int i = 0; i < r->ncell; i++) {
		c[i].key = r->key[i];
		c[i].value = r->cell[i].value;
		c[i].suppressed = r->cell[i].suppressed;
	}
	for (int i = 0; td && i < td->ncell; i++) {
		struct strbuf k = STRBUF_INIT;
		strbuf_addf(&k, "%s%s", PROTECT_TO_DATE, td->key[i]);
		c[r->ncell + i].key = strbuf_detach(&k, NULL);
		c[r->ncell + i].value = td->cell[i].value;
		c[r->ncell + i].suppressed = td->cell[i].suppressed;
	}
	qsort(c, (size_t)total, sizeof(*c), cmp_cell);
	*out = c;
	*n = total;
	for (int i = 1; i < total; i++)
		if (!strcmp(c[i - 1].key, c[i].key))
			return false;
	return true;
}

static void free_cells(struct pub_cell *c, int n)
{
	for (int i = 0; c && i < n; i++)
		if (!strncmp(c[i].key, PROTECT_TO_DATE, strlen(PROTECT_TO_DATE)))
			free((char *)c[i].key);
	free(c);
}

static bool same_cells(const struct pub_cell *a, int na, const struct pub_cell *b, int nb)
{
	if (na != nb)
		return false;
	for (int i = 0; i < na; i++)
		if (strcmp(a[i].key, b[i].key) || a[i].value != b[i].value ||
		    a[i].suppressed != b[i].suppressed)
			return false;
	return true;
}

/* The figures of an output, counted on its cells: non-zero cells, hidden
 * ones, hidden small ones, and the people in hidden categories (the keys
 * with a ':' are categories, keys.c). */
static void count_figures(const struct pub_cell *c, int n, int min_cell,
			  struct store_publication *sp)
{
	for (int i = 0; i < n; i++) {
		size_t len = strlen(c[i].key);
		if (!c[i].value || (len > 9 && !strcmp(c[i].key + len - 9, "#mentions")))
			continue;   /* a multi-select's mentions are not published */
		sp->cells++;
		if (!c[i].suppressed)
			continue;
		sp->hidden++;
		if (c[i].value > 0 && c[i].value < min_cell)
			sp->hidden_small++;
		if (strchr(c[i].key, ':'))
			sp->people_hidden += c[i].value;
	}
}

static void edition_of(const struct store_publication *sp, struct app_edition *e)
{
	memset(e, 0, sizeof(*e));
	e->id = sp->id;
	snprintf(e->created_at, sizeof(e->created_at), "%s", sp->created_at);
	snprintf(e->created_by, sizeof(e->created_by), "%s", sp->created_by);
	snprintf(e->program, sizeof(e->program), "%s", sp->program[0] ? sp->program : "all");
	snprintf(e->office, sizeof(e->office), "%s", sp->office);
	e->period.from_month = sp->from_month;
	e->period.to_month = sp->to_month;
	if (sp->from_month >= 0)
		format_date(month_first(sp->from_month), e->period.from);
	format_date(month_last(sp->to_month), e->period.to);
	e->min_cell = sp->min_cell;
	e->cells = sp->cells;
	e->hidden = sp->hidden;
	e->hidden_small = sp->hidden_small;
	e->people_hidden = sp->people_hidden;
	e->editions = sp->editions;
	e->seconds = sp->seconds;
}

/* The problem of a failed report_public(). */
static int public_failed(struct app *app, struct app_problem *pb, int rc, struct strbuf *err)
{
	if (rc == RT_EBUSY)
		return pb_store(app, pb, rc);
	snprintf(pb->detail, sizeof(pb->detail), "%s", err->buf);
	if (rc == RT_EINVAL)
		return pb_set(pb, APP_INVALID, "public_unsafe", "%.200s", err->buf);
	return pb_set(pb, APP_ERROR, "report_failed", "%s", "");
}

static int check_codes(struct app *app, const struct report_opts *o, struct app_problem *pb)
{
	if (o->office && vocab_find(&app->v, VL_OFFICE, o->office, strlen(o->office)) < 0)
		return pb_set(pb, APP_BAD_REQUEST, "unknown_office", "%.40s", o->office);
	if (o->program && vocab_find(&app->v, VL_PROGRAM, o->program, strlen(o->program)) < 0)
		return pb_set(pb, APP_BAD_REQUEST, "unknown_program", "%.40s", o->program);
	return APP_OK;
}

/* A copy of s that the report owns (released with it). */
static const char *report_keep(struct report *r, const char *s)
{
	r->owned = xrealloc(r->owned, st_mult(st_add((size_t)r->nowned, 1), sizeof(*r->owned)));
	r->owned[r->nowned] = xstrdup(s);
	return r->owned[r->nowned++];
}

/* app_report()'s public output (files.c): the period checked, then
 * protected jointly with the recorded editions; nothing is recorded. */
int app_public_report(struct app *app, struct report_opts *o, struct report *r,
		      struct app_problem *pb)
{
	struct public_period p;
	struct report_opts po = *o;
	if (app_public_period(&po, NULL, &p, pb))
		return pb->status;
	struct editions es;
	if (editions_load(app, &es, pb))
		return pb->status;
	struct protect_stats stats;
	struct strbuf err = STRBUF_INIT;
	int rc = report_public(app->st, &app->v, &po, es.ed, es.n, r, &stats, &err);
	editions_release(&es);
	if (rc) {
		public_failed(app, pb, rc, &err);
		strbuf_release(&err);
		return pb->status;
	}
	strbuf_release(&err);
	/* the period's dates are p's, which ends here */
	r->opts.from = p.from[0] ? report_keep(r, p.from) : NULL;
	r->opts.to = report_keep(r, p.to);
	if (r->to_date)
		r->to_date->opts.to = r->opts.to;
	r->publisher = app_publisher(app);   /* the publisher block (settings.c) */
	o->min_cell = po.min_cell;
	return APP_OK;
}

/* ---- publishing ---- */

/* Renders every format of r into the edition. */
static int record_renders(struct app *app, int64_t id, const struct report *r,
			  const char *lang, struct app_problem *pb)
{
	for (int f = 0; f < app_edition_nformats; f++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);
		if (!fp) {
			snprintf(pb->detail, sizeof(pb->detail), "open_memstream failed");
			return pb_set(pb, APP_ERROR, "publish_failed", "%s", "");
		}
		int rc = edition_render[f](r, fp);
		if (fclose(fp) || rc) {
			free(buf);
			snprintf(pb->detail, sizeof(pb->detail), "rendering %s (%s) failed",
				 app_edition_formats[f], lang);
			return pb_set(pb, APP_ERROR, "publish_failed", "%s", "");
		}
		rc = store_publication_render_add(app->st, id, app_edition_formats[f], lang, buf,
						  len);
		free(buf);
		if (rc)
			return pb_store(app, pb, rc);
	}
	return APP_OK;
}

int app_publish(struct app *app, const struct actor *a, const struct report_opts *o,
		struct app_edition *out, bool *reused, struct app_problem *pb)
{
	app_problem_init(pb);
	memset(out, 0, sizeof(*out));
	*reused = false;
	if (!actor_may(a, R_PUBLISH))
		return pb_set(pb, APP_FORBIDDEN, "publish_forbidden", "%s", "");
	struct report_opts po = *o;
	po.public_ = true;
	struct public_period period;
	if (check_codes(app, &po, pb) || app_public_period(&po, NULL, &period, pb))
		return pb->status;
	/* one transaction: what is published is protected jointly with every
	 * edition recorded before it, and the next waits for it */
	if (app_begin(app, pb))
		return pb->status;
	struct editions es;
	struct report ren, res;
	struct pub_cell *cen = NULL, *ces = NULL;
	int ncen = 0, nces = 0;
	struct strbuf err = STRBUF_INIT;
	memset(&ren, 0, sizeof(ren));
	memset(&res, 0, sizeof(res));
	memset(&es, 0, sizeof(es));
	strbuf_init(&es.keys, 0);
	if (editions_load(app, &es, pb))
		goto fail;

	struct protect_stats stats;
	po.lang = LANG_EN;
	int rc = report_public(app->st, &app->v, &po, es.ed, es.n, &ren, &stats, &err);
	if (rc) {
		public_failed(app, pb, rc, &err);
		goto fail;
	}
	if (!output_cells(&ren, &cen, &ncen)) {
		snprintf(pb->detail, sizeof(pb->detail), "two cells of the report share a key");
		pb_set(pb, APP_ERROR, "publish_failed", "%s", "");
		goto fail;
	}
	/* the same filters and unchanged data: that edition, again */
	int found = -1;
	for (int i = es.n - 1; i >= 0 && found < 0 && stats.same_as > 0; i--)
		if (es.ed[i].id == stats.same_as)
			found = i;
	if (found >= 0) {
		edition_of(&es.meta[found], out);
		*reused = true;
		app_rollback(app);
		goto done;
	}

	/* the Spanish output: the English one's pattern on the same data, other
	 * labels (given as an edition of the same filters, it is reused: no
	 * second audit) */
	struct protect_stats stats_es;
	struct pub_edition as_en = { -1, po.program, po.office, period.from_month,
				     period.to_month, po.min_cell, cen, ncen };
	po.lang = LANG_ES;
	rc = report_public(app->st, &app->v, &po, &as_en, 1, &res, &stats_es, &err);
	if (rc) {
		public_failed(app, pb, rc, &err);
		goto fail;
	}
	if (stats_es.same_as != -1 || !output_cells(&res, &ces, &nces) ||
	    !same_cells(cen, ncen, ces, nces)) {
		snprintf(pb->detail, sizeof(pb->detail), "the English and Spanish outputs differ");
		pb_set(pb, APP_ERROR, "publish_failed", "%s", "");
		goto fail;
	}

	struct store_publication sp;
	memset(&sp, 0, sizeof(sp));
	clock_now_iso(sp.created_at);
	snprintf(sp.created_by, sizeof(sp.created_by), "%s", a->name);
	snprintf(sp.program, sizeof(sp.program), "%s", po.program ? po.program : "");
	snprintf(sp.office, sizeof(sp.office), "%s", po.office ? po.office : "");
	sp.from_month = period.from_month;
	sp.to_month = period.to_month;
	sp.min_cell = po.min_cell;
	count_figures(cen, ncen, po.min_cell, &sp);
	/* the previous edition (found among the recorded ones in the English
	 * pass; the Spanish pass was given only the English output) */
	if (ren.previous && !res.previous) {
		res.previous = xmalloc(sizeof(*res.previous));
		*res.previous = *ren.previous;
	}
	sp.editions = stats.editions;
	sp.seconds = stats.seconds;
	/* the publisher block, as set now: the renders keep it */
	ren.publisher = app_publisher(app);
	res.publisher = app_publisher(app);
	/* both languages say when the edition was made, and nothing else varies */
	snprintf(ren.generated_at, sizeof(ren.generated_at), "%s", sp.created_at);
	snprintf(res.generated_at, sizeof(res.generated_at), "%s", sp.created_at);

	rc = store_publication_add(app->st, &sp, &sp.id);
	for (int i = 0; !rc && i < ncen; i++)
		rc = store_publication_cell_add(app->st, sp.id, cen[i].key, cen[i].value,
						cen[i].suppressed);
	if (rc) {
		pb_store(app, pb, rc);
		goto fail;
	}
	if (record_renders(app, sp.id, &ren, "en", pb) ||
	    record_renders(app, sp.id, &res, "es", pb))
		goto fail;
	char target[48], detail[256];
	snprintf(target, sizeof(target), "publication/%lld", (long long)sp.id);
	snprintf(detail, sizeof(detail), "program=%s from=%s to=%s min_cell=%d cells=%d "
		 "hidden=%d editions=%d", po.program ? po.program : "all",
		 period.from[0] ? period.from : "-", period.to, sp.min_cell, sp.cells, sp.hidden,
		 sp.editions);
	if ((rc = app_audit(app, a, "publish", target, po.office, detail))) {
		pb_store(app, pb, rc);
		goto fail;
	}
	if (app_commit(app, pb))
		goto out;
	edition_of(&sp, out);
done:
	pb->status = APP_OK;
out:
	free_cells(cen, ncen);
	free_cells(ces, nces);
	report_release(&ren);
	report_release(&res);
	editions_release(&es);
	strbuf_release(&err);
	return pb->status;
fail:
	app_rollback(app);
	goto out;
}

/* ---- reading editions ---- */

struct list_run {
	edition_fn fn;
	void *ctx;
};

static int list_one(void *ctx, const struct store_publication *p)
{
	struct list_run *run = ctx;
	struct app_edition e;
	edition_of(p, &e);
	return run->fn(run->ctx, &e);
}

int app_publications_list(struct app *app, const struct actor *a, edition_fn fn, void *ctx,
			  struct app_problem *pb)
{
	app_problem_init(pb);
	if (!actor_may(a, R_REPORT))
		return pb_set(pb, APP_FORBIDDEN, "report_forbidden", "%s", "");
	struct list_run run = { fn, ctx };
	int rc = store_publications_each(app->st, list_one, &run);
	return rc ? pb_store(app, pb, rc) : APP_OK;
}

int app_publication_get(struct app *app, const struct actor *a, int64_t id,
			struct app_edition *out, struct app_problem *pb)
{
	app_problem_init(pb);
	memset(out, 0, sizeof(*out));
	if (!actor_may(a, R_REPORT))
		return pb_set(pb, APP_FORBIDDEN, "report_forbidden", "%s", "");
	struct store_publication sp;
	int rc = store_publication_get(app->st, id, &sp);
	if (rc == RT_ENOTFOUND)
		return pb_set(pb, APP_NOT_FOUND, "publication_not_found", "%lld", (long long)id);
	if (rc)
		return pb_store(app, pb, rc);
	edition_of(&sp, out);
	return APP_OK;
}

int app_publication_render(struct app *app, const struct actor *a, int64_t id,
			   const char *format, enum lang lang, FILE *out, struct app_problem *pb)
{
	app_problem_init(pb);
	if (!actor_may(a, R_REPORT))
		return pb_set(pb, APP_FORBIDDEN, "report_forbidden", "%s", "");
	int f = 0;
	while (f < app_edition_nformats && strcmp(app_edition_formats[f], format ? format : ""))
		f++;
	if (f == app_edition_nformats)
		return pb_set(pb, APP_BAD_REQUEST, "bad_choice", "%.40s" MSG_SEP "%s",
			      format ? format : "", "json, csv, text, html, pdf");
	struct strbuf body = STRBUF_INIT;
	int rc = store_publication_render(app->st, id, app_edition_formats[f],
					  lang == LANG_ES ? "es" : "en", &body);
	if (rc == RT_ENOTFOUND) {
		strbuf_release(&body);
		return pb_set(pb, APP_NOT_FOUND, "publication_not_found", "%lld", (long long)id);
	}
	if (rc) {
		strbuf_release(&body);
		return pb_store(app, pb, rc);
	}
	bool ok = fwrite(body.buf, 1, body.len, out) == body.len;
	strbuf_release(&body);
	if (!ok)
		return pb_set(pb, APP_ERROR, "output_failed", "%s", "");
	return APP_OK;
}
