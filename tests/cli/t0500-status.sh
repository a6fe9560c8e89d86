#!/usr/bin/env bash
# The status graph: forward moves only, withdrawal until departure, history kept.
. "$(dirname "$0")/lib.sh"

# a registered AVR case of the Mexico office in the sample
id=$(awk -F, 'NR>2 && $3=="avr" && $20=="registered" && $4=="mx" {print $1; exit}' "$DATA/sample-cases.csv")
r --db s.db import -q "$DATA/sample-cases.csv" || not_ok "sample import"

expect 0 "registered -> counselled" -- r --db s.db case status "$id" counselled --date 2020-12-01
has out.txt "$id is now counselled" "message"
same "$(q s.db "select counselling_date from cases where case_id='$id'")" 2020-12-01 "--date sets counselling_date"
expect 0 "counselled -> approved" -- r --db s.db case status "$id" approved
expect 2 "approved -> travel_booked without transport" -- r --db s.db case status "$id" travel_booked
has err.txt "transport_mode: is required once the status is travel_booked" "names the missing field"
expect 2 "approved -> registered (backward)" -- r --db s.db case status "$id" registered
has err.txt "statuses only move forward" "backward refused"
expect 2 "approved -> ineligible (too late)" -- r --db s.db case status "$id" ineligible
expect 0 "approved -> withdrawn" -- r --db s.db case status "$id" withdrawn --date 2020-12-05
expect 2 "withdrawn -> approved" -- r --db s.db case status "$id" approved
expect 1 "unknown status" -- r --db s.db case status "$id" vanished
expect 2 "unknown case" -- r --db s.db case status NOPE-1 approved
has err.txt "there is no case 'NOPE-1'" "unknown case message"

expect 0 "history" -- r --db s.db case history "$id"
same "$(grep -c -- '->' out.txt)" 3 "three moves recorded"
has out.txt "registered     -> counselled" "first move"
has out.txt "approved       -> withdrawn" "last move"
has out.txt "$ME" "who: local:LOGIN"
same "$(q s.db "select count(*) from status_history where actor='$ME' and source='cli' and kind='status'")" 3 "history rows"

# a departed case cannot be withdrawn
dep=$(awk -F, 'NR>2 && $20=="departed" {print $1; exit}' "$DATA/sample-cases.csv")
expect 2 "departed -> withdrawn" -- r --db s.db case status "$dep" withdrawn
expect 0 "departed -> returned" -- r --db s.db case status "$dep" returned

# an import may not move a case backward either, and then writes nothing
r --db s.db export -o now.csv
sed "s/^$dep,\(.*\),returned,/$dep,\1,departed,/" now.csv > back.csv
expect 2 "import moving a case backward" -- r --db s.db import back.csv
has err.txt "(status): cannot move from 'returned' to 'departed'" "import backward refused"
same "$(q s.db "select status from cases where case_id='$dep'")" returned "unchanged"

# an import moving a case forward records it in the history
reg=$(awk -F, 'NR>2 && $20=="counselled" && $3=="avr" {print $1; exit}' now.csv)
sed "s/^$reg,\(.*\),counselled,/$reg,\1,approved,/" now.csv > fwd.csv
expect 0 "import moving a case forward" -- r --db s.db import fwd.csv
same "$(q s.db "select from_status || '>' || to_status || ':' || source from status_history h join cases c on c.id = h.case_ref where c.case_id='$reg' and h.kind='status'")" "counselled>approved:import" "import move in history"

expect 0 "case show" -- r --db s.db case show "$id"
has out.txt "status                  withdrawn" "show prints fields"
has out.txt "status history:" "show prints history"
finish
