/* Unit tests for core/phonetic.c and domain/similar.c: the words of names,
 * their Spanish sound, and when two persons' names are similar (the
 * possible-duplicate warning). */
#include "unit.h"
#include "core/phonetic.h"
#include "core/strbuf.h"
#include "domain/similar.h"

/* The key of a word, in one of a few buffers (two keys are compared). */
static const char *key_of(const char *word)
{
	static char out[4][NAME_WORD_LEN];
	static int next;
	char *k = out[next++ % 4];
	phonetic_key(word, strlen(word), k, NAME_WORD_LEN);
	return k;
}

static void keys(void **state)
{
	(void)state;
	/* s/z/c before e,i; b/v; silent h; doubled letters */
	assert_string_equal(key_of("hernandez"), "ernandes");
	assert_string_equal(key_of("hernandes"), "ernandes");
	assert_string_equal(key_of("velazquez"), "belaskes");
	assert_string_equal(key_of("belasques"), "belaskes");
	assert_string_equal(key_of("velasquez"), "belaskes");
	assert_string_equal(key_of("cecilia"), key_of("sesilia"));
	assert_string_equal(key_of("carlos"), "karlos");
	/* j and g before e, i; gue, gui; ll and y; y as a vowel */
	assert_string_equal(key_of("jimenez"), key_of("gimenez"));
	assert_string_equal(key_of("mejia"), key_of("megia"));
	assert_string_equal(key_of("guillermo"), "giyermo");
	assert_string_equal(key_of("yesenia"), key_of("llesenia"));
	assert_string_equal(key_of("daysi"), key_of("daisy"));
	assert_string_equal(key_of("rodriguez"), "rodriges");
	assert_string_equal(key_of("chavez"), "qabes");
	assert_string_equal(key_of("quintero"), "kintero");
	assert_string_equal(key_of("barrera"), "barera");
	/* what sounds different stays different */
	assert_string_not_equal(key_of("garcia"), key_of("jarcia"));
	assert_string_not_equal(key_of("lopez"), key_of("perez"));
	assert_string_not_equal(key_of("maria"), key_of("mario"));
	assert_string_not_equal(key_of("hernandez"), key_of("fernandez"));
	/* another script: kept, never a Latin key; cut to the buffer */
	const char *k = key_of("\xd0\x98\xd0\xb2");   /* "Ив" */
	assert_int_equal(strlen(k), 12);
	assert_int_equal(k[0], 'z');
	char small[4];
	phonetic_key("hernandez", 9, small, sizeof(small));
	assert_string_equal(small, "ern");
}

static void words(void **state)
{
	(void)state;
	struct name_words w;
	name_words("  José  HERNÁNDEZ-López ", strlen("  José  HERNÁNDEZ-López "), &w);
	assert_int_equal(w.n, 3);
	assert_string_equal(w.word[0], "jose");
	assert_string_equal(w.word[1], "hernandez");
	assert_string_equal(w.word[2], "lopez");
	assert_string_equal(w.key[1], "ernandes");
	/* particles and initials are dropped ... */
	name_words("María de los Ángeles J.", strlen("María de los Ángeles J."), &w);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.word[0], "maria");
	assert_string_equal(w.word[1], "angeles");
	/* ... unless nothing else is left */
	name_words("Do", 2, &w);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.word[0], "do");
	name_words(NULL, 0, &w);
	assert_int_equal(w.n, 0);
	name_words(" - ", 3, &w);
	assert_int_equal(w.n, 0);
	/* at most NAME_WORDS_MAX words, each cut to fit */
	name_words("aa bb cc dd ee ff gg", 20, &w);
	assert_int_equal(w.n, NAME_WORDS_MAX);
	assert_string_equal(w.word[NAME_WORDS_MAX - 1], "ee");
	char longname[120];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	name_words(longname, strlen(longname), &w);
	assert_int_equal(w.n, 1);
	assert_int_equal(strlen(w.word[0]), NAME_WORD_LEN - 1);
}

static void pair_keys(void **state)
{
	(void)state;
	struct name_words g, f;
	struct strbuf sb = STRBUF_INIT;
	name_words("José Luis", 10, &g);
	name_words("Hernández López", strlen("Hernández López"), &f);
	name_pair_keys(&sb, &g, &f);
	assert_string_equal(sb.buf, "jos0ern jos0lop lui0ern lui0lop");
	/* a typo after the first letters keeps the keys */
	strbuf_reset(&sb);
	name_words("Jsoe Luis", 9, &g);
	name_words("Hernnadez", 9, &f);
	name_pair_keys(&sb, &g, &f);
	assert_string_equal(sb.buf, "jso0ern lui0ern");
	/* what the index holds: the pair keys, the birth date's and the
	 * nationality's terms; nothing without a pair key */
	strbuf_reset(&sb);
	person_index_keys(&sb, &g, &f, "1990-05-05", "HND");
	assert_string_equal(sb.buf, "jso0ern lui0ern b19900505 nhnd");
	strbuf_reset(&sb);
	person_index_keys(&sb, &g, &f, NULL, "");
	assert_string_equal(sb.buf, "jso0ern lui0ern");
	strbuf_reset(&sb);
	name_words("", 0, &g);
	person_index_keys(&sb, &g, &f, "1990-05-05", "HND");
	assert_string_equal(sb.buf, "");
	birth_date_term(&sb, "2001-02-03");
	nationality_term(&sb, "GTM");
	assert_string_equal(sb.buf, "b20010203 ngtm");
	strbuf_reset(&sb);
	name_words("", 0, &g);
	name_pair_keys(&sb, &g, &f);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
}

static void distance(void **state)
{
	(void)state;
	assert_int_equal(similar_distance("hernandez", 9, "hernandez", 9, 2), 0);
	assert_int_equal(similar_distance("hernandez", 9, "hernnadez", 9, 2), 1);  /* swap */
	assert_int_equal(similar_distance("hernandez", 9, "hernandz", 8, 2), 1);   /* deletion */
	assert_int_equal(similar_distance("hernandez", 9, "hernanddez", 10, 2), 1); /* insertion */
	assert_int_equal(similar_distance("hernandez", 9, "hermandez", 9, 2), 1);  /* substitution */
	assert_int_equal(similar_distance("lopez", 5, "perez", 5, 9), 3);
	assert_int_equal(similar_distance("abcdef", 6, "badcfe", 6, 9), 3);       /* three swaps */
	assert_int_equal(similar_distance("ca", 2, "abc", 3, 9), 3);              /* no edit twice */
	assert_int_equal(similar_distance("kitten", 6, "sitting", 7, 9), 3);
	assert_int_equal(similar_distance("kitten", 6, "sitting", 7, 2), 2);      /* capped */
	assert_int_equal(similar_distance("", 0, "abc", 3, 9), 3);
	assert_int_equal(similar_distance("a", 1, "abcdef", 6, 2), 2);
}

static void positive(void **state)
{
	(void)state;
	static const char *const same[][4] = {
		/* accents and case */
		{ "Jose", "Hernandez", "José", "Hernández" },
		{ "JOSE", "HERNANDEZ", "josé", "hernández" },
		/* swapped and partial double surnames */
		{ "José", "Hernández López", "José", "López Hernández" },
		{ "José", "Hernández", "José", "Hernández López" },
		{ "José", "López", "José", "Hernández López" },
		/* a second given name, or one left out */
		{ "José Luis", "Hernández", "Luis", "Hernández" },
		{ "María de los Ángeles", "Pérez de la Cruz", "Angeles", "Cruz" },
		/* common misspellings: s/z/c, b/v, y/ll, h, j/g */
		{ "Jose", "Hernandes", "José", "Hernández" },
		{ "Yesenia", "Velásquez", "Llesenia", "Belasquez" },
		{ "Ector", "Gimenez", "Héctor", "Jiménez" },
		{ "Wilmer", "Mejía", "Wilmer", "Megia" },
		{ "Cecilia", "Zelaya", "Sesilia", "Selaya" },
		/* one typo in a word of 5 letters or more */
		{ "Carlos", "Hernnadez", "Carlos", "Hernández" },
		{ "Karla", "Rodrigues", "Carla", "Rodríguez" },
		{ "Marvin", "Castilo", "Marvin", "Castillo" },
		/* which also makes one letter apart similar: a warning, not a verdict */
		{ "José", "Hernández", "José", "Fernández" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(same); i++) {
		bool ab = similar_names(same[i][0], same[i][1], same[i][2], same[i][3]);
		bool ba = similar_names(same[i][2], same[i][3], same[i][0], same[i][1]);
		if (!ab || !ba)
			fail_msg("not similar: %s %s / %s %s", same[i][0], same[i][1], same[i][2],
				 same[i][3]);
	}
}

static void negative(void **state)
{
	(void)state;
	static const char *const other[][4] = {
		{ "Maria", "Lopez", "Mario", "Perez" },
		/* the same family, another given name */
		{ "José", "Hernández López", "Juan", "Hernández López" },
		/* the same given name, other families */
		{ "José", "Hernández", "José", "Martínez" },
		{ "Ana", "Cruz", "Ana", "Díaz" },
		/* a typo is forgiven only in words of 5 letters or more */
		{ "Ana", "Ruiz", "Ama", "Ruiz" },
		{ "Luis", "Díaz", "Luis", "Diez" },
		/* two typos are too many */
		{ "Carlos", "Hernández", "Carlos", "Hermadnez" },
		/* particles alone do not make a match */
		{ "José", "de la Cruz", "José", "de la Rosa" },
		/* a name not recorded matches nothing */
		{ "", "Hernández", "", "Hernández" },
		{ "José", "", "José", "" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(other); i++) {
		if (similar_names(other[i][0], other[i][1], other[i][2], other[i][3]) ||
		    similar_names(other[i][2], other[i][3], other[i][0], other[i][1]))
			fail_msg("similar: %s %s / %s %s", other[i][0], other[i][1], other[i][2],
				 other[i][3]);
	}
	assert_false(similar_names(NULL, NULL, "José", "Hernández"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys),
		cmocka_unit_test(words),
		cmocka_unit_test(pair_keys),
		cmocka_unit_test(distance),
		cmocka_unit_test(positive),
		cmocka_unit_test(negative),
	};
	return cmocka_run_group_tests_name("similar", tests, NULL, NULL);
}
