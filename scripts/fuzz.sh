#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, with clang++-19, ASan and UBSan) in
# build-fuzz/ and runs one of them for a given time:
#   bash scripts/fuzz.sh rules SECONDS [JOBS]     the rules loader
#   bash scripts/fuzz.sh analysis SECONDS [JOBS]  the analysis of C++ snippets
# Seeds: fuzz/seeds/TARGET, plus the test suite's rules files (rules) or
# C++ sources (analysis), read only. The growing corpus is kept in
# build-fuzz/corpus-TARGET (reused by the next run); crashes, timeouts and
# leaks go to build-fuzz/artifacts-TARGET/ and fail the script. FUZZ_ARGS:
# more libFuzzer options (the last of a repeated option wins). The last
# lines printed are libFuzzer's final statistics (executions, seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:?rules or analysis}
SECONDS_TO_RUN=${2:?seconds}
JOBS=${3:-1}
# SANITIZERS=undefined: a build without AddressSanitizer (build-fuzz-undefined),
# several times the executions per second, for long loader runs.
SANITIZERS=${SANITIZERS:-address,undefined}
if [ "$SANITIZERS" = address,undefined ]; then
  BUILD=${BUILD:-build-fuzz}
else
  BUILD=${BUILD:-build-fuzz-${SANITIZERS//,/-}}
fi
dpkg -s libclang-rt-19-dev >/dev/null 2>&1 || apt-get install -y -qq libclang-rt-19-dev >/dev/null
bash scripts/install-deps.sh lint >/dev/null
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_C_COMPILER=clang-19 \
  -DBUILD_TESTING=OFF -DTXNLINT_FUZZ=ON -DTXNLINT_FUZZ_SANITIZERS="$SANITIZERS" >/dev/null
cmake --build "$BUILD" --target "txnlint-fuzz-$TARGET"
CORPUS=$BUILD/corpus-$TARGET
ARTIFACTS=$BUILD/artifacts-$TARGET
mkdir -p "$CORPUS" "$ARTIFACTS"
case "$TARGET" in
  rules)    SEEDS=(fuzz/seeds/rules . test/Inputs test/rules bench/corpus); OPTS=(-max_len=65536 -timeout=10 -dict=fuzz/rules.dict) ;;
  analysis) SEEDS=(fuzz/seeds/analysis test/checkers test/tool/Inputs/program test/tool/Inputs/storage); OPTS=(-max_len=32768 -timeout=30 -rss_limit_mb=4096) ;;
  *) echo "fuzz: unknown target '$TARGET' (rules or analysis)" >&2; exit 2 ;;
esac
# Only the files a target reads as input: YAML for the loader, C++ for the
# analysis (a seed directory's other files are left out).
SEED_DIR=$BUILD/seeds-$TARGET
rm -rf "$SEED_DIR" && mkdir -p "$SEED_DIR"
for d in "${SEEDS[@]}"; do
  case "$TARGET" in
    rules)    find "$d" -maxdepth 1 -name '*.yaml' -size -64k -exec cp -t "$SEED_DIR" {} + 2>/dev/null || true ;;
    analysis) find "$d" -maxdepth 1 \( -name '*.cpp' -o -name '*.h' \) -size -32k -exec cp -t "$SEED_DIR" {} + 2>/dev/null || true ;;
  esac
done
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
"$BUILD/bin/txnlint-fuzz-$TARGET" "$CORPUS" "$SEED_DIR" -max_total_time="$SECONDS_TO_RUN" \
  -jobs="$JOBS" -workers="$JOBS" -print_final_stats=1 -artifact_prefix="$ARTIFACTS/" "${OPTS[@]}" ${FUZZ_ARGS:-} 2>&1 |
  tee "$BUILD/fuzz-$TARGET.log" | grep -E "^(stat::|#[0-9]+ *DONE|==[0-9]+==ERROR|SUMMARY)" || true
if ls "$ARTIFACTS"/* >/dev/null 2>&1; then
  echo "fuzz: $TARGET: artifacts in $ARTIFACTS (crash, timeout or leak): see $BUILD/fuzz-$TARGET.log" >&2
  exit 1
fi
