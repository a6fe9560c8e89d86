/* demo.h: a realistic synthetic programme for demonstrations, tests and
 * benchmarks. Deterministic for a seed; every case passes case_check(); it
 * scales to millions of cases in constant memory. It refuses to write into a
 * database that already holds cases: demo people must never mix with real ones. */
#ifndef RETORNO_DEMO_H
#define RETORNO_DEMO_H

#include "case_write.h"

struct demo_opts {
	int64_t cases;
	uint64_t seed;
	const char *actor;
	void (*on_progress)(void *ctx, int64_t done, int64_t total);
	void *ctx;
};

/* Returns RT_OK; RT_EEXISTS when the database has cases; other RT_* with *err. */
int demo_generate(struct store *st, const struct vocab *v, const struct demo_opts *o,
		  struct strbuf *err);

#endif
