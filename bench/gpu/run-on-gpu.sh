#!/usr/bin/env bash
# On the GPU machine (no network, no Node): build llama.cpp from the source node-llama-cpp
# ships (its gitRelease.bundle, carried in .gpu/), make the random-weight 7B GGUF, quantise it
# to Q4_K_M, then measure. Phases: `build` (llama.cpp and the model), `measure` (llama-bench
# and bench/gpu/drive.py over .gpu/prompts.json) and `concurrency` (drive.py's in-flight table
# with the server's prompt cache on and off). Work files in $WORK (default /tmp/gpu).
set -euo pipefail
phase=$1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
WORK=${WORK:-/tmp/gpu}
mkdir -p "$WORK"
cd "$WORK"
if [ "$phase" = build ]; then
  nvidia-smi -L
  [ -d llama.cpp ] || git clone -q "$repo/.gpu/gitRelease.bundle" llama.cpp
  # The model's F16 weights are written while llama.cpp compiles.
  python3 "$here/make_random_llama7b.py" llama.cpp model-f16.gguf > make-model.log 2>&1 &
  cmake -S llama.cpp -B build -DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=90 -DGGML_NATIVE=ON \
    -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF > cmake.log
  cmake --build build -j 16 --target llama-server llama-quantize llama-bench > build.log 2>&1 || { tail -40 build.log; exit 1; }
  wait
  cat make-model.log
  build/bin/llama-quantize model-f16.gguf model-q4km.gguf Q4_K_M 16 > quantize.log 2>&1 || { tail -20 quantize.log; exit 1; }
  rm -f model-f16.gguf
  ls -la model-q4km.gguf
elif [ "$phase" = measure ]; then
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
  # A decode step against short batches: what forcing k tokens costs next to one step.
  build/bin/llama-bench -m model-q4km.gguf -ngl 99 -fa 1 -p 1,2,4,8,16,512 -n 128 -r 3 -o md
  build/bin/llama-server -m model-q4km.gguf -ngl 99 -fa on -np 32 -c 131072 --port 8080 > server.log 2>&1 &
  for _ in $(seq 120); do curl -sf localhost:8080/health > /dev/null && break; sleep 1; done
  python3 "$here/drive.py" "$repo/.gpu/prompts.json" http://127.0.0.1:8080
  kill %1
elif [ "$phase" = concurrency ]; then
  # Requests in flight, with llama-server's host-memory prompt cache (--cache-ram, 8 GiB by
  # default) on and off: saving a slot's cache to it is done in the server's one loop.
  for cram in 8192 0; do
    build/bin/llama-server -m model-q4km.gguf -ngl 99 -fa on -np 32 -c 131072 --cache-ram $cram --port 8080 > server-$cram.log 2>&1 &
    for _ in $(seq 120); do curl -sf localhost:8080/health > /dev/null && break; sleep 1; done
    echo "--cache-ram $cram"
    python3 "$here/drive.py" "$repo/.gpu/prompts.json" http://127.0.0.1:8080 --concurrency-only
    kill %1; wait %1 || true
  done
fi
