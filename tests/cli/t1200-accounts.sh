#!/usr/bin/env bash
# Accounts, --as (a user's role and offices at the command line), tokens and
# the audit trail, which nothing can change.
. "$(dirname "$0")/lib.sh"

r --db a.db import -q "$DATA/sample-cases.csv" || not_ok "sample import"
mx=$(awk -F, 'NR>2 && $4=="mx" && $20=="registered" {print $1; exit}' "$DATA/sample-cases.csv")
gt=$(awk -F, 'NR>2 && $4=="gt" && $20=="counselled" {print $1; exit}' "$DATA/sample-cases.csv")

# passwords: from standard input or a file, never from the command line
echo "correct horse battery" | r --db a.db user add ana --role caseworker --office gt >out.txt 2>err.txt
same "$?" 0 "user add reads the password from stdin"
printf 'supervisor pass 1\n' > pw.txt
expect 0 "user add from a file" -- r --db a.db user add sam --role supervisor --office mx --password-file pw.txt
echo "analyst password" | r --db a.db user add lee --role analyst >/dev/null 2>&1 || not_ok "analyst"
expect 1 "no --password on the command line" -- r --db a.db user add bob --role admin --password x
echo "short" | r --db a.db user add bob --role admin >out.txt 2>err.txt
same "$?" 2 "too short a password"
has err.txt "at least 10 characters" "says why"
echo "long enough pass" | r --db a.db user add bob --role wizard >/dev/null 2>err.txt
has err.txt "'wizard' is not a role" "unknown role"
echo "long enough pass" | r --db a.db user add ana --role admin >/dev/null 2>err.txt
has err.txt "user 'ana' exists already" "duplicate user"
same "$(q a.db "select count(*) from users where pw_hash like '\$argon2id\$%'")" 3 "argon2id hashes only"
lacks "$(db_file a.db)" "correct horse battery" "no password in the database file"
expect 0 "user list" -- r --db a.db user list
has out.txt "ana" "listed"
lacks out.txt "argon2" "no hash listed"

# --as: the user's role and offices
expect 2 "gt caseworker reads an mx case: as if unknown" -- r --db a.db --as ana case show "$mx"
has err.txt "there is no case '$mx'" "reads like an unknown case"
expect 0 "gt caseworker reads a gt case" -- r --db a.db --as ana case show "$gt"
expect 2 "caseworker may not approve" -- r --db a.db --as ana case status "$gt" approved
has err.txt "may not move a case to 'approved'" "says why"
same "$(q a.db "select status from cases where case_id='$gt'")" counselled "unchanged"
expect 2 "caseworker may not import" -- r --db a.db --as ana import "$DATA/sample-cases.csv"
expect 2 "caseworker may not export" -- r --db a.db --as ana export -o x.csv
[ ! -e x.csv ] && ok || not_ok "no file written on a refused export"
expect 2 "caseworker may not add users" -- r --db a.db --as ana user list
expect 0 "caseworker summary: own offices only" -- r --db a.db --as ana summary
lacks out.txt " mx " "no mx counts"
expect 2 "analyst reads no case" -- r --db a.db --as lee case show "$gt"
expect 0 "analyst report" -- r --db a.db --as lee report --format json
lacks out.txt "$gt" "no case id in a report"
expect 0 "supervisor approves in own office" -- r --db a.db --as sam case status "$mx" counselled --date 2021-01-05
expect 2 "supervisor: other office's case" -- r --db a.db --as sam case status "$gt" approved
expect 0 "supervisor export: own offices" -- r --db a.db --as sam export -o sam.csv
same "$(awk -F, 'NR>1 && $4!="mx"' sam.csv | wc -l)" 0 "no other office's case exported"
expect 2 "unknown --as user" -- r --db a.db --as nobody summary
expect 0 "disable" -- r --db a.db user disable ana
expect 2 "disabled user" -- r --db a.db --as ana summary
has err.txt "disabled" "says disabled"

# enable: a disabled user acts again
expect 2 "a supervisor may not enable" -- r --db a.db --as sam user enable ana
expect 0 "enable" -- r --db a.db user enable ana
same "$(q a.db "select disabled from users where name='ana'")" 0 "enabled"
expect 0 "an enabled user acts again" -- r --db a.db --as ana summary
n=$(q a.db "select count(*) from audit_log where action='user_enable' and target='ana'")
same "$n" 1 "enabling audited"
expect 0 "enable an enabled user" -- r --db a.db user enable ana
same "$(q a.db "select count(*) from audit_log where action='user_enable'")" 1 "nothing to record"
expect 2 "enable nobody" -- r --db a.db user enable nobody
has err.txt "there is no user 'nobody'" "says so"

# offices: more keep the user's sessions, fewer end them
sid=$(q a.db "select id from users where name='sam'")
if on_sqlite; then
	session() { sqlite3 a.db "insert into sessions(token_hash, user_id, csrf, created, last_seen) values (randomblob(32), $sid, 'c', 0, 0)"; }
else
	session() { sql a.db "insert into sessions(token_hash, user_id, csrf, created, last_seen) values (decode(md5(random()::text) || md5(random()::text), 'hex'), $sid, 'c', 0, 0)"; }
fi
sessions() { q a.db "select count(*) from sessions where user_id=$sid"; }
session
expect 0 "user offices: mx and gt" -- r --db a.db user offices sam --office mx --office gt
same "$(q a.db "select offices from users where name='sam'")" "mx gt" "offices stored"
same "$(sessions)" 1 "more offices: the session goes on"
expect 0 "sam reads a gt case now" -- r --db a.db --as sam case show "$gt"
expect 0 "user offices: every office" -- r --db a.db user offices sam --all
same "$(q a.db "select offices from users where name='sam'")" "" "'' is every office"
same "$(sessions)" 1 "every office: the session goes on"
expect 0 "user offices: gt only" -- r --db a.db user offices sam --office gt
same "$(sessions)" 0 "fewer offices: the session has ended"
expect 2 "sam no longer reads an mx case" -- r --db a.db --as sam case show "$mx"
has err.txt "there is no case '$mx'" "as if unknown"
same "$(q a.db "select detail from audit_log where action='user_offices' order by id desc limit 1")" \
	'{"offices":["*","gt"]}' "audited with before and after"
n=$(q a.db "select count(*) from audit_log where action='user_offices'")
expect 0 "the same offices" -- r --db a.db user offices sam --office gt
same "$(q a.db "select count(*) from audit_log where action='user_offices'")" "$n" "no change, no row"
expect 2 "an unknown office" -- r --db a.db user offices sam --office zz
has err.txt "'zz' is not an office" "says so"
expect 1 "neither --office nor --all" -- r --db a.db user offices sam
expect 1 "both --office and --all" -- r --db a.db user offices sam --office mx --all
expect 1 "--all goes with offices" -- r --db a.db user add zed --role admin --all
expect 2 "a supervisor may not change offices" -- r --db a.db --as sam user offices sam --all
same "$(q a.db "select offices from users where name='sam'")" "gt" "refusals changed nothing"
expect 0 "back to mx" -- r --db a.db user offices sam --office mx

# role: a change ends the sessions
session
expect 0 "user role" -- r --db a.db user role sam --role caseworker
same "$(q a.db "select role from users where name='sam'")" caseworker "role stored"
same "$(sessions)" 0 "a new role ends the sessions"
expect 2 "a caseworker may not approve" -- r --db a.db --as sam case status "$mx" approved
expect 2 "an unknown role" -- r --db a.db user role sam --role wizard
has err.txt "'wizard' is not a role" "says so"
expect 1 "user role needs --role" -- r --db a.db user role sam
expect 0 "back to supervisor" -- r --db a.db user role sam --role supervisor
if on_sqlite; then agg="group_concat(detail, ' ')"; else agg="string_agg(detail, ' ' order by id)"; fi
same "$(q a.db "select $agg from audit_log where action='user_role'")" \
	'{"role":["supervisor","caseworker"]} {"role":["caseworker","supervisor"]}' "audited with before and after"
expect 0 "help names the new commands" -- r user --help
has out.txt "retorno user offices NAME (--office CODE... | --all)" "offices"
has out.txt "retorno user enable NAME" "enable"

# tokens: shown once, the token alone on the last line; only a hash is kept
expect 0 "token create" -- r --db a.db token create sam
tok=$(tail -1 out.txt)
case "$tok" in rt_*) ok ;; *) not_ok "token on the last line: '$tok'" ;; esac
lacks "$(db_file a.db)" "$tok" "no token in the database"
tid=$(head -1 out.txt | awk '{print $2}')
expect 0 "token revoke" -- r --db a.db token revoke "$tid"
expect 2 "revoke an unknown token" -- r --db a.db token revoke 999

# the audit trail: reads, changes, accounts; append-only
expect 0 "audit" -- r --db a.db audit --limit 500
has out.txt "case_read" "reads audited"
has out.txt "user_add" "user administration audited"
has out.txt "token_create" "tokens audited"
expect 0 "audit filtered" -- r --db a.db audit --user sam --action case_move
same "$(grep -c case_move out.txt)" 1 "one move by sam"
expect 2 "supervisor may read the audit" -- r --db a.db --as ana audit
expect 0 "supervisor reads own offices' audit" -- r --db a.db --as sam audit
lacks out.txt " gt " "no gt rows for an mx supervisor"
n=$(q a.db "select count(*) from audit_log")
sql a.db "update audit_log set actor='x'" 2>err.txt && not_ok "UPDATE of the audit trail allowed" || ok
has err.txt "append-only" "the database says why"
sql a.db "delete from audit_log" 2>/dev/null && not_ok "DELETE of the audit trail allowed" || ok
same "$(q a.db "select count(*) from audit_log")" "$n" "audit trail intact"
same "$(q a.db "select count(*) from audit_log where actor='x'")" 0 "no row changed"
# and the program has no statement that would change it: every SQL statement
# lives in src/store/store.c's table
src="$TESTS/../src"
if grep -rniE "(update|delete from|replace into|insert or replace into)[[:space:]\"]*audit_log|drop (table|trigger)" "$src" >grep.txt; then
	not_ok "a statement that could alter the audit trail: $(head -1 grep.txt)"
else ok; fi
same "$(grep -c 'audit_log' "$src/store/store.c")" 2 "store.c names audit_log twice: to insert and to read"
finish
