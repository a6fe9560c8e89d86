/* app_impl.h: what the use-case files of src/app/ share. Not for front ends. */
#ifndef RETORNO_APP_IMPL_H
#define RETORNO_APP_IMPL_H

#include "app.h"
#include "../core/msg.h"

/* Sets the problem: status, code, and parameters formatted by fmt (separate
 * them with MSG_SEP). Returns the status, so `return pb_set(...)` reads. */
int pb_set(struct app_problem *pb, int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A store error: APP_BUSY for RT_EBUSY, else APP_ERROR with the database's
 * message as detail. Returns the status. */
int pb_store(struct app *app, struct app_problem *pb, int rc);
/* APP_INVALID with the issues of chk (copied). */
int pb_invalid(struct app_problem *pb, const struct case_check *chk);

/* The store filter of a list or export query, in the actor's offices; the
 * folded search words live in *folded (release it). APP_BAD_REQUEST for a
 * malformed cursor or search. */
int case_query_filter(const struct actor *a, const struct case_query *q,
		      struct store_filter *f, struct strbuf *folded, struct app_problem *pb);
/* The audit detail of a list or export query. */
void case_query_detail(const struct case_query *q, struct strbuf *sb);

/* A case the actor may see, looked up (cases.c): APP_NOT_FOUND
 * ("case_not_found") for an unknown case and another office's alike. */
int app_find_case(struct app *app, const struct actor *a, const char *case_id,
		  struct store_case_ref *ref, struct app_problem *pb);
/* Reads the stored case into out (inside the caller's transaction); out may
 * be NULL (nothing read). */
int app_read_case(struct app *app, const char *case_id, struct case_record *out,
		  struct app_problem *pb);

/* A write transaction; on failure the problem is set. */
int app_begin(struct app *app, struct app_problem *pb);
/* Commits; on failure rolls back and sets the problem. */
int app_commit(struct app *app, struct app_problem *pb);
void app_rollback(struct app *app);
/* Ends a use case's write transaction: commits when rc is 0 and no problem
 * was set; else rolls back, and sets the store's problem for rc when none
 * was set. Returns the status (APP_OK or the problem's). */
int app_end(struct app *app, struct app_problem *pb, int rc);

/* The audit row of a read, committed (with others, through the app's audit
 * queue, or alone) before it returns. */
int app_audit_read(struct app *app, const struct actor *a, const char *action,
		   const char *case_id, const char *office);

/* An audit row, in the caller's transaction. */
int app_audit(struct app *app, const struct actor *a, const char *action, const char *case_id,
	      const char *office, const char *detail);

/* The public output of app_report() (publications.c): the period checked
 * and normalised, protected jointly with every recorded edition, nothing
 * recorded. The report owns the dates of its period. */
int app_public_report(struct app *app, struct report_opts *o, struct report *r,
		      struct app_problem *pb);

/* Random token of 32 bytes as URL-safe base64 (43 characters) into out[64],
 * and its BLAKE2b hash (what is stored). */
void app_token_new(char out[64], uint8_t hash[32]);
void app_token_hash(const char *token, uint8_t hash[32]);

#endif
