#!/usr/bin/env bash
# Installs the Debian 12 packages Atelier needs to build, run and test.
# Idempotent and quiet when everything is present. Needs root (or sudo).
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake ninja-build pkg-config ccache git
  # Qt 6: Widgets, Sql (+SQLite driver), Test, PrintSupport, Concurrent, LinguistTools
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools libgl-dev fonts-dejavu-core
  # the model core
  libtorch-dev libopenblas0-openmp libsentencepiece-dev libsqlite3-dev
  # charts
  libqcustomplot-dev
  # tests: a display server for screenshots, setpriv for the read-only test
  xvfb xauth util-linux
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${#missing[@]} missing packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" > /tmp/atelier-apt.log 2>&1 || {
    echo "error: apt-get install failed; see /tmp/atelier-apt.log" >&2
    tail -20 /tmp/atelier-apt.log >&2
    exit 1
  }
fi

# libtorch uses whatever libblas.so.3 the alternatives system points at; the
# reference BLAS is ~20x slower than OpenBLAS (DESIGN.md).
arch_triplet="$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)"
openblas="/usr/lib/${arch_triplet}/openblas-openmp/libblas.so.3"
current="$(readlink -f "/usr/lib/${arch_triplet}/libblas.so.3" || true)"
if [ -e "$openblas" ] && [ "$current" != "$openblas" ]; then
  echo "Pointing libblas.so.3 at OpenBLAS (OpenMP)"
  $SUDO update-alternatives --quiet --set "libblas.so.3-${arch_triplet}" "$openblas"
  lapack="/usr/lib/${arch_triplet}/openblas-openmp/liblapack.so.3"
  [ -e "$lapack" ] && $SUDO update-alternatives --quiet --set "liblapack.so.3-${arch_triplet}" "$lapack"
fi
# The real llama.cpp for the GGUF tests (tests/gguf/package.json, pinned in
# package-lock.json; the CPU build only, about 85 MB). node-llama-cpp needs
# Node.js >= 20, newer than Debian 12's nodejs 18, so node/npm are not
# installed here: where they are missing the gguf_llamacpp test skips.
gguf_tests="$(cd "$(dirname "$0")/.." && pwd)/tests/gguf"
if command -v npm >/dev/null 2>&1 && [ ! -d "$gguf_tests/node_modules/@node-llama-cpp/linux-x64" ]; then
  echo "Installing node-llama-cpp for the GGUF tests"
  # `npm install` follows package-lock.json (`npm ci` refuses a lock without the
  # other platforms' optional builds, which npm leaves out).
  (cd "$gguf_tests" && npm install --omit=optional --ignore-scripts --no-audit --no-fund --loglevel=error) ||
    echo "warning: npm install in tests/gguf failed; the gguf_llamacpp test will try again" >&2
fi
exit 0
