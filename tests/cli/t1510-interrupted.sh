#!/usr/bin/env bash
# An export, a report or a backup interrupted by SIGINT, SIGTERM or SIGHUP
# leaves no FILE.tmp-PID behind (it would hold personal data), and the
# process ends as killed by that signal (130, 143, 129 in the shell).
. "$(dirname "$0")/lib.sh"
# A shell without job control starts background commands with SIGINT
# ignored (and retorno rightly leaves an ignored signal be): env gives the
# command the default actions back, and execs it, so $! is retorno's pid.
env --default-signal=INT true 2>/dev/null || {
	echo "$(basename "$0"): 0 passed, 0 failed (skipped: env --default-signal is missing)"
	exit 0
}

r --db d.db demo --cases 4000 --seed 5 >/dev/null 2>&1 || not_ok "demo"

temps() { find . -name '*.tmp-*' -o -name '*backup-tmp*' | wc -l; }
# as soon as one is there (bash alone, no process started: the poll is fast)
any_temp() { compgen -G '*.tmp-*' >/dev/null || compgen -G '*backup-tmp*' >/dev/null; }
shown() { find . -name '*.tmp-*' -o -name '*backup-tmp*'; }

# interrupt SIGNAL STATUS WHAT -- ARGS...: starts retorno ARGS, waits until its
# temporary file exists, stops it there (SIGSTOP: so that it cannot finish
# first), sends the signal, lets it go on, and checks what it leaves.
interrupt() {
	local sig=$1 want=$2 what=$3
	shift 4
	local tries=0 caught=0
	while [ $tries -lt 8 ] && [ $caught = 0 ]; do
		tries=$((tries + 1))
		env --default-signal=INT,TERM,HUP "$RETORNO_BIN" "$@" >/dev/null 2>&1 &
		local pid=$!
		local waited=0
		while ! any_temp && kill -0 $pid 2>/dev/null && [ $waited -lt 200000 ]; do
			waited=$((waited + 1))
		done
		kill -STOP $pid 2>/dev/null
		if any_temp; then
			caught=1
			kill -"$sig" $pid
			kill -CONT $pid
			wait $pid 2>/dev/null
			local got=$?
			same "$got" "$want" "$what: ends as killed by SIG$sig"
			same "$(temps)" 0 "$what: no temporary file left after SIG$sig"
			shown | sed 's/^/    left: /' >&2
		else
			kill -CONT $pid 2>/dev/null
			wait $pid
		fi
		rm -f out.csv out.pdf
	done
	[ $caught = 1 ] && ok || not_ok "$what: never caught with its temporary file"
}

interrupt INT 130 "export" -- --db d.db export -o out.csv
interrupt TERM 143 "report pdf" -- --db d.db report --format pdf -o out.pdf
interrupt TERM 143 "report png" -- --db d.db report --format png -o out.png
same "$(ls | grep -c '^out-[0-9]*\.png$')" 0 "no PNG page left"
echo "a passphrase long enough" > pass.txt
interrupt HUP 129 "encrypted backup" -- --db d.db backup --encrypt --passphrase-file pass.txt out.bak
[ -e out.bak ] && not_ok "a backup was left" || ok
interrupt INT 130 "plain backup" -- --db d.db backup out.bak
r --db d.db backup --encrypt --passphrase-file pass.txt whole.bak 2>/dev/null || not_ok "a backup to restore"
interrupt TERM 143 "restore" -- restore --passphrase-file pass.txt whole.bak new.db
[ -e new.db ] && not_ok "a restored database was left" || ok
# nohup: an ignored SIGHUP stays ignored
expect 0 "an export under nohup" -- nohup "$RETORNO_BIN" --db d.db export -o n.csv
same "$(temps)" 0 "no temporary file"
finish
