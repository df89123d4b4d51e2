#!/usr/bin/env bash
# The main job of the README: sets up a fresh machine, builds, and starts the
# example app (Express + @vial/express) on http://localhost:${PORT:-3000}.
# Sessions live in memory, or in Redis when REDIS_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."
source ./scripts/bootstrap.sh >/dev/null
exec node examples/app/dist/server.js
