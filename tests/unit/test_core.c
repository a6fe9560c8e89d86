/* Unit tests for core/: dates, numbers, UTF-8, buffers, CSV in and out. */
#include "unit.h"
#include "core/parse.h"
#include "core/strbuf.h"
#include "core/csv_read.h"
#include "core/csv_write.h"

static void dates(void **state)
{
	(void)state;
	rt_date d;
	char buf[11];
	assert_int_equal(parse_date("2020-02-29", 10, &d), RT_OK);
	format_date(d, buf);
	assert_string_equal(buf, "2020-02-29");
	assert_int_equal(parse_date("2019-02-29", 10, &d), RT_EINVAL);
	assert_int_equal(parse_date("2019-02-30", 10, &d), RT_EINVAL);
	assert_int_equal(parse_date("2019-13-01", 10, &d), RT_EINVAL);
	assert_int_equal(parse_date("2019-1-01", 9, &d), RT_EINVAL);
	assert_int_equal(parse_date("2019/01/01", 10, &d), RT_EINVAL);
	assert_int_equal(parse_date("1900-02-29", 10, &d), RT_EINVAL); /* not a leap year */
	assert_int_equal(parse_date("2000-02-29", 10, &d), RT_OK);     /* a leap year */
	assert_int_equal(parse_date("1970-01-01", 10, &d), RT_OK);
	assert_int_equal(d, 0);
	assert_int_equal(date_from_ymd(2019, 3, 1) - date_from_ymd(2019, 2, 28), 1);
	/* birthdays: the day before is still the younger age */
	assert_int_equal(years_between(date_from_ymd(2003, 5, 5), date_from_ymd(2021, 5, 4)), 17);
	assert_int_equal(years_between(date_from_ymd(2003, 5, 5), date_from_ymd(2021, 5, 5)), 18);
	assert_int_equal(years_between(date_from_ymd(2004, 2, 29), date_from_ymd(2022, 2, 28)), 17);
	for (rt_date x = -30000; x < 90000; x += 37) {
		int y, m, dd;
		date_to_ymd(x, &y, &m, &dd);
		assert_int_equal(date_from_ymd(y, m, dd), x);
	}
}

static void numbers(void **state)
{
	(void)state;
	unsigned long long n;
	assert_int_equal(parse_uint("120", 3, 120, &n), RT_OK);
	assert_int_equal(n, 120);
	assert_int_equal(parse_uint("121", 3, 120, &n), RT_EINVAL);
	assert_int_equal(parse_uint("", 0, 120, &n), RT_EINVAL);
	assert_int_equal(parse_uint("-1", 2, 120, &n), RT_EINVAL);
	assert_int_equal(parse_uint("1.5", 3, 120, &n), RT_EINVAL);
	assert_int_equal(parse_uint("18446744073709551616", 20, UINT64_MAX, &n), RT_EINVAL);
	assert_int_equal(parse_uint("18446744073709551615", 20, UINT64_MAX, &n), RT_OK);
}

static void utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("Tecún Umán", strlen("Tecún Umán")));
	assert_true(utf8_valid("plain ascii text, long enough", 29));
	assert_false(utf8_valid("\xC3", 1));                 /* truncated */
	assert_false(utf8_valid("abcdefgh\xC3", 9));         /* truncated after the fast path */
	assert_false(utf8_valid("\xC0\xAF", 2));             /* overlong */
	assert_false(utf8_valid("\xE0\x80\xAF", 3));         /* overlong */
	assert_false(utf8_valid("\xED\xA0\x80", 3));         /* surrogate */
	assert_false(utf8_valid("\xF4\x90\x80\x80", 4));     /* above U+10FFFF */
	assert_false(utf8_valid("Ni\xF1o", 4));              /* Latin-1, not UTF-8 */
	assert_true(utf8_valid("\xF0\x9F\x98\x80", 4));      /* emoji */
	assert_int_equal(utf8_length("Juárez", strlen("Juárez")), 6);
}

static void strbuf_limits(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 8);
	assert_int_equal(strbuf_adds(&sb, "12345678"), RT_OK);
	assert_int_equal(strbuf_addch(&sb, '9'), RT_ELIMIT);
	assert_int_equal(sb.len, 8);
	assert_string_equal(sb.buf, "12345678");
	strbuf_reset(&sb);
	assert_int_equal(strbuf_addf(&sb, "%d-%s", 42, "ab"), RT_OK);
	assert_string_equal(sb.buf, "42-ab");
	size_t len;
	char *p = strbuf_detach(&sb, &len);
	assert_int_equal(len, 5);
	assert_string_equal(p, "42-ab");
	assert_int_equal(sb.len, 0);
	free(p);
	strbuf_release(&sb);
}

static void csv_quoting(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	const char *f[] = { "plain", "a,b", "say \"hi\"", "two\nlines", " padded", NULL, "" };
	csv_add_row(&sb, f, NULL, 7);
	assert_string_equal(sb.buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",,\r\n");
	strbuf_release(&sb);
}

struct collected {
	int n;
	long line[8];
	size_t nfields[8];
	char first[8][32];
	char last[8][32];
};

static int collect(void *ctx, const struct csv_record *rec)
{
	struct collected *c = ctx;
	if (c->n == 8)
		return 1;
	c->line[c->n] = rec->line;
	c->nfields[c->n] = rec->n;
	snprintf(c->first[c->n], 32, "%s", rec->field[0]);
	snprintf(c->last[c->n], 32, "%s", rec->field[rec->n - 1]);
	c->n++;
	return 0;
}

static void csv_lines(void **state)
{
	(void)state;
	/* BOM, CRLF, a quoted field spanning two lines, a blank line, no final newline */
	const char in[] = "\xEF\xBB\xBF" "a,b\r\n\"x\r\ny\",2\r\n\r\n p ,\"q,r\"";
	struct collected c = { 0 };
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(csv_read_mem(in, sizeof(in) - 1, NULL, collect, &c, &err), RT_OK);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.first[0], "a");
	assert_int_equal(c.line[0], 1);
	assert_string_equal(c.first[1], "x\r\ny");
	assert_int_equal(c.line[1], 2);
	assert_int_equal(c.line[2], 5);
	assert_string_equal(c.first[2], " p ");   /* spaces are data */
	assert_string_equal(c.last[2], "q,r");
	strbuf_release(&err);
}

static void csv_malformed(void **state)
{
	(void)state;
	struct collected c = { 0 };
	struct strbuf err = STRBUF_INIT;
	const char stray[] = "a,b\nx,y\"z\n";
	assert_int_not_equal(csv_read_mem(stray, sizeof(stray) - 1, NULL, collect, &c, &err), RT_OK);
	assert_non_null(strstr(err.buf, "line 2"));
	strbuf_reset(&err);
	const char open[] = "a,b\n\"never closed,1\n";
	memset(&c, 0, sizeof(c));
	assert_int_not_equal(csv_read_mem(open, sizeof(open) - 1, NULL, collect, &c, &err), RT_OK);
	assert_non_null(strstr(err.buf, "malformed"));
	strbuf_release(&err);
}

static void csv_limits(void **state)
{
	(void)state;
	struct collected c = { 0 };
	struct strbuf err = STRBUF_INIT;
	struct csv_read_limits lim = { .max_field = 100, .max_fields = 4 };
	char big[400];
	memset(big, 'x', sizeof(big));
	memcpy(big, "a\n", 2);
	assert_int_equal(csv_read_mem(big, sizeof(big), &lim, collect, &c, &err), RT_ELIMIT);
	assert_non_null(strstr(err.buf, "longer than 100 bytes"));
	strbuf_reset(&err);
	memset(&c, 0, sizeof(c));
	const char wide[] = "a,b\n1,2,3,4,5,6\n";
	assert_int_equal(csv_read_mem(wide, sizeof(wide) - 1, &lim, collect, &c, &err), RT_ELIMIT);
	assert_non_null(strstr(err.buf, "line 2: a record has more than 4 fields"));
	assert_int_equal(c.n, 1);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dates),
		cmocka_unit_test(numbers),
		cmocka_unit_test(utf8),
		cmocka_unit_test(strbuf_limits),
		cmocka_unit_test(csv_quoting),
		cmocka_unit_test(csv_lines),
		cmocka_unit_test(csv_malformed),
		cmocka_unit_test(csv_limits),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
