/* codelists.c: an administrator's changes of the code lists -- new codes,
 * and the labels and coordinates of existing ones; see app.h. */
#include "app_impl.h"
#include <jansson.h>
#include <math.h>

int app_vocab_add(struct app *app, const struct actor *a, const struct vocab_new *nw,
		  struct app_problem *pb)
{
	app_problem_init(pb);
	if (!actor_may(a, R_ADMINISTER))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	if (app_begin(app, pb))
		return pb->status;
	struct strbuf err = STRBUF_INIT;
	/* in the write transaction: judged against the lists as they are now */
	int rc = app_refresh(app);
	if (!rc)
		rc = vocab_add(app->st, &app->v, nw, &err);
	if (rc == RT_EINVAL || rc == RT_EEXISTS) {
		snprintf(pb->detail, sizeof(pb->detail), "%s", err.buf);
		pb_set(pb, rc == RT_EEXISTS ? APP_EXISTS : APP_INVALID, "vocab_invalid", "%s",
		       err.buf);
		goto fail;
	}
	if (!rc) {
		char target[160];
		snprintf(target, sizeof(target), "%s/%s", nw->list, nw->code);
		rc = app_audit(app, a, "vocab_add", target, NULL, nw->label_en);
	}
	if (rc) {
		if (err.len)
			snprintf(pb->detail, sizeof(pb->detail), "%s", err.buf);
		pb_store(app, pb, rc);
		goto fail;
	}
	strbuf_release(&err);
	if (app_commit(app, pb))
		return pb->status;
	app_refresh(app);
	return APP_OK;
fail:
	strbuf_release(&err);
	app_rollback(app);
	return pb->status;
}

static json_t *degrees_json(double d)
{
	return isnan(d) ? json_null() : json_real(d);
}

/* The audit detail of a change: {"label_en": [before, after], ...}, of what
 * differs (vocab_update() wrote exactly that). */
static char *change_detail(const struct vocab_item *it, const struct vocab_change *ch)
{
	json_t *o = json_object();
	static const char *const key[2] = { [LANG_EN] = "label_en", [LANG_ES] = "label_es" };
	const char *given[2] = { [LANG_EN] = ch->label_en, [LANG_ES] = ch->label_es };
	for (int l = 0; l < 2; l++)
		if (given[l] && strcmp(given[l], it->label[l]))
			json_object_set_new(o, key[l], json_pack("[ss]", it->label[l], given[l]));
	bool same_lat = (isnan(it->lat) && isnan(ch->lat)) || it->lat == ch->lat;
	bool same_lon = (isnan(it->lon) && isnan(ch->lon)) || it->lon == ch->lon;
	if (ch->coords && !(same_lat && same_lon)) {
		json_object_set_new(o, "lat", json_pack("[oo]", degrees_json(it->lat),
							 degrees_json(ch->lat)));
		json_object_set_new(o, "lon", json_pack("[oo]", degrees_json(it->lon),
							 degrees_json(ch->lon)));
	}
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

int app_vocab_update(struct app *app, const struct actor *a, const char *list,
		     const char *code, const char *label_en, const char *label_es,
		     const double *coords, struct app_problem *pb)
{
	app_problem_init(pb);
	if (!actor_may(a, R_ADMINISTER))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	if (app_begin(app, pb))
		return pb->status;
	struct vocab_change ch = {
		.list = list, .code = code, .label_en = label_en, .label_es = label_es,
		.coords = coords != NULL, .lat = coords ? coords[0] : NAN,
		.lon = coords ? coords[1] : NAN,
	};
	struct vocab_refusal why;
	bool changed = false;
	int rc = app_refresh(app);
	if (!rc)
		rc = vocab_update(app->st, &app->v, &ch, &changed, &why);
	if (rc && why.code) {
		if (!strcmp(why.code, "vocab_no_list"))
			pb_set(pb, APP_NOT_FOUND, why.code, "%.64s", list ? list : "");
		else if (!strcmp(why.code, "vocab_not_found"))
			pb_set(pb, APP_NOT_FOUND, why.code, "%.64s" MSG_SEP "%.64s",
			       code ? code : "", list);
		else
			pb_set(pb, APP_INVALID, why.code, "%s", why.arg ? why.arg : "");
	} else if (!rc && changed) {
		/* app->v is as it was before the change until the refresh below */
		const struct vocab_item *it = vocab_get(&app->v, vocab_list_by_name(list), code,
							strlen(code));
		char target[160], *detail = change_detail(it, &ch);
		snprintf(target, sizeof(target), "%s/%s", list, code);
		rc = app_audit(app, a, "vocab_set", target, NULL, detail);
		free(detail);
	}
	int status = app_end(app, pb, rc);
	if (!status && changed)
		app_refresh(app);
	return status;
}
