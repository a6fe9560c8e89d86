/* atoms.c: see atoms.h. */
#include "atoms.h"
#include "engine_impl.h"
#include "../domain/fields.h"

struct atom {
	struct engine e;
	int64_t *reg;          /* registrations: points x months of the segment */
};

/* The last code looked up in a list: programmes and offices come in long
 * runs of the same few codes. */
struct memo {
	char code[32];
	size_t len;
	int pos;
};

struct report_atoms {
	const struct vocab *v;
	struct memo program, office;
	struct report base;    /* the options the atoms' engines read */
	int np, no, ns, npoints;
	int *bound;            /* ns + 1 */
	struct atom **atom;    /* np * no * ns, made on first use */
};

static int seg_months(const struct report_atoms *a, int s)
{
	return a->bound[s + 1] - a->bound[s];
}

static struct atom *atom_at(struct report_atoms *a, int p, int o, int s)
{
	size_t i = ((size_t)p * (size_t)a->no + (size_t)o) * (size_t)a->ns + (size_t)s;
	if (!a->atom[i]) {
		struct atom *at = xcalloc(1, sizeof(*at));
		engine_init(&at->e, a->v, &a->base.opts, &a->base, false);
		at->reg = xcalloc(st_mult((size_t)a->npoints, (size_t)seg_months(a, s)) + 1,
				  sizeof(int64_t));
		a->atom[i] = at;
	}
	return a->atom[i];
}

static const struct atom *atom_get(const struct report_atoms *a, int p, int o, int s)
{
	return a->atom[((size_t)p * (size_t)a->no + (size_t)o) * (size_t)a->ns + (size_t)s];
}

/* The segment of a month, or -1 outside them all. */
static int segment_of(const struct report_atoms *a, int month)
{
	if (month < a->bound[0] || month >= a->bound[a->ns])
		return -1;
	int lo = 0, hi = a->ns - 1;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (a->bound[mid] <= month)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static int memo_pos(const struct vocab *v, int list, struct memo *mm, const char *code, size_t len)
{
	if (!code)
		return -1;
	if (len == mm->len && len < sizeof(mm->code) && !memcmp(mm->code, code, len))
		return mm->pos;
	int pos = vocab_pos(v, list, code, len);
	if (len < sizeof(mm->code)) {
		memcpy(mm->code, code, len);
		mm->len = len;
		mm->pos = pos;
	}
	return pos;
}

static int on_return(void *ctx, const struct case_values *cv, int age, int64_t n,
		     unsigned parts)
{
	struct report_atoms *a = ctx;
	int p = memo_pos(a->v, VL_PROGRAM, &a->program, cv->v[F_PROGRAM], cv->len[F_PROGRAM]);
	int o = memo_pos(a->v, VL_OFFICE, &a->office, cv->v[F_OFFICE], cv->len[F_OFFICE]);
	int s = segment_of(a, report_date_month(cv->v[F_DEPARTURE_DATE], cv->len[F_DEPARTURE_DATE]));
	if (p < 0 || o < 0 || s < 0)
		return 0;
	return engine_on_return(&atom_at(a, p, o, s)->e, cv, age, n, parts);
}

static int on_registration(void *ctx, const struct store_registration *reg)
{
	struct report_atoms *a = ctx;
	const struct vocab *v = a->v;
	int p = memo_pos(v, VL_PROGRAM, &a->program, reg->program, reg->program_len);
	int o = memo_pos(v, VL_OFFICE, &a->office, reg->office, reg->office_len);
	int pt = reg->point ? vocab_pos(v, VL_REGISTRATION_POINT, reg->point, reg->point_len) : -1;
	int month = report_date_month(reg->date, reg->date_len);
	int s = segment_of(a, month);
	if (p < 0 || o < 0 || pt < 0 || s < 0)
		return 0;
	struct atom *at = atom_at(a, p, o, s);
	at->reg[(size_t)pt * (size_t)seg_months(a, s) + (size_t)(month - a->bound[s])] += reg->n;
	return 0;
}

static void month_date(int month, bool last, char out[16])
{
	if (month < 0)
		month = 0;
	if (month > 9999 * 12 + 11)
		month = 9999 * 12 + 11;
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = month / 12, m = month % 12;
	int d = 1;
	if (last) {
		d = days[m];
		if (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
			d = 29;
	}
	snprintf(out, 16, "%04d-%02d-%02d", y, m + 1, d);
}

int report_atoms_read(struct store *st, const struct vocab *v, const struct report_opts *o,
		      const int *bound, int nbound, struct report_atoms **out, struct strbuf *err)
{
	*out = NULL;
	assert(nbound >= 2);
	struct report_atoms *a = xcalloc(1, sizeof(*a));
	a->v = v;
	a->program.len = a->office.len = SIZE_MAX;   /* nothing looked up yet */
	report_begin(&a->base, v, o);
	a->np = v->count[VL_PROGRAM];
	a->no = v->count[VL_OFFICE];
	a->ns = nbound - 1;
	a->npoints = v->count[VL_REGISTRATION_POINT];
	a->bound = xmalloc((size_t)nbound * sizeof(int));
	memcpy(a->bound, bound, (size_t)nbound * sizeof(int));
	a->atom = xcalloc(st_mult(st_mult((size_t)a->np, (size_t)a->no), (size_t)a->ns) + 1,
			  sizeof(struct atom *));
	char from[16], to[16];
	month_date(bound[0], false, from);
	month_date(bound[nbound - 1] - 1, true, to);
	/* the departure month too: it chooses the atom */
	struct store_report_filter f = { NULL, NULL, bound[0] > 0 ? from : NULL, to, NULL, true };
	int rc = store_report_read(st, &f, on_return, on_registration, a);
	if (rc) {
		strbuf_addf(err, "cannot read the cases: %s", store_errmsg(st));
		report_atoms_free(a);
		return rc;
	}
	*out = a;
	return RT_OK;
}

void report_atoms_free(struct report_atoms *a)
{
	if (!a)
		return;
	size_t n = (size_t)a->np * (size_t)a->no * (size_t)a->ns;
	for (size_t i = 0; i < n; i++) {
		if (!a->atom[i])
			continue;
		engine_release(&a->atom[i]->e);
		free(a->atom[i]->reg);
		free(a->atom[i]);
	}
	free(a->atom);
	free(a->bound);
	report_release(&a->base);
	free(a);
}

int report_atoms_programs(const struct report_atoms *a) { return a->np; }
int report_atoms_offices(const struct report_atoms *a) { return a->no; }
int report_atoms_segments(const struct report_atoms *a) { return a->ns; }

bool report_atoms_has(const struct report_atoms *a, int p, int o, int s)
{
	return atom_get(a, p, o, s) != NULL;
}

static void add_registrations(const struct report_atoms *a, struct engine *sum,
			      const struct atom *at, int s)
{
	int nm = seg_months(a, s);
	for (int pt = 0; pt < a->npoints; pt++)
		for (int m = 0; m < nm; m++) {
			int64_t c = at->reg[(size_t)pt * (size_t)nm + (size_t)m];
			int month = a->bound[s] + m - 1900 * 12;
			if (!c || month < 0 || month >= NMONTHS)
				continue;
			engine_count_registration(sum, pt, month, c);
		}
}

void report_atoms_build(const struct report_atoms *a, const struct report_opts *o,
			int program, int office, int s0, int s1, bool track,
			struct report *r)
{
	struct engine sum;
	report_begin(r, a->v, o);
	engine_init(&sum, a->v, o, r, true);
	int mpp = vocab_pos(a->v, VL_PROGRAM, "mpp", 3);
	if (track && mpp >= 0 && program != ATOMS_ALL && program != mpp)
		sum.track = "mpp";
	for (int p = 0; p < a->np; p++)
		for (int of = 0; of < a->no; of++) {
			if (!atoms_in(office, of))
				continue;
			bool main = atoms_in(program, p);
			bool as_track = sum.track && p == mpp;
			if (!main && !as_track)
				continue;
			for (int s = s0; s <= s1; s++) {
				const struct atom *at = atom_get(a, p, of, s);
				if (!at)
					continue;
				engine_add(&sum, &at->e, !main);
				if (main)
					add_registrations(a, &sum, at, s);
			}
		}
	engine_build(&sum);
	engine_release(&sum);
	report_assign_keys(r);
}
