#!/usr/bin/env bash
# How the CUDA path was verified on a rented GPU machine (Ubuntu 24.04 image
# with a CUDA PyTorch 2.x, transformers and peft, no package registry):
#   1. Here, on Debian 12: put the Qt/sentencepiece packages in .gpu/debs:
#      apt-get download libqt6core6 libqt6sql6 libqt6sql6-sqlite libqt6concurrent6 libqt6dbus6 \
#        qt6-base-dev qt6-base-dev-tools qmake6 qmake6-bin libicu72 libdouble-conversion3 libb2-1 \
#        libpcre2-16-0 libsqlite3-dev libsentencepiece-dev libsentencepiece0 libprotobuf-lite32 \
#        libglib2.0-0 libdbus-1-3
#      and a project made by `atelier demo --dir .gpu/demo`, with the tone pairs imported and split:
#      atelier data import --project .gpu/demo resources/sample/support-tone-pairs.jsonl --name tone
#      atelier data split --project .gpu/demo --name tone --val 0.25 --test 0 --seed 3
#   2. There: run it from the repository root with $OUT set (and .gpu carried).
# It builds the headless core + CLI against the machine's libtorch, compares
# `atelier bench train` with tools/bench/train_hf_peft.py, and trains a reward
# model and DPO on the sample's preference pairs.
exec > >(tee "$OUT/gpu.log") 2>&1
set -x
T0=$(date +%s)
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
python3 -c "import torch,transformers,peft;print('torch',torch.__version__,'cuda',torch.version.cuda,'transformers',transformers.__version__,'peft',peft.__version__)"
export PATH=/usr/local/cuda/bin:$PATH
which g++ c++ cmake ninja pkg-config nvcc dpkg; g++ --version | head -1; nvcc --version | tail -2
# Unpack into a staging folder, fold Debian's /lib into /usr/lib, then merge
# into /usr: unpacking into / directly would replace the merged-/usr symlinks.
rm -rf /tmp/stage && mkdir -p /tmp/stage
for f in .gpu/debs/*.deb; do
  case "$f" in *pkgconf*) command -v pkg-config >/dev/null && continue;; esac
  # Never replace a library the machine already has.
  case "$f" in
    *libglib2.0-0*) ldconfig -p | grep -q 'libglib-2.0.so.0 ' && continue;;
    *libdbus-1-3*) ldconfig -p | grep -q 'libdbus-1.so.3 ' && continue;;
    *libpcre2-16*) ldconfig -p | grep -q 'libpcre2-16.so.0 ' && continue;;
    *libprotobuf-lite32*) ldconfig -p | grep -q 'libprotobuf-lite.so.32 ' && continue;;
  esac
  dpkg -x "$f" /tmp/stage
done
if [ -d /tmp/stage/lib ]; then cp -a /tmp/stage/lib/. /tmp/stage/usr/lib/ && rm -rf /tmp/stage/lib; fi
cp -a /tmp/stage/usr/. /usr/
ldconfig
TORCH_PREFIX=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release -DATELIER_HEADLESS=ON -DATELIER_USE_CCACHE=OFF \
  -DCMAKE_CXX_STANDARD=20 -DCMAKE_PREFIX_PATH="$TORCH_PREFIX" -DCMAKE_CUDA_ARCHITECTURES=90 > "$OUT/configure.log" 2>&1 \
  || { tail -60 "$OUT/configure.log"; exit 1; }
cmake --build build-gpu -j16 --target atelier > "$OUT/build.log" 2>&1 || { grep -B3 -A12 -m8 "error" "$OUT/build.log" | head -150; exit 1; }
echo "built in $(( $(date +%s) - T0 )) s"
B=build-gpu/bin/atelier
export OMP_NUM_THREADS=8
# Issue 5: the same LoRA training step, ours against transformers + PEFT (bf16, SDPA).
bench() {
  echo "== $*"
  $B bench train --device cuda "$@" --json 2>&1 | tail -1
  python3 tools/bench/train_hf_peft.py "$@" 2>&1 | tail -1
}
LARGE="--hidden 2048 --layers 16 --heads 16 --kv-heads 8 --ffn 5632 --vocab 32000 --seq-len 1024 --batch-size 8 --steps 10 --lora-r 16"
SMALL="--hidden 256 --layers 4 --heads 8 --kv-heads 4 --ffn 768 --vocab 2000 --seq-len 128 --batch-size 8 --steps 30 --lora-r 8"
bench $LARGE
bench $LARGE
bench $SMALL
echo "benches done at $(( $(date +%s) - T0 )) s"
P=.gpu/demo
M=$P/models/sample-base
# Issue 7 on CUDA: a reward model and DPO on the polite-vs-rude pairs (the
# project's "tone" dataset, split 90/30), bf16 base.
for recipe in reward dpo; do
  echo "== train $recipe"
  $B train $recipe --project $P --dataset tone --model $M --out /tmp/run-$recipe --epochs 4 --lr 2e-3 \
    --batch-size 8 --seq-len 512 --events - 2>&1 | grep -E '"event":"(start|eval|done|message|error)"|error' | cut -c1-400
done
echo "all done at $(( $(date +%s) - T0 )) s"
