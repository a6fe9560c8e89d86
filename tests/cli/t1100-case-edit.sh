#!/usr/bin/env bash
# Single cases from the command line: add, edit, status moves with their
# fields, transfers, corrections; partial updates keep what was not given.
. "$(dirname "$0")/lib.sh"

r --db c.db import -q "$DATA/sample-cases.csv" || not_ok "sample import"
NEW="program=avr office=mx registration_point=tijuana registration_date=2026-11-20 sex=female age=30 nationality=HND country_of_return=HND unaccompanied_minor=no"

# add: the program assigns an id from the office and the registration year
expect 0 "add without id" -- r --db c.db case add $NEW given_names=José "family_names=Hernández López"
has out.txt "MX-2026-000001 registered as registered" "assigned id"
expect 0 "second add" -- r --db c.db case add $NEW
has out.txt "MX-2026-000002" "next number"
expect 2 "add with a taken id" -- r --db c.db case add case_id=S-0001 $NEW
has err.txt "case 'S-0001' exists already" "409-like refusal"
expect 2 "add breaking a rule" -- r --db c.db case add $NEW unaccompanied_minor=yes age=40
has err.txt "unaccompanied_minor" "rule named"
same "$(q c.db "select count(*) from cases")" 302 "refused adds wrote nothing"
expect 1 "not FIELD=VALUE" -- r --db c.db case add colour=blue

# edit: what is not named stays; FIELD= clears
id=MX-2026-000001
expect 0 "edit" -- r --db c.db case edit $id education=primary given_names=Jose
same "$(q c.db "select given_names || '|' || family_names || '|' || education from cases where case_id='$id'")" "Jose|Hernández López|primary" "only named fields changed"
expect 0 "clear" -- r --db c.db case edit $id education=
same "$(q c.db "select coalesce(education, 'NULL') from cases where case_id='$id'")" NULL "FIELD= clears"
same "$(q c.db "select version from cases where case_id='$id'")" 3 "each change a version"
expect 0 "edit equal to stored" -- r --db c.db case edit $id given_names=Jose
same "$(q c.db "select version from cases where case_id='$id'")" 3 "unchanged: same version"
for f in status office registration_point; do
	expect 2 "edit $f refused" -- r --db c.db case edit $id $f=x
done
has err.txt "changes only by a transfer" "points to transfer"

# status moves carry their fields; a caseworker-only path is tested through --as below
expect 0 "counselled with date" -- r --db c.db case status $id counselled --date 2026-11-21
expect 0 "approved" -- r --db c.db case status $id approved
expect 2 "travel booked without transport" -- r --db c.db case status $id travel_booked
has err.txt "transport_mode: is required once the status is travel_booked" "names the field"
expect 0 "travel booked by air" -- r --db c.db case status $id travel_booked transport_mode=air
same "$(q c.db "select status || '/' || transport_mode from cases where case_id='$id'")" "travel_booked/air" "move with its field"

# transfer: recorded, rules apply on the case after it
expect 2 "transfer to a land-only office with air travel" -- r --db c.db case transfer $id --office gt --point tecun_uman
has err.txt "returns people by ground only" "rule after transfer"
expect 0 "correct back" -- r --db c.db case correct $id approved --reason "booked the wrong mode"
expect 0 "clear the transport booked" -- r --db c.db case edit $id transport_mode=
expect 0 "transfer" -- r --db c.db case transfer $id --office gt --point tecun_uman
same "$(q c.db "select office || '/' || registration_point from cases where case_id='$id'")" "gt/tecun_uman" "transferred"
same "$(q c.db "select from_status || '>' || to_status from status_history h join cases c on c.id=h.case_ref where c.case_id='$id' and kind='transfer'")" "mx/tijuana>gt/tecun_uman" "transfer in history"
same "$(q c.db "select reason from status_history h join cases c on c.id=h.case_ref where c.case_id='$id' and kind='correction'")" "booked the wrong mode" "correction reason kept"
expect 1 "correct without reason" -- r --db c.db case correct $id registered
dep=$(awk -F, 'NR>2 && $20=="departed" && $4=="mx" {print $1; exit}' "$DATA/sample-cases.csv")
expect 2 "no transfer after departure" -- r --db c.db case transfer $dep --office gt --point tecun_uman
expect 0 "history" -- r --db c.db case history $id
has out.txt "created as registered" "created"
has out.txt "mx/tijuana     -> gt/tecun_uman" "transfer line"
has out.txt "correction" "correction line"

# a partial re-import keeps every column it leaves out, and the survey
s=$(awk -F, 'NR>2 && $23!="" {print $1; exit}' "$DATA/sample-cases.csv")
before=$(q c.db "select c.given_names, c.education, s.survey_date, s.abuses from cases c left join survey s on s.case_ref=c.id where c.case_id='$s'")
printf 'case_id,migration_status\n%s,other\n' "$s" > partial.csv
expect 0 "partial import" -- r --db c.db import partial.csv
has out.txt "(0 new, 1 updated, 0 unchanged)" "one updated"
same "$(q c.db "select c.given_names, c.education, s.survey_date, s.abuses from cases c left join survey s on s.case_ref=c.id where c.case_id='$s'")" "$before" "columns left out are kept, survey too"
same "$(q c.db "select migration_status from cases where case_id='$s'")" other "column given is updated"
printf 'case_id,education\n%s,\n' "$s" > clear.csv
expect 0 "empty cell clears" -- r --db c.db import clear.csv
same "$(q c.db "select coalesce(education,'NULL') from cases where case_id='$s'")" NULL "cleared"
printf 'case_id,sex\nNEW-1,male\n' > newpartial.csv
expect 2 "a new case in a partial file" -- r --db c.db import newpartial.csv
has err.txt "required column 'program' is missing" "new case needs every required column"
r --db c.db export -o all.csv
expect 0 "identical re-import" -- r --db c.db import all.csv
has out.txt "(0 new, 0 updated, 302 unchanged)" "every row unchanged"
finish
