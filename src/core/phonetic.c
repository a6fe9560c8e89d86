/* phonetic.c: words of names and their Spanish sound; see phonetic.h. */
#include "phonetic.h"
#include "fold.h"

/* Particles of Spanish and Portuguese names: "María de los Ángeles",
 * "Pérez de la Cruz", "Dos Santos". */
static const char *const particles[] = {
	"de", "del", "la", "las", "los", "da", "das", "do", "dos",
};

static bool is_particle(const char *w, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(particles); i++)
		if (strlen(particles[i]) == n && !memcmp(particles[i], w, n))
			return true;
	return false;
}

static bool is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static bool is_front(char c)
{
	return c == 'e' || c == 'i' || c == 'y';
}

void phonetic_key(const char *word, size_t len, char *out, size_t size)
{
	size_t n = 0;
	char last = 0;
	assert(size > 0);
#define EMIT(ch) do { \
		char c_ = (ch); \
		if (c_ != last && n + 1 < size) \
			out[n++] = c_; \
		last = c_; \
	} while (0)
	for (size_t i = 0; i < len; i++) {
		char c = word[i];
		char next = i + 1 < len ? word[i + 1] : 0;
		char after = i + 2 < len ? word[i + 2] : 0;
		if ((unsigned char)c >= 0x80) {
			/* a byte of another script: kept, spelt so that no Latin word
			 * gives it, never merged with its neighbours */
			if (n + 3 < size) {
				out[n++] = 'z';
				out[n++] = (char)('a' + (((unsigned char)c) >> 4));
				out[n++] = (char)('a' + (((unsigned char)c) & 15));
			}
			last = 0;
			continue;
		}
		switch (c) {
		case 'b': case 'v': case 'w':
			EMIT('b');
			break;
		case 'c':
			if (next == 'h') {
				EMIT('q');          /* ch: a sound of its own */
				i++;
			} else {
				EMIT(is_front(next) ? 's' : 'k');
			}
			break;
		case 'k':
			EMIT('k');
			break;
		case 'q':
			EMIT('k');
			if (next == 'u')
				i++;                /* que, qui: the u is silent */
			break;
		case 'g':
			if (is_front(next)) {
				EMIT('j');
			} else {
				EMIT('g');
				if (next == 'u' && is_front(after))
					i++;        /* gue, gui: the u is silent */
			}
			break;
		case 'h':
			break;                      /* silent */
		case 'l':
			if (next == 'l') {
				EMIT('y');          /* ll sounds as y */
				i++;
			} else {
				EMIT('l');
			}
			break;
		case 'y':
			EMIT(is_vowel(next) ? 'y' : 'i');   /* "Daysi", "Rey": a vowel */
			break;
		case 'z': case 's':
			EMIT('s');
			break;
		default:
			if (c >= 'a' && c <= 'z')
				EMIT(c);
			/* digits and anything else: no sound */
			break;
		}
	}
#undef EMIT
	out[n] = '\0';
}

static void add_word(struct name_words *w, const char *s, size_t n)
{
	if (w->n >= NAME_WORDS_MAX)
		return;
	if (n > NAME_WORD_LEN - 1)
		n = NAME_WORD_LEN - 1;
	memcpy(w->word[w->n], s, n);
	w->word[w->n][n] = '\0';
	phonetic_key(s, n, w->key[w->n], NAME_WORD_LEN);
	w->n++;
}

void name_words(const char *s, size_t len, struct name_words *w)
{
	struct strbuf folded = STRBUF_INIT;
	w->n = 0;
	if (s && len)
		fold_append(&folded, s, len);
	/* the words that are not particles nor single letters; when there are
	 * none, every word ("Do", "Li"): a name is never left without words */
	for (int pass = 0; pass < 2 && !w->n; pass++) {
		const char *p = folded.buf, *end = folded.buf + folded.len;
		while (p < end) {
			const char *sp = memchr(p, ' ', (size_t)(end - p));
			size_t n = sp ? (size_t)(sp - p) : (size_t)(end - p);
			if (n && (pass || (n >= 2 && !is_particle(p, n))))
				add_word(w, p, n);
			p += n + 1;
		}
	}
	strbuf_release(&folded);
}

/* Appends a space (when out is not empty), the prefix, and the letters and
 * digits of s in lower case. */
static void add_term(struct strbuf *out, char prefix, const char *s)
{
	if (!s || !*s)
		return;
	if (out->len && out->buf[out->len - 1] != ' ')
		strbuf_addch(out, ' ');
	strbuf_addch(out, prefix);
	for (; *s; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			strbuf_addch(out, c);
	}
}

void birth_date_term(struct strbuf *out, const char *date)
{
	add_term(out, 'b', date);
}

void nationality_term(struct strbuf *out, const char *code)
{
	add_term(out, 'n', code);
}

void person_index_keys(struct strbuf *out, const struct name_words *given,
		       const struct name_words *family, const char *birth_date,
		       const char *nationality)
{
	size_t before = out->len;
	name_pair_keys(out, given, family);
	if (out->len == before)
		return;
	birth_date_term(out, birth_date);
	nationality_term(out, nationality);
}

void name_pair_keys(struct strbuf *out, const struct name_words *given,
		    const struct name_words *family)
{
	for (int g = 0; g < given->n; g++) {
		for (int f = 0; f < family->n; f++) {
			if (!given->key[g][0] || !family->key[f][0])
				continue;
			if (out->len && out->buf[out->len - 1] != ' ')
				strbuf_addch(out, ' ');
			strbuf_addf(out, "%.*s0%.*s", NAME_KEY_PREFIX, given->key[g],
				    NAME_KEY_PREFIX, family->key[f]);
		}
	}
}
