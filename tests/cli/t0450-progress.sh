#!/usr/bin/env bash
# Long imports show progress on a terminal, and only there.
. "$(dirname "$0")/lib.sh"
command -v script >/dev/null || { echo "$(basename "$0"): 0 passed, 0 failed (no script(1))"; exit 0; }

r --db d.db demo --cases 70000 --seed 2 >/dev/null
r --db d.db export -o big.csv 2>/dev/null
# script(1) gives the command a terminal
script -qec "'$RETORNO_BIN' --db t.db import big.csv" /dev/null > tty.txt 2>&1
tr '\r' '\n' < tty.txt > tty-lines.txt
has tty-lines.txt "importing:" "progress on a terminal"
has tty-lines.txt "65536 rows" "progress counts rows"
has tty-lines.txt "70000 rows (70000 new, 0 updated, 0 unchanged)" "then the summary"
same "$(q t.db 'select count(*) from cases')" 70000 "all imported"
expect 0 "import without a terminal" -- r --db u.db import big.csv
lacks err.txt "importing:" "no progress when stderr is not a terminal"
finish
