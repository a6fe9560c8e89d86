/* page_login.c: signing in and out, the start page, and the user's own
 * account (language, password). The checks are the app's: app_login()
 * (throttling included), app_logout(), app_me_lang(), app_me_password(). */
#include "page.h"
#include <sodium.h>

/* Where a user starts: the cases, or the dashboard for an analyst. */
static const char *home_of(const struct actor *a)
{
	return actor_may(a, R_CASES) ? "/cases" : actor_may(a, R_REPORT) ? "/report" : "/account";
}

void h_page_root(struct web_req *r)
{
	page_redirect(r, home_of(&r->actor));
}

/* Only a path of this server, and not the sign-in page itself. */
static const char *next_of(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    !strncmp(next, "/login", 6) || strlen(next) > 200)
		return NULL;
	return next;
}

static void login_form(struct web_req *r, unsigned status, const char *username, const char *next,
		       const struct app_problem *pb)
{
	struct page p;
	page_begin(&p, r, tr(r->lang, "sign_in"));
	if (pb) {
		if (pb->status == APP_UNAUTHORIZED) {
			page_err(&p, "username", T(&p, "wrong_login"));
		} else {
			struct strbuf msg = STRBUF_INIT;
			msg_format(&msg, p.lang, pb->code ? pb->code : "internal_error", pb->args);
			page_err(&p, NULL, msg.buf);
			strbuf_release(&msg);
		}
	}
	page_error_summary(&p);
	html_f(&p.sb, "<form method=\"post\" action=\"/login\" novalidate>");
	if (next)
		html_f(&p.sb, "<input type=\"hidden\" name=\"next\" value=\"%s\">", next);
	html_f(&p.sb, "<input type=\"hidden\" name=\"lang\" value=\"%s\">",
	       p.lang == LANG_ES ? "es" : "en");
	field_input(&p, "username", T(&p, "username"), NULL, username, "text", "username");
	field_input(&p, "password", T(&p, "password"), NULL, NULL, "password", "current-password");
	html_f(&p.sb, "<button class=\"button\" type=\"submit\">%s</button></form>", T(&p, "sign_in"));
	page_send(&p, status);
}

void h_page_login(struct web_req *r)
{
	struct web_form q;
	web_form_init(&q);
	web_form_query(r, &q);
	const char *lang = web_form_get(&q, "lang");
	if (lang && !strcmp(lang, "es"))
		r->lang = LANG_ES;
	else if (lang && !strcmp(lang, "en"))
		r->lang = LANG_EN;
	login_form(r, 200, NULL, next_of(web_form_get(&q, "next")), NULL);
	web_form_release(&q);
}

void h_page_login_post(struct web_req *r)
{
	const char *name = web_form_get(r->form, "username");
	const char *password = web_form_get(r->form, "password");
	const char *next = next_of(web_form_get(r->form, "next"));
	const char *lang = web_form_get(r->form, "lang");
	if (lang && !strcmp(lang, "es"))
		r->lang = LANG_ES;
	struct app_problem pb;
	app_problem_init(&pb);
	struct actor a;
	char session[64], csrf[64];
	memset(&a, 0, sizeof(a));
	if (!name || !*name || !password || !*password) {
		pb.status = APP_UNAUTHORIZED;
		login_form(r, 401, name, next, &pb);
		return;
	}
	if (app_login(r->app, name, password, r->addr, &r->srv->policy, "web", &a, session, csrf,
		      &pb)) {
		unsigned status = pb.status >= 400 && pb.status < 600 ? (unsigned)pb.status : 500;
		login_form(r, status, name, next, &pb);
		return;
	}
	struct MHD_Response *resp = web_response(r, NULL, NULL, 0);
	if (resp) {
		web_set_session_cookie(r, resp, session);
		web_header(resp, MHD_HTTP_HEADER_LOCATION, next ? next : home_of(&a));
	}
	web_queue(r, 303, resp);
	sodium_memzero(session, sizeof(session));
}

void h_page_logout(struct web_req *r)
{
	struct app_problem pb;
	app_problem_init(&pb);
	if (r->via_session && app_logout(r->app, &r->actor, r->session, &pb)) {
		web_app_problem(r, &pb);
		return;
	}
	struct MHD_Response *resp = web_response(r, NULL, NULL, 0);
	if (resp) {
		web_set_session_cookie(r, resp, NULL);
		web_header(resp, MHD_HTTP_HEADER_LOCATION,
			   r->lang == LANG_ES ? "/login?lang=es" : "/login");
	}
	web_queue(r, 303, resp);
}

/* ---- my account ---- */

static void account_page(struct web_req *r, unsigned status, const char *notice,
			 const struct app_problem *pb)
{
	struct page p;
	page_begin(&p, r, tr(r->lang, "account_title"));
	if (pb) {
		struct strbuf msg = STRBUF_INIT;
		msg_format(&msg, p.lang, pb->code ? pb->code : "internal_error", pb->args);
		page_err(&p, pb->status == APP_UNAUTHORIZED ? "current_password" : "new_password",
			 msg.buf);
		strbuf_release(&msg);
	}
	page_error_summary(&p);
	if (notice)
		html_f(&p.sb, "<div class=\"notice\" role=\"status\">%s</div>", notice);
	const struct actor *a = &r->actor;
	html_f(&p.sb, "<dl class=\"summary-list\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
		      "<dt>%s</dt><dd>%s</dd></dl>",
	       T(&p, "username"), a->name, T(&p, "your_role"), T(&p, role_names[a->role]),
	       T(&p, "your_offices"), a->all_offices ? T(&p, "every_office") : a->offices);

	html_f(&p.sb, "<h2>%s</h2>", T(&p, "language"));
	page_form_begin(&p, "/account/lang", NULL);
	html_f(&p.sb, "<input type=\"hidden\" name=\"back\" value=\"/account\">"
		      "<div class=\"field\"><fieldset class=\"fieldset\"><legend>%s</legend>"
		      "<p class=\"hint\">%s</p><div class=\"choices\">"
		      "<div class=\"choice\"><input type=\"radio\" id=\"lang\" name=\"lang\" value=\"en\"%H>"
		      "<label for=\"lang\" lang=\"en\">English</label></div>"
		      "<div class=\"choice\"><input type=\"radio\" id=\"lang-es\" name=\"lang\" value=\"es\"%H>"
		      "<label for=\"lang-es\" lang=\"es\">Español</label></div></div></fieldset></div>"
		      "<button class=\"button\" type=\"submit\">%s</button></form>",
	       T(&p, "language"), T(&p, "language_hint"), p.lang == LANG_EN ? " checked" : "",
	       p.lang == LANG_ES ? " checked" : "", T(&p, "save"));

	html_f(&p.sb, "<h2>%s</h2>", T(&p, "change_password"));
	page_form_begin(&p, "/account/password", NULL);
	field_input(&p, "current_password", T(&p, "current_password"), NULL, NULL, "password",
		    "current-password");
	field_input(&p, "new_password", T(&p, "new_password"), T(&p, "new_password_hint"), NULL,
		    "password", "new-password");
	html_f(&p.sb, "<button class=\"button\" type=\"submit\">%s</button></form>",
	       T(&p, "change_password"));
	page_send(&p, status);
}

void h_page_account(struct web_req *r)
{
	struct web_form q;
	web_form_init(&q);
	web_form_query(r, &q);
	bool changed = web_form_get(&q, "changed") != NULL;
	web_form_release(&q);
	account_page(r, 200, changed ? tr(r->lang, "password_changed") : NULL, NULL);
}

void h_page_account_lang(struct web_req *r)
{
	const char *lang = web_form_get(r->form, "lang");
	const char *back = web_form_get(r->form, "back");
	struct app_problem pb;
	app_problem_init(&pb);
	if (app_me_lang(r->app, &r->actor, lang ? lang : "", &pb)) {
		web_app_problem(r, &pb);
		return;
	}
	r->lang = r->actor.lang;
	/* back to the page the switch was on; a form's result page is shown
	 * again by its GET */
	page_redirect(r, back && back[0] == '/' && back[1] != '/' ? back : "/");
}

void h_page_account_password(struct web_req *r)
{
	const char *current = web_form_get(r->form, "current_password");
	const char *password = web_form_get(r->form, "new_password");
	struct app_problem pb;
	app_problem_init(&pb);
	if (app_me_password(r->app, &r->actor, current ? current : "", password ? password : "",
			    r->via_session ? r->session : NULL, &pb)) {
		unsigned status = pb.status >= 400 && pb.status < 600 ? (unsigned)pb.status : 500;
		if (status == 500) {
			web_app_problem(r, &pb);
			return;
		}
		account_page(r, status == 401 ? 422 : status, NULL, &pb);
		return;
	}
	page_redirect(r, "/account?changed=1");
}
