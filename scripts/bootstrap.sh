#!/usr/bin/env bash
# Makes a fresh machine ready: Node.js check, pnpm at the pinned version, the
# workspace's dependencies from the lock file, and a build. Sourced by
# scripts/start.sh and scripts/test.sh.
set -euo pipefail

PNPM_VERSION=12.4.2
export CI=${CI:-true}
export TURBO_TELEMETRY_DISABLED=1
export pnpm_config_update_notifier=false

node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number);console.log(a>20||(a===20&&b>=19)?"yes":"no")' 2>/dev/null || echo missing)
if [ "$node_ok" != yes ]; then
  echo "vial needs Node.js >= 20.19 on PATH (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "Installing pnpm $PNPM_VERSION with npm..."
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi

# Native addons (better-sqlite3 in the custom-driver example) build against
# the headers Node.js ships with, since node-gyp cannot download them here.
if [ -z "${npm_config_nodedir:-}" ] && [ -d /usr/include/node ]; then
  export npm_config_nodedir=/usr
fi

pnpm install --frozen-lockfile
pnpm build
