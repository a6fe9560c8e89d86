/* vocab_seed.c: loads the shipped vocabularies into a new database, and
 * validates codes an administrator adds later. */
#include "vocab.h"
#include "../core/csv_read.h"
#include "../core/parse.h"

extern const char vocab_lists_csv[], vocab_lists_csv_end[];
extern const char vocab_codes_csv[], vocab_codes_csv_end[];
extern const char vocab_countries_csv[], vocab_countries_csv_end[];
extern const char vocab_offices_csv[], vocab_offices_csv_end[];
extern const char vocab_points_csv[], vocab_points_csv_end[];

enum seed_kind { SEED_LISTS, SEED_CODES, SEED_COUNTRIES, SEED_OFFICES, SEED_POINTS };

struct seed {
	struct store *st;
	enum seed_kind kind;
	const char *name;
	bool header_done;
	struct strbuf *err;
};

static const size_t seed_columns[] = { 4, 4, 3, 5, 5 };

static int seed_row(void *ctx, const struct csv_record *rec)
{
	struct seed *s = ctx;
	const char *const *f = rec->field;
	if (!s->header_done) {
		s->header_done = true;
		return RT_OK;
	}
	if (rec->n != seed_columns[s->kind]) {
		strbuf_addf(s->err, "%s:%ld: expected %zu columns, found %zu", s->name, rec->line,
			    seed_columns[s->kind], rec->n);
		return RT_EINVAL;
	}
	int rc;
	switch (s->kind) {
	case SEED_LISTS:
		rc = store_list_add(s->st, f[0], !strcmp(f[1], "yes"), f[2], f[3]);
		break;
	case SEED_CODES:
		rc = store_vocab_add(s->st, f[0], f[1], f[2], f[3]);
		break;
	case SEED_COUNTRIES:
		rc = store_vocab_add(s->st, "country", f[0], f[1], f[2]);
		break;
	case SEED_OFFICES:
		rc = store_office_add(s->st, f[0], f[1], f[2], f[3], f[4]);
		break;
	default:
		rc = store_point_add(s->st, f[0], f[1], f[2], f[3], f[4]);
		break;
	}
	if (rc)
		strbuf_addf(s->err, "%s:%ld: %s", s->name, rec->line, store_errmsg(s->st));
	return rc;
}

int vocab_seed(struct store *st, struct strbuf *err)
{
	static const struct {
		const char *name;
		const char *start, *end;
	} files[] = {
		[SEED_LISTS] = { "data/vocab/lists.csv", vocab_lists_csv, vocab_lists_csv_end },
		[SEED_CODES] = { "data/vocab/codes.csv", vocab_codes_csv, vocab_codes_csv_end },
		[SEED_COUNTRIES] = { "data/vocab/countries.csv", vocab_countries_csv, vocab_countries_csv_end },
		[SEED_OFFICES] = { "data/vocab/offices.csv", vocab_offices_csv, vocab_offices_csv_end },
		[SEED_POINTS] = { "data/vocab/registration_points.csv", vocab_points_csv, vocab_points_csv_end },
	};
	int rc = store_begin(st);
	if (rc) {
		strbuf_addf(err, "cannot seed the vocabularies: %s", store_errmsg(st));
		return rc;
	}
	for (size_t k = 0; k < ARRAY_SIZE(files) && !rc; k++) {
		struct seed s = { st, (enum seed_kind)k, files[k].name, false, err };
		rc = csv_read_mem(files[k].start, (size_t)(files[k].end - files[k].start), NULL,
				  seed_row, &s, err);
	}
	if (rc) {
		store_rollback(st);
		return rc;
	}
	rc = store_commit(st);
	if (rc)
		strbuf_addf(err, "cannot seed the vocabularies: %s", store_errmsg(st));
	return rc;
}

static bool valid_code(const char *s, bool country)
{
	size_t n = strlen(s);
	if (country) {
		if (n != 3)
			return false;
		for (size_t i = 0; i < n; i++)
			if (s[i] < 'A' || s[i] > 'Z')
				return false;
		return true;
	}
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

static bool valid_label(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 800 || !utf8_valid(s, n) || utf8_length(s, n) > 200)
		return false;
	/* labels end up in CSV reports: nothing a spreadsheet would run as a formula */
	if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20)
			return false;
	return true;
}

/* Every space-separated code of `set` must be in list; at least one. */
static bool valid_set(const struct vocab *v, int list, const char *set)
{
	if (!set || !*set)
		return false;
	const char *p = set;
	while (*p) {
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (vocab_find(v, list, p, n) < 0)
			return false;
		if (!e)
			break;
		p = e + 1;
	}
	return true;
}

int vocab_add(struct store *st, const struct vocab *v, const struct vocab_new *nw,
	      struct strbuf *err)
{
	int list = vocab_list_by_name(nw->list);
	if (list == VL_NONE) {
		strbuf_addf(err, "there is no list '%s' (see 'retorno vocab list')", nw->list);
		return RT_EINVAL;
	}
	if (!v->extensible[list]) {
		strbuf_addf(err, "the list '%s' is fixed by the data dictionary's rules and cannot be "
			    "extended", nw->list);
		return RT_EINVAL;
	}
	if (!valid_code(nw->code, list == VL_COUNTRY)) {
		strbuf_addf(err, list == VL_COUNTRY
			    ? "'%s' is not an ISO 3166-1 alpha-3 code (three capital letters)"
			    : "'%s' is not a valid code: use 1-64 lowercase letters, digits or '_'",
			    nw->code);
		return RT_EINVAL;
	}
	if (!valid_label(nw->label_en) || !valid_label(nw->label_es)) {
		strbuf_addf(err, "both labels (--en and --es) are required: 1-200 characters of "
			    "UTF-8 text without control characters, not starting with = + - or @");
		return RT_EINVAL;
	}
	if (vocab_find(v, list, nw->code, strlen(nw->code)) >= 0) {
		strbuf_addf(err, "'%s' is already a code of the list '%s'", nw->code, nw->list);
		return RT_EEXISTS;
	}
	int rc;
	if (list == VL_OFFICE) {
		if (!nw->extra || vocab_find(v, VL_COUNTRY, nw->extra, strlen(nw->extra)) < 0) {
			strbuf_addf(err, "an office needs --country with a known ISO alpha-3 code");
			return RT_EINVAL;
		}
		if (!valid_set(v, VL_TRANSPORT_MODE, nw->attr)) {
			strbuf_addf(err, "an office needs --transport with the modes it uses, "
				    "space-separated, from: ground, air, air_ground");
			return RT_EINVAL;
		}
		rc = store_office_add(st, nw->code, nw->extra, nw->attr, nw->label_en, nw->label_es);
	} else if (list == VL_REGISTRATION_POINT) {
		if (!nw->extra || vocab_find(v, VL_OFFICE, nw->extra, strlen(nw->extra)) < 0) {
			strbuf_addf(err, "a registration point needs --office with a known office code");
			return RT_EINVAL;
		}
		if (!valid_set(v, VL_PROGRAM, nw->attr)) {
			strbuf_addf(err, "a registration point needs --programs with the programmes it "
				    "registers, space-separated, from: avr, mpp");
			return RT_EINVAL;
		}
		rc = store_point_add(st, nw->code, nw->extra, nw->attr, nw->label_en, nw->label_es);
	} else {
		if (nw->attr || nw->extra) {
			strbuf_addf(err, "--office, --country, --programs and --transport apply only to "
				    "offices and registration points");
			return RT_EINVAL;
		}
		rc = store_vocab_add(st, nw->list, nw->code, nw->label_en, nw->label_es);
	}
	if (rc)
		strbuf_addf(err, "cannot add '%s': %s", nw->code, store_errmsg(st));
	return rc;
}
