/* engine_impl.h: the factsheet engine's tallies, shared by engine.c (one
 * report) and atoms.c (a period split into atoms for publication safety).
 * Not for other modules: they use report.h. */
#ifndef RETORNO_ENGINE_IMPL_H
#define RETORNO_ENGINE_IMPL_H

#include "report.h"

#define NMONTHS (300 * 12)   /* registration dates are 1900-2199 */

/* Counts over one category space. */
struct tally {
	int nc;
	int64_t *c;
	int64_t missing;
};

/* Counts over groups x categories. */
struct tally2 {
	int ng, nc;
	int64_t *c;          /* ng * nc */
	int64_t *gmissing;   /* per group: category not recorded */
	int64_t missing;     /* group field not recorded */
};

struct mtally {
	struct tally t;
	int64_t n;           /* people who answered */
	int64_t mentions;    /* codes named, 'none' excluded */
	int none_pos;
};

struct engine {
	const struct vocab *v;
	const struct report_opts *o;
	struct report *r;
	int64_t returns, umc, minors, accompanied, adults, age_unknown, survey;
	struct tally2 point_by_office, country_by_office, sex_by_edu, edu_by_occ, reg_month;
	/* the factsheet's figures: returns by departure month (NMONTHS months
	 * from 1900), and sex within each age band (the pyramid) */
	struct tally ret_month;
	struct tally2 sex_by_age;
	struct tally transport, umc_transport, nationality, sex, age_band, migration_status,
		irregular_office, education, no_ed_age, no_ed_adult_sex, occupation, travelling_with,
		health_self, regularization, exit_reason;
	struct mtally screening, journey, abuses, mig_reasons, ret_reasons, plans;
	int64_t fam_n, fam_minor, fam_u13;
	/* the MPP track */
	const char *track;
	int64_t track_returns;
	struct tally track_sex, track_age, track_nationality, track_transport;
	/* where indicator() puts new indicators, and how many fit */
	struct rindicator *dest;
	int *ndest, cap;
	int month_min, month_max;
	int nbands;
	const char *const *bands;
	const int *band_upper;
	/* positions of the codes the rules single out */
	int yes, irregular, none_edu, first_degree, other_relatives;
};


#define ENGINE_TALLIES 20
#define ENGINE_TALLY2S 6
#define ENGINE_MTALLIES 6

/* Sets up e for the report r with options o; with_months allocates the
 * registrations-by-month tally (atoms keep their own). */
void engine_init(struct engine *e, const struct vocab *v, const struct report_opts *o,
		 struct report *r, bool with_months);
void engine_release(struct engine *e);
/* Adds the counts of src to dst (same vocabulary and options); as_track
 * adds src's returns to dst's MPP track instead. */
void engine_add(struct engine *dst, const struct engine *src, bool as_track);
/* n returned cases with these values, of these parts (STORE_RP_*; the
 * store's callback, store_return_fn). */
int engine_on_return(void *ctx, const struct case_values *cv, int age_column, int64_t n,
		     unsigned parts);
/* count registrations at point in month (the engine's month index) */
void engine_count_registration(struct engine *e, int point, int month, int64_t count);
/* Turns the counts into r's indicators, cells, sums and keys. */
void engine_build(struct engine *e);

#endif
