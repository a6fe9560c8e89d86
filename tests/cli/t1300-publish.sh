#!/usr/bin/env bash
# Editions of the public factsheet: the periods a public output may cover,
# `retorno publish` recording an edition, the same filters with unchanged data
# giving it back, a late entry making a new one, `publications show` giving
# the same bytes forever, `report --public` recording nothing, editions the
# database itself will not change, and who may publish.
. "$(dirname "$0")/lib.sh"

r --db p.db import -q "$DATA/sample-cases.csv" || not_ok "sample import"
editions() { q p.db "select count(*) from publication"; }

expect 0 "publish --help" -- r publish --help
has out.txt "usage: retorno publish" "publish help"
expect 0 "publications --help" -- r publications --help
has out.txt "usage: retorno publications" "publications help"
expect 0 "retorno --help lists publish" -- r --help
has out.txt "publications" "main help names publications"

# ---- periods: each refusal exits 1 and says why; nothing is recorded ----
this_month=$(date -u +%Y-%m)
expect 1 "this month is not over" -- r --db p.db publish --month "$this_month"
has err.txt "$this_month is not over yet" "says the month is not over"
expect 1 "a start that is not the first day of a month" -- r --db p.db publish --from 2019-05-02 --to 2019-05-31
has err.txt "2019-05-02 is not the first day of a month" "names the day"
expect 1 "an end that is not the last day of a month" -- r --db p.db publish --from 2019-05-01 --to 2019-05-30
has err.txt "2019-05-30 is not the last day of a month" "names the day"
expect 1 "--from without --to" -- r --db p.db publish --from 2019-05-01
has err.txt "needs an end" "says an end is needed"
expect 1 "a threshold below 5" -- r --db p.db publish --month 2019-05 --min-cell 4
has err.txt "at least 5, not 4" "says the smallest threshold"
expect 1 "--from after --to" -- r --db p.db publish --from 2019-06-01 --to 2019-05-31
has err.txt "2019-06-01 is after 2019-05-31" "says which is after which"
expect 1 "no registration-point filter" -- r --db p.db publish --registration-point tijuana
expect 1 "report --public: SADD bands refused" -- r --db p.db report --public --age-bands sadd
has err.txt "SADD age bands" "says why"
expect 1 "report --public: the same period rule" -- r --db p.db report --public --from 2019-05-01 --to 2019-05-15
has err.txt "2019-05-15 is not the last day of a month" "report names the day"
expect 1 "report --public: a threshold below 5" -- r --db p.db report --public --min-cell 2
expect 1 "report --public --from alone" -- r --db p.db report --public --from 2019-01-01
expect 1 "in Spanish too" -- r --db p.db --lang es publish --month 2019-05 --min-cell 3
has err.txt "al menos 5, no 3" "Spanish wording"
same "$(editions)" 0 "no refused period recorded anything"
# a month is over once its last day has passed (RETORNO_TODAY fixes today)
expect 1 "a month that ends today is not over" -- env RETORNO_TODAY=2019-06-30 "$RETORNO_BIN" --db p.db report --public --month 2019-06 --format json
expect 0 "the next day it is" -- env RETORNO_TODAY=2019-07-01 "$RETORNO_BIN" --db p.db report --public --month 2019-06 --format json
# without a period: the programme to date up to the end of last month
expect 0 "default period" -- env RETORNO_TODAY=2019-07-15 "$RETORNO_BIN" --db p.db report --public --format json
same "$(python3 -c 'import json,sys; f=json.load(open("out.txt"))["filters"]; print(f["from"], f["to"])')" "None 2019-06-30" "to date, up to the end of last month"
expect 0 "--to alone: the programme to date" -- r --db p.db report --public --to 2019-12-31 --format json
same "$(python3 -c 'import json,sys; f=json.load(open("out.txt"))["filters"]; print(f["from"], f["to"])')" "None 2019-12-31" "--to alone"
expect 0 "whole months" -- r --db p.db report --public --from 2019-04-01 --to 2019-06-30 --format json
same "$(editions)" 0 "report --public records nothing"

# ---- publish: an edition is recorded ----
audits=$(q p.db "select count(*) from audit_log where action='publish'")
expect 0 "publish a month" -- r --db p.db publish --month 2019-05
grep -qE '^edition 1: [0-9]+ cells?, [0-9]+ hidden \([0-9]+ small\), [0-9]+ (person|people) hidden$' out.txt \
	&& ok || not_ok "prints the edition and its figures: $(cat out.txt)"
same "$(editions)" 1 "one edition"
same "$(q p.db "select created_by, program, coalesce(office, '-'), from_month, to_month, min_cell from publication")" \
	"$ME|avr|-|24232|24232|5" "who and the filters (months as year*12+month-1)"
same "$(q p.db "select count(*) from publication_render where publication_id = 1")" 10 "every format in both languages"
[ "$(q p.db "select count(*) from publication_cell where publication_id = 1")" -gt 50 ] && ok || not_ok "every cell recorded"
same "$(q p.db "select hidden from publication")" "$(q p.db "select count(*) from publication_cell where suppressed = 1 and value <> 0 and key not like '%#mentions'")" "hidden = the hidden cells (mentions are never published)"
figures=$(sed -E 's/^edition 1: ([0-9]+) cells?, ([0-9]+) hidden \(([0-9]+) small\), ([0-9]+) .*/\1 \2 \3 \4/' out.txt)
same "$figures" "$(q p.db "select cells || ' ' || hidden || ' ' || hidden_small || ' ' || people_hidden from publication")" "the figures printed are the recorded ones"
same "$(q p.db "select count(*) from audit_log where action='publish' and target='publication/1'")" 1 "audited"

# the same filters with unchanged data: the recorded edition, nothing recorded
expect 0 "publish again" -- r --db p.db publish --month 2019-05
has out.txt "unchanged since edition 1" "says it is the recorded edition"
same "$(editions)" 1 "nothing recorded"
same "$(q p.db "select count(*) from audit_log where action='publish'")" "$((audits + 1))" "no second audit row"
expect 0 "publish again, the edition written" -- r --db p.db publish --month 2019-05 --format json -o again.json
has out.txt "unchanged since edition 1" "figures on stdout with -o"

# publications: listed, shown again exactly
expect 0 "publications" -- r --db p.db publications
has out.txt "2019-05..2019-05" "the period listed"
has out.txt "$ME" "who published listed"
expect 0 "publications list" -- r --db p.db publications list
for f in json csv text html; do
	expect 0 "show 1 as $f" -- r --db p.db publications show 1 --format "$f"
	cp out.txt "show-$f.1"
	expect 0 "show 1 as $f in Spanish" -- r --db p.db --lang es publications show 1 --format "$f"
	cp out.txt "show-$f-es.1"
done
expect 0 "show 1 as pdf" -- r --db p.db publications show 1 --format pdf -o e1.pdf
head -c 5 e1.pdf | grep -q '%PDF-' && ok || not_ok "a PDF"
ls e1.pdf.tmp-* >/dev/null 2>&1 && not_ok "a temporary file left" || ok
same_file again.json show-json.1 "publish --format json -o writes the edition"
has show-json.1 '"public": true' "a public output"
has show-json.1 '"from": "2019-05-01"' "its period"
has show-text-es.1 "Personas" "Spanish text"
lacks show-text.1 "Personas" "English text"
same "$(q p.db "select count(distinct body) from publication_render where publication_id = 1 and format = 'json'")" 2 "English and Spanish differ"
expect 0 "the same bytes every time" -- r --db p.db publications show 1 --format html
same_file out.txt show-html.1 "html shown twice"
expect 0 "the default format is json" -- r --db p.db publications show 1
same_file out.txt show-json.1 "json by default"
expect 2 "an unknown edition" -- r --db p.db publications show 99
has err.txt "there is no edition 99" "says so"
expect 1 "not a number" -- r --db p.db publications show abc
expect 1 "an unknown format" -- r --db p.db publications show 1 --format docx
expect 1 "show needs an id" -- r --db p.db publications show

# ---- a late entry: a new case departed in a published month ----
{ head -2 "$DATA/sample-cases.csv"
  awk -F, 'NR>2 && $20=="returned" && substr($21,1,7)=="2019-05" {sub(/^[^,]*/, "LATE-1"); print; exit}' "$DATA/sample-cases.csv"
} > late.csv
expect 0 "a late entry" -- r --db p.db import late.csv
expect 0 "publish the month again" -- r --db p.db publish --month 2019-05
has out.txt "edition 2:" "a new edition"
same "$(editions)" 2 "two editions"
same "$(q p.db "select editions from publication where id = 2")" 1 "protected jointly with edition 1"
for f in json csv text html; do
	expect 0 "show 1 as $f after the data changed" -- r --db p.db publications show 1 --format "$f"
	same_file out.txt "show-$f.1" "edition 1 as $f unchanged"
	expect 0 "show 1 as $f in Spanish after the data changed" -- r --db p.db --lang es publications show 1 --format "$f"
	same_file out.txt "show-$f-es.1" "edition 1 as $f in Spanish unchanged"
done
expect 0 "show 1 as pdf after" -- r --db p.db publications show 1 --format pdf -o e1-after.pdf
same_file e1-after.pdf e1.pdf "the PDF unchanged"
expect 0 "publish it once more" -- r --db p.db publish --month 2019-05
has out.txt "unchanged since edition 2" "the newest edition of those filters"

# other filters make other editions
expect 0 "an office" -- r --db p.db publish --month 2019-05 --office mx
has out.txt "edition 3:" "new edition for one office"
same "$(q p.db "select office from publication where id = 3")" mx "its office"
expect 0 "the programme to date" -- env RETORNO_TODAY=2019-07-10 "$RETORNO_BIN" --db p.db publish
same "$(q p.db "select from_month, to_month from publication where id = 4")" "-1|24233" "to date, up to June 2019"

# report --public records nothing, but is protected with the editions
n=$(editions)
a=$(q p.db "select count(*) from audit_log")
expect 0 "the public preview" -- r --db p.db report --public --month 2019-05 --format json
same "$(editions)" "$n" "report --public records no edition"
same "$(q p.db "select count(*) from audit_log")" "$a" "nor an audit row"

# ---- editions never change, not even by SQL ----
for sql in "update publication set min_cell = 6" "delete from publication" \
	   "update publication_cell set value = value + 1" "delete from publication_cell" \
	   "update publication_render set body = body || body" "delete from publication_render" \
	   "insert into publication_cell(publication_id, key, value, suppressed) values (1, 'zz', 3, 0)"; do
	sql p.db "$sql" 2>err.txt && not_ok "allowed: $sql" || ok
	has err.txt "a recorded edition never changes" "refused: $sql"
done
expect 0 "show 1 after the attempts" -- r --db p.db publications show 1 --format json
same_file out.txt show-json.1 "edition 1 intact"
# and the program has no statement that would change one
src="$TESTS/../src"
if grep -rniE "(update|delete from|replace into)[[:space:]\"]*publication" "$src" >grep.txt; then
	not_ok "a statement that could alter an edition: $(head -1 grep.txt)"
else ok; fi

# ---- who may publish (on a database of its own: the sample, no edition) ----
r --db w.db import -q "$DATA/sample-cases.csv" || not_ok "sample import"
echo "caseworker password" | r --db w.db user add cora --role caseworker --office mx >/dev/null 2>&1 || not_ok "caseworker"
echo "analyst password 1" | r --db w.db user add lee --role analyst >/dev/null 2>&1 || not_ok "analyst"
echo "supervisor password" | r --db w.db user add sam --role supervisor --office gt >/dev/null 2>&1 || not_ok "supervisor"
if on_sqlite; then cp w.db w2.db; else   # the same three users in a database of its own
	r --db w2.db import -q "$DATA/sample-cases.csv" || not_ok "sample import"
	echo "caseworker password" | r --db w2.db user add cora --role caseworker --office mx >/dev/null 2>&1 || not_ok "caseworker"
	echo "analyst password 1" | r --db w2.db user add lee --role analyst >/dev/null 2>&1 || not_ok "analyst"
	echo "supervisor password" | r --db w2.db user add sam --role supervisor --office gt >/dev/null 2>&1 || not_ok "supervisor"
fi
expect 2 "a caseworker may not publish" -- r --db w.db --as cora publish --month 2019-06
has err.txt "your role may not publish an edition" "says why"
same "$(q w.db "select count(*) from publication")" 0 "nothing recorded"
expect 0 "an analyst publishes" -- r --db w.db --as lee publish --month 2019-06
has out.txt "edition 1:" "an edition"
same "$(q w.db "select created_by from publication")" lee "recorded as the analyst"
expect 0 "a caseworker reads the editions" -- r --db w.db --as cora publications
has out.txt "lee" "listed"
expect 0 "and shows one" -- r --db w.db --as cora publications show 1 --format csv
cp out.txt cora.csv
expect 0 "the analyst shows it" -- r --db w.db --as lee publications show 1 --format csv
same_file out.txt cora.csv "the same bytes for every reader"
expect 0 "a supervisor publishes, for an office not theirs too" -- r --db w2.db --as sam publish --month 2019-06 --office mx
same "$(q w2.db "select created_by || ' ' || office from publication")" "sam mx" "recorded as the supervisor"
finish
