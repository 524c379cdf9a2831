#!/usr/bin/env bash
# The merge alone at three sizes: the facts of test/tool/Inputs/program (a
# router, services, a mailer, helpers: 5 units) are cloned K times under new
# USRs and file names (each clone a separate program of the same shape, with
# its cross-file calls, recursion and virtual calls), then `txnlint merge`
# runs over them. Reports wall seconds, peak RSS and the time per function,
# which is flat if the merge is linear.
# Usage: bench/merge-speed.sh [BUILD_DIR] [K1 K2 K3]   (default 100 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
shift || true
SIZES=${*:-100 1000 10000}
TXNLINT=$PWD/$BUILD/bin/txnlint
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/src"
cp test/tool/Inputs/program/* "$WORK/src/"
python3 - "$WORK/src" "$PWD/test/Inputs" > "$WORK/src/compile_commands.json" <<'PY'
import json, sys
d, inc = sys.argv[1], sys.argv[2]
print(json.dumps([{"directory": d, "file": d + "/" + f,
                   "command": "clang++ -std=c++17 -nostdinc++ -I%s -c %s" % (inc, f)}
                  for f in ["router.cpp", "service.cpp", "mailer.cpp", "util.cpp", "util2.cpp"]]))
PY
(cd "$WORK/src" && "$TXNLINT" -p . --rules "$OLDPWD/test/Inputs/mock-rules.yaml" --quiet \
   --fail-on never --facts-dir "$WORK/base" > /dev/null)
echo "K clones | units (5 K) | facts files | functions | call sites | facts MB | merge wall s | peak RSS MB | µs per function"
echo "---|---|---|---|---|---|---|---|---"
for K in $SIZES; do
  rm -rf "$WORK/facts"; mkdir -p "$WORK/facts"
  python3 - "$WORK/base" "$WORK/facts" "$K" > "$WORK/counts" <<'PY'
import glob, json, os, re, sys
base, out, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
units = [open(p).read() for p in sorted(glob.glob(base + "/*.facts.json"))]
# Clones are grouped 50 to a file so the file count stays reasonable; the
# merge sees the same functions and call sites either way. A facts file is
# JSON lines: a head with the counts, then functions, calls, findings.
usr = re.compile(r'"(c:[^"]*)"')
functions = calls = 0
group = 50
for g in range(0, k, group):
    head = None
    parts = {"functions": [], "calls": [], "findings": []}
    for c in range(g, min(k, g + group)):
        for text in units:
            t = usr.sub(lambda m: '"%s#clone%d"' % (m.group(1), c), text)
            t = t.replace(".cpp", "-%d.cpp" % c)
            lines = t.split("\n")
            h = json.loads(lines[0])
            i = 1
            for key in ("functions", "calls", "findings"):
                parts[key] += lines[i:i + h[key]]
                i += h[key]
            if head is None:
                head = h
                head["file"] = "clones-%d.cpp" % g
    functions += len(parts["functions"]); calls += len(parts["calls"])
    for key in parts:
        head[key] = len(parts[key])
    with open(os.path.join(out, "clones-%06d.facts.json" % g), "w") as f:
        f.write(json.dumps(head) + "\n")
        for key in ("functions", "calls", "findings"):
            for line in parts[key]:
                f.write(line + "\n")
print(functions, calls, (k + group - 1) // group)
PY
  read -r FUNCS CALLS FILES < "$WORK/counts"
  MB=$(du -sm "$WORK/facts" | cut -f1)
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$TXNLINT" merge "$WORK/facts" --quiet \
    --fail-on never --json "$WORK/out.json" > /dev/null
  read -r WALL RSS < "$WORK/time"
  python3 -c "print('%d | %d | %d | %d | %d | %d | %.2f | %.0f | %.1f' % ($K, 5 * $K, $FILES, $FUNCS, $CALLS, $MB, $WALL, $RSS/1024, $WALL*1e6/$FUNCS))"
done
