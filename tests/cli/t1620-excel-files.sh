#!/usr/bin/env bash
# Excel's files as people save them (issue 10, item 9): a UTF-16 file ("Unicode
# Text") and a Windows-1252 one (plain "CSV") are named, with the place of the
# first bad byte, and imported when --encoding says so; a file separated by
# ';' (Excel in Spanish) is read by its header; years outside 1900-2199 have
# their own message; `export -o DIR` names the path.
. "$(dirname "$0")/lib.sh"

S="$DATA/sample-cases.csv"
r --db ref.db import -q "$S" || not_ok "sample import"
r --db ref.db export --hxl -o ref.csv 2>/dev/null

# imported FILE DB WHAT: the file gave the sample's 300 cases, byte for byte
imported() {
	r --db "$2" export --hxl -o "$2.csv" 2>/dev/null
	same_file "$2.csv" ref.csv "$3: the same cases as the UTF-8 sample"
}

# UTF-16: little-endian with its mark (what Excel saves), big-endian, and without a mark
iconv -f utf-8 -t utf-16le "$S" | { printf '\xff\xfe'; cat; } > le.csv
iconv -f utf-8 -t utf-16be "$S" | { printf '\xfe\xff'; cat; } > be.csv
iconv -f utf-8 -t utf-16le "$S" > le-nobom.csv
for f in le be le-nobom; do
	expect 2 "$f: UTF-16 named" -- r --db u.db import $f.csv
	has err.txt "$f.csv: this file is UTF-16" "$f: says UTF-16"
	has err.txt "save it as \"CSV UTF-8\", or import it with --encoding utf-16" "$f: says what to do"
	same "$(grep -c 'unknown column' err.txt)" 0 "$f: not 32 unknown columns"
	expect 0 "$f: --encoding utf-16" -- r --db "$f.db" import --encoding utf-16 $f.csv
	imported $f.csv "$f.db" "$f"
done
expect 2 "--encoding utf-16 on a UTF-8 file" -- r --db u.db import --encoding utf-16 "$S"
has err.txt "does not start like UTF-16" "says so"
same "$(q u.db 'select count(*) from cases')" 0 "nothing imported"

# Windows-1252 (and Latin-1): the place of the first bad byte, and the way out
iconv -f utf-8 -t windows-1252 "$S" > w.csv
expect 2 "Windows-1252 named" -- r --db w0.db import w.csv
line=$(grep -n -m1 -P '[^\x00-\x7f]' "$S" | cut -d: -f1)
has err.txt "w.csv: line $line, column" "at the line of the first accent ($line)"
has err.txt "is not valid UTF-8; the file looks like Windows-1252 (Latin-1): save it as \"CSV UTF-8\", or import it with --encoding windows-1252" "says what it looks like"
same "$(grep -c 'not valid UTF-8' err.txt)" 1 "one error, not one per row"
lacks err.txt "$(sed -n "${line}p" "$S" | cut -d, -f7)" "the name is not shown"
for enc in windows-1252 latin1 cp1252 ISO-8859-1; do
	expect 0 "--encoding $enc" -- r --db "w-$enc.db" import --encoding $enc w.csv
	imported w.csv "w-$enc.db" "--encoding $enc"
done
# curly quotes and the euro sign are in 0x80-0x9F: windows-1252, which latin1 reads
{ head -1 "$S"; sed -n 3p "$S" | sed 's/,Jorge,/,Jorge \x93el\x94 \x80\x97,/'; } > quotes.csv
expect 0 "curly quotes and the euro with --encoding latin1" -- r --db q.db import --encoding latin1 quotes.csv
same "$(q q.db "select given_names from cases")" "Jorge “el” €—" "converted"
# a byte that no encoding of the list has
{ head -1 "$S"; sed -n 3p "$S"; sed -n 4p "$S" | sed 's/,José,/,Jos\x81,/'; } > bad1252.csv
expect 2 "a byte that is not Windows-1252" -- r --db b.db import --encoding windows-1252 bad1252.csv
has err.txt "line 3: byte 0x81" "the line and the byte"
has err.txt "is not text in windows-1252" "says which encoding"
expect 2 "not Windows-1252 either" -- r --db b.db import bad1252.csv
has err.txt "line 3, column 7 (given_names): is not valid UTF-8, nor text in Windows-1252" "no wrong guess"
expect 1 "an unknown encoding" -- r --db b.db import --encoding ebcdic w.csv
has err.txt "--encoding is utf-8, utf-16, windows-1252 or latin1" "lists them"
expect 0 "import --help" -- r import --help
has out.txt "--encoding ENC" "help names --encoding"
has out.txt "separated by ';'" "help tells of ';'"

# separated by ';' (Excel in Spanish locales), found from the header
sed 's/,/;/g' "$S" > semi.csv
expect 0 "a file separated by ';'" -- r --db semi.db import semi.csv
imported semi.csv semi.db "';'"
{ head -1 "$S" | tr ',' ';'; sed -n 3p "$S" | tr ',' ';' | sed 's/;Jorge;/;"Jorge, el; de";/'; } > semi-quoted.csv
expect 0 "';' with a quoted name that holds ',' and ';'" -- r --db sq.db import semi-quoted.csv
same "$(q sq.db "select given_names from cases")" "Jorge, el; de" "quotes still work"
tr ',' '\t' < "$S" > tab.csv
expect 0 "a file separated by TAB" -- r --db tab.db import tab.csv
imported tab.csv tab.db "TAB"
# the separator comes from the header: ';' inside the data does not fool it
{ head -1 "$S"; sed -n 3p "$S" | sed 's/,Jorge,/,"Jorge;Luis;Ana",/'; } > comma-semi.csv
expect 0 "',' header, ';' inside a name" -- r --db cs.db import comma-semi.csv
same "$(q cs.db "select given_names from cases")" "Jorge;Luis;Ana" "read with ','"
# a file without its header: not 32 unknown columns, and not the row echoed
sed -n 3,4p "$S" > noheader.csv
expect 2 "no header" -- r --db nh.db import noheader.csv
has err.txt "the first line is not a header" "says so"
lacks err.txt "Jorge" "the row is not shown"
lacks err.txt "unknown column" "no unknown columns listed"

# years: their own message
{ head -1 "$S"; sed -n 3p "$S" | sed 's/,2019-04-07,/,2500-04-07,/'; } > y2500.csv
expect 2 "a registration in 2500" -- r --db y.db import y2500.csv
has err.txt "(registration_date): the year 2500 is outside 1900–2199" "says so"
lacks err.txt "not a date that exists" "not the generic message"
{ head -1 "$S"; sed -n 3p "$S" | sed 's/,1948-05-25,/,1848-05-25,/'; } > old-birth.csv
expect 2 "a birth in 1848" -- r --db y.db import old-birth.csv
has err.txt "(birth_date): the year is outside 1900–2199" "says so, without the birth year"
lacks err.txt "1848" "the birth year is personal data"

# export -o DIR names the path
mkdir -p outdir
r --db ref.db export -o outdir >out.txt 2>err.txt && not_ok "export -o a directory must fail" || ok
has err.txt "outdir" "names the path"
has err.txt "directory" "says it is a directory"
finish
