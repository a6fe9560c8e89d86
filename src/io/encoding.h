/* encoding.h: an import file as UTF-8, whatever Excel saved it as.
 *
 * Excel saves "CSV UTF-8" (what the data dictionary asks for), but also
 * "CSV" in the Windows code page (Windows-1252 in Spanish and English
 * locales: "not valid UTF-8") and "Unicode Text" (UTF-16 little-endian with a
 * byte-order mark). The importer opens its input through a text_source: it
 * sniffs the first bytes (a UTF-16 byte-order mark, or the zero bytes of
 * UTF-16 text without one), converts from the encoding the user named with
 * iconv (glibc), and lets the importer peek at the first line (to find the
 * separator) before the CSV reader reads the stream from its start.
 *
 * Names accepted (case-insensitive): utf-8 (utf8), utf-16 (utf16),
 * windows-1252 (cp1252), latin1 (latin-1, iso-8859-1). As in the WHATWG
 * Encoding Standard that browsers follow, latin1 is read as windows-1252, its
 * superset for every printable character (files called Latin-1 are
 * Windows-1252 in practice: curly quotes and the euro sign are in 0x80-0x9F).
 */
#ifndef RETORNO_ENCODING_H
#define RETORNO_ENCODING_H

#include "../core/common.h"
#include "../core/strbuf.h"

enum text_encoding {
	ENC_UTF8 = 0,        /* the default: the bytes must be UTF-8 */
	ENC_UTF16,           /* with a byte-order mark, or little-endian without one */
	ENC_WINDOWS_1252,
};

/* Parses an encoding name as above. RT_OK or RT_EINVAL. */
int text_encoding_parse(const char *name, enum text_encoding *out);
const char *text_encoding_name(enum text_encoding e);

/* What the first bytes of a file say. */
enum text_sniff {
	SNIFF_NONE = 0,
	SNIFF_UTF16LE,       /* FF FE, or ASCII text with every second byte zero */
	SNIFF_UTF16BE,       /* FE FF, or the zero bytes first */
};

struct text_source;

/* Wraps `in` (which stays the caller's to close). *sniff tells what the first
 * bytes looked like. Returns NULL when out of memory or when iconv cannot
 * convert from enc (never with glibc). */
struct text_source *text_source_open(FILE *in, enum text_encoding enc, enum text_sniff *sniff);
/* The UTF-8 stream to read (owned by the source). */
FILE *text_source_stream(struct text_source *ts);
/* Up to `want` bytes from the start of the converted text, without consuming
 * them; *len may be less at the end of the file. */
const char *text_source_peek(struct text_source *ts, size_t want, size_t *len);
/* After a read error on the stream: why (a byte that is not of the encoding),
 * in English, with the line of the converted text; empty if none. */
const char *text_source_error(const struct text_source *ts);
void text_source_close(struct text_source *ts);

/* When s[0..len) is not UTF-8: whether the bytes that break it are all
 * characters of Windows-1252 (0x80-0xFF less 0x81, 0x8D, 0x8F, 0x90, 0x9D),
 * i.e. the text looks like Excel's "CSV" in a Western locale. */
bool text_looks_windows_1252(const char *s, size_t len);

#endif
