#!/usr/bin/env bash
# An import larger than the first rows a backend may write one by one: on
# PostgreSQL its new cases then go by COPY with a set of the case ids read once
# (store/pg_bulk.h); on SQLite nothing changes. Either way: every row as it was
# given, an id given twice in the file is a located error and nothing is
# written, updates and new cases mixed after that point, and a rejected file
# leaves the database as it was.
. "$(dirname "$0")/lib.sh"

# the file is made without retorno (the sample five times, ids renamed), so that
# what is checked does not depend on the backend under test
python3 - "$DATA/sample-cases.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
head, body = rows[0], rows[1:]
cid, gid, sd = head.index("case_id"), head.index("group_id"), head.index("survey_date")
body = [r for r in body if not r[cid].startswith("#")]   # the HXL hashtags
out = [head]
for k in range(1, 6):
    for r in body:
        r = list(r)
        r[cid] = "K%d%s" % (k, r[cid])
        if r[gid]:
            r[gid] = "K%d%s" % (k, r[gid])
        out.append(r)
csv.writer(open("big.csv", "w", encoding="utf-8", newline=""), lineterminator="\r\n").writerows(out)
print(sum(1 for r in out[1:] if r[sd]), file=open("surveys.txt", "w"))
print(len(out) - 1, file=open("rows.txt", "w"))
# the same file with its 900th case again at the end
w = csv.writer(open("dup.csv", "w", encoding="utf-8", newline=""), lineterminator="\r\n")
w.writerows(out + [out[900]])
print(out[900][cid], file=open("dupid.txt", "w"))
PY
same "$(cat rows.txt)" 1500 "1500 cases in the file"

expect 0 "a large import" -- r --db a.db import big.csv
has out.txt "1500 rows (1500 new, 0 updated, 0 unchanged)" "every row new"
same "$(q a.db "select count(*) from survey")" "$(cat surveys.txt)" "every survey"
r --db a.db export -o a.csv >/dev/null 2>&1
r --db s.db import -q "$DATA/sample-cases.csv"
r --db s.db export -o s.csv >/dev/null 2>&1
python3 - <<'PY' && ok || not_ok "exported: the file's rows, values as the sample's export writes them"
import csv
a = list(csv.reader(open("a.csv", encoding="utf-8", newline="")))
s = list(csv.reader(open("s.csv", encoding="utf-8", newline="")))
head = s[0]
cid, gid = head.index("case_id"), head.index("group_id")
want = [head]
for k in range(1, 6):
    for r in s[1:]:
        r = list(r)
        r[cid] = "K%d%s" % (k, r[cid])
        if r[gid]:
            r[gid] = "K%d%s" % (k, r[gid])
        want.append(r)
raise SystemExit(0 if a == want else 1)
PY

# an id twice, the second far past the first rows (its line: the file's lines + 1)
expect 2 "an id twice" -- r --db b.db import dup.csv
has err.txt "line $(( $(wc -l < big.csv) + 1 )), column 1 (case_id): '$(cat dupid.txt)' appears more than once in this file" "located"
same "$(q b.db "select count(*) from cases")" 0 "nothing written"
same "$(q b.db "select count(*) from import_batch")" 0 "not even the batch"

# then: updates of the stored cases and new ones, mixed
python3 - <<'PY'
import csv
rows = list(csv.reader(open("big.csv", encoding="utf-8", newline="")))
head, body = rows[0], rows[1:]
fam, cid = head.index("family_names"), head.index("case_id")
out = [head]
for i, r in enumerate(body[:1000]):
    r = list(r)
    if i % 2 == 0:
        r[fam] = r[fam] + " Ruiz"          # an update
    out.append(r)
    if i % 3 == 0:                          # and a new case beside it
        n = list(r)
        n[cid] = "NEW" + n[cid]
        n[head.index("group_id")] = ""
        out.append(n)
csv.writer(open("mixed.csv", "w", encoding="utf-8", newline="")).writerows(out)
PY
r --db m.db import -q big.csv || not_ok "first import"
expect 0 "updates and new cases mixed" -- r --db m.db import mixed.csv
has out.txt "1334 rows (334 new, 500 updated, 500 unchanged)" "counted"
same "$(q m.db "select count(*) from cases")" 1834 "1834 cases"
same "$(q m.db "select count(*) from cases where family_names like '% Ruiz' and case_id not like 'NEW%'")" 500 "500 updated"
same "$(q m.db "select count(*) from cases where case_id like 'NEW%'")" 334 "334 new"
same "$(q m.db "select count(*) from cases c join import_batch b on b.id = c.import_id where c.case_id like 'NEW%' and b.source = 'mixed.csv'")" 334 "the new ones point to their batch"
# PostgreSQL has no FOREIGN KEY there (pg_schema.c's migration 4): the store keeps it true
same "$(q m.db "select count(*) from cases c where c.import_id is not null and not exists (select 1 from import_batch b where b.id = c.import_id)")" 0 "every import_id names a batch"
same "$(q m.db "select count(*) from cases where import_id is null")" 0 "every imported case has its batch"

# a rejected file after a good one changes nothing
{ cat mixed.csv; printf 'ZZ-1,,avr,zz,tijuana,2020-01-01,A,B,male,,30,MEX,MEX,,,,no,,,registered,,\r\n'; } > bad.csv
r --db m.db export -o before.csv >/dev/null 2>&1
expect 2 "a bad row at the end" -- r --db m.db import bad.csv
r --db m.db export -o after.csv >/dev/null 2>&1
same_file before.csv after.csv "nothing changed"
finish
