#!/usr/bin/env bash
# `pnpm release`: the README's test command (install, build, lint, typecheck,
# every package's tests on real Redis), the publish metadata check, a fresh
# build, then `changeset publish`, which publishes every public package whose
# version is not on the registry yet and tags it. Run `pnpm changeset version`
# (and commit it) first. Extra arguments go to `changeset publish`
# (`--otp 123456`, `--tag next`).
#
#   --skip-tests  leave out the test command (scripts/release-e2e.sh only:
#                 it checks the packaging, and CI runs the tests on its own)
set -euo pipefail
cd "$(dirname "$0")/.."

run_tests=yes
if [ "${1:-}" = --skip-tests ]; then
  run_tests=no
  shift
fi

if [ "$run_tests" = yes ]; then
  ./scripts/test.sh
else
  echo "release: tests skipped (--skip-tests)" >&2
fi
node scripts/package-metadata.mjs --check
# A clean build: tsc -b never deletes the output of a source file that is gone,
# and a turbo cache hit would restore such leftovers too.
rm -rf packages/*/dist
pnpm turbo run build --force --filter='./packages/*'
pnpm exec changeset publish "$@"
