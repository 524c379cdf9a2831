#!/usr/bin/env bash
# Fetches the official SARIF 2.1.0 JSON schema, which ships in the npm
# package @microsoft/sarif-multitool-linux, into DEST (once).
# Usage: scripts/fetch-sarif-schema.sh DEST_DIR
set -euo pipefail
DEST=${1:?destination directory}
VERSION=5.7.0
[ -s "$DEST/sarif-2.1.0.json" ] && exit 0
command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm >/dev/null; }
mkdir -p "$DEST"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@microsoft/sarif-multitool-linux@$VERSION" >/dev/null 2>&1)
tar -xzf "$tmp"/microsoft-sarif-multitool-linux-$VERSION.tgz -C "$tmp" package/sarif-2.1.0.json
cp "$tmp/package/sarif-2.1.0.json" "$DEST/sarif-2.1.0.json"
echo "fetch-sarif-schema: $DEST/sarif-2.1.0.json"
