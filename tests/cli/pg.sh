# pg.sh: the PostgreSQL mode of the CLI tests, sourced by lib.sh when
# RETORNO_TEST_PG names the socket directory of a test cluster
# (scripts/pg-cluster.sh; make pg-check). Not a test itself (run.sh runs t*.sh).
#
# - $RETORNO_BIN becomes tests/pg/retorno-pg, which turns each `--db FILE`
#   (and RETORNO_DB) into a PostgreSQL database of this script and file name,
#   created on first use; the databases are dropped when the script ends.
# - q DB SQL runs the (portable) SQL through psql as the owner, and prints
#   what sqlite3 would: columns joined by |, NULL as nothing, a lone boolean
#   as 1 or 0.
# - sql DB SQL runs a statement that must be refused (append-only tables).
# - on_sqlite: true in SQLite mode; guards the few checks that only mean
#   something for a database file or SQLite's own SQL.
# - The scripts that test what only a database file has are skipped, all
#   named in the one list below with the reason.

# t*.sh name -> why it does not run on PostgreSQL
pg_sqlite_only() {
	case $1 in
	t0450-progress.sh) echo "the progress display of a 70,000-row import (front end; an import on PostgreSQL is t0200; too slow for make check)" ;;
	t1500-output-files.sh) echo "output files named like the database file and its -wal/-shm/-journal" ;;
	t1510-interrupted.sh) echo "interrupted backups and restores of a database file (and exports, as on SQLite)" ;;
	t1520-permissions.sh) echo "the file permissions of a database file" ;;
	t1540-read-only.sh) echo "read-only database files and directories" ;;
	t1550-missing-database.sh) echo "a missing database file (a PostgreSQL database is made by its administrator)" ;;
	t1560-backup.sh) echo "backup and restore of a database file" ;;
	*) return 1 ;;
	esac
}

if why=$(pg_sqlite_only "$(basename "$0")"); then
	echo "$(basename "$0"): skipped on PostgreSQL: $why"
	echo "$(basename "$0"): 0 passed, 0 failed"
	exit 0
fi

# t1000-report.sh runs the report suite (tests/report); on PostgreSQL only these:
# test_sql.py never (it recomputes the figures with SQLite's SQL on the file), and
# for time (pg-check keeps near 3 minutes) not test_public.py, test_factsheet.py
# nor test_markers.py: tests/pg/test_same_factsheet.py checks instead that the
# factsheets (public or not) of the sample and a demo are the same bytes on both
# backends. PG_REPORT_TESTS="test_fixture.py test_public.py ..." runs more.
PG_REPORT_TESTS=${PG_REPORT_TESTS:-test_fixture.py}

export RETORNO_PG_REAL=$RETORNO_BIN
export RETORNO_BIN=$TESTS/pg/retorno-pg
if [ -n "${RETORNO_SETUP_BIN:-}" ]; then
	export RETORNO_SETUP_BIN=$RETORNO_BIN
fi
export RETORNO_TEST_PG_PREFIX
RETORNO_TEST_PG_PREFIX=$(basename "$0" .sh | cut -c1-5)
export RETORNO_TEST_PG_DBS=$WORK/.pg-databases
mkdir -p "$RETORNO_TEST_PG_DBS"

# Debian's psql itself, not the Perl script /usr/bin/psql that picks a version
pg_bin=/usr/bin
for p in /usr/lib/postgresql/*/bin; do [ -x "$p/psql" ] && pg_bin=$p; done
pg_psql() {
	PGHOST=$RETORNO_TEST_PG PGPORT=${RETORNO_PG_PORT:-5432} "$pg_bin/psql" -X -q -A -t \
		-v ON_ERROR_STOP=1 "$@"
}

q() {
	local url out
	url=$("$RETORNO_BIN" --url "$1") || return 1
	out=$(pg_psql -U retorno_owner -d "$url" -c "$2") || return 1
	case $out in
	t) echo 1 ;;
	f) echo 0 ;;
	*) [ -z "$out" ] || printf '%s\n' "$out" ;;
	esac
}

sql() {
	local url
	url=$("$RETORNO_BIN" --url "$1") || return 1
	pg_psql -U retorno_owner -d "$url" -c "$2" >/dev/null
}

on_sqlite() { false; }

# db_file DB: the database dumped (pg_dump, data and schema) into a file
db_file() {
	local url
	url=$("$RETORNO_BIN" --url "$1") || return 1
	PGHOST=$RETORNO_TEST_PG PGPORT=${RETORNO_PG_PORT:-5432} "$pg_bin/pg_dump" -U retorno_owner \
		-d "$url" >"$WORK/$1.dump" || return 1
	echo "$WORK/$1.dump"
}

pg_drop_all() {
	local f args=()
	for f in "$RETORNO_TEST_PG_DBS"/*; do
		[ -e "$f" ] || continue
		args+=(-c "DROP DATABASE IF EXISTS \"$(basename "$f")\" WITH (FORCE)")
	done
	[ ${#args[@]} -eq 0 ] || pg_psql -U postgres -d postgres "${args[@]}" >/dev/null 2>&1 || true
}
trap 'pg_drop_all; rm -rf "$WORK"' EXIT
