/* api_report.c: GET /api/v1/report (the factsheet) and GET
 * /api/v1/exports/cases.csv (and the job of POST /api/v1/publications,
 * api_publications.c). Their handlers check the query on the worker
 * and hand a job to the report queue (jobs.c); job_run() computes it on a
 * job thread with that thread's own connection. The factsheet is the same
 * engine (app_report) and the same renderers as `retorno report`, so its
 * JSON is byte-identical to the command line's for the same filters, but for
 * generated_at. */
#include "web.h"
#include "../core/parse.h"
#include "../report/factsheet.h"

#define RETRY_SECONDS 5

static void choice_error(struct web_req *r, json_t *errors, const char *key, const char *v,
			 const char *choices)
{
	struct strbuf args = STRBUF_INIT;
	msg_addargs(&args, "%s" MSG_SEP "%s", v, choices);
	web_error_add(errors, r->lang, key, "bad_choice", args.buf);
	strbuf_release(&args);
}

/* month=YYYY-MM: its first and last day (as the command line's --month). */
static bool month_range(const char *s, char from[16], char to[16])
{
	rt_date first, last;
	if (parse_month(s, strlen(s), &first, &last))
		return false;
	format_date(first, from);
	format_date(last, to);
	return true;
}

/* Copies a parameter into the job, which owns what its thread reads; NULL
 * stays NULL. */
static const char *keep(char *dst, size_t size, const char *s)
{
	if (!s)
		return NULL;
	snprintf(dst, size, "%s", s);
	return dst;
}

void web_report_filters(struct web_req *r, const struct web_query *q, struct job *j,
			json_t *errors)
{
	const char *program = web_q(q, "program"), *office, *from, *to, *v;
	if (program && !strcmp(program, "all"))
		j->ro.program = NULL;
	else if (program) {
		web_q_code(r, q, "program", VL_PROGRAM, &program, errors);
		if (program) {
			snprintf(j->program, sizeof(j->program), "%s", program);
			j->ro.program = j->program;
		}
	}
	web_q_code(r, q, "office", VL_OFFICE, &office, errors);
	if (office) {
		snprintf(j->office, sizeof(j->office), "%s", office);
		j->ro.office = j->office;
	}
	web_q_date(r, q, "from", &from, errors);
	web_q_date(r, q, "to", &to, errors);
	if ((v = web_q(q, "month"))) {
		if (web_q(q, "from") || web_q(q, "to"))
			web_error_add(errors, r->lang, "month", "month_with_dates", NULL);
		else if (!month_range(v, j->from, j->to)) {
			struct strbuf args = STRBUF_INIT;
			msg_addargs(&args, "%s", v);
			web_error_add(errors, r->lang, "month", "bad_month", args.buf);
			strbuf_release(&args);
		} else {
			j->ro.from = j->from;
			j->ro.to = j->to;
		}
	} else {
		if (from) {
			snprintf(j->from, sizeof(j->from), "%s", from);
			j->ro.from = j->from;
		}
		if (to) {
			snprintf(j->to, sizeof(j->to), "%s", to);
			j->ro.to = j->to;
		}
		if (from && to && strcmp(from, to) > 0) {
			struct strbuf args = STRBUF_INIT;
			msg_addargs(&args, "%s" MSG_SEP "%s", from, to);
			web_error_add(errors, r->lang, "from", "from_after_to", args.buf);
			strbuf_release(&args);
		}
	}
}

int web_public_period(struct web_req *r, struct job *j, const char *point)
{
	struct app_problem pb;
	if (app_public_period(&j->ro, point, &j->period, &pb)) {
		web_app_problem(r, &pb);
		return -1;
	}
	return RT_OK;
}

void web_submit(struct web_req *r, struct job *j)
{
	j->r = r;
	j->conn = r->conn;
	j->actor = r->actor;
	r->job = j;
	if (jobq_submit(r->srv->jobs, j)) {
		r->job = NULL;
		job_free(j);
		web_problem_full(r, 503, "queue_full", NULL, NULL, RETRY_SECONDS);
	}
}

void h_report(struct web_req *r)
{
	static const char *const allowed[] = {
		"program", "office", "from", "to", "month", "public", "lang", "format", "min_cell",
		"age_bands", NULL,
	};
	struct web_query q;
	if (web_query_load(r, &q, allowed))
		return;
	/* a private factsheet of an office the user does not hold is a 403,
	 * which comes before any 400 of the other parameters */
	const char *pub = web_q(&q, "public");
	struct app_problem pb;
	if (app_check_report(&r->actor, web_q(&q, "office"),
			     pub && (!strcmp(pub, "1") || !strcmp(pub, "true")), &pb)) {
		web_app_problem(r, &pb);
		return;
	}
	struct job *j = xcalloc(1, sizeof(*j));
	j->kind = JOB_REPORT;
	j->ro.program = "avr";
	j->ro.lang = r->actor.lang;
	j->ro.min_cell = 5;
	json_t *errors = json_array();
	const char *v;
	web_report_filters(r, &q, j, errors);
	web_q_flag(r, &q, "public", &j->ro.public_, errors);
	if (web_q(&q, "min_cell")) {
		web_q_int(r, &q, "min_cell", 2, 1000, &j->ro.min_cell, errors);
		if (!j->ro.public_)
			web_error_add(errors, r->lang, "min_cell", "min_cell_without_public", NULL);
	}
	if ((v = web_q(&q, "lang"))) {
		if (!strcmp(v, "en") || !strcmp(v, "es"))
			j->ro.lang = !strcmp(v, "es") ? LANG_ES : LANG_EN;
		else
			choice_error(r, errors, "lang", v, "en, es");
	}
	if ((v = web_q(&q, "age_bands"))) {
		if (!strcmp(v, "factsheet") || !strcmp(v, "sadd"))
			j->ro.sadd_bands = !strcmp(v, "sadd");
		else
			choice_error(r, errors, "age_bands", v, "factsheet, sadd");
	}
	const char *format = web_q(&q, "format");
	if (!format || !strcmp(format, "json")) {
		j->render = report_render_json;
		j->ctype = "application/json";
	} else if (!strcmp(format, "csv")) {
		j->render = report_render_csv;
		j->ctype = "text/csv; charset=utf-8";
		j->disposition = "attachment; filename=\"factsheet.csv\"";
	} else if (!strcmp(format, "html")) {
		j->render = report_render_html;
		j->ctype = "text/html; charset=utf-8";
	} else if (!strcmp(format, "pdf")) {
		j->render = report_render_pdf;
		j->ctype = "application/pdf";
		j->disposition = "inline; filename=\"factsheet.pdf\"";
	} else {
		choice_error(r, errors, "format", format, "json, csv, html, pdf");
	}
	if (web_q_done(r, errors)) {
		job_free(j);
		return;
	}
	/* a public output: the periods it may cover (400 otherwise), checked
	 * again by the use case */
	if (j->ro.public_ && web_public_period(r, j, NULL)) {
		job_free(j);
		return;
	}
	web_submit(r, j);
}

void h_export(struct web_req *r)
{
	static const char *const allowed[] = {
		"office", "registration_point", "program", "status", "registered_from",
		"registered_to", "hxl", "q", NULL,
	};
	struct web_query q;
	if (web_query_load(r, &q, allowed))
		return;
	struct job *j = xcalloc(1, sizeof(*j));
	j->kind = JOB_EXPORT;
	j->ctype = "text/csv; charset=utf-8";
	j->disposition = "attachment; filename=\"cases.csv\"";
	const char *office, *point, *program, *status, *from, *to, *text = NULL;
	json_t *errors = json_array();
	web_q_text(r, &q, "q", 200, &text, errors);
	web_q_code(r, &q, "office", VL_OFFICE, &office, errors);
	web_q_code(r, &q, "registration_point", VL_REGISTRATION_POINT, &point, errors);
	web_q_code(r, &q, "program", VL_PROGRAM, &program, errors);
	web_q_code(r, &q, "status", VL_STATUS, &status, errors);
	web_q_date(r, &q, "registered_from", &from, errors);
	web_q_date(r, &q, "registered_to", &to, errors);
	web_q_flag(r, &q, "hxl", &j->hxl, errors);
	if (web_q_done(r, errors)) {
		job_free(j);
		return;
	}
	struct case_query *f = &j->eq;
	f->office = keep(j->office, sizeof(j->office), office);
	f->point = keep(j->point, sizeof(j->point), point);
	f->program = keep(j->program, sizeof(j->program), program);
	f->status = keep(j->status_f, sizeof(j->status_f), status);
	f->registered_from = keep(j->registered_from, sizeof(j->registered_from), from);
	f->registered_to = keep(j->registered_to, sizeof(j->registered_to), to);
	f->q = keep(j->q, sizeof(j->q), text);
	web_submit(r, j);
}

void job_run(struct app *app, struct job *j)
{
	char *buf = NULL;
	size_t len = 0;
	int rc;
	app_problem_init(&j->pb);
	if (j->kind == JOB_PUBLISH) {
		job_run_publish(app, j);
		return;
	}
	FILE *f = open_memstream(&buf, &len);
	if (!f) {
		j->status = 500;
		j->pb.status = APP_ERROR;
		snprintf(j->pb.detail, sizeof(j->pb.detail), "open_memstream failed");
		return;
	}
	if (j->kind == JOB_REPORT) {
		struct report rep;
		memset(&rep, 0, sizeof(rep));
		if (app_report(app, &j->actor, &j->ro, &rep, &j->pb)) {
			fclose(f);
			free(buf);
			j->status = j->pb.status ? (unsigned)j->pb.status : 500;
			return;
		}
		rc = j->render(&rep, f);
		report_release(&rep);
	} else {
		int64_t rows = 0;
		if (app_export(app, &j->actor, &j->eq, j->hxl, "api", f, &rows, &j->pb)) {
			fclose(f);
			free(buf);
			j->status = j->pb.status ? (unsigned)j->pb.status : 500;
			return;
		}
		rc = RT_OK;
	}
	if (fclose(f) || rc) {
		free(buf);
		j->status = 500;
		j->pb.status = APP_ERROR;
		snprintf(j->pb.detail, sizeof(j->pb.detail), "rendering failed");
		return;
	}
	j->status = 200;
	j->body = buf;
	j->len = len;
}
