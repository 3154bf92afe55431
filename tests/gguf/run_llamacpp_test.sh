#!/bin/sh
# CTest driver for the llama.cpp checks (compare_llamacpp.mjs, demo_llamacpp.mjs):
# installs the pinned node-llama-cpp (prebuilt CPU llama.cpp, about 85 MB) into
# tests/gguf/node_modules on first use, then runs the script. Skips (exit 77)
# only where node or npm is missing.
# Usage: run_llamacpp_test.sh SCRIPT.mjs ATELIER_BINARY TEST_DATA_DIR WORK_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "SKIP: node and npm are needed to run llama.cpp (node-llama-cpp); install nodejs and npm"
  exit 77
fi
if [ ! -f "$here/node_modules/node-llama-cpp/package.json" ] || [ ! -d "$here/node_modules/@node-llama-cpp/linux-x64" ]; then
  # `npm install` follows package-lock.json; `npm ci` would refuse it, as npm
  # leaves the other platforms' optional llama.cpp builds out of the lock.
  echo "Installing node-llama-cpp into $here/node_modules ..."
  (cd "$here" && npm install --omit=optional --ignore-scripts --no-audit --no-fund)
fi
mkdir -p "$4"
exec node "$here/$1" "$2" "$3" "$4"
