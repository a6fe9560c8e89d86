/* migrate.c: copying the SQLite database into an empty PostgreSQL one; see
 * app.h (app_migrate_to). The store copies the tables (store_migrate.c);
 * this use case decides who may, records it, and words what went wrong. */
#include "app_impl.h"
#include <stdlib.h>

int app_migrate_to(struct app *app, const struct actor *a, const char *url,
		   store_migrate_progress_fn progress, void *ctx, struct strbuf *counts,
		   struct app_problem *pb)
{
	app_problem_init(pb);
	if (!actor_may(a, R_ADMINISTER))
		return pb_set(pb, APP_FORBIDDEN, "migrate_forbidden", "%s", "");
	char *shown = store_shown(url);
	struct strbuf err = STRBUF_INIT;
	struct store *dst = NULL;
	int rc;
	if (store_is_address(app->path)) {
		pb_set(pb, APP_BAD_REQUEST, "migrate_from_postgresql", "%s", app->path);
		goto done;
	}
	if (!store_is_address(url)) {
		pb_set(pb, APP_BAD_REQUEST, "migrate_not_postgresql", "%s", shown);
		goto done;
	}
	/* a table the copy does not know is found before anything is done */
	if (store_migrate_check_tables(app->st, &err)) {
		pb_set(pb, APP_INVALID, "migrate_unknown_table", "%s", err.buf);
		goto done;
	}
	if (store_open_with(url, 0, &dst, &err)) {
		pb_set(pb, APP_ERROR, "migrate_failed", "%s", shown);
		snprintf(pb->detail, sizeof(pb->detail), "%s", err.buf);
		goto done;
	}
	/* a target that cannot take the copy is refused before the audit row
	 * (the copy checks again, in its own transaction) */
	if ((rc = store_migrate_check_target(dst, &err))) {
		if (rc == RT_EEXISTS)
			pb_set(pb, APP_EXISTS, "migrate_not_empty", "%s", shown);
		else {
			pb_set(pb, APP_ERROR, "migrate_failed", "%s", shown);
			snprintf(pb->detail, sizeof(pb->detail), "%s", err.buf);
		}
		goto done;
	}
	/* the copy holds its own audit row: who made it, when, where to */
	if (app_begin(app, pb))
		goto done;
	if ((rc = app_audit(app, a, "migrate_to", shown, NULL, NULL))) {
		app_end(app, pb, rc);
		goto done;
	}
	if (app_commit(app, pb))
		goto done;
	rc = store_migrate_to(app->st, dst, progress, ctx, counts, &err);
	if (rc == RT_EEXISTS) {
		pb_set(pb, APP_EXISTS, "migrate_not_empty", "%s", shown);
	} else if (rc == RT_EBUSY) {
		pb_store(app, pb, rc);
	} else if (rc) {
		pb_set(pb, APP_ERROR, "migrate_failed", "%s", shown);
		snprintf(pb->detail, sizeof(pb->detail), "%s", err.buf);
	}
done:
	store_close(dst);
	strbuf_release(&err);
	free(shown);
	return pb->status;
}
