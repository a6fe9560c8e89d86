/* suppress.c: small-cell suppression for publication (report.md,
 * "Publication safety").
 *
 * Primary: every count from 1 to min_cell - 1 is hidden.
 * Secondary: a hidden number must not be recoverable by subtraction. Every
 * sum that links published numbers (categories add up to n; n and missing
 * add up to the population; groups add up to the category of the breakdown
 * field; the child age bands add up to the minors; columns of a breakdown add
 * up to the overall category) is checked: when exactly one of its numbers is
 * hidden, the smallest visible non-zero member is hidden too (or the total,
 * when no member can be). This repeats until no sum changes: each pass only
 * hides more, so it ends.
 */
#include "report.h"

static bool total_hidden(const struct report *r, const struct rsum *s)
{
	if (!s->derived)
		return r->cell[s->total].suppressed;
	/* a derived total is known while any member is visible */
	for (int i = 0; i < s->nmember; i++)
		if (!r->cell[s->member[i]].suppressed)
			return false;
	return true;
}

/* Hides one more number of the sum; returns false if nothing could be hidden. */
static bool hide_another(struct report *r, const struct rsum *s)
{
	int best = -1;
	for (int i = 0; i < s->nmember; i++) {
		int c = s->member[i];
		if (r->cell[c].suppressed || r->cell[c].value == 0)
			continue;
		if (best < 0 || r->cell[c].value < r->cell[best].value)
			best = c;
	}
	if (best < 0 && !s->derived && !r->cell[s->total].suppressed)
		best = s->total;
	if (best < 0) {
		/* only zeros are left visible: hiding one keeps the split unknown */
		for (int i = 0; i < s->nmember && best < 0; i++)
			if (!r->cell[s->member[i]].suppressed)
				best = s->member[i];
	}
	if (best < 0)
		return false;
	r->cell[best].suppressed = true;
	return true;
}

void report_suppress(struct report *r)
{
	int k = r->opts.min_cell;
	for (int i = 0; i < r->ncell; i++)
		if (r->cell[i].value > 0 && r->cell[i].value < k)
			r->cell[i].suppressed = true;
	bool changed = true;
	while (changed) {
		changed = false;
		for (int i = 0; i < r->nsum; i++) {
			const struct rsum *s = &r->sum[i];
			int hidden = total_hidden(r, s) ? 1 : 0;
			for (int m = 0; m < s->nmember; m++)
				hidden += r->cell[s->member[m]].suppressed;
			if (hidden == 1 && hide_another(r, s))
				changed = true;
		}
	}
}
