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

bool case_value_equal(const struct case_values *a, const struct case_values *b, int f)
{
	if (!a->v[f] || !b->v[f])
		return !a->v[f] && !b->v[f];
	return a->len[f] == b->len[f] && !memcmp(a->v[f], b->v[f], a->len[f]);
}

static void copy_value(char *out, size_t size, const struct case_values *cv, int f)
{
	snprintf(out, size, "%.*s", (int)cv->len[f], cv->v[f] ? cv->v[f] : "");
}

int case_insert(struct case_writer *w, const struct case_values *cv, struct case_check *chk,
		int64_t *id)
{
	if (case_check(w->vocab, cv, w->today, chk))
		return RT_EINVAL;
	int rc = store_case_insert(w->st, cv, w->import_id, w->now, id);
	if (!rc && cv->v[F_SURVEY_DATE])
		rc = store_survey_put(w->st, *id, cv);
	/* a case registered one by one gets a "created" row; a case that came
	 * with a file (or the demo) points to its import batch, which says who,
	 * when and which file, once for all its rows */
	if (!rc && !w->import_id) {
		char to[32];
		copy_value(to, sizeof(to), cv, F_STATUS);
		struct store_history h = { .kind = "created", .to = to, .source = w->source };
		rc = store_history_add(w->st, *id, w->now, w->actor, &h);
	}
	if (!rc)
		w->inserted++;
	return rc;
}

int case_mark_duplicate(struct case_writer *w, const struct store_case_ref *ref,
			const char *of, bool *changed)
{
	if (of && !*of)
		of = NULL;
	*changed = strcmp(of ? of : "", ref->duplicate_of) != 0;
	if (!*changed)
		return RT_OK;
	int rc = store_case_set_duplicate(w->st, ref->id, of, w->now);
	if (!rc) {
		struct store_history h = { .kind = "edit", .source = w->source,
					   .fields = "duplicate_of",
					   .from = ref->duplicate_of[0] ? ref->duplicate_of : NULL,
					   .to = of };
		rc = store_history_add(w->st, ref->id, w->now, w->actor, &h);
	}
	if (!rc)
		w->updated++;
	return rc;
}

int case_update(struct case_writer *w, const struct store_case_ref *ref,
		const struct case_values *old, const struct case_values *cv,
		const struct case_update *u, struct case_check *chk, bool *changed)
{
	static const struct case_update plain;
	if (!u)
		u = &plain;
	*changed = false;
	if (w->import_id && ref->import_id == w->import_id) {
		chk->n = chk->dropped = 0;
		case_issue_add(chk, F_CASE_ID, "duplicate_case_id", "%.*s", (int)cv->len[F_CASE_ID],
			       cv->v[F_CASE_ID]);
		return RT_EINVAL;
	}
	if (case_check(w->vocab, cv, w->today, chk))
		return RT_EINVAL;
	int from = status_from_code(ref->status, strlen(ref->status));
	bool moved = from != chk->status;
	if (moved && !u->correction && (from == ST_NONE || !status_can_move(from, chk->status))) {
		case_issue_add(chk, F_STATUS, "status_backward", "%s" MSG_SEP "%s", ref->status,
			       status_codes[chk->status]);
		return RT_EINVAL;
	}
	bool transferred = !case_value_equal(old, cv, F_OFFICE) ||
			   !case_value_equal(old, cv, F_REGISTRATION_POINT);
	struct strbuf fields = STRBUF_INIT;
	for (int f = 0; f < F_COUNT; f++)
		if (f != F_STATUS && f != F_OFFICE && f != F_REGISTRATION_POINT &&
		    !case_value_equal(old, cv, f))
			strbuf_addf(&fields, "%s%s", fields.len ? " " : "", case_column_name[f]);
	if (!moved && !transferred && !fields.len) {
		/* the same as stored: nothing is written, but an import marks the
		 * row as seen, so that the same case_id twice in a file is caught */
		int rc = w->import_id ? store_case_mark_import(w->st, ref->id, w->import_id) : RT_OK;
		if (!rc)
			w->unchanged++;
		strbuf_release(&fields);
		return rc;
	}
	int rc = store_case_update(w->st, ref->id, cv, w->import_id, w->now);
	if (!rc)
		rc = store_survey_put(w->st, ref->id, cv);
	if (!rc && transferred) {
		char a[160], b[160];
		snprintf(a, sizeof(a), "%s/%s", ref->office, ref->point);
		snprintf(b, sizeof(b), "%.*s/%.*s", (int)cv->len[F_OFFICE], cv->v[F_OFFICE],
			 (int)cv->len[F_REGISTRATION_POINT], cv->v[F_REGISTRATION_POINT]);
		struct store_history h = { .kind = "transfer", .from = a, .to = b,
					   .source = w->source };
		rc = store_history_add(w->st, ref->id, w->now, w->actor, &h);
	}
	if (!rc && moved) {
		char to[32];
		copy_value(to, sizeof(to), cv, F_STATUS);
		/* the fields that changed with the move (its date, the transport
		 * booked) are recorded with it */
		struct store_history h = { .kind = u->correction ? "correction" : "status",
					   .from = ref->status, .to = to, .date = u->date,
					   .source = w->source, .reason = u->reason,
					   .fields = fields.len ? fields.buf : NULL };
		rc = store_history_add(w->st, ref->id, w->now, w->actor, &h);
	}
	if (!rc && fields.len && !moved) {
		struct store_history h = { .kind = "edit", .source = w->source, .fields = fields.buf };
		rc = store_history_add(w->st, ref->id, w->now, w->actor, &h);
	}
	strbuf_release(&fields);
	if (!rc) {
		w->updated++;
		*changed = true;
	}
	return rc;
}
