#!/usr/bin/env bash
# Monthly editions: `publish --month` records the month with the programme to
# date up to its end (to_date) and the previous monthly edition's headline
# figures with the changes (previous); `report --public --month` previews the
# same; a private `report --month` stays the plain filter; the to-date cells
# are recorded (to_date/...) and protected with the month; dates are written
# as people write them.
. "$(dirname "$0")/lib.sh"

r --db m.db import -q "$DATA/sample-cases.csv" || not_ok "sample import"
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

expect 0 "preview a monthly edition" -- r --db m.db report --public --month 2019-05 --format json
cp out.txt preview.json
same "$(json preview.json 'd["to_date"]["filters"]["from"], d["to_date"]["filters"]["to"]')" \
	"None 2019-05-31" "the preview has the programme to date up to the month's end"
same "$(json preview.json 'd["previous"]')" "None" "no previous edition yet"
same "$(q m.db "select count(*) from publication")" 0 "a preview records nothing"
expect 0 "a private report of a month" -- r --db m.db report --month 2019-05 --format json
same "$(json out.txt '"to_date" in d, "previous" in d, d["filters"]["from"]')" "False False 2019-05-01" \
	"a private --month is the plain filter"

expect 0 "publish May" -- r --db m.db publish --month 2019-05
has out.txt "edition 1:" "edition 1"
[ "$(q m.db "select count(*) from publication_cell where publication_id = 1 and key like 'to_date/%'")" -gt 50 ] \
	&& ok || not_ok "the to-date cells are recorded"
small="publication_id = 1 and key like 'to_date/%' and value between 1 and 4 and key not like '%#mentions'"
same "$(q m.db "select count(*) from publication_cell where $small and suppressed = 1")" \
	"$(q m.db "select count(*) from publication_cell where $small")" "every small to-date cell is hidden"
expect 0 "publish June" -- r --db m.db publish --month 2019-06
has out.txt "edition 2:" "edition 2"
expect 0 "show June" -- r --db m.db publications show 2 --format json
cp out.txt june.json
same "$(json june.json 'd["previous"]["edition"], d["previous"]["from"], d["previous"]["to"]')" \
	"1 2019-05-01 2019-05-31" "June's previous edition is May's"
same "$(json june.json 'sorted(d["previous"]["indicators"])')" \
	"['children_accompanied', 'minors_total', 'returns_total', 'survey_coverage', 'umc_total']" \
	"the headline figures"
expect 0 "the same month again gives the edition back" -- r --db m.db publish --month 2019-06
has out.txt "unchanged since edition 2" "unchanged"
expect 0 "the preview of June, once published, shows the same" -- r --db m.db report --public --month 2019-06 --format json
same "$(json out.txt 'd["previous"]["edition"]')" 1 "preview: the previous edition too"

# the human formats: the programme to date beside each headline figure, dates in words
expect 0 "June in HTML" -- r --db m.db publications show 2 --format html
has out.txt "Programme to date:" "HTML: the programme to date beside the figures"
has out.txt "Change from May 2019" "HTML: the change from the previous edition"
has out.txt "1 June 2019 – 30 June 2019" "HTML: the period in words"
lacks out.txt "2019-06-01 –" "HTML: no raw date in the period"
expect 0 "June in Spanish" -- r --db m.db --lang es publications show 2 --format html
has out.txt "Programa hasta la fecha:" "Spanish: the programme to date"
has out.txt "Cambio desde mayo de 2019" "Spanish: the change"
has out.txt "1 de junio de 2019 – 30 de junio de 2019" "Spanish: the period in words"
expect 0 "June as PDF" -- r --db m.db publications show 2 --format pdf -o june.pdf
pdftotext june.pdf june.txt 2>/dev/null
has june.txt "Programme to date" "PDF: the programme to date"
grep -qE "Generated [0-9]{1,2} [A-Z][a-z]+ 20[0-9]{2}" june.txt && ok || not_ok "PDF: the date generated in words"

# the checker on the two recorded editions together
r --db m.db publications show 1 --format json > may.json
python3 "$TESTS/protect/leakcheck.py" --offices gt,mx may.json june.json > lc.txt 2>&1 && ok \
	|| { not_ok "leakcheck on May and June"; head -5 lc.txt >&2; }
finish
