/* sections.c: the order of the factsheet -- which indicators, under which
 * heading. The text report and the printable factsheet both follow it. */
#include "report.h"

const struct report_section report_sections[] = {
	{ "s_trend", { "returns_by_month" }, false },
	{ "s_where", { "registration_point", "country_of_return" }, false },
	{ "s_transport", { "transport_mode", "umc_transport_mode" }, false },
	{ "s_people", { "nationality", "sex", "age_band", "sex_by_age_band" }, false },
	{ "s_migration", { "migration_status", "irregular_by_office" }, false },
	{ "s_education", { "education", "sex_by_education", "no_education_age_group",
			   "no_education_adult_sex" }, false },
	{ "s_occupation", { "occupation_sector", "education_by_occupation" }, false },
	{ "s_companions", { "travelling_with", "family_minors" }, false },
	{ "s_health", { "health_self_perceived", "health_screening", "journey_conditions" }, true },
	{ "s_abuses", { "abuses" }, false },
	{ "s_reasons", { "migration_reasons", "return_reasons" }, false },
	{ "s_regularization", { "regularization_started", "mexico_exit_reason" }, false },
	{ "s_plans", { "return_plans" }, false },
	{ NULL, { NULL }, false },
};

/* The 100% bars: a breakdown, and the indicator whose codes are its segments. */
const char *report_stacked_series(const char *id)
{
	if (!strcmp(id, "sex_by_education"))
		return "sex";
	if (!strcmp(id, "education_by_occupation"))
		return "education";
	return NULL;
}

static int by_code_order(const void *a, const void *b)
{
	const struct rcat *x = *(const struct rcat *const *)a, *y = *(const struct rcat *const *)b;
	return x->order - y->order;
}

void report_display_order(const struct report *r, const struct rindicator *ind,
			  const struct rcat *cat, int ncat, const struct rcat **out)
{
	int k = 0;
	for (int i = 0; i < ncat; i++)
		if (ind->chronological || !rcell_hidden(r, cat[i].cell))
			out[k++] = &cat[i];
	int shown = k;
	for (int i = 0; i < ncat; i++)
		if (!ind->chronological && rcell_hidden(r, cat[i].cell))
			out[k++] = &cat[i];
	qsort(out + shown, (size_t)(k - shown), sizeof(*out), by_code_order);
}
