/* Unit tests for domain/: every rule of data-dictionary §1, the status graph,
 * case saving with history, and schema migrations. Each test runs against a
 * real SQLite database (in memory) seeded with the shipped vocabularies. */
#include "unit.h"
#include "domain/database.h"
#include "domain/case_write.h"
#include "store/schema.h"
#include <sqlite3.h>
#include <unistd.h>
#include <math.h>

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

/* Inserts or updates by case_id, without any policy (what app/ adds on top
 * is tested through the command line and the API). */
static int case_save(struct case_writer *w, const struct case_values *cv, struct case_check *chk)
{
	struct store_case_ref ref;
	chk->n = chk->dropped = 0;
	if (!cv->v[F_CASE_ID]) {
		case_check(w->vocab, cv, w->today, chk);   /* says: case_id is required */
		return RT_EINVAL;
	}
	int rc = store_case_find(w->st, cv->v[F_CASE_ID], cv->len[F_CASE_ID], &ref);
	if (rc == RT_ENOTFOUND) {
		int64_t id;
		return case_insert(w, cv, chk, &id);
	}
	if (rc)
		return rc;
	struct case_values old;
	struct strbuf arena = STRBUF_INIT;
	bool changed;
	rc = store_case_get(w->st, ref.id, &old, &arena);
	if (!rc)
		rc = case_update(w, &ref, &old, cv, NULL, chk, &changed);
	strbuf_release(&arena);
	return rc;
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

static int check(struct fixture *fx)
{
	return case_check(&fx->v, &fx->cv, date_from_ymd(2026, 11, 26), &fx->chk);
}

/* Asserts exactly one issue, on `field`, with reason `code`. */
static void expect_issue(struct fixture *fx, int field, const char *code)
{
	int n = check(fx);
	if (n != 1 || fx->chk.issue[0].field != field || strcmp(fx->chk.issue[0].code, code)) {
		for (int i = 0; i < n; i++)
			fprintf(stderr, "  issue: %s [%s] %s\n", case_column_name[fx->chk.issue[i].field],
				fx->chk.issue[i].code, fx->chk.issue[i].args);
		fail_msg("expected one issue %s on %s, got %d", code, case_column_name[field], n);
	}
}

static void base_is_valid(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(check(fx), 0);
	assert_int_equal(fx->chk.age, 59);
	assert_int_equal(fx->chk.status, ST_RETURNED);
}

static void required_and_types(void **state)
{
	struct fixture *fx = *state;
	set(&fx->cv, F_SEX, NULL);
	expect_issue(fx, F_SEX, "required");
	set(&fx->cv, F_SEX, "x");
	expect_issue(fx, F_SEX, "unknown_code");
	set(&fx->cv, F_SEX, "male");
	set(&fx->cv, F_NATIONALITY, "XXX");
	expect_issue(fx, F_NATIONALITY, "unknown_country");
	set(&fx->cv, F_NATIONALITY, "nic");
	expect_issue(fx, F_NATIONALITY, "unknown_country");
	set(&fx->cv, F_NATIONALITY, "NIC");
	set(&fx->cv, F_REGISTRATION_DATE, "2019-02-30");
	expect_issue(fx, F_REGISTRATION_DATE, "bad_date");
	set(&fx->cv, F_REGISTRATION_DATE, "2019-02-25");
	set(&fx->cv, F_CASE_ID, "S 10");
	expect_issue(fx, F_CASE_ID, "bad_id");
	set(&fx->cv, F_CASE_ID, "S-0010");
	char longname[202];
	memset(longname, 'a', 201);
	longname[201] = '\0';
	set(&fx->cv, F_GIVEN_NAMES, longname);
	expect_issue(fx, F_GIVEN_NAMES, "too_long");
	set(&fx->cv, F_GIVEN_NAMES, "=HYPERLINK(\"x\")");
	expect_issue(fx, F_GIVEN_NAMES, "formula");
	set(&fx->cv, F_GIVEN_NAMES, "Ni\xF1o");
	expect_issue(fx, F_GIVEN_NAMES, "bad_utf8");
	set(&fx->cv, F_GIVEN_NAMES, "Ana\nMaría");
	expect_issue(fx, F_GIVEN_NAMES, "control_char");
	set(&fx->cv, F_GIVEN_NAMES, "Elvin");
}

static void age_rules(void **state)
{
	struct fixture *fx = *state;
	set(&fx->cv, F_BIRTH_DATE, NULL);
	expect_issue(fx, F_BIRTH_DATE, "required_one_of"); /* one of birth_date/age */
	set(&fx->cv, F_AGE, "121");
	expect_issue(fx, F_AGE, "bad_age");
	set(&fx->cv, F_AGE, "34");
	assert_int_equal(check(fx), 0);
	assert_int_equal(fx->chk.age, 34);
	set(&fx->cv, F_BIRTH_DATE, "1959-06-13");
	expect_issue(fx, F_AGE, "age_mismatch");           /* 34 vs 59 */
	set(&fx->cv, F_AGE, NULL);
	set(&fx->cv, F_BIRTH_DATE, "2019-03-01");
	expect_issue(fx, F_BIRTH_DATE, "after_registration");
	set(&fx->cv, F_BIRTH_DATE, "1900-01-01");           /* 119 */
	assert_int_equal(check(fx), 0);
	set(&fx->cv, F_REGISTRATION_DATE, "2021-01-01");    /* 121 */
	set(&fx->cv, F_COUNSELLING_DATE, "2021-01-01");
	set(&fx->cv, F_DEPARTURE_DATE, "2021-01-02");
	set(&fx->cv, F_SURVEY_DATE, "2021-01-02");
	expect_issue(fx, F_BIRTH_DATE, "age_out_of_range");
}

static void unaccompanied_minors(void **state)
{
	struct fixture *fx = *state;
	set(&fx->cv, F_UNACCOMPANIED_MINOR, "yes");
	expect_issue(fx, F_UNACCOMPANIED_MINOR, "umc_adult");
	/* 17 on the day of registration: a child */
	set(&fx->cv, F_BIRTH_DATE, "2001-02-26");
	assert_int_equal(check(fx), 0);
	assert_int_equal(fx->chk.age, 17);
	/* 18 that day: no longer */
	set(&fx->cv, F_BIRTH_DATE, "2001-02-25");
	expect_issue(fx, F_UNACCOMPANIED_MINOR, "umc_adult");
	set(&fx->cv, F_BIRTH_DATE, "2005-01-01");
	set(&fx->cv, F_TRANSPORT_MODE, "ground");
	expect_issue(fx, F_TRANSPORT_MODE, "umc_must_fly");
	set(&fx->cv, F_TRANSPORT_MODE, "air_ground");
	expect_issue(fx, F_TRANSPORT_MODE, "umc_must_fly");
}

static void offices_and_points(void **state)
{
	struct fixture *fx = *state;
	set(&fx->cv, F_OFFICE, "gt");
	set(&fx->cv, F_TRANSPORT_MODE, "ground");
	expect_issue(fx, F_REGISTRATION_POINT, "point_of_other_office");
	set(&fx->cv, F_REGISTRATION_POINT, "tecun_uman");
	assert_int_equal(check(fx), 0);
	set(&fx->cv, F_TRANSPORT_MODE, "air");
	expect_issue(fx, F_TRANSPORT_MODE, "transport_not_allowed");
	set(&fx->cv, F_OFFICE, "mx");
	set(&fx->cv, F_REGISTRATION_POINT, "tijuana");
	set(&fx->cv, F_PROGRAM, "mpp");
	expect_issue(fx, F_REGISTRATION_POINT, "program_not_at_point");
	set(&fx->cv, F_REGISTRATION_POINT, "ciudad_juarez");
	assert_int_equal(check(fx), 0);
}

static void status_requirements(void **state)
{
	struct fixture *fx = *state;
	set(&fx->cv, F_TRANSPORT_MODE, NULL);
	expect_issue(fx, F_TRANSPORT_MODE, "required_for_status");
	set(&fx->cv, F_STATUS, "approved");
	set(&fx->cv, F_DEPARTURE_DATE, NULL);
	assert_int_equal(check(fx), 0);                     /* not needed before travel_booked */
	set(&fx->cv, F_STATUS, "withdrawn");
	assert_int_equal(check(fx), 0);                     /* nor once withdrawn */
	set(&fx->cv, F_STATUS, "departed");
	set(&fx->cv, F_TRANSPORT_MODE, "air");
	expect_issue(fx, F_DEPARTURE_DATE, "required_for_status");
	set(&fx->cv, F_DEPARTURE_DATE, "2019-03-03");
	/* mpp: counselling before approval */
	set(&fx->cv, F_PROGRAM, "mpp");
	set(&fx->cv, F_COUNSELLING_DATE, NULL);
	expect_issue(fx, F_COUNSELLING_DATE, "required_for_mpp_approval");
	set(&fx->cv, F_STATUS, "counselled");
	set(&fx->cv, F_PROGRAM, "avr");
	assert_int_equal(check(fx), 0);                     /* avr needs no counselling date */
}

static void date_order(void **state)
{
	struct fixture *fx = *state;
	set(&fx->cv, F_DEPARTURE_DATE, "2019-02-24");
	expect_issue(fx, F_DEPARTURE_DATE, "before_registration");
	set(&fx->cv, F_DEPARTURE_DATE, "2019-02-25");      /* same day is fine */
	assert_int_equal(check(fx), 0);
	set(&fx->cv, F_SURVEY_DATE, "2019-01-01");
	expect_issue(fx, F_SURVEY_DATE, "before_registration");
	set(&fx->cv, F_SURVEY_DATE, "2019-03-01");
	set(&fx->cv, F_DEPARTURE_DATE, "2026-11-27");      /* after "today" */
	expect_issue(fx, F_DEPARTURE_DATE, "future_date");
	set(&fx->cv, F_DEPARTURE_DATE, "2019-03-03");
	set(&fx->cv, F_REGISTRATION_DATE, "2026-11-27");
	set(&fx->cv, F_BIRTH_DATE, NULL);
	set(&fx->cv, F_AGE, "59");
	set(&fx->cv, F_STATUS, "registered");
	for (int f = F_DEPARTURE_DATE; f < F_COUNT; f++)
		set(&fx->cv, f, NULL);
	expect_issue(fx, F_REGISTRATION_DATE, "future_registration");
}

static void survey_rules(void **state)
{
	struct fixture *fx = *state;
	set(&fx->cv, F_ABUSES, "none extortion");
	expect_issue(fx, F_ABUSES, "none_with_other");
	set(&fx->cv, F_ABUSES, "extortion  threat");
	expect_issue(fx, F_ABUSES, "bad_separator");
	set(&fx->cv, F_ABUSES, "threat threat");
	expect_issue(fx, F_ABUSES, "repeated_code");
	set(&fx->cv, F_ABUSES, "threat robbery");
	expect_issue(fx, F_ABUSES, "unknown_code");
	set(&fx->cv, F_ABUSES, "none");
	assert_int_equal(check(fx), 0);
	set(&fx->cv, F_REGULARIZATION_STARTED, "no");
	expect_issue(fx, F_MEXICO_EXIT_REASON, "exit_without_regularization");
	set(&fx->cv, F_REGULARIZATION_STARTED, "yes");
	set(&fx->cv, F_SURVEY_DATE, NULL);
	expect_issue(fx, F_SURVEY_DATE, "survey_without_date");
	for (int f = F_FIRST_SURVEY + 1; f < F_COUNT; f++)
		set(&fx->cv, f, NULL);
	assert_int_equal(check(fx), 0);
}

static void status_graph(void **state)
{
	(void)state;
	assert_true(status_can_move(ST_REGISTERED, ST_COUNSELLED));
	assert_true(status_can_move(ST_REGISTERED, ST_RETURNED));   /* several steps */
	assert_true(status_can_move(ST_TRAVEL_BOOKED, ST_WITHDRAWN));
	assert_true(status_can_move(ST_COUNSELLED, ST_INELIGIBLE));
	assert_false(status_can_move(ST_DEPARTED, ST_WITHDRAWN));    /* only until departure */
	assert_false(status_can_move(ST_APPROVED, ST_INELIGIBLE));
	assert_false(status_can_move(ST_RETURNED, ST_REGISTERED));   /* never backward */
	assert_false(status_can_move(ST_WITHDRAWN, ST_COUNSELLED));
	assert_false(status_can_move(ST_INELIGIBLE, ST_APPROVED));
	assert_false(status_can_move(ST_APPROVED, ST_APPROVED));
}

static int count_history(void *ctx, int ncol, const char *const *val)
{
	(void)ncol;
	(void)val;
	(*(int *)ctx)++;
	return 0;
}

static void save_and_move(void **state)
{
	struct fixture *fx = *state;
	struct case_writer w;
	case_writer_init(&w, fx->st, &fx->v, "tester", "test");
	set(&fx->cv, F_STATUS, "approved");
	set(&fx->cv, F_DEPARTURE_DATE, NULL);
	set(&fx->cv, F_TRANSPORT_MODE, NULL);
	for (int f = F_FIRST_SURVEY; f < F_COUNT; f++)
		set(&fx->cv, f, NULL);
	assert_int_equal(case_save(&w, &fx->cv, &fx->chk), RT_OK);
	assert_int_equal(w.inserted, 1);
	/* departing needs a transport mode: refused, nothing changes */
	set(&fx->cv, F_STATUS, "departed");
	set(&fx->cv, F_DEPARTURE_DATE, "2019-03-03");
	assert_int_equal(case_save(&w, &fx->cv, &fx->chk), RT_EINVAL);
	assert_int_equal(fx->chk.issue[0].field, F_TRANSPORT_MODE);
	set(&fx->cv, F_TRANSPORT_MODE, "air");
	set(&fx->cv, F_STATUS, "travel_booked");
	set(&fx->cv, F_DEPARTURE_DATE, NULL);
	assert_int_equal(case_save(&w, &fx->cv, &fx->chk), RT_OK);
	assert_int_equal(w.updated, 1);
	set(&fx->cv, F_STATUS, "departed");
	set(&fx->cv, F_DEPARTURE_DATE, "2019-03-03");
	assert_int_equal(case_save(&w, &fx->cv, &fx->chk), RT_OK);
	/* backward and withdrawal after departure are refused */
	set(&fx->cv, F_STATUS, "approved");
	assert_int_equal(case_save(&w, &fx->cv, &fx->chk), RT_EINVAL);
	assert_string_equal(fx->chk.issue[0].code, "status_backward");
	set(&fx->cv, F_STATUS, "withdrawn");
	assert_int_equal(case_save(&w, &fx->cv, &fx->chk), RT_EINVAL);
	struct store_case_ref ref;
	assert_int_equal(store_case_find(fx->st, "S-0010", 6, &ref), RT_OK);
	assert_string_equal(ref.status, "departed");
	int n = 0;
	assert_int_equal(store_history_each(fx->st, ref.id, count_history, &n), RT_OK);
	assert_int_equal(n, 3); /* created approved -> travel_booked -> departed */
}

static void vocab_admin(void **state)
{
	struct fixture *fx = *state;
	struct strbuf err = STRBUF_INIT;
	struct vocab_new pt = { "registration_point", "reynosa", "Reynosa", "Reynosa", "avr", "mx",
				false, 0, 0 };
	assert_int_equal(vocab_add(fx->st, &fx->v, &pt, &err), RT_OK);
	struct vocab_new fixed = { "status", "archived", "Archived", "Archivado", NULL, NULL,
				   false, 0, 0 };
	assert_int_equal(vocab_add(fx->st, &fx->v, &fixed, &err), RT_EINVAL);
	struct vocab_new bad = { "country", "Xy1", "X", "X", NULL, NULL, false, 0, 0 };
	assert_int_equal(vocab_add(fx->st, &fx->v, &bad, &err), RT_EINVAL);
	struct vocab_new badoffice = { "registration_point", "nowhere", "N", "N", "avr", "zz",
				       false, 0, 0 };
	assert_int_equal(vocab_add(fx->st, &fx->v, &badoffice, &err), RT_EINVAL);
	strbuf_release(&err);
	/* the new point is usable once the vocabulary is reloaded */
	struct vocab v2;
	struct strbuf e2 = STRBUF_INIT;
	assert_int_equal(vocab_load(&v2, fx->st, &e2), RT_OK);
	set(&fx->cv, F_REGISTRATION_POINT, "reynosa");
	assert_int_equal(case_check(&v2, &fx->cv, date_from_ymd(2026, 1, 1), &fx->chk), 0);
	vocab_release(&v2);
	strbuf_release(&e2);
}

/* Coordinates of the points, and an administrator's changes of labels and
 * coordinates: what is valid, what is written, and that codes stay. */
static void vocab_changes(void **state)
{
	struct fixture *fx = *state;
	/* seeded from data/vocab/registration_points.csv (data dictionary, §2) */
	const struct vocab_item *mc = vocab_get(&fx->v, VL_REGISTRATION_POINT, "mexico_city", 11);
	assert_non_null(mc);
	assert_true(mc->lat == 19.43 && mc->lon == -99.13);
	const struct vocab_item *tu = vocab_get(&fx->v, VL_REGISTRATION_POINT, "tecun_uman", 10);
	assert_true(tu->lat == 14.68 && tu->lon == -92.14);
	assert_true(isnan(vocab_get(&fx->v, VL_SEX, "male", 4)->lat));

	double d;
	assert_int_equal(vocab_parse_degrees("-99.13", &d), RT_OK);
	assert_true(d == -99.13);
	assert_int_equal(vocab_parse_degrees("+14", &d), RT_OK);
	assert_true(d == 14.0);
	assert_int_equal(vocab_parse_degrees("0.5", &d), RT_OK);
	static const char *const bad[] = { "", "-", ".", "1e3", "nan", "inf", " 1", "1 ", "1,5",
					   "0x1p3", "--1", "1.2.3", "123456789012345678901234567890123" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(vocab_parse_degrees(bad[i], &d), RT_EINVAL);
	assert_true(vocab_coords_valid(90, 180) && vocab_coords_valid(-90, -180));
	assert_true(vocab_coords_valid(NAN, NAN));
	assert_false(vocab_coords_valid(90.001, 0) || vocab_coords_valid(0, -180.5));
	assert_false(vocab_coords_valid(NAN, 0) || vocab_coords_valid(0, NAN));
	assert_false(vocab_coords_valid(INFINITY, 0));

	struct vocab_refusal why;
	bool changed;
	int64_t g0, g1;
	assert_int_equal(store_vocab_generation(fx->st, &g0), RT_OK);
	assert_int_equal(g0, fx->v.generation);
	/* a label and the coordinates of a point; the other label stays */
	struct vocab_change ch = { .list = "registration_point", .code = "tijuana",
				   .label_es = "Tijuana (garita)", .coords = true,
				   .lat = 32.54, .lon = -117.03 };
	assert_int_equal(vocab_update(fx->st, &fx->v, &ch, &changed, &why), RT_OK);
	assert_true(changed);
	assert_int_equal(store_vocab_generation(fx->st, &g1), RT_OK);
	assert_true(g1 > g0);
	struct vocab v2;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(vocab_load(&v2, fx->st, &err), RT_OK);
	assert_int_equal(v2.generation, g1);
	const struct vocab_item *tj = vocab_get(&v2, VL_REGISTRATION_POINT, "tijuana", 7);
	assert_string_equal(tj->label[LANG_ES], "Tijuana (garita)");
	assert_string_equal(tj->label[LANG_EN], "Tijuana");
	assert_true(tj->lat == 32.54 && tj->lon == -117.03);
	/* the same again changes nothing and writes nothing */
	assert_int_equal(vocab_update(fx->st, &v2, &ch, &changed, &why), RT_OK);
	assert_false(changed);
	int64_t g2;
	assert_int_equal(store_vocab_generation(fx->st, &g2), RT_OK);
	assert_int_equal(g2, g1);
	/* coordinates not known any more */
	struct vocab_change forget = { .list = "registration_point", .code = "tijuana",
				       .coords = true, .lat = NAN, .lon = NAN };
	assert_int_equal(vocab_update(fx->st, &v2, &forget, &changed, &why), RT_OK);
	assert_true(changed);
	vocab_release(&v2);
	assert_int_equal(vocab_load(&v2, fx->st, &err), RT_OK);
	assert_true(isnan(vocab_get(&v2, VL_REGISTRATION_POINT, "tijuana", 7)->lat));
	vocab_release(&v2);
	/* labels of offices and of a fixed list */
	struct vocab_change office = { .list = "office", .code = "gt", .label_en = "Guatemala City" };
	assert_int_equal(vocab_update(fx->st, &fx->v, &office, &changed, &why), RT_OK);
	struct vocab_change sex = { .list = "sex", .code = "female", .label_en = "Women and girls" };
	assert_int_equal(vocab_update(fx->st, &fx->v, &sex, &changed, &why), RT_OK);
	assert_int_equal(vocab_load(&v2, fx->st, &err), RT_OK);
	assert_string_equal(vocab_label(&v2, VL_OFFICE, "gt", LANG_EN), "Guatemala City");
	assert_string_equal(vocab_label(&v2, VL_SEX, "female", LANG_EN), "Women and girls");
	assert_string_equal(vocab_label(&v2, VL_SEX, "male", LANG_EN),
			    vocab_label(&fx->v, VL_SEX, "male", LANG_EN));
	vocab_release(&v2);
	strbuf_release(&err);

	/* refusals, each with its message code; nothing is written */
	static const struct {
		struct vocab_change ch;
		int rc;
		const char *code, *arg;
	} no[] = {
		{ { .list = "sexes", .code = "male", .label_en = "M" }, RT_ENOTFOUND, "vocab_no_list", NULL },
		{ { .list = "sex", .code = "other", .label_en = "O" }, RT_ENOTFOUND, "vocab_not_found", NULL },
		{ { .list = "sex", .code = "male", .label_en = "=1+1" }, RT_EINVAL, "vocab_bad_label", "label_en" },
		{ { .list = "sex", .code = "male", .label_es = "" }, RT_EINVAL, "vocab_bad_label", "label_es" },
		{ { .list = "sex", .code = "male", .label_es = "a\nb" }, RT_EINVAL, "vocab_bad_label", "label_es" },
		{ { .list = "sex", .code = "male", .label_en = "\xff" }, RT_EINVAL, "vocab_bad_label", "label_en" },
		{ { .list = "office", .code = "mx", .coords = true, .lat = 1, .lon = 1 }, RT_EINVAL,
		  "vocab_coordinates_not_point", NULL },
		{ { .list = "registration_point", .code = "celaya", .coords = true, .lat = 1, .lon = NAN },
		  RT_EINVAL, "vocab_bad_coordinates", NULL },
		{ { .list = "registration_point", .code = "celaya", .coords = true, .lat = -91, .lon = 0 },
		  RT_EINVAL, "vocab_bad_coordinates", NULL },
	};
	int64_t gb, g3;
	assert_int_equal(store_vocab_generation(fx->st, &gb), RT_OK);
	for (size_t i = 0; i < ARRAY_SIZE(no); i++) {
		assert_int_equal(vocab_update(fx->st, &fx->v, &no[i].ch, &changed, &why), no[i].rc);
		assert_false(changed);
		assert_string_equal(why.code, no[i].code);
		if (no[i].arg)
			assert_string_equal(why.arg, no[i].arg);
		else
			assert_null(why.arg);
	}
	assert_int_equal(store_vocab_generation(fx->st, &g3), RT_OK);
	assert_int_equal(g3, gb);
	assert_int_equal(vocab_load(&v2, fx->st, &err), RT_OK);
	assert_string_equal(vocab_label(&v2, VL_SEX, "male", LANG_EN),
			    vocab_label(&fx->v, VL_SEX, "male", LANG_EN));
	assert_true(vocab_get(&v2, VL_REGISTRATION_POINT, "celaya", 6)->lat == 20.52);
	vocab_release(&v2);
	strbuf_release(&err);
	/* a point added with its coordinates, and one without */
	struct vocab_new with = { "registration_point", "reynosa", "Reynosa", "Reynosa", "avr", "mx",
				  true, 26.09, -98.28 };
	struct vocab_new without = { "registration_point", "nogales", "Nogales", "Nogales", "avr",
				     "mx", false, 0, 0 };
	struct vocab_new wrong = { "registration_point", "matamoros", "M", "M", "avr", "mx",
				   true, 25.87, 200 };
	assert_int_equal(vocab_add(fx->st, &fx->v, &with, &err), RT_OK);
	assert_int_equal(vocab_add(fx->st, &fx->v, &without, &err), RT_OK);
	assert_int_equal(vocab_add(fx->st, &fx->v, &wrong, &err), RT_EINVAL);
	assert_int_equal(vocab_load(&v2, fx->st, &err), RT_OK);
	assert_true(vocab_get(&v2, VL_REGISTRATION_POINT, "reynosa", 7)->lon == -98.28);
	assert_true(isnan(vocab_get(&v2, VL_REGISTRATION_POINT, "nogales", 7)->lat));
	assert_null(vocab_get(&v2, VL_REGISTRATION_POINT, "matamoros", 9));
	vocab_release(&v2);
	strbuf_release(&err);
}

/* Found by the fuzzer: a name with a NUL byte must not match a shorter name. */
static void names_with_nul(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(field_by_name("case_id\0xyz", 11), -1);
	assert_int_equal(field_by_name("case_id", 7), F_CASE_ID);
	assert_int_equal(status_from_code("returned\0x", 10), ST_NONE);
	assert_int_equal(vocab_find(&fx->v, VL_SEX, "male\0zz", 7), -1);
	assert_true(vocab_find(&fx->v, VL_SEX, "male", 4) >= 0);
}

/* retorno_fold() as the older migrations need it to run (the store's own
 * is registered by store_open; the test builds old files without it). */
static void fold_stub(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_null(cx);
}

/* A database at schema version k: migrations 1..k, applied as the store
 * applies them. */
static void build_version(const char *path, int k)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_create_function(db, "retorno_fold", 2, SQLITE_UTF8, NULL,
						 fold_stub, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_create_function(db, "retorno_similar_keys", 4, SQLITE_UTF8, NULL,
						 fold_stub, NULL, NULL), SQLITE_OK);
	for (int m = 0; m < k; m++) {
		char pragma[48];
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", m + 1);
		assert_int_equal(sqlite3_exec(db, schema_migrations[m], NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, pragma, NULL, NULL, NULL), SQLITE_OK);
	}
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static void migrations(void **state)
{
	(void)state;
	/* A file at every older schema version is upgraded in place. */
	for (int k = 0; k < schema_version; k++) {
		char path[] = "/tmp/retorno-migrate-XXXXXX";
		int fd = mkstemp(path);
		assert_true(fd >= 0);
		close(fd);
		unlink(path);
		struct store *st;
		struct strbuf err = STRBUF_INIT;
		assert_int_equal(store_open(path, &st, &err), RT_OK);
		store_close(st);
		/* rebuild the file at version k by hand */
		unlink(path);
		char cmd[512];
		build_version(path, k);
		assert_int_equal(store_open(path, &st, &err), RT_OK);
		store_close(st);
		snprintf(cmd, sizeof(cmd), "test \"$(sqlite3 %s 'PRAGMA user_version')\" = %d", path,
			 schema_version);
		assert_int_equal(system(cmd), 0);
		/* a newer file is refused, not damaged */
		snprintf(cmd, sizeof(cmd), "sqlite3 %s 'PRAGMA user_version=%d'", path,
			 schema_version + 1);
		assert_int_equal(system(cmd), 0);
		assert_int_not_equal(store_open(path, &st, &err), RT_OK);
		assert_non_null(strstr(err.buf, "newer"));
		strbuf_release(&err);
		unlink(path);
		snprintf(cmd, sizeof(cmd), "rm -f %s-wal %s-shm", path, path);
		assert_int_equal(system(cmd), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(base_is_valid, setup, teardown),
		cmocka_unit_test_setup_teardown(required_and_types, setup, teardown),
		cmocka_unit_test_setup_teardown(age_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(unaccompanied_minors, setup, teardown),
		cmocka_unit_test_setup_teardown(offices_and_points, setup, teardown),
		cmocka_unit_test_setup_teardown(status_requirements, setup, teardown),
		cmocka_unit_test_setup_teardown(date_order, setup, teardown),
		cmocka_unit_test_setup_teardown(survey_rules, setup, teardown),
		cmocka_unit_test(status_graph),
		cmocka_unit_test_setup_teardown(save_and_move, setup, teardown),
		cmocka_unit_test_setup_teardown(vocab_admin, setup, teardown),
		cmocka_unit_test_setup_teardown(vocab_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(names_with_nul, setup, teardown),
		cmocka_unit_test(migrations),
	};
	return cmocka_run_group_tests_name("domain", tests, NULL, NULL);
}
