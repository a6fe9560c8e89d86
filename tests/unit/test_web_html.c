/* test_web_html.c: the one HTML writer escapes every argument, and the form
 * parser of the web pages reads what browsers send and refuses the rest. */
#include "unit.h"
#include "core/html.h"
#include "web/page.h"

static void f_escapes_text(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	html_f(&sb, "<p title=\"%s\">%s</p>", "\"><script>x</script>", "a&b<c>'d'");
	assert_string_equal(sb.buf, "<p title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">"
				    "a&amp;b&lt;c&gt;&#39;d&#39;</p>");
	strbuf_release(&sb);
}

static void f_lengths_numbers_urls(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	html_f(&sb, "%.*s|%d|%ld|%lld|%%|<a href=\"/cases/%u\">", 3, "<b>zzz", -7, 12L, 1LL << 40,
	       "MX 1/&\"x");
	assert_string_equal(sb.buf, "&lt;b&gt;|-7|12|1099511627776|%|<a href=\"/cases/MX%201%2F%26%22x\">");
	strbuf_release(&sb);
}

static void f_inserts_markup_only_by_H(void **state)
{
	(void)state;
	struct strbuf inner = STRBUF_INIT, sb = STRBUF_INIT;
	html_f(&inner, "<li>%s</li>", "<i>");
	html_f(&sb, "<ul>%H</ul>%s", inner.buf, inner.buf);
	assert_string_equal(sb.buf, "<ul><li>&lt;i&gt;</li></ul>&lt;li&gt;&amp;lt;i&amp;gt;&lt;/li&gt;");
	strbuf_release(&inner);
	strbuf_release(&sb);
}

static void f_null_and_controls(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	html_f(&sb, "[%s][%s]", NULL, "a\x01" "b\tc");
	assert_string_equal(sb.buf, "[][a b c]");
	strbuf_release(&sb);
}

static void form_parses(void **state)
{
	(void)state;
	struct web_form f;
	web_form_init(&f);
	const char *body = "given_names=Jos%C3%A9+Mar%C3%ADa&family_names.2=L%C3%B3pez&"
			   "abuses=threat&abuses=extortion&empty=&flag&csrf_token=a%2Bb";
	assert_int_equal(web_form_parse(&f, body, strlen(body)), 0);
	assert_string_equal(web_form_get(&f, "given_names"), "José María");
	assert_string_equal(web_form_get(&f, "family_names.2"), "López");
	assert_string_equal(web_form_get(&f, "csrf_token"), "a+b");
	assert_string_equal(web_form_get(&f, "empty"), "");
	assert_null(web_form_str(&f, "empty"));
	assert_string_equal(web_form_get(&f, "flag"), "");
	assert_null(web_form_get(&f, "missing"));
	struct strbuf joined = STRBUF_INIT;
	web_form_join(&f, "abuses", &joined);
	assert_string_equal(joined.buf, "threat extortion");
	strbuf_release(&joined);
	assert_int_equal(web_form_int(&f, "missing", 3), 3);
	web_form_release(&f);
}

static void form_refuses(void **state)
{
	(void)state;
	const char *bad[] = { "a=%zz", "a=%4", "a=%00", "a=%C3", "a=%ff%fe" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct web_form f;
		web_form_init(&f);
		assert_int_equal(web_form_parse(&f, bad[i], strlen(bad[i])), -1);
		web_form_release(&f);
	}
	/* more fields than a form has */
	struct strbuf many = STRBUF_INIT;
	for (int i = 0; i <= WEB_FORM_MAX; i++)
		strbuf_addf(&many, "k%d=v&", i);
	struct web_form f;
	web_form_init(&f);
	assert_int_equal(web_form_parse(&f, many.buf, many.len), -1);
	web_form_release(&f);
	strbuf_release(&many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(f_escapes_text),
		cmocka_unit_test(f_lengths_numbers_urls),
		cmocka_unit_test(f_inserts_markup_only_by_H),
		cmocka_unit_test(f_null_and_controls),
		cmocka_unit_test(form_parses),
		cmocka_unit_test(form_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
