#!/bin/sh
# Node.js and the pinned npm packages of the OpenAPI tooling (@readme/openapi-parser and its
# dependencies), installed when needed: scripts/check-node.sh.
here=$(dirname "$0")
exec sh "$here/../../scripts/check-node.sh" "$here" "validating docs/openapi.yaml"
