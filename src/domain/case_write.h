/* case_write.h: saving cases. Every write of a case goes through here, so the
 * rules, the status graph and the history are enforced in one place whether
 * the change comes from a CSV import, the demo generator, the command line or
 * the server. Who may make which change is decided above, in app/; this
 * module knows only what any change must respect.
 *
 * A writer is one unit of work by one actor inside a transaction that the
 * caller opens and commits (or rolls back).
 */
#ifndef RETORNO_CASE_WRITE_H
#define RETORNO_CASE_WRITE_H

#include "rules.h"

struct case_writer {
	struct store *st;
	const struct vocab *vocab;
	const char *actor;     /* who: "local:LOGIN" or a user's name */
	const char *source;    /* "import", "demo", "cli", "api", "web": kept in history */
	int64_t import_id;     /* the import batch, or 0 */
	rt_date today;
	char now[32];
	int64_t inserted, updated, unchanged;
};

void case_writer_init(struct case_writer *w, struct store *st, const struct vocab *v,
		      const char *actor, const char *source);

/* Checks and inserts a new case (its case_id is known to be free), with a
 * "created" history row unless it comes with an import batch (which records
 * it). RT_EINVAL when chk holds issues (nothing written). */
int case_insert(struct case_writer *w, const struct case_values *cv, struct case_check *chk,
		int64_t *id);

/* How an update may change a case. */
struct case_update {
	bool correction;       /* a backward status move (an administrator's) */
	const char *reason;    /* why, for a correction */
	const char *date;      /* the date of a status move, for the history */
};

/* Updates the stored case `ref`, whose values are `old`, to `cv`: checks
 * every rule on cv and the status graph (forward moves only, unless a
 * correction), then writes it with history rows for a status move, a
 * transfer (office or point changed) and an edit (the columns changed).
 * A cv equal to old writes nothing and sets *changed = false. */
int case_update(struct case_writer *w, const struct store_case_ref *ref,
		const struct case_values *old, const struct case_values *cv,
		const struct case_update *u, struct case_check *chk, bool *changed);

/* Marks the stored case `ref` as a duplicate of the case `of` (NULL: not a
 * duplicate any more), with an "edit" history row of the field
 * duplicate_of from its former original to the new one. Whether the
 * marking is allowed (not the case itself, not a duplicate, who may) is
 * decided above. An `of` equal to the stored one writes nothing and sets
 * *changed = false. */
int case_mark_duplicate(struct case_writer *w, const struct store_case_ref *ref,
			const char *of, bool *changed);

/* True when the two values of column f are the same. */
bool case_value_equal(const struct case_values *a, const struct case_values *b, int f);

#endif
