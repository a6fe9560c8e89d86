/* case_write.c: saving cases with their rules and history; see case_write.h. */
#include "case_write.h"
#include "../core/clock.h"

void case_writer_init(struct case_writer *w, struct store *st, const struct vocab *v,
		      const char *actor, const char *source)
{
	memset(w, 0, sizeof(*w));
	w->st = st;
	w->vocab = v;
	w->actor = actor;
	w->source = source;
	w->today = date_today();
	clock_now_iso(w->now);
}

static void copy_code(char *out, size_t size, const char *s, size_t len)
{
	snprintf(out, size, "%.*s", (int)len, s);
}

/* Updates the stored case `ref` to cv, which case_check() has passed. */
static int update(struct case_writer *w, const struct store_case_ref *ref,
		  const struct case_values *cv, struct case_check *chk, const char *effective_date)
{
	int rc;
	if (w->import_id && ref->import_id == w->import_id) {
		case_issue_add(chk, F_CASE_ID, "duplicate_case_id",
			       "'%.*s' appears more than once in this file", (int)cv->len[F_CASE_ID],
			       cv->v[F_CASE_ID]);
		return RT_EINVAL;
	}
	int from = status_from_code(ref->status, strlen(ref->status));
	bool moved = from != chk->status;
	if (moved && (from == ST_NONE || !status_can_move(from, chk->status))) {
		case_issue_add(chk, F_STATUS, "status_backward",
			       "cannot move from '%s' to '%s': statuses only move forward "
			       "(and to withdrawn only before departure)",
			       ref->status, status_codes[chk->status]);
		return RT_EINVAL;
	}
	rc = store_case_update(w->st, ref->id, cv, w->import_id, w->now);
	if (!rc)
		rc = store_survey_put(w->st, ref->id, cv);
	if (!rc && moved) {
		char to[32];
		copy_code(to, sizeof(to), cv->v[F_STATUS], cv->len[F_STATUS]);
		rc = store_history_add(w->st, ref->id, w->now, w->actor, ref->status, to,
				       effective_date, w->source);
	}
	if (!rc)
		w->updated++;
	return rc;
}

int case_save(struct case_writer *w, const struct case_values *cv, struct case_check *chk)
{
	if (case_check(w->vocab, cv, w->today, chk))
		return RT_EINVAL;
	int64_t id;
	/* Inserting first costs nothing extra for new cases (the common, bulk
	 * case); a taken case_id means an update. */
	int rc = store_case_insert(w->st, cv, w->import_id, w->now, &id);
	if (rc == RT_EEXISTS) {
		struct store_case_ref ref;
		rc = store_case_find(w->st, cv->v[F_CASE_ID], cv->len[F_CASE_ID], &ref);
		return rc ? rc : update(w, &ref, cv, chk, NULL);
	}
	if (!rc && cv->v[F_SURVEY_DATE])
		rc = store_survey_put(w->st, id, cv);
	if (!rc)
		w->inserted++;
	return rc;
}

int case_set_status(struct case_writer *w, const char *case_id, const char *status,
		    const char *date, struct case_check *chk)
{
	struct store_case_ref ref;
	struct case_values cv;
	struct strbuf arena = STRBUF_INIT;
	chk->n = chk->dropped = 0;
	int rc = store_case_find(w->st, case_id, strlen(case_id), &ref);
	if (!rc)
		rc = store_case_get(w->st, ref.id, &cv, &arena);
	if (rc)
		goto out;
	cv.v[F_STATUS] = status;
	cv.len[F_STATUS] = strlen(status);
	if (date) {
		int st = status_from_code(status, strlen(status));
		int f = st == ST_COUNSELLED ? F_COUNSELLING_DATE
			: st == ST_DEPARTED ? F_DEPARTURE_DATE : -1;
		if (f >= 0) {
			cv.v[f] = date;
			cv.len[f] = strlen(date);
		}
		rt_date d;
		if (parse_date(date, strlen(date), &d)) {
			case_issue_add(chk, f >= 0 ? f : F_STATUS, "bad_date",
				       "'%s' is not a date that exists (expected YYYY-MM-DD)", date);
			rc = RT_EINVAL;
			goto out;
		}
	}
	/* the case exists: check it as it would be, then update it */
	rc = case_check(w->vocab, &cv, w->today, chk) ? RT_EINVAL : update(w, &ref, &cv, chk, date);
out:
	strbuf_release(&arena);
	return rc;
}
