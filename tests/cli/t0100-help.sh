#!/usr/bin/env bash
# Every command answers --help, and usage mistakes exit 1 with a hint.
. "$(dirname "$0")/lib.sh"

expect 0 "retorno --help" -- r --help
has out.txt "usage: retorno" "main help"
for cmd in import export demo case vocab summary; do
	expect 0 "$cmd --help" -- r "$cmd" --help
	has out.txt "usage: retorno $cmd" "$cmd help text"
done
expect 0 "--version" -- r --version
has out.txt "retorno " "version"

expect 1 "no command" -- r
expect 1 "unknown command" -- r frobnicate
has err.txt "'frobnicate' is not a command" "unknown command message"
expect 1 "unknown option" -- r import --bogus x.csv
has err.txt "Try 'retorno import --help'" "hint"
expect 1 "import without a file" -- r import
expect 1 "bad --max-errors" -- r import --max-errors abc x.csv
expect 1 "bad --cases" -- r demo --cases -5
expect 1 "export bad date" -- r --db x.db export --from 2020-02-30
has err.txt "'2020-02-30' is not a date" "date message"
r --db x.db import -q "$DATA/sample-cases.csv"   # export refuses a missing database
expect 1 "export bad program" -- r --db x.db export --program xyz
has err.txt "expected one of: avr, mpp" "program choices"
expect 1 "case without verb" -- r --db x.db case
expect 1 "case status missing arg" -- r --db x.db case status S-1
expect 1 "vocab bad verb" -- r --db x.db vocab frob
finish
