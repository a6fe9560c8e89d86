#!/usr/bin/env bash
# The counts of cases by programme, office and status (the web app's tabs and
# `summary`) and the full-text indexes of the names (the search and the
# duplicate warning) are kept by the store with every write of a case: after
# imports, adds, edits, moves, transfers, duplicates and restores the counts
# still equal a count of the rows, and FTS5's own integrity check of each index
# against the rows passes.
. "$(dirname "$0")/lib.sh"

counted() {
	q "$1" "select program, office, status, count(*) from cases where duplicate_of is null
	        group by 1, 2, 3 order by 1, 2, 3"
}
kept() {
	q "$1" "select program, office, status, n from case_count where n > 0 order by 1, 2, 3"
}
check() {
	local a b t
	a=$(counted c.db)
	b=$(kept c.db)
	if [ -n "$a" ] && [ "$a" = "$b" ]; then ok; else
		not_ok "$1: the counts kept differ from the rows"
		diff <(echo "$a") <(echo "$b") >&2
	fi
	on_sqlite || return 0   # SQLite's FTS5 indexes
	for t in case_names case_similar; do
		if sqlite3 c.db "INSERT INTO $t($t, rank) VALUES ('integrity-check', 1)" 2>err-fts.txt; then
			ok
		else
			not_ok "$1: the index $t differs from the rows: $(cat err-fts.txt)"
		fi
	done
}

r --db c.db import -q "$DATA/sample-cases.csv" || not_ok "sample import"
check "after the import"
NEW="program=avr office=mx registration_point=tijuana registration_date=2026-11-20 sex=female age=30 nationality=HND country_of_return=HND unaccompanied_minor=no"
r --db c.db case add $NEW given_names=José "family_names=Hernández López" >/dev/null || not_ok "add"
r --db c.db case add $NEW >/dev/null || not_ok "add 2"
check "after two adds"
id=MX-2026-000001
r --db c.db case status $id counselled --date 2026-11-21 >/dev/null || not_ok "move"
check "after a move"
r --db c.db case edit $id given_names=Josefina "family_names=Pérez Núñez" >/dev/null || not_ok "edit names"
check "after an edit of the names"
if on_sqlite; then   # FTS5
	same "$(q c.db "select case_id from cases where id in (select rowid from case_names
		where case_names match '\"josef\"* \"nunez\"*')")" "$id" "the edited names are found"
	same "$(q c.db "select count(*) from case_names where case_names match '\"hernandez\"*'
		and rowid = (select id from cases where case_id = '$id')")" 0 "the old names are gone from the index"
fi
r --db c.db case transfer $id --office gt --point tecun_uman >/dev/null || not_ok "transfer"
check "after a transfer"
r --db c.db case duplicate MX-2026-000002 --of $id >/dev/null || not_ok "mark duplicate"
check "after marking a duplicate"
same "$(q c.db "select coalesce(sum(n), 0) from case_count")" "$(( $(q c.db "select count(*) from cases") - 1 ))" "the duplicate is not counted"
r --db c.db case duplicate MX-2026-000002 --restore >/dev/null || not_ok "restore"
check "after the restore"
# an import that moves cases on (status changes as moves) and edits others
r --db c.db export -o all.csv 2>/dev/null || not_ok "export"
sed -i '2,20s/,registered,/,counselled,/' all.csv
r --db c.db import -q all.csv >/dev/null 2>&1
check "after a second import"
expect 0 "summary" -- r --db c.db summary
has out.txt "$(q c.db "select count(*) from cases where duplicate_of is null")" "summary counts every case"
finish
