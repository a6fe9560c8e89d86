/* keys.c: a name for every cell of a report (protect.h): the same quantity
 * has the same key in every report, whatever its period or office, so
 * reports can be added up and compared cell by cell. */
#include "report.h"

static void name(struct report *r, int c, const char *prefix, const char *id, const char *group,
		 char sep, const char *what)
{
	if (c < 0 || r->key[c])
		return;   /* a shared cell keeps the name of its first place */
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s%s", prefix, id);
	if (group)
		strbuf_addf(&sb, "@%s", group);
	if (what)
		strbuf_addf(&sb, "%c%s", sep, what);
	r->key[c] = strbuf_detach(&sb, NULL);
}

static void name_indicator(struct report *r, const struct rindicator *ind, const char *prefix)
{
	name(r, ind->value_cell, prefix, ind->id, NULL, 0, NULL);
	name(r, ind->n_cell, prefix, ind->id, NULL, '#', "n");
	name(r, ind->missing_cell, prefix, ind->id, NULL, '#', "missing");
	name(r, ind->mentions_cell, prefix, ind->id, NULL, '#', "mentions");
	for (int i = 0; i < ind->ncat; i++)
		name(r, ind->cat[i].cell, prefix, ind->id, NULL, ':', ind->cat[i].code);
	for (int g = 0; g < ind->ngroup; g++) {
		const struct rgroup *gr = &ind->group[g];
		name(r, gr->n_cell, prefix, ind->id, gr->code, '#', "n");
		name(r, gr->missing_cell, prefix, ind->id, gr->code, '#', "missing");
		for (int i = 0; i < gr->ncat; i++)
			name(r, gr->cat[i].cell, prefix, ind->id, gr->code, ':', gr->cat[i].code);
	}
}

void report_assign_keys(struct report *r)
{
	r->key = xcalloc((size_t)r->ncell + 1, sizeof(char *));
	for (int i = 0; i < r->nind; i++)
		name_indicator(r, &r->ind[i], "");
	if (r->ntrack) {
		char prefix[48];
		snprintf(prefix, sizeof(prefix), "%s/", r->track_program);
		for (int i = 0; i < r->ntrack; i++)
			name_indicator(r, &r->track[i], prefix);
	}
	for (int i = 0; i < r->ncell; i++)
		assert(r->key[i]);
}
