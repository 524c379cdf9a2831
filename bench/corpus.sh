#!/usr/bin/env bash
# Real-code corpus: fetches a Debian source package, installs its build
# dependencies, produces its compile_commands.json (CMake export, or bear for
# other build systems) and runs txnlint over every translation unit with the
# rules file bench/corpus/PKG.yaml. Also times clang-19 -fsyntax-only over
# the same translation units.
# Usage: bench/corpus.sh PKG [WORK_DIR]     (PKG: sqlitecpp, libpqxx, soci, poco, cppdb)
set -euo pipefail
cd "$(dirname "$0")/.."
SRC_ROOT=$PWD
PKG=${1:?package}
WORK=${2:-/tmp/txnlint-corpus}/$PKG
RULES=$SRC_ROOT/bench/corpus/$PKG.yaml
TXNLINT=${TXNLINT:-$SRC_ROOT/build/bin/txnlint}
[ -f "$RULES" ] || { echo "corpus: no rules file $RULES" >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive

# Per package: build options that include the code that *uses* transactions
# (tests, examples), and which translation units to lint (regex on paths).
FILTER='.'
case "$PKG" in
  sqlitecpp) CORPUS_CMAKE_ARGS="-DSQLITECPP_BUILD_TESTS=ON -DSQLITECPP_BUILD_EXAMPLES=ON -DSQLITECPP_INTERNAL_SQLITE=OFF -DSQLITECPP_RUN_CPPLINT=OFF -DSQLITECPP_RUN_CPPCHECK=OFF" ;;
  soci)      CORPUS_CMAKE_ARGS="-DSOCI_TESTS=ON -DSOCI_EMPTY=ON" ;;
  cppdb)     CORPUS_CMAKE_ARGS="" ;;
  libpqxx)   CORPUS_CMAKE_ARGS="-DSKIP_BUILD_TEST=OFF" ;;
  poco)      CORPUS_CMAKE_ARGS="-DENABLE_DATA=ON -DENABLE_DATA_SQLITE=ON -DENABLE_TESTS=ON -DENABLE_NETSSL=OFF -DENABLE_CRYPTO=OFF -DENABLE_JWT=OFF -DENABLE_MONGODB=OFF -DENABLE_REDIS=OFF -DENABLE_PDF=OFF -DENABLE_PAGECOMPILER=OFF -DENABLE_PAGECOMPILER_FILE2PAGE=OFF"
             FILTER='/Data/' ;;
esac

# deb-src entries for apt-get source / build-dep.
if ! grep -rqs "deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/ \
   && ! grep -rqs "^Types:.*deb-src" /etc/apt/sources.list.d/; then
  cat > /etc/apt/sources.list.d/txnlint-src.sources <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt-get update -qq
fi
command -v bear >/dev/null || apt-get install -y -qq bear >/dev/null

mkdir -p "$WORK"
if [ ! -d "$WORK/src" ]; then
  # The Debian diff is not always on the mirror: fall back to the upstream
  # tarball, which is what is linted anyway.
  (cd "$WORK" && apt-get source -qq "$PKG" >/dev/null 2>&1) || true
  if [ -z "$(find "$WORK" -maxdepth 1 -mindepth 1 -type d ! -name build)" ]; then
    orig=$(ls "$WORK"/*.orig.tar.* 2>/dev/null | head -1)
    [ -n "$orig" ] || { echo "corpus: cannot fetch the source of $PKG" >&2; exit 2; }
    tar -xf "$orig" -C "$WORK"
  fi
  mv "$(find "$WORK" -maxdepth 1 -mindepth 1 -type d ! -name build | head -1)" "$WORK/src"
fi
apt-get build-dep -y -qq "$PKG" >/dev/null

BUILD=$WORK/build
if [ ! -f "$BUILD/compile_commands.json" ]; then
  mkdir -p "$BUILD"
  if [ -f "$WORK/src/CMakeLists.txt" ]; then
    cmake -S "$WORK/src" -B "$BUILD" -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
      ${CORPUS_CMAKE_ARGS:-} >/dev/null
    # Generated headers, if any, must exist before parsing.
    ninja -C "$BUILD" -t targets all >/dev/null
  else
    (cd "$WORK/src" && { [ -x configure ] || autoreconf -fi >/dev/null 2>&1; } \
      && ./configure ${CORPUS_CONFIGURE_ARGS:-} >/dev/null \
      && bear --output "$BUILD/compile_commands.json" -- make -j2 ${CORPUS_MAKE_ARGS:-} >/dev/null)
  fi
fi
TUS=$(python3 -c "import json;print(len(json.load(open('$BUILD/compile_commands.json'))))")
echo "corpus $PKG: $TUS translation units"

start=$(date +%s.%N)
status=0
python3 -c "import json,re,sys
for e in json.load(open('$BUILD/compile_commands.json')):
    if re.search(r'$FILTER', e['file']) and e['file'].endswith(('.cpp','.cc','.cxx')):
        print(e['file'])" | sort -u > "$WORK/tus.txt"
echo "corpus $PKG: $(wc -l < "$WORK/tus.txt") C++ translation units selected"
"$TXNLINT" -p "$BUILD" --rules "$RULES" --quiet --no-snippets -j 2 --fail-on never \
  --root "$WORK/src" --json "$WORK/findings.json" $(cat "$WORK/tus.txt") \
  > "$WORK/findings.txt" 2> "$WORK/errors.txt" || status=$?
end=$(date +%s.%N)
echo "corpus $PKG: txnlint exit $status, $(python3 -c "import json;d=json.load(open('$WORK/findings.json'));print(len(d['findings']),'findings,',len(d['summary']['failed_translation_units']),'TUs with errors')"), $(python3 -c "print(round($end-$start,1))") s"

# The same TUs under clang-19 -fsyntax-only, for the ratio.
python3 - "$BUILD/compile_commands.json" "$WORK/tus.txt" > "$WORK/syntax.sh" <<'PY'
import json, shlex, sys
selected = set(open(sys.argv[2]).read().split())
for e in json.load(open(sys.argv[1])):
    if e["file"] not in selected:
        continue
    args = e.get("arguments") or shlex.split(e["command"])
    args = args[1:]
    out, skip = [], False
    for a in args:
        if skip: skip = False; continue
        if a == "-o": skip = True; continue
        if a == "-c": continue
        out.append(a)
    print("cd %s && clang-19 -fsyntax-only -w -Wno-unknown-warning-option %s 2>/dev/null || true"
          % (shlex.quote(e["directory"]), " ".join(map(shlex.quote, out))))
PY
start=$(date +%s.%N)
xargs -P 2 -I{} -d '\n' bash -c '{}' < "$WORK/syntax.sh" >/dev/null 2>&1 || true
end=$(date +%s.%N)
echo "corpus $PKG: clang-19 -fsyntax-only -j2: $(python3 -c "print(round($end-$start,1))") s"
