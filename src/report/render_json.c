/* render_json.c: the machine-readable factsheet (report.md "JSON shape"). */
#include "report.h"
#include <jansson.h>
#include <math.h>

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Sets key to the cell's count, or to null with "<key>_suppressed": true. */
static void set_count(json_t *o, const struct report *r, const char *key, int c)
{
	if (!rcell_hidden(r, c)) {
		json_object_set_new(o, key, json_integer(rcell_value(r, c)));
		return;
	}
	char flag[64];
	snprintf(flag, sizeof(flag), "%s_suppressed", key);
	json_object_set_new(o, key, json_null());
	json_object_set_new(o, flag, json_true());
}

static json_t *categories(const struct report *r, const struct rindicator *ind,
			  const struct rcat *cat, int ncat, int n_cell)
{
	json_t *a = json_array();
	/* hidden categories last, in code-list order: their place among the
	 * shown ones would tell between which two counts they lie */
	const struct rcat **order = xmalloc(((size_t)ncat + 1) * sizeof(*order));
	report_display_order(r, ind, cat, ncat, order);
	for (int i = 0; i < ncat; i++) {
		const struct rcat *c = order[i];
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(c->code));
		json_object_set_new(o, "label", json_string(c->label));
		if (rcell_hidden(r, c->cell)) {
			json_object_set_new(o, "suppressed", json_true());
		} else {
			double share;
			json_object_set_new(o, "count", json_integer(rcell_value(r, c->cell)));
			if (report_share(r, c->cell, n_cell, &share))
				json_object_set_new(o, "share", json_real(share));
			if (report_mention_share(r, ind, c, &share))
				json_object_set_new(o, "mention_share", json_real(share));
		}
		json_array_append_new(a, o);
	}
	free(order);
	return a;
}

static json_t *indicator(const struct report *r, const struct rindicator *ind)
{
	json_t *o = json_object();
	json_object_set_new(o, "label", json_string(ind->label));
	json_object_set_new(o, "population", json_string(ind->population));
	switch (ind->kind) {
	case RK_VALUE:
		set_count(o, r, "value", ind->value_cell);
		if (ind->n_cell >= 0) {
			double share;
			set_count(o, r, "n", ind->n_cell);
			if (report_share(r, ind->value_cell, ind->n_cell, &share))
				json_object_set_new(o, "share", json_real(share));
		}
		break;
	case RK_CATEGORIES:
		if (ind->multi)
			json_object_set_new(o, "unit", json_string("multi"));
		if (ind->chronological)
			json_object_set_new(o, "order", json_string("chronological"));
		set_count(o, r, "n", ind->n_cell);
		if (rcell_value(r, ind->missing_cell) > 0)
			set_count(o, r, "missing", ind->missing_cell);
		json_object_set_new(o, "categories", categories(r, ind, ind->cat, ind->ncat, ind->n_cell));
		break;
	case RK_GROUPS: {
		json_object_set_new(o, "by", json_string(ind->by));
		if (ind->chronological)
			json_object_set_new(o, "order", json_string("chronological"));
		json_t *groups = json_array();
		for (int g = 0; g < ind->ngroup; g++) {
			const struct rgroup *gr = &ind->group[g];
			json_t *go = json_object();
			json_object_set_new(go, "code", json_string(gr->code));
			json_object_set_new(go, "label", json_string(gr->label));
			set_count(go, r, "n", gr->n_cell);
			if (rcell_value(r, gr->missing_cell) > 0)
				set_count(go, r, "missing", gr->missing_cell);
			json_object_set_new(go, "categories",
					    categories(r, ind, gr->cat, gr->ncat, gr->n_cell));
			json_array_append_new(groups, go);
		}
		json_object_set_new(o, "groups", groups);
		break;
	}
	}
	return o;
}

/* The map figure: its points, where they are and their returns -- each the
 * count of the point's registration_point category (the same cell: hidden
 * there, hidden here). */
static json_t *map_json(const struct report *r)
{
	json_t *o = json_object(), *pts = json_array();
	json_object_set_new(o, "indicator", json_string("registration_point"));
	for (int i = 0; i < r->nmap; i++) {
		const struct rmap_point *mp = &r->map[i];
		json_t *p = json_object();
		json_object_set_new(p, "code", json_string(mp->code));
		json_object_set_new(p, "label", json_string(mp->label));
		json_object_set_new(p, "office", mp->office ? json_string(mp->office) : json_null());
		json_object_set_new(p, "lat", isnan(mp->lat) ? json_null() : json_real(mp->lat));
		json_object_set_new(p, "lon", isnan(mp->lon) ? json_null() : json_real(mp->lon));
		if (mp->cell >= 0 && rcell_hidden(r, mp->cell)) {
			json_object_set_new(p, "count", json_null());
			json_object_set_new(p, "suppressed", json_true());
		} else {
			json_object_set_new(p, "count", json_integer(mp->cell >= 0 ? rcell_value(r, mp->cell) : 0));
		}
		json_array_append_new(pts, p);
	}
	json_object_set_new(o, "points", pts);
	return o;
}

/* The indicators (and the MPP track) of r into root. */
static void add_indicators(json_t *root, const struct report *r)
{
	json_t *inds = json_object();
	for (int i = 0; i < r->nind; i++)
		json_object_set_new(inds, r->ind[i].id, indicator(r, &r->ind[i]));
	json_object_set_new(root, "indicators", inds);
	json_object_set_new(root, "map", map_json(r));
	if (r->track_program) {
		json_t *tracks = json_object(), *t = json_object(), *ti = json_object();
		json_object_set_new(t, "label", json_string(r->track_label));
		for (int i = 0; i < r->ntrack; i++)
			json_object_set_new(ti, r->track[i].id, indicator(r, &r->track[i]));
		json_object_set_new(t, "indicators", ti);
		json_object_set_new(tracks, r->track_program, t);
		json_object_set_new(root, "tracks", tracks);
	}
}

static json_t *filters(const struct report_opts *op)
{
	json_t *f = json_object();
	json_object_set_new(f, "program", json_string(op->program ? op->program : "all"));
	json_object_set_new(f, "office", str_or_null(op->office));
	json_object_set_new(f, "from", str_or_null(op->from));
	json_object_set_new(f, "to", str_or_null(op->to));
	return f;
}

/* {"value": V, "change": C}, each null with "<key>_suppressed" when hidden. */
static json_t *changes(const struct report_change *ch)
{
	json_t *o = json_object();
	for (int h = 0; h < REPORT_NHEADLINE; h++) {
		if (!ch[h].present)
			continue;
		json_t *c = json_object();
		if (ch[h].value_hidden) {
			json_object_set_new(c, "value", json_null());
			json_object_set_new(c, "value_suppressed", json_true());
		} else {
			json_object_set_new(c, "value", json_integer(ch[h].value));
		}
		if (ch[h].change_hidden) {
			json_object_set_new(c, "change", json_null());
			json_object_set_new(c, "change_suppressed", json_true());
		} else {
			json_object_set_new(c, "change", json_integer(ch[h].change));
		}
		json_object_set_new(o, report_headline_ids[h], c);
	}
	return o;
}

int report_render_json(const struct report *r, FILE *out)
{
	const struct report_opts *op = &r->opts;
	json_t *root = json_object();
	json_object_set_new(root, "report", json_string("avr-factsheet"));
	json_object_set_new(root, "version", json_integer(1));
	json_object_set_new(root, "generated_at", json_string(r->generated_at));
	json_object_set_new(root, "filters", filters(op));
	json_object_set_new(root, "lang", json_string(op->lang == LANG_ES ? "es" : "en"));
	json_object_set_new(root, "age_bands", json_string(op->sadd_bands ? "sadd" : "factsheet"));
	json_object_set_new(root, "public", json_boolean(op->public_));
	if (op->public_)
		json_object_set_new(root, "min_cell", json_integer(op->min_cell));
	json_t *checks = json_object();
	json_object_set_new(checks, "adults_plus_children_equal_returns", json_boolean(r->invariant_ok));
	json_object_set_new(root, "checks", checks);
	add_indicators(root, r);
	/* a monthly edition: the programme to date beside the month, and the
	 * previous edition's headline figures with the changes */
	if (r->to_date) {
		json_t *td = json_object();
		json_object_set_new(td, "filters", filters(&r->to_date->opts));
		add_indicators(td, r->to_date);
		json_object_set_new(root, "to_date", td);
		if (r->previous) {
			const struct report_previous *pv = r->previous;
			json_t *p = json_object();
			json_object_set_new(p, "edition", json_integer(pv->edition));
			json_object_set_new(p, "from", json_string(pv->from));
			json_object_set_new(p, "to", json_string(pv->to));
			json_object_set_new(p, "indicators", changes(pv->month));
			json_object_set_new(p, "to_date", changes(pv->to_date));
			json_object_set_new(root, "previous", p);
		} else {
			json_object_set_new(root, "previous", json_null());
		}
	}
	int rc = json_dumpf(root, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	fputc('\n', out);
	json_decref(root);
	return rc == 0 && !ferror(out) ? RT_OK : RT_EIO;
}
