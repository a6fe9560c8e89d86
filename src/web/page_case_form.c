/* page_case_form.c: registering a family (/cases/new) and editing a case
 * (/cases/{id}/edit). The fields are the data dictionary's, grouped as an
 * officer thinks; the rules are the app's (app_case_create_family(),
 * app_case_edit()), their messages shown beside each field.
 *
 * The family form (api.md, "The web app"): the fields every person shares
 * -- programme, office, point, dates, country of return, travel -- are given
 * once under the column's name; the first person's own fields carry the
 * column's name and person K's carry COLUMN.K (K = 2, 3, ...). Adding or
 * removing a person posts the form and shows it again with everything
 * typed kept (no JavaScript needed).
 *
 * Editing sends only what the user changed: the form carries the values it
 * was made from (orig.COLUMN) and the case's version. When someone else
 * changed the case meanwhile, the form comes back with what the user typed,
 * the fields the other person changed, and the new version. */
#include "page.h"
#include "../domain/fields.h"
#include "../core/parse.h"

/* What each person of a family gives. */
static const int person_fields[] = {
	F_GIVEN_NAMES, F_FAMILY_NAMES, F_SEX, F_BIRTH_DATE, F_AGE, F_NATIONALITY,
	F_UNACCOMPANIED_MINOR, F_TRAVELLING_WITH, F_MIGRATION_STATUS, F_EDUCATION,
	F_OCCUPATION_SECTOR,
};
/* What the family shares, given once. */
static const int shared_fields[] = {
	F_PROGRAM, F_OFFICE, F_REGISTRATION_POINT, F_REGISTRATION_DATE, F_COUNTRY_OF_RETURN,
	F_TRANSPORT_MODE, F_STATUS, F_COUNSELLING_DATE,
};

static bool is_person_field(int f)
{
	for (size_t i = 0; i < ARRAY_SIZE(person_fields); i++)
		if (person_fields[i] == f)
			return true;
	return false;
}

static void name_of(char out[48], int f, int k)
{
	if (k <= 1 || !is_person_field(f))
		snprintf(out, 48, "%s", case_column_name[f]);
	else
		snprintf(out, 48, "%s.%d", case_column_name[f], k);
}

/* ---- choices the user's offices allow ---- */

static bool start_status(const struct vocab_item *it, const void *ctx)
{
	(void)ctx;
	return !strcmp(it->code, "registered") || !strcmp(it->code, "counselled");
}

/* The field of column f named `name`, with the office and point choices
 * limited to the user's offices. */
static void case_field(struct page *p, int f, const char *name, const char *value)
{
	switch (f) {
	case F_OFFICE:
		field_select(p, name, field_label(p->lang, f), field_hint(p->lang, f), VL_OFFICE,
			     value, !value ? T(p, "choose") : NULL, page_office_held, p);
		break;
	case F_REGISTRATION_POINT:
		field_select(p, name, field_label(p->lang, f), field_hint(p->lang, f),
			     VL_REGISTRATION_POINT, value, !value ? T(p, "choose") : NULL, page_point_held, p);
		break;
	case F_STATUS:
		field_select(p, name, field_label(p->lang, f), T(p, "status_new_hint"), VL_STATUS,
			     value ? value : "registered", NULL, start_status, NULL);
		break;
	default:
		field_case(p, f, name, value);
	}
}

/* ---- errors of a person ---- */

/* The issues of person k's problem, each under its field's name (shared
 * fields once, whoever's they are). */
static void person_errors(struct page *p, const struct app_problem *pb, int k, int n)
{
	if (!pb->status)
		return;
	struct strbuf msg = STRBUF_INIT;
	if (pb->chk.n == 0) {
		if (n > 1)
			strbuf_addf(&msg, "%s %d: ", T(p, "person"), k);
		msg_format(&msg, p->lang, pb->code ? pb->code : "internal_error", pb->args);
		page_err(p, NULL, msg.buf);
	}
	for (int i = 0; i < pb->chk.n && i < CASE_MAX_ISSUES; i++) {
		const struct case_issue *is = &pb->chk.issue[i];
		char name[48] = "";
		strbuf_reset(&msg);
		if (is->field >= 0 && is->field < F_COUNT) {
			name_of(name, is->field, k);
			if (n > 1 && is_person_field(is->field))
				strbuf_addf(&msg, "%s %d, ", T(p, "person"), k);
			strbuf_addf(&msg, "%s: ", field_label(p->lang, is->field));
		}
		msg_format(&msg, p->lang, is->code ? is->code : "invalid", is->args);
		if (name[0] && page_err_for(p, name))
			continue;   /* a shared field's error, already given */
		page_err(p, name[0] ? name : NULL, msg.buf);
	}
	strbuf_release(&msg);
}

/* ---- the family form ---- */

/* The value of column f for person k (1-based) of a submitted form; person
 * `skip` (removed) is left out, the ones after it move up. */
static const char *typed(const struct vocab *v, const struct web_form *in, int f, int k,
			 int skip)
{
	if (!in)
		return NULL;
	char name[48];
	name_of(name, f, skip && k >= skip && is_person_field(f) ? k + 1 : k);
	if (field_defs[f].list == VL_COUNTRY)
		return country_from_form(v, in, name);
	return web_form_str(in, name);
}

struct similar_state {
	struct page *p;
	struct strbuf sb;
	int found;
};

static int similar_row(void *ctx, const struct case_values *cv, int64_t version)
{
	(void)version;
	struct similar_state *s = ctx;
	struct page *p = s->p;
	char code[64];
	snprintf(code, sizeof(code), "%.*s", (int)cv->len[F_NATIONALITY],
		 cv->v[F_NATIONALITY] ? cv->v[F_NATIONALITY] : "");
	html_f(&s->sb, "<li><a href=\"/cases/%u\">%.*s</a>: %.*s %.*s, %.*s, %s",
	       cv->v[F_CASE_ID], (int)cv->len[F_CASE_ID], cv->v[F_CASE_ID],
	       (int)cv->len[F_GIVEN_NAMES], cv->v[F_GIVEN_NAMES],
	       (int)cv->len[F_FAMILY_NAMES], cv->v[F_FAMILY_NAMES],
	       cv->v[F_BIRTH_DATE] ? (int)cv->len[F_BIRTH_DATE] : (int)cv->len[F_AGE],
	       cv->v[F_BIRTH_DATE] ? cv->v[F_BIRTH_DATE] : cv->v[F_AGE],
	       code_label(p, VL_COUNTRY, code));
	snprintf(code, sizeof(code), "%.*s", (int)cv->len[F_STATUS],
		 cv->v[F_STATUS] ? cv->v[F_STATUS] : "");
	html_f(&s->sb, " (%s)</li>", code_label(p, VL_STATUS, code));
	s->found++;
	return 0;
}

static void family_form(struct web_req *r, unsigned status, const struct web_form *in, int n,
			int skip, const struct app_problem *pbs, const struct app_problem *pb,
			const char *similar_html)
{
	struct page p;
	page_begin(&p, r, tr(r->lang, "register_title"));
	if (pb && pb->status) {
		for (int k = 1; k <= n; k++)
			if (pbs)
				person_errors(&p, &pbs[k - 1], k, n);
		if (!p.nerr)
			page_err_app(&p, pb, NULL);
	}
	page_error_summary(&p);
	if (similar_html)
		html_f(&p.sb, "<div class=\"warning\" id=\"duplicates\" role=\"alert\"><h2>%s</h2>"
			      "<p>%s</p>%H</div>",
		       T(&p, "possible_duplicates"), T(&p, "possible_duplicates_help"), similar_html);
	html_f(&p.sb, "<p class=\"lead\">%s</p>", T(&p, "register_lead"));
	page_form_begin(&p, "/cases/new", "case-form");
	html_f(&p.sb, "<input type=\"hidden\" name=\"persons\" value=\"%d\">", n);

	char today[11];
	format_date(date_today(), today);
	html_f(&p.sb, "<section class=\"section\"><h2>%s</h2><div class=\"grid\">",
	       T(&p, "group_registration"));
	for (size_t i = 0; i < 4; i++) {
		int f = shared_fields[i];
		const char *v = typed(&r->app->v, in, f, 1, 0);
		if (!in && f == F_REGISTRATION_DATE)
			v = today;
		case_field(&p, f, case_column_name[f], v);
	}
	strbuf_adds(&p.sb, "</div></section>");

	for (int k = 1; k <= n; k++) {
		html_f(&p.sb, "<section class=\"section person\" aria-labelledby=\"person-%d\">"
			      "<h2 id=\"person-%d\">%s %d</h2>", k, k, T(&p, "person"), k);
		if (k == 1 && n == 1)
			html_f(&p.sb, "<p class=\"hint\">%s</p>", T(&p, "person_hint"));
		html_f(&p.sb, "<h3>%s</h3><div class=\"grid\">", T(&p, "group_person"));
		for (size_t i = 0; i < ARRAY_SIZE(person_fields); i++) {
			int f = person_fields[i];
			if (f == F_NATIONALITY)
				html_f(&p.sb, "</div><h3>%s</h3><div class=\"grid\">",
				       T(&p, "group_origin"));
			if (f == F_UNACCOMPANIED_MINOR)
				html_f(&p.sb, "</div><h3>%s</h3><div class=\"grid\">",
				       T(&p, "group_vulnerability"));
			char name[48];
			name_of(name, f, k);
			case_field(&p, f, name, typed(&r->app->v, in, f, k, skip));
		}
		strbuf_adds(&p.sb, "</div>");
		if (k > 1)
			html_f(&p.sb, "<button class=\"button button-secondary\" name=\"remove\" "
				      "value=\"%d\" formnovalidate>%s %d</button>",
			       k, T(&p, "remove_person"), k);
		strbuf_adds(&p.sb, "</section>");
	}
	if (n < APP_FAMILY_MAX)
		html_f(&p.sb, "<p><button class=\"button button-secondary\" name=\"action\" "
			      "value=\"add\">%s</button></p>", T(&p, "add_person"));

	html_f(&p.sb, "<section class=\"section\"><h2>%s</h2><div class=\"grid\">",
	       T(&p, "group_return"));
	for (size_t i = 4; i < ARRAY_SIZE(shared_fields); i++) {
		int f = shared_fields[i];
		case_field(&p, f, case_column_name[f], typed(&r->app->v, in, f, 1, 0));
	}
	strbuf_adds(&p.sb, "</div></section>");
	if (similar_html)
		html_f(&p.sb, "<div class=\"field\"><div class=\"choice\"><input type=\"checkbox\" "
			      "id=\"confirm_not_duplicate\" name=\"confirm_not_duplicate\" value=\"yes\">"
			      "<label for=\"confirm_not_duplicate\">%s</label></div></div>",
		       T(&p, "confirm_not_duplicate"));
	html_f(&p.sb, "<button class=\"button\" name=\"action\" value=\"save\">%s</button></form>",
	       n > 1 ? T(&p, "register_family") : T(&p, "register_person"));
	page_send(&p, status);
}

void h_page_case_new(struct web_req *r)
{
	family_form(r, 200, NULL, 1, 0, NULL, NULL, NULL);
}

/* The persons of a submitted family form as case inputs. */
static void family_inputs(const struct vocab *v, const struct web_form *in, int n,
			  struct case_input *out)
{
	for (int k = 1; k <= n; k++) {
		struct case_input *ci = &out[k - 1];
		memset(ci, 0, sizeof(*ci));
		for (size_t i = 0; i < ARRAY_SIZE(shared_fields); i++) {
			int f = shared_fields[i];
			const char *val = typed(v, in, f, k, 0);
			if (val)
				case_input_set(ci, f, val, strlen(val));
		}
		for (size_t i = 0; i < ARRAY_SIZE(person_fields); i++) {
			int f = person_fields[i];
			const char *val = typed(v, in, f, k, 0);
			if (val)
				case_input_set(ci, f, val, strlen(val));
		}
	}
}

void h_page_case_new_post(struct web_req *r)
{
	const struct web_form *in = r->form;
	int n = (int)web_form_int(in, "persons", 1);
	if (n < 1 || n > APP_FAMILY_MAX)
		n = 1;
	const char *action = web_form_get(in, "action");
	const char *remove = web_form_get(in, "remove");
	if (remove) {
		int k = (int)web_form_int(in, "remove", 0);
		if (k >= 2 && k <= n)
			family_form(r, 200, in, n - 1, k, NULL, NULL, NULL);
		else
			family_form(r, 200, in, n, 0, NULL, NULL, NULL);
		return;
	}
	if (action && !strcmp(action, "add")) {
		family_form(r, 200, in, n < APP_FAMILY_MAX ? n + 1 : n, 0, NULL, NULL, NULL);
		return;
	}

	struct case_input ci[APP_FAMILY_MAX];
	family_inputs(&r->app->v, in, n, ci);

	/* a possible duplicate is shown before anything is saved */
	const char *confirm = web_form_get(in, "confirm_not_duplicate");
	if (!confirm || strcmp(confirm, "yes")) {
		struct page tmp = { .r = r, .lang = r->lang };
		struct similar_state s = { .p = &tmp, .sb = STRBUF_INIT };
		struct strbuf all = STRBUF_INIT;
		for (int k = 1; k <= n; k++) {
			const char *given = typed(&r->app->v, in, F_GIVEN_NAMES, k, 0);
			const char *family = typed(&r->app->v, in, F_FAMILY_NAMES, k, 0);
			if (!given && !family)
				continue;
			strbuf_reset(&s.sb);
			int before = s.found;
			struct app_problem spb;
			app_problem_init(&spb);
			int rc = app_cases_similar(r->app, &r->actor, given, family,
						   typed(&r->app->v, in, F_BIRTH_DATE, k, 0),
						   typed(&r->app->v, in, F_NATIONALITY, k, 0), similar_row, &s, &spb);
			if (rc && (spb.status == APP_BUSY || spb.status == APP_ERROR)) {
				strbuf_release(&s.sb);
				strbuf_release(&all);
				web_app_problem(r, &spb);
				return;
			}
			if (s.found > before)
				html_f(&all, "<p>%s %d (%s %s):</p><ul>%H</ul>", T(&tmp, "person"), k,
				       given ? given : "", family ? family : "", s.sb.buf);
		}
		strbuf_release(&s.sb);
		s.sb = all;
		if (s.found) {
			family_form(r, 200, in, n, 0, NULL, NULL, s.sb.buf);
			strbuf_release(&s.sb);
			return;
		}
		strbuf_release(&s.sb);
	}

	char ids[APP_FAMILY_MAX][72];
	struct app_problem pbs[APP_FAMILY_MAX], pb;
	int rc = app_case_create_family(r->app, &r->actor, ci, n, ids, pbs, &pb);
	if (rc) {
		if (pb.status == APP_BUSY || pb.status == APP_ERROR) {
			web_app_problem(r, &pb);
			return;
		}
		family_form(r, pb.status == APP_INVALID ? 422 : (unsigned)pb.status, in, n, 0, pbs,
			    &pb, NULL);
		return;
	}
	struct strbuf loc = STRBUF_INIT;
	strbuf_adds(&loc, "/cases/");
	html_url_part(&loc, ids[0]);
	strbuf_addf(&loc, "?registered=%d", n);
	page_redirect(r, loc.buf);
	strbuf_release(&loc);
}

/* ---- editing a case ---- */

/* The groups of the edit form: every column but those only a move or a
 * transfer changes (shown, not editable). */
static const int edit_person[] = {
	F_GIVEN_NAMES, F_FAMILY_NAMES, F_SEX, F_BIRTH_DATE, F_AGE, F_NATIONALITY,
	F_MIGRATION_STATUS, F_EDUCATION, F_OCCUPATION_SECTOR, F_GROUP_ID,
};
static const int edit_vulnerability[] = { F_UNACCOMPANIED_MINOR, F_TRAVELLING_WITH };
static const int edit_return[] = {
	F_PROGRAM, F_REGISTRATION_DATE, F_COUNTRY_OF_RETURN, F_TRANSPORT_MODE,
	F_COUNSELLING_DATE, F_DEPARTURE_DATE,
};
static const int edit_survey[] = {
	F_SURVEY_DATE, F_HEALTH_SELF_PERCEIVED, F_HEALTH_SCREENING, F_JOURNEY_CONDITIONS,
	F_ABUSES, F_MIGRATION_REASONS, F_RETURN_REASONS, F_REGULARIZATION_STARTED,
	F_MEXICO_EXIT_REASON, F_RETURN_PLANS,
};

static bool editable(int f)
{
	return f != F_CASE_ID && f != F_STATUS && f != F_OFFICE && f != F_REGISTRATION_POINT;
}

/* A record's value as a string (in buf). */
static const char *rec_value(const struct case_record *rec, int f, char *buf, size_t size)
{
	if (!rec->v.v[f])
		return NULL;
	snprintf(buf, size, "%.*s", (int)rec->v.len[f], rec->v.v[f]);
	return buf;
}

/* A form's value of column f: a multi-select's checked codes joined. */
static const char *form_value(const struct vocab *v, const struct web_form *in, int f,
			      const char *prefix, struct strbuf *tmp)
{
	char name[64];
	snprintf(name, sizeof(name), "%s%s", prefix, case_column_name[f]);
	if (field_defs[f].list == VL_COUNTRY && !*prefix)
		return country_from_form(v, in, name);
	if (field_defs[f].type == T_MULTI && !*prefix) {
		web_form_join(in, name, tmp);
		return tmp->len ? tmp->buf : NULL;
	}
	return web_form_str(in, name);
}

/* Two values of column f are the same: a multi-select as a set of codes. */
static bool same_value(int f, const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b;
	if (field_defs[f].type != T_MULTI)
		return !strcmp(a, b);
	for (int pass = 0; pass < 2; pass++) {
		const char *x = pass ? b : a, *y = pass ? a : b;
		while (*x) {
			size_t n = strcspn(x, " ");
			if (n && !code_in_set(y, x, n))
				return false;
			x += n;
			x += strspn(x, " ");
		}
	}
	return true;
}

struct edit_view {
	const struct case_record *cur;       /* the case as stored now */
	const struct web_form *typed;        /* what the user sent, or NULL */
	const char *changed_by_other;        /* fields changed meanwhile (html), or NULL */
	bool stale;                          /* typed against an older version */
};

static void edit_group(struct page *p, const char *title_key, const int *fs, size_t n,
		       const struct edit_view *ev)
{
	html_f(&p->sb, "<section class=\"section\"><h2>%s</h2><div class=\"grid\">",
	       T(p, title_key));
	for (size_t i = 0; i < n; i++) {
		int f = fs[i];
		char buf[2048];
		struct strbuf tmp = STRBUF_INIT;
		const char *v = rec_value(ev->cur, f, buf, sizeof(buf));
		if (ev->typed) {
			/* what the user typed; after someone else's change, the
			 * fields the user left alone show the case as it is now */
			struct strbuf o = STRBUF_INIT;
			const char *now = form_value(&p->r->app->v, ev->typed, f, "", &tmp);
			if (!ev->stale || !same_value(f, now, form_value(&p->r->app->v, ev->typed, f, "orig.", &o)))
				v = now;
			strbuf_release(&o);
		}
		field_case(p, f, case_column_name[f], v);
		strbuf_release(&tmp);
	}
	strbuf_adds(&p->sb, "</div></section>");
}

/* A value as a reader knows it: a code by its label. */
static const char *shown(struct page *p, int f, const char *v)
{
	return field_defs[f].type == T_CODE ? code_label(p, field_defs[f].list, v) : v;
}

static void edit_form(struct web_req *r, unsigned status, const char *id,
		      const struct case_record *cur, const struct edit_view *ev,
		      const struct app_problem *pb)
{
	struct page p;
	struct strbuf title = STRBUF_INIT;
	strbuf_addf(&title, "%s %s", tr(r->lang, "edit_case"), id);
	page_begin(&p, r, title.buf);
	strbuf_release(&title);
	if (pb && pb->status)
		page_err_app(&p, pb, NULL);
	page_error_summary(&p);
	if (ev->changed_by_other)
		html_f(&p.sb, "<div class=\"warning\" id=\"stale\" role=\"alert\"><h2>%s</h2><p>%s</p>"
			      "%H</div>",
		       T(&p, "stale_title"), T(&p, "stale_help"), ev->changed_by_other);
	struct strbuf action = STRBUF_INIT;
	strbuf_adds(&action, "/cases/");
	html_url_part(&action, id);
	strbuf_adds(&action, "/edit");
	page_form_begin(&p, action.buf, "case-form");
	strbuf_release(&action);
	html_f(&p.sb, "<input type=\"hidden\" name=\"version\" value=\"%lld\">",
	       (long long)cur->version);
	/* the values this form was made from: what the user changes is what
	 * differs from them */
	for (int f = 0; f < F_COUNT; f++) {
		if (!editable(f))
			continue;
		char buf[2048];
		const char *v = rec_value(cur, f, buf, sizeof(buf));
		html_f(&p.sb, "<input type=\"hidden\" name=\"orig.%s\" value=\"%s\">",
		       case_column_name[f], v ? v : "");
	}
	char office[64], point[64];
	html_f(&p.sb, "<p class=\"hint\">%s: %s · %s: %s. %s</p>", field_label(p.lang, F_OFFICE),
	       code_label(&p, VL_OFFICE, rec_value(cur, F_OFFICE, office, sizeof(office))),
	       field_label(p.lang, F_REGISTRATION_POINT),
	       code_label(&p, VL_REGISTRATION_POINT,
			  rec_value(cur, F_REGISTRATION_POINT, point, sizeof(point))),
	       T(&p, "edit_reserved_hint"));
	edit_group(&p, "group_person", edit_person, ARRAY_SIZE(edit_person), ev);
	edit_group(&p, "group_vulnerability", edit_vulnerability, ARRAY_SIZE(edit_vulnerability), ev);
	edit_group(&p, "group_return", edit_return, ARRAY_SIZE(edit_return), ev);
	edit_group(&p, "group_survey", edit_survey, ARRAY_SIZE(edit_survey), ev);
	html_f(&p.sb, "<button class=\"button\" type=\"submit\">%s</button> "
		      "<a class=\"button button-secondary\" href=\"/cases/%u\">%s</a></form>",
	       T(&p, "save_changes"), id, T(&p, "cancel"));
	page_send(&p, status);
}

void h_page_case_edit(struct web_req *r)
{
	struct case_record rec = { .arena = STRBUF_INIT };
	if (page_case_load(r, &rec))
		return;
	struct edit_view ev = { .cur = &rec };
	edit_form(r, 200, r->case_id, &rec, &ev, NULL);
	case_record_release(&rec);
}

void h_page_case_edit_post(struct web_req *r)
{
	const struct web_form *in = r->form;
	const char *vs = web_form_get(in, "version");
	unsigned long long version = 0;
	if (!vs || parse_uint(vs, strlen(vs), ~0ull >> 1, &version)) {
		web_problem(r, 400, "form_malformed", NULL);
		return;
	}
	/* only what the user changed: what differs from the form's origin */
	struct case_input ci;
	memset(&ci, 0, sizeof(ci));
	struct strbuf tmp[F_COUNT];
	for (int f = 0; f < F_COUNT; f++)
		strbuf_init(&tmp[f], 0);
	for (int f = 0; f < F_COUNT; f++) {
		if (!editable(f))
			continue;
		const char *now = form_value(&r->app->v, in, f, "", &tmp[f]);
		struct strbuf o = STRBUF_INIT;
		const char *was = form_value(&r->app->v, in, f, "orig.", &o);
		bool same = same_value(f, now, was);
		strbuf_release(&o);
		if (same)
			continue;
		if (now)
			case_input_set(&ci, f, now, strlen(now));
		else
			case_input_set(&ci, f, NULL, 0);
	}
	struct app_problem pb;
	app_problem_init(&pb);
	struct case_record out = { .arena = STRBUF_INIT };
	int rc = ci.present ? app_case_edit(r->app, &r->actor, r->case_id, (int64_t)version, &ci,
					    &out, &pb)
			    : APP_OK;
	case_record_release(&out);
	if (!rc) {
		for (int f = 0; f < F_COUNT; f++)
			strbuf_release(&tmp[f]);
		struct strbuf loc = STRBUF_INIT;
		strbuf_adds(&loc, "/cases/");
		html_url_part(&loc, r->case_id);
		strbuf_adds(&loc, ci.present ? "?saved=1" : "?unchanged=1");
		page_redirect(r, loc.buf);
		strbuf_release(&loc);
		return;
	}
	if (pb.status == APP_BUSY || pb.status == APP_ERROR || pb.status == APP_NOT_FOUND ||
	    pb.status == APP_FORBIDDEN) {
		for (int f = 0; f < F_COUNT; f++)
			strbuf_release(&tmp[f]);
		web_app_problem(r, &pb);
		return;
	}
	struct case_record cur = { .arena = STRBUF_INIT };
	if (page_case_load(r, &cur)) {
		for (int f = 0; f < F_COUNT; f++)
			strbuf_release(&tmp[f]);
		return;
	}
	struct edit_view ev = { .cur = &cur, .typed = in };
	struct strbuf changed = STRBUF_INIT;
	unsigned status = 422;
	if (pb.status == APP_STALE) {
		/* someone else changed the case: show what, keep what was typed */
		status = 409;
		strbuf_adds(&changed, "<ul>");
		struct page tmpp = { .r = r, .lang = r->lang };
		for (int f = 0; f < F_COUNT; f++) {
			char buf[2048];
			struct strbuf o = STRBUF_INIT;
			const char *was = form_value(&r->app->v, in, f, "orig.", &o);
			const char *now = rec_value(&cur, f, buf, sizeof(buf));
			if (editable(f) && !same_value(f, was, now))
				html_f(&changed, "<li>%s: %s → %s</li>", field_label(r->lang, f),
				       was ? shown(&tmpp, f, was) : T(&tmpp, "not_recorded"),
				       now ? shown(&tmpp, f, now) : T(&tmpp, "not_recorded"));
			strbuf_release(&o);
		}
		strbuf_adds(&changed, "</ul>");
		ev.changed_by_other = changed.buf;
		ev.stale = true;
		app_problem_init(&pb);
	}
	edit_form(r, status, r->case_id, &cur, &ev, &pb);
	strbuf_release(&changed);
	case_record_release(&cur);
	for (int f = 0; f < F_COUNT; f++)
		strbuf_release(&tmp[f]);
}
