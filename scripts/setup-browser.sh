#!/usr/bin/env bash
# Installs what the browser test (tests/browser/) needs on a fresh machine:
#   - Debian's `chromium` package (/usr/bin/chromium), with apt-get, when it is missing;
#   - playwright-core and mermaid, pinned by tests/browser/package-lock.json, with `npm ci`
#     (again whenever the lock file is newer than the installed packages).
# Exit status: 0 ready; 3 no browser can be installed here (not root and no sudo, no apt-get, no
# Node.js): the caller skips the test and says why; anything else is a real failure.
set -euo pipefail
cd "$(dirname "$0")/.."

skip() {
  echo "setup-browser: $*" >&2
  exit 3
}

chromium_path="${PUSHLANE_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium_path" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    skip "no Chromium at $chromium_path and no apt-get to install Debian's chromium package"
  fi
  if [ "$(id -u)" = 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    skip "no Chromium at $chromium_path, and installing Debian's chromium package needs root (or sudo without a password)"
  fi
  echo "setup-browser: installing Debian's chromium package" >&2
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
  [ -x "$chromium_path" ] || skip "apt-get installed chromium, but $chromium_path is not there"
fi

command -v node >/dev/null 2>&1 || skip "no Node.js (node) to run the browser test"
command -v npm >/dev/null 2>&1 || skip "no npm to install playwright-core"
installed=tests/browser/node_modules/.package-lock.json
if [ ! -f "$installed" ] || [ tests/browser/package-lock.json -nt "$installed" ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi
