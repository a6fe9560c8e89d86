#!/usr/bin/env bash
# Administrators extend the code lists without recompiling.
. "$(dirname "$0")/lib.sh"

expect 0 "vocab list" -- r --db v.db vocab list
has out.txt "registration_point" "lists shown"
expect 0 "vocab list registration_point" -- r --db v.db vocab list registration_point
has out.txt "tecun_uman" "Tecún Umán listed"
has out.txt "Ciudad Juárez" "labels"
has out.txt "programmes: avr mpp" "point rules shown"
expect 0 "vocab list sex" -- r --db v.db vocab list sex
has out.txt "Women / Mujeres" "English and Spanish labels"
same "$(q v.db "select count(*) from vocab where list='country'")" 249 "ISO 3166-1 countries"

HEADER=$(head -1 "$DATA/sample-cases.csv" | tr -d '\r')
ROW=$(sed -n 3p "$DATA/sample-cases.csv" | tr -d '\r' | sed 's/,tijuana,/,reynosa,/')
printf '%s\n%s\n' "$HEADER" "$ROW" > reynosa.csv
expect 2 "unknown point before it is added" -- r --db v.db import reynosa.csv
expect 0 "add a registration point" -- r --db v.db vocab add registration_point reynosa --office mx --programs avr --en Reynosa --es Reynosa
expect 0 "now the point is accepted" -- r --db v.db import reynosa.csv
expect 2 "duplicate code" -- r --db v.db vocab add registration_point reynosa --office mx --programs avr --en R --es R
has err.txt "already a code" "duplicate message"
expect 2 "fixed list" -- r --db v.db vocab add status archived --en Archived --es Archivado
has err.txt "cannot be extended" "fixed list message"
expect 2 "bad code" -- r --db v.db vocab add occupation_sector "Fishing!" --en Fishing --es Pesca
expect 2 "missing label" -- r --db v.db vocab add occupation_sector fishing --en Fishing
expect 2 "formula label" -- r --db v.db vocab add occupation_sector fishing --en "=HYPERLINK(1)" --es Pesca
has err.txt "not starting with = + - or @" "formula label refused"
expect 2 "point of unknown office" -- r --db v.db vocab add registration_point x --office zz --programs avr --en X --es X
expect 0 "add an occupation" -- r --db v.db vocab add occupation_sector fishing --en Fishing --es Pesca
expect 0 "add an office" -- r --db v.db vocab add office hn --country HND --transport "ground air" --en Honduras --es Honduras
expect 0 "list offices" -- r --db v.db vocab list office
has out.txt "country HND; transport: ground air" "office rules"
same "$(q v.db "select count(*) from audit_log where action='vocab_add'")" 3 "additions audited"
finish
