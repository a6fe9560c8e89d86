/* page_report.c: the dashboard -- the factsheet's charts for the filters
 * the user picks, its downloads (PDF, HTML, CSV, JSON), and the recorded
 * public editions. The factsheet itself is computed by the API's report
 * endpoint on the report queue (api_report.c), shown in a frame of this
 * server: the same renderer and the same chart scenes as the PDF, and one
 * place that decides who may see which factsheet (app_report()). */
#include "page.h"
#include "../core/parse.h"

struct editions {
	struct page *p;
	struct strbuf rows;
	int n;
};

static void month_text(struct strbuf *sb, int month)
{
	strbuf_addf(sb, "%04d-%02d", month / 12, month % 12 + 1);
}

static int edition_row(void *ctx, const struct app_edition *e)
{
	struct editions *ed = ctx;
	struct page *p = ed->p;
	struct strbuf period = STRBUF_INIT;
	if (e->period.from_month < 0) {
		strbuf_adds(&period, tr(p->lang, "to_date_until"));
		strbuf_addch(&period, ' ');
		month_text(&period, e->period.to_month);
	} else if (e->period.from_month == e->period.to_month) {
		month_text(&period, e->period.from_month);
	} else {
		month_text(&period, e->period.from_month);
		strbuf_adds(&period, " – ");
		month_text(&period, e->period.to_month);
	}
	const char *lang = p->lang == LANG_ES ? "es" : "en";
	/* newest first: each row goes before the ones already written */
	struct strbuf row = STRBUF_INIT;
	html_f(&row, "<tr><td>%lld</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>",
	       (long long)e->id, period.buf, e->program[0] ? e->program : T(p, "all"),
	       e->office[0] ? e->office : T(p, "all"), e->created_at);
	static const char *const formats[] = { "html", "pdf", "csv", "json" };
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		html_f(&row, "%H<a href=\"/api/v1/publications/%lld?format=%s&amp;lang=%s\">%s</a>",
		       i ? " · " : "", (long long)e->id, formats[i], lang, formats[i]);
	strbuf_adds(&row, "</td></tr>");
	strbuf_add(&row, ed->rows.buf, ed->rows.len);
	strbuf_release(&ed->rows);
	ed->rows = row;
	ed->n++;
	strbuf_release(&period);
	return 0;
}

/* The report endpoint's query for the filters (without format). */
static void report_query(struct strbuf *sb, const char *program, const char *office,
			 const char *month, const char *from, const char *to, bool public_,
			 const char *lang)
{
	strbuf_adds(sb, "lang=");
	strbuf_adds(sb, lang);
	const char *keys[] = { "program", "office", "month", "from", "to" };
	const char *vals[] = { program, office, month, from, to };
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		if (!vals[i])
			continue;
		strbuf_addf(sb, "&%s=", keys[i]);
		html_url_part(sb, vals[i]);
	}
	if (public_)
		strbuf_adds(sb, "&public=1");
}

void h_page_report(struct web_req *r)
{
	struct web_form q;
	web_form_init(&q);
	struct page p;
	page_begin(&p, r, tr(r->lang, "report_title"));
	if (web_form_query(r, &q))
		page_err(&p, NULL, T(&p, "bad_query"));
	const struct vocab *v = &r->app->v;
	const char *program = web_form_str(&q, "program");
	const char *office = web_form_str(&q, "office");
	const char *month = web_form_str(&q, "month");
	const char *from = web_form_str(&q, "from");
	const char *to = web_form_str(&q, "to");
	bool public_ = web_form_str(&q, "public") != NULL;
	if (program && !vocab_get(v, VL_PROGRAM, program, strlen(program))) {
		page_err(&p, "program", T(&p, "bad_program"));
		program = NULL;
	}
	if (office && !vocab_get(v, VL_OFFICE, office, strlen(office))) {
		page_err(&p, "office", T(&p, "bad_office"));
		office = NULL;
	}
	rt_date d0, d1;
	if (month && parse_month(month, strlen(month), &d0, &d1)) {
		page_err(&p, "month", T(&p, "bad_month"));
		month = NULL;
	}
	if (from && parse_date(from, strlen(from), &d0)) {
		page_err(&p, "from", T(&p, "bad_from"));
		from = NULL;
	}
	if (to && parse_date(to, strlen(to), &d1)) {
		page_err(&p, "to", T(&p, "bad_to"));
		to = NULL;
	}
	if (month && (from || to)) {
		page_err(&p, "month", T(&p, "month_or_dates"));
		from = to = NULL;
	}
	page_error_summary(&p);
	html_f(&p.sb, "<p class=\"lead\">%s</p>", T(&p, "report_lead"));

	html_f(&p.sb, "<form method=\"get\" action=\"/report\" class=\"filters\"><div class=\"grid\">");
	/* the factsheet is of one programme: avr unless another is asked */
	field_select(&p, "program", field_label(p.lang, F_PROGRAM), NULL, VL_PROGRAM,
		     program ? program : "avr", NULL, NULL, NULL);
	field_select(&p, "office", field_label(p.lang, F_OFFICE), T(&p, "office_all_hint"), VL_OFFICE,
		     office, T(&p, "any"), public_ ? NULL : page_office_held, &p);
	field_input(&p, "month", T(&p, "month"), T(&p, "month_hint"), month, "month", NULL);
	field_input(&p, "from", T(&p, "from"), NULL, from, "date", NULL);
	field_input(&p, "to", T(&p, "to"), NULL, to, "date", NULL);
	html_f(&p.sb, "</div><div class=\"field\"><div class=\"choice\"><input type=\"checkbox\" "
		      "id=\"public\" name=\"public\" value=\"1\"%H><label for=\"public\">%s</label>"
		      "</div><p class=\"hint\">%s</p></div>"
		      "<button class=\"button\" type=\"submit\">%s</button></form>",
	       public_ ? " checked" : "", T(&p, "public_preview"), T(&p, "public_preview_hint"),
	       T(&p, "show"));

	if (!p.nerr) {
		struct strbuf qs = STRBUF_INIT;
		report_query(&qs, program, office, month, from, to, public_,
			     p.lang == LANG_ES ? "es" : "en");
		html_f(&p.sb, "<h2>%s</h2><p>", T(&p, "download"));
		static const char *const formats[] = { "pdf", "html", "csv", "json" };
		for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
			html_f(&p.sb, "<a class=\"button button-secondary\" "
				      "href=\"/api/v1/report?%s&amp;format=%s\" download>%s</a>",
			       qs.buf, formats[i], T(&p, formats[i]));
		html_f(&p.sb, "</p><div class=\"report-frame\"><iframe class=\"report\" title=\"%s\" "
			      "src=\"/api/v1/report?%s&amp;format=html\" loading=\"lazy\"></iframe></div>",
		       T(&p, "report_frame"), qs.buf);
		strbuf_release(&qs);
	}

	/* the public editions */
	struct editions ed = { .p = &p, .rows = STRBUF_INIT };
	struct app_problem pb;
	app_problem_init(&pb);
	html_f(&p.sb, "<h2>%s</h2>", T(&p, "editions"));
	if (!app_publications_list(r->app, &r->actor, edition_row, &ed, &pb) && ed.n) {
		html_f(&p.sb, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">%s</th>"
			      "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			      "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>%H"
			      "</tbody></table></div>",
		       T(&p, "edition"), T(&p, "period"), field_label(p.lang, F_PROGRAM),
		       field_label(p.lang, F_OFFICE), T(&p, "published"), T(&p, "download"), ed.rows.buf);
	} else {
		html_f(&p.sb, "<p>%s</p>", T(&p, "no_editions"));
	}
	strbuf_release(&ed.rows);
	page_send(&p, 200);
	web_form_release(&q);
}
