#!/bin/sh
# Runs the API tests against $RETORNO_BIN (default: build/dev/retorno of this tree): the
# Node.js tooling check (tests/api/check-node.sh: the body validator's packages), then
# test_smoke.py when present and test_api.py, and prints their totals. Builds nothing.
#   RETORNO_BIN=$PWD/retorno tests/api/run.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
RETORNO_BIN=${RETORNO_BIN:-$root/build/dev/retorno}
export RETORNO_BIN

if ! sh "$here/check-node.sh"; then
	echo "api: 0 passed, 1 failed (Node.js tooling missing: see above)"
	exit 1
fi

total_pass=0
total_fail=0
for t in "$here/test_smoke.py" "$here/test_api.py" "$here/test_tls.py" "$here/test_hardening.py" \
	 "$here/test_publications.py" "$here/test_duplicates.py"; do
	[ -f "$t" ] || continue
	out=$(python3 "$t" 2>&1)
	status=$?
	printf '%s\n' "$out" | grep -v '^ok: ' || true
	line=$(printf '%s\n' "$out" | grep -E '(^|: )[0-9]+ passed, [0-9]+ failed$' | tail -1)
	p=$(printf '%s\n' "$line" | sed -E 's/.*(^|[^0-9])([0-9]+) passed, ([0-9]+) failed$/\2/')
	f=$(printf '%s\n' "$line" | sed -E 's/.*(^|[^0-9])([0-9]+) passed, ([0-9]+) failed$/\3/')
	total_pass=$((total_pass + ${p:-0}))
	total_fail=$((total_fail + ${f:-0}))
	if [ -z "$line" ]; then
		total_fail=$((total_fail + 1))
		echo "FAIL: $(basename "$t") did not finish (exit $status)" >&2
	elif [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		total_fail=$((total_fail + 1))
		echo "FAIL: $(basename "$t") exited $status with no failure counted" >&2
	fi
done
echo "api tests: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
