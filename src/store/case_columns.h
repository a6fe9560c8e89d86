/* case_columns.h: the columns of one case (one person), in interchange-CSV
 * order. This list is the single source of the column order: the store binds
 * and reads values in it, the domain describes each column's rules by it, and
 * the CSV export writes it. Columns from F_SURVEY_DATE on live in the survey
 * table; the others in the cases table. */
#ifndef RETORNO_CASE_COLUMNS_H
#define RETORNO_CASE_COLUMNS_H

#include "../core/common.h"

#define CASE_COLUMNS(X) \
	X(CASE_ID, case_id) \
	X(GROUP_ID, group_id) \
	X(PROGRAM, program) \
	X(OFFICE, office) \
	X(REGISTRATION_POINT, registration_point) \
	X(REGISTRATION_DATE, registration_date) \
	X(GIVEN_NAMES, given_names) \
	X(FAMILY_NAMES, family_names) \
	X(SEX, sex) \
	X(BIRTH_DATE, birth_date) \
	X(AGE, age) \
	X(NATIONALITY, nationality) \
	X(COUNTRY_OF_RETURN, country_of_return) \
	X(MIGRATION_STATUS, migration_status) \
	X(EDUCATION, education) \
	X(OCCUPATION_SECTOR, occupation_sector) \
	X(UNACCOMPANIED_MINOR, unaccompanied_minor) \
	X(TRAVELLING_WITH, travelling_with) \
	X(TRANSPORT_MODE, transport_mode) \
	X(STATUS, status) \
	X(DEPARTURE_DATE, departure_date) \
	X(COUNSELLING_DATE, counselling_date) \
	X(SURVEY_DATE, survey_date) \
	X(HEALTH_SELF_PERCEIVED, health_self_perceived) \
	X(HEALTH_SCREENING, health_screening) \
	X(JOURNEY_CONDITIONS, journey_conditions) \
	X(ABUSES, abuses) \
	X(MIGRATION_REASONS, migration_reasons) \
	X(RETURN_REASONS, return_reasons) \
	X(REGULARIZATION_STARTED, regularization_started) \
	X(MEXICO_EXIT_REASON, mexico_exit_reason) \
	X(RETURN_PLANS, return_plans)

enum case_field {
#define X(e, n) F_##e,
	CASE_COLUMNS(X)
#undef X
	F_COUNT
};

#define F_FIRST_SURVEY F_SURVEY_DATE

/* One case's values as text: v[f] == NULL (len 0) means "not recorded". */
struct case_values {
	const char *v[F_COUNT];
	size_t len[F_COUNT];
};

extern const char *const case_column_name[F_COUNT];

#endif
