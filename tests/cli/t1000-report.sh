#!/usr/bin/env bash
# The factsheet engine: hand-computed fixture, independent SQL, suppression, privacy,
# the honest markers of the public formats.
. "$(dirname "$0")/lib.sh"
list="test_fixture.py test_sql.py test_public.py test_factsheet.py test_markers.py test_editions.py test_figures.py"
on_sqlite || list=$PG_REPORT_TESTS   # the subset run on PostgreSQL: pg.sh says why
# make check's ASan+UBSan run (RETORNO_SETUP_BIN set) leaves out the two slowest, whose C
# paths (public outputs, editions) the others run too: they run on the dev build
if [ -n "${RETORNO_SETUP_BIN:-}" ] && on_sqlite; then
	list="test_fixture.py test_sql.py test_public.py test_factsheet.py test_figures.py"
fi
for py in $list; do
	out=$(SHARED="$SHARED" python3 "$TESTS/report/$py" 2>&1)
	echo "$out" | grep -v ' passed, ' >&2
	line=$(echo "$out" | grep -E '[0-9]+ passed, [0-9]+ failed$' | tail -1)
	p=$(echo "$line" | sed -E 's/.* ([0-9]+) passed, ([0-9]+) failed$/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) passed, ([0-9]+) failed$/\2/')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-1}))
done
finish
