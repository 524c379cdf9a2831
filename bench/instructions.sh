#!/usr/bin/env bash
# Instruction counts (valgrind callgrind; stable on a busy machine) of
# txnlint vs clang-19 -fsyntax-only on one translation unit (by default an
# example one; a corpus TU with its compile database directory and rules).
# Usage: bench/instructions.sh [BUILD_DIR] [FILE] [DB_DIR] [RULES]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
FILE=${2:-$PWD/examples/routers/whispers.cpp}
DB_DIR=${3:-$BUILD/examples}
RULES=${4:-examples/txnlint.yaml}
DB="$DB_DIR/compile_commands.json"
CMD=$(python3 -c "
import json,shlex,sys
for e in json.load(open('$DB')):
    if e['file']=='$FILE':
        a=shlex.split(e['command'])[1:]
        print(' '.join(shlex.quote(x) for i,x in enumerate(a) if x not in ('-c','-o') and (i==0 or a[i-1]!='-o')))")
count() { valgrind --tool=callgrind --trace-children=yes --callgrind-out-file=/tmp/cg.%p "$@" >/dev/null 2>/tmp/cg.log || true
          grep -h "^summary:" /tmp/cg.* 2>/dev/null | awk '{s+=$2} END {print s}'; rm -f /tmp/cg.*; }
rm -f /tmp/cg.*
DIR=$(python3 -c "
import json
for e in json.load(open('$DB')):
    if e['file']=='$FILE':
        print(e['directory']); break")
A=$(cd "$DIR" && count clang-19 -fsyntax-only -w $CMD)
B=$(count "$BUILD/bin/txnlint" -p "$DB_DIR" --rules "$RULES" --quiet --fail-on never "$FILE")
echo "clang-19 -fsyntax-only: $A instructions"
echo "txnlint:                $B instructions"
python3 -c "print('ratio: %.3f' % ($B/$A))"
