#!/usr/bin/env bash
# Hostile and broken files: each fails with a clear, located error, never
# crashes or hangs, and writes nothing.
. "$(dirname "$0")/lib.sh"

HEADER=$(head -1 "$DATA/sample-cases.csv" | tr -d '\r')
ROW=$(sed -n 3p "$DATA/sample-cases.csv" | tr -d '\r')   # S-0001, a valid returned case

# bad FILE DESCRIPTION TEXT...: import fails with exit 2, stderr has each TEXT, nothing written
bad() {
	local file=$1 what=$2
	shift 2
	expect 2 "$what" -- timeout 60 "$RETORNO_BIN" --db b.db import "$file"
	for text in "$@"; do has err.txt "$text" "$what"; done
	same "$(q b.db 'select count(*) from cases')" 0 "$what: nothing written"
	same "$(q b.db 'select count(*) from import_batch')" 0 "$what: no import recorded"
}

: > empty.csv
bad empty.csv "empty file" "the file is empty"

printf '%s\n' "$HEADER" > header-only.csv
expect 0 "header only" -- r --db b.db import header-only.csv
has err.txt "no data rows" "header only is reported"
same "$(q b.db 'select count(*) from import_batch')" 0 "header only writes nothing"

printf '%s,favourite_colour\n%s,blue\n' "$HEADER" "$ROW" > unknown-col.csv
bad unknown-col.csv "unknown column" "line 1, column 33" "unknown column 'favourite_colour'"
expect 0 "unknown column ignored when asked" -- r --db ok.db import --ignore-unknown-columns unknown-col.csv
same "$(q ok.db 'select count(*) from cases')" 1 "row imported without the column"

printf '%s\n%s\n' "$(echo "$HEADER" | sed 's/,sex,/,gender,/')" "$ROW" > missing-col.csv
bad missing-col.csv "missing required column" "required column 'sex' is missing"

printf '%s\n%s\n' "$HEADER" "$(echo "$ROW" | sed 's/,1948-05-25,,/,,abc,/')" > wrong-type.csv
bad wrong-type.csv "wrong type" "line 2, column 11 (age)" "not a whole number"

long=$(head -c 201 /dev/zero | tr '\0' 'a')
printf '%s\n%s\n' "$HEADER" "$(echo "$ROW" | sed "s/,Jorge,/,$long,/")" > overlong.csv
bad overlong.csv "overlong text" "(given_names)" "at most 200 characters"

{ printf '%s\n' "$HEADER"; printf 'S-1,,avr,mx,tijuana,2019-04-07,'; head -c 10485760 /dev/zero | tr '\0' 'x'; printf ',x\n'; } > huge-field.csv
bad huge-field.csv "10 MB field" "line 2" "longer than"

printf '%s\n%s\n' "$HEADER" "$(echo "$ROW" | sed 's/,Jorge,/,J\xf6rge,/')" > latin1.csv
bad latin1.csv "invalid UTF-8" "(given_names)" "not valid UTF-8"

head -c 65536 "$RETORNO_BIN" > binary.csv
bad binary.csv "binary file" "binary.csv"

printf '%s\n%s\n"unterminated,1\n' "$HEADER" "$ROW" > unterminated.csv
bad unterminated.csv "unterminated quote" "malformed CSV"

printf '%s\n%s,extra\n' "$HEADER" "$ROW" > ragged.csv
bad ragged.csv "too many fields in a row" "line 2" "has 33 fields but the header has 32"

# more errors than are listed: capped, with a count of the rest
{ printf '%s\n' "$HEADER"; for i in $(seq 1 250); do echo "$ROW" | sed "s/^S-0001,/E-$i,/; s/,HND,HND,/,XXX,HND,/"; done; } > many.csv
bad many.csv "many errors" "and 150 more errors" "250 errors in 250 rows"
same "$(grep -c 'is not an ISO' err.txt)" 100 "100 errors listed by default"
expect 2 "--max-errors" -- r --db b.db import --max-errors 5 many.csv
same "$(grep -c 'is not an ISO' err.txt)" 5 "--max-errors 5"

# what is valid: BOM, CRLF, quoted commas, HXL row, columns in another order, columns left out
printf '\xef\xbb\xbfsex,case_id,registration_point,office,program,registration_date,age,nationality,country_of_return,unaccompanied_minor,status,given_names\r\n#respondee+sex,#meta+id,#loc+code,#org+office+code,#activity+code,#date+registered,#respondee+age,#country+code+origin,#country+code+dest,#respondee+umc,#status+case,#respondee+name+given\r\nfemale,Q-1,tijuana,mx,avr,2020-01-02,30,HND,HND,no,registered,"Pérez, Ana"\r\n' > fancy.csv
expect 0 "BOM, CRLF, HXL, quotes, reordered and missing columns" -- r --db f.db import fancy.csv
same "$(q f.db "select given_names from cases where case_id='Q-1'")" "Pérez, Ana" "quoted comma kept"
same "$(q f.db "select sex || ',' || age from cases where case_id='Q-1'")" "female,30" "columns matched by name"

# a quoted newline inside a name is rejected, and the error names the record's first line
printf '%s\n%s\n%s\n' "$HEADER" "$ROW" "$(echo "$ROW" | sed 's/^S-0001,/S-2,/; s/,Jorge,/,"Jor\nge",/')" > newline.csv
bad newline.csv "newline inside a name" "line 3, column 7 (given_names)" "control character"
finish
