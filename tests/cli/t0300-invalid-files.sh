#!/usr/bin/env bash
# Every file in shared/data/invalid fails on line 4, names its column, writes nothing.
. "$(dirname "$0")/lib.sh"

r --db s.db import -q "$DATA/sample-cases.csv" || not_ok "sample import"
before=$(r --db s.db export --hxl | sha256sum)
batches=$(q s.db 'select count(*) from import_batch')

# the table of shared/data/invalid/README.md
while read -r file column; do
	expect 2 "$file" -- r --db s.db import "$DATA/invalid/$file"
	has err.txt "line 4, column" "$file: line 4"
	has err.txt "($column)" "$file: column $column"
	has err.txt "nothing was imported" "$file: says nothing was imported"
	lacks err.txt "line 2," "$file: no false error on line 2"
	lacks err.txt "line 3," "$file: no false error on line 3"
	# and into an empty database too
	expect 2 "$file (empty db)" -- r --db "empty-$file.db" import "$DATA/invalid/$file"
	same "$(q "empty-$file.db" 'select count(*) from cases')" 0 "$file: empty db stays empty"
done <<'TABLE'
umc-by-ground.csv transport_mode
guatemala-by-air.csv transport_mode
mpp-outside-ciudad-juarez.csv registration_point
impossible-date.csv registration_date
unknown-code.csv nationality
none-with-other.csv abuses
survey-without-date.csv survey_date
adult-marked-unaccompanied.csv unaccompanied_minor
departure-before-registration.csv departure_date
point-of-other-office.csv registration_point
duplicate-case-id.csv case_id
TABLE
same "$(ls "$DATA"/invalid/*.csv | wc -l)" 11 "all invalid files covered"
same "$(r --db s.db export --hxl | sha256sum)" "$before" "database unchanged after all failures"
same "$(q s.db 'select count(*) from import_batch')" "$batches" "no import recorded"
finish
