#!/usr/bin/env bash
# A command whose standard output cannot be written (a full disk: /dev/full)
# fails, and says so: a summary that was never written must not look done.
. "$(dirname "$0")/lib.sh"

if [ ! -c /dev/full ]; then
	echo "$(basename "$0"): 0 passed, 0 failed (skipped: no /dev/full)"
	exit 0
fi
r --db f.db import -q "$DATA/sample-cases.csv" || not_ok "import"
echo "a long enough password" | r --db f.db user add ana --role analyst >/dev/null 2>&1
# a case with a history (an imported case has none until it changes)
id=$(q f.db "select case_id from cases where status = 'registered' limit 1")
day=$(q f.db "select registration_date from cases where case_id = '$id'")
r --db f.db case status "$id" counselled --date "$day" >/dev/null || not_ok "a status move"

full() {
	local what=$1
	shift
	"$RETORNO_BIN" "$@" >/dev/full 2>err.txt
	local got=$?
	if [ "$got" = 2 ]; then ok; else not_ok "$what >/dev/full: exit $got, wanted 2"; fi
	has err.txt "standard output: No space left on device" "$what: says why"
}

full "summary" --db f.db summary
full "case show" --db f.db case show S-0001
full "case history" --db f.db case history "$id"
full "vocab list" --db f.db vocab list
full "vocab list LIST" --db f.db vocab list status
full "report" --db f.db report
full "report json" --db f.db report --format json
full "export" --db f.db export
full "audit" --db f.db audit
full "user list" --db f.db user list
full "publications" --db f.db publications
full "help" --help
full "version" --version
full "command help" --db f.db summary --help

# a write that succeeds is still 0
expect 0 "summary to a file" -- r --db f.db summary
finish
