#!/usr/bin/env bash
# Export filters select exactly the cases they say, checked against SQL.
. "$(dirname "$0")/lib.sh"

r --db s.db import -q "$DATA/sample-cases.csv" || not_ok "sample import"
rows() { expr "$(wc -l < out.txt)" - 1; }

expect 0 "--program mpp" -- r --db s.db export --program mpp
same "$(rows)" "$(q s.db "select count(*) from cases where program='mpp'")" "mpp rows"
expect 0 "--office gt --status returned" -- r --db s.db export --office gt --status returned
same "$(rows)" "$(q s.db "select count(*) from cases where office='gt' and status='returned'")" "gt returned rows"
expect 0 "--from/--to inclusive" -- r --db s.db export --from 2020-01-01 --to 2020-06-30
same "$(rows)" "$(q s.db "select count(*) from cases where registration_date between '2020-01-01' and '2020-06-30'")" "date range"
d=$(q s.db "select min(registration_date) from cases")
expect 0 "--from equals --to" -- r --db s.db export --from "$d" --to "$d"
same "$(rows)" "$(q s.db "select count(*) from cases where registration_date='$d'")" "one day, both ends inclusive"
expect 0 "filter matching nothing" -- r --db s.db export --office gt --program mpp
same "$(rows)" 0 "header only"
expect 1 "bad status" -- r --db s.db export --status lost
expect 1 "extra argument" -- r --db s.db export extra
finish
