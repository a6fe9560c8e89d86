/* protect.c: publication safety across outputs; see protect.h and the
 * method in docs/report.md ("Publication safety: the method").
 *
 * The model. Months are cut into segments at every start and end of the
 * periods involved (this output and the recorded editions); the cases are
 * tallied once per atom = (programme, office, segment) (atoms.c). Every
 * published cell is the sum of one key over a set of atoms. The reader's
 * unknowns are the atoms' values of each key; what the reader knows:
 *   - every visible published cell (of this output, of the same period for
 *     every other office and for all offices, and of every recorded
 *     edition) is the sum of its atoms;
 *   - a hidden published cell is at least 1;
 *   - inside every atom, the report's sums hold (categories add up to n,
 *     n + missing to the population, ...), and a few inequalities (a
 *     multi-select count is at most its n, ...);
 *   - an edition recorded before late entries changed its months differs
 *     from today's data by unknown changes (one unknown per changed cell).
 * To keep the linear programme small, the atoms of a key that is visible
 * everywhere and never small are taken as known to the reader (a reader who
 * knows more can only narrow more: the audit stays on the safe side).
 *
 * What must stay uncertain (targets): every hidden published cell, every
 * small count (1 .. min_cell - 1) of a key over a run of segments for any
 * programme set and office set published, and every small late change.
 * A target is safe when its range under the model spans at least min_cell
 * values. The audit minimises and maximises each with GLPK; where a target
 * is narrow, the smallest visible cell of this output (any office slice)
 * among the facts that bind it is hidden, and the audit runs again.
 */
#include "protect_model.h"
#include "lp_audit.h"
#include <math.h>
#include <time.h>

int protect_month(int year, int month)
{
	return year * 12 + (month - 1);
}

/* ---- one audit round ---- */

struct round {
	struct lpa *lp;
	int *target_cell;      /* per target: the pcell, or -1 (a run or a change) */
	int *target_key;       /* per target: its key */
	int ntarget, alloc_target;
	struct hset seen;      /* run targets already added */
};

static void note_target(struct round *rd, int t, int cell, int key)
{
	if (t >= rd->alloc_target) {
		rd->alloc_target = rd->alloc_target ? rd->alloc_target * 2 : 1024;
		rd->target_cell = xrealloc(rd->target_cell, (size_t)rd->alloc_target * sizeof(int));
		rd->target_key = xrealloc(rd->target_key, (size_t)rd->alloc_target * sizeof(int));
	}
	rd->target_cell[t] = cell;
	rd->target_key[t] = key;
	rd->ntarget = t + 1;
}

static void mark_free_keys(struct model *m)
{
	memset(m->free_key, m->all_free, (size_t)m->keys.n * sizeof(bool));
	if (m->all_free)
		return;
	for (int i = 0; i < m->ncell; i++)
		if ((m->cell[i].hidden && !m->cell[i].mentions) || m->cell[i].delta >= 0 ||
		    m->cell[i].value != m->cell[i].current)
			m->free_key[m->cell[i].key] = true;
	for (int a = 0; a < natoms(m); a++)
		for (int k = 0; m->val[a] && k < m->nval_keys; k++)
			if (m->val[a][k] > 0 && m->val[a][k] < m->min_cell)
				m->free_key[k] = true;
	/* a key's indicator is unknown with it: a hidden cell can then be
	 * protected by cells of its own table (its totals in other
	 * indicators stay known unless they are free themselves) */
	bool *fam = xcalloc((size_t)m->keys.n + 1, sizeof(bool));
	for (int k = 0; k < m->keys.n; k++)
		if (m->free_key[k])
			fam[m->family[k]] = true;
	for (int k = 0; k < m->keys.n; k++)
		if (fam[m->family[k]])
			m->free_key[k] = true;
	free(fam);
}

static int col_for(const struct model *m, int a, int key)
{
	if (key >= m->nval_keys || !m->val[a])
		return -1;
	return m->col_of[(size_t)a * (size_t)m->nval_keys + (size_t)key];
}

/* The terms of a key over a set of atoms: free columns into col/coef, the
 * rest (known to the reader) into *known. */
static int terms(const struct model *m, int key, int pmask, int omask, int s0, int s1,
		 int *col, double *coef, int64_t *known)
{
	int n = 0;
	for (int p = 0; p < m->np; p++) {
		if (!atoms_in(pmask, p))
			continue;
		for (int o = 0; o < m->no; o++) {
			if (!atoms_in(omask, o))
				continue;
			for (int s = s0; s <= s1; s++) {
				int a = atom_index(m, p, o, s);
				int c = col_for(m, a, key);
				if (c >= 0) {
					col[n] = c;
					coef[n++] = 1.0;
				} else {
					*known += atom_value(m, a, key);
				}
			}
		}
	}
	return n;
}

static void make_columns(struct model *m)
{
	/* build_round() numbers them anew each round */
	size_t n = (size_t)natoms(m) * (size_t)m->nval_keys;
	m->col_of = xmalloc((n + 1) * sizeof(int));
}

/* A small count of key k over some atoms (unknowns col[0..n), known part
 * `known`) to keep uncertain, once per set of unknowns; counted from 1: a
 * later output may show it hidden, which says "at least 1". */
static void small_count(struct round *rd, int k, int *col, double *coef, int n, int64_t known)
{
	qsort(col, (size_t)n, sizeof(int), cmp_int);
	if (hset_add(&rd->seen, hash_ints(col, n)))
		return;
	int t = lpa_target(rd->lp, col, coef, n);
	lpa_target_floor(rd->lp, t, 1.0 - (double)known);
	note_target(rd, t, -1, k);
}

/* Builds the reader's model for the current pattern. */
static void build_round(struct model *m, struct round *rd)
{
	memset(rd, 0, sizeof(*rd));
	rd->lp = lpa_new();
	mark_free_keys(m);
	int na = natoms(m);
	for (size_t i = 0; i < (size_t)na * (size_t)m->nval_keys; i++)
		m->col_of[i] = -1;
	/* columns: the non-zero atoms of free keys, in the programmes their key
	 * is published for (the others are taken as known: they are in no
	 * published figure, only in relations, where they are slack) */
	for (int a = 0; a < na; a++)
		for (int k = 0; m->val[a] && k < m->nval_keys; k++)
			if (m->free_key[k] && m->val[a][k] > 0 &&
			    (!m->prune ||
			     m->shown_for[(size_t)k * (size_t)m->np + (size_t)(a / (m->no * m->ns))]))
				m->col_of[(size_t)a * (size_t)m->nval_keys + (size_t)k] =
					lpa_col(rd->lp, 1, m->big, (double)m->val[a][k]);
	size_t cap = (size_t)na + 16;
	for (int a = 0; a < na; a++)
		for (int i = 0; m->val[a] && i < m->nsums[a]; i++)
			if ((size_t)m->sums[a][i].n + 2 > cap)
				cap = (size_t)m->sums[a][i].n + 2;
	int *col = xmalloc(cap * sizeof(int));
	double *coef = xmalloc(cap * sizeof(double));
	/* late changes of recorded editions */
	for (int i = 0; i < m->ncell; i++) {
		struct pcell *pc = &m->cell[i];
		pc->delta = -1;
		if (pc->mentions || m->out[pc->out].is_new || pc->current == pc->value)
			continue;
		pc->delta = lpa_col(rd->lp, -m->big, m->big, (double)(pc->current - pc->value));
	}
	/* the relations inside every atom */
	for (int a = 0; a < na; a++) {
		for (int i = 0; m->val[a] && i < m->nsums[a]; i++) {
			const struct ksum *s = &m->sums[a][i];
			int n = 0;
			int64_t known = 0;
			for (int k = 0; k < s->n + s->nt; k++) {
				int c = col_for(m, a, s->key[k]);
				double sign = k < s->n ? 1.0 : -1.0;
				if (c >= 0) {
					col[n] = c;
					coef[n++] = sign;
				} else {
					known += (int64_t)sign * atom_value(m, a, s->key[k]);
				}
			}
			if (n)
				lpa_row(rd->lp, col, coef, n, s->le ? -INFINITY : (double)-known,
					(double)-known, -1);
		}
	}
	/* the published cells */
	for (int i = 0; i < m->ncell; i++) {
		struct pcell *pc = &m->cell[i];
		const struct output *out = &m->out[pc->out];
		pc->row = -1;
		if (pc->mentions)
			continue;    /* not published (report_mention_share) */
		int64_t known = 0;
		int n = terms(m, pc->key, pc->pmask, out->omask, out->s0, out->s1, col, coef, &known);
		if (pc->delta >= 0) {
			col[n] = pc->delta;
			coef[n++] = -1.0;
		}
		pc->known = known;
		{
			int *sorted = xmalloc(((size_t)n + 1) * sizeof(int));
			memcpy(sorted, col, (size_t)n * sizeof(int));
			qsort(sorted, (size_t)n, sizeof(int), cmp_int);
			pc->same = hash_ints(sorted, n) ^ (uint64_t)(pc->value - known) * 0x9E3779B97F4A7C15ULL;
			free(sorted);
		}
		if (!pc->hidden) {
			pc->row = lpa_row(rd->lp, col, coef, n, (double)(pc->value - known),
					  (double)(pc->value - known), out->is_new ? i : -1);
			continue;
		}
		lpa_row(rd->lp, col, coef, n, (double)(1 - known), INFINITY, -1);
		int t = lpa_target(rd->lp, col, coef, n);
		note_target(rd, t, i, pc->key);
	}
	/* small late changes */
	for (int i = 0; i < m->ncell; i++) {
		const struct pcell *pc = &m->cell[i];
		int64_t d = pc->current - pc->value;
		if (pc->delta < 0 || d == 0 || llabs(d) >= m->min_cell)
			continue;
		double one = 1.0;
		int t = lpa_target(rd->lp, &pc->delta, &one, 1);
		note_target(rd, t, -1, pc->key);
	}
	/* small counts over runs of segments, for every key with the programme
	 * and office set it is published for; the unpublished rows of the
	 * two-way tables ("@~") with every programme and office set published */
	int (*combo)[2] = xmalloc(((size_t)m->nout + 1) * 2 * sizeof(int));
	int ncombo = 0;
	for (int i = 0; i < m->nout; i++) {
		bool have = false;
		for (int c = 0; c < ncombo && !have; c++)
			have = combo[c][0] == m->out[i].pmask && combo[c][1] == m->out[i].omask;
		if (!have) {
			combo[ncombo][0] = m->out[i].pmask;
			combo[ncombo++][1] = m->out[i].omask;
		}
	}
	for (int i = 0; i < m->ncell + m->nval_keys * ncombo; i++) {
		int k, pm, om;
		if (i < m->ncell) {
			const struct pcell *pc = &m->cell[i];
			if (pc->mentions)
				continue;
			k = pc->key;
			pm = pc->pmask;
			om = m->out[pc->out].omask;
		} else {
			k = (i - m->ncell) / ncombo;
			if (!strstr(m->keys.name[k], "@~"))
				continue;
			pm = combo[(i - m->ncell) % ncombo][0];
			om = combo[(i - m->ncell) % ncombo][1];
		}
		if (!m->free_key[k] || k >= m->nval_keys)
			continue;
		/* each (key, programmes, offices) once */
		uint64_t h = ((uint64_t)(unsigned)k * 0x9E3779B97F4A7C15ULL) ^
			     ((uint64_t)(unsigned)(pm + 3) * 0xC2B2AE3D27D4EB4FULL) ^
			     ((uint64_t)(unsigned)(om + 3) * 0x165667B19E3779F9ULL) ^ 0x5bd1e995ULL;
		if (hset_add(&rd->seen, h | 1))
			continue;
		for (int s0 = 0; s0 < m->ns; s0++)
			for (int s1 = s0; s1 < m->ns; s1++) {
				int64_t v = current_value(m, k, pm, om, s0, s1);
				if (v >= m->min_cell)
					break;      /* longer runs only grow */
				if (v <= 0)
					continue;
				int64_t known = 0;
				int n = terms(m, k, pm, om, s0, s1, col, coef, &known);
				if (!n)
					continue;
				small_count(rd, k, col, coef, n, known);
			}
	}
	free(combo);
	/* the difference of two nested outputs that leaves a run on each side
	 * (a programme-to-date edition less a month inside it): the two runs
	 * together */
	for (int i = 0; i < m->nout; i++)
		for (int j = 0; j < m->nout; j++) {
			const struct output *a = &m->out[i], *b = &m->out[j];
			if (i == j || a->pmask != b->pmask || a->omask != b->omask ||
			    !(a->s0 < b->s0 && b->s1 < a->s1))
				continue;
			for (int k = 0; k < m->nval_keys; k++) {
				if (!m->free_key[k])
					continue;
				int64_t v = current_value(m, k, a->pmask, a->omask, a->s0, b->s0 - 1) +
					    current_value(m, k, a->pmask, a->omask, b->s1 + 1, a->s1);
				if (v <= 0 || v >= m->min_cell)
					continue;
				int64_t known = 0;
				int n = terms(m, k, a->pmask, a->omask, a->s0, b->s0 - 1, col, coef, &known);
				n += terms(m, k, a->pmask, a->omask, b->s1 + 1, a->s1, col + n, coef + n,
					   &known);
				if (n)
					small_count(rd, k, col, coef, n, known);
			}
		}
	free(col);
	free(coef);
}

static void release_round(struct round *rd)
{
	lpa_free(rd->lp);
	free(rd->target_cell);
	free(rd->target_key);
	free(rd->seen.slot);
}

static bool hideable(const struct model *m, int i)
{
	const struct pcell *pc = &m->cell[i];
	return m->out[pc->out].is_new && !pc->hidden && !pc->mentions && pc->value > 0 &&
	       !pc->shown_anyway;
}

/* What hiding a cell costs the reader, cheapest first:
 *   0  an interior cell (a category, a missing count) that is less than its
 *      total;
 *   1  a total (an indicator's n, a group's n, ...), or an interior cell
 *      that is its whole total (the only category with people: hiding it
 *      alone hides nothing, its total must go with it);
 *   2  a headline total (report_headline_ids) of an output, or any cell of
 *      that output equal to one (the month's only month of the trend, an
 *      n with nothing missing, ...: hiding it hides the headline), and the
 *      same key with the same value in another output of the same
 *      programmes (the month of a programme-to-date trend that is the
 *      month's total; an office's group in the whole that is the office's
 *      total).
 * Hidden last are the headlines: a hidden total must itself be protected,
 * which spreads hiding to other totals, and an edition without its totals is
 * of no use. The classes only order the candidates: whatever is chosen, the
 * audit checks the pattern again. */
enum { COST_INTERIOR, COST_TOTAL, COST_HEADLINE };

struct costs {
	const struct model *m;
	unsigned char *cls;    /* per cell */
};

static bool interior_key(const char *k)
{
	size_t n = strlen(k);
	return strchr(k, ':') || (n > 8 && !strcmp(k + n - 8, "#missing"));
}

static bool headline_key(const char *k)
{
	for (int h = 0; h < REPORT_NHEADLINE; h++)
		if (!strcmp(k, report_headline_ids[h]))
			return true;
	return false;
}

static int cmp_same_key(const void *a, const void *b, void *model)
{
	const struct model *m = model;
	const struct pcell *x = &m->cell[*(const int *)a], *y = &m->cell[*(const int *)b];
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->pmask != y->pmask)
		return x->pmask < y->pmask ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return *(const int *)a - *(const int *)b;
}

static int cmp_out_key(const void *a, const void *b, void *model)
{
	const struct model *m = model;
	const struct pcell *x = &m->cell[*(const int *)a], *y = &m->cell[*(const int *)b];
	if (x->out != y->out)
		return x->out < y->out ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->pmask != y->pmask)
		return x->pmask < y->pmask ? -1 : 1;
	return *(const int *)a - *(const int *)b;
}

/* The cell of output o with key k for programmes pmask, or -1 (by[0 .. n):
 * the cells sorted by cmp_out_key). */
static int cell_of(const struct model *m, const int *by, int n, int o, int k, int pmask)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		const struct pcell *c = &m->cell[by[mid]];
		if (c->out < o || (c->out == o && (c->key < k || (c->key == k && c->pmask < pmask))))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && m->cell[by[lo]].out == o && m->cell[by[lo]].key == k &&
	    m->cell[by[lo]].pmask == pmask)
		return by[lo];
	return -1;
}

static void cost_classes(struct model *m, struct costs *cs)
{
	cs->m = m;
	cs->cls = xcalloc((size_t)m->ncell + 1, 1);
	char buf[512];
	/* the n of each interior key, looked up once per key */
	int *nkey = xmalloc(((size_t)m->keys.n + 1) * sizeof(int));
	int nkeys = m->keys.n;
	for (int k = 0; k < nkeys; k++) {
		const char *name = m->keys.name[k];
		const char *colon = strrchr(name, ':');
		nkey[k] = -1;
		if (colon && (size_t)(colon - name) + 3 < sizeof(buf)) {
			snprintf(buf, sizeof(buf), "%.*s#n", (int)(colon - name), name);
			nkey[k] = key_id(&m->keys, buf, false);
		}
	}
	int *by = xmalloc(((size_t)m->ncell + 1) * sizeof(int));
	for (int i = 0; i < m->ncell; i++)
		by[i] = i;
	qsort_r(by, (size_t)m->ncell, sizeof(int), cmp_out_key, m);
	for (int o = 0; o < m->nout; o++) {
		const struct output *out = &m->out[o];
		if (!out->is_new)
			continue;
		int64_t head[16];
		int hp[16], nh = 0;
		for (int i = out->first; i < out->first + out->n; i++) {
			const struct pcell *pc = &m->cell[i];
			const char *name = m->keys.name[pc->key];
			if (headline_key(name)) {
				cs->cls[i] = COST_HEADLINE;
				if (nh < 16 && pc->value > 0) {
					head[nh] = pc->value;
					hp[nh++] = pc->pmask;
				}
			} else if (!interior_key(name)) {
				cs->cls[i] = COST_TOTAL;
			} else if (pc->value > 0 && pc->key < nkeys && nkey[pc->key] >= 0) {
				int n = cell_of(m, by, m->ncell, o, nkey[pc->key], pc->pmask);
				if (n >= 0 && m->cell[n].value == pc->value)
					cs->cls[i] = COST_TOTAL;
			}
		}
		for (int i = out->first; i < out->first + out->n; i++)
			for (int h = 0; h < nh; h++)
				if (m->cell[i].pmask == hp[h] && m->cell[i].value == head[h])
					cs->cls[i] = COST_HEADLINE;
	}
	free(by);
	free(nkey);
	/* the same key, programmes and value in another output (another period
	 * or office set: the rest of it is 0, so the two are one fact) */
	int *ord = xmalloc(((size_t)m->ncell + 1) * sizeof(int));
	int n = 0;
	for (int i = 0; i < m->ncell; i++)
		if (m->out[m->cell[i].out].is_new && m->cell[i].value > 0)
			ord[n++] = i;
	qsort_r(ord, (size_t)n, sizeof(int), cmp_same_key, m);
	for (int i = 0; i < n;) {
		int j = i;
		unsigned char top = 0;
		while (j < n) {
			const struct pcell *x = &m->cell[ord[i]], *y = &m->cell[ord[j]];
			if (x->key != y->key || x->pmask != y->pmask || x->value != y->value)
				break;
			if (cs->cls[ord[j]] > top)
				top = cs->cls[ord[j]];
			j++;
		}
		for (int g = i; g < j; g++)
			if (cs->cls[ord[g]] < top)
				cs->cls[ord[g]] = top;
		i = j;
	}
	free(ord);
}

static bool better(const struct costs *cs, int c, int best)
{
	if (best < 0)
		return true;
	int a = cs->cls[c], b = cs->cls[best];
	if (a != b)
		return a < b;
	return cs->m->cell[c].value < cs->m->cell[best].value;
}

/* Chooses the cell to hide for a narrow target: the cheapest visible cell
 * of this output among the facts that bind it; else the cheapest one of the
 * same key, else of a related key (preferring cells with a fact in this
 * round's model). -1 when there is none. */
static int choose(const struct costs *cs, int key, int out, const int *tag, int ntag)
{
	const struct model *m = cs->m;
	int best = -1;
	for (int i = 0; i < ntag; i++) {
		int c = tag[i];
		if (hideable(m, c) && better(cs, c, best))
			best = c;
	}
	if (best >= 0)
		return best;
	for (int pass = 0; pass < 4 && best < 0; pass++)
		for (int c = 0; c < m->ncell; c++) {
			if (!hideable(m, c) || (pass < 2 && m->cell[c].row < 0))
				continue;
			if (pass % 2 == 0 ? m->cell[c].key != key : !related(m, key, m->cell[c].key))
				continue;
			if (better(cs, c, best))
				best = c;
		}
	/* nothing that binds it or shares a sum with it: what pins it runs
	 * through totals of the same table (a total published as the n of
	 * every indicator); the cheapest cell of its output, then of any */
	for (int pass = 0; pass < 2 && best < 0; pass++)
		for (int c = 0; c < m->ncell; c++)
			if (hideable(m, c) && (pass == 1 || m->cell[c].out == out) && better(cs, c, best))
				best = c;
	return best;
}

/* ---- the whole ---- */

static void primary(struct model *m)
{
	for (int i = 0; i < m->ncell; i++) {
		struct pcell *pc = &m->cell[i];
		if (m->out[pc->out].is_new && !pc->mentions && pc->value > 0 &&
		    pc->value < m->min_cell)
			pc->hidden = true;
	}
}

/* Hides cell c in this round's model: its fact becomes "at least 1" and it
 * becomes a target. False when its key has no unknowns in this model (the
 * next round adds them). */
static bool hide(struct model *m, struct round *rd, int c, int *col, double *coef)
{
	struct pcell *pc = &m->cell[c];
	pc->hidden = true;
	if (pc->row < 0)
		return false;
	lpa_relax(rd->lp, pc->row, (double)(1 - pc->known), INFINITY);
	const struct output *out = &m->out[pc->out];
	int64_t known = 0;
	int n = terms(m, pc->key, pc->pmask, out->omask, out->s0, out->s1, col, coef, &known);
	int t = lpa_target(rd->lp, col, coef, n);
	note_target(rd, t, c, pc->key);
	return true;
}

static int cmp_cost(const void *a, const void *b, void *model)
{
	const struct costs *cs = model;
	int x = *(const int *)a, y = *(const int *)b;
	if (better(cs, x, y))
		return -1;
	return better(cs, y, x) ? 1 : x - y;
}

/* The cells that say the same as cell c (its other slices with the same
 * unknowns and value: an office that is the whole, a programme in one
 * office): hiding one of them alone hides nothing. */
static int same_as(const struct model *m, int c, int *out)
{
	int n = 0;
	for (int i = 0; i < m->ncell; i++)
		if (i == c || (hideable(m, i) && m->cell[i].row >= 0 &&
			       m->cell[i].same == m->cell[c].same && m->cell[i].key == m->cell[c].key))
			out[n++] = i;
	return n;
}

/* Tries the cells that bind target t, cheapest first: each (with the cells
 * that say the same) is hidden in the model and t solved again; one that
 * widens t's range is kept (and becomes a target), one that does not is
 * shown again. Returns the cell kept, or -1 when none of them widens it. */
static int try_candidates(struct model *m, const struct costs *cs, struct round *rd, int t,
			  double width_now, double width, const int *tag, int ntag, int *col,
			  double *coef)
{
	int *cand = xmalloc(((size_t)ntag + 1) * sizeof(int));
	int *group = xmalloc(((size_t)m->ncell + 1) * sizeof(int));
	double *save = xmalloc(((size_t)m->ncell + 1) * 2 * sizeof(double));
	int n = 0;
	for (int i = 0; i < ntag; i++)
		if (hideable(m, tag[i]) && m->cell[tag[i]].row >= 0)
			cand[n++] = tag[i];
	qsort_r(cand, (size_t)n, sizeof(int), cmp_cost, (void *)cs);
	int kept = -1;
	for (int i = 0; i < n && i < 12 && kept < 0; i++) {
		if (!hideable(m, cand[i]))
			continue;   /* hidden with an earlier one */
		int ng = same_as(m, cand[i], group);
		lpa_save(rd->lp);
		for (int g = 0; g < ng; g++) {
			struct pcell *pc = &m->cell[group[g]];
			save[2 * g] = lpa_row_lo(rd->lp, pc->row);
			save[2 * g + 1] = lpa_row_hi(rd->lp, pc->row);
			lpa_relax(rd->lp, pc->row, (double)(1 - pc->known), INFINITY);
		}
		double lo, hi;
		int *tg, ntg;
		bool failed;
		bool wide = lpa_check(rd->lp, t, width, &lo, &hi, &tg, &ntg, &failed);
		free(tg);
		bool keep = wide || hi - lo > width_now + 1e-6;
		for (int g = 0; g < ng; g++)
			lpa_relax(rd->lp, m->cell[group[g]].row, save[2 * g], save[2 * g + 1]);
		if (keep) {
			for (int g = 0; g < ng; g++)
				hide(m, rd, group[g], col, coef);   /* relaxes it again */
			kept = cand[i];
		} else {
			lpa_restore(rd->lp);
		}
	}
	free(save);
	free(group);
	free(cand);
	return kept;
}

static int protect(struct model *m, struct strbuf *err)
{
	double width = m->min_cell - 1;
	size_t cap = (size_t)natoms(m) + 16;
	int *col = xmalloc(cap * sizeof(int));
	double *coef = xmalloc(cap * sizeof(double));
	bool debug = getenv("RETORNO_PROTECT_DEBUG") != NULL;
	int rc = RT_EINVAL;
	struct costs cs;
	cost_classes(m, &cs);
	for (int round = 0; round < 100; round++) {
		struct round rd;
		build_round(m, &rd);
		if (debug)
			fprintf(stderr, "protect: round %d built: %d targets, %d unknowns (clock %.3f)\n",
				round, rd.ntarget, lpa_columns(rd.lp), (double)clock() / CLOCKS_PER_SEC);
		lpa_begin(rd.lp);
		if (debug)
			fprintf(stderr, "protect: round %d estimated (%d solves, clock %.3f)\n", round,
				lpa_solves(rd.lp), (double)clock() / CLOCKS_PER_SEC);
		bool rebuild = false, stuck = false;
		for (int t = 0; t < lpa_targets(rd.lp) && !stuck; t++) {
			for (;;) {
				double lo, hi;
				int *tag, ntag;
				bool failed;
				if (lpa_check(rd.lp, t, width, &lo, &hi, &tag, &ntag, &failed))
					break;
				if (debug && failed)
					fprintf(stderr, "round %d: the solver failed on %s\n", round,
						m->keys.name[rd.target_key[t]]);
				int tried = try_candidates(m, &cs, &rd, t, hi - lo, width, tag, ntag, col, coef);
				int tc0 = rd.target_cell[t];
				int c = tried >= 0 ? -1 : choose(&cs, rd.target_key[t],
								tc0 >= 0 ? m->cell[tc0].out : 0, tag, ntag);
				if (debug && tried < 0 && c < 0)
					fprintf(stderr, "round %d: %d binding facts\n", round, ntag);
				free(tag);
				if (tried >= 0) {
					if (debug)   /* keys only: never a count */
						fprintf(stderr, "round %d: %s too narrow -> hid %s in output %d\n",
							round, m->keys.name[rd.target_key[t]],
							m->keys.name[m->cell[tried].key], m->cell[tried].out);
					continue;
				}
				int tc = rd.target_cell[t];
				if (c < 0 && tc >= 0 && m->out[m->cell[tc].out].is_new &&
				    m->cell[tc].value >= m->min_cell && !m->cell[tc].shown_anyway) {
					/* a cell of this output that the recorded editions
					 * already give away (and not small): hiding it
					 * protects nothing, so show it, and audit again */
					m->cell[tc].hidden = false;
					m->cell[tc].shown_anyway = true;
					rebuild = true;
					if (debug)
						fprintf(stderr, "round %d: %s is known: shown\n", round,
							m->keys.name[rd.target_key[t]]);
					break;
				}
				if (c < 0) {
					if (debug)
						fprintf(stderr, "round %d: stuck on %s (output %d)\n", round,
							m->keys.name[rd.target_key[t]],
							tc >= 0 ? m->cell[tc].out : -1);
					strbuf_addf(err, "no publication pattern keeps '%s' safe together "
						    "with the editions already published",
						    m->keys.name[rd.target_key[t]]);
					stuck = true;
					break;
				}
				if (debug)
					fprintf(stderr, "round %d: %s too narrow -> hide %s in output %d\n",
						round, m->keys.name[rd.target_key[t]],
						m->keys.name[m->cell[c].key], m->cell[c].out);
				bool in_model = true;
				if (m->cell[c].row >= 0) {
					int *group = xmalloc(((size_t)m->ncell + 1) * sizeof(int));
					int ng = same_as(m, c, group);
					for (int g = 0; g < ng; g++)
						in_model &= hide(m, &rd, group[g], col, coef);
					free(group);
				} else {
					in_model = hide(m, &rd, c, col, coef);
				}
				if (!in_model) {
					rebuild = true;
					break;
				}
			}
		}
		if (debug)
			fprintf(stderr, "protect: round %d done: %d solves (clock %.3f)\n", round,
				lpa_solves(rd.lp), (double)clock() / CLOCKS_PER_SEC);
		release_round(&rd);
		if (stuck)
			break;
		if (!rebuild) {
			rc = RT_OK;
			break;
		}
	}
	if (rc && !err->len)
		strbuf_addf(err, "the protection did not settle in 100 rounds");
	free(cs.cls);
	free(col);
	free(coef);
	return rc;
}

/* Period bounds of an output as months; from < 0: since the start. */
static void add_bound(int *b, int *n, int month)
{
	for (int i = 0; i < *n; i++)
		if (b[i] == month)
			return;
	b[(*n)++] = month;
}

static bool same_filter(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int cmp_pub_cell(const void *k, const void *c)
{
	return strcmp(k, ((const struct pub_cell *)c)->key);
}

/* Whether today's figures of output r (with the prefix of its cells in a
 * recorded edition) are those of edition ed; counts ed's non-zero cells seen. */
static bool same_figures(const struct report *r, const char *prefix, const struct pub_edition *ed,
			 int *nonzero)
{
	char key[512];
	for (int c = 0; c < r->ncell; c++) {
		snprintf(key, sizeof(key), "%s%s", prefix, r->key[c]);
		const struct pub_cell *pc = bsearch(key, ed->cell, (size_t)ed->ncell,
						    sizeof(*ed->cell), cmp_pub_cell);
		int64_t v = r->cell[c].value;
		if (v)
			(*nonzero)++;
		if ((pc ? pc->value : 0) != v)
			return false;
	}
	return true;
}

static void apply_pattern(struct report *r, const char *prefix, const struct pub_edition *ed)
{
	char key[512];
	for (int c = 0; c < r->ncell; c++) {
		snprintf(key, sizeof(key), "%s%s", prefix, r->key[c]);
		const struct pub_cell *pc = bsearch(key, ed->cell, (size_t)ed->ncell,
						    sizeof(*ed->cell), cmp_pub_cell);
		r->cell[c].suppressed = pc && pc->suppressed;
	}
}

/* Applies a recorded edition's pattern when today's data give its figures
 * (of the month and, for a monthly edition, of the programme to date td). */
static bool reuse_edition(struct report *r, struct report *td, const struct pub_edition *ed)
{
	int nonzero = 0;
	if (!same_figures(r, "", ed, &nonzero) ||
	    (td && !same_figures(td, PROTECT_TO_DATE, ed, &nonzero)))
		return false;
	int recorded = 0;
	for (int c = 0; c < ed->ncell; c++)
		recorded += ed->cell[c].value != 0;
	if (recorded != nonzero)
		return false;
	apply_pattern(r, "", ed);
	if (td)
		apply_pattern(td, PROTECT_TO_DATE, ed);
	return true;
}

/* The previous edition of a monthly edition of `month` (see protect.h):
 * its headline figures as it published them, and the changes. */
static const struct pub_cell *find_cell(const struct pub_edition *ed, const char *key)
{
	return bsearch(key, ed->cell, (size_t)ed->ncell, sizeof(*ed->cell), cmp_pub_cell);
}

static void change_of(const struct report *r, const char *id, const struct pub_edition *ed,
		      const char *prefix, struct report_change *ch)
{
	memset(ch, 0, sizeof(*ch));
	const struct rindicator *ind = report_find(r, id);
	if (!ind || ind->kind != RK_VALUE)
		return;
	char key[160];
	snprintf(key, sizeof(key), "%s%s", prefix, id);
	const struct pub_cell *pc = find_cell(ed, key);
	ch->present = true;
	ch->value = pc ? pc->value : 0;
	ch->value_hidden = pc && pc->suppressed;
	/* a change beside a hidden figure would give it away */
	ch->change_hidden = ch->value_hidden || rcell_hidden(r, ind->value_cell);
	ch->change = rcell_value(r, ind->value_cell) - ch->value;
	if (ch->value_hidden)
		ch->value = 0;   /* never carried further than this struct */
	if (ch->change_hidden)
		ch->change = 0;
}

static void find_previous(struct report *r, int month, const char *program, const char *office,
			  int min_cell, const struct pub_edition *ed, int ned)
{
	int best = -1;
	for (int i = 0; i < ned; i++) {
		const struct pub_edition *e = &ed[i];
		if (e->id <= 0 || !same_filter(e->program, program) || !same_filter(e->office, office) ||
		    e->min_cell != min_cell || e->from_month < 0 || e->from_month != e->to_month ||
		    e->to_month >= month || !edition_has_to_date(e))
			continue;
		if (best < 0 || e->to_month > ed[best].to_month ||
		    (e->to_month == ed[best].to_month && e->id > ed[best].id))
			best = i;
	}
	if (best < 0 || !r->to_date)
		return;
	const struct pub_edition *e = &ed[best];
	struct report_previous *pv = xcalloc(1, sizeof(*pv));
	pv->edition = e->id;
	int y = e->to_month / 12, m = e->to_month % 12 + 1;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	snprintf(pv->from, sizeof(pv->from), "%04d-%02d-01", y % 10000, m);
	snprintf(pv->to, sizeof(pv->to), "%04d-%02d-%02d", y % 10000, m, last);
	for (int h = 0; h < REPORT_NHEADLINE; h++) {
		change_of(r, report_headline_ids[h], e, "", &pv->month[h]);
		change_of(r->to_date, report_headline_ids[h], e, PROTECT_TO_DATE, &pv->to_date[h]);
	}
	r->previous = pv;
}

static void model_release(struct model *m)
{
	for (int i = 0; i < m->nout; i++)
		if (m->out[i].is_new)
			report_release(&m->out[i].r);
	free(m->out);
	free(m->cell);
	for (int a = 0; m->val && a < natoms(m); a++) {
		free(m->val[a]);
		for (int i = 0; m->sums && i < m->nsums[a]; i++)
			free(m->sums[a][i].key);
		if (m->sums)
			free(m->sums[a]);
	}
	free(m->val);
	free(m->sums);
	free(m->nsums);
	for (int k = 0; m->rel && k < m->keys.n; k++)
		free(m->rel[k]);
	free(m->rel);
	free(m->nrel);
	free(m->family);
	free(m->free_key);
	free(m->shown_for);
	free(m->col_of);
	report_atoms_free(m->atoms);
	keytab_release(&m->keys);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The month of a "YYYY-MM-DD" option, or fallback when absent. */
static int opt_month(const char *date, int fallback)
{
	return date ? report_date_month(date, strlen(date)) : fallback;
}

int report_public(struct store *st, const struct vocab *v, const struct report_opts *o,
		  const struct pub_edition *ed, int ned, struct report *r,
		  struct protect_stats *stats, struct strbuf *err)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(stats, 0, sizeof(*stats));
	memset(r, 0, sizeof(*r));
	struct report_opts po = *o;
	po.public_ = true;
	if (po.min_cell <= 0)
		po.min_cell = 5;
	int from = opt_month(o->from, -1), to = opt_month(o->to, -1);
	if (to < 0) {
		strbuf_addf(err, "a public output needs the last month of its period");
		return RT_EINVAL;
	}
	/* segments: every start and end of the periods involved */
	/* a monthly edition: the month and the programme to date up to its end */
	bool monthly = from >= 0 && from == to;
	int *bound = xmalloc(((size_t)ned + 2) * 3 * sizeof(int));
	int nb = 0;
	add_bound(bound, &nb, from < 0 ? 0 : from);
	add_bound(bound, &nb, to + 1);
	if (monthly)
		add_bound(bound, &nb, 0);
	for (int i = 0; i < ned; i++) {
		add_bound(bound, &nb, ed[i].from_month < 0 ? 0 : ed[i].from_month);
		add_bound(bound, &nb, ed[i].to_month + 1);
		if (edition_has_to_date(&ed[i]))
			add_bound(bound, &nb, 0);
	}
	qsort(bound, (size_t)nb, sizeof(int), cmp_int);
	struct model m;
	memset(&m, 0, sizeof(m));
	m.v = v;
	m.min_cell = po.min_cell;
	int rc = report_atoms_read(st, v, &po, bound, nb, &m.atoms, err);
	if (rc) {
		free(bound);
		return rc;
	}
	bool debug = getenv("RETORNO_PROTECT_DEBUG") != NULL;
	if (debug)
		fprintf(stderr, "protect: atoms read in %.3fs\n", seconds_since(&t0));
	m.np = report_atoms_programs(m.atoms);
	m.no = report_atoms_offices(m.atoms);
	m.ns = report_atoms_segments(m.atoms);
	int s0 = segment_at(bound, nb, from < 0 ? 0 : from);
	int s1 = segment_at(bound, nb, to + 1) - 1;
	if (s1 < 0)
		s1 = m.ns - 1;
	/* this output: the same period for its programme, all offices and each
	 * office, one table (any of its slices is what this computation gives
	 * for it); other programmes' outputs meet it as recorded editions */
	m.out = xcalloc((size_t)(m.no + 1) * 2 + (size_t)ned * 2 + 1, sizeof(*m.out));
	int mine = 0, mine_td = -1;
	for (int of = -1; of < m.no; of++) {
		const char *oc = of < 0 ? NULL : vocab_at(v, VL_OFFICE, of)->code;
		if (same_filter(oc, po.office))
			mine = m.nout;
		add_new_output(&m, &po, po.program, oc, s0, s1);
	}
	/* ---- monthly editions: the programme to date, one more table of the
	 * same model (each office and all offices), so that the month, the
	 * programme to date and every recorded edition are protected together:
	 * to_date(this) - to_date(previous) = month is one of the differences
	 * the audit keeps safe ---- */
	if (monthly) {
		struct report_opts tdo = po;
		tdo.from = NULL;
		for (int of = -1; of < m.no; of++) {
			const char *oc = of < 0 ? NULL : vocab_at(v, VL_OFFICE, of)->code;
			if (same_filter(oc, po.office))
				mine_td = m.nout;
			add_new_output(&m, &tdo, po.program, oc, segment_at(bound, nb, 0), s1);
		}
	}
	/* a recorded edition of the same filters whose figures today's data give */
	int64_t reuse = 0;
	for (int i = ned - 1; i >= 0 && !reuse; i--)
		if (same_filter(ed[i].program, po.program) && same_filter(ed[i].office, po.office) &&
		    ed[i].from_month == from && ed[i].to_month == to && ed[i].min_cell == po.min_cell &&
		    reuse_edition(&m.out[mine].r, mine_td >= 0 ? &m.out[mine_td].r : NULL, &ed[i]))
			reuse = ed[i].id;
	if (!reuse) {
		for (int i = 0; i < ned; i++) {
			int es0 = segment_at(bound, nb, ed[i].from_month < 0 ? 0 : ed[i].from_month);
			int es1 = segment_at(bound, nb, ed[i].to_month + 1) - 1;
			if (es1 < 0)
				es1 = m.ns - 1;
			add_edition(&m, &ed[i], es0, es1, false);
			if (edition_has_to_date(&ed[i]))
				add_edition(&m, &ed[i], segment_at(bound, nb, 0), es1, true);
		}
		/* today's values of the recorded cells (late entries show here) */
		load_atoms(&m, &po);
		if (debug)
			fprintf(stderr, "protect: %d atoms, %d keys loaded at %.3fs\n", natoms(&m),
				m.keys.n, seconds_since(&t0));
		for (int i = 0; i < m.ncell; i++) {
			struct pcell *pc = &m.cell[i];
			const struct output *out = &m.out[pc->out];
			if (!out->is_new)
				pc->current = current_value(&m, pc->key, pc->pmask, out->omask, out->s0,
							    out->s1);
		}
		m.free_key = xcalloc((size_t)m.keys.n + 1, sizeof(bool));
		m.shown_for = xcalloc((size_t)m.keys.n * (size_t)m.np + 1, sizeof(bool));
		for (int i = 0; i < m.ncell; i++)
			for (int p = 0; p < m.np && m.cell[i].key < m.keys.n; p++)
				if (atoms_in(m.cell[i].pmask, p))
					m.shown_for[(size_t)m.cell[i].key * (size_t)m.np + (size_t)p] = true;
		/* the unpublished rows of the tables are known as differences of
		 * published cells, never as such: they stay unknown */
		for (int k = 0; k < m.keys.n; k++)
			if (strstr(m.keys.name[k], "@~"))
				for (int p = 0; p < m.np; p++)
					m.shown_for[(size_t)k * (size_t)m.np + (size_t)p] = true;
		make_columns(&m);
		relate_keys(&m);
		key_families(&m);
		/* a small model keeps every atom unknown; a large one takes the
		 * keys visible everywhere and never small as known (safe side) */
		int64_t nonzero = 0;
		for (int a = 0; a < natoms(&m); a++)
			for (int k = 0; m.val[a] && k < m.nval_keys; k++)
				nonzero += m.val[a][k] > 0;
		m.all_free = nonzero <= 5000;
		m.prune = !m.all_free;
		m.big = 1000;
		for (int i = 0; i < m.ncell; i++)
			if ((double)m.cell[i].value * 2 + 1000 > m.big)
				m.big = (double)m.cell[i].value * 2 + 1000;
		primary(&m);
		if (debug)
			fprintf(stderr, "protect: model ready at %.3fs (all free: %d, clock %.3f)\n",
				seconds_since(&t0), m.all_free, (double)clock() / CLOCKS_PER_SEC);
		rc = protect(&m, err);
		/* what the shortcut takes as known (the atoms of keys never
		 * published for their programme) can leave a count that no
		 * hiding protects: again without it. Which atoms are empty stays
		 * known: an office's atoms have no other office's points, and
		 * leaving that out would make the reader weaker than they are. */
		if (rc == RT_EINVAL && m.prune) {
			m.prune = false;
			for (int i = 0; i < m.ncell; i++)
				if (m.out[m.cell[i].out].is_new)
					m.cell[i].hidden = m.cell[i].shown_anyway = false;
			primary(&m);
			strbuf_reset(err);
			rc = protect(&m, err);
		}
		for (int k = 0; k < 2; k++) {
			if (k == 1 && mine_td < 0)
				break;
			const struct output *out = &m.out[k ? mine_td : mine];
			for (int i = out->first; i < out->first + out->n; i++)
				out->r.cell[m.cell[i].rcell].suppressed =
					m.cell[i].mentions || m.cell[i].hidden;
		}
	}
	free(bound);
	if (!rc) {
		*r = m.out[mine].r;     /* the caller owns it now */
		m.out[mine].is_new = false;
		memset(&m.out[mine].r, 0, sizeof(m.out[mine].r));
		if (mine_td >= 0) {
			r->to_date = xmalloc(sizeof(*r->to_date));
			*r->to_date = m.out[mine_td].r;
			m.out[mine_td].is_new = false;
			memset(&m.out[mine_td].r, 0, sizeof(m.out[mine_td].r));
			find_previous(r, to, po.program, po.office, po.min_cell, ed, ned);
		}
	}
	stats->editions = ned;
	stats->same_as = reuse;
	model_release(&m);
	lpa_thread_done();
	stats->seconds = seconds_since(&t0);
	return rc;
}
