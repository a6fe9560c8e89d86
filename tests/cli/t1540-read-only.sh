#!/usr/bin/env bash
# A database this user may not write (mode 0444, or in a directory they
# cannot write): the commands that write nothing work on it, and write
# nothing (no migration, no audit row, no checkpoint); those that must record
# who read personal data, or change it, refuse and say why.
. "$(dirname "$0")/lib.sh"

# Permissions do not bite root: as root the commands run as nobody.
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null; then
		as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	elif command -v su >/dev/null && su nobody -s /bin/sh -c true 2>/dev/null; then
		as_user() { su nobody -s /bin/sh -c '"$0" "$@"' "$@"; }
	else
		echo "$(basename "$0"): 0 passed, 0 failed (skipped: running as root, and neither setpriv nor su can drop to nobody)"
		exit 0
	fi
else
	as_user() { "$@"; }
fi
ru() { as_user "$RETORNO_BIN" "$@"; }
chmod 755 "$WORK"

r --db ro.db import -q "$DATA/sample-cases.csv" || not_ok "import"
r --db ro.db case show S-0001 >/dev/null || not_ok "a read before"
chmod 444 ro.db
audits=$(q ro.db "select count(*) from audit_log")
sum=$(md5sum < ro.db)

# ---- 1. a read-only file in a directory nobody may write ----
check_reads() {
	local db=$1 how=$2
	expect 0 "$how: summary" -- ru --db "$db" summary
	has out.txt "300 cases" "$how: summary counts"
	expect 0 "$how: report" -- ru --db "$db" report --format json
	has out.txt '"returns"' "$how: the factsheet"
	expect 0 "$how: public preview" -- ru --db "$db" report --public --to 2024-12-31
	expect 0 "$how: vocab list" -- ru --db "$db" vocab list status
	has out.txt "returned" "$how: the codes"
	expect 0 "$how: publications" -- ru --db "$db" publications
	expect 0 "$how: audit" -- ru --db "$db" audit --limit 3
	expect 0 "$how: user list" -- ru --db "$db" user list

	expect 2 "$how: case show refused" -- ru --db "$db" case show S-0001
	has err.txt "read-only; this command records who read personal data" "$how: case show says why"
	lacks out.txt "Jorge" "$how: nothing shown"
	expect 2 "$how: case history refused" -- ru --db "$db" case history S-0001
	has err.txt "records who read personal data" "$how: case history says why"
	expect 2 "$how: export refused" -- ru --db "$db" export
	has err.txt "records who read personal data" "$how: export says why"
	same "$(wc -c < out.txt)" 0 "$how: no row exported"
	expect 2 "$how: publish refused" -- ru --db "$db" publish --to 2024-12-31
	has err.txt "read-only; this command changes it" "$how: publish says why"
	expect 2 "$how: case edit refused" -- ru --db "$db" case edit S-0001 given_names=Otro
	has err.txt "read-only; this command changes it" "$how: case edit says why"
	expect 2 "$how: import refused" -- ru --db "$db" import -q "$DATA/sample-cases.csv"
	has err.txt "read-only" "$how: import says why"
}
check_reads ro.db "0444 file"
same "$(q ro.db "select count(*) from audit_log")" "$audits" "no audit row was written"
same "$(md5sum < ro.db)" "$sum" "the file is unchanged"
same "$(ls ro.db-* 2>/dev/null | wc -l)" 0 "no -wal or -shm left (nothing opened it for writing)"

# ---- 2. a database file they own, in a directory they may not write ----
mkdir locked
cp ro.db locked/own.db
chmod 644 locked/own.db
[ "$(id -u)" = 0 ] && chown nobody locked/own.db
chmod 555 locked
check_reads locked/own.db "unwritable directory"
chmod 755 locked
same "$(q locked/own.db "select count(*) from audit_log")" "$audits" "no audit row in the locked directory"

# ---- 3. a read-only database that needs a migration ----
cp ro.db old.db
chmod 644 old.db
version=$(q old.db "pragma user_version")
q old.db "pragma user_version = $((version - 1))"
chmod 444 old.db
expect 2 "an old read-only database" -- ru --db old.db summary
has err.txt "must be upgraded to version $version first: someone who can write it" "says who must upgrade it"
same "$(q old.db "pragma user_version")" "$((version - 1))" "not upgraded"
finish
