/* similar.c: similar names of persons; see similar.h. */
#include "similar.h"

#define MIN_FUZZY 5     /* letters a word needs before a typo is forgiven */

void similar_person_init(struct similar_person *p, const char *given, size_t given_len,
			 const char *family, size_t family_len)
{
	name_words(given, given_len, &p->given);
	name_words(family, family_len, &p->family);
}

unsigned similar_distance(const char *a, size_t na, const char *b, size_t nb, unsigned cap)
{
	/* three rows of the optimal-string-alignment table */
	unsigned rows[3][NAME_WORD_LEN + 1];
	unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	if (na > NAME_WORD_LEN)
		na = NAME_WORD_LEN;
	if (nb > NAME_WORD_LEN)
		nb = NAME_WORD_LEN;
	if ((na > nb ? na - nb : nb - na) >= cap)
		return cap;
	for (size_t j = 0; j <= nb; j++)
		prev[j] = (unsigned)j;
	for (size_t i = 1; i <= na; i++) {
		unsigned best = cur[0] = (unsigned)i;
		for (size_t j = 1; j <= nb; j++) {
			unsigned cost = a[i - 1] != b[j - 1];
			unsigned d = prev[j - 1] + cost;
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
			if (d < best)
				best = d;
		}
		if (best >= cap)
			return cap;     /* every path is already at cap */
		unsigned *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[nb] < cap ? prev[nb] : cap;
}

bool similar_word(const struct name_words *a, int i, const struct name_words *b, int j)
{
	const char *x = a->word[i], *y = b->word[j];
	if (!strcmp(x, y) || (a->key[i][0] && !strcmp(a->key[i], b->key[j])))
		return true;
	size_t nx = strlen(x), ny = strlen(y);
	return nx >= MIN_FUZZY && ny >= MIN_FUZZY && similar_distance(x, nx, y, ny, 2) <= 1;
}

static bool any_match(const struct name_words *a, const struct name_words *b)
{
	for (int i = 0; i < a->n; i++)
		for (int j = 0; j < b->n; j++)
			if (similar_word(a, i, b, j))
				return true;
	return false;
}

bool similar_persons(const struct similar_person *a, const struct similar_person *b)
{
	return any_match(&a->family, &b->family) && any_match(&a->given, &b->given);
}

bool similar_names(const char *given_a, const char *family_a, const char *given_b,
		   const char *family_b)
{
	struct similar_person a, b;
	similar_person_init(&a, given_a, given_a ? strlen(given_a) : 0, family_a,
			    family_a ? strlen(family_a) : 0);
	similar_person_init(&b, given_b, given_b ? strlen(given_b) : 0, family_b,
			    family_b ? strlen(family_b) : 0);
	return similar_persons(&a, &b);
}
