#!/usr/bin/env bash
# The example app's end-to-end test drives Debian's Chromium through
# playwright-core (a downloaded browser build cannot be had here).
set -euo pipefail
if ! command -v chromium >/dev/null; then
  echo "Installing chromium (the example app's browser test needs it)..."
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
chromium --version
