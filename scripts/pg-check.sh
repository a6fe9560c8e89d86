#!/usr/bin/env bash
# pg-check.sh BIN: the PostgreSQL half of `make check` (make pg-check): a
# throwaway PostgreSQL cluster (scripts/pg-cluster.sh) in a temporary
# directory, stopped and removed when this ends however it ends, and on it:
#   the CLI suite (with the report suite), publication safety, the API suite
#   (tests/pg/run.sh gives each of their database files a database), two
#   servers on one database (tests/api/test_pg_two_servers.py), the audit
#   trail's roles and triggers (tests/pg/test_roles.py), and the factsheets of
#   the same data on both backends (tests/pg/test_same_factsheet.py).
# BIN is the dev build. PG_CHECK_ONLY=cli,api,... runs some parts only.
set -u
BIN=${1:?usage: scripts/pg-check.sh BIN}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH=$PATH   # psql, from postgresql-client (Debian's postgresql package)

dir=$(mktemp -d "${TMPDIR:-/tmp}/retorno-pg.XXXXXX")
cleanup() { scripts/pg-cluster.sh stop "$dir" || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

t0=$(date +%s)
echo "== PostgreSQL: a throwaway cluster in $dir"
scripts/pg-cluster.sh start "$dir" || exit 1
export RETORNO_TEST_PG=$dir

failed=""
part() {   # part NAME COMMAND...: a header, the command, its time; notes a failure
	local name=$1 s=$SECONDS
	shift
	case ",${PG_CHECK_ONLY:-all}," in
	*,all,* | *",$name,"*) ;;
	*) return 0 ;;
	esac
	echo "== PostgreSQL: $name"
	if ! "$@"; then failed="$failed $name"; fi
	echo "   ($name: $((SECONDS - s)) s)"
}

# the CLI suite; its t1000-report.sh runs the report suite (tests/report): on PostgreSQL
# test_fixture.py only (tests/cli/pg.sh says why; PG_REPORT_TESTS for more)
# make check runs the parts that differ between the backends within about three
# minutes: the CLI scripts of every store path (import with its COPY, status moves,
# export, edits, accounts, editions, settings, duplicates, counts, migrate-to) and
# the API's smoke test; the rest of both suites runs the same domain code on the same
# store functions. PG_CHECK_FULL=1 (make pg-check-full) runs every CLI script and the
# whole API suite and the publication attacks on PostgreSQL (about 8 minutes here).
if [ -n "${PG_CHECK_FULL:-}" ]; then
	part cli env RETORNO_BIN="$BIN" tests/cli/run.sh
	part protect env RETORNO_BIN="$BIN" tests/pg/run.sh python3 tests/protect/test_attacks.py
	part api env RETORNO_BIN="$BIN" tests/pg/run.sh tests/api/run.sh
else
	part cli env RETORNO_BIN="$BIN" CLI_TESTS="t0200 t0210 t0500 t0800 t1100 t1200 t1300 t1320 t1400 t1450 t1700" tests/cli/run.sh
	part api env RETORNO_BIN="$BIN" tests/pg/run.sh python3 tests/api/test_smoke.py
fi
part two-servers env RETORNO_BIN="$BIN" tests/pg/run.sh python3 tests/api/test_pg_two_servers.py
part roles env RETORNO_BIN="$BIN" tests/pg/run.sh python3 tests/pg/test_roles.py
part same-factsheet env RETORNO_BIN="$BIN" tests/pg/run.sh python3 tests/pg/test_same_factsheet.py

# the time on a busy machine says little: the CPU the tests and the server used says more
# (the server's: the postmaster's and its exited backends', from /proc)
times >"$dir/times"   # not in a pipe: the times of this shell's children
cpu_tests=$(tail -1 "$dir/times" | awk '{ for (i = 1; i <= 2; i++) { split($i, a, "m"); s += a[1] * 60 + a[2] } } END { printf "%.0f", s }')
pm=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null)
cpu_pg=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15 + $16 + $17) / hz }' "/proc/$pm/stat" 2>/dev/null)
echo "== PostgreSQL: $(($(date +%s) - t0)) s in all (CPU: ${cpu_tests:-?} s the tests, ${cpu_pg:-?} s the server)"
if [ -n "$failed" ]; then
	echo "PostgreSQL: failed:$failed"
	exit 1
fi
