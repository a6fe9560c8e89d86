#!/usr/bin/env bash
# The database holds personal data: its files are readable by their owner
# only, whatever the umask, and a database made readable by others (copied
# with the wrong mode, created by an old retorno) is made private again,
# with a notice.
. "$(dirname "$0")/lib.sh"

# a new database and its -wal, -shm, even under a permissive umask
umask 000
r --db new.db import -q "$DATA/sample-cases.csv" || not_ok "import"
same "$(stat -c %a new.db)" 600 "a new database is 0600"
r --db new.db export -o e.csv 2>/dev/null
same "$(stat -c %a e.csv)" 600 "an export is 0600"
umask 022

# a database that others may read: made 0600, with its -wal and -shm, and said so
cp new.db open.db
chmod 644 open.db
expect 0 "summary of a 0644 database" -- r --db open.db summary
same "$(stat -c %a open.db)" 600 "made readable by its owner only"
has err.txt "open.db could be read by other users (mode 0644)" "a notice says what was found"
has err.txt "0600" "and what it is now"
expect 0 "summary again" -- r --db open.db summary
lacks err.txt "other users" "no notice once it is private"

# its -wal and -shm too (left by a process that was killed: 0644 files)
cp new.db walled.db
sqlite3 walled.db "pragma journal_mode" >/dev/null
printf '' > walled.db-wal
chmod 644 walled.db walled.db-wal
expect 0 "a database with a readable -wal" -- r --db walled.db summary
same "$(stat -c %a walled.db)" 600 "the database"
if [ -e walled.db-wal ]; then same "$(stat -c %a walled.db-wal)" 600 "its -wal"; else ok; fi

# group-writable is as bad
cp new.db gw.db
chmod 660 gw.db
r --db gw.db summary >/dev/null 2>&1
same "$(stat -c %a gw.db)" 600 "a group-writable database is made 0600"

# a database of another user that others may read: warned, never changed by force
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	cp new.db theirs.db
	chmod 644 theirs.db          # root's, readable by nobody
	chmod 755 .
	expect 0 "another's readable database" -- setpriv --reuid=nobody --regid=nogroup --clear-groups "$RETORNO_BIN" --db theirs.db summary
	has err.txt "warning: theirs.db can be read by other users (mode 0644)" "warned"
	has err.txt "its owner should run chmod 600" "says who can fix it"
	same "$(stat -c %a theirs.db)" 644 "left as it is"
else
	echo "$(basename "$0"): the test of another user's database needs root and setpriv: skipped" >&2
fi

# backups are 0600 (t1560 checks them too)
umask 000
r --db new.db backup b.db 2>/dev/null || not_ok "backup"
same "$(stat -c %a b.db)" 600 "a backup is 0600"
umask 022
finish
