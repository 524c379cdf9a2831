#!/usr/bin/env bash
# Builds the .deb with CPack, installs it on a clean Debian 12 (a debootstrap
# minbase root), and lints examples/ there with the installed txnlint,
# plugin and rules.yaml. Needs root and the Debian archive.
# Usage: scripts/test-deb.sh [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD
WORK=${1:-/tmp/txnlint-deb-test}
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
MIRROR=${MIRROR:-http://deb.debian.org/debian}

# 1. The package, built for /usr.
cmake -S . -B "$WORK/build" -G Ninja -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF >/dev/null
cmake --build "$WORK/build"
(cd "$WORK/build" && cpack -G DEB >/dev/null)
DEB=$(ls "$WORK"/build/txnlint_*_amd64.deb)
echo "test-deb: built $DEB ($(du -h "$DEB" | cut -f1))"

# 2. A clean Debian 12 root (kept between runs; rebuilt with CLEAN=1).
ROOT=$WORK/root
if [ "${CLEAN:-0}" = 1 ] || [ ! -x "$ROOT/usr/bin/apt-get" ]; then
  rm -rf "$ROOT"
  debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >/dev/null
fi
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
rm -rf "$ROOT/src" && mkdir -p "$ROOT/src"
cp "$DEB" "$ROOT/src/"
cp -r "$SRC/examples" "$ROOT/src/examples"
rm -rf "$ROOT/src/examples/build"

# 3. Install the package (apt resolves its dependencies) and lint examples/
#    with the installed files only.
chroot "$ROOT" /bin/bash -euo pipefail -c '
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends /src/txnlint_*_amd64.deb \
      clang-tidy-19 cmake ninja-build g++ libsqlitecpp-dev libsqlite3-dev >/dev/null
  test ! -e /usr/share/txnlint/rules.yaml.dpkg-new
  cd /src/examples
  cmake -S . -B build -G Ninja >/dev/null
  status=0
  txnlint -p build --rules txnlint.yaml --report /src/compliance.md --quiet --no-snippets > /src/txnlint.out || status=$?
  echo "installed txnlint: exit $status, $(grep -c " error: " /src/txnlint.out) findings"
  test "$status" -eq 1
  plugin=$(dpkg -L txnlint | grep TxnTidyModule.so)
  n=0
  for f in $(cd /src/examples && ls routers/*.cpp services/*.cpp tasks/*.cpp); do
    clang-tidy-19 -load "$plugin" -checks="-*,txn-*" \
      -config="{CheckOptions: {RulesFile: /src/examples/txnlint.yaml}}" -p build "$f" 2>/dev/null \
      | grep -c "warning: .*\[txn-" || true
  done | awk "{s+=\$1} END {print \"installed plugin: \" s \" findings\"}"
'
# Table rows of the report: each starts with a link to its file.
rows=$(grep -c '^| \[`' "$ROOT/src/compliance.md" || true)
echo "report rows: $rows"
test "$rows" -gt 0
echo "test-deb: ok"
