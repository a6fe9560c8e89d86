/* engine.c: computes every indicator of spec/report.md in one scan of the
 * cases; see report.h. */
#include "report.h"
#include "../core/clock.h"
#include "../core/parse.h"
#include "../domain/fields.h"
#include "engine_impl.h"


/* The static category spaces that are not code lists. */
static const char *const factsheet_bands[] = { "0_4", "5_12", "13_17", "18_45", "46_59", "60_plus" };
static const int factsheet_upper[] = { 4, 12, 17, 45, 59, 1000 };
static const char *const sadd_bands[] = { "0_4", "5_11", "12_17", "18_59", "60_plus" };
static const int sadd_upper[] = { 4, 11, 17, 59, 1000 };
static const char *const no_ed_groups[] = { "under_5", "age_5_17", "adult" };
static const char *const family_cats[] = { "age_0_17", "under_13" };

static void tally_init(struct tally *t, int nc)
{
	t->nc = nc;
	t->c = xcalloc((size_t)nc + 1, sizeof(int64_t));
	t->missing = 0;
}

static void tally2_init(struct tally2 *t, int ng, int nc)
{
	t->ng = ng;
	t->nc = nc;
	t->c = xcalloc(st_mult((size_t)ng, (size_t)nc) + 1, sizeof(int64_t));
	t->gmissing = xcalloc((size_t)ng + 1, sizeof(int64_t));
	t->missing = 0;
}

/* n cases in category pos (or missing). */
static void tally_add(struct tally *t, int pos, int64_t n)
{
	if (pos < 0)
		t->missing += n;
	else
		t->c[pos] += n;
}

static void tally2_add(struct tally2 *t, int g, int c, int64_t n)
{
	if (g < 0)
		t->missing += n;
	else if (c < 0)
		t->gmissing[g] += n;
	else
		t->c[(size_t)g * (size_t)t->nc + (size_t)c] += n;
}

/* Position of the row's code in list, or -1 when not recorded (or unknown). */
static int pos_of(const struct engine *e, const struct case_values *cv, int f, int list)
{
	if (!cv->v[f])
		return -1;
	return vocab_pos(e->v, list, cv->v[f], cv->len[f]);
}

static void mtally_add(struct engine *e, struct mtally *m, const struct case_values *cv, int f,
		       int64_t n_cases)
{
	if (!cv->v[f]) {
		m->t.missing += n_cases;
		return;
	}
	m->n += n_cases;
	const char *s = cv->v[f];
	size_t len = cv->len[f], i = 0;
	while (i < len) {
		const char *end = memchr(s + i, ' ', len - i);
		size_t n = end ? (size_t)(end - (s + i)) : len - i;
		int p = vocab_pos(e->v, field_defs[f].list, s + i, n);
		if (p >= 0) {
			m->t.c[p] += n_cases;
			if (p != m->none_pos)
				m->mentions += n_cases;
		}
		i += n + 1;
	}
}

static int age_of(const struct case_values *cv, int age)
{
	rt_date b, reg;
	if (cv->v[F_BIRTH_DATE] && cv->v[F_REGISTRATION_DATE] &&
	    !parse_date(cv->v[F_BIRTH_DATE], cv->len[F_BIRTH_DATE], &b) &&
	    !parse_date(cv->v[F_REGISTRATION_DATE], cv->len[F_REGISTRATION_DATE], &reg))
		return years_between(b, reg);
	return age;
}

static bool is(const struct case_values *cv, int f, const char *code)
{
	size_t n = strlen(code);
	return cv->v[f] && cv->len[f] == n && !memcmp(cv->v[f], code, n);
}

void engine_count_registration(struct engine *e, int point, int month, int64_t count)
{
	e->reg_month.c[(size_t)point * (size_t)e->reg_month.nc + (size_t)month] += count;
	if (month < e->month_min)
		e->month_min = month;
	if (month > e->month_max)
		e->month_max = month;
}

/* The month number (protect.h) of a "YYYY-MM-DD" date, or -1. */
int report_date_month(const char *date, size_t len)
{
	/* the store holds only dates that parse_date accepted */
	if (!date || len != 10)
		return -1;
	int y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
	int m = (date[5] - '0') * 10 + (date[6] - '0');
	return y * 12 + (m - 1);
}

static int on_registration(void *ctx, const struct store_registration *reg)
{
	struct engine *e = ctx;
	int p = reg->point ? vocab_pos(e->v, VL_REGISTRATION_POINT, reg->point, reg->point_len) : -1;
	int month = report_date_month(reg->date, reg->date_len) - 1900 * 12;
	if (p < 0 || month < 0 || month >= NMONTHS)
		return 0;
	engine_count_registration(e, p, month, reg->n);
	return 0;
}

static int band_of(const struct engine *e, int age)
{
	for (int b = 0; age >= 0 && b < e->nbands; b++)
		if (age <= e->band_upper[b])
			return b;
	return -1;
}

/* The pyramid's rows: the age bands, except that the factsheet's two oldest
 * (46-59, 60 and over: a few per cent of the people) are one row, 46 and
 * over -- as two rows they would be mostly small cells, and protecting them
 * would hide far more than they show. */
static const char *const pyramid_factsheet_rows[] = { "0_4", "5_12", "13_17", "18_45", "46_plus" };

static int pyramid_rows(const struct engine *e, const char *const **rows)
{
	if (e->bands == factsheet_bands) {
		*rows = pyramid_factsheet_rows;
		return (int)ARRAY_SIZE(pyramid_factsheet_rows);
	}
	*rows = e->bands;
	return e->nbands;
}

static int pyramid_row_of(const struct engine *e, int band)
{
	const char *const *rows;
	int n = pyramid_rows(e, &rows);
	return band < 0 ? -1 : band < n ? band : n - 1;
}

/* n returned cases with these values (the store selects them by status,
 * programme, office and departure date), carrying the values of `parts`
 * (STORE_RP_*: SQLite passes each case whole, PostgreSQL each part of a
 * combination once). Each tally is fed by one part only, which carries
 * every value it reads: what a grouping backend passes is exactly this
 * (store.h, store_return_fn). The age is compared only with the limits of
 * STORE_AGE_CLASSES (engine_init() checks the bands). */
int engine_on_return(void *ctx, const struct case_values *cv, int age_column, int64_t n,
		     unsigned parts)
{
	struct engine *e = ctx;
	int age = age_of(cv, age_column);
	if (e->track && is(cv, F_PROGRAM, e->track)) {
		if (parts & STORE_RP_PEOPLE) {
			e->track_returns += n;
			tally_add(&e->track_age, band_of(e, age), n);
			tally_add(&e->track_transport,
				  pos_of(e, cv, F_TRANSPORT_MODE, VL_TRANSPORT_MODE), n);
		}
		if (parts & STORE_RP_PROFILE)
			tally_add(&e->track_sex, pos_of(e, cv, F_SEX, VL_SEX), n);
		if (parts & STORE_RP_ORIGIN)
			tally_add(&e->track_nationality, pos_of(e, cv, F_NATIONALITY, VL_COUNTRY), n);
		return 0;
	}
	int office = pos_of(e, cv, F_OFFICE, VL_OFFICE);
	if (parts & STORE_RP_PEOPLE) {
		e->returns += n;
		bool umc = is(cv, F_UNACCOMPANIED_MINOR, "yes");
		if (umc)
			e->umc += n;
		if (age < 0) {
			e->age_unknown += n;
		} else if (age < 18) {
			e->minors += n;
			if (!umc)
				e->accompanied += n;
		} else {
			e->adults += n;
		}
		int transport = pos_of(e, cv, F_TRANSPORT_MODE, VL_TRANSPORT_MODE);
		tally_add(&e->transport, transport, n);
		if (umc)
			tally_add(&e->umc_transport, transport, n);
		tally_add(&e->age_band, band_of(e, age), n);
		/* returns by month: every return has a departure date (the store
		 * selects by it; a grouping backend passes its month's first day) */
		int dm = report_date_month(cv->v[F_DEPARTURE_DATE], cv->len[F_DEPARTURE_DATE]) -
			 1900 * 12;
		tally_add(&e->ret_month, dm >= 0 && dm < NMONTHS ? dm : -1, n);
		int tw = pos_of(e, cv, F_TRAVELLING_WITH, VL_TRAVELLING_WITH);
		tally_add(&e->travelling_with, tw, n);
		if (tw >= 0 && (tw == e->first_degree || tw == e->other_relatives)) {
			e->fam_n += n;
			if (age >= 0 && age < 18)
				e->fam_minor += n;
			if (age >= 0 && age < 13)
				e->fam_u13 += n;
		}
	}
	if (parts & STORE_RP_PROFILE) {
		int sex = pos_of(e, cv, F_SEX, VL_SEX);
		tally_add(&e->sex, sex, n);
		tally2_add(&e->sex_by_age, pyramid_row_of(e, band_of(e, age)), sex, n);
		int edu = pos_of(e, cv, F_EDUCATION, VL_EDUCATION);
		tally_add(&e->education, edu, n);
		tally2_add(&e->sex_by_edu, edu, sex, n);
		if (edu >= 0 && edu == e->none_edu) {
			tally_add(&e->no_ed_age, age < 0 ? -1 : age < 5 ? 0 : age < 18 ? 1 : 2, n);
			if (age >= 18)
				tally_add(&e->no_ed_adult_sex, sex, n);
		}
		int occ = pos_of(e, cv, F_OCCUPATION_SECTOR, VL_OCCUPATION_SECTOR);
		tally_add(&e->occupation, occ, n);
		tally2_add(&e->edu_by_occ, occ, edu, n);
	}
	if (parts & STORE_RP_PLACE) {
		tally2_add(&e->point_by_office, office,
			   pos_of(e, cv, F_REGISTRATION_POINT, VL_REGISTRATION_POINT), n);
		tally2_add(&e->country_by_office, office,
			   pos_of(e, cv, F_COUNTRY_OF_RETURN, VL_COUNTRY), n);
	}
	if (parts & STORE_RP_ORIGIN) {
		tally_add(&e->nationality, pos_of(e, cv, F_NATIONALITY, VL_COUNTRY), n);
		int mstatus = pos_of(e, cv, F_MIGRATION_STATUS, VL_MIGRATION_STATUS);
		tally_add(&e->migration_status, mstatus, n);
		if (mstatus == e->irregular && mstatus >= 0)
			tally_add(&e->irregular_office, office, n);
	}
	if (!cv->v[F_SURVEY_DATE])
		return 0;
	if (parts & STORE_RP_SURVEY)
		e->survey += n;
	if (parts & STORE_RP_HEALTH)
		tally_add(&e->health_self,
			  pos_of(e, cv, F_HEALTH_SELF_PERCEIVED, VL_HEALTH_SELF_PERCEIVED), n);
	if (parts & STORE_RP_SCREENING)
		mtally_add(e, &e->screening, cv, F_HEALTH_SCREENING, n);
	if (parts & STORE_RP_JOURNEY)
		mtally_add(e, &e->journey, cv, F_JOURNEY_CONDITIONS, n);
	if (parts & STORE_RP_ABUSES)
		mtally_add(e, &e->abuses, cv, F_ABUSES, n);
	if (parts & STORE_RP_MIGRATION_REASONS)
		mtally_add(e, &e->mig_reasons, cv, F_MIGRATION_REASONS, n);
	if (parts & STORE_RP_RETURN_REASONS)
		mtally_add(e, &e->ret_reasons, cv, F_RETURN_REASONS, n);
	if (parts & STORE_RP_RETURN_PLANS)
		mtally_add(e, &e->plans, cv, F_RETURN_PLANS, n);
	if (parts & STORE_RP_REGULARIZATION) {
		int reg = pos_of(e, cv, F_REGULARIZATION_STARTED, VL_YES_NO);
		tally_add(&e->regularization, reg, n);
		if (reg >= 0 && reg == e->yes)
			tally_add(&e->exit_reason,
				  pos_of(e, cv, F_MEXICO_EXIT_REASON, VL_MEXICO_EXIT_REASON), n);
	}
	return 0;
}

/* ---- building the result ---- */

static int cell(struct report *r, int64_t value)
{
	if (r->ncell == r->alloc_cell) {
		r->alloc_cell = r->alloc_cell ? r->alloc_cell * 2 : 1024;
		r->cell = xrealloc(r->cell, st_mult((size_t)r->alloc_cell, sizeof(*r->cell)));
	}
	r->cell[r->ncell].value = value;
	r->cell[r->ncell].suppressed = false;
	return r->ncell++;
}

static void add_sum(struct report *r, int total, const int *member, int n)
{
	if (n == 0)
		return;
	if (r->nsum == r->alloc_sum) {
		r->alloc_sum = r->alloc_sum ? r->alloc_sum * 2 : 256;
		r->sum = xrealloc(r->sum, st_mult((size_t)r->alloc_sum, sizeof(*r->sum)));
	}
	struct rsum *s = &r->sum[r->nsum++];
	s->total = total;
	s->nmember = n;
	s->member = xmalloc(st_mult((size_t)n, sizeof(int)));
	memcpy(s->member, member, (size_t)n * sizeof(int));
}

static void sum2(struct report *r, int total, int a, int b)
{
	int m[2] = { a, b };
	add_sum(r, total, m, 2);
}

static struct rindicator *indicator(struct engine *e, const char *id, const char *population,
				    enum rkind kind)
{
	assert(*e->ndest < e->cap);
	struct rindicator *ind = &e->dest[(*e->ndest)++];
	memset(ind, 0, sizeof(*ind));
	ind->id = id;
	ind->label = report_text(e->o->lang, id);
	ind->population = population;
	ind->population_label = report_text(e->o->lang, population);
	ind->kind = kind;
	ind->value_cell = ind->n_cell = ind->missing_cell = ind->mentions_cell = -1;
	return ind;
}

static int value_indicator(struct engine *e, const char *id, int64_t value)
{
	struct rindicator *ind = indicator(e, id, "returns", RK_VALUE);
	ind->value_cell = cell(e->r, value);
	return ind->value_cell;
}

/* A category space: a code list, or one of the static lists above. */
struct space {
	int list;                  /* VL_*, or VL_NONE */
	const char *const *codes;  /* static codes when list == VL_NONE */
	int n;
};

static struct space list_space(const struct engine *e, int list)
{
	struct space s = { list, NULL, e->v->count[list] };
	return s;
}

static struct space static_space(const char *const *codes, int n)
{
	struct space s = { VL_NONE, codes, n };
	return s;
}

static void code_and_label(const struct engine *e, const struct space *sp, int pos,
			   const char **code, const char **label)
{
	if (sp->list != VL_NONE) {
		const struct vocab_item *it = vocab_at(e->v, sp->list, pos);
		*code = it->code;
		*label = it->label[e->o->lang];
	} else {
		*code = sp->codes[pos];
		*label = report_text(e->o->lang, sp->codes[pos]);
	}
}

static int by_count(const void *pa, const void *pb, void *report)
{
	const struct rcat *a = pa, *b = pb;
	const struct rcell *cell = ((const struct report *)report)->cell;
	int64_t ca = cell[a->cell].value, cb = cell[b->cell].value;
	if (ca != cb)
		return ca > cb ? -1 : 1;
	return strcmp(a->code, b->code);
}

/* Makes the categories of counts c[0..sp->n) (zeros left out unless
 * keep_zero); fills cells_by_pos[pos] with each category's cell or -1. */
static struct rcat *make_cats(struct engine *e, const struct space *sp, const int64_t *c,
			      bool keep_zero, bool chronological, int *ncat, int *cells_by_pos,
			      int none_pos)
{
	struct rcat *cat = xcalloc((size_t)sp->n + 1, sizeof(*cat));
	int k = 0;
	for (int p = 0; p < sp->n; p++) {
		if (cells_by_pos)
			cells_by_pos[p] = -1;
		if (!c[p] && !keep_zero)
			continue;
		code_and_label(e, sp, p, &cat[k].code, &cat[k].label);
		cat[k].cell = cell(e->r, c[p]);
		cat[k].is_none = p == none_pos;
		cat[k].order = p;
		if (cells_by_pos)
			cells_by_pos[p] = cat[k].cell;
		k++;
	}
	if (!chronological)
		qsort_r(cat, (size_t)k, sizeof(*cat), by_count, e->r);
	*ncat = k;
	return cat;
}

static void cat_cells(const struct rcat *cat, int n, int *out)
{
	for (int i = 0; i < n; i++)
		out[i] = cat[i].cell;
}

/* A categories indicator over a tally: n, missing, and the sums
 * categories = n and n + missing = population. */
static struct rindicator *cats_indicator(struct engine *e, const char *id, const char *population,
					 const struct space *sp, const struct tally *t, int pop_cell,
					 int *cells_by_pos)
{
	struct report *r = e->r;
	struct rindicator *ind = indicator(e, id, population, RK_CATEGORIES);
	int64_t n = 0;
	for (int p = 0; p < sp->n; p++)
		n += t->c[p];
	ind->cat = make_cats(e, sp, t->c, false, false, &ind->ncat, cells_by_pos, -1);
	ind->n_cell = cell(r, n);
	ind->missing_cell = cell(r, t->missing);
	int *m = xmalloc(((size_t)ind->ncat + 1) * sizeof(int));
	cat_cells(ind->cat, ind->ncat, m);
	add_sum(r, ind->n_cell, m, ind->ncat);
	free(m);
	if (pop_cell >= 0)
		sum2(r, pop_cell, ind->n_cell, ind->missing_cell);
	return ind;
}

static void multi_indicator(struct engine *e, const char *id, int list, struct mtally *mt,
			    int survey_cell)
{
	struct report *r = e->r;
	struct space sp = list_space(e, list);
	struct rindicator *ind = indicator(e, id, "survey", RK_CATEGORIES);
	ind->multi = true;
	ind->cat = make_cats(e, &sp, mt->t.c, false, false, &ind->ncat, NULL, mt->none_pos);
	ind->n_cell = cell(r, mt->n);
	ind->missing_cell = cell(r, mt->t.missing);
	ind->mentions_cell = cell(r, mt->mentions);
	sum2(r, survey_cell, ind->n_cell, ind->missing_cell);
	int *m = xmalloc(((size_t)ind->ncat + 1) * sizeof(int));
	int k = 0;
	for (int i = 0; i < ind->ncat; i++)
		if (!ind->cat[i].is_none)
			m[k++] = ind->cat[i].cell;
	add_sum(r, ind->mentions_cell, m, k);
	free(m);
}

/* A breakdown: one group per group-space position with data. group_total[g]
 * (or -1) is the cell the group's n + missing must equal; col_total[c] (or
 * -1) the cell each category column adds up to. n_cells (optional) gives
 * cells to use as each group's n (shared between indicators). */
static struct rindicator *groups_indicator(struct engine *e, const char *id, const char *population,
					   const char *by, const struct space *gs,
					   const struct space *cs, const struct tally2 *t,
					   const int *group_total, const int *col_total,
					   int *n_cells, bool keep_zero, bool chronological,
					   int first_cat)
{
	struct report *r = e->r;
	struct rindicator *ind = indicator(e, id, population, RK_GROUPS);
	ind->by = by;
	ind->chronological = chronological;
	ind->group = xcalloc((size_t)gs->n + 1, sizeof(*ind->group));
	int **col = xcalloc((size_t)cs->n + 1, sizeof(int *));
	int *ncol = xcalloc((size_t)cs->n + 1, sizeof(int));
	int *bypos = xmalloc(((size_t)cs->n + 1) * sizeof(int));
	for (int g = 0; g < gs->n; g++) {
		const int64_t *row = t->c + (size_t)g * (size_t)t->nc + first_cat;
		int64_t n = 0;
		for (int c = 0; c < cs->n; c++)
			n += row[c];
		if (n == 0 && t->gmissing[g] == 0)
			continue;
		struct rgroup *gr = &ind->group[ind->ngroup++];
		code_and_label(e, gs, g, &gr->code, &gr->label);
		gr->cat = make_cats(e, cs, row, keep_zero, chronological, &gr->ncat, bypos, -1);
		if (n_cells && n_cells[g] >= 0) {
			gr->n_cell = n_cells[g];
		} else {
			gr->n_cell = cell(r, n);
			if (n_cells)
				n_cells[g] = gr->n_cell;
		}
		gr->missing_cell = cell(r, t->gmissing[g]);
		int *m = xmalloc(((size_t)gr->ncat + 1) * sizeof(int));
		cat_cells(gr->cat, gr->ncat, m);
		add_sum(r, gr->n_cell, m, gr->ncat);
		free(m);
		if (group_total && group_total[g] >= 0)
			sum2(r, group_total[g], gr->n_cell, gr->missing_cell);
		for (int c = 0; c < cs->n; c++) {
			if (bypos[c] < 0)
				continue;
			col[c] = xrealloc(col[c], ((size_t)ncol[c] + 1) * sizeof(int));
			col[c][ncol[c]++] = bypos[c];
		}
	}
	for (int c = 0; c < cs->n; c++) {
		if (col_total && col_total[c] >= 0)
			add_sum(r, col_total[c], col[c], ncol[c]);
		free(col[c]);
	}
	free(col);
	free(ncol);
	free(bypos);
	return ind;
}

void engine_build(struct engine *e)
{
	struct report *r = e->r;
	const struct vocab *v = e->v;
	r->ind = xcalloc(REPORT_MAX_INDICATORS, sizeof(*r->ind));
	e->dest = r->ind;
	e->ndest = &r->nind;
	e->cap = REPORT_MAX_INDICATORS;
	int nv[VL_COUNT];
	for (int l = 0; l < VL_COUNT; l++)
		nv[l] = v->count[l];
	int *edu_cells = xmalloc(((size_t)nv[VL_EDUCATION] + 1) * sizeof(int));
	int *sex_cells = xmalloc(((size_t)nv[VL_SEX] + 1) * sizeof(int));
	int *occ_cells = xmalloc(((size_t)nv[VL_OCCUPATION_SECTOR] + 1) * sizeof(int));
	int *ms_cells = xmalloc(((size_t)nv[VL_MIGRATION_STATUS] + 1) * sizeof(int));
	int *tw_cells = xmalloc(((size_t)nv[VL_TRAVELLING_WITH] + 1) * sizeof(int));
	int *yn_cells = xmalloc(((size_t)nv[VL_YES_NO] + 1) * sizeof(int));
	int *office_n = xmalloc(((size_t)nv[VL_OFFICE] + 1) * sizeof(int));
	int noed_cells[3], band_cells[6];
	for (int i = 0; i < nv[VL_OFFICE]; i++)
		office_n[i] = -1;

	/* headline values: minors = unaccompanied + accompanied */
	int R = value_indicator(e, "returns_total", e->returns);
	int U = value_indicator(e, "umc_total", e->umc);
	int M = value_indicator(e, "minors_total", e->minors);
	int A = value_indicator(e, "children_accompanied", e->accompanied);
	sum2(r, M, U, A);

	struct space offices = list_space(e, VL_OFFICE);
	struct space points = list_space(e, VL_REGISTRATION_POINT);
	struct space countries = list_space(e, VL_COUNTRY);
	groups_indicator(e, "registration_point", "returns", "office", &offices, &points,
			 &e->point_by_office, NULL, NULL, office_n, false, false, 0);
	groups_indicator(e, "country_of_return", "returns", "office", &offices, &countries,
			 &e->country_by_office, NULL, NULL, office_n, false, false, 0);
	{
		/* the offices' returns add up to all returns (offices are extensible: no fixed array) */
		int *m = xmalloc(((size_t)nv[VL_OFFICE] + 1) * sizeof(int)), k = 0;
		for (int i = 0; i < nv[VL_OFFICE]; i++)
			if (office_n[i] >= 0)
				m[k++] = office_n[i];
		add_sum(r, R, m, k);
		free(m);
	}
	struct space sp = list_space(e, VL_TRANSPORT_MODE);
	cats_indicator(e, "transport_mode", "returns", &sp, &e->transport, R, NULL);
	cats_indicator(e, "umc_transport_mode", "umc_returns", &sp, &e->umc_transport, U, NULL);
	cats_indicator(e, "nationality", "returns", &countries, &e->nationality, R, NULL);
	sp = list_space(e, VL_SEX);
	cats_indicator(e, "sex", "returns", &sp, &e->sex, R, sex_cells);
	sp = static_space(e->bands, e->nbands);
	cats_indicator(e, "age_band", "returns", &sp, &e->age_band, R, band_cells);
	{
		/* the three child bands add up to minors_total */
		int m[3], k = 0;
		for (int b = 0; b < 3; b++)
			if (band_cells[b] >= 0)
				m[k++] = band_cells[b];
		add_sum(r, M, m, k);
	}
	sp = list_space(e, VL_MIGRATION_STATUS);
	cats_indicator(e, "migration_status", "returns", &sp, &e->migration_status, R, ms_cells);
	cats_indicator(e, "irregular_by_office", "irregular_returns", &offices, &e->irregular_office,
		       e->irregular >= 0 ? ms_cells[e->irregular] : -1, NULL);
	sp = list_space(e, VL_EDUCATION);
	cats_indicator(e, "education", "returns", &sp, &e->education, R, edu_cells);
	struct space sexes = list_space(e, VL_SEX), edus = list_space(e, VL_EDUCATION);
	groups_indicator(e, "sex_by_education", "returns", "education", &edus, &sexes,
			 &e->sex_by_edu, edu_cells, sex_cells, NULL, false, false, 0);
	sp = static_space(no_ed_groups, 3);
	cats_indicator(e, "no_education_age_group", "no_education_returns", &sp, &e->no_ed_age,
		       e->none_edu >= 0 ? edu_cells[e->none_edu] : -1, noed_cells);
	cats_indicator(e, "no_education_adult_sex", "no_education_adults", &sexes,
		       &e->no_ed_adult_sex, noed_cells[2], NULL);
	sp = list_space(e, VL_OCCUPATION_SECTOR);
	cats_indicator(e, "occupation_sector", "returns", &sp, &e->occupation, R, occ_cells);
	struct space occs = list_space(e, VL_OCCUPATION_SECTOR);
	groups_indicator(e, "education_by_occupation", "returns", "occupation_sector", &occs, &edus,
			 &e->edu_by_occ, occ_cells, edu_cells, NULL, false, false, 0);
	sp = list_space(e, VL_TRAVELLING_WITH);
	cats_indicator(e, "travelling_with", "returns", &sp, &e->travelling_with, R, tw_cells);
	{
		struct rindicator *ind = indicator(e, "family_minors", "family_returns", RK_CATEGORIES);
		struct space fs = static_space(family_cats, 2);
		int64_t c[2] = { e->fam_minor, e->fam_u13 };
		ind->cat = make_cats(e, &fs, c, false, false, &ind->ncat, NULL, -1);
		ind->n_cell = cell(r, e->fam_n);
		ind->missing_cell = cell(r, 0);
		int m[2], k = 0;
		if (e->first_degree >= 0 && tw_cells[e->first_degree] >= 0)
			m[k++] = tw_cells[e->first_degree];
		if (e->other_relatives >= 0 && tw_cells[e->other_relatives] >= 0)
			m[k++] = tw_cells[e->other_relatives];
		add_sum(r, ind->n_cell, m, k);
	}
	int S;
	{
		struct rindicator *ind = indicator(e, "survey_coverage", "returns", RK_VALUE);
		S = ind->value_cell = cell(r, e->survey);
		ind->n_cell = R;
	}
	sp = list_space(e, VL_HEALTH_SELF_PERCEIVED);
	cats_indicator(e, "health_self_perceived", "survey", &sp, &e->health_self, S, NULL);
	multi_indicator(e, "health_screening", VL_HEALTH_SCREENING, &e->screening, S);
	multi_indicator(e, "journey_conditions", VL_JOURNEY_CONDITIONS, &e->journey, S);
	multi_indicator(e, "abuses", VL_ABUSES, &e->abuses, S);
	multi_indicator(e, "migration_reasons", VL_MIGRATION_REASONS, &e->mig_reasons, S);
	multi_indicator(e, "return_reasons", VL_RETURN_REASONS, &e->ret_reasons, S);
	sp = list_space(e, VL_YES_NO);
	cats_indicator(e, "regularization_started", "survey", &sp, &e->regularization, S, yn_cells);
	sp = list_space(e, VL_MEXICO_EXIT_REASON);
	cats_indicator(e, "mexico_exit_reason", "survey_regularization", &sp, &e->exit_reason,
		       e->yes >= 0 ? yn_cells[e->yes] : -1, NULL);
	multi_indicator(e, "return_plans", VL_RETURN_PLANS, &e->plans, S);

	/* registrations by month: months from the first to the last, zeros kept */
	{
		int first = e->month_min <= e->month_max ? e->month_min : 0;
		int n = e->month_min <= e->month_max ? e->month_max - e->month_min + 1 : 0;
		char **codes = xcalloc((size_t)n + 1, sizeof(char *));
		for (int i = 0; i < n; i++) {
			codes[i] = xmalloc(24);
			snprintf(codes[i], 24, "%04d-%02d", 1900 + (first + i) / 12, (first + i) % 12 + 1);
		}
		r->owned = codes;
		r->nowned = n;
		struct space ms = static_space((const char *const *)codes, n);
		groups_indicator(e, "registrations_by_month", "registrations", "registration_point",
				 &points, &ms, &e->reg_month, NULL, NULL, NULL, true, true, first);
	}
	/* ---- the factsheet's figures (issue 12): the trend, the pyramid, the map ---- */
	{
		/* returns by departure month, from the first month with returns to
		 * the last, zeros kept: the months add up to n, n + missing to the returns */
		const struct tally *t = &e->ret_month;
		int first = -1, last = -1;
		for (int i = 0; i < t->nc; i++)
			if (t->c[i]) {
				if (first < 0)
					first = i;
				last = i;
			}
		int n = first < 0 ? 0 : last - first + 1;
		r->owned = xrealloc(r->owned, st_mult((size_t)r->nowned + (size_t)n + 1, sizeof(char *)));
		char **codes = r->owned + r->nowned;
		int64_t total = 0;
		for (int i = 0; i < n; i++) {
			codes[i] = xmalloc(24);
			snprintf(codes[i], 24, "%04d-%02d", 1900 + (first + i) / 12, (first + i) % 12 + 1);
			total += t->c[first + i];
		}
		r->nowned += n;
		struct space ms = static_space((const char *const *)codes, n);
		struct rindicator *ind = indicator(e, "returns_by_month", "returns", RK_CATEGORIES);
		ind->chronological = true;
		ind->cat = make_cats(e, &ms, t->c + (first < 0 ? 0 : first), true, true, &ind->ncat,
				     NULL, -1);
		ind->n_cell = cell(r, total);
		ind->missing_cell = cell(r, t->missing);
		int *m = xmalloc(((size_t)ind->ncat + 1) * sizeof(int));
		cat_cells(ind->cat, ind->ncat, m);
		add_sum(r, ind->n_cell, m, ind->ncat);
		free(m);
		sum2(r, R, ind->n_cell, ind->missing_cell);
	}
	{
		/* the pyramid: sex within each age band (its rows: pyramid_rows()).
		 * A row's n is its band's count, the same cell (sex is required:
		 * every person in a band has one), or for the merged oldest row the
		 * sum of its bands; each sex's rows add up to that sex (at most, when
		 * ages are missing: protect_model.c knows the unrecorded row). */
		const char *const *rows;
		int nrows = pyramid_rows(e, &rows);
		struct space bs = static_space(rows, nrows);
		int n_cells[8];
		for (int g = 0; g < nrows; g++)
			n_cells[g] = nrows == e->nbands || g < nrows - 1 ? band_cells[g] : -1;
		struct rindicator *py = groups_indicator(e, "sex_by_age_band", "returns", "age_band",
							 &bs, &sexes, &e->sex_by_age, NULL, sex_cells,
							 n_cells, false, false, 0);
		for (int g = 0; nrows < e->nbands && g < py->ngroup; g++) {
			if (strcmp(py->group[g].code, rows[nrows - 1]))
				continue;
			int m[8], k = 0;
			for (int b = nrows - 1; b < e->nbands; b++)
				if (band_cells[b] >= 0)
					m[k++] = band_cells[b];
			add_sum(r, py->group[g].n_cell, m, k);
		}
	}
	{
		/* the map's points: those of the report's offices, and any with returns */
		const struct rindicator *rp = report_find(r, "registration_point");
		int np = v->count[VL_REGISTRATION_POINT];
		r->map = xcalloc((size_t)np + 1, sizeof(*r->map));
		for (int i = 0; i < np; i++) {
			const struct vocab_item *it = vocab_at(v, VL_REGISTRATION_POINT, i);
			const char *office = it->office >= 0 ? v->item[it->office].code : NULL;
			int c = -1;
			for (int g = 0; rp && g < rp->ngroup; g++)
				for (int k = 0; k < rp->group[g].ncat; k++)
					if (!strcmp(rp->group[g].cat[k].code, it->code)) {
						c = rp->group[g].cat[k].cell;
						office = rp->group[g].code;
					}
			/* without returns: only a point of the report's office(s) that
			 * registers its programme */
			if (c < 0 && (!office || (e->o->office && strcmp(office, e->o->office)) ||
				      (e->o->program && it->attr &&
				       !code_in_set(it->attr, e->o->program, strlen(e->o->program)))))
				continue;
			struct rmap_point *mp = &r->map[r->nmap++];
			mp->code = it->code;
			mp->label = it->label[e->o->lang];
			mp->office = office;
			mp->lat = it->lat;
			mp->lon = it->lon;
			mp->cell = c;
		}
	}
	if (e->track) {
		/* the MPP track: the same helpers, into r->track */
		r->track = xcalloc(REPORT_MAX_TRACK, sizeof(*r->track));
		e->dest = r->track;
		e->ndest = &r->ntrack;
		e->cap = REPORT_MAX_TRACK;
		r->track_program = e->track;
		r->track_label = vocab_label(v, VL_PROGRAM, e->track, e->o->lang);
		int T = value_indicator(e, "returns_total", e->track_returns);
		sp = list_space(e, VL_SEX);
		cats_indicator(e, "sex", "returns", &sp, &e->track_sex, T, NULL);
		sp = static_space(e->bands, e->nbands);
		cats_indicator(e, "age_band", "returns", &sp, &e->track_age, T, NULL);
		cats_indicator(e, "nationality", "returns", &countries, &e->track_nationality, T, NULL);
		sp = list_space(e, VL_TRANSPORT_MODE);
		cats_indicator(e, "transport_mode", "returns", &sp, &e->track_transport, T, NULL);
	}
	r->adults = e->adults;
	r->age_unknown = e->age_unknown;
	r->invariant_ok = e->adults + e->umc + e->accompanied + e->age_unknown == e->returns &&
			  e->age_unknown == 0;
	free(edu_cells);
	free(sex_cells);
	free(occ_cells);
	free(ms_cells);
	free(tw_cells);
	free(yn_cells);
	free(office_n);
}


static int code_pos(const struct vocab *v, int list, const char *code)
{
	return vocab_pos(v, list, code, strlen(code));
}

void engine_init(struct engine *e, const struct vocab *v, const struct report_opts *o,
		 struct report *r, bool with_months)
{
	memset(e, 0, sizeof(*e));
	e->v = v;
	e->o = &r->opts;
	e->r = r;
	e->bands = o->sadd_bands ? sadd_bands : factsheet_bands;
	e->band_upper = o->sadd_bands ? sadd_upper : factsheet_upper;
	e->nbands = o->sadd_bands ? (int)ARRAY_SIZE(sadd_bands) : (int)ARRAY_SIZE(factsheet_bands);
	e->yes = code_pos(v, VL_YES_NO, "yes");
	e->irregular = code_pos(v, VL_MIGRATION_STATUS, "irregular");
	e->none_edu = code_pos(v, VL_EDUCATION, "none");
	e->first_degree = code_pos(v, VL_TRAVELLING_WITH, "first_degree_relatives");
	e->other_relatives = code_pos(v, VL_TRAVELLING_WITH, "other_relatives");
	e->month_min = NMONTHS;
	e->month_max = -1;
	/* a grouping store passes ages in STORE_AGE_CLASSES: every band must
	 * begin on one of them (as the thresholds 5, 13 and 18 do) */
	{
		static const int classes[] = STORE_AGE_CLASSES;
		for (int b = 0; b + 1 < e->nbands; b++) {
			bool found = false;
			for (size_t k = 0; k < ARRAY_SIZE(classes); k++)
				found |= classes[k] == e->band_upper[b] + 1;
			assert(found);
			(void)found;
		}
	}

	const int *n = v->count;
	tally2_init(&e->point_by_office, n[VL_OFFICE], n[VL_REGISTRATION_POINT]);
	tally2_init(&e->country_by_office, n[VL_OFFICE], n[VL_COUNTRY]);
	tally2_init(&e->sex_by_edu, n[VL_EDUCATION], n[VL_SEX]);
	tally2_init(&e->edu_by_occ, n[VL_OCCUPATION_SECTOR], n[VL_EDUCATION]);
	tally2_init(&e->reg_month, with_months ? n[VL_REGISTRATION_POINT] : 0, NMONTHS);
	tally_init(&e->ret_month, NMONTHS);
	{
		const char *const *rows;
		tally2_init(&e->sex_by_age, pyramid_rows(e, &rows), n[VL_SEX]);
	}
	tally_init(&e->transport, n[VL_TRANSPORT_MODE]);
	tally_init(&e->umc_transport, n[VL_TRANSPORT_MODE]);
	tally_init(&e->nationality, n[VL_COUNTRY]);
	tally_init(&e->sex, n[VL_SEX]);
	tally_init(&e->age_band, e->nbands);
	tally_init(&e->migration_status, n[VL_MIGRATION_STATUS]);
	tally_init(&e->irregular_office, n[VL_OFFICE]);
	tally_init(&e->education, n[VL_EDUCATION]);
	tally_init(&e->no_ed_age, 3);
	tally_init(&e->no_ed_adult_sex, n[VL_SEX]);
	tally_init(&e->occupation, n[VL_OCCUPATION_SECTOR]);
	tally_init(&e->travelling_with, n[VL_TRAVELLING_WITH]);
	tally_init(&e->health_self, n[VL_HEALTH_SELF_PERCEIVED]);
	tally_init(&e->regularization, n[VL_YES_NO]);
	tally_init(&e->exit_reason, n[VL_MEXICO_EXIT_REASON]);
	struct { struct mtally *m; int list; } multis[] = {
		{ &e->screening, VL_HEALTH_SCREENING }, { &e->journey, VL_JOURNEY_CONDITIONS },
		{ &e->abuses, VL_ABUSES }, { &e->mig_reasons, VL_MIGRATION_REASONS },
		{ &e->ret_reasons, VL_RETURN_REASONS }, { &e->plans, VL_RETURN_PLANS },
	};
	for (size_t i = 0; i < ARRAY_SIZE(multis); i++) {
		tally_init(&multis[i].m->t, n[multis[i].list]);
		multis[i].m->none_pos = code_pos(v, multis[i].list, "none");
	}
	tally_init(&e->track_sex, n[VL_SEX]);
	tally_init(&e->track_age, e->nbands);
	tally_init(&e->track_nationality, n[VL_COUNTRY]);
	tally_init(&e->track_transport, n[VL_TRANSPORT_MODE]);
}

/* Every tally of e, in one order (for adding and releasing). */
static void tallies_of(struct engine *e, struct tally **t, struct tally2 **t2, struct mtally **mt)
{
	struct tally2 *a2[] = { &e->point_by_office, &e->country_by_office, &e->sex_by_edu,
				&e->edu_by_occ, &e->reg_month, &e->sex_by_age };
	struct tally *a[] = { &e->transport, &e->umc_transport, &e->nationality, &e->sex,
			      &e->age_band, &e->migration_status, &e->irregular_office, &e->education,
			      &e->no_ed_age, &e->no_ed_adult_sex, &e->occupation, &e->travelling_with,
			      &e->health_self, &e->regularization, &e->exit_reason,
			      &e->track_sex, &e->track_age, &e->track_nationality, &e->track_transport,
			      &e->ret_month };
	struct mtally *am[] = { &e->screening, &e->journey, &e->abuses, &e->mig_reasons,
				&e->ret_reasons, &e->plans };
	static_assert(ARRAY_SIZE(a2) == ENGINE_TALLY2S, "tally2 count");
	static_assert(ARRAY_SIZE(a) == ENGINE_TALLIES, "tally count");
	static_assert(ARRAY_SIZE(am) == ENGINE_MTALLIES, "mtally count");
	memcpy(t, a, sizeof(a));
	memcpy(t2, a2, sizeof(a2));
	memcpy(mt, am, sizeof(am));
}

void engine_release(struct engine *e)
{
	struct tally *t[ENGINE_TALLIES];
	struct tally2 *t2[ENGINE_TALLY2S];
	struct mtally *mt[ENGINE_MTALLIES];
	tallies_of(e, t, t2, mt);
	for (int i = 0; i < ENGINE_TALLY2S; i++) {
		free(t2[i]->c);
		free(t2[i]->gmissing);
	}
	for (int i = 0; i < ENGINE_TALLIES; i++)
		free(t[i]->c);
	for (int i = 0; i < ENGINE_MTALLIES; i++)
		free(mt[i]->t.c);
}

static void tally_sum(struct tally *d, const struct tally *s)
{
	for (int i = 0; i < d->nc && i < s->nc; i++)
		d->c[i] += s->c[i];
	d->missing += s->missing;
}

void engine_add(struct engine *dst, const struct engine *src, bool as_track)
{
	struct engine *s = (struct engine *)src;   /* read only */
	if (as_track) {
		dst->track_returns += s->returns;
		tally_sum(&dst->track_sex, &s->sex);
		tally_sum(&dst->track_age, &s->age_band);
		tally_sum(&dst->track_nationality, &s->nationality);
		tally_sum(&dst->track_transport, &s->transport);
		return;
	}
	struct tally *td[ENGINE_TALLIES], *ts[ENGINE_TALLIES];
	struct tally2 *t2d[ENGINE_TALLY2S], *t2s[ENGINE_TALLY2S];
	struct mtally *md[ENGINE_MTALLIES], *ms[ENGINE_MTALLIES];
	tallies_of(dst, td, t2d, md);
	tallies_of(s, ts, t2s, ms);
	for (int i = 0; i < ENGINE_TALLIES; i++)
		tally_sum(td[i], ts[i]);
	for (int i = 0; i < ENGINE_TALLY2S; i++) {
		struct tally2 *d = t2d[i], *x = t2s[i];
		if (d->ng == x->ng && d->nc == x->nc) {
			for (size_t k = 0; k < (size_t)d->ng * (size_t)d->nc; k++)
				d->c[k] += x->c[k];
			for (int g = 0; g < d->ng; g++)
				d->gmissing[g] += x->gmissing[g];
		}
		d->missing += x->missing;
	}
	for (int i = 0; i < ENGINE_MTALLIES; i++) {
		tally_sum(&md[i]->t, &ms[i]->t);
		md[i]->n += ms[i]->n;
		md[i]->mentions += ms[i]->mentions;
	}
	int64_t *sd[] = { &dst->returns, &dst->umc, &dst->minors, &dst->accompanied, &dst->adults,
			  &dst->age_unknown, &dst->survey, &dst->fam_n, &dst->fam_minor,
			  &dst->fam_u13, &dst->track_returns };
	const int64_t *ss[] = { &s->returns, &s->umc, &s->minors, &s->accompanied, &s->adults,
				&s->age_unknown, &s->survey, &s->fam_n, &s->fam_minor,
				&s->fam_u13, &s->track_returns };
	for (size_t i = 0; i < ARRAY_SIZE(sd); i++)
		*sd[i] += *ss[i];
}

/* The report's own fields, before its counts. */
void report_begin(struct report *r, const struct vocab *v, const struct report_opts *o)
{
	memset(r, 0, sizeof(*r));
	r->opts = *o;
	if (r->opts.min_cell <= 0)
		r->opts.min_cell = 5;
	clock_now_iso(r->generated_at);
	r->program_label = o->program ? vocab_label(v, VL_PROGRAM, o->program, o->lang) : NULL;
	r->office_label = o->office ? vocab_label(v, VL_OFFICE, o->office, o->lang) : NULL;
}

int report_compute(struct store *st, const struct vocab *v, const struct report_opts *o,
		   struct report *r, struct strbuf *err)
{
	struct engine e;
	if (o->public_) {
		/* a public output is protected as a whole (protect.h) */
		strbuf_addf(err, "a public report is made by report_public()");
		return RT_EINVAL;
	}
	report_begin(r, v, o);
	engine_init(&e, v, o, r, true);
	/* months: the returns by month need the departure month */
	struct store_report_filter f = { o->program, o->office, o->from, o->to, NULL, true };
	/* The MPP track rides on the same scan. */
	if (o->program && strcmp(o->program, "mpp") != 0 &&
	    vocab_find(v, VL_PROGRAM, "mpp", 3) >= 0) {
		e.track = "mpp";
		f.track_program = e.track;
	}
	int rc = store_report_read(st, &f, engine_on_return, on_registration, &e);
	if (rc) {
		strbuf_addf(err, "cannot read the cases: %s", store_errmsg(st));
		engine_release(&e);
		report_release(r);
		return rc;
	}
	engine_build(&e);
	engine_release(&e);
	report_assign_keys(r);
	return RT_OK;
}

const char *const report_headline_ids[REPORT_NHEADLINE] = {
	"returns_total", "umc_total", "minors_total", "children_accompanied", "survey_coverage",
};

void report_publisher_free(struct report_publisher *p)
{
	if (!p)
		return;
	for (int l = 0; l < 2; l++) {
		free(p->name[l]);
		free(p->disclaimer[l]);
		free(p->contact[l]);
	}
	free(p->logo);
	free(p);
}

void report_release(struct report *r)
{
	if (r->to_date) {
		report_release(r->to_date);
		free(r->to_date);
	}
	free(r->previous);
	report_publisher_free(r->publisher);
	for (int i = 0; i < r->nind; i++) {
		struct rindicator *ind = &r->ind[i];
		free(ind->cat);
		for (int g = 0; g < ind->ngroup; g++)
			free(ind->group[g].cat);
		free(ind->group);
	}
	free(r->ind);
	for (int i = 0; i < r->ntrack; i++)
		free(r->track[i].cat);
	free(r->track);
	for (int i = 0; i < r->nsum; i++)
		free(r->sum[i].member);
	free(r->sum);
	for (int i = 0; i < r->nowned; i++)
		free(r->owned[i]);
	free(r->owned);
	free(r->map);
	for (int i = 0; r->key && i < r->ncell; i++)
		free(r->key[i]);
	free(r->key);
	free(r->cell);
	memset(r, 0, sizeof(*r));
}

const struct rindicator *report_find(const struct report *r, const char *id)
{
	for (int i = 0; i < r->nind; i++)
		if (!strcmp(r->ind[i].id, id))
			return &r->ind[i];
	return NULL;
}

static double round4(double x)
{
	return (double)(int64_t)(x * 10000.0 + 0.5) / 10000.0;
}

bool report_share(const struct report *r, int count_cell, int n_cell, double *share)
{
	if (count_cell < 0 || n_cell < 0 || rcell_hidden(r, count_cell) || rcell_hidden(r, n_cell))
		return false;
	int64_t n = r->cell[n_cell].value;
	if (n <= 0)
		return false;
	*share = round4((double)r->cell[count_cell].value / (double)n);
	return true;
}

bool report_mention_share(const struct report *r, const struct rindicator *ind,
			  const struct rcat *c, double *share)
{
	/* A public output does not publish mention shares: with one of them a
	 * reader would know the total mentions, one more sum to subtract from
	 * (docs/report.md, "Publication safety: the method"). */
	if (r->opts.public_ || !ind->multi || c->is_none || ind->mentions_cell < 0 ||
	    rcell_hidden(r, c->cell))
		return false;
	int64_t m = r->cell[ind->mentions_cell].value;
	if (m <= 0)
		return false;
	*share = round4((double)r->cell[c->cell].value / (double)m);
	return true;
}
