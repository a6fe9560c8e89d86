/* similar.h: whether two persons' names may be the same person's, for the
 * possible-duplicate warning of the registration form (issue 9). Pure: no
 * database, no allocation.
 *
 * Names are cut into words (core/phonetic.h: folded, particles dropped). Two
 * words match when they are equal, sound alike in Spanish (the same phonetic
 * key: "Hernández" ~ "Hernandes", "Velázquez" ~ "Belasques", "Yesenia" ~
 * "Llesenia"), or, both of at least 5 letters, differ by one letter added,
 * removed, replaced or two neighbours swapped (Damerau-Levenshtein distance
 * 1: "Hernnadez" ~ "Hernandez"; "Ana" !~ "Ama"). Two persons' names are
 * similar when a word of one's family names matches a word of the other's
 * (so a swapped "Hernández López" ~ "López Hernández", and a partial
 * "Hernández" ~ "Hernández López") and a word of one's given names matches
 * a word of the other's. A person without given or family names is similar
 * to nobody.
 */
#ifndef RETORNO_SIMILAR_H
#define RETORNO_SIMILAR_H

#include "../core/phonetic.h"

/* The persons' words, as name_words() gives them. */
struct similar_person {
	struct name_words given, family;
};
void similar_person_init(struct similar_person *p, const char *given, size_t given_len,
			 const char *family, size_t family_len);

/* Damerau-Levenshtein distance (adjacent swaps, no edit twice) of two
 * byte strings, counted up to `cap` (a result of cap means "cap or more"). */
unsigned similar_distance(const char *a, size_t na, const char *b, size_t nb, unsigned cap);

/* Word i of a against word j of b (as described above). */
bool similar_word(const struct name_words *a, int i, const struct name_words *b, int j);

bool similar_persons(const struct similar_person *a, const struct similar_person *b);

/* The same, from the names as recorded (UTF-8; NULL or "" when not recorded). */
bool similar_names(const char *given_a, const char *family_a, const char *given_b,
		   const char *family_b);

#endif
