#!/bin/sh
# Installs the Debian packages in scripts/debian-packages.txt that are not
# installed yet (as root, or through sudo). Does nothing when all are there.
set -eu
here=$(dirname "$0")
missing=""
for p in $(grep -v '^#' "$here/debian-packages.txt" | sed '/^$/d'); do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
echo "installing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
