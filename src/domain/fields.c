/* fields.c: the data dictionary's column table; see fields.h. */
#include "fields.h"

#define CODE(l, req, tag) { tag, T_CODE, l, req, false, 0 }
#define MULTI(l, tag) { tag, T_MULTI, l, false, false, 0 }
#define DATE(req, tag) { tag, T_DATE, VL_NONE, req, false, 0 }

const struct field_def field_defs[F_COUNT] = {
	[F_CASE_ID] = { "#meta+id", T_ID, VL_NONE, true, false, 64 },
	[F_GROUP_ID] = { "#group+id", T_ID, VL_NONE, false, false, 64 },
	[F_PROGRAM] = CODE(VL_PROGRAM, true, "#activity+code"),
	[F_OFFICE] = CODE(VL_OFFICE, true, "#org+office+code"),
	[F_REGISTRATION_POINT] = CODE(VL_REGISTRATION_POINT, true, "#loc+code"),
	[F_REGISTRATION_DATE] = DATE(true, "#date+registered"),
	[F_GIVEN_NAMES] = { "#respondee+name+given", T_TEXT, VL_NONE, false, true, 200 },
	[F_FAMILY_NAMES] = { "#respondee+name+family", T_TEXT, VL_NONE, false, true, 200 },
	[F_SEX] = CODE(VL_SEX, true, "#respondee+sex"),
	[F_BIRTH_DATE] = { "#respondee+birth", T_DATE, VL_NONE, false, true, 0 },
	[F_AGE] = { "#respondee+age", T_AGE, VL_NONE, false, false, 0 },
	[F_NATIONALITY] = CODE(VL_COUNTRY, true, "#country+code+origin"),
	[F_COUNTRY_OF_RETURN] = CODE(VL_COUNTRY, true, "#country+code+dest"),
	[F_MIGRATION_STATUS] = CODE(VL_MIGRATION_STATUS, false, "#status+migration"),
	[F_EDUCATION] = CODE(VL_EDUCATION, false, "#respondee+education"),
	[F_OCCUPATION_SECTOR] = CODE(VL_OCCUPATION_SECTOR, false, "#sector+occupation"),
	[F_UNACCOMPANIED_MINOR] = CODE(VL_YES_NO, true, "#respondee+umc"),
	[F_TRAVELLING_WITH] = CODE(VL_TRAVELLING_WITH, false, "#group+type"),
	[F_TRANSPORT_MODE] = CODE(VL_TRANSPORT_MODE, false, "#modality+transport"),
	[F_STATUS] = CODE(VL_STATUS, true, "#status+case"),
	[F_DEPARTURE_DATE] = DATE(false, "#date+departure"),
	[F_COUNSELLING_DATE] = DATE(false, "#date+counselled"),
	[F_SURVEY_DATE] = DATE(false, "#date+survey"),
	[F_HEALTH_SELF_PERCEIVED] = CODE(VL_HEALTH_SELF_PERCEIVED, false, "#respondee+health"),
	[F_HEALTH_SCREENING] = MULTI(VL_HEALTH_SCREENING, "#impact+health"),
	[F_JOURNEY_CONDITIONS] = MULTI(VL_JOURNEY_CONDITIONS, "#impact+journey"),
	[F_ABUSES] = MULTI(VL_ABUSES, "#impact+protection"),
	[F_MIGRATION_REASONS] = MULTI(VL_MIGRATION_REASONS, "#cause+migration"),
	[F_RETURN_REASONS] = MULTI(VL_RETURN_REASONS, "#cause+return"),
	[F_REGULARIZATION_STARTED] = CODE(VL_YES_NO, false, "#status+regularization"),
	[F_MEXICO_EXIT_REASON] = CODE(VL_MEXICO_EXIT_REASON, false, "#cause+exit"),
	[F_RETURN_PLANS] = MULTI(VL_RETURN_PLANS, "#output+plans"),
};

const char *case_field_name(int f)
{
	if (f >= 0 && f < F_COUNT)
		return case_column_name[f];
	return f == F_DUPLICATE_OF ? "duplicate_of" : NULL;
}

int field_by_name(const char *name, size_t len)
{
	for (int f = 0; f < F_COUNT; f++)
		if (strlen(case_column_name[f]) == len && !memcmp(case_column_name[f], name, len))
			return f;
	return -1;
}
