/* atoms.h: the cases of a span of months split into atoms -- one tally per
 * (programme, office, segment of months) -- read in one scan, from which
 * the report of any programme or all, any office or all, and any run of
 * segments is built by adding atoms (protect.c). */
#ifndef RETORNO_ATOMS_H
#define RETORNO_ATOMS_H

#include "report.h"

struct report_atoms;

/* bound[0..nbound): increasing month numbers (protect.h); segment s covers
 * months bound[s] .. bound[s + 1] - 1. bound[0] = 0 means "since the
 * start". o gives the language and age bands. */
/* Reads the atoms (no limit on the number of programmes or offices). */
int report_atoms_read(struct store *st, const struct vocab *v, const struct report_opts *o,
		      const int *bound, int nbound, struct report_atoms **out, struct strbuf *err);
void report_atoms_free(struct report_atoms *a);

int report_atoms_programs(const struct report_atoms *a);
int report_atoms_offices(const struct report_atoms *a);
int report_atoms_segments(const struct report_atoms *a);
bool report_atoms_has(const struct report_atoms *a, int program, int office, int segment);

/* A set of programmes or offices: one (its position in the code list) or
 * all (ATOMS_ALL). */
#define ATOMS_ALL (-1)
static inline bool atoms_in(int set, int pos) { return set == ATOMS_ALL || set == pos; }

/* The report of programme(s) `program` and office(s) `office` over
 * segments s0..s1, as
 * report_compute() would give it for the same filters (o->program,
 * o->office, o->lang: labels and the MPP track follow o). */
void report_atoms_build(const struct report_atoms *a, const struct report_opts *o,
			int program, int office, int s0, int s1, bool track,
			struct report *r);

#endif
