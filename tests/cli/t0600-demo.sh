#!/usr/bin/env bash
# The demo programme: deterministic, valid under every rule, and shaped like one.
. "$(dirname "$0")/lib.sh"

expect 0 "demo" -- r --db d.db demo --cases 3000 --seed 42
has out.txt "created 3000 demo cases" "message"
same "$(q d.db 'select count(*) from cases')" 3000 "3000 cases"
expect 0 "demo again, same seed" -- r --db e.db demo --cases 3000 --seed 42
r --db d.db export --hxl -o d.csv
r --db e.db export --hxl -o e.csv
same_file d.csv e.csv "same seed, same data"
r --db f.db demo --cases 3000 --seed 43 >/dev/null
r --db f.db export --hxl -o f.csv
if cmp -s d.csv f.csv; then not_ok "another seed gives other data"; else ok; fi

# every demo row passes the import rules
expect 0 "demo export imports cleanly" -- r --db g.db import d.csv
has out.txt "3000 rows (3000 new, 0 updated, 0 unchanged)" "all rows valid"

# shape
same "$(q d.db "select count(distinct status) from cases")" 8 "all eight statuses"
same "$(q d.db "select count(distinct program) from cases")" 2 "both programmes"
same "$(q d.db "select count(distinct registration_point) from cases")" 11 "all registration points"
same "$(q d.db "select count(*) from cases where program='mpp' and registration_point<>'ciudad_juarez'")" 0 "mpp only at Ciudad Juárez"
same "$(q d.db "select count(*) > 20 from cases where unaccompanied_minor='yes'")" 1 "unaccompanied children"
same "$(q d.db "select count(*) from cases where unaccompanied_minor='yes' and transport_mode<>'air'")" 0 "who fly"
same "$(q d.db "select count(*) from cases where office='gt' and transport_mode<>'ground'")" 0 "Guatemala by land"
same "$(q d.db "select count(*) > 100 from (select group_id from cases where group_id is not null group by group_id having count(*) > 1) as families")" 1 "families travelling together"
same "$(q d.db "select count(*) from survey s join cases c on c.id = s.case_ref where c.status<>'returned'")" 0 "survey of returnees"
share=$(q d.db "select round(100.0 * (select count(*) from survey) / count(*)) from cases where status='returned'")
if [ "${share%.*}" -ge 6 ] && [ "${share%.*}" -le 14 ]; then ok; else not_ok "survey covers about one return in ten (got $share%)"; fi
first_return=$(q d.db "select min(departure_date) from cases where status='returned'")
first_survey=$(q d.db "select min(survey_date) from survey")
if on_sqlite; then
	months=$(q d.db "select (julianday('$first_survey') - julianday('$first_return')) / 30")
else
	months=$(q d.db "select (date '$first_survey' - date '$first_return') / 30")
fi
if [ "${months%.*}" -ge 3 ]; then ok; else not_ok "survey starts months after the first returns ($months)"; fi

expect 2 "demo refuses a database with cases" -- r --db d.db demo --cases 10
has err.txt "already holds 3000 cases" "refusal says why"
same "$(q d.db 'select count(*) from cases')" 3000 "nothing added"
finish
