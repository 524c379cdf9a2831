#!/usr/bin/env bash
# The speed benchmark, in one run, written to docs/performance.md:
#  - per corpus package (prepared by bench/corpus.sh; its syntax.sh and
#    tus.txt are reused) and over all of them: clang-19 -fsyntax-only over
#    the units, txnlint without a cache (the analysis alone), cold (an
#    empty --cache-dir: the analysis and storing the facts), warm (the same cache,
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
#   prepared in CORPUS_DIR); the rows of a package measured before (kept in
#   CORPUS_DIR/speed-results.tsv, with their date) stay in the tables until
#   that package is measured again, and SKIP_COMMON=1 keeps the largest
#   unit, merge and Bazel rows too; REPORT_ONLY=1 measures nothing and writes
#   the document from the kept rows; MERGE_SIZES (default "200 2000 20000": clones of a
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
if [ "${REPORT_ONLY:-0}" = 1 ]; then
  PKGS=" "; SKIP_COMMON=1
elif [ -z "${PKGS:-}" ]; then
  PKGS=$(for d in "$CORPUS"/*/; do [ -f "$d/syntax.sh" ] && [ -f "$d/tus.txt" ] && basename "$d"; done | tr '\n' ' ')
fi
[ -n "$PKGS" ] || [ "${REPORT_ONLY:-0}" = 1 ] || { echo "speed: no prepared package in $CORPUS (bench/corpus.sh PKG $CORPUS)" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
RESULTS=$CORPUS/speed-results.tsv
touch "$RESULTS"
TODAY=$(date -u +%Y-%m-%d)
# What this run measures replaces what an earlier run measured.
forget() { python3 - "$RESULTS" "$@" <<'PY'
import sys
path, gone = sys.argv[1], set(sys.argv[2:])
rows = [l for l in open(path) if l.split("\t")[0] not in gone]
open(path, "w").writelines(rows)
PY
}
[ -z "${PKGS// }" ] || forget $PKGS
[ "${SKIP_COMMON:-0}" = 1 ] || forget big big-time examples merge

# measure NAME PKG COMMAND...: one line "PKG NAME wall cpu maxrss_kb".
measure() {
  local name=$1 pkg=$2; shift 2
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$@" > /dev/null 2>&1 || true
  read -r W U S M < <(tail -1 "$WORK/time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$pkg" "$name" "$W" "$(awk -v u="$U" -v s="$S" 'BEGIN {print u + s}')" "$M" "$TODAY" >> "$RESULTS"
  echo "speed: $pkg $name: ${W} s wall" >&2
}

for PKG in $PKGS; do
  P=$CORPUS/$PKG
  RULES=$SRC_ROOT/bench/corpus/$PKG.yaml
  mapfile -t TUS < "$P/tus.txt"
  LINT=("$TXNLINT" -p "$P/build" --rules "$RULES" --quiet --no-snippets -j 2 --fail-on never)
  measure syntax "$PKG" xargs -P 2 -I{} -d '\n' bash -c '{}' < "$P/syntax.sh"
  # The analysis alone (no cache), then cold with an empty cache (the
  # analysis plus storing every unit's facts), warm, and one edited.
  measure analysis "$PKG" "${LINT[@]}" --json "$WORK/plain.json" "${TUS[@]}"
  rm -rf "$WORK/cache-$PKG"
  measure cold "$PKG" "${LINT[@]}" --cache-dir "$WORK/cache-$PKG" --json "$WORK/cold.json" "${TUS[@]}"
  measure warm "$PKG" "${LINT[@]}" --cache-dir "$WORK/cache-$PKG" --json "$WORK/warm.json" "${TUS[@]}"
  cmp -s "$WORK/cold.json" "$WORK/warm.json" || { echo "speed: $PKG: warm output differs from cold" >&2; exit 1; }
  cmp -s "$WORK/plain.json" "$WORK/cold.json" || { echo "speed: $PKG: output with a cache differs from without" >&2; exit 1; }
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

if [ "${SKIP_COMMON:-0}" != 1 ]; then
# The largest unit of all packages (by source bytes).
BIG_PKG=""; BIG=""; BIG_SIZE=0
ALL_PKGS=$(cut -f1 "$RESULTS" | sort -u | grep -v -x -e big -e big-time -e examples -e merge || true)
for PKG in $PKGS $ALL_PKGS; do
  while read -r F; do
    S=$(stat -c %s "$F" 2>/dev/null) || continue  # a generated file not made
    if [ "$S" -gt "$BIG_SIZE" ]; then BIG_SIZE=$S; BIG=$F; BIG_PKG=$PKG; fi
  done < "$CORPUS/$PKG/tus.txt"
done
# Its clang-19 command: syntax.sh runs each in its entry's directory, with
# the file as the database names it (often relative).
BIG_LINE=$(python3 - "$CORPUS/$BIG_PKG/syntax.sh" "$BIG" <<'PY'
import os, re, shlex, sys
script, big = sys.argv[1:3]
for line in open(script):
    m = re.match(r"cd (\S+) && (clang-19 .*?)( 2>/dev/null \|\| echo.*)?$", line.rstrip("\n"))
    if m and any(os.path.normpath(os.path.join(shlex.split(m.group(1))[0], t)) == big
                 for t in shlex.split(m.group(2))):
        print(line.rstrip("\n").split(" 2>/dev/null || echo")[0])
        break
PY
)
[ -n "$BIG_LINE" ] || { echo "speed: no clang-19 command for $BIG in $CORPUS/$BIG_PKG/syntax.sh" >&2; exit 1; }
measure syntax-j1 "big-time" bash -c "$BIG_LINE"
measure txnlint-j1 "big-time" "$TXNLINT" -p "$CORPUS/$BIG_PKG/build" --rules "$SRC_ROOT/bench/corpus/$BIG_PKG.yaml" \
  --quiet -j 1 --fail-on never "$BIG"
count() { rm -f "$WORK"/cg.*; valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$WORK/cg.%p" "$@" \
            >/dev/null 2>"$WORK/cg.log" || true
          grep -h "^summary:" "$WORK"/cg.* 2>/dev/null | awk '{s+=$2} END {printf "%.0f", s}'; }
IR_SYNTAX=$(count bash -c "$BIG_LINE")
IR_TXNLINT=$(count "$TXNLINT" -p "$CORPUS/$BIG_PKG/build" --rules "$SRC_ROOT/bench/corpus/$BIG_PKG.yaml" \
  --quiet -j 1 --fail-on never "$BIG")
printf 'big\tinstructions\t%s\t%s\t%s\t%s\n' "$IR_SYNTAX" "$IR_TXNLINT" "0" "$TODAY" >> "$RESULTS"
# Where txnlint's instructions go (its profile is the largest left): clang's
# ParseAST, which ends with the unit's analysis, and that analysis.
inclusive() { callgrind_annotate --inclusive=yes --threshold=100 "$(ls -S "$WORK"/cg.* | head -1)" 2>/dev/null |
                awk -v f="$1" 'index($0, f) {gsub(",", "", $1); print $1; exit}'; }
printf 'big\tsplit\t%s\t%s\t0\t%s\n' "$(inclusive 'clang::ParseAST(')" \
  "$(inclusive 'txnlint::mapTranslationUnit(')" "$TODAY" >> "$RESULTS"
printf 'big\tunit\t%s\t%s\t0\t%s\n' "$BIG_PKG" "$BIG" "$TODAY" >> "$RESULTS"

bash bench/merge-speed.sh "$(realpath --relative-to=. "$BUILD")" $MERGE_SIZES > "$WORK/merge.md"
python3 - "$WORK/merge.md" "$RESULTS" "$TODAY" <<'PY'
import sys
rows = [l.rstrip("\n") for l in open(sys.argv[1]) if l.strip()]
with open(sys.argv[2], "a") as out:
    for r in rows:
        out.write("merge\tline\t%s\t0\t0\t%s\n" % (r.replace("\t", " "), sys.argv[3]))
PY

# Bazel on examples/ (the workspace of test/bazel/bazel.test), a fresh
# output base: cold (with the Bazel server's start), then nothing changed;
# txnlint -p over the same sources for comparison. Wall time only: the
# Bazel server is not a child of the timed client.
BAZEL_MD=""
if command -v bazel >/dev/null && [ -f "$BUILD/examples/compile_commands.json" ]; then
  B=$WORK/bazel
  mkdir -p "$B/txnlint"
  cp -r test/bazel/examples-workspace "$B/ws"
  ln -s "$SRC_ROOT/examples" "$B/ws/examples"
  ln -s "$SRC_ROOT/bazel" "$B/txnlint_bazel"
  cp "$TXNLINT" "$B/txnlint/txnlint" && cp rules.yaml "$B/txnlint/default.yaml"
  BZ="env -u LD_PRELOAD bazel --nohome_rc --output_user_root=$B/root"
  measure bazel-cold examples bash -c "cd $B/ws && $BZ build //examples:txnlint"
  measure bazel-warm examples bash -c "cd $B/ws && $BZ build //examples:txnlint"
  (cd "$B/ws" && $BZ shutdown) || true
  measure txnlint-p examples "$TXNLINT" -p "$BUILD/examples" --rules examples/txnlint.yaml --quiet --fail-on never
fi
fi

python3 - "$RESULTS" "$OUT" "$CORPUS" <<'PY'
import collections, datetime, json, os, subprocess, sys
res, out, corpus = sys.argv[1:4]
rows = collections.defaultdict(dict)
dates = collections.defaultdict(set)
merge_lines = []
for line in open(res):
    pkg, name, a, b, c, day = line.rstrip("\n").split("\t")
    dates[pkg].add(day)
    if pkg == "merge":
        merge_lines.append(a)
    elif pkg == "big":
        rows[pkg][name] = (a, b)
    else:
        rows[pkg][name] = (float(a), float(b), int(c))
pkgs = sorted(p for p in rows if p not in ("big", "big-time", "examples"))
ir_s, ir_t = rows.get("big", {}).get("instructions", ("0", "0"))
big_pkg, big = rows.get("big", {}).get("unit", ("", ""))
bazel_md = "bazel-cold" in rows.get("examples", {})
open(os.path.join(os.path.dirname(res), "merge.md"), "w").write("\n".join(merge_lines) + "\n")
merge_md = os.path.join(os.path.dirname(res), "merge.md")
names = ["syntax", "analysis", "cold", "warm", "one-edited", "tidy"]
tot = {n: [sum(rows[p][n][0] for p in pkgs), sum(rows[p][n][1] for p in pkgs),
           max(rows[p][n][2] for p in pkgs)] for n in names}
units = {p: sum(1 for _ in open(os.path.join(corpus, p, "tus.txt"))) for p in pkgs}
def r(a, b): return "%.2f" % (a / b) if b else "-"
L = []
L.append("# Performance\n")
all_dates = sorted(set().union(*dates.values()))
L.append("Generated by `bash bench/speed.sh %s` (Debian 12, 2 cores; every run "
         "with 2 jobs), measured on %s. Wall and CPU seconds (user + system, children included), "
         "peak RSS of the largest process (one clang, one clang-tidy, the whole "
         "txnlint run). Ratios are against `clang-19 -fsyntax-only` over the same "
         "units with the same flags, measured in the same run as the package's other "
         "columns.\n" % (corpus, ", ".join(all_dates)))
L.append("## Whole runs\n")
L.append("| package | units | clang-19 -fsyntax-only wall / CPU s | txnlint wall / CPU s | CPU ratio | txnlint cold, empty cache, wall / CPU s | CPU ratio | warm s | warm / cold | one source edited s | clang-tidy-19 plugin wall / CPU s | CPU ratio |")
L.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
for p in pkgs + ["all"]:
    g = (lambda n: tot[n]) if p == "all" else (lambda n, p=p: rows[p][n])
    u = sum(units.values()) if p == "all" else units[p]
    s, a, c, w, e, t = (g(n) for n in names)
    L.append("| %s | %d | %.1f / %.1f | %.1f / %.1f | %s | %.1f / %.1f | %s | %.2f | %s | %.2f | %.1f / %.1f | %s |" % (
        p, u, s[0], s[1], a[0], a[1], r(a[1], s[1]), c[0], c[1], r(c[1], s[1]),
        w[0], r(w[0], c[0]), e[0], t[0], t[1], r(t[1], s[1])))
L.append("")
L.append("`txnlint`: the whole-program analysis (map every unit, merge, report), no cache. "
         "`cold`: the same with `--cache-dir` empty, which also stores every unit's facts; "
         "`warm`: again, nothing changed; `one source edited`: a comment appended to the middle unit. "
         "txnlint parses less than `clang-19 -fsyntax-only`: the bodies of functions in system headers "
         "are not parsed (templates and functions returning bool are; docs/driver.md, `--system-headers`), "
         "which is why its CPU ratio can be below 1; the plugin, under clang-tidy, parses them all. "
         "How the largest unit's instructions divide between parse and analysis is below.\n")
L.append("Peak RSS over all packages: clang-19 %d MB (one unit), txnlint %d MB (the whole "
         "run, 2 units at a time, no cache), clang-tidy-19 %d MB (one unit).\n" % (
         tot["syntax"][2] // 1024, tot["analysis"][2] // 1024, tot["tidy"][2] // 1024))
b = rows.get("big-time", {})
if "syntax-j1" not in b:
    L.append("## The largest unit alone\n\nNot measured yet (`bench/speed.sh` without SKIP_COMMON).\n")
    b = {"syntax-j1": (1, 1, 1), "txnlint-j1": (0, 0, 0)}
else:
  L.append("## The largest unit alone\n")
if big:
    L.append("`%s` (%s), one job:\n" % (os.path.relpath(big, os.path.join(corpus, big_pkg)), big_pkg))
L.append("| | wall s | peak RSS MB | instructions (callgrind) |")
L.append("|---|---|---|---|")
L.append("| clang-19 -fsyntax-only | %.2f | %d | %s |" % (b["syntax-j1"][0], b["syntax-j1"][2] // 1024, format(int(ir_s), ",")))
L.append("| txnlint | %.2f | %d | %s |" % (b["txnlint-j1"][0], b["txnlint-j1"][2] // 1024, format(int(ir_t), ",")))
L.append("| ratio | %s | %s | %s |\n" % (r(b["txnlint-j1"][0], b["syntax-j1"][0]),
         r(b["txnlint-j1"][2], b["syntax-j1"][2]), r(int(ir_t), int(ir_s))))
split = rows.get("big", {}).get("split")
if split and split[0] and split[1] and int(ir_s):
    parse_ast, mapped = int(split[0]), int(split[1])
    parts = [("its parse", parse_ast - mapped,
              " (bodies of functions in system headers are not parsed; docs/driver.md, --system-headers)"),
             ("the unit's analysis", mapped, ""),
             ("the rest: rules, database, merge, reports", int(ir_t) - parse_ast, "")]
    L.append("Where txnlint's instructions go (callgrind, inclusive), against clang's %s: %s.\n" % (
        format(int(ir_s), ","), "; ".join("%s %s = %.3fx%s" % (n, format(v, ","), v / int(ir_s), why)
                                          for n, v, why in parts)))
# The targets, from what was measured above.
merge_rows = [l.split("|") for l in open(merge_md) if l[:1].isdigit()]
per_fn = [float(x[-1]) for x in merge_rows]
all_ = tot
L.append("## Against the targets\n")
L.append("| target | measured | met |")
L.append("|---|---|---|")
def met(ok): return "yes" if ok else "**no**"
cpu = all_["analysis"][1] / all_["syntax"][1]
L.append("| whole-program analysis CPU <= 1.10x the parse (all packages, no cache) | %.3fx | %s |" % (cpu, met(cpu <= 1.10)))
irr = int(ir_t) / int(ir_s) if int(ir_s) else 0
L.append("| instructions <= 1.10x the parse (largest unit) | %s | %s |" % (
    ("%.2fx" % irr, met(irr <= 1.10)) if irr else ("not measured", "**no**")))
warm = all_["warm"][0] / all_["cold"][0]
L.append("| warm run <= 0.05x the cold run (wall, all packages) | %.3fx | %s |" % (warm, met(warm <= 0.05)))
if per_fn:
    spread = max(per_fn) / min(per_fn)
    L.append("| merge time linear (time per function at %s clones) | %s µs (max/min %.2f) | %s |" % (
        ", ".join(x[0].strip() for x in merge_rows), ", ".join("%.1f" % v for v in per_fn), spread,
        met(spread <= 1.5)))
rss = b["txnlint-j1"][2] / b["syntax-j1"][2] if b.get("syntax-j1", [0, 0, 0])[2] else 0
L.append("| peak RSS per unit <= 1.2x clang's (largest unit, one job) | %s | %s |\n" % (
    ("%.2fx" % rss, met(rss <= 1.2)) if rss else ("not measured", "**no**")))
L.append("## The merge alone\n")
L.append("`bench/merge-speed.sh`: the facts of a 5-unit program cloned K times.\n")
L.append(open(merge_md).read().strip() + "\n")
if bazel_md:
    e = rows["examples"]
    L.append("## Bazel on examples/\n")
    L.append("The aspect of `bazel/txnlint.bzl` over `//examples:txnlint` (5 sources), "
             "a fresh output base; wall seconds.\n")
    L.append("| bazel build, cold (server start included) | bazel build, nothing changed | txnlint -p over the same sources |")
    L.append("|---|---|---|")
    L.append("| %.2f | %.2f | %.2f |\n" % (e["bazel-cold"][0], e["bazel-warm"][0], e["txnlint-p"][0]))
tmp = out + ".tmp"
open(tmp, "w").write("\n".join(L))
os.replace(tmp, out)
print("speed: wrote", out)
PY
