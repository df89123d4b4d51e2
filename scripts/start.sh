#!/usr/bin/env bash
# The main job of the README: sets up a fresh machine and runs the demo on
# the memory driver.
set -euo pipefail
cd "$(dirname "$0")/.."
source ./scripts/bootstrap.sh >/dev/null
exec node examples/demo/demo.js
