#!/usr/bin/env bash
# side-by-side.sh NAME1 CMD1 NAME2 CMD2: runs two independent test runs at once (the
# machine has two cores; each run is one process at a time), each into a file of its
# own, then prints each run's output under its name, in that order, and fails when
# either failed. make check uses it for runs that share nothing: their own binaries,
# scratch directories and ports.
set -u
[ $# -eq 4 ] || { echo "usage: $0 NAME1 CMD1 NAME2 CMD2" >&2; exit 2; }
out=$(mktemp -d "${TMPDIR:-/tmp}/retorno-sbs.XXXXXX")
trap 'rm -rf "$out"' EXIT
bash -c "$2" >"$out/1" 2>&1 &
p1=$!
bash -c "$4" >"$out/2" 2>&1 &
p2=$!
wait $p1; s1=$?
wait $p2; s2=$?
echo "== $1"
cat "$out/1"
echo "== $3"
cat "$out/2"
[ $s1 -eq 0 ] && [ $s2 -eq 0 ]
