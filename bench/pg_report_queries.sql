-- The factsheet's indicators as plain GROUP BY queries on PostgreSQL: the
-- reference that bench/pg_bench.py times with psql against `retorno --db
-- postgresql://... report --format json`. The PostgreSQL twin of
-- bench/report_queries.sql (SQLite): one query per indicator of the factsheet
-- (src/report/engine.c, docs/report.md), on the retorno schema
-- (src/store/pg_schema.c), the same populations: the returns are the cases of
-- the programme (avr) with status returned, not marked a duplicate of another;
-- the survey, those of them with a survey row; registrations, every case of
-- the programme; the MPP track, the returns of programme mpp.
-- The age is the age at registration: whole years from birth_date to
-- registration_date, else the age column. Multi-select answers are split on
-- their spaces. Run as: psql -X -q -f bench/pg_report_queries.sql -d URL
\set ON_ERROR_STOP 1
\o /dev/null
-- returns_total, umc_total, minors_total, children_accompanied
SELECT count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL;
SELECT count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL AND unaccompanied_minor = 'yes';
SELECT count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL AND (CASE WHEN birth_date IS NOT NULL THEN substr(registration_date, 1, 4)::int - substr(birth_date, 1, 4)::int - (substr(registration_date, 6, 5) < substr(birth_date, 6, 5))::int ELSE age END) < 18;
SELECT count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL AND unaccompanied_minor = 'no' AND (CASE WHEN birth_date IS NOT NULL THEN substr(registration_date, 1, 4)::int - substr(birth_date, 1, 4)::int - (substr(registration_date, 6, 5) < substr(birth_date, 6, 5))::int ELSE age END) < 18;
-- registration_point by office, country_of_return by office
SELECT office, registration_point, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL GROUP BY 1, 2;
SELECT office, country_of_return, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL GROUP BY 1, 2;
-- transport_mode, umc_transport_mode, nationality, sex, age_band
SELECT transport_mode, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL GROUP BY 1;
SELECT transport_mode, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL AND unaccompanied_minor = 'yes' GROUP BY 1;
SELECT nationality, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL GROUP BY 1;
SELECT sex, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL GROUP BY 1;
SELECT CASE WHEN a < 5 THEN '0_4' WHEN a < 13 THEN '5_12' WHEN a < 18 THEN '13_17' WHEN a < 46 THEN '18_45' WHEN a < 60 THEN '46_59' ELSE '60_plus' END, count(*) FROM (SELECT CASE WHEN birth_date IS NOT NULL THEN substr(registration_date, 1, 4)::int - substr(birth_date, 1, 4)::int - (substr(registration_date, 6, 5) < substr(birth_date, 6, 5))::int ELSE age END AS a FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL) x GROUP BY 1;
-- migration_status, irregular_by_office
SELECT migration_status, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL GROUP BY 1;
SELECT office, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL AND migration_status = 'irregular' GROUP BY 1;
-- education, sex_by_education, no_education_age_group, no_education_adult_sex
SELECT education, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL GROUP BY 1;
SELECT education, sex, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL GROUP BY 1, 2;
SELECT CASE WHEN a < 5 THEN 'under_5' WHEN a < 18 THEN 'age_5_17' ELSE 'adult' END, count(*) FROM (SELECT CASE WHEN birth_date IS NOT NULL THEN substr(registration_date, 1, 4)::int - substr(birth_date, 1, 4)::int - (substr(registration_date, 6, 5) < substr(birth_date, 6, 5))::int ELSE age END AS a FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL AND education = 'none') x GROUP BY 1;
SELECT sex, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL AND education = 'none' AND (CASE WHEN birth_date IS NOT NULL THEN substr(registration_date, 1, 4)::int - substr(birth_date, 1, 4)::int - (substr(registration_date, 6, 5) < substr(birth_date, 6, 5))::int ELSE age END) >= 18 GROUP BY 1;
-- occupation_sector, education_by_occupation, travelling_with, family_minors
SELECT occupation_sector, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL GROUP BY 1;
SELECT occupation_sector, education, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL GROUP BY 1, 2;
SELECT travelling_with, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL GROUP BY 1;
SELECT count(*), count(*) FILTER (WHERE a < 18), count(*) FILTER (WHERE a < 13) FROM (SELECT CASE WHEN birth_date IS NOT NULL THEN substr(registration_date, 1, 4)::int - substr(birth_date, 1, 4)::int - (substr(registration_date, 6, 5) < substr(birth_date, 6, 5))::int ELSE age END AS a FROM cases WHERE program = 'avr' AND status = 'returned' AND duplicate_of IS NULL AND travelling_with IN ('first_degree_relatives', 'other_relatives')) x;
-- survey_coverage, health_self_perceived
SELECT count(s.survey_date), count(*) FROM cases c LEFT JOIN survey s ON s.case_ref = c.id WHERE c.program = 'avr' AND c.status = 'returned' AND c.duplicate_of IS NULL;
SELECT s.health_self_perceived, count(*) FROM cases c JOIN survey s ON s.case_ref = c.id WHERE c.program = 'avr' AND c.status = 'returned' AND c.duplicate_of IS NULL GROUP BY 1;
-- multi-select answers: split the space-separated codes, then group
SELECT code, count(*) FROM cases c JOIN survey s ON s.case_ref = c.id, unnest(string_to_array(s.health_screening, ' ')) AS code WHERE c.program = 'avr' AND c.status = 'returned' AND c.duplicate_of IS NULL GROUP BY 1;
SELECT code, count(*) FROM cases c JOIN survey s ON s.case_ref = c.id, unnest(string_to_array(s.journey_conditions, ' ')) AS code WHERE c.program = 'avr' AND c.status = 'returned' AND c.duplicate_of IS NULL GROUP BY 1;
SELECT code, count(*) FROM cases c JOIN survey s ON s.case_ref = c.id, unnest(string_to_array(s.abuses, ' ')) AS code WHERE c.program = 'avr' AND c.status = 'returned' AND c.duplicate_of IS NULL GROUP BY 1;
SELECT code, count(*) FROM cases c JOIN survey s ON s.case_ref = c.id, unnest(string_to_array(s.migration_reasons, ' ')) AS code WHERE c.program = 'avr' AND c.status = 'returned' AND c.duplicate_of IS NULL GROUP BY 1;
SELECT code, count(*) FROM cases c JOIN survey s ON s.case_ref = c.id, unnest(string_to_array(s.return_reasons, ' ')) AS code WHERE c.program = 'avr' AND c.status = 'returned' AND c.duplicate_of IS NULL GROUP BY 1;
-- regularization_started, mexico_exit_reason, return_plans
SELECT s.regularization_started, count(*) FROM cases c JOIN survey s ON s.case_ref = c.id WHERE c.program = 'avr' AND c.status = 'returned' AND c.duplicate_of IS NULL GROUP BY 1;
SELECT s.mexico_exit_reason, count(*) FROM cases c JOIN survey s ON s.case_ref = c.id WHERE c.program = 'avr' AND c.status = 'returned' AND c.duplicate_of IS NULL AND s.regularization_started = 'yes' GROUP BY 1;
SELECT code, count(*) FROM cases c JOIN survey s ON s.case_ref = c.id, unnest(string_to_array(s.return_plans, ' ')) AS code WHERE c.program = 'avr' AND c.status = 'returned' AND c.duplicate_of IS NULL GROUP BY 1;
-- registrations_by_month: every case of the programme, by point and month
SELECT registration_point, substr(registration_date, 1, 7), count(*) FROM cases WHERE program = 'avr' AND duplicate_of IS NULL GROUP BY 1, 2;
-- the MPP track: returns_total, sex, age_band, nationality, transport_mode
SELECT count(*) FROM cases WHERE program = 'mpp' AND status = 'returned' AND duplicate_of IS NULL;
SELECT sex, count(*) FROM cases WHERE program = 'mpp' AND status = 'returned' AND duplicate_of IS NULL GROUP BY 1;
SELECT CASE WHEN a < 5 THEN '0_4' WHEN a < 13 THEN '5_12' WHEN a < 18 THEN '13_17' WHEN a < 46 THEN '18_45' WHEN a < 60 THEN '46_59' ELSE '60_plus' END, count(*) FROM (SELECT CASE WHEN birth_date IS NOT NULL THEN substr(registration_date, 1, 4)::int - substr(birth_date, 1, 4)::int - (substr(registration_date, 6, 5) < substr(birth_date, 6, 5))::int ELSE age END AS a FROM cases WHERE program = 'mpp' AND status = 'returned' AND duplicate_of IS NULL) x GROUP BY 1;
SELECT nationality, count(*) FROM cases WHERE program = 'mpp' AND status = 'returned' AND duplicate_of IS NULL GROUP BY 1;
SELECT transport_mode, count(*) FROM cases WHERE program = 'mpp' AND status = 'returned' AND duplicate_of IS NULL GROUP BY 1;
