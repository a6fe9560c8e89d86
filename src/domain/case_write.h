/* case_write.h: saving cases. Every write of a case goes through here, so the
 * rules, the status graph and the status history are enforced in one place
 * whether the case comes from a CSV import, the demo generator, a status
 * change on the command line or a web form.
 *
 * A writer is one unit of work by one actor: open it, save cases, then let
 * the caller commit or roll back the transaction it started.
 */
#ifndef RETORNO_CASE_WRITE_H
#define RETORNO_CASE_WRITE_H

#include "rules.h"

struct case_writer {
	struct store *st;
	const struct vocab *vocab;
	const char *actor;     /* who: an OS or web user name */
	const char *source;    /* "import", "demo", "cli", "web": recorded in history */
	int64_t import_id;     /* the import batch, or 0 */
	rt_date today;
	char now[32];
	int64_t inserted, updated;
};

void case_writer_init(struct case_writer *w, struct store *st, const struct vocab *v,
		      const char *actor, const char *source);

/* Checks and saves one case (insert, or update of the case with that
 * case_id). Returns RT_OK; RT_EINVAL when chk holds issues (nothing
 * written); or a store error (see store_errmsg). */
int case_save(struct case_writer *w, const struct case_values *cv, struct case_check *chk);

/* Moves a case to a new status, setting the date that goes with it
 * (counselled: counselling_date, departed: departure_date) when `date` is
 * given. Same checks as case_save. RT_ENOTFOUND for an unknown case_id. */
int case_set_status(struct case_writer *w, const char *case_id, const char *status,
		    const char *date, struct case_check *chk);

#endif
