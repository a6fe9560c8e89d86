#!/usr/bin/env bash
# tests/pg/run.sh COMMAND...: runs a test command written for SQLite against
# the PostgreSQL test cluster whose socket directory is $RETORNO_TEST_PG
# (scripts/pg-cluster.sh start): $RETORNO_BIN (and $RETORNO_SETUP_BIN) become
# tests/pg/retorno-pg around the real binary, which gives every database file
# the command names a PostgreSQL database of its own (created on first use);
# they are all dropped when the command ends. The exit status is the command's.
#   RETORNO_TEST_PG=/tmp/pg RETORNO_BIN=$PWD/retorno tests/pg/run.sh python3 tests/report/test_fixture.py
set -u
: "${RETORNO_TEST_PG:?the socket directory of the test cluster (scripts/pg-cluster.sh start DIR)}"
: "${RETORNO_BIN:?the retorno binary}"
here=$(cd "$(dirname "$0")" && pwd)
export RETORNO_PG_REAL=$RETORNO_BIN
export RETORNO_BIN=$here/retorno-pg
[ -z "${RETORNO_SETUP_BIN:-}" ] || export RETORNO_SETUP_BIN=$RETORNO_BIN
RETORNO_TEST_PG_DBS=$(mktemp -d "${TMPDIR:-/tmp}/retorno-pgdbs.XXXXXX")
export RETORNO_TEST_PG_DBS
: "${RETORNO_TEST_PG_PREFIX:=p}"
export RETORNO_TEST_PG_PREFIX

drop_all() {
	local f args=()
	for f in "$RETORNO_TEST_PG_DBS"/*; do
		[ -e "$f" ] || continue
		args+=(-c "DROP DATABASE IF EXISTS \"$(basename "$f")\" WITH (FORCE)")
	done
	[ ${#args[@]} -eq 0 ] || psql -X -q -h "$RETORNO_TEST_PG" -p "${RETORNO_PG_PORT:-5432}" \
		-U postgres -d postgres "${args[@]}" >/dev/null 2>&1 || true
	rm -rf "$RETORNO_TEST_PG_DBS"
}
trap drop_all EXIT
trap "exit 130" INT TERM HUP
"$@"
