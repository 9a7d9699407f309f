#!/usr/bin/env bash
# Installs what is missing, checks that the C++ sources are formatted
# (scripts/format_check.sh), builds everything with Ninja and runs the whole
# test suite through CTest; then builds the fuzz targets with clang and the
# sanitizers in a second directory and runs each briefly from its seed
# corpus (fuzz/). Exits non-zero when anything fails or a fuzzer crashes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/format_check.sh
BUILD_DIR=${MOTCUA_BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" --timeout 600

FUZZ_DIR=${MOTCUA_FUZZ_BUILD_DIR:-build-fuzz}
cmake -S . -B "$FUZZ_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DMOTCUA_BUILD_FUZZERS=ON \
  -DMOTCUA_BUILD_TESTS=OFF -DMOTCUA_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$FUZZ_DIR" --target motcua_fuzzers -j "$(nproc)"
ctest --test-dir "$FUZZ_DIR" --output-on-failure -j "$(nproc)" --timeout 600
