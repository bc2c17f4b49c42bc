#!/usr/bin/env bash
# On the GPU machine (no network, no Node there). Phases:
#   build        llama.cpp built there from the source node-llama-cpp ships (its gitRelease.bundle,
#                carried in .gpu/), and the model;
#   unpack       or: llama.cpp, Node and node-llama-cpp built elsewhere and carried in .gpu/
#                (bench/gpu/pack.sh writes them), and the model;
#   measure      llama-bench, and drive.py over .gpu/prompts.json through llama-server;
#   batched      llama-batched-bench: a decode step's cost as sequences are added;
#   sequential   drive.py's one-request-at-a-time table alone;
#   concurrency  drive.py's in-flight table, with llama-server's prompt cache on and off
#                (CACHE_RAM, default "8192 0");
#   embedded     the same requests through the embedded engine in Node (embeddedReplay.ts);
#   probe        node-llama-cpp's log while it loads its CUDA binary (when embedded could not).
# The model: a random-weight GGUF of Llama-2-7B's shape, Q4_K_M (make_random_llama7b.py).
# Work files in $WORK (default /tmp/gpu).
set -euo pipefail
phase=$1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
WORK=${WORK:-/tmp/gpu}
mkdir -p "$WORK"
cd "$WORK"
# The CUDA libraries, wherever this machine keeps them (node-llama-cpp looks in LD_LIBRARY_PATH too).
cuda_libs() {
  local d dirs=""
  for lib in libcudart.so.13 libcublas.so.13 libcuda.so.1 libnvidia-ml.so.1; do
    d=$(dirname "$(find / -xdev -name "$lib" -not -path '/proc/*' 2>/dev/null | head -1)" 2>/dev/null) || continue
    [ "$d" != . ] && dirs="$dirs:$d"
  done
  echo "${dirs#:}"
}
# llama.cpp's own libraries beside its programs (a build carried from elsewhere has no RUNPATH here);
# only for them: node-llama-cpp loads its own.
llama() { LD_LIBRARY_PATH="$WORK/build/bin:${LD_LIBRARY_PATH:-}" "$@"; }
server() { # $1: --cache-ram
  LD_LIBRARY_PATH="$WORK/build/bin:${LD_LIBRARY_PATH:-}" build/bin/llama-server -m model-q4km.gguf -ngl 99 -fa on -np 32 -c 131072 --cache-ram "$1" --port 8080 > "server-$1.log" 2>&1 &
  for _ in $(seq 120); do curl -sf localhost:8080/health > /dev/null && return; sleep 1; done
  tail -20 "server-$1.log"; exit 1
}
if [ "$phase" = build ]; then
  nvidia-smi -L
  [ -d llama.cpp ] || git clone -q "$repo/.gpu/gitRelease.bundle" llama.cpp
  # The model is written while llama.cpp compiles.
  python3 "$here/make_random_llama7b.py" llama.cpp model-q4km.gguf > make-model.log 2>&1 &
  cmake -S llama.cpp -B build -DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=90 -DGGML_NATIVE=ON \
    -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF > cmake.log
  cmake --build build -j 16 --target llama-server llama-bench > build.log 2>&1 || { tail -40 build.log; exit 1; }
  wait
  cat make-model.log
  ls -la model-q4km.gguf
elif [ "$phase" = unpack ]; then
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
  mkdir -p build/bin node
  xz -dc "$repo/.gpu/node.xz" > node/node && chmod +x node/node
  tar -xJf "$repo/.gpu/llama-cuda.tar.xz" -C build/bin
  tar -xJf "$repo/.gpu/node_modules.tar.xz" -C "$repo"
  # The one CUDA backend serves both: llama-server's ggml and node-llama-cpp's load it from their folders.
  cp build/bin/libggml-cuda.so "$repo/node_modules/@node-llama-cpp/linux-x64-cuda/bins/linux-x64-cuda/"
  python3 "$here/make_random_llama7b.py" "$repo/.gpu/llama" model-q4km.gguf
  ls -la model-q4km.gguf
elif [ "$phase" = measure ]; then
  export LD_LIBRARY_PATH=$(cuda_libs)
  # A decode step against short batches: what forcing k tokens costs next to one step.
  llama build/bin/llama-bench -m model-q4km.gguf -ngl 99 -fa 1 -p 1,2,4,8,16,512 -n 128 -r 3 -o md
  server 8192
  python3 "$here/drive.py" "$repo/.gpu/prompts.json" http://127.0.0.1:8080
  kill %1; wait %1 || true
elif [ "$phase" = batched ]; then
  # llama.cpp alone: B sequences decoding together, each after a prompt of a request's size,
  # with the KV cache one stream for all and one per sequence (what a step costs as B grows).
  export LD_LIBRARY_PATH=$(cuda_libs)
  for kv in -no-kvu -kvu; do
    llama build/bin/llama-batched-bench -m model-q4km.gguf -ngl 99 -fa on -c 16384 -b 2048 -ub 512 -npp 300 -ntg 32 -npl 1,2,4,8,16,32 $kv 2>&1 | grep -E '^\|' || true
  done
elif [ "$phase" = sequential ]; then
  export LD_LIBRARY_PATH=$(cuda_libs)
  server 8192
  python3 "$here/drive.py" "$repo/.gpu/prompts.json" http://127.0.0.1:8080 --sequential-only
  kill %1; wait %1 || true
elif [ "$phase" = concurrency ]; then
  export LD_LIBRARY_PATH=$(cuda_libs)
  # Requests in flight, with llama-server's host-memory prompt cache (--cache-ram, 8 GiB by
  # default) on and off: saving a slot's cache to it is done in the server's one loop.
  for cram in ${CACHE_RAM:-8192 0}; do
    server "$cram"
    echo "--cache-ram $cram"
    python3 "$here/drive.py" "$repo/.gpu/prompts.json" http://127.0.0.1:8080 --concurrency-only
    kill %1; wait %1 || true
  done
elif [ "$phase" = probe ]; then
  # Why node-llama-cpp's CUDA binary would not load: its own log, every line.
  export LD_LIBRARY_PATH=$(cuda_libs)
  cd "$repo" && "$WORK/node/node" --input-type=module -e "
    import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
    try { const l = await getLlama({ gpu: 'cuda', build: 'never', logLevel: LlamaLogLevel.debug, logger: (v, m) => console.log(v, m.trim()) }); console.log('gpu', l.gpu); }
    catch (e) { console.log('error', e); }"
elif [ "$phase" = embedded ]; then
  export LD_LIBRARY_PATH=$(cuda_libs)
  echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
  cd "$repo" && "$WORK/node/node" .gpu/embeddedReplay.js .gpu/prompts.json "$WORK/model-q4km.gguf" "${OUT:-$WORK}/embedded.json"
fi
