#!/bin/sh
# Runs the browser tests of the web app against $RETORNO_BIN (default: build/dev/retorno of this
# tree) in Debian's Chromium ($CHROMIUM, default /usr/bin/chromium). Builds nothing.
#   RETORNO_BIN=$PWD/retorno tests/web/run.sh                  every tests/web/test_*.mjs
#   RETORNO_BIN=$PWD/retorno tests/web/run.sh test_login.mjs   some of them
#   RETORNO_BIN=$PWD/retorno tests/web/run.sh --exec CMD ARG... CMD instead of the tests, with
#                                  the same server and environment (make screenshots)
# It installs the pinned npm packages when needed (check-node.sh), makes a demo database in a
# temporary directory (300 cases, the demo users: admin, supervisor, caseworker-mx,
# caseworker-gt, analyst, password retorno-demo), starts `retorno serve` on a free port, runs the
# test files in one Node.js process (runner.mjs, reporter.mjs: "ok: NAME" / "FAIL: NAME" lines
# and "web: N passed, M failed"), then stops the server and removes the directory, on failure too.
# The tests get BASE_URL, RETORNO_DB, RETORNO_BIN and CHROMIUM. WEB_VERBOSE=1 shows the "ok:"
# lines too; a failed test leaves a screenshot in $WEB_ARTIFACTS (default build/web-failures);
# WEB_DEMO_CASES sets the size of the demo (default 300).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
RETORNO_BIN=${RETORNO_BIN:-$root/build/dev/retorno}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
WEB_ARTIFACTS=${WEB_ARTIFACTS:-$root/build/web-failures}
WEB_TIMEOUT=${WEB_TIMEOUT:-900}
export RETORNO_BIN CHROMIUM WEB_ARTIFACTS

setup_failed() {
	echo "FAIL: setup: $1"
	echo "web: 0 passed, 1 failed"
	exit 1
}

[ -x "$RETORNO_BIN" ] || setup_failed "no retorno binary at $RETORNO_BIN (set RETORNO_BIN)"
[ -x "$CHROMIUM" ] || setup_failed "no Chromium at $CHROMIUM (the Debian package chromium: make deps)"
sh "$here/check-node.sh" || setup_failed "Node.js tooling missing: see above"

exec_mode=0
if [ "${1:-}" = --exec ]; then
	shift
	[ $# -gt 0 ] || setup_failed "--exec needs a command"
	exec_mode=1
elif [ $# -gt 0 ]; then
	files=""
	for f in "$@"; do
		case $f in /*) ;; *) [ -f "$f" ] || f="$here/$f" ;; esac
		[ -f "$f" ] || setup_failed "no test file $f"
		files="$files $f"
	done
else
	files=$(ls "$here"/test_*.mjs 2>/dev/null)
	[ -n "$files" ] || setup_failed "no tests/web/test_*.mjs"
fi

# running, not exited and waiting to be reaped (kill -0 succeeds on a zombie)
alive() {
	kill -0 "$1" 2>/dev/null && ! grep -qs ') Z ' "/proc/$1/stat"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/retorno-web.XXXXXX") || setup_failed "mktemp"
srv=""
stop_server() {
	[ -n "$srv" ] || return 0
	kill -TERM "$srv" 2>/dev/null
	# it finishes the requests in flight within 10 s
	i=0
	while alive "$srv" && [ $i -lt 120 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$srv" 2>/dev/null
	wait "$srv" 2>/dev/null
	srv=""
}
cleanup() {
	stop_server
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

DB=$tmp/web.db
if ! "$RETORNO_BIN" --db "$DB" demo --cases "${WEB_DEMO_CASES:-300}" --seed 1 --users >"$tmp/demo.out" 2>&1; then
	cat "$tmp/demo.out"
	setup_failed "retorno demo --cases ${WEB_DEMO_CASES:-300} --seed 1 --users"
fi

"$RETORNO_BIN" --db "$DB" serve --listen 127.0.0.1:0 --access-log "$tmp/access.log" \
	>"$tmp/serve.out" 2>"$tmp/serve.err" &
srv=$!

# it prints its address once it accepts connections (port 0: the system chose a free one)
base=""
i=0
while [ $i -lt 200 ]; do
	base=$(sed -n 's|^\(http://127\.0\.0\.1:[0-9][0-9]*\)/$|\1|p' "$tmp/serve.out" | head -1)
	[ -n "$base" ] && break
	alive "$srv" || break
	sleep 0.05
	i=$((i + 1))
done
if [ -z "$base" ]; then
	cat "$tmp/serve.out" "$tmp/serve.err"
	setup_failed "retorno serve did not print its address"
fi
if ! node -e '
	const url = process.argv[1] + "/healthz";
	const until = Date.now() + 10000;
	(async () => {
		for (;;) {
			try { if ((await fetch(url)).status === 200) process.exit(0); } catch {}
			if (Date.now() > until) process.exit(1);
			await new Promise((r) => setTimeout(r, 50));
		}
	})();' "$base"; then
	cat "$tmp/serve.err"
	setup_failed "GET $base/healthz did not answer 200"
fi

if [ $exec_mode = 1 ]; then
	BASE_URL=$base RETORNO_DB=$DB "$@"
	exit $?
fi

# the tests, in one process sharing one browser; their output goes through a filter that drops
# the "ok:" lines (as tests/api and tests/cli do) and is kept to read the totals
rm -f "$WEB_ARTIFACTS"/*.png 2>/dev/null
# shellcheck disable=SC2086
{
	BASE_URL=$base RETORNO_DB=$DB timeout --foreground -k 10 "$WEB_TIMEOUT" \
		node --test-reporter="$here/reporter.mjs" "$here/runner.mjs" $files 2>&1
	echo $? >"$tmp/status"
} | tee "$tmp/out" | if [ "${WEB_VERBOSE:-0}" = 1 ]; then cat; else grep -v '^ok: '; fi
status=$(cat "$tmp/status" 2>/dev/null || echo 1)

line=$(grep -E '^web: [0-9]+ passed, [0-9]+ failed$' "$tmp/out" | tail -1)
p=$(printf '%s\n' "$line" | sed -E 's/^web: ([0-9]+) passed, ([0-9]+) failed$/\1/')
f=$(printf '%s\n' "$line" | sed -E 's/^web: ([0-9]+) passed, ([0-9]+) failed$/\2/')
p=${p:-0}
f=${f:-0}
extra=0
if [ -z "$line" ]; then
	extra=1
	case $status in
	124) echo "FAIL: the tests did not finish within $WEB_TIMEOUT s (WEB_TIMEOUT)" ;;
	130) echo "FAIL: interrupted"
		echo "web: $p passed, $((f + extra)) failed"
		exit 130 ;;
	*) echo "FAIL: the test runner did not finish (exit $status)" ;;
	esac
elif [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
	extra=1
	echo "FAIL: the test runner exited $status with no failure counted"
fi
if ! alive "$srv"; then
	extra=$((extra + 1))
	echo "FAIL: retorno serve exited during the tests; its standard error ends:"
	tail -20 "$tmp/serve.err"
	srv=""
elif [ $((f + extra)) -gt 0 ] && [ -s "$tmp/serve.err" ]; then
	echo "(retorno serve's standard error ends:)"
	tail -10 "$tmp/serve.err"
fi
# the totals again when something was added to those of the runner
if [ -z "$line" ] || [ $extra -gt 0 ]; then
	echo "web: $p passed, $((f + extra)) failed"
fi
[ $((f + extra)) -eq 0 ]
