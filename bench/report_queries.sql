-- The factsheet's indicators as plain GROUP BY queries: the reference that
-- bench/report_bench.py times with the sqlite3 CLI against `retorno report`.
-- One query per indicator, the same populations as spec/report.md
-- (programme avr, status returned; registrations: every case of the programme).
.mode list
.output /dev/null
SELECT count(*) FROM cases WHERE program = 'avr' AND status = 'returned';
SELECT count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND unaccompanied_minor = 'yes';
SELECT count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND (CASE WHEN birth_date IS NOT NULL THEN CAST(strftime('%Y', registration_date) AS INT) - CAST(strftime('%Y', birth_date) AS INT) - (strftime('%m-%d', registration_date) < strftime('%m-%d', birth_date)) ELSE age END) < 18;
SELECT count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND unaccompanied_minor = 'no' AND (CASE WHEN birth_date IS NOT NULL THEN CAST(strftime('%Y', registration_date) AS INT) - CAST(strftime('%Y', birth_date) AS INT) - (strftime('%m-%d', registration_date) < strftime('%m-%d', birth_date)) ELSE age END) < 18;
SELECT office, registration_point, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' GROUP BY 1, 2;
SELECT office, country_of_return, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' GROUP BY 1, 2;
SELECT transport_mode, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' GROUP BY 1;
SELECT transport_mode, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND unaccompanied_minor = 'yes' GROUP BY 1;
SELECT nationality, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' GROUP BY 1;
SELECT sex, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' GROUP BY 1;
SELECT CASE WHEN a < 5 THEN '0_4' WHEN a < 13 THEN '5_12' WHEN a < 18 THEN '13_17' WHEN a < 46 THEN '18_45' WHEN a < 60 THEN '46_59' ELSE '60_plus' END, count(*) FROM (SELECT CASE WHEN birth_date IS NOT NULL THEN CAST(strftime('%Y', registration_date) AS INT) - CAST(strftime('%Y', birth_date) AS INT) - (strftime('%m-%d', registration_date) < strftime('%m-%d', birth_date)) ELSE age END AS a FROM cases WHERE program = 'avr' AND status = 'returned') GROUP BY 1;
SELECT migration_status, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' GROUP BY 1;
SELECT office, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND migration_status = 'irregular' GROUP BY 1;
SELECT education, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' GROUP BY 1;
SELECT education, sex, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' GROUP BY 1, 2;
SELECT CASE WHEN a < 5 THEN 'under_5' WHEN a < 18 THEN 'age_5_17' ELSE 'adult' END, count(*) FROM (SELECT CASE WHEN birth_date IS NOT NULL THEN CAST(strftime('%Y', registration_date) AS INT) - CAST(strftime('%Y', birth_date) AS INT) - (strftime('%m-%d', registration_date) < strftime('%m-%d', birth_date)) ELSE age END AS a FROM cases WHERE program = 'avr' AND status = 'returned' AND education = 'none') GROUP BY 1;
SELECT sex, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' AND education = 'none' AND (CASE WHEN birth_date IS NOT NULL THEN CAST(strftime('%Y', registration_date) AS INT) - CAST(strftime('%Y', birth_date) AS INT) - (strftime('%m-%d', registration_date) < strftime('%m-%d', birth_date)) ELSE age END) >= 18 GROUP BY 1;
SELECT occupation_sector, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' GROUP BY 1;
SELECT occupation_sector, education, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' GROUP BY 1, 2;
SELECT travelling_with, count(*) FROM cases WHERE program = 'avr' AND status = 'returned' GROUP BY 1;
SELECT count(*), sum(a < 18), sum(a < 13) FROM (SELECT CASE WHEN birth_date IS NOT NULL THEN CAST(strftime('%Y', registration_date) AS INT) - CAST(strftime('%Y', birth_date) AS INT) - (strftime('%m-%d', registration_date) < strftime('%m-%d', birth_date)) ELSE age END AS a FROM cases WHERE program = 'avr' AND status = 'returned' AND travelling_with IN ('first_degree_relatives', 'other_relatives'));
SELECT count(s.survey_date), count(*) FROM cases c LEFT JOIN survey s ON s.case_ref = c.id WHERE c.program = 'avr' AND c.status = 'returned';
SELECT s.health_self_perceived, count(*) FROM cases c JOIN survey s ON s.case_ref = c.id WHERE c.program = 'avr' AND c.status = 'returned' GROUP BY 1;
-- multi-select answers: split the space-separated codes, then group
WITH RECURSIVE split(rest, code) AS (SELECT s.health_screening || ' ', NULL FROM cases c JOIN survey s ON s.case_ref = c.id WHERE c.program = 'avr' AND c.status = 'returned' AND s.health_screening IS NOT NULL UNION ALL SELECT substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1) FROM split WHERE rest <> '') SELECT code, count(*) FROM split WHERE code IS NOT NULL GROUP BY 1;
WITH RECURSIVE split(rest, code) AS (SELECT s.journey_conditions || ' ', NULL FROM cases c JOIN survey s ON s.case_ref = c.id WHERE c.program = 'avr' AND c.status = 'returned' AND s.journey_conditions IS NOT NULL UNION ALL SELECT substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1) FROM split WHERE rest <> '') SELECT code, count(*) FROM split WHERE code IS NOT NULL GROUP BY 1;
WITH RECURSIVE split(rest, code) AS (SELECT s.abuses || ' ', NULL FROM cases c JOIN survey s ON s.case_ref = c.id WHERE c.program = 'avr' AND c.status = 'returned' AND s.abuses IS NOT NULL UNION ALL SELECT substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1) FROM split WHERE rest <> '') SELECT code, count(*) FROM split WHERE code IS NOT NULL GROUP BY 1;
WITH RECURSIVE split(rest, code) AS (SELECT s.migration_reasons || ' ', NULL FROM cases c JOIN survey s ON s.case_ref = c.id WHERE c.program = 'avr' AND c.status = 'returned' AND s.migration_reasons IS NOT NULL UNION ALL SELECT substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1) FROM split WHERE rest <> '') SELECT code, count(*) FROM split WHERE code IS NOT NULL GROUP BY 1;
WITH RECURSIVE split(rest, code) AS (SELECT s.return_reasons || ' ', NULL FROM cases c JOIN survey s ON s.case_ref = c.id WHERE c.program = 'avr' AND c.status = 'returned' AND s.return_reasons IS NOT NULL UNION ALL SELECT substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1) FROM split WHERE rest <> '') SELECT code, count(*) FROM split WHERE code IS NOT NULL GROUP BY 1;
SELECT s.regularization_started, count(*) FROM cases c JOIN survey s ON s.case_ref = c.id WHERE c.program = 'avr' AND c.status = 'returned' GROUP BY 1;
SELECT s.mexico_exit_reason, count(*) FROM cases c JOIN survey s ON s.case_ref = c.id WHERE c.program = 'avr' AND c.status = 'returned' AND s.regularization_started = 'yes' GROUP BY 1;
WITH RECURSIVE split(rest, code) AS (SELECT s.return_plans || ' ', NULL FROM cases c JOIN survey s ON s.case_ref = c.id WHERE c.program = 'avr' AND c.status = 'returned' AND s.return_plans IS NOT NULL UNION ALL SELECT substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1) FROM split WHERE rest <> '') SELECT code, count(*) FROM split WHERE code IS NOT NULL GROUP BY 1;
SELECT registration_point, substr(registration_date, 1, 7), count(*) FROM cases WHERE program = 'avr' GROUP BY 1, 2;
