/* common.h: what every retorno source file includes first. */
#ifndef RETORNO_COMMON_H
#define RETORNO_COMMON_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Error codes returned by every layer: 0 is success, negative is failure. */
enum {
	RT_OK = 0,
	RT_ERR = -1,       /* generic failure, message already recorded */
	RT_ENOMEM = -2,    /* allocation failed */
	RT_EIO = -3,       /* file or database I/O failed */
	RT_EINVAL = -4,    /* invalid input (data errors) */
	RT_ENOTFOUND = -5, /* the named thing does not exist */
	RT_ELIMIT = -6,    /* an input limit was exceeded */
	RT_EEXISTS = -7,   /* the thing to create exists already */
	RT_EBUSY = -8,     /* the database stayed locked by another writer: nothing was
	                      written, and trying again is safe */
};

/* Allocation helpers that abort on overflow or out-of-memory: a program that
 * cannot allocate a few bytes cannot do anything useful, and checking every
 * small allocation hides the real error paths (git's xmalloc does the same). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrndup(const char *s, size_t n);
char *xstrdup(const char *s);
size_t st_add(size_t a, size_t b);
size_t st_mult(size_t a, size_t b);

#include "banned.h"
#endif
