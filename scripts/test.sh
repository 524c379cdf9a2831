#!/usr/bin/env bash
# Builds txnlint and runs every test: GoogleTest unit tests, the example
# service build, and the lit suite (checks under clang-tidy-19, the
# standalone tool, malformed rules, both front-ends on examples/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
BUILD=${BUILD:-build}
bash scripts/fetch-sarif-schema.sh "$BUILD/sarif-schema"
cmake -S . -B "$BUILD" -G Ninja -DBUILD_TESTING=ON >/dev/null
cmake --build "$BUILD"
ctest --test-dir "$BUILD" --output-on-failure -j2
