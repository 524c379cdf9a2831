#!/usr/bin/env bash
# Wall time of txnlint vs clang-19 -fsyntax-only over the example service's
# translation units (the same files and flags), measured in one hyperfine
# run, plus the clang-tidy-19 plugin run. Prints the ratios.
# Usage: bench/example-speed.sh [BUILD_DIR]   (after scripts/lint-example.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
DB="$BUILD/examples/compile_commands.json"
[ -f "$DB" ] || { echo "run scripts/lint-example.sh first" >&2; exit 2; }

# One shell script per front-end, each over every TU, sequentially.
python3 - "$DB" "$BUILD" > "$BUILD/bench-syntax.sh" <<'PY'
import json, shlex, sys
db, build = sys.argv[1], sys.argv[2]
print("set -e")
for e in json.load(open(db)):
    args = shlex.split(e["command"])[1:]
    out = [a for i, a in enumerate(args) if a not in ("-c", "-o") and (i == 0 or args[i-1] != "-o")]
    print("cd %s && clang-19 -fsyntax-only -w %s" % (shlex.quote(e["directory"]), " ".join(map(shlex.quote, out))))
PY
RULES="$PWD/examples/txnlint.yaml"
FILES=$(python3 -c "import json,sys;print(' '.join(sorted(e['file'] for e in json.load(open('$DB')))))")
hyperfine --warmup 1 --runs ${RUNS:-5} --export-json "$BUILD/bench.json" \
  -n "clang-19 -fsyntax-only" "bash $BUILD/bench-syntax.sh" \
  -n "txnlint" "$BUILD/bin/txnlint -p $BUILD/examples --rules $RULES --quiet --fail-on never >/dev/null" \
  -n "clang-tidy-19 plugin" "for f in $FILES; do clang-tidy-19 -load $BUILD/lib/TxnTidyModule.so -checks='-*,txn-*' -config=\"{CheckOptions: {RulesFile: '$RULES'}}\" -p $BUILD/examples \$f >/dev/null 2>&1; done"
python3 - "$BUILD/bench.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
base = r["clang-19 -fsyntax-only"]["median"]
for name, x in r.items():
    print("%-26s median %6.2f s  ratio %.2fx" % (name, x["median"], x["median"] / base))
PY
