#!/bin/sh
# Prepares a fresh clone: npm packages, the toolchain bundles, and (for tests)
# Debian's Chromium. Safe to run again: each step skips what is already there.
set -eu
cd "$(dirname "$0")/.."

if [ "${1:-app}" = test ] && [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
fi

# Playwright must never download its own browser; tests drive /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

npm run toolchain
