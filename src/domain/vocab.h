/* vocab.h: the code lists of the data dictionary, held in memory for fast
 * validation and labelling. Loaded from the database (vocab_load), where they
 * were seeded from the CSV files in data/vocab/ and may have been extended by an
 * administrator (`retorno vocab add`). */
#ifndef RETORNO_VOCAB_H
#define RETORNO_VOCAB_H

#include "../core/common.h"
#include "../core/lang.h"
#include "../core/strbuf.h"
#include "../store/store.h"

enum vocab_list {
	VL_PROGRAM, VL_SEX, VL_YES_NO, VL_STATUS, VL_TRANSPORT_MODE,
	VL_MIGRATION_STATUS, VL_EDUCATION, VL_OCCUPATION_SECTOR, VL_TRAVELLING_WITH,
	VL_HEALTH_SELF_PERCEIVED, VL_HEALTH_SCREENING, VL_JOURNEY_CONDITIONS, VL_ABUSES,
	VL_MIGRATION_REASONS, VL_RETURN_REASONS, VL_MEXICO_EXIT_REASON, VL_RETURN_PLANS,
	VL_COUNTRY, VL_OFFICE, VL_REGISTRATION_POINT,
	VL_COUNT,
	VL_NONE = -1
};
extern const char *const vocab_list_names[VL_COUNT];
/* Returns the list with that name, or VL_NONE. */
int vocab_list_by_name(const char *name);

struct vocab_item {
	int list;
	char *code;
	size_t len;         /* strlen(code) */
	uint64_t w[2];      /* its first 16 bytes, zero-padded: fast compare (vocab.c) */
	char *label[2];     /* indexed by enum lang */
	/* office: attr = allowed transport codes, country = its country;
	 * registration point: attr = programmes it registers, office = its office */
	char *attr;
	char *country;
	int office;         /* item index of a point's office, else -1 */
	double lat, lon;    /* registration point: WGS 84 degrees; NAN when not known */
	int pos;            /* position within its list (0, 1, ...) */
};

struct vocab {
	struct vocab_item *item;
	size_t n, alloc;
	uint32_t *slot;     /* hash of (list, code) -> item index + 1; 0 = empty */
	size_t nslot;
	bool extensible[VL_COUNT];
	int count[VL_COUNT];     /* codes in each list */
	int *in_list[VL_COUNT];  /* item indexes of each list, in list order */
	char *list_label[VL_COUNT][2];
	int64_t generation; /* store_vocab_generation() when the lists were read */
};

int vocab_load(struct vocab *v, struct store *st, struct strbuf *err);
void vocab_release(struct vocab *v);

/* Item index of code in list, or -1. */
int vocab_find(const struct vocab *v, int list, const char *code, size_t len);
const struct vocab_item *vocab_get(const struct vocab *v, int list, const char *code, size_t len);
const char *vocab_label(const struct vocab *v, int list, const char *code, enum lang lang);
/* The item at position pos of list. */
static inline const struct vocab_item *vocab_at(const struct vocab *v, int list, int pos)
{
	return &v->item[v->in_list[list][pos]];
}
/* Position of code within list, or -1. */
int vocab_pos(const struct vocab *v, int list, const char *code, size_t len);
/* True when `code` is one of the space-separated codes in `set`. */
bool code_in_set(const char *set, const char *code, size_t len);
/* Appends "a, b, c" (the codes of list, at most `max` of them) to sb. */
void vocab_describe_list(const struct vocab *v, int list, size_t max, struct strbuf *sb);

/* Seeds an empty database with the shipped vocabularies (data/vocab/). */
int vocab_seed(struct store *st, struct strbuf *err);

/* Adds one code as an administrator would; validates it first.
 * For an office: attr = allowed transport modes, extra = country code.
 * For a registration point: attr = programmes, extra = office code, and
 * its coordinates when `coords` is set (a point may be added without them). */
struct vocab_new {
	const char *list, *code, *label_en, *label_es, *attr, *extra;
	bool coords;
	double lat, lon;
};
int vocab_add(struct store *st, const struct vocab *v, const struct vocab_new *nw,
	      struct strbuf *err);

/* A label of a code: 1-200 characters (800 bytes) of valid UTF-8 that pass
 * text_check() with TEXT_NO_FORMULA (core/textcheck.h): no control or
 * invisible formatting character (C1, U+2028, bidi controls), nothing a
 * spreadsheet would run as a formula. */
bool vocab_label_valid(const char *s);
/* Coordinates in WGS 84 degrees: both finite, -90 <= lat <= 90 and
 * -180 <= lon <= 180; or both NAN (not known). */
bool vocab_coords_valid(double lat, double lon);
/* Parses a decimal number of degrees as an administrator types it ("19.43",
 * "-99.13", "+14"): an optional sign, digits, an optional fraction; nothing
 * else (no exponent, no spaces, no "nan"). RT_EINVAL otherwise. */
int vocab_parse_degrees(const char *s, double *out);

/* An administrator's change of a code: its labels and, for a registration
 * point, its coordinates. The code itself never changes (cases refer to it). */
struct vocab_change {
	const char *list, *code;
	const char *label_en, *label_es;   /* NULL: unchanged */
	bool coords;                       /* change the coordinates (points only) */
	double lat, lon;                   /* both NAN: not known any more */
};
/* Why vocab_update() refused: a message code of the catalog
 * (app/messages.c) and its parameter (NULL or a static string). */
struct vocab_refusal {
	const char *code, *arg;
};
/* Validates ch against v and writes what differs from v in the caller's
 * transaction. RT_ENOTFOUND: no such list (why->code "vocab_no_list") or
 * code ("vocab_not_found"); RT_EINVAL: why->code "vocab_bad_label" (arg:
 * label_en or label_es), "vocab_bad_coordinates", or
 * "vocab_coordinates_not_point"; else a store error. *changed tells whether
 * anything differed (nothing is written when nothing does). */
int vocab_update(struct store *st, const struct vocab *v, const struct vocab_change *ch,
		 bool *changed, struct vocab_refusal *why);

#endif
