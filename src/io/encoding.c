/* encoding.c: an import file as UTF-8; see encoding.h. */
#include "encoding.h"
#include <errno.h>
#include <iconv.h>
#include <strings.h>

#define RAW_SIZE 16384

struct text_source {
	FILE *in;
	FILE *fp;               /* the cookie stream handed to the reader */
	iconv_t cd;             /* (iconv_t)-1: the bytes pass as they are */
	const char *from;       /* the encoding's name, for messages */
	char raw[RAW_SIZE];     /* bytes read and not converted yet */
	size_t raw_len;
	char *out;              /* converted bytes; [out_pos, out_len) not read yet */
	size_t out_pos, out_len, out_cap;
	bool in_eof;
	bool failed;            /* err says why; nothing more is converted */
	long lines;             /* newlines converted so far */
	uint64_t raw_done;      /* input bytes converted so far */
	char err[200];
};

static const struct {
	const char *name;
	enum text_encoding enc;
} names[] = {
	{ "utf-8", ENC_UTF8 }, { "utf8", ENC_UTF8 },
	{ "utf-16", ENC_UTF16 }, { "utf16", ENC_UTF16 },
	{ "windows-1252", ENC_WINDOWS_1252 }, { "cp1252", ENC_WINDOWS_1252 },
	{ "latin1", ENC_WINDOWS_1252 }, { "latin-1", ENC_WINDOWS_1252 },
	{ "iso-8859-1", ENC_WINDOWS_1252 },
};

int text_encoding_parse(const char *name, enum text_encoding *out)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(names); i++) {
		if (!strcasecmp(name, names[i].name)) {
			*out = names[i].enc;
			return RT_OK;
		}
	}
	return RT_EINVAL;
}

const char *text_encoding_name(enum text_encoding e)
{
	return e == ENC_UTF16 ? "utf-16" : e == ENC_WINDOWS_1252 ? "windows-1252" : "utf-8";
}

/* Converts what is in raw into out. Returns 1 when there may be more, 0 at
 * the end of the input, -1 on an error (ts->err says which). */
static int fill(struct text_source *ts)
{
	if (ts->failed)
		return -1;
	if (ts->out_pos == ts->out_len)
		ts->out_pos = ts->out_len = 0;
	/* a byte of Windows-1252 gives at most 3 of UTF-8; two of UTF-16 at most 3 */
	size_t need = 3 * RAW_SIZE + 16;
	if (ts->out_cap - ts->out_len < need) {
		ts->out_cap = st_add(ts->out_len, need);
		ts->out = xrealloc(ts->out, ts->out_cap);
	}
	if (!ts->in_eof && ts->raw_len < RAW_SIZE) {
		size_t n = fread(ts->raw + ts->raw_len, 1, RAW_SIZE - ts->raw_len, ts->in);
		ts->raw_len += n;
		if (n == 0) {
			if (ferror(ts->in)) {
				snprintf(ts->err, sizeof(ts->err), "read error");
				ts->failed = true;
				return -1;
			}
			ts->in_eof = true;
		}
	}
	if (ts->raw_len == 0)
		return ts->in_eof ? 0 : 1;
	char *start = ts->out + ts->out_len;
	if (ts->cd == (iconv_t)-1) {
		memcpy(start, ts->raw, ts->raw_len);
		ts->out_len += ts->raw_len;
		ts->raw_done += ts->raw_len;
		ts->raw_len = 0;
	} else {
		char *inp = ts->raw, *outp = start;
		size_t inleft = ts->raw_len, outleft = ts->out_cap - ts->out_len;
		size_t r = iconv(ts->cd, &inp, &inleft, &outp, &outleft);
		int e = errno;
		ts->out_len = (size_t)(outp - ts->out);
		ts->raw_done += ts->raw_len - inleft;
		for (const char *p = start; p < outp; p++)
			ts->lines += *p == '\n';
		if (r == (size_t)-1 && (e == EILSEQ || (e == EINVAL && ts->in_eof))) {
			unsigned char b = (unsigned char)*inp;
			snprintf(ts->err, sizeof(ts->err),
				 e == EILSEQ ? "line %ld: byte 0x%02X (byte %llu of the file) is not "
					       "text in %s"
					     : "line %ld: the file ends in the middle of a character "
					       "(byte 0x%02X, byte %llu) in %s",
				 ts->lines + 1, b, (unsigned long long)ts->raw_done + 1, ts->from);
			/* what came before the bad byte is still read; then the error */
			ts->failed = true;
			return 1;
		}
		memmove(ts->raw, inp, inleft);
		ts->raw_len = inleft;
	}
	return 1;
}

static ssize_t source_read(void *cookie, char *buf, size_t size)
{
	struct text_source *ts = cookie;
	while (ts->out_pos == ts->out_len) {
		int r = fill(ts);   /* -1 only once what was converted has been read */
		if (r < 0) {
			errno = EILSEQ;
			return -1;
		}
		if (r == 0)
			return 0;
	}
	size_t n = ts->out_len - ts->out_pos;
	if (n > size)
		n = size;
	memcpy(buf, ts->out + ts->out_pos, n);
	ts->out_pos += n;
	return (ssize_t)n;
}

struct text_source *text_source_open(FILE *in, enum text_encoding enc, enum text_sniff *sniff)
{
	struct text_source *ts = xcalloc(1, sizeof(*ts));
	ts->in = in;
	ts->cd = (iconv_t)-1;
	ts->from = text_encoding_name(enc);
	/* the first four bytes say whether this is UTF-16 */
	while (ts->raw_len < 4) {
		size_t n = fread(ts->raw + ts->raw_len, 1, 4 - ts->raw_len, in);
		if (n == 0)
			break;
		ts->raw_len += n;
	}
	const unsigned char *b = (const unsigned char *)ts->raw;
	size_t bom = 0;
	*sniff = SNIFF_NONE;
	if (ts->raw_len >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
		*sniff = SNIFF_UTF16LE;
		bom = 2;
	} else if (ts->raw_len >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
		*sniff = SNIFF_UTF16BE;
		bom = 2;
	} else if (ts->raw_len == 4 && b[0] && !b[1] && b[2] && !b[3]) {
		*sniff = SNIFF_UTF16LE;
	} else if (ts->raw_len == 4 && !b[0] && b[1] && !b[2] && b[3]) {
		*sniff = SNIFF_UTF16BE;
	}
	if (enc != ENC_UTF8) {
		const char *from = enc == ENC_WINDOWS_1252 ? "WINDOWS-1252"
				   : *sniff == SNIFF_UTF16BE ? "UTF-16BE" : "UTF-16LE";
		ts->cd = iconv_open("UTF-8", from);
		if (ts->cd == (iconv_t)-1) {
			free(ts);
			return NULL;
		}
		if (enc == ENC_UTF16 && bom) {
			memmove(ts->raw, ts->raw + bom, ts->raw_len - bom);
			ts->raw_len -= bom;
			ts->raw_done = bom;
		}
	}
	cookie_io_functions_t io = { .read = source_read };
	ts->fp = fopencookie(ts, "r", io);
	if (!ts->fp) {
		if (ts->cd != (iconv_t)-1)
			iconv_close(ts->cd);
		free(ts);
		return NULL;
	}
	return ts;
}

FILE *text_source_stream(struct text_source *ts)
{
	return ts->fp;
}

const char *text_source_peek(struct text_source *ts, size_t want, size_t *len)
{
	while (ts->out_len - ts->out_pos < want) {
		if (fill(ts) <= 0)
			break;
	}
	*len = ts->out_len - ts->out_pos;
	if (*len > want)
		*len = want;
	return ts->out ? ts->out + ts->out_pos : "";
}

const char *text_source_error(const struct text_source *ts)
{
	return ts->err;
}

void text_source_close(struct text_source *ts)
{
	if (!ts)
		return;
	fclose(ts->fp);
	if (ts->cd != (iconv_t)-1)
		iconv_close(ts->cd);
	free(ts->out);
	free(ts);
}

bool text_looks_windows_1252(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	bool any = false;
	for (size_t i = 0; i < len;) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		/* a valid UTF-8 sequence in between is not the culprit */
		size_t n = s[i] >= 0xC2 && s[i] <= 0xDF ? 2 : s[i] >= 0xE0 && s[i] <= 0xEF ? 3
			   : s[i] >= 0xF0 && s[i] <= 0xF4 ? 4 : 0;
		bool valid = n && i + n <= len;
		for (size_t k = 1; valid && k < n; k++)
			valid = (s[i + k] & 0xC0) == 0x80;
		if (valid) {
			i += n;
			continue;
		}
		if (s[i] == 0x81 || s[i] == 0x8D || s[i] == 0x8F || s[i] == 0x90 || s[i] == 0x9D)
			return false;
		any = true;
		i++;
	}
	return any;
}
