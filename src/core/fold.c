/* fold.c: folding names for search; see fold.h. */
#include "fold.h"

/* Base letters of U+00C0..U+017F (Latin-1 Supplement and Latin Extended-A),
 * lower case; 0 where the code point is not a letter (×, ÷). Two-letter
 * folds (ß, æ, œ, ĳ) use the first letter: enough to find a name. */
static const char latin[] =
	/* U+00C0 */ "aaaaaaaceeeeiiii" "dnooooo\0ouuuuyts"
	/* U+00E0 */ "aaaaaaaceeeeiiii" "dnooooo\0ouuuuyty"
	/* U+0100 */ "aaaaaaccccccccdd" "ddeeeeeeeeeegggg"
	/* U+0120 */ "gggghhhhiiiiiiii" "iiiijjkkklllllll"
	/* U+0140 */ "lllnnnnnnnnnoooo" "oooorrrrrrssssss"
	/* U+0160 */ "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";

/* Decodes one code point of valid-enough UTF-8; returns its length (1 for a
 * stray byte, which is then kept as it is). */
static size_t decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 1;
	if (n == 1 || n > len) {
		*cp = 0xfffd;
		return 1;
	}
	uint32_t c = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*cp = c;
	return n;
}

void fold_append(struct strbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	bool need_space = false;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = decode(p + i, len - i, &cp);
		char c = 0;
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			c = (char)cp;
		else if (cp >= 'A' && cp <= 'Z')
			c = (char)(cp - 'A' + 'a');
		else if (cp >= 0xc0 && cp <= 0x17f)
			c = latin[cp - 0xc0];
		if (cp >= 0x300 && cp <= 0x36f) {
			/* a combining accent (decomposed text): dropped */
		} else if (c) {
			if (need_space)
				strbuf_addch(out, ' ');
			strbuf_addch(out, c);
			need_space = false;
		} else if (cp >= 0x80 && !(cp >= 0xc0 && cp <= 0x17f) && cp != 0xfffd &&
			   cp != 0xa0) {
			/* a letter of another script: kept as it is */
			if (need_space)
				strbuf_addch(out, ' ');
			strbuf_add(out, s + i, n);
			need_space = false;
		} else if (out->len && out->buf[out->len - 1] != ' ') {
			need_space = true;   /* space, punctuation: one separator */
		}
		i += n;
	}
}
