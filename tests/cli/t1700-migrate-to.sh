#!/usr/bin/env bash
# migrate-to: a SQLite database copied into an empty PostgreSQL one, whole
# (every table, ids kept, sequences past them), all or nothing, and refused
# into a database that is not empty. The copy needs a server: RETORNO_TEST_PG
# (a socket directory where this OS user may connect as the superuser
# postgres). Without one, only what needs no server runs: the options, the
# refusals, and that the copy knows every table of a full database file.
#
# This script copies database FILES, so it runs the real binary even in the
# PostgreSQL mode of the tests (pg.sh turns --db FILE into a database).
PG=${RETORNO_TEST_PG:-}
unset RETORNO_TEST_PG
. "$(dirname "$0")/lib.sh"
BIN=${RETORNO_PG_REAL:-$RETORNO_BIN}
r() { "$BIN" "$@"; }

expect 0 "help" -- r migrate-to --help
has out.txt "EMPTY PostgreSQL database" "help says the target must be empty"
expect 1 "a file is not a PostgreSQL address" -- r --db a.db migrate-to b.db
has err.txt "not a PostgreSQL address" "says why"
expect 1 "from PostgreSQL" -- r --db 'postgresql:///x?host=/nonexistent' migrate-to \
	'postgresql:///y?host=/nonexistent'
has err.txt "copies a SQLite file" "says why"

# A full database: cases with surveys, users, a token, an edition with its
# renders, a session and failed sign-ins (as the server writes them), and an
# audit row with a tab, a newline and a backslash.
r --db full.db demo --cases 1500 >/dev/null 2>&1
echo 'a long password 1' | r --db full.db user add ana --role admin >/dev/null 2>&1
r --db full.db token create ana >/dev/null 2>&1
r --db full.db publish --to 2026-10-31 >/dev/null 2>&1
q full.db "INSERT INTO sessions VALUES (randomblob(32), 1, 'csrf-x', 100, 200);
	INSERT INTO login_failure(account, address, at) VALUES ('ana', '10.0.0.1', 300);
	INSERT INTO audit_log(at, actor, action, target, detail)
	VALUES ('2026-01-01T00:00:00Z', 'local:x', 'note', 't', 'a' || char(9) || 'b' || char(10) || 'c\\d é');"
same "$(q full.db 'SELECT count(*) FROM publication_render')" 10 "the edition has its renders"

# Every table of the file is known to the copy (checked before connecting):
# a table added to schema.c and not to store_migrate.c fails here.
expect 2 "no server" -- r --db full.db migrate-to 'postgresql:///pga_none?host=/nonexistent'
has err.txt "cannot connect" "fails on the connection, not on a table"
lacks err.txt "is not copied" "knows every table"
cp full.db extra.db
q extra.db "CREATE TABLE settings(k TEXT PRIMARY KEY, v TEXT)"
expect 2 "a table it does not know" -- r --db extra.db migrate-to 'postgresql:///pga_none?host=/nonexistent'
has err.txt "table settings of extra.db is not copied" "names the table"

if [ -z "$PG" ]; then
	echo "$(basename "$0"): skipped: no PostgreSQL (RETORNO_TEST_PG unset): the copy itself"
	finish
	exit
fi

export PGPORT=${RETORNO_PG_PORT:-5432}
psql_() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PG" -U postgres "$@"; }
DB1="pga_t1700_$$_a"
DB2="pga_t1700_$$_b"
cleanup() {
	for d in "$DB1" "$DB2"; do dropdb -h "$PG" -U postgres --if-exists "$d" 2>/dev/null; done
	rm -rf "$WORK"
}
trap cleanup EXIT

createdb -h "$PG" -U postgres "$DB1"
createdb -h "$PG" -U postgres "$DB2"
P="postgresql:///$DB1?host=$PG&port=$PGPORT&user=postgres"
P2="postgresql:///$DB2?host=$PG&port=$PGPORT&user=postgres"
expect 0 "the copy" -- r --db full.db migrate-to "$P"
has out.txt "cases                        1500         1500" "counts the cases on both sides"
has err.txt "copied full.db into" "says it is done"
for t in vocab_list vocab office registration_point import_batch cases survey status_history \
	audit_log case_count users sessions tokens login_failure publication publication_cell \
	publication_render case_seq referral; do
	same "$(psql_ -d "$DB1" -c "SELECT count(*) FROM $t")" \
		"$(q full.db "SELECT count(*) FROM $t")" "rows of $t"
done
same "$(psql_ -d "$DB1" -c "SELECT string_agg(id::text || name, ',' ORDER BY id) FROM vocab_list")" \
	"$(q full.db "SELECT group_concat(rowid || name, ',') FROM (SELECT rowid, name FROM vocab_list ORDER BY rowid)")" \
	"the code lists keep their order"
same "$(psql_ -d "$DB1" -c "SELECT upper(encode(token_hash, 'hex')) FROM sessions")" \
	"$(q full.db "SELECT hex(token_hash) FROM sessions")" "a session's hash, byte for byte"
same "$(psql_ -d "$DB1" -c "SELECT md5(detail) FROM audit_log WHERE action = 'note'")" \
	"$(q full.db "SELECT detail FROM audit_log WHERE action = 'note'" | head -c -1 | md5sum | cut -d' ' -f1)" \
	"tab, newline, backslash and accents survive"
same "$(psql_ -d "$DB1" -c "SELECT string_agg(round(lat * 100) || ' ' || round(lon * 100), ',' ORDER BY code) FROM registration_point")" \
	"$(q full.db "SELECT group_concat(cast(round(lat * 100) AS INTEGER) || ' ' || cast(round(lon * 100) AS INTEGER), ',') FROM (SELECT lat, lon FROM registration_point ORDER BY code)")" \
	"the points keep their coordinates"
same "$(psql_ -d "$DB1" -c "SELECT count(*) FROM audit_log WHERE action = 'migrate_to'")" 1 \
	"the copy holds its own audit row"

# the same answers from both databases
norm() { sed -E 's/"generated_at": *"[^"]*"/"generated_at": ""/'; }
for opts in "" "--program all" "--program mpp --age-bands sadd" "--public"; do
	r --db full.db report --format json $opts 2>&1 | norm >a.json
	r --db "$P" report --format json $opts 2>&1 | norm >b.json
	same_file a.json b.json "report $opts"
done
for f in json pdf; do
	r --db full.db publications show 1 --format $f >a.out 2>&1
	r --db "$P" publications show 1 --format $f >b.out 2>&1
	same_file a.out b.out "edition 1 as $f, byte for byte"
done
r --db full.db user list >a.out 2>&1
r --db "$P" user list >b.out 2>&1
same_file a.out b.out "the users"

# ids go on after the copied ones
echo 'a long password 2' | r --db "$P" user add bea --role analyst >/dev/null 2>&1
same "$(psql_ -d "$DB1" -c "SELECT id FROM users WHERE name = 'bea'")" \
	"$(( $(q full.db 'SELECT max(id) FROM users') + 1 ))" "a new user's id follows"
same "$(psql_ -d "$DB1" -c "SELECT max(id) FROM audit_log")" \
	"$(( $(q full.db 'SELECT max(id) FROM audit_log') + 1 ))" "a new audit row's id follows"
# the audit trail is still append-only
if psql_ -d "$DB1" -c "UPDATE audit_log SET actor = 'x'" 2>/dev/null; then
	not_ok "the copied audit trail refuses a change"
else ok; fi

# not into a database that is not empty: nothing written
expect 2 "not empty" -- r --db full.db migrate-to "$P"
has err.txt "is not empty" "says why"
same "$(psql_ -d "$DB1" -c "SELECT count(*) FROM cases")" 1500 "nothing added"
same "$(q full.db "SELECT count(*) FROM audit_log WHERE action = 'migrate_to'")" 1 \
	"a refused copy leaves no audit row in the file (only the copy made above)"

# all or nothing: a row PostgreSQL refuses (text that is not UTF-8) at the
# end of the audit trail leaves the target empty
cp full.db bad.db
q bad.db "INSERT INTO audit_log(at, actor, action) VALUES ('2026', 'x', CAST(X'C328' AS TEXT))"
expect 2 "a row refused" -- r --db bad.db migrate-to "$P2"
has err.txt "nothing was written" "says nothing was written"
for t in cases survey users audit_log publication; do
	same "$(psql_ -d "$DB2" -c "SELECT count(*) FROM $t")" 0 "$t left empty"
done
# a table of the PostgreSQL schema that the copy would leave empty is found
psql_ -d "$DB2" -c "CREATE TABLE settings(k text PRIMARY KEY, v text)"
expect 2 "a PostgreSQL table it does not fill" -- r --db full.db migrate-to "$P2"
has err.txt "table settings of" "names the table"
same "$(psql_ -d "$DB2" -c "SELECT count(*) FROM cases")" 0 "nothing copied"
finish
