#!/usr/bin/env bash
# One check of text everywhere it comes in (issue 10, items 7 and 14): C1
# control characters (U+0085 NEXT LINE, U+009B CSI), the line and paragraph
# separators and bidirectional controls (an RLO shows "LIVE" as "EVIL") are
# refused in names on import, in `case add`/`case edit`, in a correction's
# reason and in code-list labels; accents and emoji are text.
. "$(dirname "$0")/lib.sh"

HEADER=$(head -1 "$DATA/sample-cases.csv" | tr -d '\r')
ROW=$(sed -n 3p "$DATA/sample-cases.csv" | tr -d '\r')   # S-0001, Jorge
row() { echo "${ROW/,Jorge,/,$1,}"; }

NEL=$'\xc2\x85' CSI=$'\xc2\x9b' LSEP=$'\xe2\x80\xa8' PSEP=$'\xe2\x80\xa9'
RLO=$'\xe2\x80\xae' LRI=$'\xe2\x81\xa6' RLM=$'\xe2\x80\x8f' ZWSP=$'\xe2\x80\x8b' ALM=$'\xd8\x9c'

# import: each refused, located, named by its code point, nothing written
while read -r name char code kind; do
	printf '%s\n%s\n' "$HEADER" "$(row "Jo${char}rge")" > "$name.csv"
	expect 2 "import: $name in a name" -- r --db i.db import "$name.csv"
	has err.txt "line 2, column 7 (given_names)" "$name: located"
	has err.txt "($code)" "$name: the character named"
	has err.txt "$kind" "$name: $kind"
	lacks err.txt "Jo" "$name: the name itself is not shown"
done <<EOF
nel $NEL U+0085 control character
csi $CSI U+009B control character
line-separator $LSEP U+2028 control character
paragraph-separator $PSEP U+2029 control character
rlo $RLO U+202E invisible formatting character
lri $LRI U+2066 invisible formatting character
rlm $RLM U+200F invisible formatting character
zwsp $ZWSP U+200B invisible formatting character
alm $ALM U+061C invisible formatting character
EOF
same "$(q i.db 'select count(*) from cases')" 0 "nothing imported"
printf '%s\n%s\n' "$HEADER" "$(row 'Jörge Ñandú 😀 محمد')" > fine.csv
expect 0 "accents, emoji and Arabic are text" -- r --db i.db import fine.csv

# the command line: case add, case edit, a correction's reason
r --db c.db import -q "$DATA/sample-cases.csv" || not_ok "sample import"
NEW="program=avr office=mx registration_point=tijuana registration_date=2024-11-20 sex=female age=30 nationality=HND country_of_return=HND unaccompanied_minor=no"
expect 2 "case add with U+0085 in a name" -- r --db c.db case add $NEW "given_names=Ana${NEL}"
has err.txt "U+0085" "named"
expect 2 "case edit with an RLO in a name" -- r --db c.db case edit S-0001 "family_names=${RLO}LIVE"
has err.txt "U+202E" "named"
expect 2 "case edit with a formula after ';'" -- r --db c.db case edit S-0001 "given_names=Ana;=1+1"
has err.txt "followed by '='" "the formula guard holds for edits"
same "$(q c.db "select given_names || '|' || family_names from cases where case_id='S-0001'")" "Jorge|Flores López" "unchanged"
expect 0 "case edit with accents" -- r --db c.db case edit S-0001 "given_names=Jörge"
id=$(awk -F, 'NR>2 && $20=="approved" && $4=="mx" {print $1; exit}' "$DATA/sample-cases.csv")
expect 2 "a correction whose reason has an RLO" -- r --db c.db case correct "$id" registered --reason "typo${RLO}"
has err.txt "U+202E" "named"

# code-list labels: vocab add and vocab set
expect 2 "vocab add with an RLO label" -- r --db c.db vocab add occupation_sector fishing --en "${RLO}LIVE" --es Pesca
has err.txt "invisible formatting" "why"
expect 2 "vocab add with U+0085" -- r --db c.db vocab add occupation_sector fishing --en "Fish${NEL}" --es Pesca
expect 2 "vocab add with a formula after ','" -- r --db c.db vocab add occupation_sector fishing --en "Fishing, =1+1" --es Pesca
expect 0 "vocab add, a fine label" -- r --db c.db vocab add occupation_sector fishing --en "Fishing 🐟" --es "Pesca"
expect 2 "vocab set with U+2066" -- r --db c.db vocab set occupation_sector fishing --label-en "Fish${LRI}ing"
same "$(q c.db "select label_en from vocab where list='occupation_sector' and code='fishing'")" "Fishing 🐟" "label unchanged"
finish
