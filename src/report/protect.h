/* protect.h: publication safety across outputs (spec/report.md,
 * "Publication safety"; the method is in docs/report.md).
 *
 * A public output covers a period of whole months for one office or all.
 * report_public() computes it and hides cells so that nothing published --
 * this output, the same period for every other office, and every recorded
 * edition given -- lets a reader work out a count from 1 to min_cell - 1 or
 * narrow a hidden cell to fewer than min_cell values. Every hidden cell is
 * audited with a linear-programming solver (GLPK).
 *
 * Every cell of a public report has a key (report->key[i]) that names the
 * same quantity in every report: "sex:male", "sex#n", "sex#missing",
 * "returns_total", "registration_point@mx:tijuana", "mpp/sex:female" (the
 * MPP track). Editions are recorded as (key, value, suppressed) triples.
 */
#ifndef RETORNO_PROTECT_H
#define RETORNO_PROTECT_H

#include "report.h"

/* A public output of exactly one month is a monthly edition: it carries
 * the programme to date up to the end of that month (report->to_date),
 * computed and protected in the same model as the month (one more table,
 * each office and all offices, linked to the month by the segments they
 * share), and recorded with keys PROTECT_TO_DATE "sex:male", ... It also
 * carries the previous monthly edition's headline figures
 * (report->previous): the latest recorded monthly edition of the same
 * programme, office and threshold of an earlier month, as it published
 * them, with the changes (shown only where both figures are shown). */
#define PROTECT_TO_DATE "to_date/"

/* Months are numbered year * 12 + (month - 1): 2024-03 is 24290. */
int protect_month(int year, int month);

struct pub_cell {
	const char *key;
	int64_t value;
	bool suppressed;
};

/* A recorded edition, as the protection needs it. */
struct pub_edition {
	int64_t id;
	const char *program;      /* "avr", "mpp", ... or NULL for all programmes */
	const char *office;       /* NULL for all offices */
	int from_month;           /* -1: the programme to date */
	int to_month;             /* the last month it covers */
	int min_cell;
	const struct pub_cell *cell;   /* sorted by key (strcmp) */
	int ncell;
};

struct protect_stats {
	int editions;             /* recorded editions protected jointly */
	double seconds;
	int64_t same_as;          /* > 0: the recorded edition this output equals */
};

/* Computes the public output for o (o->public_ set; o->from/o->to whole
 * months as app_check_public_period() made them), protected jointly with
 * the recorded editions ed[0..ned). RT_OK, or an RT_* code with a message
 * in *err (RT_EINVAL when no safe pattern exists). When the data of the
 * output are those of a recorded edition with the same filters, the output
 * is that edition (stats->same_as). */
int report_public(struct store *st, const struct vocab *v, const struct report_opts *o,
		  const struct pub_edition *ed, int ned, struct report *r,
		  struct protect_stats *stats, struct strbuf *err);

#endif
