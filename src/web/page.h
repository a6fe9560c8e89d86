/* page.h: the web app -- server-rendered HTML pages on the API's server
 * (api.md, "The web app"). What the files src/web/page_*.c share.
 *
 * A page request goes through the same pipeline as the API (server.c): the
 * route's right, the case's visibility, the use cases of app.h. The
 * differences are the words of the answers:
 * - a route whose path is not under /api/ answers its refusals as pages
 *   (page_problem()): 401 becomes a redirect to /login, the others an error
 *   page in the user's language;
 * - a form (RF_FORM) is application/x-www-form-urlencoded; it is parsed
 *   into r->form before the handler runs, and its csrf_token field must be
 *   the session's (403 otherwise), so that no handler can forget it;
 * - after a change that worked, a page redirects (303) to the page that
 *   shows the result (post/redirect/get); a change that was refused renders
 *   the form again with what the user typed, an error summary at the top
 *   and each error beside its field.
 *
 * Markup is written only with html_f() (core/html.h), which escapes every
 * argument: the pages have no other way to put text into HTML.
 */
#ifndef RETORNO_PAGE_H
#define RETORNO_PAGE_H

#include "web.h"
#include "../core/html.h"

/* ---- form.c: form input ---- */

#define WEB_FORM_MAX 800
struct web_form {
	int n;
	long koff[WEB_FORM_MAX], voff[WEB_FORM_MAX];   /* into arena */
	struct strbuf arena;
	bool overflow;
};
void web_form_init(struct web_form *f);
void web_form_release(struct web_form *f);
/* A urlencoded body: -1 when malformed (bad escape, NUL, invalid UTF-8,
 * too many fields). */
int web_form_parse(struct web_form *f, const char *s, size_t len);
/* The query string of the request (already decoded by the server). */
int web_form_query(struct web_req *r, struct web_form *f);
static inline const char *web_form_key(const struct web_form *f, int n)
{
	return f->arena.buf + f->koff[n];
}
static inline const char *web_form_val(const struct web_form *f, int n)
{
	return f->arena.buf + f->voff[n];
}
/* A whole number of a form or query (def when absent or not a number). */
long web_form_int(const struct web_form *f, const char *key, long def);
/* The first value of key, or NULL. */
const char *web_form_get(const struct web_form *f, const char *key);
/* The same, with NULL for a value that is empty or only spaces. */
const char *web_form_str(const struct web_form *f, const char *key);
/* Every non-empty value of key, separated by spaces (a multi-select). */
void web_form_join(const struct web_form *f, const char *key, struct strbuf *out);

/* ---- page_text.c: the words of the pages ---- */

/* The text of `key` in lang (the key itself when unknown, so that a
 * missing word shows on the page rather than an empty space). */
const char *tr(enum lang lang, const char *key);
/* The label and the hint of a case column, in lang (hint may be ""). */
const char *field_label(enum lang lang, int field);
const char *field_hint(enum lang lang, int field);

/* ---- page_layout.c: pages ---- */

#define PAGE_ERRORS_MAX 96
struct page {
	struct web_req *r;
	enum lang lang;
	struct strbuf sb;             /* the page's HTML */
	/* errors of a refused form: field (the input's name) and message */
	int nerr;
	char err_field[PAGE_ERRORS_MAX][48];
	long err_msg[PAGE_ERRORS_MAX]; /* offsets into errtext */
	struct strbuf errtext;
};
#define T(p, key) tr((p)->lang, key)

/* Starts a page: the document head, the header with the navigation the
 * user's role allows, <main> and `title` as the page's <title> and <h1>.
 * Errors of a form are added after it (page_err), then shown with
 * page_error_summary(). */
void page_begin(struct page *p, struct web_req *r, const char *title);
/* Ends the page and sends it with `status`; releases p. */
void page_send(struct page *p, unsigned status);
/* Releases a page that was not sent. */
void page_release(struct page *p);
/* A 303 redirect to a local path. */
void page_redirect(struct web_req *r, const char *location);
/* A refusal as a page (web_problem_full() calls it for page routes). */
void page_problem(struct web_req *r, unsigned status, const char *code, const char *args,
		  int retry_after);

/* The pipeline's part for an RF_FORM route once its body is in: the
 * content type (415), the form (400), the CSRF token of a session (403).
 * Answers and returns -1 when refused. */
int page_form_judge(struct web_req *r);

/* Errors of a form. `field` is the input's name ("family_names.2"), or NULL
 * for an error of the whole form. */
void page_err(struct page *p, const char *field, const char *msg);
/* The problem of a use case: its field issues, each under the column's
 * name plus `suffix` (".2" for the second person of a family), worded in
 * the user's language and prefixed with the field's label; or its whole
 * message. */
void page_err_app(struct page *p, const struct app_problem *pb, const char *suffix);
const char *page_err_for(const struct page *p, const char *field);
/* A message of the catalog as a sentence: its first letter in capitals. */
void sentence_case(char *s);
/* The error summary (GOV.UK): a box at the top, linking to each field. */
void page_error_summary(struct page *p);

/* The hidden csrf_token field of a form. */
void page_csrf(struct page *p);
/* The start of a POST form to `action`, with its CSRF token. */
void page_form_begin(struct page *p, const char *action, const char *cls);

/* ---- page_fields.c: form fields, each with its label, hint and error ---- */

/* A text input (type "text", "date", "number", "password", "search"). */
void field_input(struct page *p, const char *name, const char *label, const char *hint,
		 const char *value, const char *type, const char *autocomplete);
/* A <select> of a code list (labels in the page's language): `value`
 * selected; `empty` (NULL: none) is the label of a first option with no
 * value ("Not recorded", "Any", "Choose"). `filter` (NULL: all) keeps only
 * the codes for which it returns true. */
void field_select(struct page *p, const char *name, const char *label, const char *hint,
		  int list, const char *value, const char *empty,
		  bool (*filter)(const struct vocab_item *it, const void *ctx), const void *ctx);
/* Filters of field_select() (ctx: the page): the offices the user holds,
 * the registration points of those offices. */
bool page_office_held(const struct vocab_item *it, const void *ctx);
bool page_point_held(const struct vocab_item *it, const void *ctx);
/* Radios of a short code list. */
void field_radios(struct page *p, const char *name, const char *label, const char *hint,
		  int list, const char *value, bool empty);
/* Checkboxes of a multi-select list; `value` holds codes separated by spaces. */
void field_checks(struct page *p, const char *name, const char *label, const char *hint,
		  int list, const char *value);
/* A country (nationality, country of return): a short list of the
 * region's countries, then "another country" with a text box under it
 * (other_NAME) that takes a name in either language or an ISO code; no
 * page carries the world's 249 countries once per person. */
void field_country(struct page *p, const char *name, const char *label, const char *hint,
		   const char *value, const char *empty);
/* The country a form gives in NAME (and other_NAME): a code of the list,
 * or what was typed when it names none (the rules then say so); NULL when
 * nothing was given. */
const char *country_from_form(const struct vocab *v, const struct web_form *in,
			      const char *name);
/* The field of a case column, by its type, named `name` (the column's name,
 * or COLUMN.K). */
void field_case(struct page *p, int f, const char *name, const char *value);
/* The label of a code in the page's language (the code when unknown). */
const char *code_label(struct page *p, int list, const char *code);

/* ---- the pages ---- */
void h_static(struct web_req *r);
void h_page_root(struct web_req *r);
void h_page_login(struct web_req *r);
void h_page_login_post(struct web_req *r);
void h_page_logout(struct web_req *r);
void h_page_account(struct web_req *r);
void h_page_account_lang(struct web_req *r);
void h_page_account_password(struct web_req *r);
void h_page_cases(struct web_req *r);
void h_page_case_new(struct web_req *r);
void h_page_case_new_post(struct web_req *r);
/* The case of the request's path (r->case_id) as the actor may see it, into
 * rec; -1 when there is none, the problem answered (404 for another office's). */
int page_case_load(struct web_req *r, struct case_record *rec);
void h_page_case(struct web_req *r);
void h_page_case_edit(struct web_req *r);
void h_page_case_edit_post(struct web_req *r);
void h_page_case_status(struct web_req *r);
void h_page_case_transfer(struct web_req *r);
void h_page_case_duplicate(struct web_req *r);
void h_page_report(struct web_req *r);
void h_page_admin_users(struct web_req *r);
void h_page_admin_users_post(struct web_req *r);
void h_page_admin_vocab(struct web_req *r);
void h_page_admin_vocab_post(struct web_req *r);

#endif
