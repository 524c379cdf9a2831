#!/usr/bin/env bash
# The whole suite (unit tests, the example build, every lit test) against a
# build with AddressSanitizer and UndefinedBehaviorSanitizer
# (-DTXNLINT_SANITIZE=ON), in its own build directory. Any ASan report or
# undefined behaviour aborts the process that hit it, and so fails its test.
# About 8 minutes on 2 cores (5 to build at -O1, 3 to test). The .deb
# test is not run here: it packages a normal build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
BUILD=${BUILD:-build-sanitize}
# The schema the normal build fetched, if there is one (an npm download).
if [ -s build/sarif-schema/sarif-2.1.0.json ] && [ ! -s "$BUILD/sarif-schema/sarif-2.1.0.json" ]; then
  mkdir -p "$BUILD/sarif-schema" && cp build/sarif-schema/sarif-2.1.0.json "$BUILD/sarif-schema/"
fi
bash scripts/fetch-sarif-schema.sh "$BUILD/sarif-schema"
bash scripts/fetch-playwright.sh "$BUILD/playwright"
cmake -S . -B "$BUILD" -G Ninja -DBUILD_TESTING=ON -DTXNLINT_SANITIZE=ON >/dev/null
cmake --build "$BUILD"
ctest --test-dir "$BUILD" --output-on-failure -j2
