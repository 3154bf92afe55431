#!/usr/bin/env bash
# Configures (once) and builds Atelier in ./build. Extra arguments go to CMake
# at configure time, e.g. -DCMAKE_PREFIX_PATH=/opt/libtorch for a CUDA libtorch.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${ATELIER_BUILD_DIR:-build}"
if [ ! -f "$BUILD_DIR/build.ninja" ] || [ $# -gt 0 ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" > /dev/null
fi
cmake --build "$BUILD_DIR" --parallel "$(nproc)"
