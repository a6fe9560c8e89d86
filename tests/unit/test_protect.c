/* Publication safety, from inside: the atoms a public output is built from
 * add up to the report report_compute() gives for the same filters (every
 * key, every value), and report_public() leaves no small count visible,
 * hides nothing it need not show as hidden, and gives a recorded edition
 * back when the data have not changed. The independent attacker's view is
 * tests/protect/ (it reads only the JSON). */
#include "unit.h"
#include "domain/database.h"
#include "domain/demo.h"
#include "report/atoms.h"
#include "report/protect.h"
#include <unistd.h>

struct fixture {
	char dir[64];
	char db[128];
	struct store *st;
	struct vocab v;
};

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/retorno-protect-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->db, sizeof(fx->db), "%s/demo.db", fx->dir);
	struct strbuf err = STRBUF_INIT;
	struct demo_opts d = { .cases = 1200, .seed = 7, .actor = "test" };
	if (database_open(fx->db, &fx->st, &fx->v, &err) ||
	    demo_generate(fx->st, &fx->v, &d, &err)) {
		fprintf(stderr, "setup: %s\n", err.buf);
		return -1;
	}
	strbuf_release(&err);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	vocab_release(&fx->v);
	store_close(fx->st);
	char path[200];
	const char *suffix[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < ARRAY_SIZE(suffix); i++) {
		snprintf(path, sizeof(path), "%s%s", fx->db, suffix[i]);
		unlink(path);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static int64_t value_of(const struct report *r, const char *key)
{
	for (int c = 0; c < r->ncell; c++)
		if (!strcmp(r->key[c], key))
			return r->cell[c].value;
	return 0;
}

static bool hidden_of(const struct report *r, const char *key)
{
	for (int c = 0; c < r->ncell; c++)
		if (!strcmp(r->key[c], key))
			return r->cell[c].suppressed;
	return false;
}

/* Same keys with non-zero values, same values. */
static void assert_same_cells(const struct report *a, const struct report *b, const char *what)
{
	int nonzero_a = 0, nonzero_b = 0;
	for (int c = 0; c < a->ncell; c++) {
		if (!a->cell[c].value)
			continue;
		nonzero_a++;
		if (value_of(b, a->key[c]) != a->cell[c].value) {
			fprintf(stderr, "%s: %s is %lld and %lld\n", what, a->key[c],
				(long long)a->cell[c].value, (long long)value_of(b, a->key[c]));
			fail();
		}
	}
	for (int c = 0; c < b->ncell; c++)
		nonzero_b += b->cell[c].value != 0;
	assert_int_equal(nonzero_a, nonzero_b);
}

static void test_atoms_add_up_to_the_report(void **state)
{
	struct fixture *fx = *state;
	struct strbuf err = STRBUF_INIT;
	/* segments: before 2020, 2020 by quarters, after */
	int bound[] = { 0, protect_month(2020, 1), protect_month(2020, 4), protect_month(2020, 7),
			protect_month(2021, 1), protect_month(2027, 1) };
	struct report_opts o = { .lang = LANG_EN, .min_cell = 5 };
	struct report_atoms *a;
	assert_int_equal(report_atoms_read(fx->st, &fx->v, &o, bound, (int)ARRAY_SIZE(bound), &a,
					   &err), RT_OK);
	struct { const char *program, *office, *from, *to; int s0, s1; } cases[] = {
		{ "avr", NULL, NULL, "2026-12-31", 0, 4 },
		{ "avr", "gt", "2020-04-01", "2020-06-30", 2, 2 },
		{ "mpp", "mx", "2020-01-01", "2020-12-31", 1, 3 },
		{ NULL, NULL, NULL, "2019-12-31", 0, 0 },
		{ "avr", "mx", "2020-01-01", "2026-12-31", 1, 4 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct report_opts q = o;
		q.program = cases[i].program;
		q.office = cases[i].office;
		q.from = cases[i].from;
		q.to = cases[i].to;
		struct report want, got;
		assert_int_equal(report_compute(fx->st, &fx->v, &q, &want, &err), RT_OK);
		int p = q.program ? vocab_pos(&fx->v, VL_PROGRAM, q.program, strlen(q.program)) : -1;
		int of = q.office ? vocab_pos(&fx->v, VL_OFFICE, q.office, strlen(q.office)) : -1;
		report_atoms_build(a, &q, p < 0 ? ATOMS_ALL : p, of < 0 ? ATOMS_ALL : of, cases[i].s0,
				   cases[i].s1, true, &got);
		char what[80];
		snprintf(what, sizeof(what), "case %zu", i);
		assert_true(value_of(&want, "returns_total") > 0);
		assert_same_cells(&want, &got, what);
		report_release(&want);
		report_release(&got);
	}
	report_atoms_free(a);
	strbuf_release(&err);
}

static void check_public(const struct report *r)
{
	for (int c = 0; c < r->ncell; c++) {
		int64_t v = r->cell[c].value;
		/* no small count shown; a zero is shown as zero */
		if (v > 0 && v < r->opts.min_cell)
			assert_true(r->cell[c].suppressed);
		if (v == 0 && !strstr(r->key[c], "#mentions"))   /* mentions are never published */
			assert_false(r->cell[c].suppressed);
	}
}

static struct pub_cell *edition_cells(const struct report *r)
{
	struct pub_cell *c = xcalloc((size_t)r->ncell + 1, sizeof(*c));
	for (int i = 0; i < r->ncell; i++)
		c[i] = (struct pub_cell){ r->key[i], r->cell[i].value, r->cell[i].suppressed };
	/* sorted by key, as protect.h asks (insertion sort: few hundred cells) */
	for (int i = 1; i < r->ncell; i++)
		for (int j = i; j > 0 && strcmp(c[j - 1].key, c[j].key) > 0; j--) {
			struct pub_cell t = c[j];
			c[j] = c[j - 1];
			c[j - 1] = t;
		}
	return c;
}

static void test_public_hides_small_counts_and_reuses_editions(void **state)
{
	struct fixture *fx = *state;
	struct strbuf err = STRBUF_INIT;
	struct report_opts o = { .program = "avr", .lang = LANG_EN, .public_ = true, .min_cell = 5,
				 .from = "2020-01-01", .to = "2020-03-31" };
	struct report r1, r2, r3;
	struct protect_stats s1, s2, s3;
	assert_int_equal(report_public(fx->st, &fx->v, &o, NULL, 0, &r1, &s1, &err), RT_OK);
	check_public(&r1);
	int small = 0, hidden = 0, shown = 0;
	for (int c = 0; c < r1.ncell; c++) {
		int64_t v = r1.cell[c].value;
		small += v > 0 && v < 5;
		hidden += v > 0 && r1.cell[c].suppressed;
		shown += v > 0 && !r1.cell[c].suppressed;
	}
	assert_true(small > 0);              /* the quarter has small counts to hide */
	assert_true(hidden > small);         /* and hides more than them: secondary cells */
	assert_true(shown > 0);              /* but not everything */
	assert_int_equal(s1.same_as, 0);
	/* recorded: the same filters on unchanged data give it back */
	struct pub_edition ed = { 7, "avr", NULL, protect_month(2020, 1), protect_month(2020, 3), 5,
				  edition_cells(&r1), r1.ncell };
	assert_int_equal(report_public(fx->st, &fx->v, &o, &ed, 1, &r2, &s2, &err), RT_OK);
	assert_int_equal(s2.same_as, 7);
	assert_same_cells(&r1, &r2, "reused");
	for (int c = 0; c < r2.ncell; c++)
		assert_int_equal(r2.cell[c].suppressed, hidden_of(&r1, r2.key[c]));
	/* one office of the same period is protected together with the recorded whole */
	struct report_opts og = o;
	og.office = "gt";
	assert_int_equal(report_public(fx->st, &fx->v, &og, &ed, 1, &r3, &s3, &err), RT_OK);
	check_public(&r3);
	/* all offices (recorded) less gt (new) is mx: never a small count */
	int pairs = 0;
	for (int c = 0; c < r3.ncell; c++) {
		if (r3.cell[c].suppressed || strstr(r3.key[c], "#mentions") ||
		    strchr(r3.key[c], '/'))
			continue;
		const struct pub_cell *all = NULL;
		for (int i = 0; i < ed.ncell && !all; i++)
			if (!strcmp(ed.cell[i].key, r3.key[c]))
				all = &ed.cell[i];
		if (!all || all->suppressed)
			continue;
		int64_t mx = all->value - r3.cell[c].value;
		pairs++;
		if (mx > 0 && mx < 5)
			fail_msg("all - gt gives mx's %s = %lld", r3.key[c], (long long)mx);
	}
	assert_true(pairs > 10);
	free((void *)ed.cell);
	report_release(&r1);
	report_release(&r2);
	report_release(&r3);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_atoms_add_up_to_the_report),
		cmocka_unit_test(test_public_hides_small_counts_and_reuses_editions),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
