/* protect.c: PROVISIONAL -- the joint protection is being written; this
 * computes the output with the old per-sum suppression so that callers can
 * be built against protect.h. */
#include "protect.h"

int protect_month(int year, int month)
{
	return year * 12 + (month - 1);
}

int report_public(struct store *st, const struct vocab *v, const struct report_opts *o,
		  const struct pub_edition *ed, int ned, struct report *r,
		  struct protect_stats *stats, struct strbuf *err)
{
	(void)ed;
	memset(stats, 0, sizeof(*stats));
	stats->editions = ned;
	struct report_opts po = *o;
	po.public_ = true;
	return report_compute(st, v, &po, r, err);
}
