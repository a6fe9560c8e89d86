/* api_data.c: /healthz, /api/v1/vocab, /api/v1/imports and /api/v1/audit. */
#include "web.h"
#include "../core/parse.h"
#include <math.h>

void h_healthz(struct web_req *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "status", json_string("ok"));
	web_send_json(r, 200, o);
}

/* ---- GET /api/v1/vocab ---- */

static json_t *codes_array(const char *set)
{
	json_t *a = json_array();
	for (const char *s = set ? set : ""; *s;) {
		s += strspn(s, " ");
		size_t n = strcspn(s, " ");
		if (n)
			json_array_append_new(a, json_stringn(s, n));
		s += n;
	}
	return a;
}

static void labels(json_t *o, char *const label[2])
{
	json_object_set_new(o, "label_en", json_string(label[LANG_EN] ? label[LANG_EN] : ""));
	json_object_set_new(o, "label_es", json_string(label[LANG_ES] ? label[LANG_ES] : ""));
}

void h_vocab(struct web_req *r)
{
	struct web_query q;
	if (web_query_load(r, &q, NULL))
		return;
	const struct vocab *v = &r->app->v;
	json_t *lists = json_array(), *offices = json_array(), *points = json_array();
	for (int l = 0; l < VL_COUNT; l++) {
		if (l == VL_OFFICE || l == VL_REGISTRATION_POINT)
			continue;
		json_t *o = json_object(), *codes = json_array();
		json_object_set_new(o, "name", json_string(vocab_list_names[l]));
		labels(o, v->list_label[l]);
		json_object_set_new(o, "extensible", json_boolean(v->extensible[l]));
		for (int p = 0; p < v->count[l]; p++) {
			const struct vocab_item *it = vocab_at(v, l, p);
			json_t *c = json_object();
			json_object_set_new(c, "code", json_string(it->code));
			labels(c, it->label);
			json_array_append_new(codes, c);
		}
		json_object_set_new(o, "codes", codes);
		json_array_append_new(lists, o);
	}
	for (int p = 0; p < v->count[VL_OFFICE]; p++) {
		const struct vocab_item *it = vocab_at(v, VL_OFFICE, p);
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(it->code));
		json_object_set_new(o, "country", json_string(it->country ? it->country : ""));
		json_object_set_new(o, "transport", codes_array(it->attr));
		labels(o, it->label);
		json_array_append_new(offices, o);
	}
	for (int p = 0; p < v->count[VL_REGISTRATION_POINT]; p++) {
		const struct vocab_item *it = vocab_at(v, VL_REGISTRATION_POINT, p);
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(it->code));
		json_object_set_new(o, "office", it->office >= 0 && (size_t)it->office < v->n
					? json_string(v->item[it->office].code) : json_null());
		json_object_set_new(o, "programs", codes_array(it->attr));
		labels(o, it->label);
		/* WGS 84 degrees; null for a point added without them */
		json_object_set_new(o, "lat", isnan(it->lat) ? json_null() : json_real(it->lat));
		json_object_set_new(o, "lon", isnan(it->lon) ? json_null() : json_real(it->lon));
		json_array_append_new(points, o);
	}
	json_t *o = json_object();
	json_object_set_new(o, "lists", lists);
	json_object_set_new(o, "offices", offices);
	json_object_set_new(o, "registration_points", points);
	web_send_json(r, 200, o);
}

/* ---- POST /api/v1/imports ---- */

struct import_ctx {
	struct web_req *r;
	json_t *errors;
};

static void import_error(void *ctx, const struct import_error *e)
{
	struct import_ctx *ic = ctx;
	json_t *o = json_object();
	if (e->line > 0)
		json_object_set_new(o, "line", json_integer(e->line));
	if (e->column > 0)
		json_object_set_new(o, "column", json_integer(e->column));
	if (e->field)
		json_object_set_new(o, "field", json_string(e->field));
	json_object_set_new(o, "code", json_string(e->code ? e->code : ""));
	struct strbuf sb = STRBUF_INIT;
	msg_format(&sb, ic->r->lang, e->code, e->args);
	json_object_set_new(o, "message", json_string(sb.buf));
	strbuf_release(&sb);
	json_array_append_new(ic->errors, o);
}

void h_imports(struct web_req *r)
{
	static const char *const allowed[] = { "ignore_unknown_columns", "encoding", NULL };
	struct web_query q;
	if (web_query_load(r, &q, allowed))
		return;
	bool ignore_unknown = false;
	json_t *qerr = json_array();
	web_q_flag(r, &q, "ignore_unknown_columns", &ignore_unknown, qerr);
	/* ?encoding=utf-16|windows-1252|latin1: convert, as `import --encoding` */
	enum text_encoding enc = ENC_UTF8;
	const char *encname = web_q(&q, "encoding");
	if (encname && text_encoding_parse(encname, &enc))
		web_error_add(qerr, r->lang, "encoding", "bad_encoding", NULL);
	if (web_q_done(r, qerr))
		return;

	/* the body is the import stream; an empty body reads as an empty file */
	FILE *fp = r->body.len ? fmemopen(r->body.buf, r->body.len, "r")
			       : fopen("/dev/null", "r");
	if (!fp) {
		web_log("cannot open the import body as a stream");
		web_problem(r, 500, "internal_error", NULL);
		return;
	}
	struct import_ctx ic = { .r = r, .errors = json_array() };
	struct import_opts o = {
		.path = "(request)",
		.fp = fp,
		.ignore_unknown_columns = ignore_unknown,
		.encoding = enc,
		.max_errors = 1000,
		.on_error = import_error,
		.ctx = &ic,
	};
	struct app_import_result res;
	struct app_problem pb;
	memset(&res, 0, sizeof(res));
	app_problem_init(&pb);
	int rc = app_import(r->app, &r->actor, &o, &res, &pb);
	fclose(fp);
	if (rc) {
		if (pb.status == APP_INVALID && json_array_size(ic.errors)) {
			web_problem_full(r, 422, pb.code ? pb.code : "import_invalid", pb.args,
					 ic.errors, 0);
			return;
		}
		json_decref(ic.errors);
		web_app_problem(r, &pb);
		return;
	}
	json_decref(ic.errors);
	json_t *out = json_object();
	json_object_set_new(out, "rows", json_integer(res.r.rows));
	json_object_set_new(out, "inserted", json_integer(res.r.inserted));
	json_object_set_new(out, "updated", json_integer(res.r.updated));
	json_object_set_new(out, "unchanged", json_integer(res.unchanged));
	web_send_json(r, 201, out);
}

/* ---- GET /api/v1/audit ---- */

/* YYYY-MM-DD, optionally followed by a time. */
static void q_datetime(struct web_req *r, const struct web_query *q, const char *key,
		       const char **out, json_t *errors)
{
	const char *v = web_q(q, key);
	rt_date d;
	*out = NULL;
	if (!v)
		return;
	size_t len = strlen(v);
	if (len >= 10 && len <= 35 && parse_date(v, 10, &d) == RT_OK &&
	    strspn(v + 10, "0123456789T :.Z+-") == len - 10 && (len == 10 || v[10] == 'T' ||
								 v[10] == ' '))
		*out = v;
	else {
		struct strbuf args = STRBUF_INIT;
		msg_addargs(&args, "%s", v);
		web_error_add(errors, r->lang, key, "bad_date", args.buf);
		strbuf_release(&args);
	}
}

static int audit_item(void *ctx, const struct audit_row *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "at", web_str_or_null(a->at));
	json_object_set_new(o, "actor", web_str_or_null(a->actor));
	json_object_set_new(o, "action", web_str_or_null(a->action));
	json_object_set_new(o, "case_id", web_str_or_null(a->case_id));
	json_object_set_new(o, "office", web_str_or_null(a->office));
	json_object_set_new(o, "detail", web_str_or_null(a->detail));
	json_array_append_new(ctx, o);
	return 0;
}

void h_audit(struct web_req *r)
{
	static const char *const allowed[] = {
		"user", "case_id", "action", "from", "to", "limit", "cursor", NULL,
	};
	struct web_query q;
	if (web_query_load(r, &q, allowed))
		return;
	struct audit_query aq = { .limit = 50 };
	json_t *errors = json_array();
	web_q_text(r, &q, "user", 96, &aq.user, errors);
	web_q_text(r, &q, "case_id", 64, &aq.case_id, errors);
	web_q_text(r, &q, "action", 64, &aq.action, errors);
	q_datetime(r, &q, "from", &aq.from, errors);
	q_datetime(r, &q, "to", &aq.to, errors);
	web_q_limit(r, &q, &aq.limit, errors);
	web_q_text(r, &q, "cursor", 64, &aq.cursor, errors);
	if (web_q_done(r, errors))
		return;

	struct app_problem pb;
	char next[32] = "";
	json_t *items = json_array();
	app_problem_init(&pb);
	int rc = app_audit_list(r->app, &r->actor, &aq, audit_item, items, next, &pb);
	web_send_list(r, rc, &pb, items, next);
}
