#!/usr/bin/env bash
# Writes .gpu/ for run-on-gpu.sh's `unpack` phase: what the GPU machine lacks (it has no
# network and no Node), built on this machine, x86-64:
#   node.xz               this machine's Node;
#   node_modules.tar.xz   node-llama-cpp and what it imports, with its CUDA prebuilt minus
#                         libggml-cuda.so (that one is built for sm_90 below);
#   llama-cuda.tar.xz     llama-server, llama-bench, llama-batched-bench and the libraries of BUILD_DIR:
#                         llama.cpp at node-llama-cpp's commit built with GGML_BACKEND_DL, so its
#                         libggml-cuda.so also loads into node-llama-cpp's prebuilt ggml;
#   llama/                gguf-py and the Llama-2 vocabulary (make_random_llama7b.py);
#   prompts.json          capturePrompts.ts; embeddedReplay.js: embeddedReplay.ts bundled.
# BUILD_DIR was configured as (CUDA toolkit with cuBLAS at $CUDA):
#   cmake -S LLAMA_CPP -B BUILD -DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=90-real -DGGML_CUDA_NO_VMM=ON \
#     -DGGML_BACKEND_DL=ON -DBUILD_SHARED_LIBS=ON -DGGML_NATIVE=OFF -DCUDAToolkit_ROOT=$CUDA \
#     -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF
#   cmake --build BUILD --target ggml-cuda ggml-cpu llama-server llama-bench llama-batched-bench
#
#   PATCHELF=patchelf bash bench/gpu/pack.sh LLAMA_CPP BUILD     (after npm run build && npx tsc -b)
set -euo pipefail
llama=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
repo=$(cd "$(dirname "$0")/../.." && pwd)
PATCHELF=${PATCHELF:-patchelf}
cd "$repo"
mkdir -p .gpu/llama/models
# (Stripped of its symbols, and compressed: what travels to that machine is limited to 64 MiB in all.)
nodecopy=$(mktemp) && cp "$(command -v node)" "$nodecopy" && strip "$nodecopy" && xz -T0 -9 -c "$nodecopy" > .gpu/node.xz && rm "$nodecopy"
# node-llama-cpp's own imports, read from the package files as Node resolves them (a package's own
# node_modules first, then the folders above), nested ones too; no platform packages, no source bundle.
node -e '
const fs = require("fs"), path = require("path");
const seen = new Set();
const resolve = (from, name) => {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const p = path.join(dir, "node_modules", name);
    if (fs.existsSync(path.join(p, "package.json"))) return p;
    if (dir === "." || dir === path.dirname(dir)) return undefined;
  }
};
const visit = (dir) => {
  if (seen.has(dir)) return;
  seen.add(dir);
  const j = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  for (const d of [...Object.keys(j.dependencies ?? {}), ...Object.keys(j.optionalDependencies ?? {})]) {
    if (d.startsWith("@node-llama-cpp/")) continue;
    const p = resolve(dir, d);
    if (p) visit(p);
  }
};
visit("node_modules/node-llama-cpp");
// Nested packages travel inside their parents folder: the top-level ones are listed.
const top = [...seen].filter((d) => !d.slice("node_modules/".length).includes("/node_modules/"));
console.log([...top, "node_modules/@node-llama-cpp/linux-x64-cuda"].join("\n"));
' > .gpu/modules.txt
# (Of the CPU variants of its ggml, those of recent server processors and the plain x64 one.)
tar -cJf .gpu/node_modules.tar.xz --exclude='node-llama-cpp/llama/gitRelease.bundle' --exclude='linux-x64-cuda/libggml-cuda.so' \
  --exclude='libggml-cpu-alderlake.so' --exclude='libggml-cpu-cannonlake.so' --exclude='libggml-cpu-cascadelake.so' --exclude='libggml-cpu-cooperlake.so' \
  --exclude='libggml-cpu-ivybridge.so' --exclude='libggml-cpu-piledriver.so' --exclude='libggml-cpu-sandybridge.so' --exclude='libggml-cpu-sse42.so' \
  -T .gpu/modules.txt
# The libraries find each other beside them ($ORIGIN), and libggml-cuda.so asks for libggml-base.so by
# the name node-llama-cpp's prebuilt gives it (unversioned), which llama.cpp's own folder has as a link too.
stage=$(mktemp -d)
cp -P "$build"/bin/llama-server "$build"/bin/llama-bench "$build"/bin/llama-batched-bench "$build"/bin/lib*.so* "$stage"/
for f in "$stage"/llama-server "$stage"/llama-bench "$stage"/llama-batched-bench "$stage"/lib*.so*; do [ -L "$f" ] || { strip --strip-unneeded "$f" && "$PATCHELF" --set-rpath '$ORIGIN' "$f"; }; done
"$PATCHELF" --replace-needed libggml-base.so.0 libggml-base.so "$stage/libggml-cuda.so"
(cd "$stage" && tar -cJf "$repo/.gpu/llama-cuda.tar.xz" .)
rm -rf "$stage"
rm -rf .gpu/llama/gguf-py && cp -r "$llama/gguf-py" .gpu/llama/ && cp "$llama/models/ggml-vocab-llama-spm.gguf" .gpu/llama/models/
node out/bench/gpu/capturePrompts.js .gpu/prompts.json
npx esbuild bench/gpu/embeddedReplay.ts --bundle --platform=node --format=cjs --external:node-llama-cpp --log-level=warning --outfile=.gpu/embeddedReplay.js
du -sh .gpu/*
