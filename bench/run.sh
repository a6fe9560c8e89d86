#!/usr/bin/env bash
# Runs every benchmark. Each prints ratios against a reference measured in the
# same run on the same machine. Usage: bench/run.sh [CASES]  (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
make -s retorno
command -v sqlite3 >/dev/null || { echo "bench needs the sqlite3 CLI (scripts/install-deps.sh)"; exit 1; }
python3 bench/store_bench.py --cases "${1:-1000000}"
python3 bench/report_bench.py --cases "${1:-1000000}"
python3 bench/publish_bench.py --cases "${1:-1000000}"
python3 bench/web_bench.py --cases "${1:-1000000}"
# the PostgreSQL backend (issue 11): a throwaway cluster of its own (scripts/pg-cluster.sh)
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v psql >/dev/null; then
	python3 bench/pg_bench.py --cases "${1:-1000000}"
else
	echo "bench/pg_bench.py skipped: no PostgreSQL server (scripts/install-deps.sh installs it)"
fi
