#!/bin/sh
# Self-test of validate-bodies.mjs: the good sample responses pass together, and every bad
# sample fails on its own (so no failure hides behind another). With a built retorno
# (RETORNO_BIN, default ./retorno at the top of the tree) the real factsheet JSON, plain and
# public, is checked against the Report schema too, and broken copies of it must fail.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/retorno-api-selftest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

ok=0
bad=0
say_fail() { bad=$((bad + 1)); echo "FAIL selftest: $*"; }

# expect_pass NAME FILE: every line of FILE passes.
expect_pass() {
	n=$(grep -c . "$2")
	if out=$(node "$here/validate-bodies.mjs" "$2" 2>&1); then rc=0; else rc=$?; fi
	if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -qx "bodies: $n passed, 0 failed"; then
		ok=$((ok + 1))
	else
		say_fail "$1: expected $n passes (exit 0), got exit $rc:"
		printf '%s\n' "$out" | sed 's/^/    /'
	fi
}

# bad NAME JSONL-LINE TEXT: queue a sample that must fail with a message naming TEXT.
# check_bad: run the queued samples through one validator run; each line must fail on its
# own (lines are checked independently, so one failure cannot hide another).
tab=$(printf '\t')
nbad=0
: >"$tmp/bad.jsonl"
: >"$tmp/bad.expect"
bad() {
	nbad=$((nbad + 1))
	printf '%s\n' "$2" >>"$tmp/bad.jsonl"
	printf '%s\t%s\n' "$1" "$3" >>"$tmp/bad.expect"
}
check_bad() {
	if out=$(node "$here/validate-bodies.mjs" "$tmp/bad.jsonl" 2>&1); then rc=0; else rc=$?; fi
	if [ "$rc" -ne 1 ] || ! printf '%s\n' "$out" | grep -qx "bodies: 0 passed, $nbad failed"; then
		say_fail "bad samples: expected 0 passed, $nbad failed (exit 1), got exit $rc:"
		printf '%s\n' "$out" | sed 's/^/    /'
	fi
	i=0
	while IFS=$tab read -r name text; do
		i=$((i + 1))
		if printf '%s\n' "$out" | grep "^FAIL $tmp/bad.jsonl:$i: " | grep -qF -- "$text"; then
			ok=$((ok + 1))
		else
			say_fail "$name (line $i): expected a failure naming '$text'; got:"
			got=$(printf '%s\n' "$out" | grep "^FAIL $tmp/bad.jsonl:$i: " || true)
			printf '%s\n' "${got:-(it passed)}" | sed 's/^/    /'
		fi
	done <"$tmp/bad.expect"
	nbad=0
	: >"$tmp/bad.jsonl"
	: >"$tmp/bad.expect"
}

CASE='{"case_id":"MX-2026-000123","group_id":null,"program":"avr","office":"mx","registration_point":"tapachula","registration_date":"2026-03-02","given_names":"Ana María","family_names":"López","sex":"female","birth_date":"1990-05-17","age":35,"nationality":"HND","country_of_return":"HND","migration_status":"irregular","education":"secondary","occupation_sector":"commerce","unaccompanied_minor":"no","travelling_with":"first_degree_relatives","transport_mode":"air","status":"returned","departure_date":"2026-04-10","counselling_date":"2026-03-05","survey_date":"2026-04-09","health_self_perceived":"healthy","health_screening":"none","journey_conditions":"anxiety dehydration","abuses":"extortion threat","migration_reasons":"living_conditions","return_reasons":"family could_not_regularize","regularization_started":"yes","mexico_exit_reason":"lack_of_funds","return_plans":"find_job","version":4}'
MINCASE='{"case_id":"GT-7","program":"avr","office":"gt","registration_point":"tecun_uman","registration_date":"2026-01-31","sex":"male","age":40,"nationality":"SLV","country_of_return":"SLV","unaccompanied_minor":"no","status":"registered"}'
USER='{"username":"ana","role":"caseworker","offices":["mx"],"all_offices":false,"lang":"es"}'
PROBLEM='{"type":"about:blank","title":"Unprocessable Content","status":422,"detail":"1 rule broken","errors":[{"field":"transport_mode","code":"umc_must_fly","message":"an unaccompanied minor travels by air"}]}'

cat >"$tmp/good.jsonl" <<EOF
{"method":"GET","path":"/healthz","status":200,"content_type":"application/json","body":{"status":"ok"}}
{"method":"POST","path":"/api/v1/session","status":200,"content_type":"application/json","body":{"user":$USER,"csrf_token":"3f9a0c"},"headers":{"Set-Cookie":"retorno_session=abc; HttpOnly; SameSite=Strict; Path=/"}}
{"method":"POST","path":"/api/v1/session","status":401,"content_type":"application/problem+json","body":{"type":"about:blank","title":"Unauthorized","status":401,"detail":"wrong name or password"}}
{"method":"POST","path":"/api/v1/session","status":429,"content_type":"application/problem+json","body":{"type":"about:blank","title":"Too Many Requests","status":429},"headers":{"retry-after":"900"}}
{"method":"DELETE","path":"/api/v1/session","status":204,"body":null}
{"method":"GET","path":"/api/v1/me","status":200,"content_type":"application/json; charset=utf-8","body":$USER}
{"method":"POST","path":"/api/v1/me/password","status":204}
{"method":"GET","path":"/api/v1/cases","status":200,"content_type":"application/json","body":{"items":[$CASE,$MINCASE],"next_cursor":null}}
{"method":"GET","path":"/api/v1/cases","status":200,"content_type":"application/json","body":{"items":[],"next_cursor":"eyJpZCI6MTAwfQ"}}
{"method":"POST","path":"/api/v1/cases","status":201,"content_type":"application/json","body":$MINCASE,"headers":{"ETag":"\"1\"","Location":"/api/v1/cases/GT-7"}}
{"method":"POST","path":"/api/v1/cases","status":422,"content_type":"application/problem+json; charset=utf-8","body":$PROBLEM}
{"method":"POST","path":"/api/v1/cases","status":409,"content_type":"application/problem+json","body":{"type":"about:blank","title":"Conflict","status":409,"detail":"case_id exists"}}
{"method":"GET","path":"/api/v1/cases/{case_id}","status":200,"content_type":"application/json","body":$CASE,"headers":{"etag":"\"4\""}}
{"method":"GET","path":"/api/v1/cases/MX-2026-000123","status":200,"content_type":"application/json","body":$CASE}
{"method":"GET","path":"/api/v1/cases/{case_id}","status":404,"content_type":"application/problem+json","body":{"type":"about:blank","title":"Not Found","status":404}}
{"method":"PATCH","path":"/api/v1/cases/{case_id}","status":428,"content_type":"application/problem+json","body":{"type":"about:blank","title":"Precondition Required","status":428}}
{"method":"POST","path":"/api/v1/cases/{case_id}/status","status":200,"content_type":"application/json","body":$CASE}
{"method":"POST","path":"/api/v1/cases/{case_id}/transfer","status":200,"content_type":"application/json","body":$MINCASE}
{"method":"GET","path":"/api/v1/cases/{case_id}/history","status":200,"content_type":"application/json","body":{"items":[{"at":"2026-03-02T15:04:05Z","actor":"ana","kind":"created","from":null,"to":"registered","date":"2026-03-02","source":"api","reason":null,"fields":null},{"at":"2026-05-01T09:00:00Z","actor":"local:root","kind":"correction","from":"returned","to":"departed","date":null,"source":"cli","reason":"entered twice","fields":null}]}}
{"method":"GET","path":"/api/v1/report","status":200,"content_type":"text/csv","body":"indicator,group,category,count\n"}
{"method":"GET","path":"/api/v1/report","status":200,"content_type":"application/pdf"}
{"method":"GET","path":"/api/v1/report","status":503,"content_type":"application/problem+json","body":{"type":"about:blank","title":"Service Unavailable","status":503},"headers":{"Retry-After":"5"}}
{"method":"GET","path":"/api/v1/vocab","status":200,"content_type":"application/json","body":{"lists":[{"name":"sex","label_en":"Sex","label_es":"Sexo","extensible":false,"codes":[{"code":"female","label_en":"Women","label_es":"Mujeres"}]}],"offices":[{"code":"gt","country":"GTM","transport":["ground"],"label_en":"Guatemala","label_es":"Guatemala"}],"registration_points":[{"code":"tecun_uman","office":"gt","programs":["avr"],"label_en":"Tecún Umán","label_es":"Tecún Umán","lat":14.68,"lon":-92.14},{"code":"new_point","office":"gt","programs":["avr"],"label_en":"New","label_es":"Nuevo","lat":null,"lon":null}]}}
{"method":"POST","path":"/api/v1/imports","status":201,"content_type":"application/json","body":{"rows":3,"inserted":2,"updated":1,"unchanged":0}}
{"method":"POST","path":"/api/v1/imports","status":422,"content_type":"application/problem+json","body":{"type":"about:blank","title":"Unprocessable Content","status":422,"errors":[{"field":"birth_date","code":"invalid_date","message":"2026-02-30 is not a date","line":3,"column":10}]}}
{"method":"GET","path":"/api/v1/exports/cases.csv","status":200,"content_type":"text/csv; charset=utf-8","body":"case_id,group_id\n"}
{"method":"GET","path":"/api/v1/audit","status":200,"content_type":"application/json","body":{"items":[{"id":1,"at":"2026-03-02T15:04:05+01:00","actor":"ana","action":"case.create","case_id":"MX-2026-000123","office":"mx","detail":null}],"next_cursor":null}}
EOF
expect_pass "good samples" "$tmp/good.jsonl"

bad "Case with an unknown key" \
	"{\"method\":\"GET\",\"path\":\"/api/v1/cases/{case_id}\",\"status\":200,\"content_type\":\"application/json\",\"body\":${MINCASE%\}},\"nickname\":\"Ana\"}}" \
	'must NOT have additional properties "nickname"'
bad "Case with age as a string" \
	"{\"method\":\"GET\",\"path\":\"/api/v1/cases/{case_id}\",\"status\":200,\"content_type\":\"application/json\",\"body\":$(printf '%s' "$MINCASE" | sed 's/"age":40/"age":"40"/')}" \
	'/age must be integer,null'
bad "Case with a code outside its list" \
	"{\"method\":\"GET\",\"path\":\"/api/v1/cases/{case_id}\",\"status\":200,\"content_type\":\"application/json\",\"body\":$(printf '%s' "$MINCASE" | sed 's/"sex":"male"/"sex":"man"/')}" \
	'/sex must be equal to one of the allowed values'
bad "Case with a date that does not exist" \
	"{\"method\":\"GET\",\"path\":\"/api/v1/cases/{case_id}\",\"status\":200,\"content_type\":\"application/json\",\"body\":$(printf '%s' "$MINCASE" | sed 's/2026-01-31/2026-02-30/')}" \
	'/registration_date must match format "date"'
bad "Case without status" \
	"{\"method\":\"GET\",\"path\":\"/api/v1/cases/{case_id}\",\"status\":200,\"content_type\":\"application/json\",\"body\":$(printf '%s' "$MINCASE" | sed 's/,"status":"registered"//')}" \
	"must have required property 'status'"
bad "case list without next_cursor" \
	"{\"method\":\"GET\",\"path\":\"/api/v1/cases\",\"status\":200,\"content_type\":\"application/json\",\"body\":{\"items\":[$MINCASE]}}" \
	"next_cursor"
bad "Problem with status as a string" \
	'{"method":"POST","path":"/api/v1/cases","status":422,"content_type":"application/problem+json","body":{"type":"about:blank","title":"Unprocessable Content","status":"422"}}' \
	'/status must be integer'
bad "Problem error without code" \
	'{"method":"POST","path":"/api/v1/cases","status":422,"content_type":"application/problem+json","body":{"type":"about:blank","title":"x","status":422,"errors":[{"field":"sex","message":"m"}]}}' \
	"must have required property 'code'"
bad "error sent as application/json" \
	"{\"method\":\"POST\",\"path\":\"/api/v1/cases\",\"status\":422,\"content_type\":\"application/json\",\"body\":$PROBLEM}" \
	"describes no application/json body"
bad "status the operation does not answer" \
	"{\"method\":\"GET\",\"path\":\"/api/v1/me\",\"status\":404,\"content_type\":\"application/problem+json\",\"body\":$PROBLEM}" \
	"describes no 404 response"
bad "unknown path" \
	'{"method":"GET","path":"/api/v1/nothing","status":200,"content_type":"application/json","body":{}}' \
	"no path"
bad "unknown method" \
	'{"method":"DELETE","path":"/api/v1/cases/{case_id}","status":204}' \
	"no operation DELETE"
bad "a body where the document has none" \
	'{"method":"DELETE","path":"/api/v1/session","status":204,"content_type":"application/json","body":{"ok":true}}' \
	"describes no body"
bad "201 without the required ETag header" \
	"{\"method\":\"POST\",\"path\":\"/api/v1/cases\",\"status\":201,\"content_type\":\"application/json\",\"body\":$MINCASE,\"headers\":{\"Location\":\"/api/v1/cases/GT-7\"}}" \
	"header ETag missing"
bad "ETag not a quoted number" \
	"{\"method\":\"GET\",\"path\":\"/api/v1/cases/{case_id}\",\"status\":200,\"content_type\":\"application/json\",\"body\":$MINCASE,\"headers\":{\"ETag\":\"W/\\\"4\\\"\"}}" \
	"header ETag"
bad "history entry of an unknown kind" \
	'{"method":"GET","path":"/api/v1/cases/{case_id}/history","status":200,"content_type":"application/json","body":{"items":[{"at":"2026-03-02T15:04:05Z","actor":"ana","kind":"moved","from":null,"to":"registered","date":null,"source":"api","reason":null,"fields":null}]}}' \
	"/items/0/kind"
bad "user with an unknown role" \
	"{\"method\":\"GET\",\"path\":\"/api/v1/me\",\"status\":200,\"content_type\":\"application/json\",\"body\":$(printf '%s' "$USER" | sed 's/caseworker/boss/')}" \
	"/role"
bad "import result without rows" \
	'{"method":"POST","path":"/api/v1/imports","status":201,"content_type":"application/json","body":{"inserted":2,"updated":1,"unchanged":0}}' \
	"rows"
bad "line that is not JSON" \
	'{"method":"GET","path":"/healthz",' \
	"not JSON"

# The real factsheet JSON, when a built retorno is at hand.
bin=${RETORNO_BIN:-$root/retorno}
if [ -x "$bin" ]; then
	db="$tmp/demo.db"
	"$bin" --db "$db" demo --cases 600 --seed 7 >/dev/null
	: >"$tmp/report.jsonl"
	for args in "" "--public" "--public --office gt" "--program mpp" "--program all --lang es"; do
		# shellcheck disable=SC2086 # the options are split on purpose
		"$bin" --db "$db" report $args --format json >"$tmp/report.json"
		node -e '
			const fs = require("fs");
			const body = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
			console.log(JSON.stringify({method: "GET", path: "/api/v1/report", status: 200,
				content_type: "application/json", body}));' "$tmp/report.json" >>"$tmp/report.jsonl"
	done
	expect_pass "factsheet JSON from $bin" "$tmp/report.jsonl"
	mutate() { # mutate JS-EXPRESSION-ON-body: the first report line, changed
		node -e '
			const fs = require("fs");
			const line = JSON.parse(fs.readFileSync(process.argv[1], "utf8").split("\n")[0]);
			const body = line.body;
			'"$1"';
			console.log(JSON.stringify(line));' "$tmp/report.jsonl"
	}
	bad "factsheet without the sex indicator" "$(mutate 'delete body.indicators.sex')" \
		"must have required property 'sex'"
	bad "factsheet category with an unknown key" \
		"$(mutate 'body.indicators.sex.categories[0].percent = 12')" 'must NOT have additional properties "percent"'
	bad "factsheet share above 1" \
		"$(mutate 'body.indicators.sex.categories[0].share = 1.5')" "/share must be <= 1"
	bad "factsheet hidden n without its flag" \
		"$(mutate 'body.indicators.sex.n = null')" "n_suppressed"
	check_bad
else
	echo "selftest: $bin not built; the factsheet JSON checks are skipped"
fi

echo "selftest: $ok passed, $bad failed"
[ "$bad" -eq 0 ]
