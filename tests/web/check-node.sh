#!/bin/sh
# Node.js and the pinned npm packages of the browser tests (playwright-core, axe-core),
# installed when needed: scripts/check-node.sh.
here=$(dirname "$0")
exec sh "$here/../../scripts/check-node.sh" "$here" "the browser tests"
