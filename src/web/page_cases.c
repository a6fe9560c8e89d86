/* page_cases.c: the list of cases -- search by name or case id, filters,
 * counts per status as tabs, pages of 50. What the user may see is
 * app_cases_list()'s and app_case_counts()'s to say (their offices only). */
#include "page.h"
#include "../core/parse.h"

#define PAGE_SIZE 50

struct list_state {
	struct page *p;
	struct strbuf sb;     /* the table's rows */
	int rows;
};

static int list_row(void *ctx, const struct case_values *cv, int64_t version)
{
	(void)version;
	struct list_state *ls = ctx;
	struct page *p = ls->p;
	struct strbuf *sb = &ls->sb;
	const char *st = cv->v[F_STATUS] ? cv->v[F_STATUS] : "";
	html_f(sb, "<tr><td><a href=\"/cases/%u\">%.*s</a></td><td>%.*s</td><td>%.*s</td>",
	       cv->v[F_CASE_ID], (int)cv->len[F_CASE_ID], cv->v[F_CASE_ID],
	       (int)cv->len[F_FAMILY_NAMES], cv->v[F_FAMILY_NAMES],
	       (int)cv->len[F_GIVEN_NAMES], cv->v[F_GIVEN_NAMES]);
	char code[64];
	snprintf(code, sizeof(code), "%.*s", (int)cv->len[F_SEX], cv->v[F_SEX] ? cv->v[F_SEX] : "");
	html_f(sb, "<td>%s</td>", code_label(p, VL_SEX, code));
	if (cv->v[F_BIRTH_DATE])
		html_f(sb, "<td>%.*s</td>", (int)cv->len[F_BIRTH_DATE], cv->v[F_BIRTH_DATE]);
	else
		html_f(sb, "<td>%.*s</td>", (int)cv->len[F_AGE], cv->v[F_AGE]);
	snprintf(code, sizeof(code), "%.*s", (int)cv->len[F_REGISTRATION_POINT],
		 cv->v[F_REGISTRATION_POINT] ? cv->v[F_REGISTRATION_POINT] : "");
	html_f(sb, "<td>%s</td><td>%.*s</td>", code_label(p, VL_REGISTRATION_POINT, code),
	       (int)cv->len[F_REGISTRATION_DATE], cv->v[F_REGISTRATION_DATE]);
	snprintf(code, sizeof(code), "%.*s", (int)cv->len[F_STATUS], st);
	html_f(sb, "<td><span class=\"tag tag-%s\">%s</span></td></tr>", code,
	       code_label(p, VL_STATUS, code));
	ls->rows++;
	return 0;
}

struct counts {
	const char *program, *office;
	int64_t by_status[ST_COUNT];
	int64_t all;
};

static int count_row(void *ctx, int ncol, const char *const *val)
{
	struct counts *c = ctx;
	if (ncol < 4 || !val[0] || !val[1] || !val[2] || !val[3])
		return 0;
	if ((c->program && strcmp(c->program, val[0])) || (c->office && strcmp(c->office, val[1])))
		return 0;
	int s = status_from_code(val[2], strlen(val[2]));
	unsigned long long n = 0;
	if (parse_uint(val[3], strlen(val[3]), ~0ull >> 1, &n))
		return 0;
	if (s >= 0)
		c->by_status[s] += (int64_t)n;
	c->all += (int64_t)n;
	return 0;
}

/* The list's URL with its filters, one of them replaced (NULL: dropped). */
static void list_url(struct strbuf *sb, const struct web_form *q, const char *key,
		     const char *value)
{
	static const char *const keys[] = { "q", "office", "registration_point", "program",
					    "status", "registered_from", "registered_to" };
	strbuf_adds(sb, "/cases");
	char sep = '?';
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *v = strcmp(keys[i], key) ? web_form_str(q, keys[i]) : value;
		if (!v || !*v)
			continue;
		strbuf_addch(sb, sep);
		sep = '&';
		strbuf_adds(sb, keys[i]);
		strbuf_addch(sb, '=');
		html_url_part(sb, v);
	}
	if (value && !strcmp(key, "cursor")) {
		strbuf_addch(sb, sep);
		strbuf_adds(sb, "cursor=");
		html_url_part(sb, value);
	}
}

/* A code filter: NULL when absent; an error when it is not a code. */
static const char *code_filter(struct page *p, const struct web_form *q, const char *key,
			       int list)
{
	const char *v = web_form_str(q, key);
	if (v && !vocab_get(&p->r->app->v, list, v, strlen(v))) {
		struct strbuf msg = STRBUF_INIT;
		struct strbuf codes = STRBUF_INIT;
		vocab_describe_list(&p->r->app->v, list, 12, &codes);
		msg_formatf(&msg, p->lang, "unknown_code", "%s" MSG_SEP "%s" MSG_SEP "%s", v,
			    vocab_list_names[list], codes.buf);
		strbuf_release(&codes);
		page_err(p, key, msg.buf);
		strbuf_release(&msg);
		return NULL;
	}
	return v;
}

static const char *date_filter(struct page *p, const struct web_form *q, const char *key)
{
	const char *v = web_form_str(q, key);
	rt_date d;
	if (v && parse_date(v, strlen(v), &d)) {
		struct strbuf msg = STRBUF_INIT;
		msg_formatf(&msg, p->lang, "bad_date", "%s", v);
		page_err(p, key, msg.buf);
		strbuf_release(&msg);
		return NULL;
	}
	return v;
}

/* Tabs of the statuses; with counts (c not NULL) only where the kept
 * counts answer the filters (programme and office). */
static void tabs(struct page *p, const struct web_form *q, const struct counts *c,
		 const char *current)
{
	struct strbuf url = STRBUF_INIT;
	html_f(&p->sb, "<nav aria-label=\"%s\"><ul class=\"tabs\">", T(p, "by_status"));
	list_url(&url, q, "status", NULL);
	html_f(&p->sb, "<li><a href=\"%s\"%H>%s", url.buf, !current ? " aria-current=\"page\"" : "",
	       T(p, "all"));
	if (c)
		html_f(&p->sb, " (%lld)", (long long)c->all);
	strbuf_adds(&p->sb, "</a></li>");
	for (int s = 0; s < ST_COUNT; s++) {
		strbuf_reset(&url);
		list_url(&url, q, "status", status_codes[s]);
		bool cur = current && !strcmp(current, status_codes[s]);
		html_f(&p->sb, "<li><a href=\"%s\"%H>%s", url.buf, cur ? " aria-current=\"page\"" : "",
		       code_label(p, VL_STATUS, status_codes[s]));
		if (c)
			html_f(&p->sb, " (%lld)", (long long)c->by_status[s]);
		strbuf_adds(&p->sb, "</a></li>");
	}
	strbuf_adds(&p->sb, "</ul></nav>");
	strbuf_release(&url);
}

void h_page_cases(struct web_req *r)
{
	struct web_form q;
	web_form_init(&q);
	struct page p;
	page_begin(&p, r, tr(r->lang, "cases_title"));
	if (web_form_query(r, &q))
		page_err(&p, NULL, T(&p, "bad_query"));
	struct case_query cq = { .limit = PAGE_SIZE };
	cq.q = web_form_str(&q, "q");
	cq.office = code_filter(&p, &q, "office", VL_OFFICE);
	cq.point = code_filter(&p, &q, "registration_point", VL_REGISTRATION_POINT);
	cq.program = code_filter(&p, &q, "program", VL_PROGRAM);
	cq.status = code_filter(&p, &q, "status", VL_STATUS);
	cq.registered_from = date_filter(&p, &q, "registered_from");
	cq.registered_to = date_filter(&p, &q, "registered_to");
	cq.cursor = web_form_str(&q, "cursor");
	if (cq.q && strlen(cq.q) > 200) {
		page_err(&p, "q", T(&p, "search_too_long"));
		cq.q = NULL;
	}

	/* the counts of the tabs, and the supervisor's queue */
	struct counts c = { .program = cq.program, .office = cq.office };
	struct app_problem pb;
	app_problem_init(&pb);
	if (app_case_counts(r->app, &r->actor, count_row, &c, &pb)) {
		web_app_problem(r, &pb);
		page_release(&p);
		web_form_release(&q);
		return;
	}
	if (actor_may(&r->actor, R_APPROVE) && c.by_status[ST_COUNSELLED] > 0) {
		struct strbuf url = STRBUF_INIT;
		list_url(&url, &q, "status", "counselled");
		html_f(&p.sb, "<p class=\"notice\"><a href=\"%s\">%s: %lld</a></p>", url.buf,
		       T(&p, "waiting_approval"), (long long)c.by_status[ST_COUNSELLED]);
		strbuf_release(&url);
	}

	struct list_state ls = { .p = &p };
	strbuf_init(&ls.sb, 0);
	char next[32] = "";
	if (!p.nerr) {
		app_problem_init(&pb);
		if (app_cases_list(r->app, &r->actor, &cq, list_row, &ls, next, &pb)) {
			if (pb.status == APP_ERROR || pb.status == APP_BUSY) {
				web_app_problem(r, &pb);
				page_release(&p);
				strbuf_release(&ls.sb);
				web_form_release(&q);
				return;
			}
			page_err_app(&p, &pb, NULL);
		}
	}

	page_error_summary(&p);
	/* search and filters (GET: a list can be bookmarked and shared) */
	html_f(&p.sb, "<form method=\"get\" action=\"/cases\" class=\"filters\" role=\"search\">");
	field_input(&p, "q", T(&p, "search"), T(&p, "search_hint"), cq.q, "search", "off");
	bool filtered = web_form_str(&q, "office") || web_form_str(&q, "registration_point") ||
			web_form_str(&q, "program") || web_form_str(&q, "status") ||
			web_form_str(&q, "registered_from") || web_form_str(&q, "registered_to");
	html_f(&p.sb, "<details class=\"more-filters\"%H><summary>%s</summary><div class=\"grid\">",
	       filtered || p.nerr ? " open" : "", T(&p, "more_filters"));
	field_select(&p, "office", field_label(p.lang, F_OFFICE), NULL, VL_OFFICE,
		     web_form_str(&q, "office"), T(&p, "any"), page_office_held, &p);
	field_select(&p, "registration_point", field_label(p.lang, F_REGISTRATION_POINT), NULL,
		     VL_REGISTRATION_POINT, web_form_str(&q, "registration_point"), T(&p, "any"),
		     page_point_held, &p);
	field_select(&p, "program", field_label(p.lang, F_PROGRAM), NULL, VL_PROGRAM,
		     web_form_str(&q, "program"), T(&p, "any"), NULL, NULL);
	field_select(&p, "status", field_label(p.lang, F_STATUS), NULL, VL_STATUS,
		     web_form_str(&q, "status"), T(&p, "any"), NULL, NULL);
	field_input(&p, "registered_from", T(&p, "registered_from"), NULL,
		    web_form_str(&q, "registered_from"), "date", NULL);
	field_input(&p, "registered_to", T(&p, "registered_to"), NULL,
		    web_form_str(&q, "registered_to"), "date", NULL);
	html_f(&p.sb, "</div></details><button class=\"button\" type=\"submit\">%s</button> "
		      "<a class=\"button button-secondary\" href=\"/cases\">%s</a></form>",
	       T(&p, "search_button"), T(&p, "clear_filters"));

	bool counted = !cq.q && !cq.point && !cq.registered_from && !cq.registered_to;
	tabs(&p, &q, counted ? &c : NULL, cq.status);

	html_f(&p.sb, "<div class=\"table-wrap\"><table><caption class=\"visually-hidden\">%s"
		      "</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		      "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		      "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		      "</tr></thead><tbody>",
	       T(&p, "cases_title"), field_label(p.lang, F_CASE_ID),
	       field_label(p.lang, F_FAMILY_NAMES), field_label(p.lang, F_GIVEN_NAMES),
	       field_label(p.lang, F_SEX), T(&p, "birth_or_age"),
	       field_label(p.lang, F_REGISTRATION_POINT), field_label(p.lang, F_REGISTRATION_DATE),
	       field_label(p.lang, F_STATUS));
	strbuf_add(&p.sb, ls.sb.buf, ls.sb.len);
	strbuf_release(&ls.sb);
	strbuf_adds(&p.sb, "</tbody></table></div>");
	if (!ls.rows)
		html_f(&p.sb, "<p>%s</p>", T(&p, "no_cases"));
	strbuf_adds(&p.sb, "<div class=\"pager\">");
	if (cq.cursor) {
		struct strbuf url = STRBUF_INIT;
		list_url(&url, &q, "cursor", NULL);
		html_f(&p.sb, "<a href=\"%s\">%s</a>", url.buf, T(&p, "first_page"));
		strbuf_release(&url);
	}
	if (next[0]) {
		struct strbuf url = STRBUF_INIT;
		list_url(&url, &q, "cursor", next);
		html_f(&p.sb, "<a href=\"%s\" rel=\"next\">%s</a>", url.buf, T(&p, "next_page"));
		strbuf_release(&url);
	}
	strbuf_adds(&p.sb, "</div>");
	page_send(&p, 200);
	web_form_release(&q);
}
