/* strbuf.h: a growable, NUL-terminated byte buffer (after git's strbuf).
 *
 * - `buf` is always NUL-terminated and never NULL after strbuf_init().
 * - `len` bytes are in use; `alloc` bytes are allocated.
 * - `max` (0 = unlimited) bounds the length: an append that would exceed it
 *   fails with RT_ELIMIT and leaves the buffer unchanged (curl's dynbuf).
 * - strbuf_detach() is the only way to take ownership of the memory.
 */
#ifndef RETORNO_STRBUF_H
#define RETORNO_STRBUF_H

#include "common.h"
#include <stdarg.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t max;
};

#define STRBUF_INIT { strbuf_empty, 0, 0, 0 }
extern char strbuf_empty[];

void strbuf_init(struct strbuf *sb, size_t max);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
int strbuf_grow(struct strbuf *sb, size_t extra);
static inline void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}
int strbuf_add(struct strbuf *sb, const void *data, size_t len);
int strbuf_adds(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, int c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);

#endif
