#!/usr/bin/env bash
# A wrong --db for a command that reads does not create an empty database
# (and show an all-zero factsheet as if it were the programme's); --db ""
# is an error; a dry run creates nothing.
. "$(dirname "$0")/lib.sh"

missing() {
	local what=$1
	shift
	expect 2 "$what on a missing database" -- r --db typo.db "$@"
	has err.txt "no database at typo.db (create one with import or demo)" "$what: says so"
	[ -e typo.db ] && { not_ok "$what created typo.db"; rm -f typo.db*; } || ok
}
missing "summary" summary
missing "report" report
missing "report --public" report --public
missing "export" export
missing "case show" case show S-0001
missing "case history" case history S-0001
missing "case edit" case edit S-0001 given_names=Ana
missing "vocab list" vocab list
missing "publications" publications
missing "publish" publish
missing "user list" user list
missing "audit" audit
missing "token create" token create ana
missing "backup" backup b.db
# (bounded: a server that starts on an empty database would run until stopped)
expect 2 "serve on a missing database" -- timeout 20 "$RETORNO_BIN" --db typo.db serve --listen 127.0.0.1:0
has err.txt "no database at typo.db" "serve: says so"
[ -e typo.db ] && { not_ok "serve created typo.db"; rm -f typo.db*; } || ok
same "$(ls | grep -c '^typo')" 0 "no file at all"

# an empty file is no database either
: > empty.db
expect 2 "summary of an empty file" -- r --db empty.db summary
has err.txt "no database at empty.db" "says so"
same "$(wc -c < empty.db)" 0 "left empty"
mkdir dir.db
expect 2 "a directory as the database" -- r --db dir.db summary
has err.txt "dir.db is a directory" "says so"

# --db "" is an error, not retorno.db
expect 1 "--db ''" -- r --db "" summary
has err.txt "--db needs the name of a database file" "says so"
[ -e retorno.db ] && not_ok "retorno.db created" || ok

# a dry run creates nothing, and still checks the file against the code lists
expect 0 "import --dry-run without a database" -- r --db dry.db import --dry-run "$DATA/sample-cases.csv"
has out.txt "300 rows" "checked every row"
[ -e dry.db ] && not_ok "the dry run created dry.db" || ok
printf 'case_id,program\nS-1,nope\n' > bad.csv
expect 2 "a dry run still finds errors" -- r --db dry.db import --dry-run bad.csv
[ -e dry.db ] && not_ok "the failed dry run created dry.db" || ok

# the commands that create one still do
expect 0 "import creates the database" -- r --db made.db import -q "$DATA/sample-cases.csv"
same "$(stat -c %a made.db)" 600 "created 0600"
expect 0 "then summary reads it" -- r --db made.db summary
expect 0 "a dry run on an existing database" -- r --db made.db import --dry-run "$DATA/sample-cases.csv"
has out.txt "300 unchanged" "compared with the stored cases"
echo "a long enough password" | r --db users.db user add ana --role admin >/dev/null 2>&1
[ -e users.db ] && ok || not_ok "user add creates the database"
finish
