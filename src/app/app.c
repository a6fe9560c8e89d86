/* app.c: opening the database for the use cases, problems, transactions and
 * audit rows; see app.h. */
#include "app_impl.h"
#include "../core/clock.h"
#include "../domain/database.h"
#include <sodium.h>
#include <stdarg.h>

int app_open(struct app *app, const char *path, struct strbuf *err)
{
	return app_open_with(app, path, STORE_CREATE, err);
}

int app_open_with(struct app *app, const char *path, int flags, struct strbuf *err)
{
	memset(app, 0, sizeof(*app));
	if (sodium_init() < 0) {
		strbuf_addf(err, "cannot initialise libsodium");
		return RT_ERR;
	}
	char *shown = store_shown(path);   /* never a password in a message */
	snprintf(app->path, sizeof(app->path), "%s", shown);
	free(shown);
	return database_open_with(path, flags, &app->st, &app->v, err);
}

bool app_read_only(const struct app *app)
{
	return store_read_only(app->st);
}

const char *app_notice(const struct app *app)
{
	return store_notice(app->st);
}

void app_close(struct app *app)
{
	if (app->st)
		database_close(app->st, &app->v);
	app->st = NULL;
}

int app_refresh(struct app *app)
{
	int64_t generation;
	int grc = store_vocab_generation(app->st, &generation);
	if (grc)
		return grc;
	if (generation == app->v.generation)
		return RT_OK;
	struct vocab nv;
	struct strbuf err = STRBUF_INIT;
	memset(&nv, 0, sizeof(nv));
	int rc = vocab_load(&nv, app->st, &err);
	strbuf_release(&err);
	if (rc)
		return rc;
	vocab_release(&app->v);
	app->v = nv;
	return RT_OK;
}

void app_for_server(struct app *app)
{
	store_set_cache(app->st, 8192);
	store_set_autocheckpoint(app->st, false);
}

int app_checkpoint(struct app *app)
{
	return store_checkpoint(app->st);
}

void app_problem_init(struct app_problem *pb)
{
	pb->status = APP_OK;
	pb->code = NULL;
	pb->args[0] = '\0';
	pb->retry_after = 0;
	pb->chk.n = pb->chk.dropped = 0;
	pb->detail[0] = '\0';
}

int pb_set(struct app_problem *pb, int status, const char *code, const char *fmt, ...)
{
	pb->status = status;
	pb->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(pb->args, sizeof(pb->args), fmt, ap);
	va_end(ap);
	return status;
}

int pb_store(struct app *app, struct app_problem *pb, int rc)
{
	if (store_read_only(app->st))
		return pb_set(pb, APP_ERROR, "database_read_only", "%s", app->path);
	if (rc == RT_EBUSY) {
		pb->retry_after = 2;
		return pb_set(pb, APP_BUSY, "busy", "%s", "");
	}
	snprintf(pb->detail, sizeof(pb->detail), "%s", store_errmsg(app->st));
	return pb_set(pb, APP_ERROR, "database_error", "%s", "");
}

int pb_invalid(struct app_problem *pb, const struct case_check *chk)
{
	if (chk != &pb->chk)
		pb->chk = *chk;
	return pb_set(pb, APP_INVALID, "invalid", "%s", "");
}

int app_begin(struct app *app, struct app_problem *pb)
{
	/* a read-only database: nothing is tried (the audit row of a read
	 * included), so nothing is shown without its record */
	if (store_read_only(app->st))
		return pb_set(pb, APP_ERROR, "database_read_only", "%s", app->path);
	int rc = store_begin(app->st);
	return rc ? pb_store(app, pb, rc) : APP_OK;
}

int app_commit(struct app *app, struct app_problem *pb)
{
	int rc = store_commit(app->st);
	if (rc) {
		int status = pb_store(app, pb, rc);
		store_rollback(app->st);
		return status;
	}
	return APP_OK;
}

void app_rollback(struct app *app)
{
	store_rollback(app->st);
}

int app_end(struct app *app, struct app_problem *pb, int rc)
{
	if (!rc && !pb->status)
		return app_commit(app, pb);
	if (!pb->status)
		pb_store(app, pb, rc);
	app_rollback(app);
	return pb->status;
}

int app_audit(struct app *app, const struct actor *a, const char *action, const char *case_id,
	      const char *office, const char *detail)
{
	char now[32];
	clock_now_iso(now);
	return store_audit(app->st, now, a->name, action, case_id, office, detail);
}

void app_token_hash(const char *token, uint8_t hash[32])
{
	crypto_generichash(hash, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

void app_token_new(char out[64], uint8_t hash[32])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, 64, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	if (hash)
		app_token_hash(out, hash);
}

void case_record_release(struct case_record *rec)
{
	strbuf_release(&rec->arena);
	memset(&rec->v, 0, sizeof(rec->v));
}
