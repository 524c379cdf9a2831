#!/usr/bin/env bash
# Do two builds of txnlint find the same things? For a refactoring that must
# not change behaviour: runs the standalone tool and clang-tidy-19 with the
# plugin of each build over every corpus package already prepared by
# bench/corpus.sh (its build/ and tus.txt), and over examples/, then compares.
# Tool: the JSON findings and functions, ignoring fields only one side has
# (added fields are not a change of behaviour) and the version. Plugin: the
# diagnostics, all TUs of a package in one clang-tidy-19 process. Each
# package runs twice: with its rules, and with a stress overlay that makes
# every function 'aware' and every std::ostream a side effect, so that
# correct library code yields many findings to compare.
# Usage: [PACKAGES="soci poco"] [VARIANTS="plain stress"] \
#          bench/same-findings.sh OLD_BUILD NEW_BUILD [CORPUS_WORK_DIR]
#   (a build dir holds bin/txnlint and lib/TxnTidyModule.so)
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=${1:?old build dir}; NEW=${2:?new build dir}
WORK=${3:-/tmp/txnlint-corpus}
OUT=$(mktemp -d)
status=0

compare_json() {
  python3 - "$1" "$2" <<'PY'
import json, sys
def load(p):
    d = json.load(open(p)); d["tool"].pop("version", None); return d
def common(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        keys = a.keys() & b.keys()
        return ({k: common(a[k], b[k])[0] for k in keys},
                {k: common(a[k], b[k])[1] for k in keys})
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        pairs = [common(x, y) for x, y in zip(a, b)]
        return [p[0] for p in pairs], [p[1] for p in pairs]
    return a, b
a, b = load(sys.argv[1]), load(sys.argv[2])
x, y = common(a, b)
print("%d findings, %d functions: %s" % (len(b["findings"]), len(b["functions"]),
      "same" if x == y else "DIFFERENT"))
sys.exit(0 if x == y else 1)
PY
}

run_pkg() { # name build-dir rules root files...
  local name=$1 db=$2 rules=$3 root=$4; shift 4
  for side in OLD NEW; do
    local dir=${!side}
    "$dir/bin/txnlint" -p "$db" --rules "$rules" --quiet --no-snippets -j 2 \
      --fail-on never --root "$root" --json "$OUT/$name.$side.json" "$@" \
      > /dev/null 2>&1 || true
    clang-tidy-19 -load "$dir/lib/TxnTidyModule.so" -checks='-*,txn-*' \
      -config="{CheckOptions: {RulesFile: '$rules'}}" -p "$db" "$@" 2>/dev/null \
      | grep -E '^/.*: (warning|error|note): ' | sort > "$OUT/$name.$side.tidy" || true
  done
  printf '%s: txnlint: ' "$name"
  compare_json "$OUT/$name.OLD.json" "$OUT/$name.NEW.json" || status=1
  if cmp -s "$OUT/$name.OLD.tidy" "$OUT/$name.NEW.tidy"; then
    echo "$name: clang-tidy-19: $(grep -c ': \(warning\|error\):' "$OUT/$name.NEW.tidy" || true) diagnostics: same"
  else
    echo "$name: clang-tidy-19: DIFFERENT"
    diff "$OUT/$name.OLD.tidy" "$OUT/$name.NEW.tidy" | head -20 || true
    status=1
  fi
  # The new build's two front-ends against each other (clang-tidy prints
  # every finding as a warning; clang-tidy-19 shows each header finding once).
  "$NEW/bin/txnlint" -p "$db" --rules "$rules" --quiet --no-snippets -j 2 \
    --fail-on never "$@" 2>/dev/null | grep -E '^/.*: (warning|error): ' \
    | sed -E 's/: (warning|error): /: warning: /' | sort -u > "$OUT/$name.tool" || true
  grep -E '^/.*: warning: ' "$OUT/$name.NEW.tidy" | sort -u > "$OUT/$name.tidyw" || true
  if cmp -s "$OUT/$name.tool" "$OUT/$name.tidyw"; then
    echo "$name: new build: txnlint and clang-tidy-19 agree ($(wc -l < "$OUT/$name.tool") findings)"
  else
    echo "$name: new build: txnlint and clang-tidy-19 DISAGREE"
    diff "$OUT/$name.tool" "$OUT/$name.tidyw" | head -10 || true
    status=1
  fi
}

EX_BUILD=$NEW/examples
[ -f "$EX_BUILD/compile_commands.json" ] || cmake -S examples -B "$EX_BUILD" -G Ninja >/dev/null
mapfile -t EX_FILES < <(python3 -c "import json;[print(e['file']) for e in json.load(open('$EX_BUILD/compile_commands.json'))]")
run_pkg examples "$EX_BUILD" "$PWD/examples/txnlint.yaml" "$PWD" "${EX_FILES[@]}"
for pkgdir in "$WORK"/*/; do
  pkg=$(basename "$pkgdir")
  [ -z "${PACKAGES:-}" ] || [[ " $PACKAGES " == *" $pkg "* ]] || continue
  [ -f "$pkgdir/tus.txt" ] && [ -f "bench/corpus/$pkg.yaml" ] || continue
  mapfile -t TUS < "$pkgdir/tus.txt"
  if [[ " ${VARIANTS:-plain stress} " == *" plain "* ]]; then
    run_pkg "$pkg" "$pkgdir/build" "$PWD/bench/corpus/$pkg.yaml" "$pkgdir/src" "${TUS[@]}"
  fi
  [[ " ${VARIANTS:-plain stress} " == *" stress "* ]] || continue
  cat > "$OUT/$pkg-stress.yaml" <<YAML
version: 1
extends: $PWD/bench/corpus/$pkg.yaml
roles:
  - role: aware
    paths: ["*"]
side_effects:
  - category: file_io
    receivers: ["::std::basic_ostream"]
YAML
  run_pkg "$pkg-stress" "$pkgdir/build" "$OUT/$pkg-stress.yaml" "$pkgdir/src" "${TUS[@]}"
done
rm -rf "$OUT"
exit $status
