/* routes.c: the paths of the API, their methods, handlers and rights. */
#include "page.h"

static const struct route routes[] = {
	{ "/healthz", {
		{ M_GET, h_healthz, -1, RF_PUBLIC, NULL },
	} },
	{ "/api/v1/session", {
		{ M_POST, h_session_post, -1, RF_PUBLIC | RF_JSON | RF_NO_CSRF, NULL },
		{ M_DELETE, h_session_delete, -1, 0, NULL },
	} },
	{ "/api/v1/me", {
		{ M_GET, h_me_get, -1, 0, NULL },
		{ M_PATCH, h_me_patch, -1, RF_JSON, NULL },
	} },
	{ "/api/v1/me/password", {
		{ M_POST, h_me_password, -1, RF_JSON, NULL },
	} },
	{ "/api/v1/cases", {
		{ M_GET, h_cases_list, R_CASES, 0, NULL },
		{ M_POST, h_cases_create, R_CASES, RF_JSON, pre_cases_create },
	} },
	/* before {case_id}, which would take "similar" for a case id */
	{ "/api/v1/cases/similar", {
		{ M_GET, h_cases_similar, R_CASES, 0, NULL },
	} },
	{ "/api/v1/cases/{case_id}", {
		{ M_GET, h_case_get, R_CASES, RF_CASE, NULL },
		{ M_PATCH, h_case_patch, R_CASES, RF_CASE | RF_JSON, NULL },
	} },
	{ "/api/v1/cases/{case_id}/status", {
		{ M_POST, h_case_status, R_MOVE, RF_CASE | RF_JSON, pre_case_status },
	} },
	{ "/api/v1/cases/{case_id}/history", {
		{ M_GET, h_case_history, R_CASES, RF_CASE, NULL },
	} },
	{ "/api/v1/cases/{case_id}/transfer", {
		{ M_POST, h_case_transfer, R_TRANSFER, RF_CASE | RF_JSON, NULL },
	} },
	{ "/api/v1/cases/{case_id}/duplicate", {
		{ M_POST, h_case_duplicate, R_DUPLICATE, RF_CASE | RF_JSON, NULL },
	} },
	{ "/api/v1/report", {
		{ M_GET, h_report, R_REPORT, RF_QUEUE, NULL },
	} },
	{ "/api/v1/publications", {
		{ M_GET, h_publications_list, R_REPORT, 0, NULL },
		{ M_POST, h_publications_post, R_PUBLISH, RF_JSON | RF_QUEUE, NULL },
	} },
	{ "/api/v1/publications/{id}", {
		{ M_GET, h_publication_get, R_REPORT, 0, NULL },
	} },
	{ "/api/v1/vocab", {
		{ M_GET, h_vocab, -1, 0, NULL },
	} },
	{ "/api/v1/imports", {
		{ M_POST, h_imports, R_IMPORT, RF_CSV, NULL },
	} },
	{ "/api/v1/exports/cases.csv", {
		{ M_GET, h_export, R_EXPORT, RF_QUEUE, NULL },
	} },
	{ "/api/v1/audit", {
		{ M_GET, h_audit, R_AUDIT, 0, NULL },
	} },

	/* the web app (page.h) */
	{ "/", {
		{ M_GET, h_page_root, -1, 0, NULL },
	} },
	{ "/static/app.css", {
		{ M_GET, h_static, -1, RF_PUBLIC, NULL },
	} },
	{ "/static/app.js", {
		{ M_GET, h_static, -1, RF_PUBLIC, NULL },
	} },
	{ "/cases", {
		{ M_GET, h_page_cases, R_CASES, 0, NULL },
	} },
	{ "/cases/new", {
		{ M_GET, h_page_case_new, R_CASES, 0, NULL },
		{ M_POST, h_page_case_new_post, R_CASES, RF_FORM, NULL },
	} },
	{ "/cases/{case_id}", {
		{ M_GET, h_page_case, R_CASES, RF_CASE, NULL },
	} },
	{ "/cases/{case_id}/edit", {
		{ M_GET, h_page_case_edit, R_CASES, RF_CASE, NULL },
		{ M_POST, h_page_case_edit_post, R_CASES, RF_CASE | RF_FORM, NULL },
	} },
	{ "/cases/{case_id}/status", {
		{ M_POST, h_page_case_status, R_MOVE, RF_CASE | RF_FORM, NULL },
	} },
	{ "/cases/{case_id}/transfer", {
		{ M_POST, h_page_case_transfer, R_TRANSFER, RF_CASE | RF_FORM, NULL },
	} },
	{ "/cases/{case_id}/duplicate", {
		{ M_POST, h_page_case_duplicate, R_DUPLICATE, RF_CASE | RF_FORM, NULL },
	} },
	{ "/report", {
		{ M_GET, h_page_report, R_REPORT, 0, NULL },
	} },
	/* administration (page_admin.c) */
	{ "/admin/users", {
		{ M_GET, h_page_admin_users, R_ADMINISTER, 0, NULL },
		{ M_POST, h_page_admin_users_post, R_ADMINISTER, RF_FORM, NULL },
	} },
	{ "/admin/vocab", {
		{ M_GET, h_page_admin_vocab, R_ADMINISTER, 0, NULL },
		{ M_POST, h_page_admin_vocab_post, R_ADMINISTER, RF_FORM, NULL },
	} },
	{ "/login", {
		{ M_GET, h_page_login, -1, RF_PUBLIC, NULL },
		{ M_POST, h_page_login_post, -1, RF_PUBLIC | RF_FORM | RF_NO_CSRF, NULL },
	} },
	{ "/logout", {
		{ M_POST, h_page_logout, -1, RF_FORM, NULL },
	} },
	{ "/account", {
		{ M_GET, h_page_account, -1, 0, NULL },
	} },
	{ "/account/lang", {
		{ M_POST, h_page_account_lang, -1, RF_FORM, NULL },
	} },
	{ "/account/password", {
		{ M_POST, h_page_account_password, -1, RF_FORM, NULL },
	} },
};

/* Matches one template against the path; a "{case_id}" (or "{id}")
 * segment takes any non-empty segment, kept in case_id. */
static bool match(const char *tmpl, const char *path, char case_id[72])
{
	while (*tmpl && *path) {
		size_t pn = !strncmp(tmpl, "{case_id}", 9) ? 9 : !strncmp(tmpl, "{id}", 4) ? 4 : 0;
		if (pn) {
			size_t n = strcspn(path, "/");
			if (!n)
				return false;
			if (n < 72) {
				memcpy(case_id, path, n);
				case_id[n] = '\0';
			} else {
				case_id[0] = '\0';
			}
			tmpl += pn;
			path += n;
			continue;
		}
		if (*tmpl != *path)
			return false;
		tmpl++;
		path++;
	}
	return !*tmpl && !*path;
}

const struct route *route_find(const char *path, char case_id[72])
{
	case_id[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(routes); i++)
		if (match(routes[i].tmpl, path, case_id))
			return &routes[i];
	return NULL;
}

const struct route_op *route_op_find(const struct route *rt, unsigned method)
{
	if (method == M_HEAD)
		method = M_GET;
	for (size_t i = 0; i < ARRAY_SIZE(rt->op) && rt->op[i].fn; i++)
		if (rt->op[i].method == method)
			return &rt->op[i];
	return NULL;
}

static const char *method_text(unsigned m)
{
	switch (m) {
	case M_GET: return "GET, HEAD";
	case M_POST: return "POST";
	case M_PUT: return "PUT";
	case M_PATCH: return "PATCH";
	case M_DELETE: return "DELETE";
	default: return "";
	}
}

void route_allow(const struct route *rt, struct strbuf *sb)
{
	for (size_t i = 0; i < ARRAY_SIZE(rt->op) && rt->op[i].fn; i++) {
		if (sb->len)
			strbuf_adds(sb, ", ");
		strbuf_adds(sb, method_text(rt->op[i].method));
	}
}
