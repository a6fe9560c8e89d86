/* report.h: the factsheet engine (spec/report.md).
 *
 * report_compute() reads the cases once and computes every indicator into a
 * `struct report`; the renderers (render_json.c, render_csv.c,
 * render_text.c, and the HTML/PDF factsheet) only format that result, so
 * every format shows the same numbers.
 *
 * Every published number -- a count, an `n`, a `missing`, a value -- is a
 * *cell* (report->cell[i]). Cells that are the same quantity in two places
 * (the education count of 'none' and the `n` of no_education_age_group) are
 * one cell. A public output (protect.h, report_public()) marks cells hidden,
 * using the sums that link cells (report->sum) and every recorded edition.
 */
#ifndef RETORNO_REPORT_H
#define RETORNO_REPORT_H

#include "../domain/vocab.h"

#define REPORT_MAX_INDICATORS 40   /* report.md has 32 */
#define REPORT_MAX_TRACK 8         /* the MPP track shows 5 */

struct report_opts {
	const char *program;      /* "avr" (default), "mpp", or NULL for all */
	const char *office;       /* NULL for all */
	const char *from, *to;    /* inclusive YYYY-MM-DD, or NULL */
	enum lang lang;
	bool public_;             /* apply small-cell suppression */
	int min_cell;             /* threshold: counts 1..min_cell-1 are hidden (default 5) */
	bool sadd_bands;          /* age bands 0-4, 5-11, 12-17, 18-59, 60+ */
};

struct rcell {
	int64_t value;
	bool suppressed;
};

struct rcat {
	const char *code;
	const char *label;
	int cell;                 /* its count */
	bool is_none;             /* the 'none' answer of a multi-select */
	int order;                /* position in its code list (natural order) */
};

struct rgroup {
	const char *code;
	const char *label;
	int n_cell;               /* people in the group with the field recorded */
	int missing_cell;         /* in the group, field not recorded */
	struct rcat *cat;
	int ncat;
};

enum rkind { RK_VALUE, RK_CATEGORIES, RK_GROUPS };

struct rindicator {
	const char *id;
	const char *label;
	const char *population;       /* population id, e.g. "returns", "survey" */
	const char *population_label;
	enum rkind kind;
	bool multi;                   /* multi-select: shares can sum past 1, mention shares */
	bool chronological;           /* categories in time order, not by count */
	int value_cell;               /* RK_VALUE */
	int n_cell, missing_cell;     /* RK_CATEGORIES; for survey_coverage, n = returns */
	int mentions_cell;            /* multi: all mentions of non-none codes (not published) */
	const char *by;               /* RK_GROUPS: the breakdown field */
	struct rcat *cat;
	int ncat;
	struct rgroup *group;
	int ngroup;
};

/* A monthly public edition (report.md, "Monthly editions"): the headline
 * figures of the previous edition -- as that edition published them -- and
 * their changes. A change is shown only when both figures are shown: a
 * change beside a hidden figure would give it away (this = previous +
 * change). */
#define REPORT_NHEADLINE 5
extern const char *const report_headline_ids[REPORT_NHEADLINE];
struct report_change {
	int64_t value, change;    /* the previous figure; this one minus it */
	bool value_hidden, change_hidden, present;
};
struct report_previous {
	int64_t edition;          /* its number */
	char from[24], to[24];    /* its month: first and last day */
	struct report_change month[REPORT_NHEADLINE];    /* by report_headline_ids */
	struct report_change to_date[REPORT_NHEADLINE];
};

/* The publisher block (`retorno settings`), in both languages; set by the
 * use cases on what they render. Strings may be NULL. */
struct report_publisher {
	char *name[2], *disclaimer[2], *contact[2];   /* [LANG_EN], [LANG_ES] */
	unsigned char *logo;
	size_t logo_len;
	char logo_type[16];       /* "image/png" or "image/svg+xml" */
};
void report_publisher_free(struct report_publisher *p);

/* A registration point on the map (the factsheet's map figure): where it
 * is, and its returns -- the cell of its category in registration_point,
 * the same number, so the map publishes nothing the indicator does not
 * (cell -1: no returns there, 0). The points with returns, and those of
 * the report's offices that register its programme, in code list order. */
struct rmap_point {
	const char *code, *label, *office;
	double lat, lon;          /* WGS 84; NAN when the point has no coordinates */
	int cell;
};

/* A sum that links cells: the members add up to `total`. */
struct rsum {
	int total;
	int *member;
	int nmember;
};

struct report {
	struct report_opts opts;
	char generated_at[32];
	const char *program_label;    /* in the report's language (NULL: all programmes) */
	const char *office_label;     /* NULL: all offices */
	struct rcell *cell;
	int ncell, alloc_cell;
	char **key;                   /* key[i]: the cell's name (protect.h, keys.c) */
	struct rindicator *ind;
	int nind;
	struct rsum *sum;
	int nsum, alloc_sum;
	/* The MPP track: when the report is for one programme other than mpp,
	 * the MPP returns of the same office and period, in brief. */
	const char *track_program;    /* "mpp", or NULL when there is no track */
	const char *track_label;
	struct rindicator *track;
	int ntrack;
	struct rmap_point *map;       /* the map's points (owned array) */
	int nmap;
	char **owned;                 /* strings this report allocated (month codes) */
	int nowned;
	/* A public output of one month: the programme to date up to its end,
	 * protected jointly with it (cells keyed "to_date/..." when recorded),
	 * and the previous edition's figures; NULL otherwise. Owned. */
	struct report *to_date;
	struct report_previous *previous;
	struct report_publisher *publisher;   /* owned; NULL: none configured */
	/* the invariant: adults + unaccompanied + accompanied children = returns */
	int64_t adults, age_unknown;
	bool invariant_ok;
};

/* Computes the factsheet. RT_OK, or an RT_* code with a message in *err. */
int report_compute(struct store *st, const struct vocab *v, const struct report_opts *o,
		   struct report *r, struct strbuf *err);
void report_release(struct report *r);

const struct rindicator *report_find(const struct report *r, const char *id);
static inline int64_t rcell_value(const struct report *r, int c) { return r->cell[c].value; }
static inline bool rcell_hidden(const struct report *r, int c) { return c >= 0 && r->cell[c].suppressed; }
/* The one marker of a hidden number in every human format, whatever the
 * reason it is hidden (never "<5": a cell hidden to protect another can be
 * large). The JSON writes null instead, the CSV an empty field. */
#define REPORT_HIDDEN "x"
/* True when the share count/n exists but is hidden: of a hidden count, or
 * over a hidden n. The human formats then show REPORT_HIDDEN for it. */
static inline bool report_share_hidden(const struct report *r, int count_cell, int n_cell)
{
	return count_cell >= 0 && n_cell >= 0 && (rcell_hidden(r, count_cell) || rcell_hidden(r, n_cell));
}
/* count/n as a share in [0,1], rounded to 4 decimals; false when it must
 * not be shown (either number suppressed, or n = 0). */
bool report_share(const struct report *r, int count_cell, int n_cell, double *share);
/* A multi-select category's share of all non-none mentions. */
bool report_mention_share(const struct report *r, const struct rindicator *ind,
			  const struct rcat *c, double *share);

/* sections.c: the factsheet's order, shared by the text and printable forms.
 * The MPP track and registrations by month follow these sections. */
struct report_section {
	const char *key;          /* heading (report_text key) */
	const char *ids[6];       /* indicators, NULL-terminated */
	bool survey;              /* opens the survey part: the coverage note goes first */
};
extern const struct report_section report_sections[];
/* For a breakdown drawn as 100% bars, the indicator giving its segments; else NULL. */
const char *report_stacked_series(const char *id);
/* The order in which the human formats list categories (out: ncat pointers):
 * the report's (by count, or chronological), except that hidden categories
 * come last, in their code list's order: placed by count among the others,
 * a hidden category would tell between which numbers it lies. */
void report_display_order(const struct report *r, const struct rindicator *ind,
			  const struct rcat *cat, int ncat, const struct rcat **out);

/* The report's own fields (options, time, labels) before its counts. */
void report_begin(struct report *r, const struct vocab *v, const struct report_opts *o);
/* The month number (protect.h) of a "YYYY-MM-DD" date, or -1. */
int report_date_month(const char *date, size_t len);

/* keys.c: names every cell (report->key) */
void report_assign_keys(struct report *r);

/* "27 November 2026" / "27 de noviembre de 2026" for a "YYYY-MM-DD..." date
 * (a timestamp's date part); the text itself when it is not a date. */
void report_format_date(enum lang lang, const char *date, struct strbuf *sb);
/* "November 2026" / "noviembre de 2026". */
void report_format_month(enum lang lang, const char *date, struct strbuf *sb);

/* labels.c: text of the report in the chosen language */
const char *report_text(enum lang lang, const char *key);
/* "Programme: … · Office: … · Period (departure dates): …" in the report's language. */
void report_describe_filters(const struct report *r, struct strbuf *sb);

/* Renderers: write the report to out. RT_OK or RT_EIO. */
int report_render_json(const struct report *r, FILE *out);
int report_render_csv(const struct report *r, FILE *out);
int report_render_text(const struct report *r, FILE *out);

#endif
