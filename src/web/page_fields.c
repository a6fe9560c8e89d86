/* page_fields.c: form fields in the manner of the GOV.UK Design System --
 * a label and a hint for each, the error message beside the field, what the
 * user typed kept; see page.h. */
#include "page.h"
#include "../domain/fields.h"
#include "../core/fold.h"

const char *code_label(struct page *p, int list, const char *code)
{
	/* the factsheet's labels are for groups ("Women"); a person is "Female" */
	if (list == VL_SEX && code && (!strcmp(code, "female") || !strcmp(code, "male")))
		return T(p, !strcmp(code, "female") ? "sex_female" : "sex_male");
	const struct vocab_item *it =
		code ? vocab_get(&p->r->app->v, list, code, strlen(code)) : NULL;
	return it ? it->label[p->lang] : code;
}

/* The start of a field: its wrapper, label, hint and error. The control's
 * aria-describedby is written by the caller with describedby(). */
static void field_start(struct page *p, const char *name, const char *label, const char *hint,
			bool group)
{
	const char *err = page_err_for(p, name);
	html_f(&p->sb, "<div class=\"field%H\">", err ? " field-error" : "");
	if (group)
		html_f(&p->sb, "<fieldset class=\"fieldset\"%H><legend>%s</legend>",
		       "", label);
	else
		html_f(&p->sb, "<label class=\"label\" for=\"%s\">%s</label>", name, label);
	if (hint && *hint)
		html_f(&p->sb, "<p class=\"hint\" id=\"%s-hint\">%s</p>", name, hint);
	if (err)
		html_f(&p->sb, "<p class=\"error-message\" id=\"%s-error\"><span class=\"visually-hidden\">"
			       "%s:</span> %s</p>", name, T(p, "error"), err);
}

static void describedby(struct page *p, const char *name, const char *hint)
{
	bool h = hint && *hint, e = page_err_for(p, name) != NULL;
	if (!h && !e)
		return;
	strbuf_adds(&p->sb, " aria-describedby=\"");
	if (h)
		html_f(&p->sb, "%s-hint", name);
	if (e)
		html_f(&p->sb, "%H%s-error", h ? " " : "", name);
	strbuf_adds(&p->sb, "\"");
	if (e)
		strbuf_adds(&p->sb, " aria-invalid=\"true\"");
}

void field_input(struct page *p, const char *name, const char *label, const char *hint,
		 const char *value, const char *type, const char *autocomplete)
{
	field_start(p, name, label, hint, false);
	html_f(&p->sb, "<input class=\"input input-%s\" id=\"%s\" name=\"%s\" type=\"%s\"", type, name,
	       name, type);
	if (value && strcmp(type, "password"))
		html_f(&p->sb, " value=\"%s\"", value);
	if (autocomplete)
		html_f(&p->sb, " autocomplete=\"%s\"", autocomplete);
	if (!strcmp(type, "number"))
		strbuf_adds(&p->sb, " inputmode=\"numeric\" min=\"0\" max=\"120\"");
	describedby(p, name, hint);
	strbuf_adds(&p->sb, "></div>");
}

void field_select(struct page *p, const char *name, const char *label, const char *hint,
		  int list, const char *value, const char *empty,
		  bool (*filter)(const struct vocab_item *it, const void *ctx), const void *ctx)
{
	const struct vocab *v = &p->r->app->v;
	field_start(p, name, label, hint, false);
	html_f(&p->sb, "<select class=\"select\" id=\"%s\" name=\"%s\"", name, name);
	describedby(p, name, hint);
	strbuf_adds(&p->sb, ">");
	if (empty)
		html_f(&p->sb, "<option value=\"\">%s</option>", empty);
	bool found = false;
	for (int i = 0; i < v->count[list]; i++) {
		const struct vocab_item *it = vocab_at(v, list, i);
		if (filter && !filter(it, ctx))
			continue;
		bool sel = value && !strcmp(value, it->code);
		found |= sel;
		html_f(&p->sb, "<option value=\"%s\"%H>%s</option>", it->code,
		       sel ? " selected" : "", it->label[p->lang]);
	}
	/* a value the list does not have (typed into a form by hand) is kept,
	 * so that the error beside it shows what was sent */
	if (value && *value && !found)
		html_f(&p->sb, "<option value=\"%s\" selected>%s</option>", value, value);
	strbuf_adds(&p->sb, "</select></div>");
}

bool page_office_held(const struct vocab_item *it, const void *ctx)
{
	const struct page *p = ctx;
	return actor_holds(&p->r->actor, it->code, it->len);
}

bool page_point_held(const struct vocab_item *it, const void *ctx)
{
	const struct page *p = ctx;
	const struct vocab *v = &p->r->app->v;
	if (it->office < 0)
		return false;
	const struct vocab_item *o = &v->item[it->office];
	return actor_holds(&p->r->actor, o->code, o->len);
}

static void choices(struct page *p, const char *name, const char *label, const char *hint,
		    int list, const char *value, bool multi, bool empty)
{
	const struct vocab *v = &p->r->app->v;
	field_start(p, name, label, hint, true);
	html_f(&p->sb, "<div class=\"choices%H\">", multi ? " choices-multi" : "");
	int k = 0;
	if (empty) {
		bool sel = !value || !*value;
		html_f(&p->sb, "<div class=\"choice\"><input type=\"radio\" id=\"%s\" name=\"%s\" "
			       "value=\"\"%H", name, name, sel ? " checked" : "");
		describedby(p, name, hint);
		html_f(&p->sb, "><label for=\"%s\">%s</label></div>", name, T(p, "not_recorded"));
		k++;
	}
	for (int i = 0; i < v->count[list]; i++, k++) {
		const struct vocab_item *it = vocab_at(v, list, i);
		bool sel = value && (multi ? code_in_set(value, it->code, it->len)
				     : !strcmp(value, it->code));
		/* the first control carries the field's name as its id: the
		 * error summary links to it */
		char id[64];
		if (k == 0)
			snprintf(id, sizeof(id), "%s", name);
		else
			snprintf(id, sizeof(id), "%s-%d", name, k);
		html_f(&p->sb, "<div class=\"choice\"><input type=\"%s\" id=\"%s\" name=\"%s\" "
			       "value=\"%s\"%H",
		       multi ? "checkbox" : "radio", id, name, it->code, sel ? " checked" : "");
		if (k == 0)
			describedby(p, name, hint);
		html_f(&p->sb, "><label for=\"%s\">%s</label></div>", id, code_label(p, list, it->code));
	}
	strbuf_adds(&p->sb, "</div></fieldset></div>");
}

void field_radios(struct page *p, const char *name, const char *label, const char *hint,
		  int list, const char *value, bool empty)
{
	choices(p, name, label, hint, list, value, false, empty);
}

void field_checks(struct page *p, const char *name, const char *label, const char *hint,
		  int list, const char *value)
{
	choices(p, name, label, hint, list, value, true, false);
}

/* The countries people of the region come from and return to (the
 * Americas), offered first; every other one is typed. */
static const char *const region[] = {
	"ARG", "BLZ", "BOL", "BRA", "CAN", "CHL", "COL", "CRI", "CUB", "DOM", "ECU", "SLV",
	"GTM", "GUY", "HTI", "HND", "JAM", "MEX", "NIC", "PAN", "PRY", "PER", "SUR", "TTO",
	"USA", "URY", "VEN",
};

static bool in_region(const char *code)
{
	for (size_t i = 0; code && i < ARRAY_SIZE(region); i++)
		if (!strcmp(region[i], code))
			return true;
	return false;
}

static bool region_item(const struct vocab_item *it, const void *ctx)
{
	(void)ctx;
	return in_region(it->code);
}

void field_country(struct page *p, const char *name, const char *label, const char *hint,
		   const char *value, const char *empty)
{
	const struct vocab *v = &p->r->app->v;
	bool other = value && *value && !in_region(value);
	const char *err = page_err_for(p, name);
	html_f(&p->sb, "<div class=\"field country%H\">", err ? " field-error" : "");
	html_f(&p->sb, "<label class=\"label\" for=\"%s\">%s</label>", name, label);
	if (hint && *hint)
		html_f(&p->sb, "<p class=\"hint\" id=\"%s-hint\">%s</p>", name, hint);
	if (err)
		html_f(&p->sb, "<p class=\"error-message\" id=\"%s-error\"><span "
			       "class=\"visually-hidden\">%s:</span> %s</p>", name, T(p, "error"), err);
	html_f(&p->sb, "<select class=\"select\" id=\"%s\" name=\"%s\"", name, name);
	describedby(p, name, hint);
	strbuf_adds(&p->sb, ">");
	if (empty)
		html_f(&p->sb, "<option value=\"\">%s</option>", empty);
	for (int i = 0; i < v->count[VL_COUNTRY]; i++) {
		const struct vocab_item *it = vocab_at(v, VL_COUNTRY, i);
		if (!region_item(it, NULL))
			continue;
		html_f(&p->sb, "<option value=\"%s\"%H>%s</option>", it->code,
		       value && !strcmp(value, it->code) ? " selected" : "", it->label[p->lang]);
	}
	html_f(&p->sb, "<option value=\"other\"%H>%s</option></select>", other ? " selected" : "",
	       T(p, "country_other"));
	const struct vocab_item *it = other ? vocab_get(v, VL_COUNTRY, value, strlen(value)) : NULL;
	html_f(&p->sb, "<label class=\"label label-other\" for=\"other_%s\">%s</label>"
		       "<input class=\"input\" id=\"other_%s\" name=\"other_%s\" type=\"text\" "
		       "autocomplete=\"off\" value=\"%s\"></div>",
	       name, T(p, "country_other_text"), name, name,
	       it ? it->label[p->lang] : other ? value : "");
}

const char *country_from_form(const struct vocab *v, const struct web_form *in, const char *name)
{
	const char *sel = web_form_str(in, name);
	if (sel && strcmp(sel, "other"))
		return sel;
	char oname[64];
	snprintf(oname, sizeof(oname), "other_%s", name);
	const char *typed = web_form_str(in, oname);
	if (!typed)
		return NULL;
	/* an ISO code, whatever its capitals */
	if (strlen(typed) == 3) {
		char up[4];
		for (int i = 0; i < 3; i++)
			up[i] = (char)(typed[i] >= 'a' && typed[i] <= 'z' ? typed[i] - 32 : typed[i]);
		up[3] = '\0';
		const struct vocab_item *it = vocab_get(v, VL_COUNTRY, up, 3);
		if (it)
			return it->code;
	}
	/* a name, in either language, accents and capitals aside */
	struct strbuf want = STRBUF_INIT, have = STRBUF_INIT;
	fold_append(&want, typed, strlen(typed));
	const char *found = NULL;
	for (int i = 0; i < v->count[VL_COUNTRY] && !found; i++) {
		const struct vocab_item *it = vocab_at(v, VL_COUNTRY, i);
		for (int l = 0; l < 2 && !found; l++) {
			strbuf_reset(&have);
			fold_append(&have, it->label[l], strlen(it->label[l]));
			if (want.len && !strcmp(want.buf, have.buf))
				found = it->code;
		}
	}
	strbuf_release(&want);
	strbuf_release(&have);
	return found ? found : typed;
}

void field_case(struct page *p, int f, const char *name, const char *value)
{
	const struct field_def *d = &field_defs[f];
	const char *label = field_label(p->lang, f), *hint = field_hint(p->lang, f);
	switch (d->type) {
	case T_DATE:
		field_input(p, name, label, hint, value, "date", NULL);
		break;
	case T_AGE:
		field_input(p, name, label, hint, value, "number", NULL);
		break;
	case T_MULTI:
		field_checks(p, name, label, hint, d->list, value);
		break;
	case T_CODE:
		if (d->list == VL_COUNTRY)
			field_country(p, name, label, hint, value,
				      !d->required ? T(p, "not_recorded") : !value ? T(p, "choose") : NULL);
		else if (p->r->app->v.count[d->list] <= 4)
			field_radios(p, name, label, hint, d->list, value, !d->required);
		else
			field_select(p, name, label, hint, d->list, value,
				     !d->required ? T(p, "not_recorded") : !value ? T(p, "choose") : NULL,
				     NULL, NULL);
		break;
	default:
		field_input(p, name, label, hint, value, "text",
			    f == F_GIVEN_NAMES ? "off" : f == F_FAMILY_NAMES ? "off" : NULL);
	}
}
