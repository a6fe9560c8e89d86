/* protect_model.c: the reader's model of publication safety (protect.c):
 * the keys, the atoms' values and relations, the published cells of every
 * output. See protect_model.h. */
#include "protect_model.h"

/* ---- keys: interned strings ---- */


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

int key_id(struct keytab *kt, const char *name, bool add)
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

void keytab_release(struct keytab *kt)
{
	for (int i = 0; i < kt->n; i++)
		free(kt->name[i]);
	free(kt->name);
	free(kt->slot);
}

int natoms(const struct model *m)
{
	return m->np * m->no * m->ns;
}

int atom_index(const struct model *m, int p, int o, int s)
{
	return (p * m->no + o) * m->ns + s;
}

void add_pcell(struct model *m, const struct pcell *c)
{
	if (m->ncell == m->alloc_cell) {
		m->alloc_cell = m->alloc_cell ? m->alloc_cell * 2 : 4096;
		m->cell = xrealloc(m->cell, st_mult((size_t)m->alloc_cell, sizeof(*m->cell)));
	}
	m->cell[m->ncell++] = *c;
}

/* The atoms' key of a published key, and the programmes it counts. */
int atom_key(struct model *m, const char *key, int pmask, int *kmask)
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

bool is_mentions(const char *key)
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
	/* every return has an office: the offices' n and missing (of their
	 * points) add up to the returns */
	const struct rindicator *rp = report_find(r, "registration_point");
	if (rp) {
		int *mem = xmalloc(((size_t)rp->ngroup * 2 + 1) * sizeof(int)), n = 0;
		for (int g = 0; g < rp->ngroup; g++) {
			mem[n++] = rkey(m, r, rp->group[g].n_cell);
			mem[n++] = rkey(m, r, rp->group[g].missing_cell);
		}
		int total = named(m, "returns_total");
		add_ksum(ks, mem, n, &total, 1, false);
		free(mem);
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

int64_t atom_value(const struct model *m, int a, int key);

/* The true value of sum(members) - sum(totals) in atom a. */
static int64_t ksum_residual(const struct model *m, int a, const struct ksum *s)
{
	int64_t v = 0;
	for (int i = 0; i < s->n + s->nt; i++)
		v += (i < s->n ? 1 : -1) * atom_value(m, a, s->key[i]);
	return v;
}

static void unrecorded_row(struct model *m, int a, const struct report *r, struct ksums *ks);

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
	unrecorded_row(m, a, r, &ks);
	m->sums[a] = ks.s;
	m->nsums[a] = ks.n;
}

/* Reads every atom's values and sums. */
/* The two-way tables: each (table, row indicator, column indicator). The
 * people whose row field is not recorded are in no group of the table but
 * are in the column indicator: the reader knows them as an unpublished row
 * ("table@~:code", "table@~#missing"), as real a count as any other. */
static const char *const tables[][3] = {
	{ "sex_by_education", "education", "sex" },
	{ "education_by_occupation", "occupation_sector", "education" },
	/* The factsheet's figures (issue 12). The pyramid is a two-way table
	 * like the others: age bands are its rows, sexes its columns; people
	 * with no age (none, by the import rules) would be its unrecorded row.
	 * The trend (returns_by_month: months = n, n + missing = returns) gets
	 * its sums from the engine like any indicator; a month's key is 0 in
	 * every atom outside that month. The map publishes no cell of its own:
	 * a point's circle is its registration_point category. */
	{ "sex_by_age_band", "age_band", "sex" },
};

static void name_unrecorded(struct model *m, const struct report *r)
{
	char key[200];
	for (size_t t = 0; t < ARRAY_SIZE(tables); t++) {
		const struct rindicator *ci = report_find(r, tables[t][2]);
		for (int c = 0; ci && c < ci->ncat; c++) {
			snprintf(key, sizeof(key), "%s@~:%s", tables[t][0], ci->cat[c].code);
			key_id(&m->keys, key, true);
		}
		snprintf(key, sizeof(key), "%s@~#missing", tables[t][0]);
		key_id(&m->keys, key, true);
	}
}

/* The unpublished row's values in atom a, and the three sums it is in:
 * each column with it adds up to the column indicator's category; its
 * categories and missing add up to the row indicator's missing; the
 * groups' missing with it add up to the column indicator's missing. */
static void unrecorded_row(struct model *m, int a, const struct report *r, struct ksums *ks)
{
	char key[200];
	for (size_t t = 0; t < ARRAY_SIZE(tables); t++) {
		const char *tid = tables[t][0];
		const struct rindicator *ti = report_find(r, tid), *ci = report_find(r, tables[t][2]);
		if (!ti || !ci)
			continue;
		int *mem = xmalloc(((size_t)ti->ngroup + (size_t)ci->ncat + 2) * sizeof(int));
		int64_t row_sum = 0;
		snprintf(key, sizeof(key), "%s@~#missing", tid);
		int corner = key_id(&m->keys, key, false);
		int nu = 0;
		int *ukeys = xmalloc(((size_t)ci->ncat + 2) * sizeof(int));
		for (int c = 0; c < ci->ncat; c++) {
			snprintf(key, sizeof(key), "%s@~:%s", tid, ci->cat[c].code);
			int u = key_id(&m->keys, key, false);
			int n = 0;
			int64_t in_groups = 0;
			for (int g = 0; g < ti->ngroup; g++)
				for (int k = 0; k < ti->group[g].ncat; k++)
					if (!strcmp(ti->group[g].cat[k].code, ci->cat[c].code)) {
						mem[n++] = rkey(m, r, ti->group[g].cat[k].cell);
						in_groups += r->cell[ti->group[g].cat[k].cell].value;
					}
			int64_t v = r->cell[ci->cat[c].cell].value - in_groups;
			if (u < 0 || u >= m->nval_keys || v < 0)
				continue;
			m->val[a][u] = v;
			row_sum += v;
			mem[n++] = u;
			int total = rkey(m, r, ci->cat[c].cell);
			add_ksum(ks, mem, n, &total, 1, false);
			ukeys[nu++] = u;
		}
		const struct rindicator *ri = report_find(r, tables[t][1]);
		if (ri && corner >= 0 && corner < m->nval_keys) {
			int64_t v = r->cell[ri->missing_cell].value - row_sum;
			if (v >= 0) {
				m->val[a][corner] = v;
				ukeys[nu++] = corner;
				int total = rkey(m, r, ri->missing_cell);
				add_ksum(ks, ukeys, nu, &total, 1, false);
				int n = 0;
				for (int g = 0; g < ti->ngroup; g++)
					mem[n++] = rkey(m, r, ti->group[g].missing_cell);
				mem[n++] = corner;
				int cm = rkey(m, r, ci->missing_cell);
				add_ksum(ks, mem, n, &cm, 1, false);
			}
		}
		free(ukeys);
		free(mem);
	}
}

void load_atoms(struct model *m, const struct report_opts *o)
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
				name_unrecorded(m, &ar[a]);
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

int64_t atom_value(const struct model *m, int a, int key)
{
	return m->val[a] && key < m->nval_keys ? m->val[a][key] : 0;
}

/* Today's value of a key over a set of atoms. */
int64_t current_value(const struct model *m, int key, int pmask, int omask, int s0, int s1)
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

int set_of(const struct vocab *v, int list, const char *code)
{
	if (!code)
		return ATOMS_ALL;
	int p = vocab_pos(v, list, code, strlen(code));
	return p >= 0 ? p : -2;    /* -2: a code no longer in the list: no atoms */
}

int segment_at(const int *bound, int nb, int month)
{
	for (int s = 0; s + 1 < nb; s++)
		if (bound[s] == month)
			return s;
	return -1;
}

void add_new_output(struct model *m, const struct report_opts *o, const char *program,
		    const char *office, int s0, int s1)
{
	struct output *out = &m->out[m->nout];
	memset(out, 0, sizeof(*out));
	out->pmask = set_of(m->v, VL_PROGRAM, program);
	out->omask = set_of(m->v, VL_OFFICE, office);
	out->s0 = s0;
	out->s1 = s1;
	out->is_new = true;
	struct report_opts so = *o;
	so.program = program;
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

void add_edition(struct model *m, const struct pub_edition *ed, int s0, int s1, bool to_date)
{
	struct output *out = &m->out[m->nout];
	memset(out, 0, sizeof(*out));
	out->pmask = set_of(m->v, VL_PROGRAM, ed->program);
	out->omask = set_of(m->v, VL_OFFICE, ed->office);
	out->s0 = s0;
	out->s1 = s1;
	out->first = m->ncell;
	size_t np = strlen(PROTECT_TO_DATE);
	for (int c = 0; c < ed->ncell; c++) {
		const char *key = ed->cell[c].key;
		if (!strncmp(key, PROTECT_TO_DATE, np) != to_date)
			continue;   /* the other part of a monthly edition */
		if (to_date)
			key += np;
		struct pcell pc = { 0 };
		pc.key = atom_key(m, key, out->pmask, &pc.pmask);
		pc.out = m->nout;
		pc.value = ed->cell[c].value;
		pc.hidden = ed->cell[c].suppressed;
		pc.mentions = is_mentions(key);
		pc.rcell = -1;
		pc.delta = -1;
		add_pcell(m, &pc);
	}
	out->n = m->ncell - out->first;
	m->nout++;
}

bool edition_has_to_date(const struct pub_edition *ed)
{
	size_t np = strlen(PROTECT_TO_DATE);
	for (int c = 0; c < ed->ncell; c++)
		if (!strncmp(ed->cell[c].key, PROTECT_TO_DATE, np))
			return true;
	return false;
}

/* For every key, the keys it shares a sum with inside some atom. */
void relate_keys(struct model *m)
{
	int nk = m->keys.n;
	m->rel = xcalloc((size_t)nk + 1, sizeof(int *));
	m->nrel = xcalloc((size_t)nk + 1, sizeof(int));
	int *alloc = xcalloc((size_t)nk + 1, sizeof(int));
	struct hset seen = { 0 };
	for (int a = 0; a < natoms(m); a++)
		for (int i = 0; m->val[a] && i < m->nsums[a]; i++) {
			const struct ksum *s = &m->sums[a][i];
			int n = s->n + s->nt;
			int *all = xmalloc((size_t)n * sizeof(int));
			memcpy(all, s->key, (size_t)n * sizeof(int));
			qsort(all, (size_t)n, sizeof(int), cmp_int);
			if (hset_add(&seen, hash_ints(all, n))) {
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
	free(seen.slot);
}

bool related(const struct model *m, int a, int b)
{
	if (a == b)
		return true;
	return a < m->keys.n && bsearch(&b, m->rel[a], (size_t)m->nrel[a], sizeof(int), cmp_int);
}

/* Numbers every key by its indicator: the id before '@', ':' or '#'. */
void key_families(struct model *m)
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

/* ---- a set of 64-bit hashes ---- */

uint64_t hash_ints(const int *v, int n)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)n;
	for (int i = 0; i < n; i++)
		h = (h ^ (uint64_t)(unsigned)v[i]) * 1099511628211ULL;
	return h | 1;
}

bool hset_add(struct hset *s, uint64_t h)
{
	if ((s->n + 1) * 2 > s->alloc) {
		size_t na = s->alloc ? s->alloc * 2 : 4096;
		uint64_t *slot = xcalloc(na, sizeof(uint64_t));
		for (size_t i = 0; i < s->alloc; i++) {
			if (!s->slot[i])
				continue;
			size_t j = (size_t)(s->slot[i] & (na - 1));
			while (slot[j])
				j = (j + 1) & (na - 1);
			slot[j] = s->slot[i];
		}
		free(s->slot);
		s->slot = slot;
		s->alloc = na;
	}
	size_t j = (size_t)(h & (s->alloc - 1));
	while (s->slot[j]) {
		if (s->slot[j] == h)
			return true;
		j = (j + 1) & (s->alloc - 1);
	}
	s->slot[j] = h;
	s->n++;
	return false;
}

int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

