/* http.c: answers (security headers, JSON, problem details) and the reading
 * of request input (query string, JSON body, If-Match), for every handler. */
#include "page.h"
#include "../core/parse.h"
#include "../core/textcheck.h"

#define CSP_JSON "default-src 'none'; frame-ancestors 'none'"
/* The web app's pages: the stylesheet and script of this server only, forms
 * only to this server. */
#define CSP_PAGE "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; " \
	"frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
/* The factsheet (a report or an edition as HTML): inline CSS and inline
 * SVG, nothing fetched; the dashboard page of this server shows it in a
 * frame. */
#define CSP_HTML "default-src 'none'; style-src 'unsafe-inline'; img-src data:; " \
	"frame-ancestors 'self'"

void web_header(struct MHD_Response *resp, const char *name, const char *value)
{
	char buf[1024];
	size_t n = 0;
	for (const char *s = value; *s && n + 1 < sizeof(buf); s++)
		if (*s != '\r' && *s != '\n')
			buf[n++] = *s;
	buf[n] = '\0';
	MHD_add_response_header(resp, name, buf);
}

struct MHD_Response *web_response(struct web_req *r, const char *ctype, char *body,
				  size_t len)
{
	struct MHD_Response *resp;
	if (len)
		resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	else {
		free(body);
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (!resp)
		return NULL;
	r->bytes = len;
	if (ctype)
		web_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	web_header(resp, "X-Content-Type-Options", "nosniff");
	web_header(resp, "Referrer-Policy", "no-referrer");
	web_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	web_header(resp, "Content-Security-Policy",
		   r->page ? CSP_PAGE : ctype && !strncmp(ctype, "text/html", 9) ? CSP_HTML : CSP_JSON);
	bool factsheet = !r->page && ctype && !strncmp(ctype, "text/html", 9);
	web_header(resp, "X-Frame-Options", factsheet ? "SAMEORIGIN" : "DENY");
	pthread_mutex_lock(&r->srv->lock);
	bool stopping = r->srv->stopping;
	pthread_mutex_unlock(&r->srv->lock);
	if (stopping)
		web_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	return resp;
}

void web_queue(struct web_req *r, unsigned status, struct MHD_Response *resp)
{
	assert(!r->responded);
	r->responded = true;
	r->status = status;
	if (!resp) {
		r->status = 500;
		web_log("out of memory making an answer");
		return;
	}
	if (MHD_queue_response(r->conn, status, resp) != MHD_YES)
		web_log("could not queue an answer (%u)", status);
	MHD_destroy_response(resp);
}

json_t *web_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

struct MHD_Response *web_json_response(struct web_req *r, json_t *j)
{
	/* 15 significant digits: a number typed with at most 15 (coordinates,
	 * 19.43) is written back as typed, not as 19.429999999999999 */
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
	json_decref(j);
	if (!s)
		return NULL;
	return web_response(r, "application/json", s, strlen(s));
}

void web_send_json(struct web_req *r, unsigned status, json_t *j)
{
	web_queue(r, status, web_json_response(r, j));
}

void web_send_page(struct web_req *r, json_t *items, const char *next)
{
	json_t *o = json_object();
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "next_cursor", next && next[0] ? json_string(next) : json_null());
	web_send_json(r, 200, o);
}

void web_send_list(struct web_req *r, int rc, const struct app_problem *pb, json_t *items,
		   const char *next)
{
	if (rc) {
		json_decref(items);
		web_app_problem(r, pb);
	} else if (next) {
		web_send_page(r, items, next);
	} else {
		json_t *o = json_object();
		json_object_set_new(o, "items", items);
		web_send_json(r, 200, o);
	}
}

void web_send_empty(struct web_req *r, unsigned status)
{
	web_queue(r, status, web_response(r, NULL, NULL, 0));
}

/* ---- problems ---- */

static void add_message(json_t *obj, const char *key, enum lang lang, const char *code,
			const char *args)
{
	struct strbuf sb = STRBUF_INIT;
	msg_format(&sb, lang, code, args);
	json_object_set_new(obj, key, json_string(sb.buf));
	strbuf_release(&sb);
}

void web_error_add(json_t *errors, enum lang lang, const char *field, const char *code,
		   const char *args)
{
	json_t *e = json_object();
	if (field)
		json_object_set_new(e, "field", json_string(field));
	json_object_set_new(e, "code", json_string(code));
	add_message(e, "message", lang, code, args);
	json_array_append_new(errors, e);
}

json_t *web_problem_json(enum lang lang, unsigned status, const char *code, const char *args,
			 json_t *errors)
{
	json_t *p = json_object();
	struct strbuf type = STRBUF_INIT;
	strbuf_addf(&type, "urn:retorno:problem:%s", code);
	json_object_set_new(p, "type", json_string(type.buf));
	strbuf_release(&type);
	const char *title = MHD_get_reason_phrase_for(status);
	json_object_set_new(p, "title", json_string(title && *title ? title : "Error"));
	json_object_set_new(p, "status", json_integer(status));
	add_message(p, "detail", lang, code, args);
	if (errors && json_array_size(errors))
		json_object_set_new(p, "errors", errors);
	else
		json_decref(errors);
	return p;
}

struct MHD_Response *web_problem_response(struct web_req *r, unsigned status, const char *code,
					  const char *args, json_t *errors)
{
	json_t *p = web_problem_json(r->lang, status, code, args, errors);
	char *s = json_dumps(p, JSON_COMPACT);
	json_decref(p);
	struct MHD_Response *resp = s ? web_response(r, "application/problem+json", s, strlen(s))
				      : NULL;
	if (resp && status == 401)
		web_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"retorno\"");
	return resp;
}

void web_problem_full(struct web_req *r, unsigned status, const char *code, const char *args,
		      json_t *errors, int retry_after)
{
	if (r->page) {
		/* a web page's refusal is a page (or, for 401, the sign-in page) */
		json_decref(errors);
		page_problem(r, status, code, args, retry_after);
		return;
	}
	struct MHD_Response *resp = web_problem_response(r, status, code, args, errors);
	if (resp && retry_after > 0) {
		char buf[24];
		snprintf(buf, sizeof(buf), "%d", retry_after);
		web_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, buf);
	}
	web_queue(r, status, resp);
}

void web_app_problem(struct web_req *r, const struct app_problem *pb)
{
	unsigned status = pb->status >= 400 && pb->status <= 599 ? (unsigned)pb->status : 500;
	if (status == 500) {
		/* the detail is for the operator (no personal data by app.h's contract) */
		web_log("%s %s: %s%s%s", r->method_name, r->route ? r->route->tmpl : "?",
			pb->code ? pb->code : "error", pb->detail[0] ? ": " : "", pb->detail);
		web_problem(r, 500, "internal_error", NULL);
		return;
	}
	json_t *errors = NULL;
	if (pb->chk.n > 0) {
		errors = json_array();
		for (int i = 0; i < pb->chk.n && i < CASE_MAX_ISSUES; i++) {
			const struct case_issue *is = &pb->chk.issue[i];
			const char *field = case_field_name(is->field);
			web_error_add(errors, r->lang, field, is->code ? is->code : "invalid", is->args);
		}
	}
	int retry = status == 429 || status == 503 ? (pb->retry_after > 0 ? pb->retry_after : 1) : 0;
	web_problem_full(r, status, pb->code ? pb->code : "internal_error", pb->args, errors,
			 retry);
}

const char *web_lookup(struct web_req *r, enum MHD_ValueKind kind, const char *name)
{
	return MHD_lookup_connection_value(r->conn, kind, name);
}

/* Accept-Language: the preferred of es and en (q-values), else en. */
enum lang web_accept_lang(struct web_req *r)
{
	const char *h = web_lookup(r, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
	if (!h)
		return LANG_EN;
	double best_q = -1;
	enum lang best = LANG_EN;
	while (*h) {
		h += strspn(h, " \t,");
		size_t n = strcspn(h, ",");
		const char *item = h;
		h += n;
		size_t tag = strcspn(item, ";, \t");
		if (tag > n)
			tag = n;
		double q = 1.0;
		const char *qs = memchr(item, ';', n);
		if (qs) {
			const char *p = qs + 1;
			while (p < item + n && (*p == ' ' || *p == '\t'))
				p++;
			if (p + 2 <= item + n && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
				char num[8] = "";
				size_t k = 0;
				for (p += 2; p < item + n && k + 1 < sizeof(num) &&
				     ((*p >= '0' && *p <= '9') || *p == '.'); p++)
					num[k++] = *p;
				num[k] = '\0';
				q = strtod(num, NULL);
			}
		}
		bool es = tag >= 2 && !strncasecmp(item, "es", 2) && (tag == 2 || item[2] == '-');
		bool en = tag >= 2 && !strncasecmp(item, "en", 2) && (tag == 2 || item[2] == '-');
		if ((es || en) && q > 0 && q > best_q) {
			best_q = q;
			best = es ? LANG_ES : LANG_EN;
		}
	}
	return best;
}

/* ---- the query string ---- */

static enum MHD_Result query_item(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	(void)kind;
	struct web_query *q = cls;
	if (q->n >= WEB_QUERY_MAX) {
		q->overflow = true;
		return MHD_NO;
	}
	q->key[q->n] = key ? key : "";
	q->val[q->n] = value ? value : "";
	q->n++;
	return MHD_YES;
}

static void add_param_error(json_t *errors, enum lang lang, const char *key, const char *code,
			    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void add_param_error(json_t *errors, enum lang lang, const char *key, const char *code,
			    const char *fmt, ...)
{
	struct strbuf args = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	msg_vaddargs(&args, fmt, ap);
	va_end(ap);
	web_error_add(errors, lang, key, code, args.buf);
	strbuf_release(&args);
}

int web_query_load(struct web_req *r, struct web_query *q, const char *const *allowed)
{
	memset(q, 0, sizeof(*q));
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_item, q);
	json_t *errors = json_array();
	if (q->overflow)
		add_param_error(errors, r->lang, NULL, "too_many_parameters", "%d", WEB_QUERY_MAX);
	for (int i = 0; i < q->n; i++) {
		const char *k = q->key[i];
		bool ok = utf8_valid(k, strlen(k)) && utf8_valid(q->val[i], strlen(q->val[i]));
		bool known = false;
		for (size_t a = 0; ok && allowed && allowed[a]; a++)
			known |= !strcmp(allowed[a], k);
		if (!ok) {
			add_param_error(errors, r->lang, NULL, "bad_utf8", "%s", "");
			continue;
		}
		if (!known) {
			add_param_error(errors, r->lang, k, "unknown_parameter", "%s", k);
			continue;
		}
		for (int j = 0; j < i; j++)
			if (!strcmp(q->key[j], k)) {
				add_param_error(errors, r->lang, k, "repeated_parameter", "%s", k);
				break;
			}
	}
	return web_q_done(r, errors);
}

const char *web_q(const struct web_query *q, const char *key)
{
	for (int i = 0; i < q->n; i++)
		if (!strcmp(q->key[i], key))
			return q->val[i];
	return NULL;
}

void web_q_code(struct web_req *r, const struct web_query *q, const char *key, int list,
		const char **out, json_t *errors)
{
	const char *v = web_q(q, key);
	*out = NULL;
	if (!v)
		return;
	if (r->app && vocab_find(&r->app->v, list, v, strlen(v)) >= 0) {
		*out = v;
		return;
	}
	struct strbuf codes = STRBUF_INIT;
	if (r->app)
		vocab_describe_list(&r->app->v, list, 12, &codes);
	add_param_error(errors, r->lang, key, "unknown_code", "%s" MSG_SEP "%s" MSG_SEP "%s", v,
			vocab_list_names[list], codes.buf);
	strbuf_release(&codes);
}

void web_q_date(struct web_req *r, const struct web_query *q, const char *key,
		const char **out, json_t *errors)
{
	const char *v = web_q(q, key);
	rt_date d;
	*out = NULL;
	if (!v)
		return;
	if (parse_date(v, strlen(v), &d) == RT_OK)
		*out = v;
	else
		add_param_error(errors, r->lang, key, "bad_date", "%s", v);
}

void web_q_flag(struct web_req *r, const struct web_query *q, const char *key, bool *out,
		json_t *errors)
{
	const char *v = web_q(q, key);
	if (!v)
		return;
	if (!strcmp(v, "true") || !strcmp(v, "1"))
		*out = true;
	else if (!strcmp(v, "false") || !strcmp(v, "0"))
		*out = false;
	else
		add_param_error(errors, r->lang, key, "bad_flag", "%s", v);
}

void web_q_int(struct web_req *r, const struct web_query *q, const char *key, int min, int max,
	       int *out, json_t *errors)
{
	const char *v = web_q(q, key);
	unsigned long long n;
	if (!v)
		return;
	if (parse_uint(v, strlen(v), (unsigned long long)max, &n) == RT_OK && n >= (unsigned)min)
		*out = (int)n;
	else
		add_param_error(errors, r->lang, key, "bad_number", "%s" MSG_SEP "%d" MSG_SEP "%d",
				v, min, max);
}

void web_q_limit(struct web_req *r, const struct web_query *q, int *out, json_t *errors)
{
	const char *v = web_q(q, "limit");
	unsigned long long n;
	if (!v)
		return;
	if (parse_uint(v, strlen(v), 500, &n) == RT_OK && n >= 1)
		*out = (int)n;
	else
		add_param_error(errors, r->lang, "limit", "bad_limit", "%s", v);
}

void web_q_text(struct web_req *r, const struct web_query *q, const char *key, size_t max,
		const char **out, json_t *errors)
{
	const char *v = web_q(q, key);
	*out = NULL;
	if (!v)
		return;
	size_t len = strlen(v), chars = utf8_length(v, len);   /* valid: web_query_load */
	/* the one check of text (core/textcheck.h): controls, C1, bidi */
	struct text_verdict tv;
	if (text_check(v, len, 0, &tv)) {
		char p1[16], p2[16];
		const char *code = text_verdict_code(&tv, p1, p2);
		add_param_error(errors, r->lang, key, code, "%s" MSG_SEP "%s", p1, p2);
		return;
	}
	if (chars > max)
		add_param_error(errors, r->lang, key, "too_long", "%zu" MSG_SEP "%zu", max, chars);
	else
		*out = v;
}

int web_q_done(struct web_req *r, json_t *errors)
{
	if (!json_array_size(errors)) {
		json_decref(errors);
		return RT_OK;
	}
	web_problem_full(r, 400, "bad_parameter", NULL, errors, 0);
	return -1;
}

/* ---- bodies ---- */

json_t *web_body_json(struct web_req *r)
{
	json_error_t err;
	if (!r->body.len) {
		web_problem(r, 400, "malformed_json", "empty body");
		return NULL;
	}
	json_t *j = json_loadb(r->body.buf, r->body.len, JSON_REJECT_DUPLICATES, &err);
	if (!j) {
		struct strbuf args = STRBUF_INIT;
		msg_addargs(&args, "%s (line %d, column %d)", err.text, err.line, err.column);
		web_problem(r, 400, "malformed_json", args.buf);
		strbuf_release(&args);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		web_problem(r, 400, "json_not_object", NULL);
		return NULL;
	}
	return j;
}

int web_if_match(struct web_req *r, int64_t *version)
{
	const char *h = web_lookup(r, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MATCH);
	if (!h) {
		web_problem(r, 428, "if_match_required", NULL);
		return -1;
	}
	const char *s = h;
	while (*s == ' ' || *s == '\t')
		s++;
	if (s[0] == 'W' && s[1] == '/') {
		/* If-Match compares strongly (RFC 9110 13.1.1): a weak tag never matches */
		web_problem(r, 412, "if_match_weak", NULL);
		return -1;
	}
	bool quoted = *s == '"';
	if (quoted)
		s++;
	size_t n = strspn(s, "0123456789");
	const char *e = s + n;
	if (quoted && *e++ != '"')
		n = 0;
	while (*e == ' ' || *e == '\t')
		e++;
	unsigned long long v;
	if (!n || *e || parse_uint(s, n, 999999999999999ull, &v) != RT_OK) {
		web_problem(r, 400, "if_match_malformed", NULL);
		return -1;
	}
	*version = (int64_t)v;
	if (r->case_version > 0 && *version != r->case_version) {
		/* stale: said before any 422 of the body (api.md's order); the
		 * app checks again inside its transaction */
		struct strbuf args = STRBUF_INIT;
		msg_addargs(&args, "%lld" MSG_SEP "%lld", (long long)*version,
			    (long long)r->case_version);
		web_problem(r, 412, "stale_version", args.buf);
		strbuf_release(&args);
		return -1;
	}
	return RT_OK;
}

int web_body_fields(struct web_req *r, json_t *obj, const struct web_field *f, size_t n,
		    json_t *errors)
{
	int added = 0;
	const char *key;
	json_t *val;
	for (size_t i = 0; i < n; i++)
		*f[i].out = NULL;
	json_object_foreach(obj, key, val) {
		size_t i;
		for (i = 0; i < n && strcmp(f[i].name, key); i++)
			;
		if (i == n) {
			add_param_error(errors, r->lang, key, "unknown_field", "%s", key);
			added++;
			continue;
		}
		if (json_is_string(val) && json_string_length(val) > 0) {
			*f[i].out = json_string_value(val);
		} else if ((json_is_null(val) || json_is_string(val)) && f[i].nullable) {
			*f[i].out = NULL;
		} else if (json_is_string(val) || json_is_null(val)) {
			add_param_error(errors, r->lang, key, "required", "%s", "");
			added++;
		} else {
			add_param_error(errors, r->lang, key, "wrong_type", "%s", "string");
			added++;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (f[i].required && !json_object_get(obj, f[i].name)) {
			add_param_error(errors, r->lang, f[i].name, "required", "%s", "");
			added++;
		}
	return added;
}

int web_invalid_done(struct web_req *r, json_t *errors)
{
	if (!json_array_size(errors)) {
		json_decref(errors);
		return RT_OK;
	}
	web_problem_full(r, 422, "invalid", NULL, errors, 0);
	return -1;
}

void web_field_error(struct web_req *r, json_t *errors, const char *field, const char *code,
		     const char *arg)
{
	struct strbuf args = STRBUF_INIT;
	msg_addargs(&args, "%s", arg);
	web_error_add(errors, r->lang, field, code, args.buf);
	strbuf_release(&args);
}
