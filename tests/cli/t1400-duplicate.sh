#!/usr/bin/env bash
# Duplicates at the command line: `case duplicate ID --of ORIGINAL` takes a case
# out of every list, count, export and factsheet, keeps it readable with its
# history and audit rows; `--restore` brings it back. Supervisors and admins of
# the case's office only; no case may be a duplicate of itself or of a duplicate.
. "$(dirname "$0")/lib.sh"

r --db d.db import -q "$DATA/sample-cases.csv" || not_ok "sample import"
# three returned avr cases of mx, and a case of gt
set -- $(awk -F, 'NR>2 && $4=="mx" && $3=="avr" && $20=="returned" {print $1}' "$DATA/sample-cases.csv" | head -3)
dup=$1 orig=$2 third=$3
gt=$(awk -F, 'NR>2 && $4=="gt" {print $1; exit}' "$DATA/sample-cases.csv")
echo "supervisor pass 1" | r --db d.db user add sam --role supervisor --office mx >/dev/null 2>&1 || not_ok "user sam"
echo "caseworker pass 1" | r --db d.db user add cat --role caseworker --office mx >/dev/null 2>&1 || not_ok "user cat"
echo "supervisor pass 2" | r --db d.db user add gus --role supervisor --office gt >/dev/null 2>&1 || not_ok "user gus"

total() { r --db d.db summary | sed -n 's/.*: \([0-9]*\) cases$/\1/p'; }
returns() { r --db d.db report --office mx --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["indicators"]["returns_total"]["value"])'; }
exported() { rm -f x.csv; r --db d.db export -o x.csv >/dev/null 2>&1; grep -c "^$1," x.csv; }
total0=$(total) returns0=$(returns)
same "$(exported "$dup")" 1 "exported before"

# the help and the usage errors
expect 0 "help" -- r case --help
has out.txt "retorno case duplicate ID --of ORIGINAL" "help names duplicate"
has out.txt "--restore" "help names --restore"
expect 1 "neither --of nor --restore" -- r --db d.db case duplicate "$dup"
has err.txt "needs either --of ORIGINAL or --restore" "says what is missing"
expect 1 "both --of and --restore" -- r --db d.db case duplicate "$dup" --of "$orig" --restore
expect 1 "--of with another verb" -- r --db d.db case show "$dup" --of "$orig"
has err.txt "--of and --restore go with 'case duplicate'" "says where --of goes"
expect 1 "no case id" -- r --db d.db case duplicate --of "$orig"
expect 1 "an empty --of" -- r --db d.db case duplicate "$dup" --of ""

# refusals change nothing
expect 2 "a caseworker may not" -- r --db d.db --as cat case duplicate "$dup" --of "$orig"
has err.txt "your role may not mark a case as a duplicate" "says the role may not"
expect 2 "another office's supervisor: as if unknown" -- r --db d.db --as gus case duplicate "$dup" --of "$orig"
has err.txt "there is no case '$dup'" "reads like an unknown case"
expect 2 "a duplicate of itself" -- r --db d.db case duplicate "$dup" --of "$dup"
has err.txt "duplicate_of: a case cannot be a duplicate of itself" "names the field"
expect 2 "a duplicate of an unknown case" -- r --db d.db case duplicate "$dup" --of NOPE-1
has err.txt "duplicate_of: there is no case 'NOPE-1'" "unknown original"
expect 2 "an original of another office reads as unknown" -- r --db d.db --as sam case duplicate "$dup" --of "$gt"
has err.txt "duplicate_of: there is no case '$gt'" "as if unknown"
same "$(q d.db "select count(*) from cases where duplicate_of is not null")" 0 "nothing marked"
same "$(q d.db "select count(*) from audit_log where action in ('case_duplicate', 'case_restore')")" 0 "nothing audited"

# marking
expect 0 "a supervisor marks a duplicate" -- r --db d.db --as sam case duplicate "$dup" --of "$orig"
has out.txt "$dup is now marked a duplicate of $orig" "says so"
same "$(q d.db "select duplicate_of || '|' || version from cases where case_id = '$dup'")" "$orig|2" "recorded, a new version"
same "$(total)" $((total0 - 1)) "one case fewer in the summary"
same "$(returns)" $((returns0 - 1)) "one return fewer in the factsheet"
same "$(exported "$dup")" 0 "not exported"
expect 0 "still shown alone" -- r --db d.db case show "$dup"
has out.txt "duplicate_of            $orig" "with its original"
has out.txt "marked a duplicate of $orig (cli)" "in its history"
same "$(q d.db "select actor || '|' || office from audit_log where action = 'case_duplicate' and target = '$dup'")" "sam|mx" "audited: who, which office"
expect 0 "marking it again" -- r --db d.db case duplicate "$dup" --of "$orig"
same "$(q d.db "select version from cases where case_id = '$dup'")" 2 "changes nothing"

# no chains
expect 2 "a duplicate of a duplicate" -- r --db d.db case duplicate "$third" --of "$dup"
has err.txt "case '$dup' is itself marked a duplicate of '$orig'" "points at the original"
expect 2 "a case with duplicates cannot become one" -- r --db d.db case duplicate "$orig" --of "$third"
has err.txt "1 case is marked a duplicate of this case" "says why"

# an import of the duplicate's row updates it; it stays a duplicate
printf 'case_id,education\n%s,secondary\n' "$dup" > edu.csv
expect 0 "import the duplicate's row" -- r --db d.db import edu.csv
same "$(q d.db "select education || '|' || duplicate_of from cases where case_id = '$dup'")" "secondary|$orig" "updated, still a duplicate"
same "$(total)" $((total0 - 1)) "still out of the summary"

# the index of possible duplicates follows the names and birth date of a case
# when they change
expect 0 "edit the names and the birth date" -- r --db d.db case edit "$third" given_names=Zoë "family_names=Núñez de la Cruz" birth_date=1990-05-05 age=
same "$(q d.db "select similar_keys from cases where case_id = '$third'")" "soe0nun soe0kru b19900505 n$(q d.db "select lower(nationality) from cases where case_id = '$third'")" "its keys"
if on_sqlite; then   # SQLite's FTS5 index of the keys
	same "$(q d.db "select count(*) from case_similar where case_similar match '\"soe0kru\"'")" 1 "found in the index by its new names"
	same "$(q d.db "select count(*) from case_similar where case_similar match '\"b19900505\" AND \"soe0nun\"'")" 1 "and its new birth date"
	expect 0 "the index agrees with the table" -- q d.db "insert into case_similar(case_similar, rank) values ('integrity-check', 1)"
fi

# restoring, in Spanish
expect 0 "restore" -- r --db d.db --lang es --as sam case duplicate "$dup" --restore
has out.txt "$dup está restaurado" "says so in Spanish"
same "$(q d.db "select coalesce(duplicate_of, 'NULL') from cases where case_id = '$dup'")" NULL "not a duplicate"
same "$(total)" "$total0" "back in the summary"
same "$(returns)" "$returns0" "back in the factsheet"
same "$(exported "$dup")" 1 "exported again"
expect 0 "history" -- r --db d.db case history "$dup"
has out.txt "restored, was a duplicate of $orig (cli)" "the restoring in the history"
same "$(q d.db "select count(*) from audit_log where action = 'case_restore' and target = '$dup'")" 1 "the restoring is audited"
finish
