#!/usr/bin/env bash
# The Redis drivers' tests start their own redis-server processes (a
# standalone server and a three-node Cluster on free loopback ports); this
# makes sure the binaries are there.
set -euo pipefail
if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  echo "Installing redis-server and redis-tools (the Redis tests start real servers)..."
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server redis-tools >/dev/null
fi
redis-server --version
