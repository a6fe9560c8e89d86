/* page_layout.c: the frame of every page (head, header, navigation,
 * footer), errors of forms, redirects and refusals as pages; see page.h. */
#include "page.h"

/* The stylesheet and script, embedded (static_data.S). */
extern const char web_app_css[], web_app_css_end[];
extern const char web_app_js[], web_app_js_end[];

static pthread_once_t version_once = PTHREAD_ONCE_INIT;
static char asset_version[17];   /* written once, then only read */

static void compute_version(void)
{
	/* FNV-1a of both assets: a new build with new assets gets new URLs */
	uint64_t h = 1469598103934665603ull;
	for (const char *s = web_app_css; s < web_app_css_end; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	for (const char *s = web_app_js; s < web_app_js_end; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	snprintf(asset_version, sizeof(asset_version), "%016llx", (unsigned long long)h);
}

static const char *version(void)
{
	pthread_once(&version_once, compute_version);
	return asset_version;
}

void h_static(struct web_req *r)
{
	const char *start, *end, *ctype;
	if (!strcmp(r->path, "/static/app.css")) {
		start = web_app_css, end = web_app_css_end, ctype = "text/css; charset=utf-8";
	} else {
		start = web_app_js, end = web_app_js_end, ctype = "text/javascript; charset=utf-8";
	}
	char etag[24];
	snprintf(etag, sizeof(etag), "\"%s\"", version());
	const char *inm = web_lookup(r, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	size_t len = (size_t)(end - start);
	struct MHD_Response *resp;
	unsigned status = 200;
	if (inm && !strcmp(inm, etag)) {
		status = 304;
		resp = web_response(r, NULL, NULL, 0);
	} else {
		char *body = xmalloc(len ? len : 1);
		memcpy(body, start, len);
		resp = web_response(r, ctype, body, len);
	}
	if (resp) {
		/* the pages ask for ?v=VERSION: the bytes of a version never change */
		MHD_del_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
		web_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=31536000, immutable");
		web_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	}
	web_queue(r, status, resp);
}

/* ---- the frame ---- */

static void nav_item(struct page *p, const char *href, const char *key)
{
	size_t n = strlen(href);
	bool current = !strncmp(p->r->path, href, n) &&
		       (p->r->path[n] == '\0' || p->r->path[n] == '/' || p->r->path[n] == '?');
	if (!strcmp(href, "/cases") && !strcmp(p->r->path, "/cases/new"))
		current = false;
	html_f(&p->sb, "<li><a href=\"%s\"%H>%s</a></li>", href,
	       current ? " aria-current=\"page\"" : "", T(p, key));
}

void page_begin(struct page *p, struct web_req *r, const char *title)
{
	memset(p, 0, sizeof(*p));
	p->r = r;
	p->lang = r->lang;
	strbuf_init(&p->sb, 0);
	strbuf_init(&p->errtext, 0);
	html_f(&p->sb,
	       "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	       "<title>%s — retorno</title><link rel=\"icon\" href=\"data:,\">"
	       "<link rel=\"stylesheet\" href=\"/static/app.css?v=%s\">"
	       "<script src=\"/static/app.js?v=%s\" defer></script>"
	       "</head><body>"
	       "<a href=\"#main\" class=\"skip-link\">%s</a>"
	       "<header class=\"header\"><div class=\"wrap header-row\">"
	       "<a class=\"brand\" href=\"/\">retorno</a>",
	       p->lang == LANG_ES ? "es" : "en", title ? title : "", version(), version(),
	       T(p, "skip_to_content"));
	if (r->authed) {
		const struct actor *a = &r->actor;
		strbuf_adds(&p->sb, "<nav class=\"nav\"");
		html_f(&p->sb, " aria-label=\"%s\"><ul>", T(p, "nav_label"));
		if (actor_may(a, R_CASES)) {
			nav_item(p, "/cases", "nav_cases");
			nav_item(p, "/cases/new", "nav_register");
		}
		if (actor_may(a, R_REPORT))
			nav_item(p, "/report", "nav_report");
		if (actor_may(a, R_ADMINISTER)) {
			nav_item(p, "/admin/users", "nav_users");
			nav_item(p, "/admin/vocab", "nav_vocab");
		}
		nav_item(p, "/account", "nav_account");
		strbuf_adds(&p->sb, "</ul></nav><div class=\"who\">");
		html_f(&p->sb, "<span class=\"who-name\">%s <span class=\"who-role\">(%s)</span></span>",
		       a->name, T(p, role_names[a->role]));
		html_f(&p->sb, "<form method=\"post\" action=\"/account/lang\" class=\"inline\">"
			       "<input type=\"hidden\" name=\"csrf_token\" value=\"%s\">"
			       "<input type=\"hidden\" name=\"back\" value=\"%s\">", r->csrf, r->path);
		if (p->lang == LANG_ES)
			strbuf_adds(&p->sb, "<button class=\"link-button\" name=\"lang\" value=\"en\" "
					    "lang=\"en\">English</button>");
		else
			strbuf_adds(&p->sb, "<button class=\"link-button\" name=\"lang\" value=\"es\" "
					    "lang=\"es\">Español</button>");
		strbuf_adds(&p->sb, "</form>");
		html_f(&p->sb, "<form method=\"post\" action=\"/logout\" class=\"inline\">"
			       "<input type=\"hidden\" name=\"csrf_token\" value=\"%s\">"
			       "<button class=\"link-button\">%s</button></form>",
		       r->csrf, T(p, "sign_out"));
		strbuf_adds(&p->sb, "</div>");
	} else {
		/* before signing in: the language of the sign-in page, by link */
		if (p->lang == LANG_ES)
			strbuf_adds(&p->sb, "<div class=\"who\"><a href=\"/login?lang=en\" lang=\"en\">"
					    "English</a></div>");
		else
			strbuf_adds(&p->sb, "<div class=\"who\"><a href=\"/login?lang=es\" lang=\"es\">"
					    "Español</a></div>");
	}
	strbuf_adds(&p->sb, "</div></header><main id=\"main\" class=\"wrap\" tabindex=\"-1\">");
	html_f(&p->sb, "<h1>%s</h1>", title ? title : "");
}

void page_release(struct page *p)
{
	strbuf_release(&p->sb);
	strbuf_release(&p->errtext);
}

void page_send(struct page *p, unsigned status)
{
	html_f(&p->sb, "</main><footer class=\"footer\"><div class=\"wrap\">%s</div></footer>"
		       "</body></html>\n", T(p, "footer"));
	size_t len;
	char *body = strbuf_detach(&p->sb, &len);
	web_queue(p->r, status, web_response(p->r, "text/html; charset=utf-8", body, len));
	page_release(p);
}

/* Only a path of this server: "/x", never "//host" or "/\host". */
static bool local_path(const char *s)
{
	return s && s[0] == '/' && s[1] != '/' && s[1] != '\\' && !strpbrk(s, "\r\n");
}

void page_redirect(struct web_req *r, const char *location)
{
	struct MHD_Response *resp = web_response(r, NULL, NULL, 0);
	if (resp)
		web_header(resp, MHD_HTTP_HEADER_LOCATION, local_path(location) ? location : "/");
	web_queue(r, 303, resp);
}

void page_problem(struct web_req *r, unsigned status, const char *code, const char *args,
		  int retry_after)
{
	if (status == 401) {
		/* not signed in (or the session ended): the sign-in page, and back */
		struct strbuf loc = STRBUF_INIT;
		strbuf_adds(&loc, "/login");
		if ((r->method & (M_GET | M_HEAD)) && strcmp(r->path, "/")) {
			strbuf_adds(&loc, "?next=");
			html_url_part(&loc, r->path);
		}
		page_redirect(r, loc.buf);
		strbuf_release(&loc);
		return;
	}
	struct page p;
	const char *title = status == 404 ? tr(r->lang, "err_404_title")
			    : status == 403 ? tr(r->lang, "err_403_title")
			    : tr(r->lang, "err_title");
	page_begin(&p, r, title);
	struct strbuf msg = STRBUF_INIT;
	msg_format(&msg, p.lang, code, args);
	sentence_case(msg.buf);
	html_f(&p.sb, "<p class=\"lead\">%s</p>", msg.buf);
	strbuf_release(&msg);
	if (!strcmp(code, "form_expired"))
		html_f(&p.sb, "<p>%s</p>", T(&p, "err_csrf_help"));
	html_f(&p.sb, "<p><a href=\"/\">%s</a></p>", T(&p, "back_home"));
	struct MHD_Response *resp;
	html_f(&p.sb, "</main><footer class=\"footer\"><div class=\"wrap\">%s</div></footer>"
		      "</body></html>\n", T(&p, "footer"));
	size_t len;
	char *body = strbuf_detach(&p.sb, &len);
	resp = web_response(r, "text/html; charset=utf-8", body, len);
	if (resp && retry_after > 0) {
		char buf[24];
		snprintf(buf, sizeof(buf), "%d", retry_after);
		web_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, buf);
	}
	web_queue(r, status, resp);
	page_release(&p);
}

/* ---- errors of forms ---- */

void sentence_case(char *s)
{
	/* the catalog's messages are fragments ("is required"); alone, a
	 * sentence: an ASCII first letter in capitals (accented ones are rare
	 * first letters of the catalog and stay as they are) */
	if (s && *s >= 'a' && *s <= 'z')
		*s = (char)(*s - 'a' + 'A');
}

void page_err(struct page *p, const char *field, const char *msg)
{
	if (p->nerr >= PAGE_ERRORS_MAX)
		return;
	snprintf(p->err_field[p->nerr], sizeof(p->err_field[0]), "%s", field ? field : "");
	p->err_msg[p->nerr] = (long)p->errtext.len;
	strbuf_adds(&p->errtext, msg);
	strbuf_addch(&p->errtext, '\0');
	sentence_case(p->errtext.buf + p->err_msg[p->nerr]);
	p->nerr++;
}

void page_err_app(struct page *p, const struct app_problem *pb, const char *suffix)
{
	struct strbuf msg = STRBUF_INIT;
	if (pb->chk.n > 0) {
		for (int i = 0; i < pb->chk.n && i < CASE_MAX_ISSUES; i++) {
			const struct case_issue *is = &pb->chk.issue[i];
			char name[48] = "";
			strbuf_reset(&msg);
			if (is->field >= 0 && is->field < F_COUNT) {
				snprintf(name, sizeof(name), "%s%s", case_column_name[is->field],
					 suffix ? suffix : "");
				strbuf_addf(&msg, "%s: ", field_label(p->lang, is->field));
			}
			msg_format(&msg, p->lang, is->code ? is->code : "invalid", is->args);
			page_err(p, name[0] ? name : NULL, msg.buf);
		}
	} else {
		msg_format(&msg, p->lang, pb->code ? pb->code : "internal_error", pb->args);
		page_err(p, NULL, msg.buf);
	}
	strbuf_release(&msg);
}

const char *page_err_for(const struct page *p, const char *field)
{
	for (int i = 0; i < p->nerr; i++)
		if (!strcmp(p->err_field[i], field))
			return p->errtext.buf + p->err_msg[i];
	return NULL;
}

void page_error_summary(struct page *p)
{
	if (!p->nerr)
		return;
	html_f(&p->sb, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" "
		       "aria-labelledby=\"error-summary-title\"><h2 id=\"error-summary-title\">%s</h2>"
		       "<ul>", T(p, "there_is_a_problem"));
	for (int i = 0; i < p->nerr; i++) {
		const char *msg = p->errtext.buf + p->err_msg[i];
		if (p->err_field[i][0])
			html_f(&p->sb, "<li><a href=\"#%s\">%s</a></li>", p->err_field[i], msg);
		else
			html_f(&p->sb, "<li>%s</li>", msg);
	}
	strbuf_adds(&p->sb, "</ul></div>");
}

void page_csrf(struct page *p)
{
	html_f(&p->sb, "<input type=\"hidden\" name=\"csrf_token\" value=\"%s\">", p->r->csrf);
}

void page_form_begin(struct page *p, const char *action, const char *cls)
{
	html_f(&p->sb, "<form method=\"post\" action=\"%s\" class=\"%s\" novalidate>", action,
	       cls ? cls : "");
	page_csrf(p);
}
