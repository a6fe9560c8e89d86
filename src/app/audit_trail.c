/* audit_trail.c: reading the audit trail; see app.h. Nothing here or
 * anywhere in retorno changes or removes an audit row. */
#include "app_impl.h"

struct audit_ctx {
	audit_fn fn;
	void *ctx;
	int limit, shown;
	int64_t last_id;
	bool more;
};

#define AUDIT_PAGE_FULL 0x4000

static int on_row(void *p, int ncol, const char *const *val)
{
	struct audit_ctx *c = p;
	(void)ncol;
	if (c->shown == c->limit) {
		c->more = true;
		return AUDIT_PAGE_FULL;
	}
	unsigned long long id = 0;
	parse_uint(val[0], strlen(val[0]), INT64_MAX, &id);
	struct audit_row r = { .id = (int64_t)id, .at = val[1], .actor = val[2], .action = val[3],
			       .case_id = val[4], .office = val[5], .detail = val[6] };
	c->shown++;
	c->last_id = r.id;
	return c->fn(c->ctx, &r);
}

int app_audit_list(struct app *app, const struct actor *a, const struct audit_query *q,
		   audit_fn fn, void *ctx, char next[32], struct app_problem *pb)
{
	app_problem_init(pb);
	next[0] = '\0';
	if (!actor_may(a, R_AUDIT))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	struct store_audit_filter f = {
		.actor = q->user, .target = q->case_id, .action = q->action,
		.scope = a->role == ROLE_ADMIN ? NULL : (a->all_offices ? NULL : a->offices),
	};
	/* a supervisor of every office still sees only rows about offices */
	const char *all = NULL;
	struct strbuf every = STRBUF_INIT;
	if (a->role != ROLE_ADMIN && a->all_offices) {
		for (int i = 0; i < app->v.count[VL_OFFICE]; i++)
			strbuf_addf(&every, "%s%s", i ? " " : "", vocab_at(&app->v, VL_OFFICE, i)->code);
		all = every.buf;
		f.scope = all;
	}
	char to[16];
	rt_date d;
	int status = APP_OK;
	if (q->from && parse_date(q->from, strlen(q->from), &d))
		status = pb_set(pb, APP_BAD_REQUEST, "bad_date_param", "from" MSG_SEP "%.20s", q->from);
	if (!status && q->to) {
		if (parse_date(q->to, strlen(q->to), &d))
			status = pb_set(pb, APP_BAD_REQUEST, "bad_date_param", "to" MSG_SEP "%.20s",
					q->to);
		else
			format_date(d + 1, to);   /* `to` is inclusive: before the next day */
	}
	f.from = q->from;
	f.to = q->to ? to : NULL;
	int limit = q->limit ? q->limit : 100;
	if (!status && (limit < 1 || limit > 500))
		status = pb_set(pb, APP_BAD_REQUEST, "bad_limit", "%d", limit);
	if (!status && q->cursor && *q->cursor) {
		unsigned long long c;
		if (parse_uint(q->cursor, strlen(q->cursor), INT64_MAX, &c))
			status = pb_set(pb, APP_BAD_REQUEST, "bad_cursor", "%.40s", q->cursor);
		else
			f.before_id = (int64_t)c;
	}
	if (status) {
		strbuf_release(&every);
		return status;
	}
	f.limit = limit + 1;
	struct audit_ctx c = { .fn = fn, .ctx = ctx, .limit = limit };
	int rc = store_audit_each(app->st, &f, on_row, &c);
	strbuf_release(&every);
	if (rc == AUDIT_PAGE_FULL)
		rc = RT_OK;
	if (rc > 0) {
		snprintf(pb->detail, sizeof(pb->detail), "listing stopped");
		return pb_set(pb, APP_ERROR, "output_failed", "%s", "");
	}
	if (rc)
		return pb_store(app, pb, rc);
	if (c.more)
		snprintf(next, 32, "%lld", (long long)c.last_id);
	return APP_OK;
}
