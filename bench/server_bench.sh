#!/usr/bin/env bash
# Server benchmark: `retorno serve` under load, against references measured in
# the same run on the same machine. Usage: bench/server_bench.sh [CASES]
# (default 1000000). Everything runs on 127.0.0.1 and every load is bounded in
# time. Scratch files go to bench/work/ (ignored by git); the output is also
# appended to bench/results-YYYY-MM-DD.txt.
#
#  1. GET /api/v1/cases/{id}, every read audited (an admin's bearer token, ids
#     spread over the database), against nginx serving a static file of the
#     size of a case's JSON: same wrk script, threads, connections, duration.
#  2. POST /api/v1/cases (server-assigned ids) from 32 clients (bench/post_load.c:
#     unlike wrk it never abandons a request at the deadline, so its 201s can be
#     checked exactly against the database, read with sqlite3 after the server
#     has been killed with SIGKILL).
#  3. The server's private memory (smaps) after warm-up and after the read load,
#     the database's own file mappings left out.
#  4. GET /api/v1/report against `retorno report --format json` with the same
#     filters: medians of several runs.
#
# Settings (environment): RETORNO_BIN (default ./retorno), BENCH_DURATION (s of
# each load, 10), BENCH_THREADS (wrk threads, 2), BENCH_CONNECTIONS (32),
# BENCH_ROUNDS (alternating retorno/nginx read rounds, 3), BENCH_POST_CLIENTS
# (32), BENCH_REPORT_RUNS (5), BENCH_WORKERS (retorno serve --workers; default:
# the server's own default, the number of processors).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

CASES=${1:-1000000}
BIN=${RETORNO_BIN:-$ROOT/retorno}
DUR=${BENCH_DURATION:-10}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-32}
ROUNDS=${BENCH_ROUNDS:-3}
POST_CLIENTS=${BENCH_POST_CLIENTS:-32}
REPORT_RUNS=${BENCH_REPORT_RUNS:-5}
WORK=$ROOT/bench/work
RESULTS=$ROOT/bench/results-$(date +%F).txt

case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
[ -x "$BIN" ] || { echo "no retorno binary at $BIN (make retorno)"; exit 1; }
for v in "$CASES" "$DUR" "$THREADS" "$CONNS" "$ROUNDS" "$POST_CLIENTS" "$REPORT_RUNS"; do
	[[ $v =~ ^[1-9][0-9]*$ ]] || { echo "not a positive number: $v"; exit 1; }
done
[ "$DUR" -le 120 ] || { echo "BENCH_DURATION is at most 120 s"; exit 1; }
[ "$CONNS" -le 60 ] || { echo "BENCH_CONNECTIONS is at most 60 (the server allows 64 per address)"; exit 1; }

# ---- tools: wrk and nginx from Debian when missing ----
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v curl >/dev/null || missing+=(curl)
command -v gcc >/dev/null || missing+=(gcc)
if [ ${#missing[@]} -gt 0 ]; then
	echo "installing ${missing[*]} (apt-get)"
	[ "$(id -u)" = 0 ] || { echo "run as root, or: apt-get install -y ${missing[*]}"; exit 1; }
	# the nginx package must not start the system service: while nothing else
	# says so, a policy-rc.d that denies every start, for this install only
	own_policy=
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		own_policy=1
	fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
		|| { [ -n "$own_policy" ] && rm -f /usr/sbin/policy-rc.d; exit 1; }
	[ -n "$own_policy" ] && rm -f /usr/sbin/policy-rc.d
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

mkdir -p "$WORK"
OUT=$WORK/server-bench-out.txt
: > "$OUT"
say() { printf '%s\n' "$*" | tee -a "$OUT"; }

# ---- processes we start, stopped on every exit ----
SERVER_PID='' NGINX_PID=''
cleanup() {
	[ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
	[ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
	true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { echo "$EPOCHREALTIME"; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.6f\n", (a[NR/2]+a[NR/2+1])/2}'; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
field() { # field KEY LINE: the value of KEY=... in a RESULT line
	tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p"
}
cpu_ticks() { # utime+stime of the processes given, in clock ticks
	local t=0 p
	for p in "$@"; do
		[ -r "/proc/$p/stat" ] && t=$((t + $(sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
	done
	echo $t
}
HZ=$(getconf CLK_TCK)

# Private memory of PID (KiB): smaps_rollup's Private_Clean + Private_Dirty, and
# the part of it that is the database's own file mappings (the file mapped for
# a report's scans, and the WAL index), which is page cache, not the server's.
# Prints: "total db rest rss anon".
memory() {
	local pid=$1 db=$2 total rss anon dbk
	read -r total rss anon < <(awk '/^Private_(Clean|Dirty):/ {p += $2} /^Rss:/ {r = $2}
		/^Anonymous:/ {a = $2} END {print p, r, a}' "/proc/$pid/smaps_rollup")
	dbk=$(awk -v db="$db" '
		/^[0-9a-f]+-[0-9a-f]+ / { path = ""; for (i = 6; i <= NF; i++) path = path (i > 6 ? " " : "") $i
			in_db = (path == db || path == db "-shm" || path == db "-wal"); next }
		in_db && /^Private_(Clean|Dirty):/ { d += $2 } END { print d + 0 }' "/proc/$pid/smaps")
	echo "$total $dbk $((total - dbk)) $rss $anon"
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# ---- the machine ----
CPU=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
say "# retorno server benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say "machine: $(nproc) CPUs ($CPU), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
say "software: retorno $("$BIN" --version 2>/dev/null | head -1) ($BIN), SQLite $(sqlite3 --version | cut -d' ' -f1), $("$NGINX" -v 2>&1 | sed 's/.*: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
say "settings: $CASES cases; wrk -t$THREADS -c$CONNS -d${DUR}s, $ROUNDS alternating rounds; $POST_CLIENTS writers for ${DUR}s; $REPORT_RUNS report runs"

# ---- the database: generated once, copied for each run ----
PRISTINE=$WORK/server-$CASES.db
if [ ! -f "$PRISTINE" ]; then
	say "generating $PRISTINE once (retorno demo --cases $CASES --seed 1; kept for later runs)"
	rm -f "$PRISTINE.tmp" "$PRISTINE.tmp-wal" "$PRISTINE.tmp-shm"
	"$BIN" --db "$PRISTINE.tmp" demo --cases "$CASES" --seed 1 >/dev/null
	mv "$PRISTINE.tmp" "$PRISTINE"
fi
DB=$WORK/server-run.db
rm -f "$DB" "$DB-wal" "$DB-shm"
cp "$PRISTINE" "$DB"
"$BIN" --db "$DB" user add benchadmin --role admin --password-file <(echo "bench-password-$$-$RANDOM") >/dev/null
TOKEN=$("$BIN" --db "$DB" token create benchadmin | tail -1)
export RETORNO_BENCH_TOKEN=$TOKEN
# ~10,000 ids spread evenly over the table, in random order
STEP=$(( CASES > 10000 ? CASES / 10000 : 1 ))
IDS=$WORK/server-ids.txt
sqlite3 "$DB" "SELECT case_id FROM cases WHERE id % $STEP = 0 ORDER BY random()" > "$IDS"
NIDS=$(wc -l < "$IDS")

# ---- the server ----
ACCESS=$WORK/server-access.log
: > "$ACCESS"
PORT=$(free_port)
serve_args=(--listen "127.0.0.1:$PORT" --access-log "$ACCESS")
[ -n "${BENCH_WORKERS:-}" ] && serve_args+=(--workers "$BENCH_WORKERS")
"$BIN" --db "$DB" serve "${serve_args[@]}" > "$WORK/server-stdout.txt" 2> "$WORK/server-stderr.txt" &
SERVER_PID=$!
for _ in $(seq 300); do
	grep -q "^http://" "$WORK/server-stdout.txt" 2>/dev/null && break
	kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server-stderr.txt"; exit 1; }
	sleep 0.1
done
grep -q "^http://" "$WORK/server-stdout.txt" || { echo "the server did not start"; exit 1; }
URL=http://127.0.0.1:$PORT
DBREAL=$(realpath "$DB")
auth=(-H "Authorization: Bearer $TOKEN")

# the size of a case's JSON: the mean over 50 of the ids
SIZE=$(head -50 "$IDS" | while read -r id; do
	curl -sS -o /dev/null -w '%{size_download}\n' "${auth[@]}" "$URL/api/v1/cases/$id"
done | awk '{s += $1} END {printf "%d", s / NR}')
status=$(curl -sS -o /dev/null -w '%{http_code}' "${auth[@]}" "$URL/api/v1/cases/$(head -1 "$IDS")")
[ "$status" = 200 ] || { echo "GET a case answered $status, not 200"; exit 1; }

# ---- nginx: its own prefix and config, in the foreground, on loopback ----
NG=$WORK/nginx
rm -rf "$NG"
mkdir -p "$NG/html" "$NG/tmp"
chmod 755 "$NG" "$NG/html"
curl -sS "${auth[@]}" "$URL/api/v1/cases/$(head -1 "$IDS")" > "$NG/one.json"
# the same bytes repeated and cut to the mean size
while [ "$(stat -c %s "$NG/one.json")" -lt "$SIZE" ]; do cat "$NG/one.json" "$NG/one.json" > "$NG/two" && mv "$NG/two" "$NG/one.json"; done
head -c "$SIZE" "$NG/one.json" > "$NG/html/case.json"
chmod 644 "$NG/html/case.json"
NPORT=$(free_port)
cat > "$NG/nginx.conf" <<EOF
# bench/server_bench.sh: nginx as a reference, Debian's defaults where they matter
worker_processes auto;
daemon off;
pid $NG/nginx.pid;
error_log $NG/error.log;
events { worker_connections 768; }
http {
	sendfile on;
	tcp_nopush on;
	types { application/json json; }
	default_type application/octet-stream;
	access_log $NG/access.log;
	client_body_temp_path $NG/tmp/body;
	proxy_temp_path $NG/tmp/proxy;
	fastcgi_temp_path $NG/tmp/fastcgi;
	uwsgi_temp_path $NG/tmp/uwsgi;
	scgi_temp_path $NG/tmp/scgi;
	server {
		listen 127.0.0.1:$NPORT;
		root $NG/html;
	}
}
EOF
"$NGINX" -p "$NG" -c "$NG/nginx.conf" -e "$NG/error.log" &
NGINX_PID=$!
for _ in $(seq 100); do
	[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NPORT/case.json" 2>/dev/null)" = 200 ] && break
	kill -0 "$NGINX_PID" 2>/dev/null || { cat "$NG/error.log"; exit 1; }
	sleep 0.1
done
NSIZE=$(curl -sS -o /dev/null -w '%{size_download}' "http://127.0.0.1:$NPORT/case.json")

# wrk_run NAME URL [IDS]: one wrk run; prints "rps p50_us p99_us errors cpu_us_per_request"
wrk_run() {
	local name=$1 url=$2 ids=${3:-} log=$WORK/wrk-$1.txt pids t0 t1 line
	if [[ $name == nginx* ]]; then
		pids="$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"
	else
		pids=$SERVER_PID
	fi
	# shellcheck disable=SC2086 # one argument per process
	t0=$(cpu_ticks $pids)
	RETORNO_BENCH_IDS=$ids wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" -s bench/server_get.lua "$url" > "$log" 2>&1
	# shellcheck disable=SC2086
	t1=$(cpu_ticks $pids)
	line=$(grep '^RESULT' "$log") || { cat "$log"; exit 1; }
	local req us errs
	req=$(field requests "$line"); us=$(field duration_us "$line")
	errs=$(( $(field status_errors "$line") + $(field connect "$line") + $(field read "$line") + $(field write "$line") + $(field timeout "$line") ))
	awk -v r="$req" -v us="$us" -v p50="$(field lat_p50_us "$line")" -v p99="$(field lat_p99_us "$line")" \
	    -v e="$errs" -v cpu="$((t1 - t0))" -v hz="$HZ" \
	    'BEGIN { printf "%.0f %d %d %d %.0f\n", r / (us / 1e6), p50, p99, e, cpu / hz * 1e6 / r }'
}

# ---- 1. audited reads against nginx; 3. memory after warm-up and reads ----
say ""
say "reads: $NIDS ids spread over $CASES cases; case JSON ~$SIZE bytes (nginx file: $NSIZE bytes)"
RETORNO_BENCH_IDS=$IDS wrk -t"$THREADS" -c"$CONNS" -d2s -s bench/server_get.lua "$URL" > "$WORK/wrk-warmup.txt" 2>&1
wrk -t"$THREADS" -c"$CONNS" -d2s -s bench/server_get.lua "http://127.0.0.1:$NPORT/case.json" > "$WORK/wrk-warmup-nginx.txt" 2>&1
sleep 1
read -r M0_TOT M0_DB M0_REST M0_RSS M0_ANON < <(memory "$SERVER_PID" "$DBREAL")
AUDIT0=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = 'case_read'")
R_RPS=() N_RPS=() R_CPU=() N_CPU=()
for round in $(seq "$ROUNDS"); do
	res=$(wrk_run "retorno-$round" "$URL" "$IDS")
	read -r rps p50 p99 err cpu <<<"$res"
	R_RPS+=("$rps") R_CPU+=("$cpu")
	say "  round $round  retorno: $rps req/s, p50 $((p50 / 1000)).$(( (p50 % 1000) / 100 )) ms, p99 $((p99 / 1000)) ms, errors $err, server CPU $cpu µs/req"
	[ "$err" = 0 ] || say "  WARNING: retorno answered $err requests with an error or not at all"
	res=$(wrk_run "nginx-$round" "http://127.0.0.1:$NPORT/case.json")
	read -r rps p50 p99 err cpu <<<"$res"
	N_RPS+=("$rps") N_CPU+=("$cpu")
	say "  round $round  nginx:   $rps req/s, p50 $((p50 / 1000)).$(( (p50 % 1000) / 100 )) ms, p99 $((p99 / 1000)) ms, errors $err, nginx CPU $cpu µs/req"
done
sleep 1
read -r M1_TOT M1_DB M1_REST M1_RSS M1_ANON < <(memory "$SERVER_PID" "$DBREAL")
AUDIT1=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = 'case_read'")
R_MED=$(printf '%s\n' "${R_RPS[@]}" | median)
N_MED=$(printf '%s\n' "${N_RPS[@]}" | median)
say "  audit rows 'case_read' written during the measured rounds: $((AUDIT1 - AUDIT0))"
WAL_READS=$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)
kill -QUIT "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null || true; NGINX_PID=
# where the server's time goes: the same load on cheaper paths
res=$(wrk_run retorno-healthz "$URL/healthz"); read -r H_RPS _ _ H_ERR H_CPU <<<"$res"
res=$(wrk_run retorno-me "$URL/api/v1/me"); read -r ME_RPS _ _ ME_ERR ME_CPU <<<"$res"
R_CPU_MED=$(printf '%s\n' "${R_CPU[@]}" | median)
N_CPU_MED=$(printf '%s\n' "${N_CPU[@]}" | median)
say "  the WAL file after the reads: $(mib $((WAL_READS / 1024))) MiB"
say "  CPU per request (µs, user+system of the server's process): nginx static file $N_CPU_MED;"
say "    retorno GET /healthz $H_CPU ($H_RPS req/s, errors $H_ERR; HTTP and access log only), GET /api/v1/me $ME_CPU ($ME_RPS req/s,"
say "    errors $ME_ERR; + bearer token),"
say "    GET /api/v1/cases/{id} $R_CPU_MED (+ visibility, read, audit row, commit)"

# ---- 4. the factsheet: server against the command line ----
say ""
say "report: median of $REPORT_RUNS runs each (wall time of the client: curl, or the retorno process)"
REPORT_FILTERS=("" "office=mx&from=2020-01-01&to=2021-06-30")
REPORT_ARGS=("" "--office mx --from 2020-01-01 --to 2021-06-30")
REP_ROWS=()
for k in "${!REPORT_FILTERS[@]}"; do
	q=${REPORT_FILTERS[$k]}
	read -ra args <<<"${REPORT_ARGS[$k]}"
	cli_times=() srv_times=()
	# one untimed run of each first (page cache, prepared statements)
	"$BIN" --db "$DB" report --format json "${args[@]}" > "$WORK/report-cli.json"
	curl -sS -f "${auth[@]}" -o "$WORK/report-srv.json" "$URL/api/v1/report${q:+?$q}"
	for _ in $(seq "$REPORT_RUNS"); do
		t0=$(now)
		"$BIN" --db "$DB" report --format json "${args[@]}" > "$WORK/report-cli.json"
		t1=$(now)
		cli_times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')")
		t0=$(now)
		code=$(curl -sS -w '%{http_code}' "${auth[@]}" -o "$WORK/report-srv.json" "$URL/api/v1/report${q:+?$q}")
		t1=$(now)
		[ "$code" = 200 ] || { say "GET /api/v1/report${q:+?$q} answered $code"; exit 1; }
		srv_times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')")
	done
	c=$(printf '%s\n' "${cli_times[@]}" | median)
	s=$(printf '%s\n' "${srv_times[@]}" | median)
	same=$(python3 -c 'import json,sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
a.pop("generated_at", None); b.pop("generated_at", None)
print("same (but generated_at)" if a == b else "DIFFERENT")' \
		"$WORK/report-cli.json" "$WORK/report-srv.json")
	label=${q:-no filter (AVR, all offices, all dates)}
	say "  $label: command line $c s [${cli_times[*]}], server $s s [${srv_times[*]}], JSON $same"
	REP_ROWS+=("$label|$c|$s")
done
read -r M2_TOT M2_DB M2_REST M2_RSS M2_ANON < <(memory "$SERVER_PID" "$DBREAL")

# ---- 2. durable creation ----
say ""
gcc -O2 -Wall -o "$WORK/post_load" bench/post_load.c -lpthread
BEFORE=$(sqlite3 "$DB" "SELECT count(*) FROM cases")
ACC0=$(grep -c ' POST /api/v1/cases 201 ' "$ACCESS" || true)
t0=$(cpu_ticks "$SERVER_PID")
PLINE=$("$WORK/post_load" "$PORT" "$DUR" "$POST_CLIENTS" "$TOKEN" | grep '^RESULT')
t1=$(cpu_ticks "$SERVER_PID")
read -r M3_TOT M3_DB M3_REST M3_RSS M3_ANON < <(memory "$SERVER_PID" "$DBREAL")
CREATED=$(field created "$PLINE")
PSECS=$(field seconds "$PLINE")
P_RATE=$(awk -v n="$CREATED" -v s="$PSECS" 'BEGIN {printf "%.0f", n / s}')
# the server dies without a chance to tidy up; what it acknowledged must be there
kill -KILL "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
AFTER=$(sqlite3 "$DB" "SELECT count(*) FROM cases")
ACC1=$(grep -c ' POST /api/v1/cases 201 ' "$ACCESS" || true)
GROWTH=$((AFTER - BEFORE))
say "creation: $POST_CLIENTS clients, ${PSECS} s: $CREATED answered 201 ($P_RATE/s), other answers $(field other "$PLINE"), errors $(field errors "$PLINE"), statuses $(field statuses "$PLINE"), p50 $(field p50_us "$PLINE") us, p99 $(field p99_us "$PLINE") us, server CPU $(awk -v c=$((t1 - t0)) -v hz="$HZ" -v n="$CREATED" 'BEGIN {printf "%.0f", c / hz * 1e6 / n}') µs per 201"
say "  cases before $BEFORE, after SIGKILL of the server $AFTER: grew by $GROWTH (201s counted by the clients: $CREATED; in the access log: $((ACC1 - ACC0)))"

# ---- the table ----
verdict() { if awk "BEGIN {exit !($1)}"; then echo met; else echo "NOT MET"; fi; }
G_RATIO=$(awk -v a="$R_MED" -v b="$N_MED" 'BEGIN {printf "%.3f", a / b}')
say ""
say "| measure | reference | retorno | ratio / figure | target | |"
say "|---|---|---|---|---|---|"
say "| GET /api/v1/cases/{id}, audited, $CASES cases (median of $ROUNDS) | nginx, static ${NSIZE} B: $N_MED req/s | $R_MED req/s | **${G_RATIO}×** | ≥ 0.25× | $(verdict "$G_RATIO >= 0.25") |"
say "| POST /api/v1/cases, $POST_CLIENTS clients | — | $CREATED × 201 in $PSECS s | **$P_RATE/s** | ≥ 2,000/s | $(verdict "$P_RATE >= 2000") |"
say "| acknowledged creations kept (SIGKILL, then sqlite3) | 201s: $CREATED | cases grew by $GROWTH | $([ "$GROWTH" = "$CREATED" ] && echo exact || echo MISMATCH) | grew by exactly the 201s | $([ "$GROWTH" = "$CREATED" ] && echo met || echo "NOT MET") |"
say "| private memory after warm-up ($CASES cases) | — | $(mib "$M0_REST") MiB | | < 64 MiB | $(verdict "$M0_REST < 65536") |"
say "| private memory after the read load | — | $(mib "$M1_REST") MiB | | < 64 MiB | $(verdict "$M1_REST < 65536") |"
for row in "${REP_ROWS[@]}"; do
	IFS='|' read -r label c s <<<"$row"
	r=$(awk -v a="$s" -v b="$c" 'BEGIN {printf "%.3f", a / b}')
	say "| GET /api/v1/report, $label | retorno report --format json: $(printf '%.3f' "$c") s | $(printf '%.3f' "$s") s | **${r}×** | ≤ 1.2× | $(verdict "$r <= 1.2") |"
done
say ""
say "server memory, KiB (private = Private_Clean + Private_Dirty of smaps_rollup; 'database' = the private"
say "pages of the mappings of the database file and its -shm/-wal, page cache shared with the OS):"
say "| when | private | of it database | private less database | RSS | anonymous |"
say "|---|---|---|---|---|---|"
say "| after warm-up | $M0_TOT | $M0_DB | $M0_REST | $M0_RSS | $M0_ANON |"
say "| after the read load | $M1_TOT | $M1_DB | $M1_REST | $M1_RSS | $M1_ANON |"
say "| after the reports | $M2_TOT | $M2_DB | $M2_REST | $M2_RSS | $M2_ANON |"
say "| after the write load | $M3_TOT | $M3_DB | $M3_REST | $M3_RSS | $M3_ANON |"
say "(Private_Clean is almost all shared-library code that no other process maps at that moment: it moves"
say "by a few MiB with what else runs. 'anonymous' is the server's own heap: page caches, requests, threads.)"
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

{ echo; echo "==== bench/server_bench.sh $*, $(date)"; cat "$OUT"; } >> "$RESULTS"
echo "(appended to ${RESULTS#"$ROOT"/})"
