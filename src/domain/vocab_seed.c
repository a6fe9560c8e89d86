/* vocab_seed.c: loads the shipped vocabularies into a new database, and
 * validates codes an administrator adds later. */
#include "vocab.h"
#include "../core/csv_read.h"
#include "../core/parse.h"
#include "../core/textcheck.h"
#include <math.h>

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

static const size_t seed_columns[] = { 4, 4, 3, 5, 7 };

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
	default: {
		/* the shipped points all have their coordinates (data dictionary, §2) */
		double c[2];
		if (vocab_parse_degrees(f[5], &c[0]) || vocab_parse_degrees(f[6], &c[1]) ||
		    !vocab_coords_valid(c[0], c[1])) {
			strbuf_addf(s->err, "%s:%ld: '%s %s' are not coordinates (lat lon)", s->name,
				    rec->line, f[5], f[6]);
			return RT_EINVAL;
		}
		rc = store_point_add(s->st, f[0], f[1], f[2], f[3], f[4], c);
		break;
	}
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

bool vocab_label_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 800 || !utf8_valid(s, n) || utf8_length(s, n) > 200)
		return false;
	/* the one check of text (core/textcheck.h): no control or invisible
	 * formatting character (an RLO would show "LIVE" as "EVIL" in the
	 * factsheet), and, since labels end up in CSV reports, nothing a
	 * spreadsheet would run as a formula */
	struct text_verdict tv;
	return text_check(s, n, TEXT_NO_FORMULA, &tv) == TEXT_OK;
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
	if (!vocab_label_valid(nw->label_en) || !vocab_label_valid(nw->label_es)) {
		strbuf_addf(err, "both labels (--en and --es) are required: 1-200 characters of "
			    "UTF-8 text without control or invisible formatting characters (such as "
			    "U+0085 or U+202E), not starting with = + - or @ (nor with one after a "
			    "',' or ';')");
		return RT_EINVAL;
	}
	if (vocab_find(v, list, nw->code, strlen(nw->code)) >= 0) {
		strbuf_addf(err, "'%s' is already a code of the list '%s'", nw->code, nw->list);
		return RT_EEXISTS;
	}
	if (nw->coords && list != VL_REGISTRATION_POINT) {
		strbuf_addf(err, "--lat and --lon apply only to registration points");
		return RT_EINVAL;
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
		if (nw->coords && (isnan(nw->lat) || !vocab_coords_valid(nw->lat, nw->lon))) {
			strbuf_addf(err, "the coordinates of a point are --lat (-90 to 90) and --lon "
				    "(-180 to 180), in degrees (WGS 84), both given");
			return RT_EINVAL;
		}
		double c[2] = { nw->lat, nw->lon };
		rc = store_point_add(st, nw->code, nw->extra, nw->attr, nw->label_en, nw->label_es,
				     nw->coords ? c : NULL);
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

bool vocab_coords_valid(double lat, double lon)
{
	if (isnan(lat) && isnan(lon))
		return true;
	/* comparisons with NAN are false: one NAN alone is refused here */
	return lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0;
}

int vocab_parse_degrees(const char *s, double *out)
{
	size_t i = 0, digits = 0, n = s ? strlen(s) : 0;
	if (n == 0 || n > 32)
		return RT_EINVAL;
	if (s[i] == '-' || s[i] == '+')
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (i != n || digits == 0)
		return RT_EINVAL;
	/* the program never sets a locale: strtod reads '.' as the decimal point */
	*out = strtod(s, NULL);
	return RT_OK;
}

/* Two coordinates are the same, NAN included. */
static bool same_degrees(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

int vocab_update(struct store *st, const struct vocab *v, const struct vocab_change *ch,
		 bool *changed, struct vocab_refusal *why)
{
	*changed = false;
	why->code = why->arg = NULL;
	int list = ch->list ? vocab_list_by_name(ch->list) : VL_NONE;
	if (list == VL_NONE) {
		why->code = "vocab_no_list";
		return RT_ENOTFOUND;
	}
	const struct vocab_item *it = ch->code ? vocab_get(v, list, ch->code, strlen(ch->code))
				     : NULL;
	if (!it) {
		why->code = "vocab_not_found";
		return RT_ENOTFOUND;
	}
	if (ch->label_en && !vocab_label_valid(ch->label_en)) {
		why->code = "vocab_bad_label";
		why->arg = "label_en";
		return RT_EINVAL;
	}
	if (ch->label_es && !vocab_label_valid(ch->label_es)) {
		why->code = "vocab_bad_label";
		why->arg = "label_es";
		return RT_EINVAL;
	}
	if (ch->coords && list != VL_REGISTRATION_POINT) {
		why->code = "vocab_coordinates_not_point";
		return RT_EINVAL;
	}
	if (ch->coords && !vocab_coords_valid(ch->lat, ch->lon)) {
		why->code = "vocab_bad_coordinates";
		return RT_EINVAL;
	}
	const char *en = ch->label_en && strcmp(ch->label_en, it->label[LANG_EN]) ? ch->label_en
			 : NULL;
	const char *es = ch->label_es && strcmp(ch->label_es, it->label[LANG_ES]) ? ch->label_es
			 : NULL;
	bool coords = ch->coords && !(same_degrees(ch->lat, it->lat) &&
				      same_degrees(ch->lon, it->lon));
	int rc = RT_OK;
	if (en || es)
		rc = store_vocab_set_labels(st, ch->list, ch->code, en, es);
	if (!rc && coords) {
		double c[2] = { ch->lat, ch->lon };
		rc = store_point_set_coords(st, ch->code, isnan(ch->lat) ? NULL : c);
	}
	if (rc == RT_ENOTFOUND)
		why->code = "vocab_not_found";
	*changed = !rc && (en || es || coords);
	return rc;
}
