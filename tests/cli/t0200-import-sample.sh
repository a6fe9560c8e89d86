#!/usr/bin/env bash
# The shared sample imports, exports byte-identically, and re-imports idempotently.
. "$(dirname "$0")/lib.sh"

expect 0 "dry run" -- r --db s.db import --dry-run "$DATA/sample-cases.csv"
has out.txt "checked, not imported" "dry-run says so"
[ -e s.db ] && not_ok "dry run writes nothing: it created s.db" || ok

expect 0 "import sample" -- r --db s.db import "$DATA/sample-cases.csv"
has out.txt "300 rows (300 new, 0 updated, 0 unchanged)" "import counts"
same "$(q s.db 'select count(*) from cases')" 300 "300 cases stored"
same "$(q s.db 'select count(*) from survey')" 21 "21 surveys stored"
same "$(q s.db 'select count(*) from import_batch')" 1 "one import recorded"
same "$(q s.db 'select actor from import_batch')" "$ME" "import records who"

expect 0 "export with HXL" -- r --db s.db export --hxl -o out.csv
same_file out.csv "$DATA/sample-cases.csv" "export of the sample is the sample, byte for byte"
expect 0 "export without HXL" -- r --db s.db export
same "$(sed -n 2p out.txt | cut -c1-7)" "S-0001," "no HXL row unless asked"

# round trip through an empty database
expect 0 "export" -- r --db s.db export -o a.csv
expect 0 "import into empty" -- r --db t.db import a.csv
expect 0 "export again" -- r --db t.db export -o b.csv
same_file a.csv b.csv "export -> import -> export is byte-identical"

# idempotent re-import: every row an update, nothing changes
expect 0 "re-import" -- r --db s.db import "$DATA/sample-cases.csv"
has out.txt "(0 new, 0 updated, 300 unchanged)" "an identical re-import changes nothing"
same "$(q s.db 'select count(*) from cases')" 300 "still 300 cases"
same "$(q s.db "select count(*) from status_history where kind <> 'created'")" 0 "no status changed"
expect 0 "export after re-import" -- r --db s.db export --hxl -o c.csv
same_file c.csv "$DATA/sample-cases.csv" "re-import changed nothing"

# standard input
expect 0 "import from stdin" -- sh -c "'$RETORNO_BIN' --db u.db import - < '$DATA/sample-cases.csv'"
same "$(q u.db 'select count(*) from cases')" 300 "stdin import"

# RETORNO_DB names the database
if on_sqlite; then   # a PostgreSQL database is there before retorno is
	expect 2 "RETORNO_DB" -- env RETORNO_DB=env.db "$RETORNO_BIN" summary
	has err.txt "no database at env.db" "RETORNO_DB used"
fi
expect 0 "RETORNO_DB, import" -- env RETORNO_DB=env.db "$RETORNO_BIN" import -q "$DATA/sample-cases.csv"
expect 0 "RETORNO_DB, summary" -- env RETORNO_DB=env.db "$RETORNO_BIN" summary
has out.txt "env.db: 300 cases" "RETORNO_DB used"
finish
