#!/usr/bin/env bash
# The speed benchmark, in one run, written to docs/performance.md:
#  - per corpus package (prepared by bench/corpus.sh; its syntax.sh and
#    tus.txt are reused) and over all of them: clang-19 -fsyntax-only over
#    the units, txnlint cold (an empty --cache-dir), warm (the same cache,
#    nothing changed), after one source edited (a comment appended, then
#    restored), and clang-tidy-19 with the plugin (txn-* checks): wall, CPU
#    (user + system, children included) and peak RSS (the largest process:
#    one clang, one clang-tidy, the whole txnlint), all with 2 jobs;
#  - the largest unit alone (-j1): wall, peak RSS and callgrind instructions
#    of clang-19 -fsyntax-only and txnlint;
#  - the merge alone at three sizes (bench/merge-speed.sh);
#  - Bazel cold and warm on examples/ (bazel/test-examples.sh), when bazel
#    is installed.
# Usage: bench/speed.sh [CORPUS_DIR] [BUILD_DIR]
#   PKGS="sqlitecpp libpqxx ..." limits the packages (default: every package
#   prepared in CORPUS_DIR); MERGE_SIZES (default "200 2000 20000": clones of a
#   5-unit program, i.e. 10^3, 10^4, 10^5 units); OUT (default
#   docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/.."
SRC_ROOT=$PWD
CORPUS=$(realpath "${1:-/tmp/txnlint-corpus}")
BUILD=$(realpath "${2:-build}")
TXNLINT=$BUILD/bin/txnlint
PLUGIN=$BUILD/lib/TxnTidyModule.so
OUT=${OUT:-docs/performance.md}
MERGE_SIZES=${MERGE_SIZES:-200 2000 20000}
dpkg -s time valgrind >/dev/null 2>&1 || apt-get install -y -qq time valgrind >/dev/null
[ -x "$TXNLINT" ] && [ -f "$PLUGIN" ] || { echo "speed: build txnlint first ($BUILD)" >&2; exit 2; }
if [ -z "${PKGS:-}" ]; then
  PKGS=$(for d in "$CORPUS"/*/; do [ -f "$d/syntax.sh" ] && [ -f "$d/tus.txt" ] && basename "$d"; done | tr '\n' ' ')
fi
[ -n "$PKGS" ] || { echo "speed: no prepared package in $CORPUS (bench/corpus.sh PKG $CORPUS)" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
RESULTS=$WORK/results.tsv
: > "$RESULTS"

# measure NAME PKG COMMAND...: one line "PKG NAME wall cpu maxrss_kb".
measure() {
  local name=$1 pkg=$2; shift 2
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$@" > /dev/null 2>&1 || true
  read -r W U S M < <(tail -1 "$WORK/time")
  printf '%s\t%s\t%s\t%s\t%s\n' "$pkg" "$name" "$W" "$(awk -v u="$U" -v s="$S" 'BEGIN {print u + s}')" "$M" >> "$RESULTS"
  echo "speed: $pkg $name: ${W} s wall" >&2
}

for PKG in $PKGS; do
  P=$CORPUS/$PKG
  RULES=$SRC_ROOT/bench/corpus/$PKG.yaml
  mapfile -t TUS < "$P/tus.txt"
  LINT=("$TXNLINT" -p "$P/build" --rules "$RULES" --quiet --no-snippets -j 2 --fail-on never)
  measure syntax "$PKG" xargs -P 2 -I{} -d '\n' bash -c '{}' < "$P/syntax.sh"
  rm -rf "$WORK/cache-$PKG"
  measure cold "$PKG" "${LINT[@]}" --cache-dir "$WORK/cache-$PKG" --json "$WORK/cold.json" "${TUS[@]}"
  measure warm "$PKG" "${LINT[@]}" --cache-dir "$WORK/cache-$PKG" --json "$WORK/warm.json" "${TUS[@]}"
  cmp -s "$WORK/cold.json" "$WORK/warm.json" || { echo "speed: $PKG: warm output differs from cold" >&2; exit 1; }
  # One source edited: the middle unit of the list.
  EDIT=${TUS[$(( ${#TUS[@]} / 2 ))]}
  cp -p "$EDIT" "$WORK/saved"
  echo "// edited by bench/speed.sh" >> "$EDIT"
  measure one-edited "$PKG" "${LINT[@]}" --cache-dir "$WORK/cache-$PKG" "${TUS[@]}"
  cp -p "$WORK/saved" "$EDIT"
  python3 - "$PLUGIN" "$RULES" "$P/build" "$P/tus.txt" > "$WORK/tidy.sh" <<'PY'
import shlex, sys
plugin, rules, build, tus = sys.argv[1:5]
for f in open(tus).read().split():
    print("clang-tidy-19 -load %s -checks='-*,txn-*' -config=%s -p %s --quiet %s" % (
        shlex.quote(plugin), shlex.quote("{CheckOptions: {RulesFile: '%s'}}" % rules),
        shlex.quote(build), shlex.quote(f)))
PY
  measure tidy "$PKG" xargs -P 2 -I{} -d '\n' bash -c '{}' < "$WORK/tidy.sh"
  rm -rf "$WORK/cache-$PKG"
done

# The largest unit of all (by clang's preprocessed size would be costly:
# by the longest syntax line is no measure either; by source bytes).
BIG_PKG=""; BIG=""; BIG_SIZE=0
for PKG in $PKGS; do
  while read -r F; do
    S=$(stat -c %s "$F")
    if [ "$S" -gt "$BIG_SIZE" ]; then BIG_SIZE=$S; BIG=$F; BIG_PKG=$PKG; fi
  done < "$CORPUS/$PKG/tus.txt"
done
BIG_LINE=$(grep -F -- "$BIG" "$CORPUS/$BIG_PKG/syntax.sh" | grep -F "clang-19" | head -1 | sed 's/ 2>\/dev\/null || echo.*$//')
measure syntax-j1 "big" bash -c "$BIG_LINE"
measure txnlint-j1 "big" "$TXNLINT" -p "$CORPUS/$BIG_PKG/build" --rules "$SRC_ROOT/bench/corpus/$BIG_PKG.yaml" \
  --quiet -j 1 --fail-on never "$BIG"
count() { rm -f "$WORK"/cg.*; valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$WORK/cg.%p" "$@" \
            >/dev/null 2>"$WORK/cg.log" || true
          grep -h "^summary:" "$WORK"/cg.* 2>/dev/null | awk '{s+=$2} END {printf "%.0f", s}'; }
IR_SYNTAX=$(count bash -c "$BIG_LINE")
IR_TXNLINT=$(count "$TXNLINT" -p "$CORPUS/$BIG_PKG/build" --rules "$SRC_ROOT/bench/corpus/$BIG_PKG.yaml" \
  --quiet -j 1 --fail-on never "$BIG")

bash bench/merge-speed.sh "$(realpath --relative-to=. "$BUILD")" $MERGE_SIZES > "$WORK/merge.md"

BAZEL_MD=""
if command -v bazel >/dev/null && [ -x bazel/test-examples.sh ]; then
  BAZEL_MD=$(bash bazel/test-examples.sh --timing "$BUILD" 2>/dev/null || echo "(bazel run failed)")
fi

python3 - "$RESULTS" "$OUT" "$PKGS" "$BIG" "$BIG_PKG" "${IR_SYNTAX:-0}" "${IR_TXNLINT:-0}" \
  "$WORK/merge.md" "$BAZEL_MD" "$CORPUS" <<'PY'
import collections, datetime, json, os, subprocess, sys
res, out, pkgs, big, big_pkg, ir_s, ir_t, merge_md, bazel_md, corpus = sys.argv[1:11]
rows = collections.defaultdict(dict)
for line in open(res):
    pkg, name, wall, cpu, rss = line.rstrip("\n").split("\t")
    rows[pkg][name] = (float(wall), float(cpu), int(rss))
pkgs = pkgs.split()
names = ["syntax", "cold", "warm", "one-edited", "tidy"]
tot = {n: [sum(rows[p][n][0] for p in pkgs), sum(rows[p][n][1] for p in pkgs),
           max(rows[p][n][2] for p in pkgs)] for n in names}
units = {p: sum(1 for _ in open(os.path.join(corpus, p, "tus.txt"))) for p in pkgs}
def r(a, b): return "%.2f" % (a / b) if b else "-"
L = []
L.append("# Performance\n")
L.append("Generated by `bash bench/speed.sh %s` on %s (Debian 12, 2 cores; every run "
         "with 2 jobs). Wall and CPU seconds (user + system, children included), "
         "peak RSS of the largest process (one clang, one clang-tidy, the whole "
         "txnlint run). Ratios are against `clang-19 -fsyntax-only` over the same "
         "units with the same flags, in the same run.\n" % (corpus, datetime.date.today()))
L.append("## Whole runs\n")
L.append("| package | units | clang-19 -fsyntax-only wall / CPU s | txnlint cold wall / CPU s | CPU ratio | warm s | warm / cold | one source edited s | clang-tidy-19 plugin wall / CPU s | CPU ratio |")
L.append("|---|---|---|---|---|---|---|---|---|---|")
for p in pkgs + ["all"]:
    g = (lambda n: tot[n]) if p == "all" else (lambda n, p=p: rows[p][n])
    u = sum(units.values()) if p == "all" else units[p]
    s, c, w, e, t = (g(n) for n in names)
    L.append("| %s | %d | %.1f / %.1f | %.1f / %.1f | %s | %.2f | %s | %.2f | %.1f / %.1f | %s |" % (
        p, u, s[0], s[1], c[0], c[1], r(c[1], s[1]), w[0], r(w[0], c[0]), e[0],
        t[0], t[1], r(t[1], s[1])))
L.append("")
L.append("Peak RSS over all packages: clang-19 %d MB (one unit), txnlint %d MB (the whole "
         "run, 2 units at a time, cold), clang-tidy-19 %d MB (one unit).\n" % (
         tot["syntax"][2] // 1024, tot["cold"][2] // 1024, tot["tidy"][2] // 1024))
b = rows["big"]
L.append("## The largest unit alone\n")
L.append("`%s` (%s), one job:\n" % (os.path.relpath(big, os.path.join(corpus, big_pkg)), big_pkg))
L.append("| | wall s | peak RSS MB | instructions (callgrind) |")
L.append("|---|---|---|---|")
L.append("| clang-19 -fsyntax-only | %.2f | %d | %s |" % (b["syntax-j1"][0], b["syntax-j1"][2] // 1024, format(int(ir_s), ",")))
L.append("| txnlint | %.2f | %d | %s |" % (b["txnlint-j1"][0], b["txnlint-j1"][2] // 1024, format(int(ir_t), ",")))
L.append("| ratio | %s | %s | %s |\n" % (r(b["txnlint-j1"][0], b["syntax-j1"][0]),
         r(b["txnlint-j1"][2], b["syntax-j1"][2]), r(int(ir_t), int(ir_s))))
# The targets, from what was measured above.
merge_rows = [l.split("|") for l in open(merge_md) if l[:1].isdigit()]
per_fn = [float(x[-1]) for x in merge_rows]
all_ = tot
L.append("## Against the targets\n")
L.append("| target | measured | met |")
L.append("|---|---|---|")
def met(ok): return "yes" if ok else "**no**"
cpu = all_["cold"][1] / all_["syntax"][1]
L.append("| whole-program analysis CPU <= 1.10x the parse (all packages, cold) | %.2fx | %s |" % (cpu, met(cpu <= 1.10)))
irr = int(ir_t) / int(ir_s) if int(ir_s) else 0
L.append("| instructions <= 1.10x the parse (largest unit) | %.2fx | %s |" % (irr, met(0 < irr <= 1.10)))
warm = all_["warm"][0] / all_["cold"][0]
L.append("| warm run <= 0.05x the cold run (wall, all packages) | %.3fx | %s |" % (warm, met(warm <= 0.05)))
if per_fn:
    spread = max(per_fn) / min(per_fn)
    L.append("| merge time linear (time per function at %s clones) | %s µs (max/min %.2f) | %s |" % (
        ", ".join(x[0].strip() for x in merge_rows), ", ".join("%.1f" % v for v in per_fn), spread,
        met(spread <= 1.5)))
rss = b["txnlint-j1"][2] / b["syntax-j1"][2]
L.append("| peak RSS per unit <= 1.2x clang's (largest unit, one job) | %.2fx | %s |\n" % (rss, met(rss <= 1.2)))
L.append("## The merge alone\n")
L.append("`bench/merge-speed.sh`: the facts of a 5-unit program cloned K times.\n")
L.append(open(merge_md).read().strip() + "\n")
if bazel_md:
    L.append("## Bazel on examples/\n")
    L.append(bazel_md.strip() + "\n")
tmp = out + ".tmp"
open(tmp, "w").write("\n".join(L))
os.replace(tmp, out)
print("speed: wrote", out)
PY
