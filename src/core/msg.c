/* msg.c: message parameters as text; see msg.h. */
#include "msg.h"

/* The format is run twice: as given, and with its separators replaced by
 * another byte. The outputs have the same length and differ exactly where fmt
 * put a separator; a 0x1f found at the same place in both came from a value. */
int msg_vaddargs(struct strbuf *sb, const char *fmt, va_list ap)
{
	size_t start = sb->len;
	char *alt = xstrdup(fmt);
	for (char *p = alt; *p; p++)
		if (*p == MSG_SEP_CHAR)
			*p = '\x1e';
	va_list ap2;
	va_copy(ap2, ap);
	struct strbuf other = STRBUF_INIT;
	int rc = strbuf_vaddf(sb, fmt, ap);
	if (!rc)
		rc = strbuf_vaddf(&other, alt, ap2);
	va_end(ap2);
	if (!rc && other.len == sb->len - start) {
		for (size_t i = 0; i < other.len; i++)
			if (other.buf[i] == MSG_SEP_CHAR)
				sb->buf[start + i] = '?';
	} else if (!rc) {
		rc = RT_ERR;        /* cannot happen: same conversions, same values */
	}
	if (rc && sb->len > start) {
		sb->len = start;
		sb->buf[start] = '\0';
	}
	strbuf_release(&other);
	free(alt);
	return rc;
}

int msg_addargs(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = msg_vaddargs(sb, fmt, ap);
	va_end(ap);
	return rc;
}

bool msg_copy_args(char *dst, size_t size, const char *src, size_t len)
{
	assert(size > 4);
	if (len < size) {
		memcpy(dst, src, len);
		dst[len] = '\0';
		return true;
	}
	size_t keep = size - 4;         /* room for "..." and the NUL */
	while (keep > 0 && ((unsigned char)src[keep] & 0xc0) == 0x80)
		keep--;                     /* do not split a UTF-8 character */
	memcpy(dst, src, keep);
	memcpy(dst + keep, "...", 4);
	return false;
}
