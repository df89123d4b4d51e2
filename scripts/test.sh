#!/usr/bin/env bash
# The test command of the README: sets up a fresh machine, runs every
# package's tests (real Redis servers and a local Redis Cluster included),
# prints "N passed, N failed" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-redis.sh
./scripts/ensure-chromium.sh
source ./scripts/bootstrap.sh

node scripts/count-results.mjs --clean
echo "Running the tests on Node.js $(node --version)"
status=0
pnpm turbo run lint typecheck --concurrency=2 --continue || { echo "lint or typecheck failed"; status=1; }
pnpm turbo run test --concurrency=2 --continue "$@" || status=$?
node scripts/count-results.mjs || status=$?
exit $status
