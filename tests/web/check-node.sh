#!/bin/sh
# Checks that Node.js is new enough for the browser tests of tests/web (playwright-core needs
# Node.js 20: see "engines" in package.json), then installs the pinned packages of
# package-lock.json (playwright-core, axe-core) with `npm ci` when node_modules is missing or
# older than the lock file. No browser is downloaded: the tests drive Debian's chromium.
set -eu

need=20
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v node >/dev/null 2>&1; then
	echo "Node.js $need or newer is needed for the browser tests; found none (no 'node' on PATH)." >&2
	echo "On Debian 12: install Node.js $need from https://nodejs.org/ or NodeSource (Debian's own nodejs is 18)." >&2
	exit 1
fi
version=$(node --version 2>/dev/null || true)
major=${version#v}
major=${major%%.*}
case $major in
'' | *[!0-9]*) major=0 ;;
esac
if [ "$major" -lt "$need" ]; then
	echo "Node.js $need or newer is needed for the browser tests; found ${version:-an unknown version}." >&2
	exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
	echo "npm is needed to install the browser-test packages (tests/web/package-lock.json); found Node.js $version without npm." >&2
	exit 1
fi

# npm writes node_modules/.package-lock.json on every install: it is the install's date.
stamp="$here/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$here/package-lock.json" -nt "$stamp" ]; then
	echo "tests/web: installing the pinned packages (npm ci)"
	if ! (cd "$here" && npm ci --no-audit --no-fund); then
		echo "tests/web: 'npm ci' failed (it needs the npm registry the first time)." >&2
		exit 1
	fi
fi
