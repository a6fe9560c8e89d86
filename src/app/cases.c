/* cases.c: the use cases on single cases; see app.h. */
#include "app_impl.h"
#include "../core/fold.h"
#include "../core/textcheck.h"
#include "../domain/case_write.h"
#include <jansson.h>
#include <time.h>

/* Finds a case the actor may see: APP_NOT_FOUND for an unknown case and for
 * a case of an office the actor does not hold alike. */
int app_find_case(struct app *app, const struct actor *a, const char *case_id,
		  struct store_case_ref *ref, struct app_problem *pb)
{
	size_t len = case_id ? strlen(case_id) : 0;
	int rc = len && len <= 64 ? store_case_find(app->st, case_id, len, ref) : RT_ENOTFOUND;
	if (rc == RT_ENOTFOUND || (!rc && !actor_holds(a, ref->office, strlen(ref->office))))
		return pb_set(pb, APP_NOT_FOUND, "case_not_found", "%.64s", case_id ? case_id : "");
	return rc ? pb_store(app, pb, rc) : APP_OK;
}

/* Reads the stored case into out (inside the caller's transaction). */
int app_read_case(struct app *app, const char *case_id, struct case_record *out,
		  struct app_problem *pb)
{
	struct store_case_ref ref;
	if (!out)
		return APP_OK;
	strbuf_reset(&out->arena);
	int rc = store_case_find(app->st, case_id, strlen(case_id), &ref);
	if (!rc)
		rc = store_case_get(app->st, ref.id, &out->v, &out->arena);
	if (rc)
		return pb_store(app, pb, rc);
	out->version = ref.version;
	snprintf(out->duplicate_of, sizeof(out->duplicate_of), "%s", ref.duplicate_of);
	return APP_OK;
}

static json_t *value_json(const struct case_values *cv, int f)
{
	return cv->v[f] ? json_stringn(cv->v[f], cv->len[f]) : json_null();
}

/* The audit detail of a change: {"column": [before, after], ...}. */
static char *change_detail(const struct case_values *old, const struct case_values *cv,
			   const char *reason)
{
	json_t *o = json_object();
	for (int f = 0; f < F_COUNT; f++) {
		if (old && case_value_equal(old, cv, f))
			continue;
		if (!old && !cv->v[f])
			continue;
		json_object_set_new(o, case_column_name[f],
				    json_pack("[oo]", old ? value_json(old, f) : json_null(),
					      value_json(cv, f)));
	}
	if (reason)
		json_object_set_new(o, "reason", json_string(reason));
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

int app_case_visible(struct app *app, const struct actor *a, const char *case_id,
		     int64_t *version, struct app_problem *pb)
{
	struct store_case_ref ref;
	app_problem_init(pb);
	if (!actor_may(a, R_CASES))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	if (app_find_case(app, a, case_id, &ref, pb))
		return pb->status;
	if (version)
		*version = ref.version;
	return APP_OK;
}

int app_case_id_taken(struct app *app, const char *case_id, struct app_problem *pb)
{
	struct store_case_ref ref;
	app_problem_init(pb);
	size_t len = case_id ? strlen(case_id) : 0;
	int rc = len && len <= 64 ? store_case_find(app->st, case_id, len, &ref) : RT_ENOTFOUND;
	if (rc == RT_ENOTFOUND)
		return APP_OK;
	if (rc)
		return pb_store(app, pb, rc);
	return pb_set(pb, APP_EXISTS, "case_exists", "%s", case_id);
}

int app_case_get(struct app *app, const struct actor *a, const char *case_id,
		 struct case_record *out, struct app_problem *pb)
{
	struct store_case_ref ref;
	app_problem_init(pb);
	if (!actor_may(a, R_CASES))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	size_t len = case_id ? strlen(case_id) : 0;
	strbuf_reset(&out->arena);
	int rc = len && len <= 64 ? store_case_read(app->st, case_id, len, &ref, &out->v, &out->arena)
		 : RT_ENOTFOUND;
	if (!rc && !actor_holds(a, ref.office, strlen(ref.office)))
		rc = RT_ENOTFOUND;   /* another office's case reads like an unknown one */
	if (rc) {
		case_record_release(out);
		return rc == RT_ENOTFOUND
		       ? pb_set(pb, APP_NOT_FOUND, "case_not_found", "%.64s", case_id ? case_id : "")
		       : pb_store(app, pb, rc);
	}
	out->version = ref.version;
	snprintf(out->duplicate_of, sizeof(out->duplicate_of), "%s", ref.duplicate_of);
	/* the record goes back only once the read is in the audit trail */
	if ((rc = app_audit_read(app, a, "case_read", case_id, ref.office))) {
		case_record_release(out);
		return pb_store(app, pb, rc);
	}
	return APP_OK;
}

/* ---- registering ---- */

/* MX-2026-000123: the office, the registration year, a sequence per both. */
static int assign_id(struct app *app, const struct case_values *cv, char id[72],
		     struct app_problem *pb)
{
	char prefix[48];
	size_t n = 0;
	for (size_t i = 0; i < cv->len[F_OFFICE] && n < 24; i++) {
		char c = cv->v[F_OFFICE][i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			prefix[n++] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
	}
	if (!n)
		prefix[n++] = 'X';
	rt_date reg;
	int y, m, d;
	if (cv->v[F_REGISTRATION_DATE] && !parse_date(cv->v[F_REGISTRATION_DATE],
						      cv->len[F_REGISTRATION_DATE], &reg))
		date_to_ymd(reg, &y, &m, &d);
	else
		date_to_ymd(date_today(), &y, &m, &d);
	snprintf(prefix + n, sizeof(prefix) - n, "-%04d", y);
	for (int tries = 0; tries < 1000; tries++) {
		int64_t seq;
		struct store_case_ref ref;
		int rc = store_next_seq(app->st, prefix, &seq);
		if (rc)
			return pb_store(app, pb, rc);
		snprintf(id, 72, "%s-%06lld", prefix, (long long)seq);
		rc = store_case_find(app->st, id, strlen(id), &ref);
		if (rc == RT_ENOTFOUND)
			return APP_OK;
		if (rc)
			return pb_store(app, pb, rc);
		/* taken by an imported case: take the next number */
	}
	snprintf(pb->detail, sizeof(pb->detail), "no free case id for %s", prefix);
	return pb_set(pb, APP_ERROR, "database_error", "%s", "");
}

static bool is_status(const char *s, size_t len, const char *code)
{
	return s && len == strlen(code) && !memcmp(s, code, len);
}

int app_check_create(const struct actor *a, const char *status, size_t status_len,
		     const char *office, size_t office_len, struct app_problem *pb)
{
	app_problem_init(pb);
	if (!actor_may(a, R_CASES))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	/* a role that may not approve registers cases at the first steps only */
	if (status && !actor_may(a, R_APPROVE) && !is_status(status, status_len, "registered") &&
	    !is_status(status, status_len, "counselled"))
		return pb_set(pb, APP_FORBIDDEN, "create_status_forbidden", "%.*s",
			      (int)(status_len > 40 ? 40 : status_len), status);
	if (office && !actor_holds(a, office, office_len))
		return pb_set(pb, APP_FORBIDDEN, "office_not_held", "%.*s",
			      (int)(office_len > 40 ? 40 : office_len), office);
	return APP_OK;
}

int app_check_move(const struct actor *a, const char *status, struct app_problem *pb)
{
	app_problem_init(pb);
	if (!actor_may(a, R_CASES) || !actor_may(a, R_MOVE))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	if (status && (!strcmp(status, "approved") || !strcmp(status, "ineligible")) &&
	    !actor_may(a, R_APPROVE))
		return pb_set(pb, APP_FORBIDDEN, "approve_forbidden", "%.32s", status);
	return APP_OK;
}

/* Registers one case inside the caller's transaction. `group` (NULL: as
 * given) sets its group_id; `id` (NULL: as given, or assigned) its case_id.
 * On failure the problem is set and the caller rolls back. */
static int create_in_tx(struct app *app, const struct actor *a, const struct case_input *in,
			const char *group, const char *given_id, struct case_record *out,
			struct app_problem *pb)
{
	struct case_values cv = in->v;
	for (int f = 0; f < F_COUNT; f++)
		if (!(in->present & (1ull << f)))
			cv.v[f] = NULL, cv.len[f] = 0;
	if (!cv.v[F_STATUS]) {
		cv.v[F_STATUS] = "registered";
		cv.len[F_STATUS] = strlen("registered");
	}
	if (group) {
		cv.v[F_GROUP_ID] = group;
		cv.len[F_GROUP_ID] = strlen(group);
	}
	if (given_id) {
		cv.v[F_CASE_ID] = given_id;
		cv.len[F_CASE_ID] = strlen(given_id);
	}
	if (app_check_create(a, cv.v[F_STATUS], cv.len[F_STATUS], cv.v[F_OFFICE],
			     cv.len[F_OFFICE], pb))
		return pb->status;
	char id[72];
	struct case_writer w;
	struct store_case_ref ref;
	int64_t rowid;
	int rc;
	if (cv.v[F_CASE_ID] && !given_id) {
		rc = cv.len[F_CASE_ID] <= 64
		     ? store_case_find(app->st, cv.v[F_CASE_ID], cv.len[F_CASE_ID], &ref)
		     : RT_ENOTFOUND;
		if (!rc)
			/* ids are not secret: a taken one is taken, in any office */
			return pb_set(pb, APP_EXISTS, "case_exists", "%.*s", (int)cv.len[F_CASE_ID],
				      cv.v[F_CASE_ID]);
		if (rc != RT_ENOTFOUND)
			return pb_store(app, pb, rc);
		snprintf(id, sizeof(id), "%.*s", (int)(cv.len[F_CASE_ID] > 64 ? 64 : cv.len[F_CASE_ID]),
			 cv.v[F_CASE_ID]);
	} else if (given_id) {
		snprintf(id, sizeof(id), "%s", given_id);
	} else {
		if (!cv.v[F_OFFICE]) {
			/* no office: the rules say so, before an id can be made */
			case_writer_init(&w, app->st, &app->v, a->name, a->source);
			case_check(&app->v, &cv, w.today, &pb->chk);
			return pb_invalid(pb, &pb->chk);
		}
		if (assign_id(app, &cv, id, pb))
			return pb->status;
		cv.v[F_CASE_ID] = id;
		cv.len[F_CASE_ID] = strlen(id);
	}
	case_writer_init(&w, app->st, &app->v, a->name, a->source);
	rc = case_insert(&w, &cv, &pb->chk, &rowid);
	if (rc == RT_EINVAL)
		return pb_invalid(pb, &pb->chk);
	char *detail = rc ? NULL : change_detail(NULL, &cv, NULL);
	if (!rc) {
		char office[64];
		snprintf(office, sizeof(office), "%.*s", (int)cv.len[F_OFFICE], cv.v[F_OFFICE]);
		rc = app_audit(app, a, "case_create", id, office, detail);
	}
	free(detail);
	if (rc)
		return pb_store(app, pb, rc);
	if (out && app_read_case(app, id, out, pb))
		return pb->status;
	return APP_OK;
}

int app_case_create(struct app *app, const struct actor *a, const struct case_input *in,
		    struct case_record *out, struct app_problem *pb)
{
	app_problem_init(pb);
	if (!actor_may(a, R_CASES))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	if (app_begin(app, pb))
		return pb->status;
	if (create_in_tx(app, a, in, NULL, NULL, out, pb)) {
		app_rollback(app);
		return pb->status;
	}
	return app_commit(app, pb);
}

int app_case_create_family(struct app *app, const struct actor *a, const struct case_input *in,
			   int n, char (*ids)[72], struct app_problem *pbs,
			   struct app_problem *pb)
{
	app_problem_init(pb);
	for (int i = 0; i < n; i++) {
		app_problem_init(&pbs[i]);
		ids[i][0] = '\0';
	}
	if (!actor_may(a, R_CASES))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	if (n < 1 || n > APP_FAMILY_MAX)
		return pb_set(pb, APP_BAD_REQUEST, "family_size", "%d", APP_FAMILY_MAX);
	if (app_begin(app, pb))
		return pb->status;
	/* a family without a group gets the first person's case id as its
	 * group: assigned first, so that everyone is registered with it */
	char group[72] = "", first[72] = "";
	const struct case_input *p0 = &in[0];
	bool has_group = (p0->present & (1ull << F_GROUP_ID)) && p0->v.v[F_GROUP_ID];
	bool has_id = (p0->present & (1ull << F_CASE_ID)) && p0->v.v[F_CASE_ID];
	if (n > 1 && !has_group && !has_id && (p0->present & (1ull << F_OFFICE)) &&
	    p0->v.v[F_OFFICE]) {
		if (assign_id(app, &p0->v, first, pb)) {
			app_rollback(app);
			return pb->status;
		}
		snprintf(group, sizeof(group), "%s", first);
	} else if (n > 1 && !has_group && has_id && p0->v.len[F_CASE_ID] < sizeof(group)) {
		snprintf(group, sizeof(group), "%.*s", (int)p0->v.len[F_CASE_ID], p0->v.v[F_CASE_ID]);
	}
	int failed = 0, status = APP_OK;
	for (int i = 0; i < n; i++) {
		struct case_record rec = { .arena = STRBUF_INIT };
		bool own_group = (in[i].present & (1ull << F_GROUP_ID)) && in[i].v.v[F_GROUP_ID];
		if (create_in_tx(app, a, &in[i], group[0] && !own_group ? group : NULL,
				 i == 0 && first[0] ? first : NULL, &rec, &pbs[i])) {
			failed++;
			/* the first refusal that is not a rule decides the answer */
			if (pbs[i].status != APP_INVALID && (status == APP_OK || status == APP_INVALID))
				status = pbs[i].status;
			else if (status == APP_OK)
				status = APP_INVALID;
			if (pbs[i].status == APP_BUSY || pbs[i].status == APP_ERROR)
				break;
		} else {
			snprintf(ids[i], 72, "%.*s", (int)rec.v.len[F_CASE_ID], rec.v.v[F_CASE_ID]);
		}
		case_record_release(&rec);
	}
	if (failed) {
		app_rollback(app);
		for (int i = 0; i < n; i++)
			ids[i][0] = '\0';
		return pb_set(pb, status, status == APP_INVALID ? "family_invalid" : "family_refused",
			      "%d", failed);
	}
	return app_commit(app, pb);
}

/* ---- changing a stored case ---- */

enum op { OP_EDIT, OP_MOVE, OP_TRANSFER, OP_CORRECT };
static const char *const op_action[] = { "case_edit", "case_move", "case_transfer",
					 "case_correct" };

struct change {
	enum op op;
	int64_t if_version;
	const struct case_input *in;
	const char *status, *date, *office, *point, *reason;
};

/* The columns that only a status move or a transfer may change. */
static const char *reserved_code(int f)
{
	switch (f) {
	case F_STATUS: return "use_status_move";
	case F_OFFICE: case F_REGISTRATION_POINT: return "use_transfer";
	case F_CASE_ID: return "read_only";
	default: return NULL;
	}
}

/* Applies the input's fields to cv; reserved columns are refused. */
static void apply_input(const struct case_input *in, struct case_values *cv,
			struct case_check *chk)
{
	if (!in)
		return;
	for (int f = 0; f < F_COUNT; f++) {
		if (!(in->present & (1ull << f)))
			continue;
		const char *why = reserved_code(f);
		if (why) {
			case_issue_add(chk, f, why, "%s", case_column_name[f]);
			continue;
		}
		cv->v[f] = in->v.v[f];
		cv->len[f] = in->v.v[f] ? in->v.len[f] : 0;
	}
}

static void set_value(struct case_values *cv, int f, const char *s)
{
	cv->v[f] = s;
	cv->len[f] = s ? strlen(s) : 0;
}

/* The rights a change needs, before anything is looked up (403 comes before
 * 404). */
static int check_rights(const struct actor *a, const struct change *c, struct app_problem *pb)
{
	if (!actor_may(a, R_CASES))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	switch (c->op) {
	case OP_EDIT:
		return APP_OK;
	case OP_MOVE:
		return app_check_move(a, c->status, pb);
	case OP_TRANSFER:
		return actor_may(a, R_TRANSFER) ? APP_OK
		       : pb_set(pb, APP_FORBIDDEN, "transfer_forbidden", "%s", "");
	case OP_CORRECT:
		return actor_may(a, R_CORRECT) ? APP_OK
		       : pb_set(pb, APP_FORBIDDEN, "correct_forbidden", "%s", "");
	}
	return APP_FORBIDDEN;
}

static int change_case(struct app *app, const struct actor *a, const char *case_id,
		       const struct change *c, struct case_record *out, struct app_problem *pb)
{
	app_problem_init(pb);
	if (check_rights(a, c, pb))
		return pb->status;
	if (app_begin(app, pb))
		return pb->status;
	struct store_case_ref ref;
	struct case_values old, cv;
	struct strbuf arena = STRBUF_INIT;
	struct case_update u = { .correction = c->op == OP_CORRECT, .reason = c->reason,
				 .date = c->date };
	struct case_check *chk = &pb->chk;
	int rc;
	if (app_find_case(app, a, case_id, &ref, pb))
		goto fail;
	if (c->if_version >= 0 && c->if_version != ref.version) {
		pb_set(pb, APP_STALE, "stale_version", "%lld" MSG_SEP "%lld",
		       (long long)c->if_version, (long long)ref.version);
		goto fail;
	}
	if ((rc = store_case_get(app->st, ref.id, &old, &arena))) {
		pb_store(app, pb, rc);
		goto fail;
	}
	cv = old;
	chk->n = chk->dropped = 0;
	int st_old = status_from_code(ref.status, strlen(ref.status));
	switch (c->op) {
	case OP_EDIT:
		apply_input(c->in, &cv, chk);
		break;
	case OP_MOVE:
	case OP_CORRECT:
		apply_input(c->in, &cv, chk);
		set_value(&cv, F_STATUS, c->status);
		if (c->op == OP_CORRECT && (!c->reason || !*c->reason))
			case_issue_add(chk, F_STATUS, "reason_required", "%s", "");
		struct text_verdict tv;
		if (c->op == OP_CORRECT && c->reason &&
		    text_check(c->reason, strlen(c->reason), 0, &tv)) {
			/* the reason is shown in the history: no control or bidi character */
			char p1[16], p2[16];
			const char *code = text_verdict_code(&tv, p1, p2);
			case_issue_add(chk, F_STATUS, code, "%s" MSG_SEP "%s", p1, p2);
		}
		if (c->op == OP_CORRECT && c->status && !strcmp(c->status, ref.status))
			case_issue_add(chk, F_STATUS, "correction_same", "%.32s", ref.status);
		if (c->date) {
			int st = status_from_code(c->status, strlen(c->status));
			int f = st == ST_COUNSELLED ? F_COUNSELLING_DATE
				: st == ST_DEPARTED ? F_DEPARTURE_DATE : -1;
			rt_date d;
			if (parse_date(c->date, strlen(c->date), &d))
				case_issue_add(chk, f >= 0 ? f : F_STATUS, "bad_date", "%.40s", c->date);
			else if (f >= 0)
				set_value(&cv, f, c->date);
		}
		break;
	case OP_TRANSFER:
		if (status_at_least(st_old, ST_DEPARTED))
			case_issue_add(chk, F_OFFICE, "transfer_after_departure", "%s", ref.status);
		set_value(&cv, F_OFFICE, c->office);
		set_value(&cv, F_REGISTRATION_POINT, c->point);
		break;
	}
	if (chk->n) {
		pb_invalid(pb, chk);
		goto fail;
	}
	struct case_writer w;
	bool changed;
	case_writer_init(&w, app->st, &app->v, a->name, a->source);
	rc = case_update(&w, &ref, &old, &cv, &u, chk, &changed);
	if (rc == RT_EINVAL) {
		pb_invalid(pb, chk);
		goto fail;
	}
	if (!rc && changed) {
		char *detail = change_detail(&old, &cv, c->reason);
		/* the office it was in: who held the case when it changed */
		rc = app_audit(app, a, op_action[c->op], case_id, ref.office, detail);
		if (!rc && c->op == OP_TRANSFER)
			rc = app_audit(app, a, "case_transfer_in", case_id, c->office, detail);
		free(detail);
	}
	if (rc) {
		pb_store(app, pb, rc);
		goto fail;
	}
	if (app_read_case(app, case_id, out, pb))
		goto fail;
	strbuf_release(&arena);
	return app_commit(app, pb);
fail:
	strbuf_release(&arena);
	app_rollback(app);
	return pb->status;
}

int app_case_edit(struct app *app, const struct actor *a, const char *case_id,
		  int64_t if_version, const struct case_input *in, struct case_record *out,
		  struct app_problem *pb)
{
	struct change c = { .op = OP_EDIT, .if_version = if_version, .in = in };
	return change_case(app, a, case_id, &c, out, pb);
}

int app_case_move(struct app *app, const struct actor *a, const char *case_id,
		  int64_t if_version, const char *status, const char *date,
		  const struct case_input *in, struct case_record *out, struct app_problem *pb)
{
	struct change c = { .op = OP_MOVE, .if_version = if_version, .in = in,
			    .status = status, .date = date };
	return change_case(app, a, case_id, &c, out, pb);
}

int app_case_transfer(struct app *app, const struct actor *a, const char *case_id,
		      int64_t if_version, const char *office, const char *point,
		      struct case_record *out, struct app_problem *pb)
{
	struct change c = { .op = OP_TRANSFER, .if_version = if_version, .office = office,
			    .point = point };
	return change_case(app, a, case_id, &c, out, pb);
}

int app_case_correct(struct app *app, const struct actor *a, const char *case_id,
		     const char *status, const char *reason, struct case_record *out,
		     struct app_problem *pb)
{
	struct change c = { .op = OP_CORRECT, .if_version = -1, .status = status,
			    .reason = reason };
	return change_case(app, a, case_id, &c, out, pb);
}

/* ---- reading many ---- */

struct history_ctx {
	history_fn fn;
	void *ctx;
};

static int on_history(void *p, int ncol, const char *const *val)
{
	struct history_ctx *h = p;
	(void)ncol;
	struct history_row row = {
		.at = val[0], .actor = val[1], .kind = val[2], .from = val[3], .to = val[4],
		.date = val[5], .source = val[6], .reason = val[7], .fields = val[8],
	};
	return h->fn(h->ctx, &row);
}

int app_case_history(struct app *app, const struct actor *a, const char *case_id,
		     history_fn fn, void *ctx, struct app_problem *pb)
{
	struct store_case_ref ref;
	struct history_ctx h = { fn, ctx };
	app_problem_init(pb);
	if (!actor_may(a, R_CASES))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	if (app_begin(app, pb))
		return pb->status;
	if (app_find_case(app, a, case_id, &ref, pb))
		goto fail;
	int rc = app_audit(app, a, "case_history", case_id, ref.office, NULL);
	if (!rc)
		rc = store_history_each(app->st, ref.id, on_history, &h);
	if (rc) {
		pb_store(app, pb, rc);
		goto fail;
	}
	return app_commit(app, pb);
fail:
	app_rollback(app);
	return pb->status;
}

#define LIST_PAGE_FULL 0x4000   /* on_listed's "stop": the page is full */

struct list_ctx {
	case_fn fn;
	void *ctx;
	int limit, shown;
	int64_t last_id;
	bool more;
};

static int on_listed(void *p, const struct case_values *cv, int64_t version, int64_t id)
{
	struct list_ctx *l = p;
	if (l->shown == l->limit) {
		l->more = true;      /* the row after the page: there is a next one */
		return LIST_PAGE_FULL;
	}
	l->shown++;
	l->last_id = id;
	return l->fn(l->ctx, cv, version);
}

static bool id_like(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

int case_query_filter(const struct actor *a, const struct case_query *q,
		      struct store_filter *f, struct strbuf *folded, struct app_problem *pb)
{
	memset(f, 0, sizeof(*f));
	f->program = q->program;
	f->office = q->office;
	f->status = q->status;
	f->from = q->registered_from;
	f->to = q->registered_to;
	f->point = q->point;
	f->scope = actor_scope(a);
	if (q->cursor && *q->cursor) {
		unsigned long long c;
		if (parse_uint(q->cursor, strlen(q->cursor), INT64_MAX, &c))
			return pb_set(pb, APP_BAD_REQUEST, "bad_cursor", "%.40s", q->cursor);
		f->after_id = (int64_t)c;
	}
	if (q->q && *q->q) {
		if (strlen(q->q) > 200)
			return pb_set(pb, APP_BAD_REQUEST, "query_too_long", "%d", 200);
		if (id_like(q->q))
			f->case_id = q->q;
		fold_append(folded, q->q, strlen(q->q));
		/* the folded words, in place: "jose hernandez" -> "jose", "hernandez" */
		char *p = folded->buf;
		for (int i = 0; i < STORE_NAME_TOKENS && p && *p; i++) {
			f->name_token[i] = p;
			p = strchr(p, ' ');
			if (p)
				*p++ = '\0';
		}
		if (!f->case_id && !f->name_token[0])
			f->case_id = "";   /* nothing searchable: matches no case */
	}
	return APP_OK;
}

void case_query_detail(const struct case_query *q, struct strbuf *sb)
{
	strbuf_addf(sb, "office=%s point=%s program=%s status=%s q=%s from=%s to=%s",
		    q->office ? q->office : "*", q->point ? q->point : "*",
		    q->program ? q->program : "*", q->status ? q->status : "*",
		    q->q ? q->q : "", q->registered_from ? q->registered_from : "*",
		    q->registered_to ? q->registered_to : "*");
}

int app_cases_list(struct app *app, const struct actor *a, const struct case_query *q,
		   case_fn fn, void *ctx, char next[32], struct app_problem *pb)
{
	app_problem_init(pb);
	next[0] = '\0';
	if (!actor_may(a, R_CASES))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	int limit = q->limit ? q->limit : 50;
	if (limit < 1 || limit > 500)
		return pb_set(pb, APP_BAD_REQUEST, "bad_limit", "%d", limit);
	struct store_filter f;
	struct strbuf folded = STRBUF_INIT;
	if (case_query_filter(a, q, &f, &folded, pb)) {
		strbuf_release(&folded);
		return pb->status;
	}
	f.limit = limit + 1;
	struct list_ctx l = { .fn = fn, .ctx = ctx, .limit = limit };
	if (app_begin(app, pb)) {
		strbuf_release(&folded);
		return pb->status;
	}
	int rc = store_cases_each(app->st, &f, on_listed, &l);
	if (rc == LIST_PAGE_FULL)
		rc = RT_OK;
	if (!rc) {
		struct strbuf detail = STRBUF_INIT;
		case_query_detail(q, &detail);
		strbuf_addf(&detail, " shown=%d", l.shown);
		rc = app_audit(app, a, "case_list", NULL, NULL, detail.buf);
		strbuf_release(&detail);
	}
	strbuf_release(&folded);
	if (rc) {
		if (rc > 0) {   /* the front end's callback stopped the list */
			app_rollback(app);
			snprintf(pb->detail, sizeof(pb->detail), "listing stopped");
			return pb_set(pb, APP_ERROR, "output_failed", "%s", "");
		}
		pb_store(app, pb, rc);
		app_rollback(app);
		return pb->status;
	}
	if (l.more)
		snprintf(next, 32, "%lld", (long long)l.last_id);
	return app_commit(app, pb);
}

int app_case_counts(struct app *app, const struct actor *a, store_row_fn fn, void *ctx,
		    struct app_problem *pb)
{
	app_problem_init(pb);
	if (!actor_may(a, R_CASES) && !actor_may(a, R_REPORT))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	int rc = store_case_counts(app->st, actor_scope(a), fn, ctx);
	return rc ? pb_store(app, pb, rc) : APP_OK;
}
