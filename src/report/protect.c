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
#include "protect.h"
#include "atoms.h"
#include "lp_audit.h"
#include <math.h>
#include <time.h>

int protect_month(int year, int month)
{
	return year * 12 + (month - 1);
}

/* ---- keys: interned strings ---- */

struct keytab {
	char **name;
	int n, alloc;
	int *slot;             /* open addressing: key id + 1, or 0 */
	size_t nslot;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void keytab_grow(struct keytab *kt)
{
	size_t n = kt->nslot ? kt->nslot * 2 : 4096;
	int *slot = xcalloc(n, sizeof(int));
	for (int i = 0; i < kt->n; i++) {
		size_t h = (size_t)(hash_str(kt->name[i]) & (n - 1));
		while (slot[h])
			h = (h + 1) & (n - 1);
		slot[h] = i + 1;
	}
	free(kt->slot);
	kt->slot = slot;
	kt->nslot = n;
}

static int key_id(struct keytab *kt, const char *name, bool add)
{
	if ((size_t)(kt->n + 1) * 2 > kt->nslot)
		keytab_grow(kt);
	size_t h = (size_t)(hash_str(name) & (kt->nslot - 1));
	while (kt->slot[h]) {
		int id = kt->slot[h] - 1;
		if (!strcmp(kt->name[id], name))
			return id;
		h = (h + 1) & (kt->nslot - 1);
	}
	if (!add)
		return -1;
	if (kt->n == kt->alloc) {
		kt->alloc = kt->alloc ? kt->alloc * 2 : 1024;
		kt->name = xrealloc(kt->name, st_mult((size_t)kt->alloc, sizeof(char *)));
	}
	kt->name[kt->n] = xstrdup(name);
	kt->slot[h] = kt->n + 1;
	return kt->n++;
}

static void keytab_release(struct keytab *kt)
{
	for (int i = 0; i < kt->n; i++)
		free(kt->name[i]);
	free(kt->name);
	free(kt->slot);
}

/* ---- the model ---- */

/* A published cell: key over the atoms (pmask x omask x segments of its output). */
struct pcell {
	int key;               /* the atoms' key (a track key without its prefix) */
	int pmask;             /* programmes: one or ATOMS_ALL */
	int out;
	int64_t value;         /* as published (recorded editions) or computed */
	int64_t current;       /* today's value */
	bool hidden;
	bool mentions;         /* a multi-select's mentions: shown while a member is */
	int rcell;             /* the cell in the output's report (new outputs) */
	int delta;             /* column of its late change, or -1 */
	bool shown_anyway;     /* known from what is recorded: never hidden again */
	int row;               /* this round: its fact when shown, or -1 */
	int64_t known;         /* this round: the part of it the reader knows */
};

struct output {
	int pmask, omask;      /* programmes, offices: one or ATOMS_ALL */
	int s0, s1;
	bool is_new;
	struct report r;       /* new outputs */
	const struct pub_edition *ed;
	int first, n;          /* its cells in model.cell */
};

/* A relation inside an atom, in keys: the members add up to the totals
 * (le: to at most the totals). key[0 .. n) are members, key[n .. n + nt)
 * totals. */
struct ksum {
	int *key;
	int n, nt;
	bool le;
};

struct model {
	const struct vocab *v;
	int min_cell;
	struct report_atoms *atoms;
	int np, no, ns;
	struct keytab keys;
	struct output *out;
	int nout;
	struct pcell *cell;
	int ncell, alloc_cell;
	/* atom values: val[atom][key], atoms numbered (p * no + o) * ns + s */
	int64_t **val;
	int nval_keys;
	/* the sums that hold inside every atom, per atom (from its report) */
	struct ksum **sums;
	int *nsums;
	int **rel, *nrel;      /* related keys (relate_keys) */
	int *family;           /* per key: its indicator (keys of one indicator are one family) */
	bool all_free;         /* a small model: every key unknown to the reader */
	/* per round */
	bool *free_key;
	int *col_of;           /* atom * nkeys + key -> column, or -1 */
	double big;
};

static int natoms(const struct model *m)
{
	return m->np * m->no * m->ns;
}

static int atom_index(const struct model *m, int p, int o, int s)
{
	return (p * m->no + o) * m->ns + s;
}

static void add_pcell(struct model *m, const struct pcell *c)
{
	if (m->ncell == m->alloc_cell) {
		m->alloc_cell = m->alloc_cell ? m->alloc_cell * 2 : 4096;
		m->cell = xrealloc(m->cell, st_mult((size_t)m->alloc_cell, sizeof(*m->cell)));
	}
	m->cell[m->ncell++] = *c;
}

/* The atoms' key of a published key, and the programmes it counts. */
static int atom_key(struct model *m, const char *key, int pmask, int *kmask)
{
	const char *slash = strchr(key, '/');
	*kmask = pmask;
	if (slash) {
		char prog[64];
		size_t n = (size_t)(slash - key);
		if (n >= sizeof(prog))
			n = sizeof(prog) - 1;
		memcpy(prog, key, n);
		prog[n] = 0;
		int p = vocab_pos(m->v, VL_PROGRAM, prog, n);
		*kmask = p >= 0 ? p : -2;   /* -2: a programme no atom has */
		key = slash + 1;
	}
	return key_id(&m->keys, key, true);
}

static bool is_mentions(const char *key)
{
	size_t n = strlen(key);
	return n > 9 && !strcmp(key + n - 9, "#mentions");
}

/* ---- atom structure ---- */

struct ksums {
	struct ksum *s;
	int n, alloc;
};

static void add_ksum(struct ksums *ks, const int *member, int n, const int *total, int nt, bool le)
{
	for (int i = 0; i < n + nt; i++)
		if ((i < n ? member[i] : total[i - n]) < 0)
			return;
	if (ks->n == ks->alloc) {
		ks->alloc = ks->alloc ? ks->alloc * 2 : 64;
		ks->s = xrealloc(ks->s, st_mult((size_t)ks->alloc, sizeof(*ks->s)));
	}
	struct ksum *k = &ks->s[ks->n++];
	k->n = n;
	k->nt = nt;
	k->le = le;
	k->key = xmalloc(((size_t)n + (size_t)nt + 1) * sizeof(int));
	memcpy(k->key, member, (size_t)n * sizeof(int));
	memcpy(k->key + n, total, (size_t)nt * sizeof(int));
}

static int rkey(struct model *m, const struct report *r, int cell)
{
	return cell < 0 ? -1 : key_id(&m->keys, r->key[cell], true);
}

static int named(struct model *m, const char *name)
{
	return key_id(&m->keys, name, true);
}

/* sum(members) <= sum(totals), by key names (NULL-terminated lists) */
static void le_named(struct model *m, struct ksums *ks, const char *const *member,
		     const char *const *total)
{
	int mk[8], tk[8], n = 0, nt = 0;
	for (; member[n] && n < 8; n++)
		mk[n] = named(m, member[n]);
	for (; total[nt] && nt < 8; nt++)
		tk[nt] = named(m, total[nt]);
	add_ksum(ks, mk, n, tk, nt, true);
}

#define L(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* Inequalities a reader knows besides the sums: a part of a population
 * is at most the whole, the family and no-education age groups fit in
 * the age bands, ... (the same a reader of the JSON can write down). */
static void atom_inequalities(struct model *m, const struct report *r, struct ksums *ks)
{
	for (int i = 0; i < r->nind; i++) {
		const struct rindicator *ind = &r->ind[i];
		if (ind->multi || !strcmp(ind->id, "family_minors")) {
			/* each count is at most the people who answered */
			int nk = rkey(m, r, ind->n_cell);
			for (int c = 0; c < ind->ncat; c++) {
				int k = rkey(m, r, ind->cat[c].cell);
				add_ksum(ks, &k, 1, &nk, 1, true);
			}
		}
	}
	const struct rindicator *umc = report_find(r, "umc_transport_mode");
	for (int c = 0; umc && c < umc->ncat; c++) {
		char all[160];
		snprintf(all, sizeof(all), "transport_mode:%s", umc->cat[c].code);
		int k = rkey(m, r, umc->cat[c].cell), t = named(m, all);
		add_ksum(ks, &k, 1, &t, 1, true);
	}
	const struct rindicator *noed = report_find(r, "no_education_adult_sex");
	for (int c = 0; noed && c < noed->ncat; c++) {
		char sex[160], sbe[160];
		snprintf(sex, sizeof(sex), "sex:%s", noed->cat[c].code);
		snprintf(sbe, sizeof(sbe), "sex_by_education@none:%s", noed->cat[c].code);
		int k = rkey(m, r, noed->cat[c].cell), t1 = named(m, sex), t2 = named(m, sbe);
		add_ksum(ks, &k, 1, &t1, 1, true);
		add_ksum(ks, &k, 1, &t2, 1, true);
	}
	const struct rindicator *irr = report_find(r, "irregular_by_office");
	for (int c = 0; irr && c < irr->ncat; c++) {
		char n[160], miss[160];
		snprintf(n, sizeof(n), "registration_point@%s#n", irr->cat[c].code);
		snprintf(miss, sizeof(miss), "registration_point@%s#missing", irr->cat[c].code);
		int k = rkey(m, r, irr->cat[c].cell), t[2] = { named(m, n), named(m, miss) };
		add_ksum(ks, &k, 1, t, 2, true);
	}
	le_named(m, ks, L("survey_coverage"), L("returns_total"));
	le_named(m, ks, L("umc_transport_mode#missing"), L("transport_mode#missing"));
	le_named(m, ks, L("no_education_adult_sex#missing"), L("sex#missing"));
	le_named(m, ks, L("family_minors:under_13"), L("family_minors:age_0_17"));
	le_named(m, ks, L("family_minors:age_0_17"), L("minors_total"));
	if (r->opts.sadd_bands)
		return;   /* the bands below are the factsheet's */
	le_named(m, ks, L("no_education_age_group:under_5"), L("age_band:0_4"));
	le_named(m, ks, L("no_education_age_group:age_5_17"), L("age_band:5_12", "age_band:13_17"));
	le_named(m, ks, L("no_education_age_group:adult"),
		 L("age_band:18_45", "age_band:46_59", "age_band:60_plus"));
	le_named(m, ks, L("no_education_age_group#missing"), L("age_band#missing"));
	le_named(m, ks, L("family_minors:under_13"), L("age_band:0_4", "age_band:5_12"));
	/* the family's 13-17s: age_0_17 - under_13 <= 13_17 */
	le_named(m, ks, L("family_minors:age_0_17"), L("family_minors:under_13", "age_band:13_17"));
}

static int64_t atom_value(const struct model *m, int a, int key);

/* The true value of sum(members) - sum(totals) in atom a. */
static int64_t ksum_residual(const struct model *m, int a, const struct ksum *s)
{
	int64_t v = 0;
	for (int i = 0; i < s->n + s->nt; i++)
		v += (i < s->n ? 1 : -1) * atom_value(m, a, s->key[i]);
	return v;
}

static void atom_structure(struct model *m, int a, const struct report *r)
{
	struct ksums ks = { 0 };
	int *member = NULL;
	for (int i = 0; i < r->nsum; i++) {
		const struct rsum *rs = &r->sum[i];
		member = xrealloc(member, ((size_t)rs->nmember + 1) * sizeof(int));
		for (int k = 0; k < rs->nmember; k++)
			member[k] = rkey(m, r, rs->member[k]);
		int t = rkey(m, r, rs->total);
		add_ksum(&ks, member, rs->nmember, &t, 1, false);
		/* a column of a breakdown leaves out the people whose row field is
		 * not recorded: there the sum is "at most" */
		if (ks.n && ksum_residual(m, a, &ks.s[ks.n - 1]) < 0)
			ks.s[ks.n - 1].le = true;
	}
	free(member);
	atom_inequalities(m, r, &ks);
	m->sums[a] = ks.s;
	m->nsums[a] = ks.n;
}

/* Reads every atom's values and sums. */
static void load_atoms(struct model *m, const struct report_opts *o)
{
	int na = natoms(m);
	m->sums = xcalloc((size_t)na + 1, sizeof(*m->sums));
	m->nsums = xcalloc((size_t)na + 1, sizeof(int));
	struct report *ar = xcalloc((size_t)na + 1, sizeof(*ar));
	for (int p = 0; p < m->np; p++)
		for (int of = 0; of < m->no; of++)
			for (int s = 0; s < m->ns; s++) {
				if (!report_atoms_has(m->atoms, p, of, s))
					continue;
				int a = atom_index(m, p, of, s);
				report_atoms_build(m->atoms, o, p, of,
						   s, s, false, &ar[a]);
				for (int c = 0; c < ar[a].ncell; c++)
					key_id(&m->keys, ar[a].key[c], true);
			}
	m->val = xcalloc((size_t)na + 1, sizeof(*m->val));
	m->nval_keys = m->keys.n;
	for (int a = 0; a < na; a++) {
		if (!ar[a].cell)
			continue;
		m->val[a] = xcalloc((size_t)m->nval_keys + 1, sizeof(int64_t));
		for (int c = 0; c < ar[a].ncell; c++)
			m->val[a][key_id(&m->keys, ar[a].key[c], false)] = ar[a].cell[c].value;
		atom_structure(m, a, &ar[a]);
		report_release(&ar[a]);
	}
	free(ar);
}

static int64_t atom_value(const struct model *m, int a, int key)
{
	return m->val[a] && key < m->nval_keys ? m->val[a][key] : 0;
}

/* Today's value of a key over a set of atoms. */
static int64_t current_value(const struct model *m, int key, int pmask, int omask, int s0, int s1)
{
	int64_t v = 0;
	for (int p = 0; p < m->np; p++)
		for (int o = 0; o < m->no; o++)
			if (atoms_in(pmask, p) && atoms_in(omask, o))
				for (int s = s0; s <= s1; s++)
					v += atom_value(m, atom_index(m, p, o, s), key);
	return v;
}

/* ---- outputs ---- */

static int set_of(const struct vocab *v, int list, const char *code)
{
	if (!code)
		return ATOMS_ALL;
	int p = vocab_pos(v, list, code, strlen(code));
	return p >= 0 ? p : -2;    /* -2: a code no longer in the list: no atoms */
}

static int segment_at(const int *bound, int nb, int month)
{
	for (int s = 0; s + 1 < nb; s++)
		if (bound[s] == month)
			return s;
	return -1;
}

static void add_new_output(struct model *m, const struct report_opts *o, const char *office,
			   int s0, int s1)
{
	struct output *out = &m->out[m->nout];
	memset(out, 0, sizeof(*out));
	out->pmask = set_of(m->v, VL_PROGRAM, o->program);
	out->omask = set_of(m->v, VL_OFFICE, office);
	out->s0 = s0;
	out->s1 = s1;
	out->is_new = true;
	struct report_opts so = *o;
	so.office = office;
	report_atoms_build(m->atoms, &so, out->pmask, out->omask, s0, s1, true, &out->r);
	out->r.opts.public_ = true;
	out->first = m->ncell;
	for (int c = 0; c < out->r.ncell; c++) {
		struct pcell pc = { 0 };
		pc.key = atom_key(m, out->r.key[c], out->pmask, &pc.pmask);
		pc.out = m->nout;
		pc.value = pc.current = out->r.cell[c].value;
		pc.mentions = is_mentions(out->r.key[c]);
		pc.rcell = c;
		pc.delta = -1;
		add_pcell(m, &pc);
	}
	out->n = m->ncell - out->first;
	m->nout++;
}

static void add_edition(struct model *m, const struct pub_edition *ed, int s0, int s1)
{
	struct output *out = &m->out[m->nout];
	memset(out, 0, sizeof(*out));
	out->pmask = set_of(m->v, VL_PROGRAM, ed->program);
	out->omask = set_of(m->v, VL_OFFICE, ed->office);
	out->s0 = s0;
	out->s1 = s1;
	out->ed = ed;
	out->first = m->ncell;
	for (int c = 0; c < ed->ncell; c++) {
		struct pcell pc = { 0 };
		pc.key = atom_key(m, ed->cell[c].key, out->pmask, &pc.pmask);
		pc.out = m->nout;
		pc.value = ed->cell[c].value;
		pc.hidden = ed->cell[c].suppressed;
		pc.mentions = is_mentions(ed->cell[c].key);
		pc.rcell = -1;
		pc.delta = -1;
		add_pcell(m, &pc);
	}
	out->n = m->ncell - out->first;
	m->nout++;
}

/* ---- one audit round ---- */

struct round {
	struct lpa *lp;
	int *target_cell;      /* per target: the pcell, or -1 (a run or a change) */
	int *target_key;       /* per target: its key */
	int ntarget, alloc_target;
	/* dedup of run targets */
	uint64_t *seen;
	size_t nseen, alloc_seen;
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

/* Numbers every key by its indicator: the id before '@', ':' or '#'. */
static void key_families(struct model *m)
{
	struct keytab ids;
	memset(&ids, 0, sizeof(ids));
	m->family = xmalloc(((size_t)m->keys.n + 1) * sizeof(int));
	for (int k = 0; k < m->keys.n; k++) {
		const char *name = m->keys.name[k];
		char id[128];
		size_t n = strcspn(name, "@:#");
		if (n >= sizeof(id))
			n = sizeof(id) - 1;
		memcpy(id, name, n);
		id[n] = 0;
		m->family[k] = key_id(&ids, id, true);
	}
	keytab_release(&ids);
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
	int na = natoms(m);
	size_t n = (size_t)na * (size_t)m->nval_keys;
	m->col_of = xmalloc((n + 1) * sizeof(int));
	for (size_t i = 0; i < n; i++)
		m->col_of[i] = -1;
}

static uint64_t hash_cols(const int *col, int n)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)n;
	for (int i = 0; i < n; i++)
		h = (h ^ (uint64_t)(unsigned)col[i]) * 1099511628211ULL;
	return h | 1;
}

static bool seen_before(struct round *rd, uint64_t h)
{
	if ((rd->nseen + 1) * 2 > rd->alloc_seen) {
		size_t na = rd->alloc_seen ? rd->alloc_seen * 2 : 4096;
		uint64_t *s = xcalloc(na, sizeof(uint64_t));
		for (size_t i = 0; i < rd->alloc_seen; i++) {
			if (!rd->seen[i])
				continue;
			size_t j = (size_t)(rd->seen[i] & (na - 1));
			while (s[j])
				j = (j + 1) & (na - 1);
			s[j] = rd->seen[i];
		}
		free(rd->seen);
		rd->seen = s;
		rd->alloc_seen = na;
	}
	size_t j = (size_t)(h & (rd->alloc_seen - 1));
	while (rd->seen[j]) {
		if (rd->seen[j] == h)
			return true;
		j = (j + 1) & (rd->alloc_seen - 1);
	}
	rd->seen[j] = h;
	rd->nseen++;
	return false;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
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
	/* columns: the non-zero atoms of free keys */
	for (int a = 0; a < na; a++)
		for (int k = 0; m->val[a] && k < m->nval_keys; k++)
			if (m->free_key[k] && m->val[a][k] > 0)
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
	 * and office set it is published for */
	for (int i = 0; i < m->ncell; i++) {
		const struct pcell *pc = &m->cell[i];
		int k = pc->key;
		int pm = pc->pmask, om = m->out[pc->out].omask;
		if (!m->free_key[k] || pc->mentions || k >= m->nval_keys)
			continue;
		/* each (key, programmes, offices) once */
		uint64_t h = ((uint64_t)(unsigned)k * 0x9E3779B97F4A7C15ULL) ^
			     ((uint64_t)(unsigned)(pm + 3) * 0xC2B2AE3D27D4EB4FULL) ^
			     ((uint64_t)(unsigned)(om + 3) * 0x165667B19E3779F9ULL) ^ 0x5bd1e995ULL;
		if (seen_before(rd, h | 1))
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
				qsort(col, (size_t)n, sizeof(int), cmp_int);
				if (seen_before(rd, hash_cols(col, n)))
					continue;
				int t = lpa_target(rd->lp, col, coef, n);
				/* a later output may show it hidden: "at least 1" */
				lpa_target_floor(rd->lp, t, 1.0 - (double)known);
				note_target(rd, t, -1, k);
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
	free(rd->seen);
}

/* For every key, the keys it shares a sum with inside some atom. */
static void relate_keys(struct model *m)
{
	int nk = m->keys.n;
	m->rel = xcalloc((size_t)nk + 1, sizeof(int *));
	m->nrel = xcalloc((size_t)nk + 1, sizeof(int));
	int *alloc = xcalloc((size_t)nk + 1, sizeof(int));
	struct round seen;
	memset(&seen, 0, sizeof(seen));
	for (int a = 0; a < natoms(m); a++)
		for (int i = 0; m->val[a] && i < m->nsums[a]; i++) {
			const struct ksum *s = &m->sums[a][i];
			int n = s->n + s->nt;
			int *all = xmalloc((size_t)n * sizeof(int));
			memcpy(all, s->key, (size_t)n * sizeof(int));
			qsort(all, (size_t)n, sizeof(int), cmp_int);
			if (seen_before(&seen, hash_cols(all, n))) {
				free(all);
				continue;
			}
			for (int x = 0; x < n; x++)
				for (int y = 0; y < n; y++) {
					int k = all[x];
					if (x == y || k < 0 || all[y] < 0)
						continue;
					if (m->nrel[k] == alloc[k]) {
						alloc[k] = alloc[k] ? alloc[k] * 2 : 8;
						m->rel[k] = xrealloc(m->rel[k], (size_t)alloc[k] * sizeof(int));
					}
					m->rel[k][m->nrel[k]++] = all[y];
				}
			free(all);
		}
	for (int k = 0; k < nk; k++) {
		if (!m->nrel[k])
			continue;
		qsort(m->rel[k], (size_t)m->nrel[k], sizeof(int), cmp_int);
		int u = 0;
		for (int i = 0; i < m->nrel[k]; i++)
			if (!u || m->rel[k][u - 1] != m->rel[k][i])
				m->rel[k][u++] = m->rel[k][i];
		m->nrel[k] = u;
	}
	free(alloc);
	free(seen.seen);
}

static bool related(const struct model *m, int a, int b)
{
	if (a == b)
		return true;
	return a < m->keys.n && bsearch(&b, m->rel[a], (size_t)m->nrel[a], sizeof(int), cmp_int);
}

static bool hideable(const struct model *m, int i)
{
	const struct pcell *pc = &m->cell[i];
	return m->out[pc->out].is_new && !pc->hidden && !pc->mentions && pc->value > 0 &&
	       !pc->shown_anyway;
}

/* Interior cells (categories, missing) are hidden before totals: a hidden
 * total must itself be protected, which spreads hiding to other totals. */
static int cost_class(const struct model *m, int c)
{
	const char *k = m->keys.name[m->cell[c].key];
	size_t n = strlen(k);
	if (strchr(k, ':') || (n > 8 && !strcmp(k + n - 8, "#missing")))
		return 0;
	return 1;
}

static bool better(const struct model *m, int c, int best)
{
	if (best < 0)
		return true;
	int a = cost_class(m, c), b = cost_class(m, best);
	if (a != b)
		return a < b;
	return m->cell[c].value < m->cell[best].value;
}

/* Chooses the cell to hide for a narrow target: the cheapest visible cell
 * of this output among the facts that bind it; else the cheapest one of the
 * same key, else of a related key (preferring cells with a fact in this
 * round's model). -1 when there is none. */
static int choose(const struct model *m, int key, const int *tag, int ntag)
{
	int best = -1;
	for (int i = 0; i < ntag; i++) {
		int c = tag[i];
		if (hideable(m, c) && better(m, c, best))
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
			if (better(m, c, best))
				best = c;
		}
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

static int protect(struct model *m, struct protect_stats *stats, struct strbuf *err)
{
	double width = m->min_cell - 1;
	size_t cap = (size_t)natoms(m) + 16;
	int *col = xmalloc(cap * sizeof(int));
	double *coef = xmalloc(cap * sizeof(double));
	bool debug = getenv("RETORNO_PROTECT_DEBUG") != NULL;
	int rc = RT_EINVAL;
	for (int round = 0; round < 100; round++) {
		struct round rd;
		build_round(m, &rd);
		if (debug)
			fprintf(stderr, "protect: round %d built: %d targets (clock %.3f)\n", round,
				rd.ntarget, (double)clock() / CLOCKS_PER_SEC);
		lpa_begin(rd.lp);
		if (debug)
			fprintf(stderr, "protect: round %d estimated (%d solves, clock %.3f)\n", round,
				lpa_solves(rd.lp), (double)clock() / CLOCKS_PER_SEC);
		stats->rounds++;
		bool rebuild = false, stuck = false;
		for (int t = 0; t < lpa_targets(rd.lp) && !stuck; t++) {
			for (;;) {
				double lo, hi;
				int *tag, ntag;
				bool failed;
				if (lpa_check(rd.lp, t, width, &lo, &hi, &tag, &ntag, &failed))
					break;
				int c = choose(m, rd.target_key[t], tag, ntag);
				free(tag);
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
					strbuf_addf(err, "no publication pattern keeps '%s' safe together "
						    "with the editions already published",
						    m->keys.name[rd.target_key[t]]);
					stuck = true;
					break;
				}
				if (debug)   /* keys only: never a count */
					fprintf(stderr, "round %d: %s too narrow -> hide %s in output %d\n",
						round, m->keys.name[rd.target_key[t]],
						m->keys.name[m->cell[c].key], m->cell[c].out);
				if (!hide(m, &rd, c, col, coef)) {
					rebuild = true;
					break;
				}
			}
		}
		stats->lp_solves += lpa_solves(rd.lp);
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

/* Applies a recorded edition's pattern when today's data give its figures. */
static bool reuse_edition(struct report *r, const struct pub_edition *ed)
{
	int nonzero = 0;
	for (int c = 0; c < r->ncell; c++) {
		const struct pub_cell *pc = bsearch(r->key[c], ed->cell, (size_t)ed->ncell,
						    sizeof(*ed->cell), cmp_pub_cell);
		int64_t v = r->cell[c].value;
		if (v)
			nonzero++;
		if ((pc ? pc->value : 0) != v)
			return false;
	}
	int recorded = 0;
	for (int c = 0; c < ed->ncell; c++)
		recorded += ed->cell[c].value != 0;
	if (recorded != nonzero)
		return false;
	for (int c = 0; c < r->ncell; c++) {
		const struct pub_cell *pc = bsearch(r->key[c], ed->cell, (size_t)ed->ncell,
						    sizeof(*ed->cell), cmp_pub_cell);
		r->cell[c].suppressed = pc && pc->suppressed;
	}
	return true;
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
	free(m->col_of);
	report_atoms_free(m->atoms);
	keytab_release(&m->keys);
}

static void fill_stats(const struct report *r, struct protect_stats *st)
{
	for (int c = 0; c < r->ncell; c++) {
		if (!r->cell[c].value || (r->key[c] && is_mentions(r->key[c])))
			continue;
		st->cells++;
		if (!r->cell[c].suppressed)
			continue;
		st->hidden++;
		if (r->cell[c].value < r->opts.min_cell)
			st->primary++;
		if (strchr(r->key[c], ':'))
			st->people_hidden += r->cell[c].value;
	}
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
	int *bound = xmalloc(((size_t)ned + 1) * 2 * sizeof(int) + 2 * sizeof(int));
	int nb = 0;
	add_bound(bound, &nb, from < 0 ? 0 : from);
	add_bound(bound, &nb, to + 1);
	for (int i = 0; i < ned; i++) {
		add_bound(bound, &nb, ed[i].from_month < 0 ? 0 : ed[i].from_month);
		add_bound(bound, &nb, ed[i].to_month + 1);
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
	/* this output, the same period for all offices and for each office */
	m.out = xcalloc((size_t)(m.no + 1 + ned) + 1, sizeof(*m.out));
	add_new_output(&m, &po, NULL, s0, s1);
	for (int of = 0; of < m.no; of++)
		add_new_output(&m, &po, vocab_at(v, VL_OFFICE, of)->code, s0, s1);
	int mine = 0;
	for (int of = 0; po.office && of < m.no; of++)
		if (!strcmp(vocab_at(v, VL_OFFICE, of)->code, po.office))
			mine = of + 1;
	/* a recorded edition of the same filters whose figures today's data give */
	int64_t reuse = 0;
	for (int i = ned - 1; i >= 0 && !reuse; i--)
		if (same_filter(ed[i].program, po.program) && same_filter(ed[i].office, po.office) &&
		    ed[i].from_month == from && ed[i].to_month == to && ed[i].min_cell == po.min_cell &&
		    reuse_edition(&m.out[mine].r, &ed[i]))
			reuse = ed[i].id;
	if (!reuse) {
		for (int i = 0; i < ned; i++) {
			int es0 = segment_at(bound, nb, ed[i].from_month < 0 ? 0 : ed[i].from_month);
			int es1 = segment_at(bound, nb, ed[i].to_month + 1) - 1;
			if (es1 < 0)
				es1 = m.ns - 1;
			add_edition(&m, &ed[i], es0, es1);
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
		m.big = 1000;
		for (int i = 0; i < m.ncell; i++)
			if ((double)m.cell[i].value * 2 + 1000 > m.big)
				m.big = (double)m.cell[i].value * 2 + 1000;
		primary(&m);
		if (debug)
			fprintf(stderr, "protect: model ready at %.3fs (all free: %d, clock %.3f)\n",
				seconds_since(&t0), m.all_free, (double)clock() / CLOCKS_PER_SEC);
		rc = protect(&m, stats, err);
		const struct output *out = &m.out[mine];
		for (int i = out->first; i < out->first + out->n; i++)
			out->r.cell[m.cell[i].rcell].suppressed =
				m.cell[i].mentions || m.cell[i].hidden;
	}
	free(bound);
	if (!rc) {
		*r = m.out[mine].r;     /* the caller owns it now */
		m.out[mine].is_new = false;
		memset(&m.out[mine].r, 0, sizeof(m.out[mine].r));
		fill_stats(r, stats);
	}
	stats->editions = ned;
	stats->same_as = reuse;
	model_release(&m);
	lpa_thread_done();
	stats->seconds = seconds_since(&t0);
	return rc;
}
