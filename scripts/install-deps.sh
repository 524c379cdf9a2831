#!/usr/bin/env bash
# Installs the exact Debian 12 packages txnlint needs to build, test and lint
# the bundled example. Idempotent: packages already present are skipped by apt.
set -euo pipefail

PACKAGES=(
  # LLVM/Clang 19: ClangConfig.cmake is in clang-19, LLVMConfig.cmake in
  # llvm-19-dev, the static clang libraries the CMake import checks need are
  # in libclang-19-dev (see ../shared/notes/stack.md, gotcha G3).
  clang-19 libclang-19-dev llvm-19-dev clang-tidy-19 llvm-19-tools
  libyaml-cpp-dev libgtest-dev cmake ninja-build python3 python3-jsonschema python3-yaml
  # Real library headers: the example service and the preset tests.
  libsqlitecpp-dev libsqlite3-dev libpq-dev libpqxx-dev libsoci-dev libboost-dev
  libpoco-dev qtbase5-dev libcppdb-dev libmysql++-dev libmongoc-dev
  libcurl4-openssl-dev
  # Test frameworks: the testing preset against their real headers.
  catch2 libcppunit-dev libboost-test-dev
  # The package test (scripts/test-deb.sh) builds a clean Debian 12 root.
  debootstrap
)

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
