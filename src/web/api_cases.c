/* api_cases.c: /api/v1/cases[/similar] and /api/v1/cases/{case_id}[/status|
 * /history|/transfer|/duplicate]. Each handler reads its input in the contract's order -- the
 * body and query (400), If-Match (428), the web layer's own field checks
 * (422: unknown keys, wrong JSON types) -- and then makes one app call, whose
 * refusal (412, 409, 422, 403) is answered as the app words it. */
#include "web.h"

static void record_init(struct case_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	strbuf_init(&rec->arena, 0);
}

static struct MHD_Response *case_response(struct web_req *r, const struct case_record *rec)
{
	struct MHD_Response *resp = web_json_response(r, web_case_record_json(rec));
	if (resp) {
		char etag[40];
		snprintf(etag, sizeof(etag), "\"%lld\"", (long long)rec->version);
		web_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	}
	return resp;
}

/* ---- GET /api/v1/cases ---- */

static int list_item(void *ctx, const struct case_values *cv, int64_t version)
{
	json_array_append_new(ctx, web_case_json(cv, version));
	return 0;
}

void h_cases_list(struct web_req *r)
{
	static const char *const allowed[] = {
		"office", "registration_point", "program", "status", "q", "registered_from",
		"registered_to", "limit", "cursor", NULL,
	};
	struct web_query q;
	if (web_query_load(r, &q, allowed))
		return;
	struct case_query cq = { .limit = 50 };
	json_t *errors = json_array();
	web_q_code(r, &q, "office", VL_OFFICE, &cq.office, errors);
	web_q_code(r, &q, "registration_point", VL_REGISTRATION_POINT, &cq.point, errors);
	web_q_code(r, &q, "program", VL_PROGRAM, &cq.program, errors);
	web_q_code(r, &q, "status", VL_STATUS, &cq.status, errors);
	web_q_text(r, &q, "q", 200, &cq.q, errors);
	web_q_date(r, &q, "registered_from", &cq.registered_from, errors);
	web_q_date(r, &q, "registered_to", &cq.registered_to, errors);
	web_q_limit(r, &q, &cq.limit, errors);
	web_q_text(r, &q, "cursor", 64, &cq.cursor, errors);
	if (web_q_done(r, errors))
		return;

	struct app_problem pb;
	char next[32] = "";
	json_t *items = json_array();
	app_problem_init(&pb);
	int rc = app_cases_list(r->app, &r->actor, &cq, list_item, items, next, &pb);
	web_send_list(r, rc, &pb, items, next);
}

/* ---- what the body asks, judged before the case is looked up ---- */

/* The body as a JSON object, or NULL: a body that does not parse has no
 * refusal of this kind (its 400 comes later, in the handler). */
static json_t *peek_body(struct web_req *r)
{
	json_t *j = r->body.len ? json_loadb(r->body.buf, r->body.len, 0, NULL) : NULL;
	if (j && !json_is_object(j)) {
		json_decref(j);
		j = NULL;
	}
	return j;
}

static const char *peek_string(json_t *j, const char *key, size_t *len)
{
	json_t *v = json_object_get(j, key);
	*len = json_is_string(v) ? json_string_length(v) : 0;
	return json_is_string(v) ? json_string_value(v) : NULL;
}

int pre_cases_create(struct web_req *r)
{
	json_t *j = peek_body(r);
	if (!j)
		return RT_OK;
	size_t ns, no;
	const char *status = peek_string(j, "status", &ns), *office = peek_string(j, "office", &no);
	struct app_problem pb;
	int rc = app_check_create(&r->actor, status, ns, office, no, &pb);
	json_decref(j);
	if (rc)
		web_app_problem(r, &pb);
	return rc ? -1 : RT_OK;
}

int pre_case_status(struct web_req *r)
{
	json_t *j = peek_body(r);
	if (!j)
		return RT_OK;
	size_t n;
	char status[40];
	const char *s = peek_string(j, "status", &n);
	snprintf(status, sizeof(status), "%.*s", (int)(n < sizeof(status) ? n : 0), s ? s : "");
	struct app_problem pb;
	int rc = app_check_move(&r->actor, s ? status : NULL, &pb);
	json_decref(j);
	if (rc)
		web_app_problem(r, &pb);
	return rc ? -1 : RT_OK;
}

/* ---- POST /api/v1/cases ---- */

void h_cases_create(struct web_req *r)
{
	json_t *j = web_body_json(r);
	if (!j)
		return;
	struct case_input in;
	char age[24];
	json_t *errors = json_array();
	web_case_input(r, j, &in, age, errors);
	struct app_problem pb;
	if (json_array_size(errors) && in.v.v[F_CASE_ID]) {
		/* a taken id is a 409, which comes before the body's 422s */
		char id[72];
		snprintf(id, sizeof(id), "%.*s", (int)(in.v.len[F_CASE_ID] > 64 ? 64
						       : in.v.len[F_CASE_ID]), in.v.v[F_CASE_ID]);
		if (app_case_id_taken(r->app, id, &pb)) {
			json_decref(errors);
			web_app_problem(r, &pb);
			goto out;
		}
	}
	if (web_invalid_done(r, errors))
		goto out;

	struct case_record rec;
	record_init(&rec);
	app_problem_init(&pb);
	if (app_case_create(r->app, &r->actor, &in, &rec, &pb)) {
		web_app_problem(r, &pb);
	} else {
		struct MHD_Response *resp = case_response(r, &rec);
		if (resp && rec.v.v[F_CASE_ID]) {
			struct strbuf loc = STRBUF_INIT;
			strbuf_adds(&loc, "/api/v1/cases/");
			strbuf_add(&loc, rec.v.v[F_CASE_ID], rec.v.len[F_CASE_ID]);
			web_header(resp, MHD_HTTP_HEADER_LOCATION, loc.buf);
			strbuf_release(&loc);
		}
		web_queue(r, 201, resp);
	}
	case_record_release(&rec);
out:
	json_decref(j);
}

/* ---- GET /api/v1/cases/{case_id} ---- */

void h_case_get(struct web_req *r)
{
	struct web_query q;
	if (web_query_load(r, &q, NULL))
		return;
	struct case_record rec;
	struct app_problem pb;
	record_init(&rec);
	app_problem_init(&pb);
	if (app_case_get(r->app, &r->actor, r->case_id, &rec, &pb))
		web_app_problem(r, &pb);
	else
		web_queue(r, 200, case_response(r, &rec));
	case_record_release(&rec);
}

/* ---- PATCH /api/v1/cases/{case_id} ---- */

void h_case_patch(struct web_req *r)
{
	json_t *j = web_body_json(r);
	if (!j)
		return;
	int64_t version;
	if (web_if_match(r, &version))
		goto out;
	struct case_input in;
	char age[24];
	json_t *errors = json_array();
	/* status, office and registration_point go to the app, which refuses
	 * them (422) after it has checked the version (412 comes first) */
	web_case_input(r, j, &in, age, errors);
	if (in.present & (1ull << F_CASE_ID)) {
		/* a case id never changes: the path's own id may be repeated */
		if (in.v.v[F_CASE_ID] && strlen(r->case_id) == in.v.len[F_CASE_ID] &&
		    !memcmp(in.v.v[F_CASE_ID], r->case_id, in.v.len[F_CASE_ID]))
			in.present &= ~(1ull << F_CASE_ID);
		else
			web_error_add(errors, r->lang, "case_id", "read_only", NULL);
	}
	if (web_invalid_done(r, errors))
		goto out;

	struct case_record rec;
	struct app_problem pb;
	record_init(&rec);
	app_problem_init(&pb);
	if (app_case_edit(r->app, &r->actor, r->case_id, version, &in, &rec, &pb))
		web_app_problem(r, &pb);
	else
		web_queue(r, 200, case_response(r, &rec));
	case_record_release(&rec);
out:
	json_decref(j);
}

/* ---- POST /api/v1/cases/{case_id}/status ---- */

void h_case_status(struct web_req *r)
{
	json_t *j = web_body_json(r);
	if (!j)
		return;
	int64_t version;
	if (web_if_match(r, &version))
		goto out;
	const char *status, *date, *transport, *reason;
	const struct web_field f[] = {
		{ "status", true, false, &status },
		{ "date", false, true, &date },
		{ "transport_mode", false, true, &transport },
		{ "reason", false, true, &reason },
	};
	json_t *errors = json_array();
	web_body_fields(r, j, f, ARRAY_SIZE(f), errors);
	/* a reason goes with an administrator's backward correction, which is
	 * the command line's alone (api.md); a forward move has none to keep */
	if (reason)
		web_error_add(errors, r->lang, "reason", "reason_not_supported", NULL);
	if (web_invalid_done(r, errors))
		goto out;

	struct case_input in;
	memset(&in, 0, sizeof(in));
	if (transport)
		case_input_set(&in, F_TRANSPORT_MODE, transport, strlen(transport));
	struct case_record rec;
	struct app_problem pb;
	record_init(&rec);
	app_problem_init(&pb);
	if (app_case_move(r->app, &r->actor, r->case_id, version, status, date,
			  in.present ? &in : NULL, &rec, &pb))
		web_app_problem(r, &pb);
	else
		web_queue(r, 200, case_response(r, &rec));
	case_record_release(&rec);
out:
	json_decref(j);
}

/* ---- POST /api/v1/cases/{case_id}/transfer ---- */

void h_case_transfer(struct web_req *r)
{
	json_t *j = web_body_json(r);
	if (!j)
		return;
	int64_t version;
	if (web_if_match(r, &version))
		goto out;
	const char *office, *point;
	const struct web_field f[] = {
		{ "office", true, false, &office },
		{ "registration_point", true, false, &point },
	};
	json_t *errors = json_array();
	web_body_fields(r, j, f, ARRAY_SIZE(f), errors);
	if (web_invalid_done(r, errors))
		goto out;

	struct case_record rec;
	struct app_problem pb;
	record_init(&rec);
	app_problem_init(&pb);
	if (app_case_transfer(r->app, &r->actor, r->case_id, version, office, point, &rec, &pb))
		web_app_problem(r, &pb);
	else
		web_queue(r, 200, case_response(r, &rec));
	case_record_release(&rec);
out:
	json_decref(j);
}

/* ---- POST /api/v1/cases/{case_id}/duplicate ---- */

void h_case_duplicate(struct web_req *r)
{
	json_t *j = web_body_json(r);
	if (!j)
		return;
	int64_t version;
	if (web_if_match(r, &version))
		goto out;
	const char *of;
	const struct web_field f[] = {
		{ "duplicate_of", true, true, &of },   /* null: restore */
	};
	json_t *errors = json_array();
	web_body_fields(r, j, f, ARRAY_SIZE(f), errors);
	if (web_invalid_done(r, errors))
		goto out;

	struct case_record rec;
	struct app_problem pb;
	record_init(&rec);
	app_problem_init(&pb);
	if (app_case_mark_duplicate(r->app, &r->actor, r->case_id, version, of, &rec, &pb))
		web_app_problem(r, &pb);
	else
		web_queue(r, 200, case_response(r, &rec));
	case_record_release(&rec);
out:
	json_decref(j);
}

/* ---- GET /api/v1/cases/similar ---- */

void h_cases_similar(struct web_req *r)
{
	static const char *const allowed[] = {
		"given_names", "family_names", "birth_date", "nationality", NULL,
	};
	struct web_query q;
	if (web_query_load(r, &q, allowed))
		return;
	const char *given, *family, *birth = NULL, *nationality = NULL;
	json_t *errors = json_array();
	web_q_text(r, &q, "given_names", 200, &given, errors);
	web_q_text(r, &q, "family_names", 200, &family, errors);
	/* a form asks as it is filled in: an empty date or country is not asked */
	if (web_q(&q, "birth_date") && *web_q(&q, "birth_date"))
		web_q_date(r, &q, "birth_date", &birth, errors);
	if (web_q(&q, "nationality") && *web_q(&q, "nationality"))
		web_q_code(r, &q, "nationality", VL_COUNTRY, &nationality, errors);
	if (web_q_done(r, errors))
		return;

	struct app_problem pb;
	json_t *items = json_array();
	app_problem_init(&pb);
	int rc = app_cases_similar(r->app, &r->actor, given, family, birth, nationality, list_item,
				   items, &pb);
	web_send_list(r, rc, &pb, items, NULL);
}

/* ---- GET /api/v1/cases/{case_id}/history ---- */

static int history_item(void *ctx, const struct history_row *h)
{
	json_t *o = json_object();
	json_object_set_new(o, "at", web_str_or_null(h->at));
	json_object_set_new(o, "actor", web_str_or_null(h->actor));
	json_object_set_new(o, "kind", web_str_or_null(h->kind));
	json_object_set_new(o, "from", web_str_or_null(h->from));
	json_object_set_new(o, "to", web_str_or_null(h->to));
	json_object_set_new(o, "date", web_str_or_null(h->date));
	json_object_set_new(o, "source", web_str_or_null(h->source));
	json_object_set_new(o, "reason", web_str_or_null(h->reason));
	json_object_set_new(o, "fields", web_str_or_null(h->fields));
	json_array_append_new(ctx, o);
	return 0;
}

void h_case_history(struct web_req *r)
{
	struct web_query q;
	if (web_query_load(r, &q, NULL))
		return;
	struct app_problem pb;
	json_t *items = json_array();
	app_problem_init(&pb);
	int rc = app_case_history(r->app, &r->actor, r->case_id, history_item, items, &pb);
	web_send_list(r, rc, &pb, items, NULL);
}
