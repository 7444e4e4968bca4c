#!/usr/bin/env bash
# The end-to-end test of `pushlane simulate --format html` in headless Chromium (tests/browser/).
# Installs the browser and playwright-core first (scripts/setup-browser.sh); where no browser can
# be installed at all, the test is skipped with the reason, and this script exits 0.
# Screenshots and the 10 000-item figures go to target/browser/.
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
bash scripts/setup-browser.sh || status=$?
if [ "$status" = 3 ]; then
  echo "SKIPPED: the browser test (tests/browser/) needs Chromium, which cannot be installed on this machine (reason above)." >&2
  exit 0
elif [ "$status" != 0 ]; then
  exit "$status"
fi

# The test runs the pushlane binary of the workspace's target directory.
cargo build --quiet -p pushlane-cli
export PUSHLANE_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/pushlane"
node --test tests/browser/
