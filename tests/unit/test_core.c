/* Unit tests for core/: dates, numbers, UTF-8, buffers, CSV in and out. */
#include "unit.h"
#include "core/parse.h"
#include "core/strbuf.h"
#include "core/csv_read.h"
#include "core/csv_write.h"
#include "core/html.h"
#include "core/textcheck.h"
#include "io/encoding.h"

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

/* The formula guard (issue 10, item 6): a cell a spreadsheet would run gets a
 * leading apostrophe that import takes off; ';' and TAB are quoted so that a
 * spreadsheet splitting on them still sees one cell. */
static void csv_formula_guard(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	const char *f[] = { "-A1", "=1+1", "@SUM(A1)", "+x", "Ana;=cmd|' /C calc'!A0;x", "-5",
			    "+1.5", "12%", "a\tb", "Ana-Maria", "2019-04-07", "x, -5; +y" };
	csv_add_row(&sb, f, NULL, ARRAY_SIZE(f));
	assert_string_equal(sb.buf, "'-A1,'=1+1,'@SUM(A1),'+x,\"Ana;'=cmd|' /C calc'!A0;x\",-5,"
			    "+1.5,12%,\"a\tb\",Ana-Maria,2019-04-07,\"x, -5; '+y\"\r\n");
	strbuf_reset(&sb);
	/* quoted and guarded at once; a TAB or CR at the start */
	csv_add_field(&sb, "=a,\"@b", 6);
	assert_string_equal(sb.buf, "\"'=a,\"\"'@b\"");
	strbuf_reset(&sb);
	csv_add_field(&sb, "\t=x", 3);
	assert_string_equal(sb.buf, "\"\t'=x\"");
	strbuf_reset(&sb);
	csv_add_field(&sb, "a\r\n@b", 5);
	assert_string_equal(sb.buf, "\"a\r\n'@b\"");
	strbuf_reset(&sb);
	csv_add_row_sep(&sb, f + 8, NULL, 3, ';');
	assert_string_equal(sb.buf, "\"a\tb\";Ana-Maria;2019-04-07\r\n");
	strbuf_reset(&sb);
	/* import takes the guard off again, and only the guard */
	const char *in[][2] = {
		{ "'-A1", "-A1" }, { "Ana;'=cmd;x", "Ana;=cmd;x" }, { "\t'=x", "\t=x" },
		{ "''-x", "'-x" },
		{ "=a,\"'@b", "=a,\"@b" }, { "x, -5; '+y", "x, -5; +y" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(in); i++) {
		strbuf_reset(&sb);
		assert_true(csv_unguard(in[i][0], strlen(in[i][0]), &sb));
		assert_string_equal(sb.buf, in[i][1]);
	}
	const char *kept[] = { "'Ana", "'-5", "Ana 'b", "O'Brien; 'x", "" };
	for (size_t i = 0; i < ARRAY_SIZE(kept); i++) {
		strbuf_reset(&sb);
		assert_false(csv_unguard(kept[i], strlen(kept[i]), &sb));
		assert_int_equal(sb.len, 0);
	}
	/* guard then unguard gives the value back, whatever it is */
	const char *any[] = { "-A1", "Ana;=cmd|' /C calc'!A0;x", "\t=x", " ;@;;+", "'-x", "a",
			      "''=x;'", "'\t", "\r\n-x", "-" };
	for (size_t i = 0; i < ARRAY_SIZE(any); i++) {
		struct strbuf back = STRBUF_INIT;
		strbuf_reset(&sb);
		csv_add_field(&sb, any[i], strlen(any[i]));
		/* read the field back as the CSV reader would: unquote */
		struct strbuf cell = STRBUF_INIT;
		if (sb.buf[0] == '"') {
			for (size_t k = 1; k + 1 < sb.len; k++) {
				strbuf_addch(&cell, sb.buf[k]);
				if (sb.buf[k] == '"')
					k++;
			}
		} else {
			strbuf_add(&cell, sb.buf, sb.len);
		}
		if (!csv_unguard(cell.buf, cell.len, &back))
			strbuf_add(&back, cell.buf, cell.len);
		assert_string_equal(back.buf, any[i]);
		strbuf_release(&cell);
		strbuf_release(&back);
	}
	strbuf_release(&sb);
}

static enum text_problem check(const char *s, unsigned flags)
{
	struct text_verdict v;
	return text_check(s, strlen(s), flags, &v);
}

/* The one check of text (items 6, 7 and 14). */
static void text_checks(void **state)
{
	(void)state;
	assert_int_equal(check("José Pérez-García, Jr.", TEXT_NO_FORMULA), TEXT_OK);
	assert_int_equal(check("Ana 😀 \xe2\x80\x8d", TEXT_NO_FORMULA), TEXT_OK); /* ZWJ stays */
	assert_int_equal(check("\xff", 0), TEXT_BAD_UTF8);
	assert_int_equal(check("a\tb", 0), TEXT_CONTROL);
	assert_int_equal(check("a\x7f", 0), TEXT_CONTROL);
	/* C1: U+0085 NEXT LINE and U+009B CSI; U+2028, U+2029 */
	assert_int_equal(check("Ana\xc2\x85", 0), TEXT_CONTROL);
	assert_int_equal(check("\xc2\x9b" "31m", 0), TEXT_CONTROL);
	assert_int_equal(check("a\xe2\x80\xa8" "b", 0), TEXT_CONTROL);
	assert_int_equal(check("a\xe2\x80\xa9" "b", 0), TEXT_CONTROL);
	/* U+00A0 and U+00E9 are text */
	assert_int_equal(check("\xc2\xa0\xc3\xa9", 0), TEXT_OK);
	/* bidi and invisible format characters */
	const char *fmt[] = { "\xe2\x80\xae", "\xe2\x80\xad", "\xe2\x80\xaa", "\xe2\x81\xa6",
			      "\xe2\x81\xa9", "\xe2\x80\x8e", "\xe2\x80\x8f", "\xd8\x9c",
			      "\xe2\x80\x8b", "\xef\xbb\xbf", "\xe2\x81\xa0" };
	for (size_t i = 0; i < ARRAY_SIZE(fmt); i++) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "LI%sVE", fmt[i]);
		struct text_verdict v;
		assert_int_equal(text_check(sb.buf, sb.len, 0, &v), TEXT_FORMAT);
		assert_int_equal(text_format_char_len(sb.buf + 2, sb.len - 2), strlen(fmt[i]));
		strbuf_release(&sb);
	}
	struct text_verdict v;
	assert_int_equal(text_check("\xe2\x80\xaeLIVE", 7, 0, &v), TEXT_FORMAT);
	assert_int_equal(v.cp, 0x202E);
	char p1[16], p2[16];
	assert_string_equal(text_verdict_code(&v, p1, p2), "format_char");
	assert_string_equal(p1, "U+202E");
	/* formulas: at the start, after spaces or an apostrophe, after , ; TAB */
	assert_int_equal(check("=cmd", TEXT_NO_FORMULA), TEXT_FORMULA);
	assert_int_equal(check("=cmd", 0), TEXT_OK);
	assert_int_equal(check("  @x", TEXT_NO_FORMULA), TEXT_FORMULA);
	assert_int_equal(check("'-x", TEXT_NO_FORMULA), TEXT_FORMULA);
	assert_int_equal(check("-5", TEXT_NO_FORMULA), TEXT_FORMULA);
	assert_int_equal(check("Ana;=cmd|' /C calc'!A0;x", TEXT_NO_FORMULA), TEXT_FORMULA_INSIDE);
	assert_int_equal(check("Ana, +x", TEXT_NO_FORMULA), TEXT_FORMULA_INSIDE);
	assert_int_equal(check("Ana;\"@x\"", TEXT_NO_FORMULA), TEXT_FORMULA_INSIDE);
	assert_int_equal(text_check("Ana;=x", 6, TEXT_NO_FORMULA, &v), TEXT_FORMULA_INSIDE);
	assert_string_equal(text_verdict_code(&v, p1, p2), "formula_inside");
	assert_string_equal(p1, ";");
	assert_string_equal(p2, "=");
	assert_int_equal(check("Ana - Maria; Luz", TEXT_NO_FORMULA), TEXT_OK);
	assert_int_equal(check("Ana;'=x", TEXT_NO_FORMULA), TEXT_FORMULA_INSIDE);
	assert_int_equal(check("O'Brien", TEXT_NO_FORMULA), TEXT_OK);
	/* the export's cell check spares plain numbers */
	assert_true(text_formula_at("-A1", 3, 0));
	assert_false(text_formula_at("\t1", 2, 0));
	assert_true(text_formula_at("a;=b", 4, 2));
	assert_false(text_formula_at("-5;x", 4, 0));
	assert_false(text_formula_at("-0.5%", 5, 0));
	assert_false(text_formula_at("", 0, 0));
	assert_int_equal(text_cell_start("a; \"=x", 6, 2), 4);
	/* display: controls and format characters as '?' */
	struct strbuf sb = STRBUF_INIT;
	text_add_printable(&sb, "a\x1b[2J\xc2\x9b\xe2\x80\xae" "b\xff" "ñ", 14);
	assert_string_equal(sb.buf, "a?[2J??b?ñ");
	strbuf_reset(&sb);
	/* HTML drops bidi controls, turns C1 into a space */
	html_text(&sb, "\xe2\x80\xaeLIVE<\xc2\x85>\xe2\x81\xa6" "x\xe2\x81\xa9");
	assert_string_equal(sb.buf, "LIVE&lt; &gt;x");
	strbuf_reset(&sb);
	html_textn(&sb, "ab\xe2\x80\xae", 3);   /* cut inside the character */
	assert_string_equal(sb.buf, "ab\xe2");
	strbuf_release(&sb);
}

/* Windows-1252 or not: what the importer says of a file that is not UTF-8. */
static void encodings(void **state)
{
	(void)state;
	assert_true(text_looks_windows_1252("J\xf6rge", 6));
	assert_true(text_looks_windows_1252("\x93quoted\x94 and \xc3\xa9", 16));
	assert_false(text_looks_windows_1252("\x81", 1));      /* not a character of 1252 */
	assert_false(text_looks_windows_1252("plain", 5));
	enum text_encoding e;
	assert_int_equal(text_encoding_parse("UTF-16", &e), RT_OK);
	assert_int_equal(e, ENC_UTF16);
	assert_int_equal(text_encoding_parse("latin1", &e), RT_OK);
	assert_int_equal(e, ENC_WINDOWS_1252);
	assert_int_equal(text_encoding_parse("ebcdic", &e), RT_EINVAL);
	/* UTF-16LE with a byte-order mark becomes UTF-8, the mark dropped */
	const char le[] = "\xff\xfe" "c\0a\0" "\xf1\0" "\n\0";
	FILE *in = fmemopen((void *)le, sizeof(le) - 1, "r");
	enum text_sniff sniff;
	struct text_source *ts = text_source_open(in, ENC_UTF16, &sniff);
	assert_int_equal(sniff, SNIFF_UTF16LE);
	size_t n;
	const char *p = text_source_peek(ts, 100, &n);
	assert_int_equal(n, 5);
	assert_memory_equal(p, "ca\xc3\xb1\n", 5);
	char buf[16];
	assert_int_equal(fread(buf, 1, sizeof(buf), text_source_stream(ts)), 5);
	assert_memory_equal(buf, "ca\xc3\xb1\n", 5);
	text_source_close(ts);
	fclose(in);
	/* a byte that is not of Windows-1252 stops the stream, with its line */
	const char bad[] = "ok\nbad\x81\n";
	in = fmemopen((void *)bad, sizeof(bad) - 1, "r");
	ts = text_source_open(in, ENC_WINDOWS_1252, &sniff);
	assert_int_equal(sniff, SNIFF_NONE);
	/* what comes before the bad byte, then an error */
	assert_int_equal(fread(buf, 1, sizeof(buf), text_source_stream(ts)), 6);
	assert_memory_equal(buf, "ok\nbad", 6);
	assert_int_equal(fread(buf, 1, sizeof(buf), text_source_stream(ts)), 0);
	assert_true(ferror(text_source_stream(ts)));
	assert_non_null(strstr(text_source_error(ts), "line 2: byte 0x81 (byte 7 of the file)"));
	text_source_close(ts);
	fclose(in);
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
		cmocka_unit_test(csv_formula_guard),
		cmocka_unit_test(text_checks),
		cmocka_unit_test(encodings),
		cmocka_unit_test(csv_lines),
		cmocka_unit_test(csv_malformed),
		cmocka_unit_test(csv_limits),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
