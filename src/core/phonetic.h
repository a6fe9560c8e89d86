/* phonetic.h: the words of a person's names and their sound in Spanish, for
 * finding possible duplicates (domain/similar.h decides; the store indexes
 * the keys below).
 *
 * A name is folded (fold.h: lower case, no accents) and cut into words; the
 * particles of Spanish names ("de", "del", "la", "los", "y", ...) and single
 * letters are dropped. A word's phonetic key spells alike what Spanish
 * spelling confuses: b/v/w; s/z and c before e or i; c, k and qu; g before e
 * or i and j; ll and y; a silent h; doubled letters ("Hernández",
 * "Hernandes", "HERNANDEZ" -> "ernandes"; "Velázquez", "Belasques" ->
 * "belaskes"). Keys are made of the letters a-z only.
 */
#ifndef RETORNO_PHONETIC_H
#define RETORNO_PHONETIC_H

#include "common.h"
#include "strbuf.h"

#define NAME_WORDS_MAX 5      /* words kept of one name field */
#define NAME_WORD_LEN 40      /* bytes of a word or key, with its NUL */

struct name_words {
	int n;
	char word[NAME_WORDS_MAX][NAME_WORD_LEN];   /* folded */
	char key[NAME_WORDS_MAX][NAME_WORD_LEN];    /* its phonetic key */
};

/* The words of s[0..len) (UTF-8) worth comparing, in order: at most
 * NAME_WORDS_MAX (the first ones), each cut at NAME_WORD_LEN - 1 bytes. */
void name_words(const char *s, size_t len, struct name_words *w);

/* The phonetic key of one folded word into out (size bytes, NUL-terminated;
 * cut when it does not fit). A byte that is not ASCII (a letter of another
 * script) becomes 'z' and two letters a-p, which no Latin word gives. */
void phonetic_key(const char *word, size_t len, char *out, size_t size);

/* The index keys of a person: for each given-name word and each family-name
 * word, the first NAME_KEY_PREFIX letters of their keys joined by "0"
 * ("José Hernández" -> "jos0ern"), separated by single spaces. Short, so
 * that a word with a typo after its first letters still shares one with the
 * word it was meant to be; similar.h then judges each case found. Appends
 * nothing when either name has no word. */
#define NAME_KEY_PREFIX 3
void name_pair_keys(struct strbuf *out, const struct name_words *given,
		    const struct name_words *family);

/* The terms of a birth date ("1990-05-05" -> "b19900505") and of a
 * nationality ("HND" -> "nhnd"), appended to out after a space when out is
 * not empty; nothing for NULL or "". They never look like a pair key. */
void birth_date_term(struct strbuf *out, const char *date);
void nationality_term(struct strbuf *out, const char *code);

/* What the index of possible duplicates holds for a person: the pair keys
 * of the names, then the terms of the birth date and the nationality;
 * nothing at all when the names give no pair key (such a person is similar
 * to nobody). */
void person_index_keys(struct strbuf *out, const struct name_words *given,
		       const struct name_words *family, const char *birth_date,
		       const char *nationality);

#endif
