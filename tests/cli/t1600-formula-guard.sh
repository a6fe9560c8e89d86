#!/usr/bin/env bash
# The CSV formula guard (issue 10, item 6): no cell of an export is a formula
# for a spreadsheet that splits on ',', ';' or TAB, whatever the database holds;
# a value that would be one is refused on import (at the start, or after a
# separator inside it); ids start with a letter or a digit; and what retorno
# accepts round-trips byte for byte.
. "$(dirname "$0")/lib.sh"

HEADER=$(head -1 "$DATA/sample-cases.csv" | tr -d '\r')
ROW=$(sed -n 3p "$DATA/sample-cases.csv" | tr -d '\r')   # S-0001, Jorge
# row NAME: the sample's first case with given_names NAME (no quoting: test names have no comma)
row() { echo "${ROW/,Jorge,/,$1,}"; }

# cells: every cell of a CSV file as a spreadsheet that splits on $2 reads it
cells() {
	python3 - "$1" "$2" <<'EOF'
import csv, sys
sep = {"comma": ",", "semicolon": ";", "tab": "\t"}[sys.argv[2]]
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for rec in csv.reader(f, delimiter=sep, quotechar='"'):
        for cell in rec:
            print(cell)
EOF
}
# formulas FILE: the cells that a spreadsheet would run, for each separator
formulas() {
	for sep in comma semicolon tab; do cells "$1" $sep; done | grep -E "^ *[-=+@]" | grep -vE '^ *[-+]?[0-9]+(\.[0-9]+)?%?$'
}

# 1. refused on import: at the start, after ';' or ',' inside, and ids
printf '%s\n%s\n' "$HEADER" "$(row "Ana;=cmd|' /C calc'!A0;x")" > semi-formula.csv
expect 2 "a formula after ';' inside a name" -- r --db a.db import semi-formula.csv
has err.txt "line 2, column 7 (given_names)" "located"
has err.txt "may not hold ';' followed by '='" "says why"
printf '%s\n%s\n' "$HEADER" "$(row '"Ana, @SUM(A1)"')" > comma-formula.csv
expect 2 "a formula after ', ' inside a name" -- r --db a.db import comma-formula.csv
has err.txt "may not hold ',' followed by '@'" "comma, then spaces, then @"
printf '%s\n%s\n' "$HEADER" "$(echo "$ROW" | sed 's/^S-0001,G-0001,/-A1,G-0001,/')" > dash-id.csv
expect 2 "a case_id that starts with '-'" -- r --db a.db import dash-id.csv
has err.txt "line 2, column 1 (case_id): must start with a letter or a digit, not '-'" "says why"
printf '%s\n%s\n' "$HEADER" "$(echo "$ROW" | sed 's/^S-0001,G-0001,/S-0001,+G1,/')" > plus-group.csv
expect 2 "a group_id that starts with '+'" -- r --db a.db import plus-group.csv
has err.txt "(group_id): may contain only letters, digits" "a '+' is not an id character"
printf '%s\n%s\n' "$HEADER" "$(row "'=1+1")" > quoted-formula.csv
expect 2 "the guard's own form, '=, is refused too" -- r --db a.db import quoted-formula.csv
has err.txt "may not start with '='" "the apostrophe is the guard's"
same "$(q a.db 'select count(*) from cases')" 0 "nothing imported"

# 2. what the database holds from before: the export guards it
r --db g.db import -q "$DATA/sample-cases.csv" || not_ok "sample import"
q g.db "update cases set given_names = 'Ana;=cmd|'' /C calc''!A0;x' where case_id = 'S-0001';
	update cases set case_id = '-A1' where case_id = 'S-0002';
	update cases set family_names = '@SUM(1+1)*cmd|'' /C calc''!A0' where case_id = 'S-0003';
	update cases set given_names = 'Luz	=1+1' where case_id = 'S-0004';"
expect 0 "export" -- r --db g.db export -o g.csv
same "$(formulas g.csv | head -3)" "" "no cell is a formula, split on ',', ';' or TAB"
has g.csv "\"Ana;'=cmd|' /C calc'!A0;x\"" "a cell inside a field is guarded"
has g.csv "'-A1," "a leading '-' is guarded with an apostrophe"
has g.csv ",'@SUM(1+1)*cmd" "a leading '@' too"
expect 0 "export separated by ';'" -- r --db g.db export --separator ';' -o g-semi.csv
same "$(formulas g-semi.csv | head -3)" "" "the ';' export is guarded too"
# the guarded rows are what the rules refuse: re-importing says so, changes nothing
expect 2 "re-import of the guarded export" -- r --db g2.db import g.csv
has err.txt "(case_id): must start with a letter or a digit, not '-'" "the guard is undone, the rule speaks"
has err.txt "(family_names): may not start with '@'" "for names too"
same "$(q g2.db 'select count(*) from cases')" 0 "nothing imported"

# 3. what retorno accepts round-trips byte for byte, ';' and ',' inside names included
{ printf '%s\n' "$HEADER"; row '"Ana; Luz"'; echo "$ROW" | sed 's/^S-0001,/S-0002,/; s/,Jorge,/,"Pérez, -Ana",/'; } > ok.csv
expect 2 "', -' inside a name is a formula for a spreadsheet that splits on ','" -- r --db o.db import ok.csv
{ printf '%s\n' "$HEADER"; row '"Ana; Luz"'; echo "$ROW" | sed 's/^S-0001,/S-0002,/; s/,Jorge,/,"Pérez, Ana-Luz",/'; } > ok.csv
expect 0 "names with ';', ',' and '-' inside" -- r --db o.db import ok.csv
r --db o.db export -o o1.csv 2>/dev/null
r --db o2.db import -q o1.csv || not_ok "re-import"
r --db o2.db export -o o2.csv 2>/dev/null
same_file o1.csv o2.csv "export, import, export: byte-identical"
same "$(q o2.db "select given_names from cases where case_id='S-0001'")" "Ana; Luz" "the name is kept"
r --db s.db import -q "$DATA/sample-cases.csv"
r --db s.db export --hxl -o s.csv 2>/dev/null
same_file s.csv "$DATA/sample-cases.csv" "the sample exports byte for byte"
r --db s.db export --hxl --separator ';' -o s-semi.csv 2>/dev/null
r --db s2.db import -q s-semi.csv || not_ok "a ';' export imports"
r --db s2.db export --hxl -o s2.csv 2>/dev/null
same_file s2.csv "$DATA/sample-cases.csv" "and round-trips"
expect 1 "--separator is ',' or ';'" -- r --db s.db export --separator '|'
has err.txt "--separator is ',' or ';'" "says so"

# 4. code-list labels in the report's CSV: guarded too
q s.db "update vocab set label_en = '-Honduras' where list = 'country' and code = 'HND'"
expect 0 "report as CSV" -- r --db s.db report --format csv -o rep.csv
has rep.csv "'-Honduras" "a label from before is guarded"
same "$(formulas rep.csv | head -3)" "" "no formula in the report's CSV"
finish
