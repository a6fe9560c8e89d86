/* files.c: import, export and the factsheet, with an acting user; see app.h.
 * (The code lists are in codelists.c.) */
#include "app_impl.h"
#include "../domain/case_write.h"

/* ---- import ---- */

struct import_run {
	struct app *app;
	const struct actor *a;
	struct case_writer w;
	int64_t transfers, moves;
};

static void issue(struct case_check *chk, int f, const char *code, const struct case_values *cv)
{
	case_issue_add(chk, f, code, "%.*s", (int)(cv->len[f] > 64 ? 64 : cv->len[f]),
		       cv->v[f] ? cv->v[f] : "");
}

/* One row of the file: a new case, or an update of a stored one in which
 * absent columns stay as they are, a new status is a status move and a new
 * office or point a transfer, each with the actor's rights. */
static int import_row(void *p, const struct case_values *in, uint64_t present,
		      struct case_check *chk)
{
	struct import_run *run = p;
	struct app *app = run->app;
	const struct actor *a = run->a;
	struct store_case_ref ref;
	chk->n = chk->dropped = 0;
	if (!in->v[F_CASE_ID]) {
		case_check(&app->v, in, run->w.today, chk);
		return RT_EINVAL;
	}
	int rc = in->len[F_CASE_ID] <= 64
		 ? store_case_find(app->st, in->v[F_CASE_ID], in->len[F_CASE_ID], &ref)
		 : RT_ENOTFOUND;
	if (rc == RT_ENOTFOUND) {
		/* only an office of the list is named back (a cell of a shifted
		 * row may hold a name); any other value is the rules' to refuse */
		if (in->v[F_OFFICE] &&
		    vocab_get(&app->v, VL_OFFICE, in->v[F_OFFICE], in->len[F_OFFICE]) &&
		    !actor_holds(a, in->v[F_OFFICE], in->len[F_OFFICE])) {
			issue(chk, F_OFFICE, "office_not_held", in);
			return RT_EINVAL;
		}
		int64_t id;
		return case_insert(&run->w, in, chk, &id);
	}
	if (rc)
		return rc;
	if (!actor_holds(a, ref.office, strlen(ref.office))) {
		/* ids are not secret, but nothing of the case is shown or changed */
		issue(chk, F_CASE_ID, "case_id_exists", in);
		return RT_EINVAL;
	}
	if (ref.import_id == run->w.import_id) {
		case_issue_add(chk, F_CASE_ID, "duplicate_case_id", "%.*s",
			       (int)in->len[F_CASE_ID], in->v[F_CASE_ID]);
		return RT_EINVAL;
	}
	struct case_values old, cv;
	struct strbuf arena = STRBUF_INIT;
	if ((rc = store_case_get(app->st, ref.id, &old, &arena)))
		return rc;
	cv = old;
	for (int f = 0; f < F_COUNT; f++) {
		if (present & (1ull << f)) {
			cv.v[f] = in->v[f];
			cv.len[f] = in->v[f] ? in->len[f] : 0;
		}
	}
	/* every rule, then what the actor's rights add: all reported at once */
	case_check(&app->v, &cv, run->w.today, chk);
	bool transfer = !case_value_equal(&old, &cv, F_OFFICE) ||
			!case_value_equal(&old, &cv, F_REGISTRATION_POINT);
	int st_old = status_from_code(ref.status, strlen(ref.status));
	if (transfer && !actor_may(a, R_TRANSFER)) {
		issue(chk, F_OFFICE, "transfer_forbidden", &cv);
	} else if (transfer && status_at_least(st_old, ST_DEPARTED)) {
		case_issue_add(chk, F_OFFICE, "transfer_after_departure", "%s", ref.status);
	}
	if (!case_value_equal(&old, &cv, F_STATUS) && cv.v[F_STATUS]) {
		bool approve = (cv.len[F_STATUS] == 8 && !memcmp(cv.v[F_STATUS], "approved", 8)) ||
			       (cv.len[F_STATUS] == 10 && !memcmp(cv.v[F_STATUS], "ineligible", 10));
		if (approve && !actor_may(a, R_APPROVE))
			issue(chk, F_STATUS, "approve_forbidden", &cv);
	}
	if (chk->n) {
		strbuf_release(&arena);
		return RT_EINVAL;
	}
	bool changed;
	rc = case_update(&run->w, &ref, &old, &cv, NULL, chk, &changed);
	if (!rc && changed && transfer)
		run->transfers++;
	strbuf_release(&arena);
	return rc;
}

int app_import(struct app *app, const struct actor *a, const struct import_opts *o,
	       struct app_import_result *res, struct app_problem *pb)
{
	app_problem_init(pb);
	memset(res, 0, sizeof(*res));
	if (!actor_may(a, R_IMPORT))
		return pb_set(pb, APP_FORBIDDEN, "import_forbidden", "%s", "");
	if (app_begin(app, pb))
		return pb->status;
	struct import_run run = { .app = app, .a = a };
	const char *name = o->fp ? (o->path ? o->path : "(request)")
			   : strcmp(o->path, "-") ? o->path : "(stdin)";
	case_writer_init(&run.w, app->st, &app->v, a->name, "import");
	int rc = store_import_start(app->st, run.w.now, a->name, name, &run.w.import_id);
	if (rc) {
		pb_store(app, pb, rc);
		goto fail;
	}
	struct import_sink sink = { .save = import_row, .ctx = &run };
	struct strbuf err = STRBUF_INIT;
	rc = csv_import(o, &sink, &res->r, &err);
	res->r.inserted = run.w.inserted;
	res->r.updated = run.w.updated;
	res->unchanged = run.w.unchanged;
	if (rc == RT_EINVAL) {
		strbuf_release(&err);
		pb_set(pb, APP_INVALID, "import_invalid", "%lld" MSG_SEP "%lld",
		       (long long)res->r.errors, (long long)res->r.rows);
		goto fail;
	}
	if (rc) {
		if (rc == RT_EBUSY) {
			pb_store(app, pb, rc);
		} else {
			snprintf(pb->detail, sizeof(pb->detail), "%s", err.buf);
			pb_set(pb, APP_ERROR, rc == RT_EIO ? "import_io" : "import_failed", "%s", "");
		}
		strbuf_release(&err);
		goto fail;
	}
	strbuf_release(&err);
	if (o->dry_run || res->r.rows == 0) {
		app_rollback(app);
		return APP_OK;
	}
	char detail[160];
	snprintf(detail, sizeof(detail), "rows=%lld inserted=%lld updated=%lld unchanged=%lld",
		 (long long)res->r.rows, (long long)res->r.inserted, (long long)res->r.updated,
		 (long long)res->unchanged);
	rc = store_import_finish(app->st, run.w.import_id, run.w.now, res->r.inserted,
				 res->r.updated);
	if (!rc)
		rc = app_audit(app, a, "import", name, NULL, detail);
	if (rc) {
		pb_store(app, pb, rc);
		goto fail;
	}
	return app_commit(app, pb);
fail:
	app_rollback(app);
	return pb->status;
}

/* ---- export ---- */

int app_export(struct app *app, const struct actor *a, const struct case_query *q,
	       unsigned format, const char *destination, FILE *out, int64_t *rows,
	       struct app_problem *pb)
{
	bool hxl = format & APP_EXPORT_HXL;
	app_problem_init(pb);
	*rows = 0;
	if (!actor_may(a, R_EXPORT))
		return pb_set(pb, APP_FORBIDDEN, "export_forbidden", "%s", "");
	struct export_opts eo = { .hxl = hxl,
				  .separator = format & APP_EXPORT_SEMICOLON ? ';' : ',' };
	struct strbuf folded = STRBUF_INIT, detail = STRBUF_INIT;
	struct case_query all = *q;
	all.cursor = NULL;
	int rc = case_query_filter(a, &all, &eo.filter, &folded, pb);
	/* Personal data leaves the database only with a record of who took what,
	 * committed before the first row is written. */
	if (!rc) {
		case_query_detail(q, &detail);
		strbuf_addf(&detail, " hxl=%d", hxl);
		if (eo.separator != ',')
			strbuf_addf(&detail, " separator=%c", eo.separator);
		rc = app_begin(app, pb);
	}
	if (!rc) {
		int src = app_audit(app, a, "export", destination, q->office, detail.buf);
		rc = src ? pb_store(app, pb, src) : app_commit(app, pb);
		if (src)
			app_rollback(app);
	}
	strbuf_release(&detail);
	if (rc) {
		strbuf_release(&folded);
		return rc;
	}
	struct strbuf err = STRBUF_INIT;
	rc = csv_export(app->st, out, &eo, rows, &err);
	strbuf_release(&folded);
	if (rc) {
		snprintf(pb->detail, sizeof(pb->detail), "%s", err.buf);
		strbuf_release(&err);
		return rc == RT_EBUSY ? pb_store(app, pb, rc)
		       : pb_set(pb, APP_ERROR, "export_failed", "%s", "");
	}
	strbuf_release(&err);
	return APP_OK;
}

/* ---- the factsheet ---- */

int app_check_report(const struct actor *a, const char *office, bool public_,
		     struct app_problem *pb)
{
	app_problem_init(pb);
	if (!actor_may(a, R_REPORT))
		return pb_set(pb, APP_FORBIDDEN, "report_forbidden", "%s", "");
	if (public_ || a->all_offices)
		return APP_OK;
	/* a private factsheet covers the actor's own offices only */
	if (!office && strchr(a->offices, ' '))
		return pb_set(pb, APP_FORBIDDEN, "report_office_required", "%s", a->offices);
	if (office && !actor_holds(a, office, strlen(office)))
		return pb_set(pb, APP_FORBIDDEN, "office_not_held", "%.40s", office);
	return APP_OK;
}

int app_report(struct app *app, const struct actor *a, struct report_opts *o,
	       struct report *r, struct app_problem *pb)
{
	app_problem_init(pb);
	memset(r, 0, sizeof(*r));
	if (app_check_report(a, o->office, o->public_, pb))
		return pb->status;
	if (o->office && vocab_find(&app->v, VL_OFFICE, o->office, strlen(o->office)) < 0)
		return pb_set(pb, APP_BAD_REQUEST, "unknown_office", "%.40s", o->office);
	if (o->program && vocab_find(&app->v, VL_PROGRAM, o->program, strlen(o->program)) < 0)
		return pb_set(pb, APP_BAD_REQUEST, "unknown_program", "%.40s", o->program);
	if (o->public_)
		return app_public_report(app, o, r, pb);
	if (!a->all_offices && !o->office)
		o->office = a->offices;   /* the one office the actor holds */
	struct strbuf err = STRBUF_INIT;
	int rc = report_compute(app->st, &app->v, o, r, &err);
	if (rc) {
		snprintf(pb->detail, sizeof(pb->detail), "%s", err.buf);
		strbuf_release(&err);
		return rc == RT_EBUSY ? pb_store(app, pb, rc)
		       : pb_set(pb, APP_ERROR, "report_failed", "%s", "");
	}
	strbuf_release(&err);
	r->publisher = app_publisher(app);   /* the publisher block (settings.c) */
	return APP_OK;
}
