/* checkpoint.c: the server's checkpointer. Worker connections commit to the
 * write-ahead log only (app_for_server); this thread copies the log back
 * into the database once a second on a connection of its own, so that no
 * answer waits for that copy and no commit does it while holding the
 * process's writer lock. */
#include "web.h"
#include <time.h>

struct checkpointer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	struct app app;
};

static void *run(void *p)
{
	struct checkpointer *cp = p;
	pthread_mutex_lock(&cp->lock);
	while (!cp->stop) {
		struct timespec at;
		clock_gettime(CLOCK_MONOTONIC, &at);
		at.tv_sec += 1;
		pthread_cond_timedwait(&cp->wake, &cp->lock, &at);
		pthread_mutex_unlock(&cp->lock);
		if (app_checkpoint(&cp->app))
			web_log("the write-ahead log could not be copied into the database "
				"(checkpoint); trying again in a second");
		pthread_mutex_lock(&cp->lock);
	}
	pthread_mutex_unlock(&cp->lock);
	return NULL;
}

int checkpointer_start(const char *db, struct checkpointer **out, struct strbuf *err)
{
	struct checkpointer *cp = xcalloc(1, sizeof(*cp));
	if (app_open(&cp->app, db, err)) {
		free(cp);
		return RT_EIO;
	}
	pthread_mutex_init(&cp->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&cp->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&cp->thread, NULL, run, cp)) {
		strbuf_adds(err, "cannot start the checkpoint thread");
		app_close(&cp->app);
		free(cp);
		return RT_ERR;
	}
	*out = cp;
	return RT_OK;
}

void checkpointer_stop(struct checkpointer *cp)
{
	if (!cp)
		return;
	pthread_mutex_lock(&cp->lock);
	cp->stop = true;
	pthread_cond_signal(&cp->wake);
	pthread_mutex_unlock(&cp->lock);
	pthread_join(cp->thread, NULL);
	app_checkpoint(&cp->app);   /* the last commits, into the database file */
	app_close(&cp->app);
	pthread_cond_destroy(&cp->wake);
	pthread_mutex_destroy(&cp->lock);
	free(cp);
}
