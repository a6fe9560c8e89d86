/* audit_queue.c: group commit of the audit rows of reads; see app.h.
 *
 * A read's row is queued, then its thread waits until a commit that holds it
 * has returned. The first waiter that finds no commit running becomes the
 * leader: it takes every queued row, writes them in one transaction on its
 * own connection, commits, and wakes the others; rows queued meanwhile go
 * with the next leader. So a read is answered only after its audit row is
 * durable, and concurrent reads share one commit instead of one each.
 */
#include "app_impl.h"
#include "../core/clock.h"
#include <pthread.h>

struct audit_entry {
	uint64_t seq;
	char at[32], actor[ACTOR_NAME_MAX], action[32], target[72], office[64];
};

struct audit_queue {
	pthread_mutex_t lock;
	pthread_cond_t done;
	struct audit_entry *e;
	size_t n, alloc;
	uint64_t queued;      /* the last sequence number given */
	uint64_t written;     /* every row up to this one is committed (or failed) */
	uint64_t (*failed)[2];             /* the rows of each failed commit: rare */
	size_t nfailed;
	bool leading;
};

struct audit_queue *audit_queue_new(void)
{
	struct audit_queue *q = xcalloc(1, sizeof(*q));
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->done, NULL);
	return q;
}

void audit_queue_free(struct audit_queue *q)
{
	if (!q)
		return;
	pthread_cond_destroy(&q->done);
	pthread_mutex_destroy(&q->lock);
	free(q->e);
	free(q->failed);
	free(q);
}

void app_share_audit_queue(struct app *app, struct audit_queue *q)
{
	app->audit_q = q;
}

/* Writes a batch in one transaction on the leader's connection. */
static int write_batch(struct app *app, const struct audit_entry *e, size_t n)
{
	int rc = store_begin(app->st);
	for (size_t i = 0; !rc && i < n; i++)
		rc = store_audit(app->st, e[i].at, e[i].actor, e[i].action,
				 e[i].target[0] ? e[i].target : NULL,
				 e[i].office[0] ? e[i].office : NULL, NULL);
	if (!rc)
		rc = store_commit(app->st);
	if (rc)
		store_rollback(app->st);
	return rc;
}

int app_audit_read(struct app *app, const struct actor *a, const char *action,
		   const char *case_id, const char *office)
{
	struct audit_queue *q = app->audit_q;
	if (!q) {
		/* no queue (the command line): a transaction of its own */
		int rc = store_begin(app->st);
		if (!rc)
			rc = app_audit(app, a, action, case_id, office, NULL);
		if (!rc)
			rc = store_commit(app->st);
		if (rc)
			store_rollback(app->st);
		return rc;
	}
	pthread_mutex_lock(&q->lock);
	if (q->n == q->alloc) {
		q->alloc = q->alloc ? 2 * q->alloc : 64;
		q->e = xrealloc(q->e, st_mult(q->alloc, sizeof(*q->e)));
	}
	struct audit_entry *e = &q->e[q->n++];
	e->seq = ++q->queued;
	uint64_t mine = e->seq;
	clock_now_iso(e->at);
	snprintf(e->actor, sizeof(e->actor), "%s", a->name);
	snprintf(e->action, sizeof(e->action), "%s", action);
	snprintf(e->target, sizeof(e->target), "%s", case_id ? case_id : "");
	snprintf(e->office, sizeof(e->office), "%s", office ? office : "");
	int rc = RT_OK;
	while (q->written < mine) {
		if (q->leading) {
			pthread_cond_wait(&q->done, &q->lock);
			continue;
		}
		/* lead: take every row queued so far */
		q->leading = true;
		struct audit_entry *batch = q->e;
		size_t n = q->n;
		uint64_t last = batch[n - 1].seq;
		q->e = NULL;
		q->n = q->alloc = 0;
		pthread_mutex_unlock(&q->lock);
		uint64_t first = batch[0].seq;
		int wrc = write_batch(app, batch, n);
		free(batch);
		pthread_mutex_lock(&q->lock);
		if (wrc) {
			q->failed = xrealloc(q->failed, st_mult(q->nfailed + 1, sizeof(*q->failed)));
			q->failed[q->nfailed][0] = first;
			q->failed[q->nfailed][1] = last;
			q->nfailed++;
		}
		q->written = last;
		q->leading = false;
		pthread_cond_broadcast(&q->done);
	}
	for (size_t i = 0; i < q->nfailed && !rc; i++)
		if (mine >= q->failed[i][0] && mine <= q->failed[i][1])
			rc = RT_EIO;   /* our row was in a batch that failed: no answer */
	pthread_mutex_unlock(&q->lock);
	return rc;
}
