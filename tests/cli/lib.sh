# lib.sh: helpers for the CLI tests. Each test script sources this, runs the
# real binary ($RETORNO_BIN) on real files in a scratch directory, and ends
# with `finish`, which prints "N passed, M failed" and sets the exit status.
set -u
: "${RETORNO_BIN:?set RETORNO_BIN to the retorno binary}"
SHARED=${SHARED:-$(cd "$(dirname "$0")/../../../shared" 2>/dev/null && pwd)}
DATA="$SHARED/data"
if [ ! -f "$DATA/sample-cases.csv" ]; then
	echo "$(basename "$0"): the shared contract data is missing: no $DATA/sample-cases.csv" >&2
	echo "(the tests expect shared/ beside the repository, or SHARED=/path/to/shared)" >&2
	echo "$(basename "$0"): 0 passed, 1 failed"
	exit 1
fi
TESTS=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/retorno-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
# The command line acts as local:LOGIN (RETORNO_USER is not read any more:
# setting it must change nothing).
export RETORNO_USER=somebody-else
ME="local:$(id -un)"
unset RETORNO_DB RETORNO_LANG
passed=0
failed=0

r() { "$RETORNO_BIN" "$@"; }

ok() { passed=$((passed + 1)); }
not_ok() {
	failed=$((failed + 1))
	echo "FAIL: $(basename "$0"): $*" >&2
}

# expect CODE DESCRIPTION -- command...: runs it, keeps stdout in out.txt and
# stderr in err.txt, and checks the exit status.
expect() {
	local want=$1 what=$2
	shift 3
	"$@" >out.txt 2>err.txt
	local got=$?
	if [ "$got" = "$want" ]; then ok; else
		not_ok "$what: exit $got, wanted $want"
		sed 's/^/    stderr: /' err.txt | head -5 >&2
	fi
}

# has FILE TEXT DESCRIPTION: FILE contains TEXT (fixed string).
has() {
	if grep -qF -- "$2" "$1"; then ok; else
		not_ok "$3: '$2' not in $1"
		sed 's/^/    | /' "$1" | head -5 >&2
	fi
}
lacks() {
	if grep -qF -- "$2" "$1"; then not_ok "$3: '$2' found in $1"; else ok; fi
}
same() {
	if [ "$1" = "$2" ]; then ok; else not_ok "$3: got '$1', wanted '$2'"; fi
}
same_file() {
	if cmp -s "$1" "$2"; then ok; else not_ok "$3: $1 and $2 differ"; fi
}

# count DB SQL: one number from the database, through the sqlite3 CLI.
q() { sqlite3 "$1" "$2"; }

finish() {
	echo "$(basename "$0"): $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# sql DB SQL: a statement run on the database as its owner would (the checks
# that the database itself refuses a change); on_sqlite: true unless the tests
# run on PostgreSQL. pg.sh gives these, and q, their PostgreSQL meaning.
sql() { sqlite3 "$1" "$2"; }
on_sqlite() { true; }
# db_file DB: a file with every byte the database keeps (the file itself here)
db_file() { echo "$1"; }
if [ -n "${RETORNO_TEST_PG:-}" ]; then
	. "$TESTS/cli/pg.sh"
fi
