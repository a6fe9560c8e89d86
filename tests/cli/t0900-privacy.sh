#!/usr/bin/env bash
# Personal data: private files, an audit trail for every look and every export.
. "$(dirname "$0")/lib.sh"

r --db p.db import -q "$DATA/sample-cases.csv" || not_ok "sample import"
if on_sqlite; then same "$(stat -c %a p.db)" 600 "database readable by its owner only"; fi
expect 0 "export to a file" -- r --db p.db export -o x.csv
same "$(stat -c %a x.csv)" 600 "export readable by its owner only"
same "$(ls | grep -c 'tmp-')" 0 "no temporary file left"
expect 0 "export to stdout" -- r --db p.db export --program mpp
expect 0 "case show" -- r --db p.db case show S-0001
has out.txt "Jorge" "case show shows the person"
same "$(q p.db "select count(*) from audit_log where action='export' and actor='$ME'")" 2 "exports audited"
same "$(q p.db "select detail from audit_log where action='export' order by id desc limit 1")" "office=* point=* program=mpp status=* q= from=* to=* hxl=0" "export filters audited"
same "$(q p.db "select target from audit_log where action='case_read'")" S-0001 "case show audited"
expect 2 "export into a missing directory" -- r --db p.db export -o no/such/dir.csv
has err.txt "cannot create" "clear error"
# summary shows counts, never names
expect 0 "summary" -- r --db p.db summary
lacks out.txt "Jorge" "no names in the summary"
finish
