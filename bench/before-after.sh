#!/usr/bin/env bash
# Findings of two builds of txnlint on every corpus package prepared by
# bench/corpus.sh (its build/, tus.txt and rules), by check: what a change of
# the analysis adds and removes on real code. Prints a Markdown table and
# writes each side's JSON to WORK/PKG/before-after-{old,new}.json.
# Usage: [PACKAGES="soci poco"] bench/before-after.sh OLD_BUILD NEW_BUILD [CORPUS_WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=${1:?old build dir}; NEW=${2:?new build dir}
WORK=${3:-/tmp/txnlint-corpus}
PACKAGES=${PACKAGES:-sqlitecpp cppdb libpqxx soci poco}
echo "package | TUs | findings before | findings after | added | removed"
echo "---|---|---|---|---|---"
for PKG in $PACKAGES; do
  W=$WORK/$PKG
  [ -f "$W/tus.txt" ] || { echo "$PKG | not prepared | | | |"; continue; }
  for side in old new; do
    BIN=$OLD; [ $side = new ] && BIN=$NEW
    "$BIN/bin/txnlint" -p "$W/build" --rules "bench/corpus/$PKG.yaml" --quiet \
      --no-snippets -j 2 --fail-on never --root "$W/src" \
      --json "$W/before-after-$side.json" $(cat "$W/tus.txt") > /dev/null 2>&1 || true
  done
  python3 - "$W" "$PKG" "$(wc -l < "$W/tus.txt")" <<'PY'
import json, sys
w, pkg, tus = sys.argv[1:]
def keys(side):
    d = json.load(open("%s/before-after-%s.json" % (w, side)))
    return {(f["file"], f["line"], f["check"], f["message"]) for f in d["findings"]}
old, new = keys("old"), keys("new")
print("%s | %s | %d | %d | %d | %d" % (pkg, tus, len(old), len(new), len(new - old), len(old - new)))
for k in sorted(new - old):
    print("  + %s:%d %s %s" % k, file=sys.stderr)
for k in sorted(old - new):
    print("  - %s:%d %s %s" % k, file=sys.stderr)
PY
done
