#!/usr/bin/env bash
# Builds txnlint, configures the bundled example service (for its
# compile_commands.json), lints it and writes out/compliance.md.
# Findings are expected (the example has a violating form of every
# scenario); the script fails only if txnlint could not run (exit 2).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh lint
BUILD=${BUILD:-build}
# A new build directory without the tests (they need clang-tidy-19, lit and
# GoogleTest, which the lint install leaves out); one the test command set
# up keeps its setting.
testing=()
[ -f "$BUILD/CMakeCache.txt" ] || testing=(-DBUILD_TESTING=OFF)
cmake -S . -B "$BUILD" -G Ninja "${testing[@]}" >/dev/null
cmake --build "$BUILD" --target txnlint
cmake -S examples -B "$BUILD/examples" -G Ninja >/dev/null
mkdir -p out
status=0
"$BUILD/bin/txnlint" -p "$BUILD/examples" --rules examples/txnlint.yaml \
  --report out/compliance.md --html out/html || status=$?
if [ "$status" -eq 2 ]; then
  echo "lint-example: txnlint could not run" >&2
  exit 2
fi
echo "lint-example: report written to out/compliance.md and out/html/index.html (txnlint exit $status)"
