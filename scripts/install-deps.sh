#!/usr/bin/env bash
# Installs the exact Debian 12 packages txnlint needs: `lint` only what
# building it and linting the bundled example need, `all` (the default) also
# what the tests need. Idempotent: packages already present are skipped.
set -euo pipefail

# What linting the bundled example needs (`install-deps.sh lint`, the
# README's first command): the LLVM/Clang 19 build (ClangConfig.cmake is in
# clang-19, LLVMConfig.cmake in llvm-19-dev, the static clang libraries the
# CMake import checks need are in libclang-19-dev: ../shared/notes/stack.md,
# gotcha G3), yaml-cpp, a C++ compiler for CMake, and SQLiteCpp, the
# example's library.
LINT=(
  clang-19 libclang-19-dev llvm-19-dev libyaml-cpp-dev g++ cmake ninja-build
  libsqlitecpp-dev libsqlite3-dev
)
# What the tests add (the default, `install-deps.sh all`).
TEST=(
  clang-tidy-19 llvm-19-tools libgtest-dev python3 python3-jsonschema python3-yaml
  # Real library headers: the preset tests.
  libpq-dev libpqxx-dev libsoci-dev libboost-dev
  libpoco-dev qtbase5-dev libcppdb-dev libmysql++-dev libmongoc-dev
  libcurl4-openssl-dev
  # Test frameworks: the testing preset against their real headers.
  catch2 libcppunit-dev libboost-test-dev
  # The package test (scripts/test-deb.sh) builds a clean Debian 12 root.
  debootstrap
  # The HTML report's browser test (test/html/): headless Chromium, driven
  # by playwright-core on Node.js (scripts/fetch-playwright.sh installs Node
  # and npm only if there are none: a machine may have them from elsewhere).
  chromium
  # The Bazel aspect's test (test/bazel/, bazel/README.md): Bazel 4.2.3,
  # which pulls a JDK; it runs offline with the stubs in bazel/stubs/.
  bazel-bootstrap
)

case "${1:-all}" in
  lint) PACKAGES=("${LINT[@]}") ;;
  all) PACKAGES=("${LINT[@]}" "${TEST[@]}") ;;
  *) echo "usage: install-deps.sh [lint|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
