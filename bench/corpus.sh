#!/usr/bin/env bash
# Real-code corpus: fetches a Debian source package, installs its build
# dependencies, produces its compile_commands.json (CMake export; for other
# build systems, the build run with a stand-in compiler that records each
# command, bench/record_compile.py) and runs txnlint over every translation unit with the
# rules file bench/corpus/PKG.yaml. Also times clang-19 -fsyntax-only over
# the same translation units. For an application with labelled sites
# (bench/corpus/labels/PKG.yaml), the labels' filter says which translation
# units are linted, and only the headers they need are generated (Qt's
# moc/uic steps of their targets, custom commands that write headers).
# Usage: bench/corpus.sh PKG [WORK_DIR]
#   libraries: sqlitecpp, libpqxx, soci, poco, cppdb
#   applications: qtox, mixxx, krita, akonadi (CMake), pdns (autotools),
#   zeroc-ice (make)
#        CORPUS_PREPARE_ONLY=1 bench/corpus.sh PKG [WORK_DIR]   (fetch and configure only)
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
# An application's labelled sites name the part of it that is analysed.
LABELS=$SRC_ROOT/bench/corpus/labels/$PKG.yaml
[ -f "$LABELS" ] && FILTER=$(python3 -c "import yaml,sys;print(yaml.safe_load(open(sys.argv[1])).get('filter','.'))" "$LABELS")
case "$PKG" in
  sqlitecpp) CORPUS_CMAKE_ARGS="-DSQLITECPP_BUILD_TESTS=ON -DSQLITECPP_BUILD_EXAMPLES=ON -DSQLITECPP_INTERNAL_SQLITE=OFF -DSQLITECPP_RUN_CPPLINT=OFF -DSQLITECPP_RUN_CPPCHECK=OFF" ;;
  soci)      CORPUS_CMAKE_ARGS="-DSOCI_CXX11=ON -DSOCI_TESTS=ON -DSOCI_EMPTY=ON -DWITH_SQLITE3=ON -DWITH_POSTGRESQL=ON -DWITH_MYSQL=ON -DWITH_ODBC=ON -DWITH_FIREBIRD=ON -DWITH_BOOST=ON" ;;
  cppdb)     CORPUS_CMAKE_ARGS="" ;;
  libpqxx)   CORPUS_CMAKE_ARGS="-DSKIP_BUILD_TEST=OFF" ;;
  # Applications (bench/corpus/labels/PKG.yaml names the analysed part).
  qtox)      CORPUS_CMAKE_ARGS="-DUPDATE_CHECK=OFF -DSPELL_CHECK=OFF" ;;
  mixxx)     CORPUS_CMAKE_ARGS="-DBATTERY=OFF -DBROADCAST=OFF -DHID=OFF -DVINYLCONTROL=OFF -DOPTIMIZE=off" ;;
  krita)     CORPUS_CMAKE_ARGS="-DBUILD_TESTING=OFF -DKRITA_ENABLE_PCH=OFF" ;;
  akonadi)   CORPUS_CMAKE_ARGS="-DBUILD_TESTING=OFF -DBUILD_DESIGNERPLUGIN=OFF" ;;
  # Not CMake: configured for real, then built with a stand-in compiler
  # that records each command and compiles nothing (bench/record_compile.py).
  pdns)      CONFIGURE_ARGS=(--with-dynmodules="bind gmysql gpgsql gsqlite3 lmdb" --with-modules= --enable-tools --disable-lua-records --without-libsodium) ;;
  zeroc-ice) MAKE_DIR=cpp
             # Ice's rules prefix the compiler with the platform's GNU type
             # (ARCH_cxx = x86_64-linux-gnu-$(CXX)): set it whole.
             MAKE_ARGS=(V=1 ICE_BIN_DIST=compilers CONFIGS=shared OPTIMIZE=no
                        "$(dpkg --print-architecture)_cxx=python3 $SRC_ROOT/bench/record_compile.py g++" srcs)
             EXTRA_PACKAGES=zeroc-ice-compilers ;; # slice2cpp, so that none is built
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
# time for CPU seconds, PyYAML for the triage file.
dpkg -s time python3-yaml >/dev/null 2>&1 || apt-get install -y -qq time python3-yaml >/dev/null

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
[ -z "${EXTRA_PACKAGES:-}" ] || dpkg -s $EXTRA_PACKAGES >/dev/null 2>&1 \
  || apt-get install -y -qq $EXTRA_PACKAGES >/dev/null

BUILD=$WORK/build
if [ ! -f "$BUILD/compile_commands.json" ]; then
  mkdir -p "$BUILD"
  # POCO's CMake leaves the Data backends' test suites (where the
  # transaction tests are) out of the build: put them back in.
  [ "$PKG" = poco ] && sed -i 's/#add_subdirectory(testsuite)/add_subdirectory(testsuite)/' \
    "$WORK"/src/Data/*/CMakeLists.txt
  if [ -f "$WORK/src/CMakeLists.txt" ]; then
    cmake -S "$WORK/src" -B "$BUILD" -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
      ${CORPUS_CMAKE_ARGS:-} > "$WORK/cmake.log" 2>&1 \
      || { echo "corpus: cmake failed, see $WORK/cmake.log" >&2; exit 2; }
    # Generated headers must exist before parsing: run Qt's moc/uic steps
    # of the targets whose sources are linted (the autogen commands
    # themselves, not the libraries their targets depend on) and build every
    # custom command whose output is a header.
    ninja -C "$BUILD" -t targets all > "$WORK/targets.txt"
    autogen=$(python3 -c "import json,os,re,sys
names = set()
for e in json.load(open(sys.argv[1])):
    f = os.path.normpath(os.path.join(e['directory'], e['file']))
    if re.search(sys.argv[2], f):
        names.update(re.findall(r'/([^/ ]+)_autogen/include', e.get('command', ' '.join(e.get('arguments', [])))))
print(' '.join(sorted(n + '_autogen' for n in names)))" "$BUILD/compile_commands.json" "$FILTER")
    for t in $autogen; do
      ninja -C "$BUILD" -t commands "$t" | grep -F cmake_autogen | (cd "$BUILD" && sh) >> "$WORK/generate.log" 2>&1 || true
    done
    # Each header's own command only: through ninja, order-only
    # dependencies on the libraries would build them. A header whose command
    # needs a generator built first (akonadi's protocolgen) or another
    # generated input is then built through ninja.
    missing=""
    for h in $(sed -n 's/^\([^:]*\.\(h\|hpp\|hh\|hxx\|inc\)\): CUSTOM_COMMAND$/\1/p' "$WORK/targets.txt"); do
      ninja -C "$BUILD" -t commands "$h" | tail -n 1 | (cd "$BUILD" && sh) >> "$WORK/generate.log" 2>&1 || true
      case "$h" in /*) f=$h ;; *) f=$BUILD/$h ;; esac
      [ -e "$f" ] || missing="$missing $h"
    done
    [ -z "$missing" ] || ninja -C "$BUILD" -k 0 $missing >> "$WORK/generate.log" 2>&1 || true
  else
    # The build's own steps that write sources and headers run for real;
    # the compiler is a stand-in that records each command and writes empty
    # objects, so nothing is compiled.
    if [ -x "$WORK/src/configure" ] || [ -f "$WORK/src/configure.ac" ]; then
      (cd "$WORK/src" && { [ -x configure ] || autoreconf -fi; } \
        && ./configure ${CONFIGURE_ARGS[@]+"${CONFIGURE_ARGS[@]}"}) > "$WORK/configure.log" 2>&1 \
        || { echo "corpus: configure failed, see $WORK/configure.log" >&2; exit 2; }
    fi
    rm -f "$WORK/compile.jsonl"
    RECORD_COMPILE_LOG=$WORK/compile.jsonl make -C "$WORK/src/${MAKE_DIR:-.}" -k -j2 \
      CC="python3 $SRC_ROOT/bench/record_compile.py gcc" \
      CXX="python3 $SRC_ROOT/bench/record_compile.py g++" \
      ${MAKE_ARGS[@]+"${MAKE_ARGS[@]}"} > "$WORK/make.log" 2>&1 || true
    [ -s "$WORK/compile.jsonl" ] || { echo "corpus: no compile command recorded, see $WORK/make.log" >&2; exit 2; }
    python3 -c "import json,os,sys
seen = {}
for line in open(sys.argv[1]):
    e = json.loads(line)
    seen[os.path.normpath(os.path.join(e['directory'], e['file']))] = e
json.dump([seen[k] for k in sorted(seen)], open(sys.argv[2], 'w'), indent=1)" \
      "$WORK/compile.jsonl" "$BUILD/compile_commands.json"
  fi
fi
TUS=$(python3 -c "import json;print(len(json.load(open('$BUILD/compile_commands.json'))))")
echo "corpus $PKG: $TUS translation units"
# CORPUS_PREPARE_ONLY=1: fetch and configure, run nothing (to prepare every
# package before measuring them one after the other).
[ "${CORPUS_PREPARE_ONLY:-0}" = 1 ] && exit 0

status=0
python3 -c "import json,os,re,sys
for e in json.load(open('$BUILD/compile_commands.json')):
    f = os.path.normpath(os.path.join(e['directory'], e['file']))
    if re.search(r'$FILTER', f) and f.endswith(('.cpp','.cc','.cxx')) and '_autogen/' not in f:
        print(f)" | sort -u > "$WORK/tus.txt"
echo "corpus $PKG: $(wc -l < "$WORK/tus.txt") C++ translation units selected"
# Wall and CPU seconds (user + system, children included) of each run; a
# run that does not finish within the limit counts as a hang.
/usr/bin/time -f '%e %U %S %M' -o "$WORK/txnlint.time" \
  timeout 3600 "$TXNLINT" -p "$BUILD" --rules "$RULES" --quiet --no-snippets -j 2 --fail-on never \
  --root "$(realpath "$WORK/src")" --json "$WORK/findings.json" $(cat "$WORK/tus.txt") \
  > "$WORK/findings.txt" 2> "$WORK/errors.txt" || status=$?
read -r TX_WALL TX_USER TX_SYS TX_RSS < <(tail -1 "$WORK/txnlint.time")
echo "corpus $PKG: txnlint exit $status, $(python3 -c "import json;d=json.load(open('$WORK/findings.json'));print(len(d['findings']),'findings,',len(d['summary']['failed_translation_units']),'TUs with errors')"), ${TX_WALL} s"

# The same TUs under clang-19 -fsyntax-only, for the ratio; TUs it rejects
# are listed (an unknown flag would make it stop early and look fast).
python3 - "$BUILD/compile_commands.json" "$WORK/tus.txt" "$WORK/syntax-failed.txt" > "$WORK/syntax.sh" <<'PY'
import json, os, shlex, sys
selected = set(open(sys.argv[2]).read().split())
for e in json.load(open(sys.argv[1])):
    if os.path.normpath(os.path.join(e["directory"], e["file"])) not in selected:
        continue
    args = e.get("arguments") or shlex.split(e["command"])
    args = args[1:]
    out, skip = [], False
    for a in args:
        if skip: skip = False; continue
        if a == "-o": skip = True; continue
        if a == "-c": continue
        # GCC-only flags clang-19 rejects (txnlint drops what its driver
        # does not know).
        if a in ("-fext-numeric-literals", "-fno-gnu-unique", "-fconcepts",
                 "-fipa-pta", "-Wlogical-op") or a.startswith("-mindirect-branch"):
            continue
        out.append(a)
    print("cd %s && clang-19 -fsyntax-only -w -Wno-unknown-warning-option %s 2>/dev/null || echo %s >> %s"
          % (shlex.quote(e["directory"]), " ".join(map(shlex.quote, out)),
             shlex.quote(e["file"]), shlex.quote(sys.argv[3])))
PY
rm -f "$WORK/syntax-failed.txt"; touch "$WORK/syntax-failed.txt"
/usr/bin/time -f '%e %U %S %M' -o "$WORK/syntax.time" \
  xargs -P 2 -I{} -d '\n' bash -c '{}' < "$WORK/syntax.sh" >/dev/null 2>&1 || true
read -r SY_WALL SY_USER SY_SYS SY_RSS < <(tail -1 "$WORK/syntax.time")
echo "corpus $PKG: clang-19 -fsyntax-only -j2: ${SY_WALL} s, $(wc -l < "$WORK/syntax-failed.txt") TUs rejected"

VERSION=$(basename "$(ls "$WORK"/*.dsc 2>/dev/null | head -1)" .dsc | sed 's/^[^_]*_//')
python3 - "$WORK/stats.json" <<PY
import json, sys
json.dump({"package": "$PKG", "version": "$VERSION", "rules": "bench/corpus/$PKG.yaml",
           "filter": r"""$FILTER""", "tus_in_database": $TUS,
           "tus": sum(1 for _ in open("$WORK/tus.txt")),
           "txnlint_exit": $status,
           "txnlint_wall": $TX_WALL, "txnlint_cpu": round($TX_USER + $TX_SYS, 2),
           "syntax_wall": $SY_WALL, "syntax_cpu": round($SY_USER + $SY_SYS, 2),
           "txnlint_max_rss_kb": $TX_RSS, "syntax_max_rss_kb": $SY_RSS,
           "syntax_rejected": [l.strip() for l in open("$WORK/syntax-failed.txt") if l.strip()]},
          open(sys.argv[1], "w"), indent=1, sort_keys=True)
PY

# Recall probe: violations planted one at a time in this package's code.
python3 "$SRC_ROOT/bench/seed.py" "$PKG" "$WORK" "$SRC_ROOT/bench/corpus/seeds.yaml" \
  "$RULES" "$TXNLINT" "$WORK/seeds.json"

# docs/accuracy.md from every package run so far and bench/corpus/triage.yaml.
python3 "$SRC_ROOT/bench/accuracy.py" "$(dirname "$WORK")" "$SRC_ROOT/bench/corpus/triage.yaml" \
  "$SRC_ROOT/docs/accuracy.md"
