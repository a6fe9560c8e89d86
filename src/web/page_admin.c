/* page_admin.c: the administrator's pages (the right R_ADMINISTER, checked
 * by the route and again by every use case):
 * - /admin/users: the users, and per user the forms that disable or enable
 *   them, set their password, offices and role; a form that adds a user.
 *   app_user_list(), app_user_add(), app_user_disable(), ... decide.
 * - /admin/vocab: the code lists, one <details> per list; a code's labels
 *   (and a registration point's coordinates) are changed with
 *   app_vocab_update(), a code is added to an extensible list with
 *   app_vocab_add(). One form at a time is shown (?list=L&code=C, or
 *   ?list=L&add=1), so that the page of 350 codes stays small.
 *
 * A refused form is shown again with what was typed, except passwords: a
 * password is read from r->form (wiped by the pipeline at the end of the
 * request), passed to the app and never copied nor written into a page. */
#include "page.h"
#include <math.h>

/* ---- what the two pages share ---- */

#define ADM_ERR_MAX 12

/* A form that was refused: which, what was typed (never a password), and
 * its errors, each on a field's name as the form posts it (NULL: the whole
 * form). The pages turn those names into the ids of their inputs. */
struct adm_form {
	const char *action;
	/* users */
	const char *user, *role;
	const char *offices;          /* space-separated codes */
	bool all_offices;
	/* code lists */
	int list;
	const char *code, *label_en, *label_es, *lat, *lon, *country, *office;
	const char *transport, *programs;   /* space-separated codes */
	int nerr;
	const char *err_field[ADM_ERR_MAX];
	long err_off[ADM_ERR_MAX];
	struct strbuf errtext;
};

static void adm_form_init(struct adm_form *f)
{
	memset(f, 0, sizeof(*f));
	f->list = VL_NONE;
	strbuf_init(&f->errtext, 0);
}

static void adm_form_release(struct adm_form *f)
{
	strbuf_release(&f->errtext);
}

static void adm_err(struct adm_form *f, const char *field, const char *msg)
{
	if (f->nerr >= ADM_ERR_MAX)
		return;
	f->err_field[f->nerr] = field;
	f->err_off[f->nerr] = (long)f->errtext.len;
	/* the catalog's messages start in lower case: a sentence here */
	size_t at = f->errtext.len;
	strbuf_adds(&f->errtext, msg);
	if (f->errtext.buf[at] >= 'a' && f->errtext.buf[at] <= 'z')
		f->errtext.buf[at] = (char)(f->errtext.buf[at] - 'a' + 'A');
	strbuf_addch(&f->errtext, '\0');
	f->nerr++;
}

/* An error worded by the message catalog. */
static void adm_err_msg(struct adm_form *f, enum lang lang, const char *field, const char *code,
			const char *args)
{
	struct strbuf msg = STRBUF_INIT;
	msg_format(&msg, lang, code, args);
	adm_err(f, field, msg.buf);
	strbuf_release(&msg);
}

static const char *adm_err_text(const struct adm_form *f, int i)
{
	return f->errtext.buf + f->err_off[i];
}

/* A page's text with its one parameter "{1}" replaced by arg. */
static void subst(struct strbuf *out, const char *text, const char *arg)
{
	const char *at = strstr(text, "{1}");
	if (!at) {
		strbuf_adds(out, text);
		return;
	}
	strbuf_add(out, text, (size_t)(at - text));
	strbuf_adds(out, arg);
	strbuf_adds(out, at + 3);
}

/* The status of a refusal by the app; 0 when it is no form's fault (the
 * database failed or was busy, or the role may not): those are answered as
 * error pages. */
static unsigned refusal_status(const struct app_problem *pb)
{
	if (pb->status == APP_ERROR || pb->status == APP_BUSY || pb->status == APP_FORBIDDEN ||
	    pb->status < 400 || pb->status >= 500)
		return 0;
	return (unsigned)pb->status;
}

/* The start of a field whose id is not its name (the per-user forms repeat
 * their names): its wrapper, label or legend, hint and error. */
static void adm_field_start(struct page *p, const char *id, const char *label, const char *hint,
			    bool group)
{
	const char *err = page_err_for(p, id);
	html_f(&p->sb, "<div class=\"field%H\">", err ? " field-error" : "");
	if (group)
		html_f(&p->sb, "<fieldset class=\"fieldset\"><legend>%s</legend>", label);
	else
		html_f(&p->sb, "<label class=\"label\" for=\"%s\">%s</label>", id, label);
	if (hint && *hint)
		html_f(&p->sb, "<p class=\"hint\" id=\"%s-hint\">%s</p>", id, hint);
	if (err)
		html_f(&p->sb, "<p class=\"error-message\" id=\"%s-error\"><span "
			       "class=\"visually-hidden\">%s:</span> %s</p>", id, T(p, "error"), err);
}

static void adm_describedby(struct page *p, const char *id, const char *hint)
{
	bool h = hint && *hint, e = page_err_for(p, id) != NULL;
	if (h && e)
		html_f(&p->sb, " aria-describedby=\"%s-hint %s-error\" aria-invalid=\"true\"", id, id);
	else if (h)
		html_f(&p->sb, " aria-describedby=\"%s-hint\"", id);
	else if (e)
		html_f(&p->sb, " aria-describedby=\"%s-error\" aria-invalid=\"true\"", id);
}

/* A text input; `value` is never given for a password. `decimal`: a number
 * of degrees (a phone shows its number keys). */
static void adm_input(struct page *p, const char *id, const char *name, const char *label,
		      const char *hint, const char *value, const char *type,
		      const char *autocomplete, bool decimal)
{
	adm_field_start(p, id, label, hint, false);
	html_f(&p->sb, "<input class=\"input%H\" id=\"%s\" name=\"%s\" type=\"%s\"",
	       decimal ? " input-number" : "", id, name, type);
	if (value && strcmp(type, "password"))
		html_f(&p->sb, " value=\"%s\"", value);
	if (autocomplete)
		html_f(&p->sb, " autocomplete=\"%s\"", autocomplete);
	if (decimal)
		strbuf_adds(&p->sb, " inputmode=\"decimal\"");
	adm_describedby(p, id, hint);
	strbuf_adds(&p->sb, "></div>");
}

/* ---- users ---- */

static const char *const role_key[ROLE_COUNT] = {
	[ROLE_ADMIN] = "adm_role_admin",
	[ROLE_SUPERVISOR] = "adm_role_supervisor",
	[ROLE_CASEWORKER] = "adm_role_caseworker",
	[ROLE_ANALYST] = "adm_role_analyst",
};

struct user_list {
	struct user_info *u;
	size_t n, alloc;
};

static int collect_user(void *ctx, const struct user_info *u)
{
	struct user_list *ul = ctx;
	if (ul->n == ul->alloc) {
		ul->alloc = ul->alloc ? st_mult(ul->alloc, 2) : 16;
		ul->u = xrealloc(ul->u, st_mult(ul->alloc, sizeof(*ul->u)));
	}
	ul->u[ul->n++] = *u;
	return 0;
}

/* The actions of the users' forms, and the notice each leaves. */
static const struct {
	const char *action, *done;
} user_actions[] = {
	{ "add", "adm_done_add" },
	{ "disable", "adm_done_disable" },
	{ "enable", "adm_done_enable" },
	{ "passwd", "adm_done_passwd" },
	{ "offices", "adm_done_offices" },
	{ "role", "adm_done_role" },
};

static const char *user_done_text(const char *action)
{
	for (size_t i = 0; i < ARRAY_SIZE(user_actions); i++)
		if (action && !strcmp(action, user_actions[i].action))
			return user_actions[i].done;
	return NULL;
}

/* The id of a field of a user's form: "u3-role" (the user's place in the
 * list: names may be long); of the form that adds a user, its name. */
static void user_field_id(const struct adm_form *f, int target, const char *field, char id[48])
{
	id[0] = '\0';
	if (!field)
		return;
	if (f->action && !strcmp(f->action, "add"))
		snprintf(id, 48, "%s", field);
	else if (target >= 0 && strcmp(field, "user"))
		snprintf(id, 48, "u%d-%s", target, field);
}

static void role_select(struct page *p, const char *id, const char *value, bool choose)
{
	adm_field_start(p, id, T(p, "adm_role"), NULL, false);
	html_f(&p->sb, "<select class=\"select\" id=\"%s\" name=\"role\"", id);
	adm_describedby(p, id, NULL);
	strbuf_adds(&p->sb, ">");
	if (choose)
		html_f(&p->sb, "<option value=\"\">%s</option>", T(p, "choose"));
	for (int i = 0; i < ROLE_COUNT; i++)
		html_f(&p->sb, "<option value=\"%s\"%H>%s</option>", role_names[i],
		       value && !strcmp(value, role_names[i]) ? " selected" : "",
		       T(p, role_key[i]));
	strbuf_adds(&p->sb, "</select></div>");
}

/* Checkboxes of the offices and "every office" (which wins over the others). */
static void office_checks(struct page *p, const char *id, const char *offices, bool all)
{
	const struct vocab *v = &p->r->app->v;
	adm_field_start(p, id, T(p, "adm_offices"), T(p, "adm_offices_hint"), true);
	html_f(&p->sb, "<div class=\"choices\"><div class=\"choice\"><input type=\"checkbox\" "
		       "id=\"%s\" name=\"all_offices\" value=\"1\"%H", id, all ? " checked" : "");
	adm_describedby(p, id, T(p, "adm_offices_hint"));
	html_f(&p->sb, "><label for=\"%s\">%s</label></div>", id, T(p, "adm_every_office"));
	for (int i = 0; i < v->count[VL_OFFICE]; i++) {
		const struct vocab_item *it = vocab_at(v, VL_OFFICE, i);
		bool sel = offices && code_in_set(offices, it->code, it->len);
		html_f(&p->sb, "<div class=\"choice\"><input type=\"checkbox\" id=\"%s-%d\" "
			       "name=\"offices\" value=\"%s\"%H><label for=\"%s-%d\">%s</label></div>",
		       id, i + 1, it->code, sel ? " checked" : "", id, i + 1, it->label[p->lang]);
	}
	strbuf_adds(&p->sb, "</div></fieldset></div>");
}

/* The offices of a user as words: "Mexico, Guatemala" or "every office". */
static void offices_words(struct page *p, const struct user_info *u, struct strbuf *out)
{
	if (u->all_offices || !u->offices[0]) {
		strbuf_adds(out, T(p, "adm_every_office"));
		return;
	}
	for (const char *s = u->offices; *s;) {
		size_t n = strcspn(s, " ");
		if (n) {
			char code[64];
			snprintf(code, sizeof(code), "%.*s", (int)(n < 63 ? n : 63), s);
			if (out->len)
				strbuf_adds(out, ", ");
			strbuf_adds(out, code_label(p, VL_OFFICE, code));
		}
		s += n;
		s += strspn(s, " ");
	}
}

/* The hidden fields of a user's form. */
static void user_form_begin(struct page *p, const char *action, const char *user)
{
	page_form_begin(p, "/admin/users", NULL);
	html_f(&p->sb, "<input type=\"hidden\" name=\"action\" value=\"%s\">"
		       "<input type=\"hidden\" name=\"user\" value=\"%s\">", action, user);
}

/* One user's forms: role, offices, password, disable or enable. */
static void user_forms(struct page *p, int k, const struct user_info *u, const struct adm_form *f,
		       bool refused_here)
{
	char id[48];
	bool self = !strcmp(u->name, p->r->actor.name);
	/* the table links to the forms: a browser opens the <details> that
	 * holds the target of a link */
	html_f(&p->sb, "<details class=\"section\"%H><summary><strong>%s</strong> "
		       "<span class=\"muted\">(%s%H%s)</span></summary><div id=\"u%d\" "
		       "class=\"actions\">",
	       refused_here ? " open" : "", u->name, T(p, role_key[u->role]),
	       u->disabled ? ", " : "", u->disabled ? T(p, "adm_disabled") : "", k);

	/* role */
	html_f(&p->sb, "<div class=\"action\">");
	user_form_begin(p, "role", u->name);
	snprintf(id, sizeof(id), "u%d-role", k);
	role_select(p, id, refused_here && f->role && !strcmp(f->action, "role")
			   ? f->role : role_names[u->role], false);
	if (self)
		html_f(&p->sb, "<p class=\"hint\">%s</p>", T(p, "adm_role_self_hint"));
	html_f(&p->sb, "<button class=\"button\" type=\"submit\">%s</button></form></div>",
	       T(p, "adm_change_role"));

	/* offices */
	html_f(&p->sb, "<div class=\"action\">");
	user_form_begin(p, "offices", u->name);
	snprintf(id, sizeof(id), "u%d-offices", k);
	if (refused_here && !strcmp(f->action, "offices"))
		office_checks(p, id, f->offices, f->all_offices);
	else
		office_checks(p, id, u->offices, u->all_offices || !u->offices[0]);
	html_f(&p->sb, "<button class=\"button\" type=\"submit\">%s</button></form></div>",
	       T(p, "adm_change_offices"));

	/* password */
	html_f(&p->sb, "<div class=\"action\">");
	user_form_begin(p, "passwd", u->name);
	snprintf(id, sizeof(id), "u%d-password", k);
	adm_input(p, id, "password", T(p, "adm_new_password"), T(p, "adm_passwd_hint"), NULL,
		  "password", "new-password", false);
	html_f(&p->sb, "<button class=\"button\" type=\"submit\">%s</button></form></div>",
	       T(p, "adm_set_password"));

	/* disable or enable */
	html_f(&p->sb, "<div class=\"action\">");
	if (self) {
		html_f(&p->sb, "<p>%s</p>", T(p, "adm_cannot_disable_self"));
	} else if (u->disabled) {
		struct strbuf s = STRBUF_INIT;
		subst(&s, T(p, "adm_is_disabled"), u->name);
		html_f(&p->sb, "<p>%s</p>", s.buf);
		user_form_begin(p, "enable", u->name);
		html_f(&p->sb, "<button class=\"button\" type=\"submit\">%s</button></form>",
		       T(p, "adm_enable"));
		strbuf_release(&s);
	} else {
		struct strbuf s = STRBUF_INIT;
		subst(&s, T(p, "adm_is_enabled"), u->name);
		html_f(&p->sb, "<p>%s</p>", s.buf);
		user_form_begin(p, "disable", u->name);
		html_f(&p->sb, "<button class=\"button button-warning\" type=\"submit\">%s</button>"
			       "</form>", T(p, "adm_disable"));
		strbuf_release(&s);
	}
	strbuf_adds(&p->sb, "</div></div></details>");
}

static void users_page(struct web_req *r, unsigned status, struct adm_form *f, const char *done,
		       const char *done_user)
{
	struct user_list ul = { 0 };
	struct app_problem pb;
	app_problem_init(&pb);
	if (app_user_list(r->app, &r->actor, collect_user, &ul, &pb)) {
		free(ul.u);
		web_app_problem(r, &pb);
		return;
	}
	struct page p;
	page_begin(&p, r, tr(r->lang, "adm_users_title"));

	/* the user whose form was refused, and its errors on their inputs */
	int target = -1;
	bool adding = f && f->action && !strcmp(f->action, "add");
	if (f && f->action && !adding && f->user)
		for (size_t i = 0; i < ul.n; i++)
			if (!strcmp(ul.u[i].name, f->user))
				target = (int)i;
	for (int i = 0; f && i < f->nerr; i++) {
		char id[48];
		user_field_id(f, target, f->err_field[i], id);
		page_err(&p, id[0] ? id : NULL, adm_err_text(f, i));
	}
	page_error_summary(&p);

	/* the notice of a change that worked, about a user who exists */
	const char *done_key = user_done_text(done);
	if (done_key && done_user)
		for (size_t i = 0; i < ul.n; i++)
			if (!strcmp(ul.u[i].name, done_user)) {
				struct strbuf s = STRBUF_INIT;
				subst(&s, T(&p, done_key), ul.u[i].name);
				html_f(&p.sb, "<div class=\"notice\" role=\"status\">%s</div>", s.buf);
				strbuf_release(&s);
			}

	/* the table */
	html_f(&p.sb, "<p>%s</p>", T(&p, "adm_users_lead"));
	html_f(&p.sb, "<div class=\"table-wrap\"><table><caption class=\"visually-hidden\">%s"
		      "</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		      "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		      "<th scope=\"col\">%s</th></tr></thead><tbody>",
	       T(&p, "adm_users_title"), T(&p, "username"), T(&p, "adm_role"),
	       T(&p, "adm_offices"), T(&p, "language"), T(&p, "adm_state"), T(&p, "adm_created"));
	struct strbuf words = STRBUF_INIT;
	for (size_t i = 0; i < ul.n; i++) {
		const struct user_info *u = &ul.u[i];
		strbuf_reset(&words);
		offices_words(&p, u, &words);
		/* the name links to the user's forms */
		html_f(&p.sb, "<tr><th scope=\"row\"><a href=\"#u%d\">%s</a></th><td>%s</td>"
			      "<td>%s</td><td>%s</td>",
		       (int)i, u->name, T(&p, role_key[u->role]), words.buf,
		       u->lang == LANG_ES ? "Español" : "English");
		if (u->disabled)
			html_f(&p.sb, "<td><span class=\"tag tag-withdrawn\">%s</span></td>",
			       T(&p, "adm_disabled"));
		else
			html_f(&p.sb, "<td><span class=\"tag\">%s</span></td>", T(&p, "adm_active"));
		html_f(&p.sb, "<td>%.*s</td></tr>", 10, u->created_at);
	}
	strbuf_release(&words);
	strbuf_adds(&p.sb, "</tbody></table></div>");

	/* each user's forms */
	html_f(&p.sb, "<h2>%s</h2><p class=\"hint\">%s</p>", T(&p, "adm_change_users"),
	       T(&p, "adm_change_users_hint"));
	for (size_t i = 0; i < ul.n; i++)
		user_forms(&p, (int)i, &ul.u[i], f, target == (int)i);

	/* a new user */
	html_f(&p.sb, "<h2 id=\"add\">%s</h2>", T(&p, "adm_add_user"));
	page_form_begin(&p, "/admin/users", NULL);
	strbuf_adds(&p.sb, "<input type=\"hidden\" name=\"action\" value=\"add\">");
	field_input(&p, "user", T(&p, "username"), T(&p, "adm_name_hint"),
		    adding ? f->user : NULL, "text", "off");
	role_select(&p, "role", adding ? f->role : NULL, true);
	office_checks(&p, "offices", adding ? f->offices : NULL, adding && f->all_offices);
	field_input(&p, "password", T(&p, "adm_initial_password"), T(&p, "adm_initial_password_hint"),
		    NULL, "password", "new-password");
	field_input(&p, "password2", T(&p, "adm_password_again"), NULL, NULL, "password",
		    "new-password");
	html_f(&p.sb, "<button class=\"button\" type=\"submit\">%s</button></form>",
	       T(&p, "adm_add_user"));
	free(ul.u);
	page_send(&p, status);
}

void h_page_admin_users(struct web_req *r)
{
	struct web_form q;
	web_form_init(&q);
	web_form_query(r, &q);
	users_page(r, 200, NULL, web_form_get(&q, "done"), web_form_get(&q, "user"));
	web_form_release(&q);
}

/* The field of a form a problem of the app's is about. */
static const char *user_problem_field(const char *code)
{
	static const struct {
		const char *code, *field;
	} map[] = {
		{ "bad_user_name", "user" },        { "user_exists", "user" },
		{ "user_not_found", "user" },       { "unknown_role", "role" },
		{ "unknown_office", "offices" },    { "too_many_offices", "offices" },
		{ "password_too_short", "password" }, { "password_too_long", "password" },
	};
	for (size_t i = 0; code && i < ARRAY_SIZE(map); i++)
		if (!strcmp(map[i].code, code))
			return map[i].field;
	return NULL;
}

void h_page_admin_users_post(struct web_req *r)
{
	const struct web_form *fm = r->form;
	enum lang lang = r->lang;
	const char *action = web_form_get(fm, "action");
	if (!user_done_text(action)) {
		web_problem(r, 400, "form_malformed", NULL);
		return;
	}
	struct adm_form f;
	adm_form_init(&f);
	struct strbuf offices = STRBUF_INIT;
	f.action = action;
	f.user = web_form_str(fm, "user");
	f.role = web_form_str(fm, "role");
	web_form_join(fm, "offices", &offices);
	f.offices = offices.buf;
	f.all_offices = web_form_get(fm, "all_offices") != NULL;
	/* "every office" wins over offices ticked beside it */
	const char *office_set = f.all_offices ? "" : offices.buf;
	/* read in place: r->form is wiped at the end of the request */
	const char *password = web_form_get(fm, "password");

	struct app_problem pb;
	app_problem_init(&pb);
	int rc = APP_OK;
	bool asked = false;
	if (!f.user)
		adm_err(&f, "user", tr(lang, "adm_enter_name"));
	if (!strcmp(action, "add")) {
		if (!f.role)
			adm_err(&f, "role", tr(lang, "adm_choose_role"));
		if (!f.all_offices && !offices.len)
			adm_err(&f, "offices", tr(lang, "adm_choose_offices"));
		const char *again = web_form_get(fm, "password2");
		if (!password || !*password)
			adm_err(&f, "password", tr(lang, "adm_enter_password"));
		else if (!again || strcmp(password, again))
			adm_err(&f, "password2", tr(lang, "adm_passwords_differ"));
		if (!f.nerr) {
			asked = true;
			rc = app_user_add(r->app, &r->actor, f.user, f.role, office_set, password, &pb);
		}
	} else if (f.user && !strcmp(action, "disable")) {
		if (!strcmp(f.user, r->actor.name)) {
			adm_err(&f, NULL, tr(lang, "adm_cannot_disable_self"));
		} else {
			asked = true;
			rc = app_user_disable(r->app, &r->actor, f.user, &pb);
		}
	} else if (f.user && !strcmp(action, "enable")) {
		asked = true;
		rc = app_user_enable(r->app, &r->actor, f.user, &pb);
	} else if (f.user && !strcmp(action, "passwd")) {
		if (!password || !*password) {
			adm_err(&f, "password", tr(lang, "adm_enter_password"));
		} else {
			asked = true;
			rc = app_user_passwd(r->app, &r->actor, f.user, password, &pb);
		}
	} else if (f.user && !strcmp(action, "offices")) {
		if (!f.all_offices && !offices.len) {
			adm_err(&f, "offices", tr(lang, "adm_choose_offices"));
		} else {
			asked = true;
			rc = app_user_set_offices(r->app, &r->actor, f.user, office_set, &pb);
		}
	} else if (f.user && !strcmp(action, "role")) {
		if (!f.role) {
			adm_err(&f, "role", tr(lang, "adm_choose_role"));
		} else {
			asked = true;
			rc = app_user_set_role(r->app, &r->actor, f.user, f.role, &pb);
		}
	}

	unsigned status = 422;
	if (asked && rc) {
		status = refusal_status(&pb);
		if (!status) {
			web_app_problem(r, &pb);
			goto out;
		}
		adm_err_msg(&f, lang, user_problem_field(pb.code),
			    pb.code ? pb.code : "internal_error", pb.args);
	}
	if (f.nerr) {
		users_page(r, status, &f, NULL, NULL);
		goto out;
	}
	struct strbuf loc = STRBUF_INIT;
	strbuf_adds(&loc, "/admin/users?done=");
	strbuf_adds(&loc, action);
	strbuf_adds(&loc, "&user=");
	html_url_part(&loc, f.user);
	page_redirect(r, loc.buf);
	strbuf_release(&loc);
out:
	strbuf_release(&offices);
	adm_form_release(&f);
}

/* ---- code lists ---- */

/* Degrees as an administrator would type them: "19.43", "-99.13"; "" when
 * not known. */
static void degrees_text(double d, char out[32])
{
	if (isnan(d)) {
		out[0] = '\0';
		return;
	}
	snprintf(out, 32, "%.6f", d);
	char *e = out + strlen(out);
	while (e > out && e[-1] == '0')
		*--e = '\0';
	if (e > out && e[-1] == '.')
		*--e = '\0';
	if (!strcmp(out, "-0"))
		snprintf(out, 32, "0");
}

/* The coordinates typed into a form: both empty (not known: NAN), or both
 * numbers within range. Errors go on the fields "lat" and "lon". */
static bool coords_typed(struct adm_form *f, enum lang lang, const char *lat, const char *lon,
			 double out[2])
{
	out[0] = out[1] = NAN;
	if (!lat && !lon)
		return true;
	bool ok = true;
	static const struct {
		const char *field, *missing, *bad, *range;
		double max;
	} c[2] = {
		{ "lat", "adm_enter_lat", "adm_bad_lat", "adm_lat_range", 90.0 },
		{ "lon", "adm_enter_lon", "adm_bad_lon", "adm_lon_range", 180.0 },
	};
	const char *typed[2] = { lat, lon };
	for (int i = 0; i < 2; i++) {
		if (!typed[i]) {
			adm_err(f, c[i].field, tr(lang, c[i].missing));
			ok = false;
		} else if (vocab_parse_degrees(typed[i], &out[i])) {
			adm_err(f, c[i].field, tr(lang, c[i].bad));
			ok = false;
		} else if (!(out[i] >= -c[i].max && out[i] <= c[i].max)) {
			adm_err(f, c[i].field, tr(lang, c[i].range));
			ok = false;
		}
	}
	return ok;
}

/* A label typed into a form. */
static void label_typed(struct adm_form *f, enum lang lang, const char *field, const char *s)
{
	if (!s)
		adm_err(f, field, tr(lang, !strcmp(field, "label_en") ? "adm_enter_label_en"
						: "adm_enter_label_es"));
	else if (!vocab_label_valid(s))
		adm_err(f, field, tr(lang, "adm_bad_label"));
}

static void table_head(struct page *p, int list)
{
	const struct vocab *v = &p->r->app->v;
	html_f(&p->sb, "<div class=\"table-wrap\"><table><caption class=\"visually-hidden\">%s"
		       "</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\" lang=\"en\">"
		       "English</th><th scope=\"col\" lang=\"es\">Español</th>",
	       v->list_label[list][p->lang], T(p, "adm_code"));
	if (list == VL_REGISTRATION_POINT)
		html_f(&p->sb, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			       "<th scope=\"col\">%s</th>",
		       T(p, "adm_office"), T(p, "adm_latitude"), T(p, "adm_longitude"));
	else if (list == VL_OFFICE)
		html_f(&p->sb, "<th scope=\"col\">%s</th>", T(p, "adm_country"));
	strbuf_adds(&p->sb, "</tr></thead><tbody>");
}

/* The form that changes a code's labels (and a point's coordinates). */
static void edit_form(struct page *p, int list, const struct vocab_item *it,
		      const struct adm_form *f)
{
	bool typed = f && f->action && !strcmp(f->action, "update");
	struct strbuf s = STRBUF_INIT;
	subst(&s, T(p, "adm_change_code"), it->code);
	html_f(&p->sb, "<div id=\"edit\" class=\"action\"><h3>%s</h3>", s.buf);
	strbuf_release(&s);
	page_form_begin(p, "/admin/vocab", NULL);
	html_f(&p->sb, "<input type=\"hidden\" name=\"action\" value=\"update\">"
		       "<input type=\"hidden\" name=\"list\" value=\"%s\">"
		       "<input type=\"hidden\" name=\"code\" value=\"%s\">",
	       vocab_list_names[list], it->code);
	field_input(p, "label_en", T(p, "adm_label_en"), NULL,
		    typed ? f->label_en : it->label[LANG_EN], "text", "off");
	field_input(p, "label_es", T(p, "adm_label_es"), NULL,
		    typed ? f->label_es : it->label[LANG_ES], "text", "off");
	if (list == VL_REGISTRATION_POINT) {
		char lat[32], lon[32];
		degrees_text(it->lat, lat);
		degrees_text(it->lon, lon);
		html_f(&p->sb, "<div class=\"grid\">");
		adm_input(p, "lat", "lat", T(p, "adm_latitude"), T(p, "adm_lat_hint"),
			  typed ? f->lat : lat, "text", "off", true);
		adm_input(p, "lon", "lon", T(p, "adm_longitude"), T(p, "adm_lon_hint"),
			  typed ? f->lon : lon, "text", "off", true);
		strbuf_adds(&p->sb, "</div>");
	}
	html_f(&p->sb, "<button class=\"button\" type=\"submit\">%s</button>"
		       "<a class=\"button button-secondary\" href=\"/admin/vocab?list=%u#list-%s\">"
		       "%s</a></form></div>",
	       T(p, "save"), vocab_list_names[list], vocab_list_names[list], T(p, "cancel"));
}

/* The form that adds a code to an extensible list. */
static void add_form(struct page *p, int list, const struct adm_form *f)
{
	const struct vocab *v = &p->r->app->v;
	bool typed = f && f->action && !strcmp(f->action, "add");
	struct strbuf s = STRBUF_INIT;
	subst(&s, T(p, "adm_add_code_to"), v->list_label[list][p->lang]);
	html_f(&p->sb, "<div id=\"add\" class=\"action\"><h3>%s</h3>", s.buf);
	strbuf_release(&s);
	page_form_begin(p, "/admin/vocab", NULL);
	html_f(&p->sb, "<input type=\"hidden\" name=\"action\" value=\"add\">"
		       "<input type=\"hidden\" name=\"list\" value=\"%s\">", vocab_list_names[list]);
	field_input(p, "code", T(p, "adm_code"),
		    T(p, list == VL_COUNTRY ? "adm_code_country_hint" : "adm_code_hint"),
		    typed ? f->code : NULL, "text", "off");
	field_input(p, "label_en", T(p, "adm_label_en"), NULL, typed ? f->label_en : NULL, "text",
		    "off");
	field_input(p, "label_es", T(p, "adm_label_es"), NULL, typed ? f->label_es : NULL, "text",
		    "off");
	if (list == VL_OFFICE) {
		field_select(p, "country", T(p, "adm_country"), NULL, VL_COUNTRY,
			     typed ? f->country : NULL, T(p, "choose"), NULL, NULL);
		field_checks(p, "transport", T(p, "adm_transport"), T(p, "adm_transport_hint"),
			     VL_TRANSPORT_MODE, typed ? f->transport : NULL);
	} else if (list == VL_REGISTRATION_POINT) {
		field_select(p, "office", T(p, "adm_office"), NULL, VL_OFFICE,
			     typed ? f->office : NULL, T(p, "choose"), NULL, NULL);
		field_checks(p, "programs", T(p, "adm_programs"), T(p, "adm_programs_hint"),
			     VL_PROGRAM, typed ? f->programs : NULL);
		html_f(&p->sb, "<div class=\"grid\">");
		adm_input(p, "lat", "lat", T(p, "adm_latitude"), T(p, "adm_lat_hint"),
			  typed ? f->lat : NULL, "text", "off", true);
		adm_input(p, "lon", "lon", T(p, "adm_longitude"), T(p, "adm_lon_hint"),
			  typed ? f->lon : NULL, "text", "off", true);
		strbuf_adds(&p->sb, "</div>");
	}
	html_f(&p->sb, "<button class=\"button\" type=\"submit\">%s</button>"
		       "<a class=\"button button-secondary\" href=\"/admin/vocab?list=%u#list-%s\">"
		       "%s</a></form></div>",
	       T(p, "adm_add_code"), vocab_list_names[list], vocab_list_names[list],
	       T(p, "cancel"));
}

/* The page of the code lists. `open` is the list shown open (VL_NONE:
 * none), with the form that changes `edit` or, with `adding`, the form that
 * adds a code; `done` ("update", "add") the notice about `done_code`. */
static void vocab_page(struct web_req *r, unsigned status, const struct adm_form *f, int open,
		       const char *edit, bool adding, const char *done, const char *done_code)
{
	const struct vocab *v = &r->app->v;
	struct page p;
	page_begin(&p, r, tr(r->lang, "adm_vocab_title"));
	for (int i = 0; f && i < f->nerr; i++)
		page_err(&p, f->err_field[i], adm_err_text(f, i));
	page_error_summary(&p);
	if (open != VL_NONE && done && done_code &&
	    (!strcmp(done, "update") || !strcmp(done, "add"))) {
		const struct vocab_item *it = vocab_get(v, open, done_code, strlen(done_code));
		if (it) {
			struct strbuf s = STRBUF_INIT;
			subst(&s, T(&p, !strcmp(done, "add") ? "adm_done_vocab_add"
					: "adm_done_vocab_update"), it->code);
			html_f(&p.sb, "<div class=\"notice\" role=\"status\">%s</div>", s.buf);
			strbuf_release(&s);
		}
	}
	html_f(&p.sb, "<p>%s</p>", T(&p, "adm_vocab_lead"));
	char lat[32], lon[32];
	for (int l = 0; l < VL_COUNT; l++) {
		const char *name = vocab_list_names[l];
		html_f(&p.sb, "<details id=\"list-%s\" class=\"section\"%H><summary><strong>%s"
			      "</strong> <span class=\"muted\">(%d)</span></summary>",
		       name, l == open ? " open" : "", v->list_label[l][p.lang], v->count[l]);
		if (!v->extensible[l])
			html_f(&p.sb, "<p class=\"hint\">%s</p>", T(&p, "adm_list_fixed"));
		const struct vocab_item *target =
			l == open && edit ? vocab_get(v, l, edit, strlen(edit)) : NULL;
		if (target)
			edit_form(&p, l, target, f);
		else if (l == open && adding && v->extensible[l])
			add_form(&p, l, f);
		else if (v->extensible[l])
			html_f(&p.sb, "<p><a class=\"button button-secondary\" "
				      "href=\"?list=%u&amp;add=1#add\">%s</a></p>",
			       name, T(&p, "adm_add_code"));
		table_head(&p, l);
		/* the code is the link to its form: one link per row, and the
		 * end tags HTML lets a row leave out, keep the page small (350
		 * codes, 250 of them countries) */
		for (int i = 0; i < v->count[l]; i++) {
			const struct vocab_item *it = vocab_at(v, l, i);
			html_f(&p.sb, "<tr><td><a href=\"?list=%u&amp;code=%u#edit\">%s</a><td>%s<td>%s",
			       name, it->code, it->code, it->label[LANG_EN], it->label[LANG_ES]);
			if (l == VL_REGISTRATION_POINT) {
				degrees_text(it->lat, lat);
				degrees_text(it->lon, lon);
				html_f(&p.sb, "<td>%s<td>%s<td>%s",
				       it->office >= 0 ? v->item[it->office].label[p.lang] : "",
				       lat[0] ? lat : "—", lon[0] ? lon : "—");
			} else if (l == VL_OFFICE) {
				html_f(&p.sb, "<td>%s",
				       it->country ? code_label(&p, VL_COUNTRY, it->country) : "");
			}
			strbuf_adds(&p.sb, "\n");
		}
		strbuf_adds(&p.sb, "</tbody></table></div></details>");
	}
	page_send(&p, status);
}

void h_page_admin_vocab(struct web_req *r)
{
	struct web_form q;
	web_form_init(&q);
	web_form_query(r, &q);
	const char *list = web_form_str(&q, "list");
	int open = list ? vocab_list_by_name(list) : VL_NONE;
	const char *done = web_form_get(&q, "done");
	/* after a change, its notice and the list; not the form again */
	vocab_page(r, 200, NULL, open, done ? NULL : web_form_str(&q, "code"),
		   !done && web_form_get(&q, "add") != NULL, done, web_form_str(&q, "code"));
	web_form_release(&q);
}

/* A code as vocab_add() takes it: ISO alpha-3 for a country, else 1-64 of
 * [a-z0-9_]. */
static bool code_well_formed(int list, const char *s)
{
	size_t n = strlen(s);
	if (list == VL_COUNTRY)
		return n == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
		       s[2] >= 'A' && s[2] <= 'Z';
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

void h_page_admin_vocab_post(struct web_req *r)
{
	const struct web_form *fm = r->form;
	enum lang lang = r->lang;
	const struct vocab *v = &r->app->v;
	const char *action = web_form_get(fm, "action");
	const char *list_name = web_form_get(fm, "list");
	int list = list_name ? vocab_list_by_name(list_name) : VL_NONE;
	if (!action || (strcmp(action, "update") && strcmp(action, "add"))) {
		web_problem(r, 400, "form_malformed", NULL);
		return;
	}
	if (list == VL_NONE) {
		web_problem(r, 404, "vocab_no_list", list_name ? list_name : "");
		return;
	}
	struct adm_form f;
	adm_form_init(&f);
	struct strbuf transport = STRBUF_INIT, programs = STRBUF_INIT;
	f.action = action;
	f.list = list;
	f.code = web_form_str(fm, "code");
	f.label_en = web_form_str(fm, "label_en");
	f.label_es = web_form_str(fm, "label_es");
	f.lat = web_form_str(fm, "lat");
	f.lon = web_form_str(fm, "lon");
	f.country = web_form_str(fm, "country");
	f.office = web_form_str(fm, "office");
	web_form_join(fm, "transport", &transport);
	web_form_join(fm, "programs", &programs);
	f.transport = transport.buf;
	f.programs = programs.buf;
	bool point = list == VL_REGISTRATION_POINT;
	struct app_problem pb;
	app_problem_init(&pb);
	int rc = APP_OK;
	bool asked = false;
	double c[2] = { NAN, NAN };
	/* the code: kept in a copy, app->v may be reloaded by the call */
	char code[72] = "";
	if (f.code)
		snprintf(code, sizeof(code), "%s", f.code);

	if (!strcmp(action, "update")) {
		if (!f.code || !vocab_get(v, list, f.code, strlen(f.code))) {
			char args[160];
			snprintf(args, sizeof(args), "%.64s" MSG_SEP "%s", f.code ? f.code : "",
				 vocab_list_names[list]);
			web_problem(r, 404, "vocab_not_found", args);
			goto out;
		}
		label_typed(&f, lang, "label_en", f.label_en);
		label_typed(&f, lang, "label_es", f.label_es);
		if (point)
			coords_typed(&f, lang, f.lat, f.lon, c);
		if (!f.nerr) {
			asked = true;
			rc = app_vocab_update(r->app, &r->actor, list_name, f.code, f.label_en,
					      f.label_es, point ? c : NULL, &pb);
		}
	} else {
		if (!v->extensible[list]) {
			adm_err(&f, NULL, tr(lang, "adm_list_fixed"));
		} else {
			if (!f.code)
				adm_err(&f, "code", tr(lang, "adm_enter_code"));
			else if (!code_well_formed(list, f.code))
				adm_err(&f, "code", tr(lang, list == VL_COUNTRY ? "adm_code_country_hint"
							: "adm_code_hint"));
			else if (vocab_get(v, list, f.code, strlen(f.code)))
				adm_err(&f, "code", tr(lang, "adm_code_exists"));
			label_typed(&f, lang, "label_en", f.label_en);
			label_typed(&f, lang, "label_es", f.label_es);
		}
		struct vocab_new nw = {
			.list = list_name, .code = f.code, .label_en = f.label_en,
			.label_es = f.label_es,
		};
		if (list == VL_OFFICE) {
			if (!f.country || !vocab_get(v, VL_COUNTRY, f.country, strlen(f.country)))
				adm_err(&f, "country", tr(lang, "adm_choose_country"));
			if (!transport.len)
				adm_err(&f, "transport", tr(lang, "adm_choose_transport"));
			nw.extra = f.country;
			nw.attr = transport.buf;
		} else if (point) {
			if (!f.office || !vocab_get(v, VL_OFFICE, f.office, strlen(f.office)))
				adm_err(&f, "office", tr(lang, "adm_choose_office"));
			if (!programs.len)
				adm_err(&f, "programs", tr(lang, "adm_choose_programs"));
			if (coords_typed(&f, lang, f.lat, f.lon, c) && (f.lat || f.lon)) {
				nw.coords = true;
				nw.lat = c[0];
				nw.lon = c[1];
			}
			nw.extra = f.office;
			nw.attr = programs.buf;
		}
		if (!f.nerr) {
			asked = true;
			rc = app_vocab_add(r->app, &r->actor, &nw, &pb);
		}
	}

	unsigned status = 422;
	if (asked && rc) {
		status = refusal_status(&pb);
		if (!status || pb.status == APP_NOT_FOUND) {
			web_app_problem(r, &pb);
			goto out;
		}
		const char *field = NULL;
		if (pb.code && !strcmp(pb.code, "vocab_bad_label"))
			field = !strcmp(pb.args, "label_es") ? "label_es" : "label_en";
		else if (pb.code && !strcmp(pb.code, "vocab_bad_coordinates"))
			field = "lat";
		if (field && !strcmp(pb.code, "vocab_bad_label"))
			adm_err(&f, field, tr(lang, "adm_bad_label"));
		else
			adm_err_msg(&f, lang, field, pb.code ? pb.code : "internal_error", pb.args);
	}
	if (f.nerr) {
		vocab_page(r, status, &f, list, !strcmp(action, "update") ? code : NULL,
			   !strcmp(action, "add"), NULL, NULL);
		goto out;
	}
	struct strbuf loc = STRBUF_INIT;
	strbuf_adds(&loc, "/admin/vocab?list=");
	strbuf_adds(&loc, vocab_list_names[list]);
	strbuf_adds(&loc, "&done=");
	strbuf_adds(&loc, action);
	strbuf_adds(&loc, "&code=");
	html_url_part(&loc, code);
	strbuf_adds(&loc, "#list-");
	strbuf_adds(&loc, vocab_list_names[list]);
	page_redirect(r, loc.buf);
	strbuf_release(&loc);
out:
	strbuf_release(&transport);
	strbuf_release(&programs);
	adm_form_release(&f);
}
