/* Unit tests for the message catalog (app/messages.c) and message parameters
 * (core/msg.c): every entry in both languages with the same placeholders,
 * every code the program uses has an entry, parameters are filled in order,
 * and case_check() worded through the catalog gives the exact English of old
 * and a Spanish text. */
#include "unit.h"
#include "app/messages.h"
#include "domain/database.h"
#include "domain/case_write.h"
#include <glob.h>

/* Bit N-1 for each placeholder {N}, {N?one|other} or {N:text} of t; fails
 * on a malformed placeholder. */
static unsigned placeholders(const char *code, const char *t)
{
	unsigned set = 0;
	for (const char *p = strchr(t, '{'); p; p = strchr(p + 1, '{')) {
		if (p[1] < '1' || p[1] > '9')
			continue;
		if (p[2] == '?') {
			const char *bar = strchr(p + 3, '|'), *close = strchr(p + 3, '}');
			if (!bar || !close || bar > close)
				fail_msg("%s: malformed {N?one|other} in \"%s\"", code, t);
		} else if (p[2] == ':') {
			if (!strchr(p + 3, '}'))
				fail_msg("%s: malformed {N:text} in \"%s\"", code, t);
		} else if (p[2] != '}') {
			fail_msg("%s: malformed placeholder in \"%s\"", code, t);
		}
		set |= 1u << (p[1] - '1');
	}
	return set;
}

static void catalog_complete(void **state)
{
	(void)state;
	assert_true(msg_catalog_size >= 40);
	for (size_t i = 0; i < msg_catalog_size; i++) {
		const struct msg_def *d = &msg_catalog[i];
		const char *en = d->text[LANG_EN], *es = d->text[LANG_ES];
		if (!en || !*en || !es || !*es)
			fail_msg("%s: a language is missing", d->code);
		if (strchr(en, MSG_SEP_CHAR) || strchr(es, MSG_SEP_CHAR))
			fail_msg("%s: a template contains MSG_SEP", d->code);
		if (!strcmp(en, es) && strcmp(en, "{1}"))
			fail_msg("%s: the Spanish is the English", d->code);
		unsigned pen = placeholders(d->code, en), pes = placeholders(d->code, es);
		if (pen != pes)
			fail_msg("%s: placeholders differ: en %#x, es %#x", d->code, pen, pes);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(msg_catalog[k].code, d->code))
				fail_msg("%s: two entries", d->code);
		assert_ptr_equal(msg_find(d->code), d);
	}
}

/* ---- every code used in src/ has an entry ---- */

/* The calls that take a message code, and the argument that is the code. */
static const struct {
	const char *fn;
	int arg;
	const char *only_in;   /* a path prefix, for common names */
} code_calls[] = {
	{ "case_issue_add", 2, NULL },
	{ "case_issue_add_plain", 2, NULL },
	{ "msg_format", 2, NULL },
	{ "msg_formatf", 2, NULL },
	{ "report", 4, "src/io/" },
	{ "reportf", 4, "src/io/" },
	{ "pb_set", 2, "src/app/" },
	{ "issue", 2, "src/app/" },
	{ "web_problem", 2, "src/web/" },
	{ "web_problem_full", 2, "src/web/" },
	{ "web_problem_response", 2, "src/web/" },
	{ "web_error_add", 3, "src/web/" },
	{ "add_param_error", 3, "src/web/" },
	{ "field_error", 3, "src/web/" },
};

static bool is_ident(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Checks each string literal in s[0..len) (one argument); returns how many. */
static int check_literals(const char *path, const char *s, size_t len)
{
	int n = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\'') {             /* skip a character literal */
			for (i++; i < len && s[i] != '\''; i++)
				if (s[i] == '\\')
					i++;
			continue;
		}
		if (s[i] != '"')
			continue;
		size_t start = ++i;
		while (i < len && s[i] != '"')
			i++;
		char code[64];
		snprintf(code, sizeof(code), "%.*s", (int)(i - start), s + start);
		if (!msg_find(code))
			fail_msg("%s: the code \"%s\" has no entry in the catalog (app/messages.c)",
				 path, code);
		n++;
	}
	return n;
}

/* Checks the string literals of argument `arg` (0-based) of the call whose
 * '(' is at `open`; returns how many. */
static int check_call(const char *path, const char *open, int arg)
{
	int depth = 0, k = 0;
	const char *start = open + 1;
	for (const char *p = open; *p; p++) {
		if (*p == '"' || *p == '\'') {
			char q = *p;
			for (p++; *p && *p != q; p++)
				if (*p == '\\' && p[1])
					p++;
			if (!*p)
				return 0;
			continue;
		}
		if (*p == '(' || *p == '[' || *p == '{') {
			depth++;
		} else if (*p == ')' || *p == ']' || *p == '}') {
			if (--depth > 0)
				continue;
			return k == arg ? check_literals(path, start, (size_t)(p - start)) : 0;
		} else if (*p == ',' && depth == 1) {
			if (k == arg)
				return check_literals(path, start, (size_t)(p - start));
			k++;
			start = p + 1;
		}
	}
	return 0;
}

static int check_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		fail_msg("cannot open %s (run the test from the repository root)", path);
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	int found = 0;
	for (size_t c = 0; c < ARRAY_SIZE(code_calls); c++) {
		const char *fn = code_calls[c].fn;
		size_t fl = strlen(fn);
		if (code_calls[c].only_in && strncmp(path, code_calls[c].only_in,
						     strlen(code_calls[c].only_in)))
			continue;
		for (const char *p = strstr(sb.buf, fn); p; p = strstr(p + fl, fn)) {
			if ((p > sb.buf && is_ident(p[-1])) || is_ident(p[fl]))
				continue;
			const char *q = p + fl;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '(')
				found += check_call(path, q, code_calls[c].arg);
		}
	}
	strbuf_release(&sb);
	return found;
}

static void every_code_has_an_entry(void **state)
{
	(void)state;
	glob_t g;
	assert_int_equal(glob("src/*/*.c", 0, NULL, &g), 0);
	int found = 0;
	for (size_t i = 0; i < g.gl_pathc; i++)
		found += check_file(g.gl_pathv[i]);
	globfree(&g);
	/* the scan must see the codes of rules.c, case_write.c, csv_import.c and
	 * the command line, or it proves nothing */
	if (found < 50)
		fail_msg("only %d message codes found in src/: is the scan broken?", found);
	assert_true(check_file("src/domain/rules.c") >= 30);
}

/* ---- formatting ---- */

static void expect_format(enum lang lang, const char *code, const char *args, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	msg_format(&sb, lang, code, args);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void fills_in_order(void **state)
{
	(void)state;
	expect_format(LANG_EN, "before_registration", "2019-02-24" MSG_SEP "2019-02-25",
		      "2019-02-24 is before the registration date 2019-02-25");
	expect_format(LANG_ES, "before_registration", "2019-02-24" MSG_SEP "2019-02-25",
		      "2019-02-24 es anterior a la fecha de registro 2019-02-25");
	expect_format(LANG_EN, "point_of_other_office", "a" MSG_SEP "b" MSG_SEP "c",
		      "'a' is a registration point of office 'b', not of 'c'");
	/* a missing parameter is empty, an extra one is ignored */
	expect_format(LANG_EN, "too_long", "5", "must be at most 5 characters, has ");
	expect_format(LANG_EN, "umc_must_fly", "ground" MSG_SEP "extra",
		      "is 'ground' but unaccompanied children travel by air only");
	expect_format(LANG_EN, "required", NULL, "is required");
	expect_format(LANG_ES, "required", "", "es obligatorio");
	/* agreement with a number */
	expect_format(LANG_EN, "import_failed_summary", "f.csv" MSG_SEP "1" MSG_SEP "1",
		      "f.csv: 1 error in 1 rows; nothing was imported");
	expect_format(LANG_EN, "import_failed_summary", "f.csv" MSG_SEP "250" MSG_SEP "250",
		      "f.csv: 250 errors in 250 rows; nothing was imported");
	expect_format(LANG_ES, "import_failed_summary", "f.csv" MSG_SEP "1" MSG_SEP "1",
		      "f.csv: 1 error en 1 fila; no se importó nada");
	expect_format(LANG_ES, "import_failed_summary", "f.csv" MSG_SEP "11" MSG_SEP "0",
		      "f.csv: 11 errores en 0 filas; no se importó nada");
	/* {N:text}: written only when parameter N is given (values that may be
	 * personal data are left out by domain/rules.c) */
	expect_format(LANG_EN, "bad_date", "2019-02-30",
		      "'2019-02-30' is not a date that exists (expected YYYY-MM-DD)");
	expect_format(LANG_EN, "bad_date", "", "is not a date that exists (expected YYYY-MM-DD)");
	expect_format(LANG_ES, "bad_date", NULL,
		      "no es una fecha que exista (formato esperado: AAAA-MM-DD)");
	expect_format(LANG_EN, "year_out_of_range", "2500",
		      "the year 2500 is outside 1900–2199 (expected YYYY-MM-DD)");
	expect_format(LANG_EN, "year_out_of_range", "",
		      "the year is outside 1900–2199 (expected YYYY-MM-DD)");
	/* an unknown code stays readable */
	expect_format(LANG_ES, "no_such_code", "a" MSG_SEP "b", "no_such_code: a, b");
	expect_format(LANG_EN, "no_such_code", NULL, "no_such_code");
	/* msg_formatf formats the parameters */
	struct strbuf sb = STRBUF_INIT;
	msg_formatf(&sb, LANG_EN, "field_count", "%d" MSG_SEP "%d", 33, 32);
	assert_string_equal(sb.buf, "has 33 fields but the header has 32");
	strbuf_release(&sb);
}

static void parameters_are_robust(void **state)
{
	(void)state;
	/* a 0x1f inside a value does not shift the parameters that follow it */
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(msg_addargs(&sb, "%s" MSG_SEP "%s", "a\x1f" "b", "c"), RT_OK);
	assert_string_equal(sb.buf, "a?b" MSG_SEP "c");
	strbuf_reset(&sb);
	msg_formatf(&sb, LANG_EN, "status_backward", "%s" MSG_SEP "%s", "x\x1fy", "z");
	assert_string_equal(sb.buf, "cannot move from 'x?y' to 'z': statuses only move forward "
			    "(and to withdrawn only before departure)");
	strbuf_release(&sb);
	/* parameters too long for their buffer are cut between characters */
	char dst[12];
	assert_false(msg_copy_args(dst, sizeof(dst), "ñññññññ", strlen("ñññññññ")));
	assert_string_equal(dst, "ññññ...");
	const char *n7 = "ñññññññ";
	assert_false(msg_copy_args(dst, sizeof(dst) - 1, n7, strlen(n7)));
	assert_string_equal(dst, "ñññ...");
	assert_true(msg_copy_args(dst, sizeof(dst), "ñ", strlen("ñ")));
	assert_string_equal(dst, "ñ");
}

/* ---- case_check() worded through the catalog ---- */

struct fixture {
	struct store *st;
	struct vocab v;
	struct case_values cv;
	struct case_check chk;
};

/* A valid returned AVR case with a survey (sample row S-0010). */
static const char *const base[F_COUNT] = {
	"S-0010", NULL, "avr", "mx", "ciudad_juarez", "2019-02-25", "Elvin", "Aguilar Aguilar",
	"male", "1959-06-13", NULL, "NIC", "NIC", "irregular", "higher", "various", "no", "alone",
	"air", "returned", "2019-03-03", "2019-02-25", "2019-03-01", "healthy", "other", "none",
	"violence exploitation", "family_reunification", "transit_difficulties", "yes",
	"document_stolen", "find_job study",
};

static void set(struct case_values *cv, int f, const char *s)
{
	cv->v[f] = s;
	cv->len[f] = s ? strlen(s) : 0;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct strbuf err = STRBUF_INIT;
	if (database_open(":memory:", &fx->st, &fx->v, &err)) {
		fprintf(stderr, "%s\n", err.buf);
		return -1;
	}
	strbuf_release(&err);
	for (int f = 0; f < F_COUNT; f++)
		set(&fx->cv, f, base[f]);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	database_close(fx->st, &fx->v);
	free(fx);
	return 0;
}

/* Checks the case; it must have exactly one issue, on field, worded so. */
static void expect_words(struct fixture *fx, int field, const char *en, const char *es)
{
	int n = case_check(&fx->v, &fx->cv, date_from_ymd(2026, 11, 26), &fx->chk);
	if (n != 1 || fx->chk.issue[0].field != field)
		fail_msg("expected one issue on %s, got %d", case_column_name[field], n);
	struct strbuf sb = STRBUF_INIT;
	msg_format(&sb, LANG_EN, fx->chk.issue[0].code, fx->chk.issue[0].args);
	assert_string_equal(sb.buf, en);
	strbuf_reset(&sb);
	msg_format(&sb, LANG_ES, fx->chk.issue[0].code, fx->chk.issue[0].args);
	assert_string_equal(sb.buf, es);
	strbuf_release(&sb);
}

static void round_trip(void **state)
{
	struct fixture *fx = *state;
	set(&fx->cv, F_UNACCOMPANIED_MINOR, "yes");
	set(&fx->cv, F_BIRTH_DATE, "2005-01-01");
	set(&fx->cv, F_TRANSPORT_MODE, "ground");
	expect_words(fx, F_TRANSPORT_MODE,
		     "is 'ground' but unaccompanied children travel by air only",
		     "es 'ground', pero la niñez no acompañada solo viaja por vía aérea");
	assert_string_equal(fx->chk.issue[0].code, "umc_must_fly");
	set(&fx->cv, F_UNACCOMPANIED_MINOR, "no");
	set(&fx->cv, F_BIRTH_DATE, "1959-06-13");
	set(&fx->cv, F_OFFICE, "gt");
	set(&fx->cv, F_REGISTRATION_POINT, "tecun_uman");
	set(&fx->cv, F_TRANSPORT_MODE, "air");
	expect_words(fx, F_TRANSPORT_MODE,
		     "office 'gt' returns people by ground only, not by 'air'",
		     "la oficina 'gt' solo realiza retornos por ground, no por 'air'");
	set(&fx->cv, F_OFFICE, "mx");
	set(&fx->cv, F_REGISTRATION_POINT, "ciudad_juarez");
	set(&fx->cv, F_SEX, "x");
	expect_words(fx, F_SEX,
		     "'x' is not a code of the list 'sex' (expected one of: female, male)",
		     "'x' no es un código de la lista 'sex' (se espera uno de estos: female, "
		     "male)");
	set(&fx->cv, F_SEX, "male");
	set(&fx->cv, F_AGE, "34");
	/* ages and birth dates are personal data: never words of a message */
	expect_words(fx, F_AGE, "does not match the age at registration that birth_date gives",
		     "no coincide con la edad al momento del registro que da birth_date");
	set(&fx->cv, F_AGE, "x34");
	expect_words(fx, F_AGE, "is not a whole number of years from 0 to 120",
		     "no es un número entero de años entre 0 y 120");
	set(&fx->cv, F_AGE, NULL);
	set(&fx->cv, F_BIRTH_DATE, "1959-02-30");
	expect_words(fx, F_BIRTH_DATE, "is not a date that exists (expected YYYY-MM-DD)",
		     "no es una fecha que exista (formato esperado: AAAA-MM-DD)");
	set(&fx->cv, F_BIRTH_DATE, "2959-06-13");
	expect_words(fx, F_BIRTH_DATE, "the year is outside 1900–2199 (expected YYYY-MM-DD)",
		     "el año está fuera de 1900–2199 (formato esperado: AAAA-MM-DD)");
	set(&fx->cv, F_BIRTH_DATE, "1959-06-13");
	/* the year of an event date is shown */
	set(&fx->cv, F_SURVEY_DATE, "2500-03-01");
	expect_words(fx, F_SURVEY_DATE, "the year 2500 is outside 1900–2199 (expected YYYY-MM-DD)",
		     "el año 2500 está fuera de 1900–2199 (formato esperado: AAAA-MM-DD)");
	set(&fx->cv, F_SURVEY_DATE, "2019-03-01");
	/* a name in a code column (a shifted file) is not echoed; a code is */
	set(&fx->cv, F_SEX, "Elvin Aguilar");
	expect_words(fx, F_SEX, "is not a code of the list 'sex' (expected one of: female, male)",
		     "no es un código de la lista 'sex' (se espera uno de estos: female, male)");
	set(&fx->cv, F_SEX, "male");
	set(&fx->cv, F_NATIONALITY, "1959-06-13");
	expect_words(fx, F_NATIONALITY, "is not an ISO 3166-1 alpha-3 country code",
		     "no es un código de país ISO 3166-1 alfa-3");
	set(&fx->cv, F_NATIONALITY, "NIC");
	set(&fx->cv, F_CASE_ID, "S 0010");
	expect_words(fx, F_CASE_ID, "may contain only letters, digits, '_', '.' and '-', not ' '",
		     "solo puede contener letras de la A a la Z (sin acentos ni ñ), dígitos, "
		     "'_', '.' y '-', no ' '");
	set(&fx->cv, F_CASE_ID, "-A1");
	expect_words(fx, F_CASE_ID, "must start with a letter or a digit, not '-'",
		     "debe empezar con una letra o un dígito, no con '-'");
	set(&fx->cv, F_CASE_ID, "S-0010");
	set(&fx->cv, F_GIVEN_NAMES, "+Elvin");
	expect_words(fx, F_GIVEN_NAMES,
		     "may not start with '+': spreadsheets would run it as a formula",
		     "no puede empezar con '+': las hojas de cálculo lo ejecutarían como una "
		     "fórmula");
	/* a cell that starts after a separator (issue 10, item 6) */
	set(&fx->cv, F_GIVEN_NAMES, "Ana;=cmd|' /C calc'!A0;x");
	expect_words(fx, F_GIVEN_NAMES,
		     "may not hold ';' followed by '=': a spreadsheet that splits cells on ';' "
		     "would run it as a formula",
		     "no puede contener ';' seguido de '=': una hoja de cálculo que separa las "
		     "celdas con ';' lo ejecutaría como una fórmula");
	/* C1 controls and bidi controls (items 7 and 14) */
	set(&fx->cv, F_GIVEN_NAMES, "El\xc2\x85vin");
	expect_words(fx, F_GIVEN_NAMES,
		     "contains a control character (U+0085) (line break, tab, NUL or another "
		     "invisible control)", "contiene un carácter de control (U+0085) (salto de "
		     "línea, tabulador, NUL u otro control invisible)");
	set(&fx->cv, F_FAMILY_NAMES, "\xe2\x80\xaeLIVE");
	set(&fx->cv, F_GIVEN_NAMES, "Elvin");
	expect_words(fx, F_FAMILY_NAMES,
		     "contains an invisible formatting character (U+202E) that changes how the "
		     "text is shown (for example written right to left)",
		     "contiene un carácter de formato invisible (U+202E) que cambia cómo se "
		     "muestra el texto (por ejemplo, escrito de derecha a izquierda)");
}

/* A value that reaches a message unchecked (a date given to a status move by
 * a front end) cannot shift the parameters. */
static void stray_separator(void **state)
{
	(void)state;
	struct case_check chk = { .n = 0 };
	case_issue_add(&chk, F_DEPARTURE_DATE, "bad_date", "%s", "2019\x1f" "03-03");
	case_issue_add(&chk, F_STATUS, "status_backward", "%s" MSG_SEP "%s", "a\x1f" "b", "c");
	assert_int_equal(chk.n, 2);
	assert_string_equal(chk.issue[0].args, "2019?03-03");
	struct strbuf sb = STRBUF_INIT;
	msg_format(&sb, LANG_ES, chk.issue[1].code, chk.issue[1].args);
	assert_string_equal(sb.buf, "no se puede pasar de 'a?b' a 'c': los estados solo avanzan "
			    "(y a withdrawn solo antes de la salida)");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(catalog_complete),
		cmocka_unit_test(every_code_has_an_entry),
		cmocka_unit_test(fills_in_order),
		cmocka_unit_test(parameters_are_robust),
		cmocka_unit_test_setup_teardown(round_trip, setup, teardown),
		cmocka_unit_test(stray_separator),
	};
	return cmocka_run_group_tests_name("messages", tests, NULL, NULL);
}
