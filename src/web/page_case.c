/* page_case.c: one case -- its details, its history (who, when, what), and
 * the actions its status, the rules and the user's role allow: the next
 * status move, withdrawing, ineligibility, a transfer, marking it as a
 * duplicate. Each action is a small form; a refusal shows the page again
 * with the errors and what was typed. Which moves exist is workflow.h's,
 * who may make them actor.h's, and the app checks both again. */
#include "page.h"
#include "../domain/fields.h"
#include "../domain/workflow.h"
#include "../core/parse.h"

static const int view_person[] = {
	F_GIVEN_NAMES, F_FAMILY_NAMES, F_SEX, F_BIRTH_DATE, F_AGE, F_NATIONALITY,
	F_MIGRATION_STATUS, F_EDUCATION, F_OCCUPATION_SECTOR, F_GROUP_ID,
};
static const int view_vulnerability[] = { F_UNACCOMPANIED_MINOR, F_TRAVELLING_WITH };
static const int view_return[] = {
	F_PROGRAM, F_OFFICE, F_REGISTRATION_POINT, F_REGISTRATION_DATE, F_COUNTRY_OF_RETURN,
	F_STATUS, F_COUNSELLING_DATE, F_TRANSPORT_MODE, F_DEPARTURE_DATE,
};
static const int view_survey[] = {
	F_SURVEY_DATE, F_HEALTH_SELF_PERCEIVED, F_HEALTH_SCREENING, F_JOURNEY_CONDITIONS,
	F_ABUSES, F_MIGRATION_REASONS, F_RETURN_REASONS, F_REGULARIZATION_STARTED,
	F_MEXICO_EXIT_REASON, F_RETURN_PLANS,
};

/* A value as its reader wants it: codes as their labels, multi-selects as
 * a list of labels. */
static void show_value(struct page *p, int f, const char *v, size_t len)
{
	const struct field_def *d = &field_defs[f];
	if (!v) {
		html_f(&p->sb, "<span class=\"muted\">%s</span>", T(p, "not_recorded"));
		return;
	}
	char buf[2048];
	snprintf(buf, sizeof(buf), "%.*s", (int)len, v);
	if (d->type == T_CODE) {
		html_f(&p->sb, "%s", code_label(p, d->list, buf));
	} else if (d->type == T_MULTI) {
		bool first = true;
		for (char *tok = buf; *tok;) {
			size_t n = strcspn(tok, " ");
			char save = tok[n];
			tok[n] = '\0';
			if (n) {
				html_f(&p->sb, "%H%s", first ? "" : ", ", code_label(p, d->list, tok));
				first = false;
			}
			tok[n] = save;
			tok += n + (save ? 1 : 0);
		}
	} else {
		html_f(&p->sb, "%s", buf);
	}
}

static void view_group(struct page *p, const char *title_key, const int *fs, size_t n,
		       const struct case_record *rec)
{
	html_f(&p->sb, "<h2>%s</h2><dl class=\"summary-list\">", T(p, title_key));
	for (size_t i = 0; i < n; i++) {
		int f = fs[i];
		html_f(&p->sb, "<dt>%s</dt><dd>", field_label(p->lang, f));
		show_value(p, f, rec->v.v[f], rec->v.len[f]);
		strbuf_adds(&p->sb, "</dd>");
	}
	strbuf_adds(&p->sb, "</dl>");
}

/* ---- history ---- */

static int history_row(void *ctx, const struct history_row *h)
{
	struct page *p = ctx;
	html_f(&p->sb, "<tr><td>%s</td><td>%s</td><td>%s</td><td>", h->at, h->actor,
	       T(p, h->kind ? h->kind : "status"));
	if (h->from || h->to) {
		bool list_is_status = h->kind && (!strcmp(h->kind, "status") ||
							 !strcmp(h->kind, "correction") ||
							 !strcmp(h->kind, "created"));
		if (list_is_status)
			html_f(&p->sb, "%s → %s", h->from ? code_label(p, VL_STATUS, h->from) : "—",
			       h->to ? code_label(p, VL_STATUS, h->to) : "—");
		else
			html_f(&p->sb, "%s → %s", h->from ? h->from : "—", h->to ? h->to : "—");
	}
	if (h->fields && *h->fields)
		html_f(&p->sb, " <span class=\"muted\">(%s)</span>", h->fields);
	html_f(&p->sb, "</td><td>%s</td><td>%s</td></tr>", h->date ? h->date : "",
	       h->reason ? h->reason : "");
	return 0;
}

/* ---- actions ---- */

static void action_begin(struct page *p, const char *id, const char *path, const char *title,
			 int64_t version)
{
	struct strbuf act = STRBUF_INIT;
	strbuf_adds(&act, "/cases/");
	html_url_part(&act, id);
	strbuf_adds(&act, path);
	html_f(&p->sb, "<div class=\"action\"><h3>%s</h3>", title);
	page_form_begin(p, act.buf, NULL);
	html_f(&p->sb, "<input type=\"hidden\" name=\"version\" value=\"%lld\">",
	       (long long)version);
	strbuf_release(&act);
}

static bool transport_of_office(const struct vocab_item *it, const void *ctx)
{
	const struct vocab_item *office = ctx;
	return !office || !office->attr || code_in_set(office->attr, it->code, it->len);
}

static void move_form(struct page *p, const char *id, int64_t version, int to,
		      const struct case_record *rec, const struct web_form *typed)
{
	char today[11];
	format_date(date_today(), today);
	const char *code = status_codes[to];
	struct strbuf title = STRBUF_INIT;
	strbuf_addf(&title, "%s", T(p, to == ST_WITHDRAWN ? "act_withdraw"
				       : to == ST_INELIGIBLE ? "act_ineligible"
				       : to == ST_COUNSELLED ? "act_counsel"
				       : to == ST_APPROVED ? "act_approve"
				       : to == ST_TRAVEL_BOOKED ? "act_book"
				       : to == ST_DEPARTED ? "act_depart" : "act_returned"));
	action_begin(p, id, "/status", title.buf, version);
	html_f(&p->sb, "<input type=\"hidden\" name=\"status\" value=\"%s\">", code);
	bool mine = typed && web_form_get(typed, "status") &&
		    !strcmp(web_form_get(typed, "status"), code);
	if (to == ST_COUNSELLED) {
		const char *v = mine ? web_form_str(typed, "counselling_date") : today;
		field_input(p, "counselling_date", field_label(p->lang, F_COUNSELLING_DATE),
			    field_hint(p->lang, F_COUNSELLING_DATE), v, "date", NULL);
	} else if (to == ST_DEPARTED) {
		const char *v = mine ? web_form_str(typed, "departure_date") : today;
		field_input(p, "departure_date", field_label(p->lang, F_DEPARTURE_DATE), NULL, v,
			    "date", NULL);
	} else if (to == ST_TRAVEL_BOOKED) {
		char office[64], cur[64];
		snprintf(office, sizeof(office), "%.*s", (int)rec->v.len[F_OFFICE],
			 rec->v.v[F_OFFICE] ? rec->v.v[F_OFFICE] : "");
		const struct vocab_item *o = vocab_get(&p->r->app->v, VL_OFFICE, office,
						       strlen(office));
		const char *v = mine ? web_form_str(typed, "transport_mode") : NULL;
		if (!mine && rec->v.v[F_TRANSPORT_MODE]) {
			snprintf(cur, sizeof(cur), "%.*s", (int)rec->v.len[F_TRANSPORT_MODE],
				 rec->v.v[F_TRANSPORT_MODE]);
			v = cur;
		}
		field_select(p, "transport_mode", field_label(p->lang, F_TRANSPORT_MODE),
			     T(p, "transport_hint"), VL_TRANSPORT_MODE, v, !v ? T(p, "choose") : NULL, transport_of_office, o);
	}
	html_f(&p->sb, "<button class=\"button%H\" type=\"submit\">%s</button></form></div>",
	       to == ST_WITHDRAWN || to == ST_INELIGIBLE ? " button-warning" : "", title.buf);
	strbuf_release(&title);
}

struct case_view {
	const char *notice;              /* a message after a change, or NULL */
	const struct web_form *typed;    /* an action's form that was refused */
	const char *stale;               /* set when the action was made on an older version */
};

static void case_page(struct web_req *r, unsigned status, const struct case_record *rec,
		      const struct case_view *cv, const struct app_problem *pb)
{
	struct page p;
	const char *id = r->case_id;
	struct strbuf title = STRBUF_INIT;
	strbuf_addf(&title, "%.*s %.*s", (int)rec->v.len[F_GIVEN_NAMES],
		    rec->v.v[F_GIVEN_NAMES] ? rec->v.v[F_GIVEN_NAMES] : "",
		    (int)rec->v.len[F_FAMILY_NAMES],
		    rec->v.v[F_FAMILY_NAMES] ? rec->v.v[F_FAMILY_NAMES] : "");
	if (title.len <= 1) {
		strbuf_reset(&title);
		strbuf_adds(&title, id);
	}
	page_begin(&p, r, title.buf);
	strbuf_release(&title);
	if (pb && pb->status)
		page_err_app(&p, pb, NULL);
	page_error_summary(&p);
	if (cv->stale)
		html_f(&p.sb, "<div class=\"warning\" id=\"stale\" role=\"alert\"><h2>%s</h2><p>%s</p>"
			      "</div>", T(&p, "stale_title"), T(&p, "stale_action_help"));
	if (cv->notice)
		html_f(&p.sb, "<div class=\"notice\" role=\"status\">%s</div>", cv->notice);
	if (rec->duplicate_of[0])
		html_f(&p.sb, "<div class=\"warning\" id=\"is-duplicate\"><h2>%s</h2><p>%s "
			      "<a href=\"/cases/%u\">%s</a>.</p></div>",
		       T(&p, "is_duplicate"), T(&p, "is_duplicate_of"), rec->duplicate_of,
		       rec->duplicate_of);

	char st[32];
	snprintf(st, sizeof(st), "%.*s", (int)rec->v.len[F_STATUS],
		 rec->v.v[F_STATUS] ? rec->v.v[F_STATUS] : "");
	html_f(&p.sb, "<p>%s <strong>%s</strong> · %s: <span class=\"tag tag-%s\">%s</span></p>",
	       field_label(p.lang, F_CASE_ID), id, field_label(p.lang, F_STATUS), st,
	       code_label(&p, VL_STATUS, st));

	/* actions */
	const struct actor *a = &r->actor;
	int s = status_from_code(st, strlen(st));
	html_f(&p.sb, "<h2>%s</h2><div class=\"actions\">", T(&p, "actions"));
	bool any = false;
	if (s >= ST_REGISTERED && s < ST_RETURNED) {
		int next = s + 1;
		if (status_can_move(s, next) &&
		    actor_may(a, next == ST_APPROVED ? R_APPROVE : R_MOVE)) {
			move_form(&p, id, rec->version, next, rec, cv->typed);
			any = true;
		}
	}
	if (s >= 0 && status_can_move(s, ST_WITHDRAWN) && actor_may(a, R_MOVE)) {
		move_form(&p, id, rec->version, ST_WITHDRAWN, rec, cv->typed);
		any = true;
	}
	if (s >= 0 && status_can_move(s, ST_INELIGIBLE) && actor_may(a, R_APPROVE)) {
		move_form(&p, id, rec->version, ST_INELIGIBLE, rec, cv->typed);
		any = true;
	}
	if (s >= 0 && !status_at_least(s, ST_DEPARTED) && s != ST_WITHDRAWN &&
	    s != ST_INELIGIBLE && actor_may(a, R_TRANSFER)) {
		action_begin(&p, id, "/transfer", T(&p, "act_transfer"), rec->version);
		const struct web_form *t = cv->typed && web_form_get(cv->typed, "office")
					   ? cv->typed : NULL;
		field_select(&p, "office", T(&p, "to_office"), NULL, VL_OFFICE,
			     t ? web_form_str(t, "office") : NULL, T(&p, "choose"), page_office_held, &p);
		field_select(&p, "registration_point", T(&p, "to_point"), NULL,
			     VL_REGISTRATION_POINT, t ? web_form_str(t, "registration_point") : NULL,
			     T(&p, "choose"), page_point_held, &p);
		html_f(&p.sb, "<button class=\"button button-secondary\" type=\"submit\">%s</button>"
			      "</form></div>", T(&p, "act_transfer"));
		any = true;
	}
	if (rec->duplicate_of[0] && actor_may(a, R_DUPLICATE)) {
		action_begin(&p, id, "/duplicate", T(&p, "act_restore"), rec->version);
		html_f(&p.sb, "<input type=\"hidden\" name=\"duplicate_of\" value=\"\">"
			      "<p class=\"hint\">%s</p><button class=\"button\" type=\"submit\">%s"
			      "</button></form></div>", T(&p, "restore_hint"), T(&p, "act_restore"));
		any = true;
	} else if (actor_may(a, R_DUPLICATE)) {
		action_begin(&p, id, "/duplicate", T(&p, "act_duplicate"), rec->version);
		const struct web_form *t = cv->typed && web_form_get(cv->typed, "duplicate_of")
					   ? cv->typed : NULL;
		field_input(&p, "duplicate_of", T(&p, "duplicate_of"), T(&p, "duplicate_of_hint"),
			    t ? web_form_str(t, "duplicate_of") : NULL, "text", "off");
		html_f(&p.sb, "<button class=\"button button-secondary\" type=\"submit\">%s</button>"
			      "</form></div>", T(&p, "act_duplicate"));
		any = true;
	}
	if (!any)
		html_f(&p.sb, "<p>%s</p>", T(&p, "no_actions"));
	strbuf_adds(&p.sb, "</div>");
	html_f(&p.sb, "<p><a class=\"button button-secondary\" href=\"/cases/%u/edit\">%s</a></p>",
	       id, T(&p, "edit_case"));

	view_group(&p, "group_person", view_person, ARRAY_SIZE(view_person), rec);
	view_group(&p, "group_vulnerability", view_vulnerability, ARRAY_SIZE(view_vulnerability),
		   rec);
	view_group(&p, "group_return", view_return, ARRAY_SIZE(view_return), rec);
	view_group(&p, "group_survey", view_survey, ARRAY_SIZE(view_survey), rec);

	/* the region can take the focus: a table that scrolls sideways on a
	 * phone must be reachable by keyboard */
	html_f(&p.sb, "<h2 id=\"history\">%s</h2><div class=\"table-wrap\" tabindex=\"0\" "
		      "role=\"region\" aria-labelledby=\"history\"><table><thead><tr>"
		      "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		      "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		      "</tr></thead><tbody>",
	       T(&p, "history"), T(&p, "when"), T(&p, "who"), T(&p, "what"), T(&p, "change"),
	       T(&p, "date"), T(&p, "reason"));
	struct app_problem hpb;
	app_problem_init(&hpb);
	size_t before = p.sb.len;
	app_case_history(r->app, a, id, history_row, &p, &hpb);
	if (p.sb.len == before)
		html_f(&p.sb, "<tr><td colspan=\"6\">%s</td></tr>", T(&p, "no_history"));
	strbuf_adds(&p.sb, "</tbody></table></div>");
	page_send(&p, status);
}

int page_case_load(struct web_req *r, struct case_record *rec)
{
	struct app_problem pb;
	app_problem_init(&pb);
	if (app_case_get(r->app, &r->actor, r->case_id, rec, &pb)) {
		web_app_problem(r, &pb);
		return -1;
	}
	return 0;
}

void h_page_case(struct web_req *r)
{
	struct web_form q;
	web_form_init(&q);
	web_form_query(r, &q);
	struct case_record rec = { .arena = STRBUF_INIT };
	if (page_case_load(r, &rec)) {
		web_form_release(&q);
		return;
	}
	struct strbuf notice = STRBUF_INIT;
	long reg = web_form_int(&q, "registered", 0);
	if (reg)
		strbuf_addf(&notice, "%s", tr(r->lang, reg > 1 ? "registered_family"
							       : "registered_one"));
	else if (web_form_get(&q, "saved"))
		strbuf_adds(&notice, tr(r->lang, "saved"));
	else if (web_form_get(&q, "unchanged"))
		strbuf_adds(&notice, tr(r->lang, "unchanged"));
	else if (web_form_get(&q, "moved"))
		strbuf_adds(&notice, tr(r->lang, "moved"));
	struct case_view cv = { .notice = notice.len ? notice.buf : NULL };
	case_page(r, 200, &rec, &cv, NULL);
	strbuf_release(&notice);
	case_record_release(&rec);
	web_form_release(&q);
}

/* The version an action's form was made from. */
static int form_version(struct web_req *r, int64_t *version)
{
	const char *vs = web_form_get(r->form, "version");
	unsigned long long v;
	if (!vs || parse_uint(vs, strlen(vs), ~0ull >> 1, &v)) {
		web_problem(r, 400, "form_malformed", NULL);
		return -1;
	}
	*version = (int64_t)v;
	return 0;
}

/* After an action: back to the case page, or the page again with the
 * refusal (a stale version says so). */
static void action_done(struct web_req *r, int rc, struct app_problem *pb, const char *done)
{
	if (!rc) {
		struct strbuf loc = STRBUF_INIT;
		strbuf_adds(&loc, "/cases/");
		html_url_part(&loc, r->case_id);
		strbuf_addf(&loc, "?%s=1", done);
		page_redirect(r, loc.buf);
		strbuf_release(&loc);
		return;
	}
	if (pb->status == APP_BUSY || pb->status == APP_ERROR || pb->status == APP_NOT_FOUND ||
	    pb->status == APP_FORBIDDEN) {
		web_app_problem(r, pb);
		return;
	}
	struct case_record rec = { .arena = STRBUF_INIT };
	if (page_case_load(r, &rec))
		return;
	struct case_view cv = { .typed = r->form };
	unsigned status = 422;
	if (pb->status == APP_STALE) {
		cv.stale = "1";
		status = 409;
		app_problem_init(pb);
	} else if (pb->status >= 400 && pb->status < 500) {
		status = (unsigned)pb->status;
	}
	case_page(r, status, &rec, &cv, pb);
	case_record_release(&rec);
}

void h_page_case_status(struct web_req *r)
{
	int64_t version;
	if (form_version(r, &version))
		return;
	const char *status = web_form_get(r->form, "status");
	const char *date = NULL;
	if (status && !strcmp(status, "counselled"))
		date = web_form_str(r->form, "counselling_date");
	else if (status && !strcmp(status, "departed"))
		date = web_form_str(r->form, "departure_date");
	struct case_input in;
	memset(&in, 0, sizeof(in));
	const char *mode = web_form_str(r->form, "transport_mode");
	if (mode)
		case_input_set(&in, F_TRANSPORT_MODE, mode, strlen(mode));
	struct app_problem pb;
	app_problem_init(&pb);
	struct case_record out = { .arena = STRBUF_INIT };
	int rc = app_case_move(r->app, &r->actor, r->case_id, version, status ? status : "", date,
			       in.present ? &in : NULL, &out, &pb);
	case_record_release(&out);
	action_done(r, rc, &pb, "moved");
}

void h_page_case_transfer(struct web_req *r)
{
	int64_t version;
	if (form_version(r, &version))
		return;
	const char *office = web_form_str(r->form, "office");
	const char *point = web_form_str(r->form, "registration_point");
	struct app_problem pb;
	app_problem_init(&pb);
	struct case_record out = { .arena = STRBUF_INIT };
	int rc = app_case_transfer(r->app, &r->actor, r->case_id, version, office ? office : "",
				   point ? point : "", &out, &pb);
	case_record_release(&out);
	action_done(r, rc, &pb, "saved");
}

void h_page_case_duplicate(struct web_req *r)
{
	int64_t version;
	if (form_version(r, &version))
		return;
	const char *of = web_form_str(r->form, "duplicate_of");
	struct app_problem pb;
	app_problem_init(&pb);
	struct case_record out = { .arena = STRBUF_INIT };
	int rc = app_case_mark_duplicate(r->app, &r->actor, r->case_id, version, of, &out, &pb);
	case_record_release(&out);
	action_done(r, rc, &pb, "saved");
}
