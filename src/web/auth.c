/* auth.c: who is asking (bearer token or session cookie), the CSRF token, and
 * the session endpoints: sign in and out, the user, their language and
 * password (api.md "Authentication"). The checks themselves -- passwords,
 * throttling, expiry -- are the app's (app_login, app_session, app_bearer). */
#include "web.h"
#include <sodium.h>
#include <strings.h>

#define COOKIE_NAME "retorno_session"

/* Tokens are URL-safe base64; anything else is refused before the database. */
static bool token_ok(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (!n || n >= max)
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/=")
	       == n;
}

static int auth_failed(struct web_req *r, const struct app_problem *pb)
{
	if (pb && pb->status && pb->status != APP_UNAUTHORIZED)
		web_app_problem(r, pb);
	else
		web_problem(r, 401, pb && pb->code ? pb->code : "not_signed_in",
			    pb ? pb->args : NULL);
	return -1;
}

int web_authenticate(struct web_req *r)
{
	struct app_problem pb;
	app_problem_init(&pb);
	const char *authz = web_lookup(r, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (authz) {
		if (strncasecmp(authz, "Bearer ", 7))
			return auth_failed(r, NULL);
		const char *token = authz + 7;
		token += strspn(token, " ");
		if (!token_ok(token, 128))
			return auth_failed(r, NULL);
		if (app_bearer(r->app, token, "api", &r->actor, &pb))
			return auth_failed(r, &pb);
	} else {
		const char *cookie = web_lookup(r, MHD_COOKIE_KIND, COOKIE_NAME);
		if (!cookie || !token_ok(cookie, sizeof(r->session)))
			return auth_failed(r, NULL);
		if (app_session(r->app, cookie, &r->srv->policy, "api", &r->actor, r->csrf, &pb))
			return auth_failed(r, &pb);
		snprintf(r->session, sizeof(r->session), "%s", cookie);
		r->via_session = true;
	}
	r->actor.source = r->page ? "web" : "api";
	r->authed = true;
	r->lang = r->actor.lang;
	return RT_OK;
}

bool web_csrf_ok(struct web_req *r)
{
	const char *h = web_lookup(r, MHD_HEADER_KIND, "X-CSRF-Token");
	size_t n = h ? strlen(h) : 0;
	size_t want = strnlen(r->csrf, sizeof(r->csrf));
	return n && want && n == want && sodium_memcmp(h, r->csrf, n) == 0;
}

void web_set_session_cookie(struct web_req *r, struct MHD_Response *resp, const char *token)
{
	struct strbuf sb = STRBUF_INIT;
	if (token)
		strbuf_addf(&sb, COOKIE_NAME "=%s; HttpOnly; SameSite=Strict; Path=/", token);
	else
		strbuf_adds(&sb, COOKIE_NAME "=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/");
	if (r->secure)
		strbuf_adds(&sb, "; Secure");
	if (resp)
		web_header(resp, MHD_HTTP_HEADER_SET_COOKIE, sb.buf);
	strbuf_release(&sb);
}

/* Passwords do not outlive the request: the body and the parsed strings are
 * wiped before they are freed. */
static void wipe(struct web_req *r, json_t *j)
{
	const char *key;
	json_t *val;
	json_object_foreach(j, key, val) {
		if (json_is_string(val) && strstr(key, "password"))
			sodium_memzero((char *)json_string_value(val), json_string_length(val));
	}
	sodium_memzero(r->body.buf, r->body.len);
}

static json_t *session_json(const struct actor *a, const char *csrf)
{
	json_t *o = json_object();
	json_object_set_new(o, "user", web_user_json(a));
	json_object_set_new(o, "csrf_token", json_string(csrf));
	return o;
}

void h_session_post(struct web_req *r)
{
	json_t *j = web_body_json(r);
	if (!j) {
		sodium_memzero(r->body.buf, r->body.len);
		return;
	}
	const char *name, *password;
	const struct web_field f[] = {
		{ "username", true, false, &name },
		{ "password", true, false, &password },
	};
	json_t *errors = json_array();
	web_body_fields(r, j, f, ARRAY_SIZE(f), errors);
	if (web_invalid_done(r, errors))
		goto out;
	struct app_problem pb;
	struct actor a;
	char session[64], csrf[64];
	app_problem_init(&pb);
	memset(&a, 0, sizeof(a));
	if (app_login(r->app, name, password, r->addr, &r->srv->policy, "api", &a, session,
		      csrf, &pb)) {
		web_app_problem(r, &pb);
		goto out;
	}
	r->actor = a;
	r->authed = true;
	r->lang = a.lang;
	struct MHD_Response *resp = web_json_response(r, session_json(&a, csrf));
	web_set_session_cookie(r, resp, session);
	web_queue(r, 200, resp);
	sodium_memzero(session, sizeof(session));
out:
	wipe(r, j);
	json_decref(j);
}

void h_session_delete(struct web_req *r)
{
	if (r->via_session) {
		struct app_problem pb;
		app_problem_init(&pb);
		if (app_logout(r->app, &r->actor, r->session, &pb)) {
			web_app_problem(r, &pb);
			return;
		}
	}
	/* with a bearer token there is no session to end: the token stays valid
	 * until `retorno token revoke` */
	struct MHD_Response *resp = web_response(r, NULL, NULL, 0);
	web_set_session_cookie(r, resp, NULL);
	web_queue(r, 204, resp);
}

void h_me_get(struct web_req *r)
{
	web_send_json(r, 200, web_user_json(&r->actor));
}

void h_me_patch(struct web_req *r)
{
	json_t *j = web_body_json(r);
	if (!j)
		return;
	const char *lang;
	const struct web_field f[] = { { "lang", true, false, &lang } };
	json_t *errors = json_array();
	web_body_fields(r, j, f, ARRAY_SIZE(f), errors);
	if (web_invalid_done(r, errors))
		goto out;
	struct app_problem pb;
	app_problem_init(&pb);
	if (app_me_lang(r->app, &r->actor, lang, &pb)) {
		web_app_problem(r, &pb);
		goto out;
	}
	r->lang = r->actor.lang;
	web_send_json(r, 200, web_user_json(&r->actor));
out:
	json_decref(j);
}

void h_me_password(struct web_req *r)
{
	json_t *j = web_body_json(r);
	if (!j) {
		sodium_memzero(r->body.buf, r->body.len);
		return;
	}
	const char *current, *password;
	const struct web_field f[] = {
		{ "current_password", true, false, &current },
		{ "new_password", true, false, &password },
	};
	json_t *errors = json_array();
	web_body_fields(r, j, f, ARRAY_SIZE(f), errors);
	if (web_invalid_done(r, errors))
		goto out;
	struct app_problem pb;
	app_problem_init(&pb);
	if (app_me_password(r->app, &r->actor, current, password,
			    r->via_session ? r->session : NULL, &pb)) {
		web_app_problem(r, &pb);
		goto out;
	}
	web_send_empty(r, 204);
out:
	wipe(r, j);
	json_decref(j);
}
