#!/usr/bin/env bash
# Installs playwright-core from npm into DEST (once), for the HTML report's
# browser test (test/html/), which drives Debian's chromium with it.
# Usage: scripts/fetch-playwright.sh DEST_DIR
set -euo pipefail
DEST=${1:?destination directory}
VERSION=1.65.2
[ -f "$DEST/node_modules/playwright-core/package.json" ] &&
  grep -q "\"version\": \"$VERSION\"" "$DEST/node_modules/playwright-core/package.json" && exit 0
command -v node >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs >/dev/null; }
command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm >/dev/null; }
mkdir -p "$DEST"
npm install --silent --no-audit --no-fund --no-save --prefix "$DEST" "playwright-core@$VERSION" >/dev/null
echo "fetch-playwright: $DEST/node_modules/playwright-core $VERSION"
