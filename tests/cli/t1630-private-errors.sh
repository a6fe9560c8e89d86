#!/usr/bin/env bash
# Import errors say which column and which rule, never the personal data
# (issue 10, item 11): no birth date, no age computed from it, no name, on
# standard error, in either language, even when a shifted file puts a name
# or a birth date in a code, date or id column.
. "$(dirname "$0")/lib.sh"

HEADER=$(head -1 "$DATA/sample-cases.csv" | tr -d '\r')
ROW=$(sed -n 3p "$DATA/sample-cases.csv" | tr -d '\r')   # S-0001, Jorge Flores López, born 1948-05-25, registered 2019-04-07
sub() { local r=$ROW; while [ $# -gt 1 ]; do r=${r/$1/$2}; shift 2; done; echo "$r"; }

# private NAME ROW TEXT-THAT-MUST-NOT-SHOW... : the import fails, and stderr lacks each TEXT
private() {
	local name=$1 row=$2
	shift 2
	printf '%s\n%s\n' "$HEADER" "$row" > "$name.csv"
	for lang in en es; do
		expect 2 "$name ($lang)" -- r --db p.db --lang $lang import "$name.csv"
		has err.txt "$([ $lang = en ] && echo line || echo línea) 2" "$name ($lang): located"
		for secret in "$@"; do lacks err.txt "$secret" "$name ($lang): '$secret' not shown"; done
	done
}

# a birth date that does not exist
private bad-birth "$(sub ,1948-05-25, ,1948-02-30,)" 1948 02-30
# an adult marked unaccompanied: the age at registration (70) is not shown
private adult-umc "$(sub ',no,first_degree' ',yes,first_degree')" " 70 " "70 años" 1948
# an age that does not match the birth date: neither age shown
private age-mismatch "$(sub ,1948-05-25,, ,1948-05-25,77,)" 77 70 1948
# an age out of range from a birth date
private too-old "$(sub ,1948-05-25, ,1900-01-01, tijuana,2019-04-07, tijuana,2021-04-07, \
	,2019-04-17,2019-04-07, ,2021-04-17,2021-04-07,)" 121 1900
# an age that is not a number
private bad-age "$(sub ,1948-05-25,, ,,7o,)" 7o
# the name and the birth date in code columns (a shifted row)
private name-as-sex "$(sub ,male, ,Jorge,)" Jorge
private name-as-country "$(sub ,HND,HND, ",Flores López,HND,")" Flores López
private birth-as-status "$(sub ,returned, ,1948-05-25,)" 1948-05-25
private name-as-id "$(sub S-0001, "Jorge Flores,")" Jorge Flores
private name-as-date "$(sub ,2019-04-07, ,Jorge,)" Jorge
# a name that breaks a rule: which rule, not the name
private formula-name "$(sub ,Jorge, ",Jorge=Flores;=cmd,")" Jorge cmd
printf '%s\n%s\n' "$HEADER" "$(sub ,Jorge, ,$'Jo\xc2\x85rge',)" > c1.csv
expect 2 "a name with U+0085" -- r --db p.db import c1.csv
lacks err.txt "Jo" "the name is not shown"
# codes and event dates are still shown, they help and are not personal
printf '%s\n%s\n' "$HEADER" "$(sub ,HND,HND, ,XXX,HND,)" > code.csv
expect 2 "an unknown country" -- r --db p.db import code.csv
has err.txt "'XXX' is not an ISO 3166-1 alpha-3 country code" "a code is shown"
printf '%s\n%s\n' "$HEADER" "$(sub ,2019-04-07, ,2019-02-30,)" > event.csv
expect 2 "an impossible registration date" -- r --db p.db import event.csv
has err.txt "'2019-02-30' is not a date that exists" "an event date is shown"
same "$(q p.db 'select count(*) from cases')" 0 "nothing imported"

# an office cell of a shifted row may hold a name: only an office of the list
# is named back to someone who does not hold it
printf 'sup-gt-pass-1\n' | r --db p.db user add sup-gt --role supervisor --office gt >/dev/null 2>&1 \
	|| not_ok "user add"
printf '%s\n%s\n' "$HEADER" "$(sub ,mx, ",Maria Lopez,")" > shifted-office.csv
expect 2 "a name in the office column" -- r --db p.db --as sup-gt import shifted-office.csv
lacks err.txt "Maria Lopez" "the name in the office cell is not echoed"
printf '%s\n%s\n' "$HEADER" "$(sub ,mx, ,mx,)" > other-office.csv
expect 2 "an office not held" -- r --db p.db --as sup-gt import other-office.csv
has err.txt "you do not hold office 'mx'" "an office of the list is named"
finish
