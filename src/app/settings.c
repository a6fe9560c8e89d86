/* settings.c: the settings an administrator gives once -- the factsheet's
 * publisher block: the organisation's name, disclaimer and contact in
 * English and Spanish, and its logo (PNG or SVG); see app.h. Every change is
 * checked here, written in one transaction with its audit row, and read by
 * the renders of the factsheet (app_publisher()). */
#include "app_impl.h"
#include "../core/textcheck.h"
#include "../report/report.h"

/* The settings, their kinds and limits. */
const struct app_setting app_settings[] = {
	{ "org_name_en", "organisation name (English)", 120, false },
	{ "org_name_es", "organisation name (Spanish)", 120, false },
	{ "disclaimer_en", "disclaimer (English)", 600, false },
	{ "disclaimer_es", "disclaimer (Spanish)", 600, false },
	{ "contact_en", "contact (English)", 200, false },
	{ "contact_es", "contact (Spanish)", 200, false },
	{ "logo", "logo (PNG or SVG file)", APP_LOGO_MAX, true },
};
const int app_nsettings = (int)ARRAY_SIZE(app_settings);

const struct app_setting *app_setting_find(const char *name)
{
	for (int i = 0; name && i < app_nsettings; i++)
		if (!strcmp(app_settings[i].name, name))
			return &app_settings[i];
	return NULL;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A PNG: the signature, then an IHDR chunk of 13 bytes with a size in
 * 1..4096 pixels each way, and an IEND chunk at the end. */
static bool is_png(const unsigned char *b, size_t n)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	if (n < 8 + 25 + 12 || memcmp(b, sig, 8) || be32(b + 8) != 13 || memcmp(b + 12, "IHDR", 4))
		return false;
	uint32_t w = be32(b + 16), h = be32(b + 20);
	return w >= 1 && w <= 4096 && h >= 1 && h <= 4096 && !memcmp(b + n - 8, "IEND", 4);
}

static bool has_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (!strncasecmp(s + i, needle, k))
			return true;
	return false;
}

/* An SVG drawing that asks for nothing: UTF-8 text with an <svg> root and no
 * script, event handler, entity, embedded document or reference outside
 * itself (a logo is shapes and text). The HTML shows it as an <img>, which
 * runs nothing anyway; this keeps what is stored plain. */
static bool is_svg(const unsigned char *b, size_t n)
{
	/* text_check refuses newlines and tabs (controls): an SVG file has them;
	 * it judges a copy with them as spaces, and the namespaces' names (the
	 * only addresses an SVG needs, never fetched) left out */
	for (size_t i = 0; i < n; i++)
		if (b[i] == 0 || (b[i] < 0x20 && b[i] != '\n' && b[i] != '\r' && b[i] != '\t'))
			return false;
	struct strbuf flat = STRBUF_INIT;
	static const char *const ns[] = { "\"http://www.w3.org/2000/svg\"",
		"\"http://www.w3.org/1999/xlink\"", "'http://www.w3.org/2000/svg'",
		"'http://www.w3.org/1999/xlink'" };
	for (size_t i = 0; i < n; i++) {
		bool skipped = false;
		for (size_t k = 0; k < ARRAY_SIZE(ns) && !skipped; k++) {
			size_t kl = strlen(ns[k]);
			if (i + kl <= n && !memcmp(b + i, ns[k], kl)) {
				strbuf_adds(&flat, "\"\"");
				i += kl - 1;
				skipped = true;
			}
		}
		if (!skipped)
			strbuf_addch(&flat, b[i] < 0x20 ? ' ' : (char)b[i]);
	}
	struct text_verdict v;
	const char *s = flat.buf;
	size_t len = flat.len;
	bool ok = text_check(s, len, 0, &v) != TEXT_BAD_UTF8;
	size_t i = 0;
	while (ok && i < len && s[i] == ' ')
		i++;
	ok = ok && len - i >= 5 && (!strncmp(s + i, "<?xml", 5) || !strncmp(s + i, "<svg", 4)) &&
	     has_ci(s, len, "<svg");
	static const char *const refused[] = {
		"<script", "<!entity", "<!doctype", "<foreignobject", "javascript:", "data:",
		"http:", "https:", "file:", "<iframe", "@import", "url(",
	};
	for (size_t k = 0; ok && k < ARRAY_SIZE(refused); k++)
		ok = !has_ci(s, len, refused[k]);
	/* an event attribute (" onload=") or a reference that is not inside the
	 * drawing (href="#id" is; anything else is another file) */
	for (size_t j = 0; ok && j + 3 < len; j++) {
		if (s[j] == ' ' && (s[j + 1] == 'o' || s[j + 1] == 'O') &&
		    (s[j + 2] == 'n' || s[j + 2] == 'N')) {
			size_t e = j + 3;
			while (e < len && ((s[e] >= 'a' && s[e] <= 'z') || (s[e] >= 'A' && s[e] <= 'Z')))
				e++;
			while (e < len && s[e] == ' ')
				e++;
			if (e > j + 3 && e < len && s[e] == '=')
				ok = false;
		}
		if (j + 6 < len && !strncasecmp(s + j, "href", 4)) {
			size_t e = j + 4;
			while (e < len && s[e] == ' ')
				e++;
			if (e < len && s[e] == '=') {
				e++;
				while (e < len && s[e] == ' ')
					e++;
				if (e + 1 < len && (s[e] == '"' || s[e] == '\'') && s[e + 1] != '#')
					ok = false;
			}
		}
	}
	strbuf_release(&flat);
	return ok;
}

const char *app_logo_type(const void *logo, size_t len)
{
	if (is_png(logo, len))
		return "image/png";
	if (is_svg(logo, len))
		return "image/svg+xml";
	return NULL;
}

/* A text setting: UTF-8 without control or invisible format characters,
 * 1..max bytes. */
static int check_text(const struct app_setting *s, const char *value, size_t len,
		      struct app_problem *pb)
{
	struct text_verdict v;
	if (!len || len > (size_t)s->max)
		return pb_set(pb, APP_INVALID, "setting_bad_length", "%s" MSG_SEP "%d", s->name,
			      s->max);
	if (text_check(value, len, 0, &v) != TEXT_OK) {
		char p1[16], p2[16];
		const char *code = text_verdict_code(&v, p1, p2);
		return pb_set(pb, APP_INVALID, "setting_bad_text", "%s" MSG_SEP "%s", s->name,
			      code ? code : "");
	}
	return APP_OK;
}

int app_setting_set(struct app *app, const struct actor *a, const char *name, const void *value,
		    size_t len, struct app_problem *pb)
{
	app_problem_init(pb);
	if (!actor_may(a, R_ADMINISTER))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	const struct app_setting *s = app_setting_find(name);
	if (!s)
		return pb_set(pb, APP_BAD_REQUEST, "setting_unknown", "%.40s", name ? name : "");
	if (value && s->blob) {
		if (len > (size_t)s->max)
			return pb_set(pb, APP_INVALID, "logo_too_large", "%zu" MSG_SEP "%d", len,
				      s->max);
		if (!app_logo_type(value, len))
			return pb_set(pb, APP_INVALID, "logo_bad", "%s", "");
	} else if (value && check_text(s, value, len, pb)) {
		return pb->status;
	}
	if (app_begin(app, pb))
		return pb->status;
	int rc = store_setting_set(app->st, s->name, value, len, s->blob);
	if (!rc) {
		char target[64], detail[96];
		snprintf(target, sizeof(target), "setting/%s", s->name);
		if (!value)
			snprintf(detail, sizeof(detail), "unset");
		else if (s->blob)
			snprintf(detail, sizeof(detail), "%s, %zu bytes", app_logo_type(value, len), len);
		else
			snprintf(detail, sizeof(detail), "%zu bytes", len);
		rc = app_audit(app, a, "settings_set", target, NULL, detail);
	}
	return app_end(app, pb, rc);
}

struct each_run {
	app_setting_fn fn;
	void *ctx;
};

static int each_one(void *ctx, const char *name, const void *value, size_t len)
{
	struct each_run *run = ctx;
	const struct app_setting *s = app_setting_find(name);
	return s ? run->fn(run->ctx, s, value, len) : 0;
}

int app_settings_each(struct app *app, const struct actor *a, app_setting_fn fn, void *ctx,
		      struct app_problem *pb)
{
	app_problem_init(pb);
	if (!actor_may(a, R_ADMINISTER))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	struct each_run run = { fn, ctx };
	int rc = store_settings_each(app->st, each_one, &run);
	return rc ? pb_store(app, pb, rc) : APP_OK;
}

static char *text_of(struct app *app, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	if (store_setting_get(app->st, name, &sb) || !sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

struct report_publisher *app_publisher(struct app *app)
{
	struct report_publisher *p = xcalloc(1, sizeof(*p));
	static const char *const names[3][2] = {
		{ "org_name_en", "org_name_es" },
		{ "disclaimer_en", "disclaimer_es" },
		{ "contact_en", "contact_es" },
	};
	bool any = false;
	for (int l = 0; l < 2; l++) {
		any |= (p->name[l] = text_of(app, names[0][l])) != NULL;
		any |= (p->disclaimer[l] = text_of(app, names[1][l])) != NULL;
		any |= (p->contact[l] = text_of(app, names[2][l])) != NULL;
	}
	struct strbuf logo = STRBUF_INIT;
	if (!store_setting_get(app->st, "logo", &logo) && logo.len) {
		const char *type = app_logo_type(logo.buf, logo.len);
		if (type) {
			snprintf(p->logo_type, sizeof(p->logo_type), "%s", type);
			p->logo_len = logo.len;
			p->logo = (unsigned char *)strbuf_detach(&logo, NULL);
			any = true;
		}
	}
	strbuf_release(&logo);
	if (!any) {
		report_publisher_free(p);
		return NULL;
	}
	return p;
}
