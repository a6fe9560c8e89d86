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
