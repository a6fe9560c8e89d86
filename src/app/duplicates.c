/* duplicates.c: marking a case as a duplicate of another, and finding the
 * cases that may be the person about to be registered; see app.h. */
#include "app_impl.h"
#include "../domain/case_write.h"
#include "../domain/similar.h"
#include <jansson.h>

/* ---- marking ---- */

/* Whether `of` may be the original of the case `ref` (case_id): an issue
 * on the field duplicate_of in pb->chk otherwise (nothing else set). */
static int check_original(struct app *app, const struct actor *a, const char *case_id,
			  const char *of, struct app_problem *pb)
{
	struct store_case_ref orig;
	struct app_problem tmp;
	struct case_check *chk = &pb->chk;
	if (!strcmp(of, case_id)) {
		case_issue_add_plain(chk, F_DUPLICATE_OF, "duplicate_of_self");
		return RT_OK;
	}
	app_problem_init(&tmp);
	if (app_find_case(app, a, of, &orig, &tmp)) {
		if (tmp.status != APP_NOT_FOUND) {
			*pb = tmp;
			return pb->status;
		}
		/* unknown, or another office's: the same words */
		case_issue_add(chk, F_DUPLICATE_OF, "duplicate_of_unknown", "%.64s", of);
		return RT_OK;
	}
	if (orig.duplicate_of[0])
		case_issue_add(chk, F_DUPLICATE_OF, "duplicate_of_duplicate", "%.64s" MSG_SEP "%.64s",
			       of, orig.duplicate_of);
	return RT_OK;
}

int app_case_mark_duplicate(struct app *app, const struct actor *a, const char *case_id,
			    int64_t if_version, const char *of, struct case_record *out,
			    struct app_problem *pb)
{
	app_problem_init(pb);
	if (!actor_may(a, R_CASES) || !actor_may(a, R_DUPLICATE))
		return pb_set(pb, APP_FORBIDDEN, "duplicate_forbidden", "%s", "");
	if (of && !*of)
		of = NULL;
	if (app_begin(app, pb))
		return pb->status;
	struct store_case_ref ref;
	int rc = RT_OK;
	if (app_find_case(app, a, case_id, &ref, pb))
		goto out;
	if (if_version >= 0 && if_version != ref.version) {
		pb_set(pb, APP_STALE, "stale_version", "%lld" MSG_SEP "%lld",
		       (long long)if_version, (long long)ref.version);
		goto out;
	}
	if (of && strcmp(of, ref.duplicate_of)) {
		int64_t n = 0;
		if (check_original(app, a, case_id, of, pb))
			goto out;
		/* cases that point at this one would point at a duplicate */
		if (!pb->chk.n && (rc = store_case_duplicates(app->st, case_id, &n)))
			goto out;
		if (n)
			case_issue_add(&pb->chk, F_DUPLICATE_OF, "duplicate_has_duplicates",
				       "%lld", (long long)n);
		if (pb->chk.n) {
			pb_invalid(pb, &pb->chk);
			goto out;
		}
	}
	struct case_writer w;
	bool changed;
	case_writer_init(&w, app->st, &app->v, a->name, a->source);
	rc = case_mark_duplicate(&w, &ref, of, &changed);
	if (!rc && changed) {
		json_t *d = json_pack("{s[s?s?]}", "duplicate_of",
				      ref.duplicate_of[0] ? ref.duplicate_of : NULL, of);
		char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
		rc = app_audit(app, a, of ? "case_duplicate" : "case_restore", case_id, ref.office,
			       detail);
		free(detail);
		json_decref(d);
	}
	if (!rc)
		app_read_case(app, case_id, out, pb);
out:
	return app_end(app, pb, rc);
}

/* ---- similar names ---- */

#define SIMILAR_FULL 0x4000   /* on_candidate's "stop": enough were found */

struct similar_ctx {
	struct similar_person who;
	case_fn fn;
	void *ctx;
	int shown;
};

static int on_candidate(void *p, const struct case_values *cv, int64_t version, int64_t id)
{
	struct similar_ctx *s = p;
	struct similar_person other;
	(void)id;
	similar_person_init(&other, cv->v[F_GIVEN_NAMES], cv->len[F_GIVEN_NAMES],
			    cv->v[F_FAMILY_NAMES], cv->len[F_FAMILY_NAMES]);
	if (!similar_persons(&s->who, &other))
		return 0;
	s->shown++;
	int rc = s->fn(s->ctx, cv, version);
	if (rc)
		return rc;
	return s->shown == APP_SIMILAR_MAX ? SIMILAR_FULL : 0;
}

int app_cases_similar(struct app *app, const struct actor *a, const char *given_names,
		      const char *family_names, const char *birth_date, const char *nationality,
		      case_fn fn, void *ctx, struct app_problem *pb)
{
	app_problem_init(pb);
	if (!actor_may(a, R_CASES))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	const char *empty = "";
	given_names = given_names ? given_names : empty;
	family_names = family_names ? family_names : empty;
	if (birth_date && !*birth_date)
		birth_date = NULL;
	if (nationality && !*nationality)
		nationality = NULL;
	if (strlen(given_names) > 200 || strlen(family_names) > 200 ||
	    (nationality && strlen(nationality) > 64))
		return pb_set(pb, APP_BAD_REQUEST, "query_too_long", "%d", 200);
	rt_date d;
	if (birth_date && parse_date(birth_date, strlen(birth_date), &d))
		return pb_set(pb, APP_BAD_REQUEST, "bad_date_param", "birth_date" MSG_SEP "%.40s",
			      birth_date);

	struct similar_ctx s = { .fn = fn, .ctx = ctx };
	similar_person_init(&s.who, given_names, strlen(given_names), family_names,
			    strlen(family_names));
	struct strbuf keys = STRBUF_INIT;
	name_pair_keys(&keys, &s.who.given, &s.who.family);
	struct store_similar_filter f = {
		.keys = keys.buf, .scope = actor_scope(a),
		.birth_date = birth_date, .nationality = nationality,
	};
	if (app_begin(app, pb)) {
		strbuf_release(&keys);
		return pb->status;
	}
	int rc = store_cases_similar(app->st, &f, on_candidate, &s);
	if (rc == SIMILAR_FULL)
		rc = RT_OK;
	strbuf_release(&keys);
	if (!rc) {
		struct strbuf detail = STRBUF_INIT;
		strbuf_addf(&detail, "given_names=%s family_names=%s birth_date=%s nationality=%s"
			    " shown=%d", given_names, family_names, birth_date ? birth_date : "*",
			    nationality ? nationality : "*", s.shown);
		rc = app_audit(app, a, "case_similar", NULL, NULL, detail.buf);
		strbuf_release(&detail);
	}
	if (rc > 0) {   /* the front end's callback stopped the list */
		app_rollback(app);
		snprintf(pb->detail, sizeof(pb->detail), "listing stopped");
		return pb_set(pb, APP_ERROR, "output_failed", "%s", "");
	}
	return app_end(app, pb, rc);
}
