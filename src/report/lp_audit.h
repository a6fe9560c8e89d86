/* lp_audit.h: how far a reader can narrow hidden quantities, by linear
 * programming (GLPK).
 *
 * The model is what a reader knows: unknowns (columns) with bounds, linear
 * facts (rows) with bounds, and the quantities the publication must keep
 * uncertain (targets: linear expressions of the unknowns). The audit
 * minimises and maximises every target subject to every fact and reports
 * the targets whose range is narrower than required, with the facts that
 * bind them (rows with a non-zero dual value at an optimum).
 *
 * Every column has a true value; a row's bounds must hold at the true
 * values (lpa_row refuses a row that does not: the model would be
 * infeasible), so the true point is always feasible.
 */
#ifndef RETORNO_LP_AUDIT_H
#define RETORNO_LP_AUDIT_H

#include <stdbool.h>

struct lpa;

struct lpa *lpa_new(void);
void lpa_free(struct lpa *m);

/* A column with bounds [lo, hi] and its true value; returns its index. */
int lpa_col(struct lpa *m, double lo, double hi, double truth);
/* A fact: lo <= sum(coef[i] * col[i]) <= hi. tag >= 0 names it for the
 * caller (a published cell that could be hidden); -1 for fixed facts.
 * Returns its row, or -1 (adding nothing) when it has no terms or the true
 * values break it. Rows are added before lpa_begin(). */
int lpa_row(struct lpa *m, const int *col, const double *coef, int n, double lo, double hi,
	     int tag);
/* A quantity to keep uncertain; returns its index. */
int lpa_target(struct lpa *m, const int *col, const double *coef, int n);
int lpa_targets(const struct lpa *m);
/* Counts target t's range from `floor` up: a reader who may later learn
 * that it is at least 1 (a hidden cell) must still find it wide. */
void lpa_target_floor(struct lpa *m, int t, double floor_);
double lpa_target_truth(const struct lpa *m, int t);

/* The audit, one target at a time, on a model that can change as it goes
 * (a fact relaxed, a target added): lpa_begin() builds the linear
 * programme and estimates every target's range with two solves (all
 * targets up, all down); lpa_check() settles one target: wide enough, or
 * narrow with the facts that bind it. Relaxing a fact only widens ranges,
 * so a target found wide stays wide. */
void lpa_begin(struct lpa *m);
/* True when target t can range over at least `width`; when false, *lo and *hi
 * is the range found and *tag (caller frees) the binding facts' tags.
 * *failed is set when the solver failed (the target counts as narrow). */
bool lpa_check(struct lpa *m, int t, double width, double *lo, double *hi, int **tag, int *ntag,
	       bool *failed);
/* Changes the bounds of row r (as returned by lpa_row) after lpa_begin. */
void lpa_relax(struct lpa *m, int r, double lo, double hi);
int lpa_solves(const struct lpa *m);
/* Keeps / puts back the ranges seen so far of every target: around a
 * trial (a row relaxed, then set back), whose optima are not points of
 * the model once the row is set back. */
void lpa_save(struct lpa *m);
void lpa_restore(struct lpa *m);
double lpa_row_lo(const struct lpa *m, int r);
double lpa_row_hi(const struct lpa *m, int r);
int lpa_columns(const struct lpa *m);
/* Frees the solver's memory of this thread (GLPK keeps an environment per
 * thread); call when no model of this thread is alive. */
void lpa_thread_done(void);

#endif
