/* lp_audit.c: see lp_audit.h. */
#include "../core/common.h"
#include "lp_audit.h"
#include <glpk.h>
#include <math.h>

/* Sparse linear expressions, stored one after another. */
struct exprs {
	int *start;          /* expression i is terms [start[i], start[i + 1]) */
	int *col;
	double *coef;
	int n, nterm, alloc, alloc_term;
};

struct lpa {
	double *lo, *hi, *truth;
	int ncol, alloc_col;
	struct exprs rows, targets;
	double *row_lo, *row_hi;
	int *row_tag;
	int alloc_meta;
	/* the session (lpa_begin) */
	glp_prob *lp;
	double *x;             /* the last optimum */
	double *est_lo, *est_hi;   /* per target: the range seen so far */
	double *floor_;            /* per target: a range counts from here up */
	double *save_lo, *save_hi; /* lpa_save() */
	int nsave;
	int alloc_est;
	int solves;
};

static void exprs_add(struct exprs *e, const int *col, const double *coef, int n)
{
	if (e->n + 2 > e->alloc) {
		e->alloc = e->alloc ? e->alloc * 2 : 256;
		e->start = xrealloc(e->start, st_mult((size_t)e->alloc, sizeof(int)));
	}
	if (e->nterm + n > e->alloc_term) {
		while (e->nterm + n > e->alloc_term)
			e->alloc_term = e->alloc_term ? e->alloc_term * 2 : 1024;
		e->col = xrealloc(e->col, st_mult((size_t)e->alloc_term, sizeof(int)));
		e->coef = xrealloc(e->coef, st_mult((size_t)e->alloc_term, sizeof(double)));
	}
	e->start[e->n] = e->nterm;
	memcpy(e->col + e->nterm, col, (size_t)n * sizeof(int));
	memcpy(e->coef + e->nterm, coef, (size_t)n * sizeof(double));
	e->nterm += n;
	e->n++;
	e->start[e->n] = e->nterm;
}

static void exprs_release(struct exprs *e)
{
	free(e->start);
	free(e->col);
	free(e->coef);
}

static double expr_value(const struct exprs *e, int i, const double *x)
{
	double v = 0;
	for (int k = e->start[i]; k < e->start[i + 1]; k++)
		v += e->coef[k] * x[e->col[k]];
	return v;
}

struct lpa *lpa_new(void)
{
	return xcalloc(1, sizeof(struct lpa));
}

void lpa_free(struct lpa *m)
{
	if (!m)
		return;
	free(m->lo);
	free(m->hi);
	free(m->truth);
	exprs_release(&m->rows);
	exprs_release(&m->targets);
	free(m->row_lo);
	free(m->row_hi);
	free(m->row_tag);
	free(m->est_lo);
	free(m->est_hi);
	free(m->floor_);
	free(m->save_lo);
	free(m->save_hi);
	free(m->x);
	if (m->lp)
		glp_delete_prob(m->lp);
	free(m);
}

int lpa_col(struct lpa *m, double lo, double hi, double truth)
{
	if (m->ncol == m->alloc_col) {
		m->alloc_col = m->alloc_col ? m->alloc_col * 2 : 1024;
		size_t n = (size_t)m->alloc_col;
		m->lo = xrealloc(m->lo, st_mult(n, sizeof(double)));
		m->hi = xrealloc(m->hi, st_mult(n, sizeof(double)));
		m->truth = xrealloc(m->truth, st_mult(n, sizeof(double)));
	}
	m->lo[m->ncol] = lo;
	m->hi[m->ncol] = hi;
	m->truth[m->ncol] = truth;
	return m->ncol++;
}

int lpa_row(struct lpa *m, const int *col, const double *coef, int n, double lo, double hi,
	    int tag)
{
	double v = 0;
	for (int i = 0; i < n; i++)
		v += coef[i] * m->truth[col[i]];
	if (n == 0 || v < lo - 1e-6 || v > hi + 1e-6)
		return -1;
	int r = m->rows.n;
	exprs_add(&m->rows, col, coef, n);
	if (m->alloc_meta < m->rows.alloc) {
		m->alloc_meta = m->rows.alloc;
		m->row_lo = xrealloc(m->row_lo, st_mult((size_t)m->rows.alloc, sizeof(double)));
		m->row_hi = xrealloc(m->row_hi, st_mult((size_t)m->rows.alloc, sizeof(double)));
		m->row_tag = xrealloc(m->row_tag, st_mult((size_t)m->rows.alloc, sizeof(int)));
	}
	m->row_lo[r] = lo;
	m->row_hi[r] = hi;
	m->row_tag[r] = tag;
	return r;
}

int lpa_target(struct lpa *m, const int *col, const double *coef, int n)
{
	exprs_add(&m->targets, col, coef, n);
	int t = m->targets.n - 1;
	if (t >= m->alloc_est) {
		m->alloc_est = m->alloc_est ? m->alloc_est * 2 : 1024;
		m->est_lo = xrealloc(m->est_lo, st_mult((size_t)m->alloc_est, sizeof(double)));
		m->est_hi = xrealloc(m->est_hi, st_mult((size_t)m->alloc_est, sizeof(double)));
		m->floor_ = xrealloc(m->floor_, st_mult((size_t)m->alloc_est, sizeof(double)));
	}
	m->est_lo[t] = m->est_hi[t] = lpa_target_truth(m, t);
	m->floor_[t] = -INFINITY;
	return t;
}

int lpa_targets(const struct lpa *m)
{
	return m->targets.n;
}

double lpa_target_truth(const struct lpa *m, int t)
{
	return expr_value(&m->targets, t, m->truth);
}

static int bound_type(double lo, double hi)
{
	if (isinf(lo) && isinf(hi))
		return GLP_FR;
	if (isinf(hi))
		return GLP_LO;
	if (isinf(lo))
		return GLP_UP;
	return lo == hi ? GLP_FX : GLP_DB;
}

static glp_prob *make_problem(const struct lpa *m)
{
	glp_prob *lp = glp_create_prob();
	glp_add_cols(lp, m->ncol);
	for (int j = 0; j < m->ncol; j++)
		glp_set_col_bnds(lp, j + 1, bound_type(m->lo[j], m->hi[j]), m->lo[j], m->hi[j]);
	if (m->rows.n)
		glp_add_rows(lp, m->rows.n);
	int *ind = xmalloc(((size_t)m->ncol + 1) * sizeof(int));
	double *val = xmalloc(((size_t)m->ncol + 1) * sizeof(double));
	for (int i = 0; i < m->rows.n; i++) {
		int k = 0;
		for (int t = m->rows.start[i]; t < m->rows.start[i + 1]; t++) {
			k++;
			ind[k] = m->rows.col[t] + 1;
			val[k] = m->rows.coef[t];
		}
		glp_set_mat_row(lp, i + 1, k, ind, val);
		glp_set_row_bnds(lp, i + 1, bound_type(m->row_lo[i], m->row_hi[i]), m->row_lo[i],
				 m->row_hi[i]);
	}
	free(ind);
	free(val);
	glp_scale_prob(lp, GLP_SF_AUTO);
	glp_adv_basis(lp, 0);
	return lp;
}

/* Optimises the objective already set; the primal point into x. */
static bool solve(glp_prob *lp, int dir, double *x, int ncol, int *solves)
{
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_OFF;
	glp_set_obj_dir(lp, dir);
	(*solves)++;
	int rc = glp_simplex(lp, &parm);
	if (rc != 0 || glp_get_status(lp) != GLP_OPT) {
		/* a damaged basis: start again from a fresh one */
		glp_adv_basis(lp, 0);
		(*solves)++;
		rc = glp_simplex(lp, &parm);
		if (rc != 0 || glp_get_status(lp) != GLP_OPT)
			return false;
	}
	for (int j = 0; j < ncol; j++)
		x[j] = glp_get_col_prim(lp, j + 1);
	return true;
}

static void set_objective(glp_prob *lp, const struct exprs *e, int t, double sign)
{
	for (int k = e->start[t]; k < e->start[t + 1]; k++)
		glp_set_obj_coef(lp, e->col[k] + 1,
				 glp_get_obj_coef(lp, e->col[k] + 1) + sign * e->coef[k]);
}

/* Widens each target's range seen so far with the point x. */
static void widen(struct lpa *m, const double *x)
{
	for (int t = 0; t < m->targets.n; t++) {
		double v = expr_value(&m->targets, t, x);
		if (v < m->est_lo[t])
			m->est_lo[t] = v;
		if (v > m->est_hi[t])
			m->est_hi[t] = v;
	}
}

static void binding_tags(const struct lpa *m, int **tag, int *ntag)
{
	for (int i = 0; i < m->rows.n; i++) {
		if (m->row_tag[i] < 0 || fabs(glp_get_row_dual(m->lp, i + 1)) < 1e-9)
			continue;
		bool seen = false;
		for (int k = 0; k < *ntag && !seen; k++)
			seen = (*tag)[k] == m->row_tag[i];
		if (seen)
			continue;
		*tag = xrealloc(*tag, ((size_t)*ntag + 1) * sizeof(int));
		(*tag)[(*ntag)++] = m->row_tag[i];
	}
}

void lpa_begin(struct lpa *m)
{
	glp_term_out(GLP_OFF);
	if (!m->ncol)
		return;
	m->lp = make_problem(m);
	m->x = xmalloc((size_t)m->ncol * sizeof(double));
	/* all targets at once, up then down: most are wide enough already */
	for (int t = 0; t < m->targets.n; t++)
		set_objective(m->lp, &m->targets, t, 1.0);
	for (int dir = 0; dir < 2 && m->targets.n; dir++)
		if (solve(m->lp, dir ? GLP_MIN : GLP_MAX, m->x, m->ncol, &m->solves))
			widen(m, m->x);
	for (int j = 1; j <= m->ncol; j++)
		glp_set_obj_coef(m->lp, j, 0.0);
}

void lpa_target_floor(struct lpa *m, int t, double floor_)
{
	m->floor_[t] = floor_;
}

/* The width of target t's range seen so far, counted from its floor. */
static double seen_width(const struct lpa *m, int t)
{
	double lo = m->est_lo[t] > m->floor_[t] ? m->est_lo[t] : m->floor_[t];
	return m->est_hi[t] - lo;
}

bool lpa_check(struct lpa *m, int t, double width, double *lo, double *hi, int **tag, int *ntag,
	       bool *failed)
{
	*tag = NULL;
	*ntag = 0;
	*failed = false;
	if (seen_width(m, t) >= width - 1e-6)
		return true;
	if (!m->lp) {
		/* nothing unknown: the target is known exactly */
		*lo = m->est_lo[t];
		*hi = m->est_hi[t];
		return false;
	}
	set_objective(m->lp, &m->targets, t, 1.0);
	for (int dir = 0; dir < 2 && seen_width(m, t) < width - 1e-6; dir++) {
		if (!solve(m->lp, dir ? GLP_MIN : GLP_MAX, m->x, m->ncol, &m->solves)) {
			*failed = true;
			break;
		}
		widen(m, m->x);
		binding_tags(m, tag, ntag);
	}
	set_objective(m->lp, &m->targets, t, -1.0);
	*lo = m->est_lo[t];
	*hi = m->est_hi[t];
	if (!*failed && seen_width(m, t) >= width - 1e-6) {
		free(*tag);
		*tag = NULL;
		*ntag = 0;
		return true;
	}
	return false;
}

void lpa_relax(struct lpa *m, int r, double lo, double hi)
{
	m->row_lo[r] = lo;
	m->row_hi[r] = hi;
	if (m->lp)
		glp_set_row_bnds(m->lp, r + 1, bound_type(lo, hi), lo, hi);
}

int lpa_solves(const struct lpa *m)
{
	return m->solves;
}

void lpa_thread_done(void)
{
	glp_free_env();
}

int lpa_columns(const struct lpa *m)
{
	return m->ncol;
}

void lpa_save(struct lpa *m)
{
	int n = m->targets.n;
	m->save_lo = xrealloc(m->save_lo, ((size_t)n + 1) * sizeof(double));
	m->save_hi = xrealloc(m->save_hi, ((size_t)n + 1) * sizeof(double));
	memcpy(m->save_lo, m->est_lo, (size_t)n * sizeof(double));
	memcpy(m->save_hi, m->est_hi, (size_t)n * sizeof(double));
	m->nsave = n;
}

void lpa_restore(struct lpa *m)
{
	memcpy(m->est_lo, m->save_lo, (size_t)m->nsave * sizeof(double));
	memcpy(m->est_hi, m->save_hi, (size_t)m->nsave * sizeof(double));
}

double lpa_row_lo(const struct lpa *m, int r)
{
	return m->row_lo[r];
}

double lpa_row_hi(const struct lpa *m, int r)
{
	return m->row_hi[r];
}
