#!/usr/bin/env bash
# retorno backup FILE [--encrypt] and retorno restore FILE NEW.db: a backup
# taken while the server runs, plain or encrypted, restores to the same
# database table by table (plus the restore's own audit row); files are
# 0600; a wrong passphrase, a damaged file or an existing NEW.db leave
# nothing behind.
. "$(dirname "$0")/lib.sh"
umask 000    # retorno's files are private whatever the umask

r --db s.db import -q "$DATA/sample-cases.csv" || not_ok "import"
echo "a long enough password" | r --db s.db user add ana --role caseworker --office mx >/dev/null 2>&1
r --db s.db case show S-0001 >/dev/null || not_ok "a read, audited"
echo "correct horse battery staple" > pass.txt

# same_tables A B: every table of A and B holds the same rows (B's restore
# audit row aside): .dump of both, and a count per table for the message
same_tables() {
	sqlite3 "$1" .dump > a.sql
	sqlite3 "$2" .dump | grep -v "^INSERT INTO audit_log VALUES([0-9]*,'[^']*','[^']*','restore'," > b.sql
	if cmp -s a.sql b.sql; then ok; else
		not_ok "$3: $1 and $2 differ"
		diff a.sql b.sql | head -5 >&2
	fi
	for t in $(q "$1" "select name from sqlite_master where type = 'table' and sql not like 'CREATE VIRTUAL%'"); do
		local na nb
		na=$(q "$1" "select count(*) from \"$t\"")
		nb=$(q "$2" "select count(*) from \"$t\"")
		[ "$t" = audit_log ] && nb=$((nb - 1))
		[ "$na" = "$nb" ] || not_ok "$3: table $t has $na rows in $1, $nb in $2"
	done
}

# ---- a backup while the server runs (online) ----
"$RETORNO_BIN" --db s.db serve --listen 127.0.0.1:0 >serve.out 2>serve.err &
server=$!
for _ in $(seq 100); do [ -s serve.out ] && break; sleep 0.1; done
grep -q '^http://127.0.0.1:' serve.out && ok || not_ok "the server started: $(cat serve.err)"
expect 0 "plain backup while the server runs" -- r --db s.db backup plain.bak
has err.txt "backed up s.db to plain.bak" "says where"
# (the key derivation takes a second or more: argon2id, 256 MiB; the test
# derives as few keys as it can)
expect 0 "encrypted backup, passphrase on standard input" -- bash -c '"$0" --db s.db backup --encrypt enc.bak < pass.txt' "$RETORNO_BIN"
has err.txt "backed up s.db to enc.bak (encrypted)" "says so"
kill -TERM $server
wait $server
same "$?" 0 "the server stopped cleanly"

same "$(stat -c %a plain.bak)" 600 "plain backup is 0600"
same "$(stat -c %a enc.bak)" 600 "encrypted backup is 0600"
same "$(q plain.bak 'pragma journal_mode')" delete "the plain backup is one file (no write-ahead log)"
same "$(q s.db "select count(*) from audit_log where action = 'backup' and actor = '$ME'")" 2 "each backup audited"
same "$(q s.db "select detail from audit_log where action = 'backup' and target = 'enc.bak'")" "encrypted=1" "encrypted or not"
same "$(q plain.bak "select count(*) from audit_log where action = 'backup' and target = 'plain.bak'")" 1 "the copy holds its own record"
grep -q "Jorge" plain.bak && ok || not_ok "the plain backup holds the names (a check of the check)"
grep -q "Jorge" enc.bak && not_ok "the encrypted backup shows a name" || ok
grep -q "SQLite format" enc.bak && not_ok "the encrypted backup is a plain database" || ok
same "$(find . -name '*tmp*' | wc -l)" 0 "no temporary file (beside the database or the backup)"

# ---- restore: plain and encrypted, compared table by table ----
expect 0 "restore a plain backup" -- r restore plain.bak new-plain.db
has err.txt "restored plain.bak as new-plain.db" "says so"
same "$(stat -c %a new-plain.db)" 600 "restored database is 0600"
same_tables plain.bak new-plain.db "plain restore"
expect 0 "restore an encrypted backup" -- r restore --passphrase-file pass.txt enc.bak new-enc.db
same "$(stat -c %a new-enc.db)" 600 "restored database is 0600"
# the last backup: the live database has not changed since
same_tables s.db new-enc.db "encrypted restore, against the live database"
same "$(q new-enc.db "select actor || ' ' || target || ' ' || detail from audit_log where action = 'restore'")" "$ME enc.bak encrypted=1" "the restore is in the restored audit trail"
same "$(q new-enc.db "pragma integrity_check")" ok "integrity"
expect 0 "the restored database works" -- r --db new-enc.db summary
has out.txt "300 cases" "every case"
expect 0 "and shows a case" -- r --db new-enc.db case show S-0001
has out.txt "Jorge" "with its person"
same "$(find . -name '*tmp*' | wc -l)" 0 "no temporary file"

# ---- refusals: nothing written, nothing left ----
expect 1 "a backup onto the database" -- r --db s.db backup s.db
has err.txt "is the case database" "says why"
expect 1 "a backup onto the database's -wal" -- r --db s.db backup s.db-wal
expect 1 "a short passphrase" -- bash -c 'echo short | "$0" --db s.db backup --encrypt short.bak' "$RETORNO_BIN"
has err.txt "at least 10 characters" "says how long"
[ -e short.bak ] && not_ok "a backup with a short passphrase" || ok
expect 1 "--passphrase-file without --encrypt" -- r --db s.db backup --passphrase-file pass.txt x.bak
expect 1 "a passphrase on the command line is no option" -- r --db s.db backup --encrypt --passphrase secret-word x.bak
lacks err.txt "secret-word" "and is not echoed"
expect 1 "nor for restore" -- r restore --passphrase secret-word enc.bak x.db
lacks err.txt "secret-word" "and is not echoed"

cp new-plain.db keep.db
sum=$(md5sum < keep.db)
expect 2 "restore over an existing database" -- r restore plain.bak keep.db
has err.txt "keep.db exists already" "says why"
same "$(md5sum < keep.db)" "$sum" "the existing database is untouched"
: > orphan.db-wal
expect 2 "restore where a -wal is left" -- r restore plain.bak orphan.db
[ -e orphan.db ] && not_ok "restored beside a stray -wal" || ok

echo "wrong passphrase here" > wrong.txt
expect 2 "a wrong passphrase" -- r restore --passphrase-file wrong.txt enc.bak w.db
has err.txt "the passphrase is wrong, or the file is damaged; nothing was written" "says so"
[ -e w.db ] && not_ok "a database from a wrong passphrase" || ok
expect 1 "no passphrase for an encrypted backup" -- r restore enc.bak w.db </dev/null
has err.txt "no passphrase given" "says so"
# damaged: one byte changed near the end; cut short
cp enc.bak flipped.bak
size=$(stat -c %s flipped.bak)
printf 'X' | dd of=flipped.bak bs=1 seek=$((size - 40)) conv=notrunc 2>/dev/null
expect 2 "a damaged encrypted backup" -- r restore --passphrase-file pass.txt flipped.bak w.db
has err.txt "is damaged or incomplete" "says so"
head -c $((size - 1000)) enc.bak > cut.bak
expect 2 "an encrypted backup cut short" -- r restore --passphrase-file pass.txt cut.bak w.db
has err.txt "is damaged or incomplete" "says so"
{ cat enc.bak; printf 'more'; } > longer.bak
expect 2 "an encrypted backup with bytes after its end" -- r restore --passphrase-file pass.txt longer.bak w.db
[ -e w.db ] && not_ok "a database from a damaged backup" || ok
# a plain backup whose pages are damaged fails the integrity check
cp plain.bak broken.bak
dd if=/dev/zero of=broken.bak bs=4096 seek=3 count=4 conv=notrunc 2>/dev/null
expect 2 "a damaged plain backup" -- r restore broken.bak w.db
[ -e w.db ] && not_ok "a database from a damaged plain backup" || ok
expect 2 "a file that is no backup" -- r restore "$DATA/sample-cases.csv" w.db
has err.txt "is neither a retorno backup nor a database" "says so"
expect 1 "restore --as" -- r --as ana restore plain.bak w.db
[ -e w.db ] && not_ok "w.db written by a refusal" || ok
same "$(find . -name '*tmp*' | wc -l)" 0 "no temporary file after the refusals"

# a caseworker may not take a copy of everything
expect 2 "backup as a caseworker" -- r --db s.db --as ana backup cw.bak
has err.txt "only an administrator" "says why"
[ -e cw.bak ] && not_ok "a caseworker's backup" || ok
finish
