#!/usr/bin/env bash
# Runs every tests/cli/t*.sh against $RETORNO_BIN and totals the results.
set -u
dir=$(cd "$(dirname "$0")" && pwd)
total_pass=0
total_fail=0
scripts_failed=0
# CLI_TESTS="t0200 t0500 ...": only these scripts (scripts/pg-check.sh); else every one
for t in "$dir"/t[0-9]*.sh; do
	if [ -n "${CLI_TESTS:-}" ]; then
		case " $CLI_TESTS " in *" $(basename "$t" | cut -d- -f1) "*) ;; *) continue ;; esac
	fi
	out=$(bash "$t" 2>&1)
	status=$?
	echo "$out" | grep -v '^ok' || true
	line=$(echo "$out" | grep -E '[0-9]+ passed, [0-9]+ failed$' | tail -1)
	p=$(echo "$line" | sed -E 's/.* ([0-9]+) passed, ([0-9]+) failed$/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) passed, ([0-9]+) failed$/\2/')
	total_pass=$((total_pass + ${p:-0}))
	total_fail=$((total_fail + ${f:-0}))
	if [ $status -ne 0 ] || [ -z "$line" ]; then
		scripts_failed=$((scripts_failed + 1))
		[ -z "$line" ] && total_fail=$((total_fail + 1)) && echo "FAIL: $t did not finish" >&2
	fi
done
echo "cli: $total_pass passed, $total_fail failed"
[ $total_fail -eq 0 ] && [ $scripts_failed -eq 0 ]
