#!/bin/sh
# check-node.sh DIR WHAT: checks that Node.js is new enough for the npm packages of DIR (the
# packages of tests/api and tests/web need Node.js 20: see "engines" in their package.json),
# then installs the pinned packages of DIR/package-lock.json with `npm ci` when
# DIR/node_modules is missing or older than the lock file. WHAT names what needs them, for
# the messages. No browser is downloaded: the browser tests drive Debian's chromium.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 DIR WHAT" >&2; exit 2; }

need=20
here=$(cd "$1" && pwd)
name=$(basename "$(dirname "$here")")/$(basename "$here")
what=$2

if ! command -v node >/dev/null 2>&1; then
	echo "Node.js $need or newer is needed for $what; found none (no 'node' on PATH)." >&2
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
	echo "Node.js $need or newer is needed for $what; found ${version:-an unknown version}." >&2
	exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
	echo "npm is needed to install the packages for $what ($name/package-lock.json); found Node.js $version without npm." >&2
	exit 1
fi

# npm writes node_modules/.package-lock.json on every install: it is the install's date.
stamp="$here/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$here/package-lock.json" -nt "$stamp" ]; then
	echo "$name: installing the pinned packages (npm ci)"
	if ! (cd "$here" && npm ci --no-audit --no-fund); then
		echo "$name: 'npm ci' failed (it needs the npm registry the first time)." >&2
		exit 1
	fi
fi
