/* form.c: HTML form input (application/x-www-form-urlencoded bodies and
 * query strings) for the web pages; see page.h. Values are decoded into one
 * arena; a key may come several times (checkboxes of a multi-select). */
#include "page.h"
#include "../core/parse.h"
#include <sodium.h>
#include <strings.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) ('+' is a space) onto the arena; the offset of the
 * NUL-terminated result, or -1 for a malformed escape or a NUL. */
static long decode(struct strbuf *arena, const char *s, size_t n)
{
	long at = (long)arena->len;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			if (n - i < 3)
				return -1;
			int a = hexval(s[i + 1]), b = hexval(s[i + 2]);
			if (a < 0 || b < 0)
				return -1;
			c = (char)(a * 16 + b);
			i += 2;
		}
		if (c == '\0')
			return -1;
		strbuf_addch(arena, c);
	}
	strbuf_addch(arena, '\0');
	return at;
}

static int add(struct web_form *f, long k, long v)
{
	if (f->n >= WEB_FORM_MAX)
		return -1;
	f->koff[f->n] = k;
	f->voff[f->n] = v;
	f->n++;
	return 0;
}

void web_form_init(struct web_form *f)
{
	memset(f, 0, sizeof(*f));
	strbuf_init(&f->arena, 0);
}

int web_form_parse(struct web_form *f, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && s[j] != '&')
			j++;
		if (j > i) {
			const char *eq = memchr(s + i, '=', j - i);
			size_t kn = eq ? (size_t)(eq - (s + i)) : j - i;
			long k = decode(&f->arena, s + i, kn);
			long v = eq ? decode(&f->arena, eq + 1, (size_t)(s + j - eq - 1))
				    : decode(&f->arena, "", 0);
			if (k < 0 || v < 0 || add(f, k, v))
				return -1;
		}
		i = j + 1;
	}
	/* every key and value is text: valid UTF-8 */
	for (int n = 0; n < f->n; n++) {
		const char *k = web_form_key(f, n), *v = web_form_val(f, n);
		if (!utf8_valid(k, strlen(k)) || !utf8_valid(v, strlen(v)))
			return -1;
	}
	return 0;
}

static enum MHD_Result query_item(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	(void)kind;
	struct web_form *f = cls;
	long k = (long)f->arena.len;
	strbuf_adds(&f->arena, key);
	strbuf_addch(&f->arena, '\0');
	long v = (long)f->arena.len;
	strbuf_adds(&f->arena, value ? value : "");
	strbuf_addch(&f->arena, '\0');
	if (add(f, k, v)) {
		f->overflow = true;
		return MHD_NO;
	}
	return MHD_YES;
}

int web_form_query(struct web_req *r, struct web_form *f)
{
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_item, f);
	for (int n = 0; n < f->n; n++) {
		const char *k = web_form_key(f, n), *v = web_form_val(f, n);
		if (!utf8_valid(k, strlen(k)) || !utf8_valid(v, strlen(v)))
			return -1;
	}
	return f->overflow ? -1 : 0;
}

const char *web_form_get(const struct web_form *f, const char *key)
{
	for (int n = 0; f && n < f->n; n++)
		if (!strcmp(web_form_key(f, n), key))
			return web_form_val(f, n);
	return NULL;
}

long web_form_int(const struct web_form *f, const char *key, long def)
{
	const char *v = web_form_get(f, key);
	unsigned long long n;
	if (!v || parse_uint(v, strlen(v), 1000000000ull, &n))
		return def;
	return (long)n;
}

const char *web_form_str(const struct web_form *f, const char *key)
{
	const char *v = web_form_get(f, key);
	if (!v)
		return NULL;
	while (*v == ' ')
		v++;
	return *v ? v : NULL;
}

void web_form_join(const struct web_form *f, const char *key, struct strbuf *out)
{
	strbuf_reset(out);
	for (int n = 0; f && n < f->n; n++) {
		if (strcmp(web_form_key(f, n), key) || !*web_form_val(f, n))
			continue;
		if (out->len)
			strbuf_addch(out, ' ');
		strbuf_adds(out, web_form_val(f, n));
	}
}

void web_form_release(struct web_form *f)
{
	strbuf_release(&f->arena);
	f->n = 0;
}

int page_form_judge(struct web_req *r)
{
	const char *ct = web_lookup(r, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t n = strlen("application/x-www-form-urlencoded");
	if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", n) ||
	    (ct[n] && ct[n] != ';' && ct[n] != ' ')) {
		web_problem(r, 415, "unsupported_media_type", "application/x-www-form-urlencoded");
		return -1;
	}
	r->form = xcalloc(1, sizeof(*r->form));
	web_form_init(r->form);
	if (web_form_parse(r->form, r->body.buf, r->body.len)) {
		web_problem(r, 400, "form_malformed", NULL);
		return -1;
	}
	if (r->via_session && !(r->op->flags & RF_NO_CSRF)) {
		const char *t = web_form_get(r->form, "csrf_token");
		size_t tn = t ? strlen(t) : 0, want = strnlen(r->csrf, sizeof(r->csrf));
		if (!tn || tn != want || sodium_memcmp(t, r->csrf, tn)) {
			web_problem(r, 403, "form_expired", NULL);
			return -1;
		}
	}
	return 0;
}
