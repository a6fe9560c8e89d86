/* api_publications.c: the editions of the public factsheet.
 *
 *   GET  /api/v1/publications        every edition, oldest first
 *   POST /api/v1/publications        publish: the report's filters in a JSON
 *                                    body; 201 and the new edition, or 200
 *                                    and the recorded edition that the same
 *                                    filters with unchanged data give back
 *   GET  /api/v1/publications/{id}   one edition exactly as published
 *                                    (?format=json|csv|text|html|pdf&lang=en|es)
 *
 * Publishing computes the protected factsheet twice (English, Spanish) and
 * renders every format: it runs on the report queue (jobs.c), like a
 * factsheet, so that the workers stay free and a full queue answers 503 at
 * once. Its write transaction holds the database's write lock while it
 * runs: publications wait for each other (app_publish()). Listing and
 * showing an edition read a few rows and run on the worker. */
#include "web.h"
#include "../core/parse.h"
#include <math.h>

static json_t *edition_json(const struct app_edition *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "created_at", json_string(e->created_at));
	json_object_set_new(o, "created_by", json_string(e->created_by));
	json_object_set_new(o, "program", json_string(e->program));
	json_object_set_new(o, "office", e->office[0] ? json_string(e->office) : json_null());
	json_object_set_new(o, "from", e->period.from[0] ? json_string(e->period.from)
							 : json_null());
	json_object_set_new(o, "to", json_string(e->period.to));
	json_object_set_new(o, "min_cell", json_integer(e->min_cell));
	json_object_set_new(o, "cells", json_integer(e->cells));
	json_object_set_new(o, "hidden", json_integer(e->hidden));
	json_object_set_new(o, "hidden_small", json_integer(e->hidden_small));
	json_object_set_new(o, "people_hidden", json_integer(e->people_hidden));
	json_object_set_new(o, "editions", json_integer(e->editions));
	json_object_set_new(o, "milliseconds", json_integer((json_int_t)llround(e->seconds * 1000.0)));
	return o;
}

/* ---- GET /api/v1/publications ---- */

static int list_item(void *ctx, const struct app_edition *e)
{
	json_array_append_new(ctx, edition_json(e));
	return 0;
}

void h_publications_list(struct web_req *r)
{
	struct web_query q;
	static const char *const none[] = { NULL };
	if (web_query_load(r, &q, none))
		return;
	struct app_problem pb;
	json_t *items = json_array();
	int rc = app_publications_list(r->app, &r->actor, list_item, items, &pb);
	web_send_list(r, rc, &pb, items, NULL);
}

/* ---- POST /api/v1/publications ---- */

void h_publications_post(struct web_req *r)
{
	static const char *const keys[] = { "program", "office", "month", "from", "to", NULL };
	json_t *body = web_body_json(r);
	if (!body)
		return;
	/* the body's filters as the query of GET /api/v1/report: its checks */
	struct web_query q;
	memset(&q, 0, sizeof(q));
	json_t *bad = json_array(), *invalid = json_array();
	char min_cell[24];
	const char *point = NULL, *key;
	json_t *val;
	json_object_foreach(body, key, val) {
		bool known = !strcmp(key, "min_cell") || !strcmp(key, "registration_point");
		for (size_t i = 0; !known && keys[i]; i++)
			known = !strcmp(keys[i], key);
		if (!known) {
			web_field_error(r, invalid, key, "unknown_field", key);
		} else if (json_is_null(val)) {
			continue;   /* null: as if absent */
		} else if (!strcmp(key, "min_cell")) {
			if (!json_is_integer(val)) {
				web_field_error(r, invalid, key, "wrong_type", "integer");
				continue;
			}
			snprintf(min_cell, sizeof(min_cell), "%lld",
				 (long long)json_integer_value(val));
			q.key[q.n] = key;
			q.val[q.n++] = min_cell;
		} else if (!json_is_string(val)) {
			web_field_error(r, invalid, key, "wrong_type", "string");
		} else if (!strcmp(key, "registration_point")) {
			point = json_string_value(val);
		} else {
			q.key[q.n] = key;
			q.val[q.n++] = json_string_value(val);
		}
	}
	struct job *j = xcalloc(1, sizeof(*j));
	j->kind = JOB_PUBLISH;
	j->ro.program = "avr";
	j->ro.lang = r->actor.lang;
	j->ro.min_cell = 5;
	j->ro.public_ = true;
	web_report_filters(r, &q, j, bad);
	web_q_int(r, &q, "min_cell", 1, 1000, &j->ro.min_cell, bad);
	/* api.md's order: the 400s (a value, then the period) before the 422s;
	 * each *_done() takes its array */
	bool refused = web_q_done(r, bad) || web_public_period(r, j, point);
	if (refused)
		json_decref(invalid);
	else
		refused = web_invalid_done(r, invalid);
	json_decref(body);
	if (refused) {
		job_free(j);
		return;
	}
	web_submit(r, j);
}

void job_run_publish(struct app *app, struct job *j)
{
	struct app_edition e;
	bool reused;
	if (app_publish(app, &j->actor, &j->ro, &e, &reused, &j->pb)) {
		j->status = j->pb.status ? (unsigned)j->pb.status : 500;
		return;
	}
	json_t *o = edition_json(&e);
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!s) {
		j->status = 500;
		j->pb.status = APP_ERROR;
		snprintf(j->pb.detail, sizeof(j->pb.detail), "json_dumps failed");
		return;
	}
	j->body = s;
	j->len = strlen(s);
	j->ctype = "application/json";
	/* a new edition is created; the same filters with unchanged data give
	 * the recorded one back, which is no creation */
	j->status = reused ? 200 : 201;
	snprintf(j->location, sizeof(j->location), "/api/v1/publications/%lld", (long long)e.id);
}

/* ---- GET /api/v1/publications/{id} ---- */

void h_publication_get(struct web_req *r)
{
	static const char *const allowed[] = { "format", "lang", NULL };
	struct app_problem pb;
	unsigned long long id = 0;
	struct app_edition e;
	/* 404 comes before a 400 of the query (api.md's order) */
	if (parse_uint(r->case_id, strlen(r->case_id), INT64_MAX, &id) || !id) {
		struct strbuf args = STRBUF_INIT;
		msg_addargs(&args, "%.64s", r->case_id);
		web_problem(r, 404, "publication_not_found", args.buf);
		strbuf_release(&args);
		return;
	}
	if (app_publication_get(r->app, &r->actor, (int64_t)id, &e, &pb)) {
		web_app_problem(r, &pb);
		return;
	}
	struct web_query q;
	if (web_query_load(r, &q, allowed))
		return;
	json_t *errors = json_array();
	const char *format = web_q(&q, "format"), *lang = web_q(&q, "lang");
	enum lang l = r->actor.lang;
	int f = 0;
	if (!format)
		format = "json";
	while (f < app_edition_nformats && strcmp(app_edition_formats[f], format))
		f++;
	if (f == app_edition_nformats) {
		struct strbuf args = STRBUF_INIT;
		msg_addargs(&args, "%s" MSG_SEP "%s", format, "json, csv, text, html, pdf");
		web_error_add(errors, r->lang, "format", "bad_choice", args.buf);
		strbuf_release(&args);
	}
	if (lang && (!strcmp(lang, "en") || !strcmp(lang, "es"))) {
		l = !strcmp(lang, "es") ? LANG_ES : LANG_EN;
	} else if (lang) {
		struct strbuf args = STRBUF_INIT;
		msg_addargs(&args, "%s" MSG_SEP "%s", lang, "en, es");
		web_error_add(errors, r->lang, "lang", "bad_choice", args.buf);
		strbuf_release(&args);
	}
	if (web_q_done(r, errors))
		return;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	if (!fp) {
		web_problem(r, 500, "internal_error", NULL);
		return;
	}
	int rc = app_publication_render(r->app, &r->actor, e.id, format, l, fp, &pb);
	if (fclose(fp) && !rc) {
		app_problem_init(&pb);
		rc = pb.status = APP_ERROR;
	}
	if (rc) {
		free(buf);
		web_app_problem(r, &pb);
		return;
	}
	static const char *const ctypes[] = {
		"application/json", "text/csv; charset=utf-8", "text/plain; charset=utf-8",
		"text/html; charset=utf-8", "application/pdf",
	};
	struct MHD_Response *resp = web_response(r, ctypes[f], buf, len);
	if (resp && (!strcmp(format, "csv") || !strcmp(format, "pdf"))) {
		char disp[96];
		snprintf(disp, sizeof(disp), "%s; filename=\"edition-%lld-%s.%s\"",
			 f == 1 ? "attachment" : "inline", (long long)e.id, l == LANG_ES ? "es" : "en",
			 format);
		web_header(resp, "Content-Disposition", disp);
	}
	web_queue(r, 200, resp);
}
