/* vocab.c: in-memory code lists; see vocab.h. */
#include "vocab.h"
#include <math.h>

const char *const vocab_list_names[VL_COUNT] = {
	"program", "sex", "yes_no", "status", "transport_mode",
	"migration_status", "education", "occupation_sector", "travelling_with",
	"health_self_perceived", "health_screening", "journey_conditions", "abuses",
	"migration_reasons", "return_reasons", "mexico_exit_reason", "return_plans",
	"country", "office", "registration_point",
};

int vocab_list_by_name(const char *name)
{
	for (int i = 0; i < VL_COUNT; i++)
		if (!strcmp(vocab_list_names[i], name))
			return i;
	return VL_NONE;
}

/* The first 16 bytes of a code as two zero-padded words. Codes are short:
 * comparing two words replaces a byte loop and a memcmp for almost all. */
static void words(const char *s, size_t len, uint64_t w[2])
{
	uint64_t a = 0, b = 0;
	size_t n = len < 16 ? len : 16;
	for (size_t i = 0; i < n; i++) {
		uint64_t c = (unsigned char)s[i];
		if (i < 8)
			a |= c << (8 * i);
		else
			b |= c << (8 * (i - 8));
	}
	w[0] = a;
	w[1] = b;
}

static uint32_t hash(int list, const uint64_t w[2], size_t len)
{
	uint64_t h = (w[0] * 0x9E3779B97F4A7C15ull) ^ (w[1] * 0xC2B2AE3D27D4EB4Full) ^
		     ((uint64_t)len << 8) ^ (uint64_t)list;
	h ^= h >> 31;
	h *= 0xBF58476D1CE4E5B9ull;
	return (uint32_t)(h ^ (h >> 29));
}

static void rehash(struct vocab *v)
{
	free(v->slot);
	v->nslot = 64;
	while (v->nslot < v->n * 3)
		v->nslot *= 2;
	v->slot = xcalloc(v->nslot, sizeof(*v->slot));
	for (size_t i = 0; i < v->n; i++) {
		const struct vocab_item *it = &v->item[i];
		size_t k = hash(it->list, it->w, it->len) & (v->nslot - 1);
		while (v->slot[k])
			k = (k + 1) & (v->nslot - 1);
		v->slot[k] = (uint32_t)i + 1;
	}
}

int vocab_find(const struct vocab *v, int list, const char *code, size_t len)
{
	if (!v->nslot || !code)
		return -1;
	uint64_t w[2];
	words(code, len, w);
	size_t k = hash(list, w, len) & (v->nslot - 1);
	while (v->slot[k]) {
		const struct vocab_item *it = &v->item[v->slot[k] - 1];
		if (it->w[0] == w[0] && it->w[1] == w[1] && it->len == len && it->list == list &&
		    (len <= 16 || !memcmp(it->code + 16, code + 16, len - 16)))
			return (int)(v->slot[k] - 1);
		k = (k + 1) & (v->nslot - 1);
	}
	return -1;
}

int vocab_pos(const struct vocab *v, int list, const char *code, size_t len)
{
	int i = vocab_find(v, list, code, len);
	return i < 0 ? -1 : v->item[i].pos;
}

const struct vocab_item *vocab_get(const struct vocab *v, int list, const char *code, size_t len)
{
	int i = vocab_find(v, list, code, len);
	return i < 0 ? NULL : &v->item[i];
}

const char *vocab_label(const struct vocab *v, int list, const char *code, enum lang lang)
{
	const struct vocab_item *it = vocab_get(v, list, code, strlen(code));
	return it ? it->label[lang] : code;
}

bool code_in_set(const char *set, const char *code, size_t len)
{
	const char *p = set;
	while (p && *p) {
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == len && !memcmp(p, code, len))
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

void vocab_describe_list(const struct vocab *v, int list, size_t max, struct strbuf *sb)
{
	size_t shown = 0;
	for (size_t i = 0; i < v->n; i++) {
		if (v->item[i].list != list)
			continue;
		if (shown == max) {
			strbuf_adds(sb, ", …");
			return;
		}
		strbuf_addf(sb, "%s%s", shown ? ", " : "", v->item[i].code);
		shown++;
	}
}

static struct vocab_item *push(struct vocab *v, int list, const char *code,
			       const char *en, const char *es)
{
	if (v->n == v->alloc) {
		v->alloc = v->alloc ? v->alloc * 2 : 512;
		v->item = xrealloc(v->item, st_mult(v->alloc, sizeof(*v->item)));
	}
	struct vocab_item *it = &v->item[v->n++];
	memset(it, 0, sizeof(*it));
	it->list = list;
	it->code = xstrdup(code);
	it->len = strlen(code);
	words(it->code, it->len, it->w);
	it->label[LANG_EN] = xstrdup(en ? en : code);
	it->label[LANG_ES] = xstrdup(es ? es : code);
	it->office = -1;
	it->lat = it->lon = NAN;
	return it;
}

static int on_list(void *ctx, int ncol, const char *const *val)
{
	struct vocab *v = ctx;
	(void)ncol;
	int l = vocab_list_by_name(val[0]);
	if (l == VL_NONE)
		return RT_OK; /* a list this version does not use */
	v->extensible[l] = val[1][0] == '1';
	v->list_label[l][LANG_EN] = xstrdup(val[2]);
	v->list_label[l][LANG_ES] = xstrdup(val[3]);
	return RT_OK;
}

static int on_code(void *ctx, int ncol, const char *const *val)
{
	struct vocab *v = ctx;
	(void)ncol;
	int l = vocab_list_by_name(val[0]);
	if (l != VL_NONE && l != VL_OFFICE && l != VL_REGISTRATION_POINT)
		push(v, l, val[1], val[2], val[3]);
	return RT_OK;
}

static int on_office(void *ctx, int ncol, const char *const *val)
{
	(void)ncol;
	struct vocab_item *it = push(ctx, VL_OFFICE, val[0], val[3], val[4]);
	it->country = xstrdup(val[1]);
	it->attr = xstrdup(val[2]);
	return RT_OK;
}

static int on_point(void *ctx, int ncol, const char *const *val)
{
	(void)ncol;
	struct vocab *v = ctx;
	struct vocab_item *it = push(v, VL_REGISTRATION_POINT, val[0], val[3], val[4]);
	it->attr = xstrdup(val[2]);
	/* REAL columns come as SQLite's text of the number: the database's
	 * CHECKs hold their range */
	if (val[5] && val[6]) {
		it->lat = strtod(val[5], NULL);
		it->lon = strtod(val[6], NULL);
	}
	/* offices are read before points (vocab_load), and the hash is not
	 * built yet: find the point's office among the items read so far */
	for (size_t i = 0; i < v->n; i++)
		if (v->item[i].list == VL_OFFICE && !strcmp(v->item[i].code, val[1]))
			it->office = (int)i;
	return RT_OK;
}

int vocab_load(struct vocab *v, struct store *st, struct strbuf *err)
{
	memset(v, 0, sizeof(*v));
	/* the number first: a change made while the lists are read is read
	 * again at the next vocab refresh, never missed */
	int rc = store_vocab_generation(st, &v->generation);
	if (!rc)
		rc = store_lists_each(st, on_list, v);
	if (!rc)
		rc = store_vocab_each(st, on_code, v);
	if (!rc)
		rc = store_offices_each(st, on_office, v);
	if (!rc)
		rc = store_points_each(st, on_point, v);
	if (rc) {
		strbuf_addf(err, "cannot read the vocabularies: %s", store_errmsg(st));
		vocab_release(v);
		return rc;
	}
	rehash(v);
	for (int l = 0; l < VL_COUNT; l++)
		v->in_list[l] = xcalloc((size_t)v->n + 1, sizeof(int));
	for (size_t i = 0; i < v->n; i++) {
		struct vocab_item *it = &v->item[i];
		it->pos = v->count[it->list]++;
		v->in_list[it->list][it->pos] = (int)i;
	}
	return RT_OK;
}

void vocab_release(struct vocab *v)
{
	for (size_t i = 0; i < v->n; i++) {
		struct vocab_item *it = &v->item[i];
		free(it->code);
		free(it->label[0]);
		free(it->label[1]);
		free(it->attr);
		free(it->country);
	}
	for (int l = 0; l < VL_COUNT; l++) {
		free(v->in_list[l]);
		free(v->list_label[l][0]);
		free(v->list_label[l][1]);
	}
	free(v->item);
	free(v->slot);
	memset(v, 0, sizeof(*v));
}
