/* msg.h: the parameters of a message, as text.
 *
 * Messages travel through the layers as a stable code ("umc_must_fly") and
 * its parameters; only a front end words them, in the user's language, with
 * msg_format() (app/messages.h). The parameters are one string: each one as
 * text, separated by the byte MSG_SEP (0x1f, the ASCII unit separator), e.g.
 * "ground" or "200" MSG_SEP "201". A parameter never contains MSG_SEP:
 * msg_vaddargs() replaces any that a value brings with '?'.
 */
#ifndef RETORNO_MSG_H
#define RETORNO_MSG_H

#include "strbuf.h"

#define MSG_SEP "\x1f"
#define MSG_SEP_CHAR '\x1f'

/* Appends parameters to sb, printf-style: fmt holds conversions separated by
 * MSG_SEP, e.g. "%zu" MSG_SEP "%zu". Bytes 0x1f that come from the values
 * (not from fmt) become '?', so a value can never shift the parameters that
 * follow it. Returns 0 or an RT_* code (sb unchanged). */
int msg_vaddargs(struct strbuf *sb, const char *fmt, va_list ap);
int msg_addargs(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Copies the parameters src[0..len) into dst[size], NUL-terminated. When they
 * do not fit, they are cut on a UTF-8 character boundary and end with "...".
 * Returns true when all of src fit. */
bool msg_copy_args(char *dst, size_t size, const char *src, size_t len);

#endif
