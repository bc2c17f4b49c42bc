"""A GGUF of Llama-2-7B's shape with random weights, for speed measurements only (random
weights say nothing of quality). The hyperparameters and the tokenizer (Llama-2's 32,000-piece
SentencePiece vocabulary, so tags tokenize as they would) come from llama.cpp's own
models/ggml-vocab-llama-spm.gguf; the weights are F16 noise, one random block per tensor shape
reused across layers (kernels do not care), for llama-quantize to turn into Q4_K_M.

  python3 make_random_llama7b.py LLAMA_CPP_DIR OUT.gguf [--layers N --hidden N --ffn N]
The overrides make a small model of the same layout, to check the script on a CPU.
"""
import argparse
import sys

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("llama_cpp")
    ap.add_argument("out")
    ap.add_argument("--layers", type=int)
    ap.add_argument("--hidden", type=int)
    ap.add_argument("--ffn", type=int)
    a = ap.parse_args()
    sys.path.insert(0, f"{a.llama_cpp}/gguf-py")
    from gguf import GGUFReader, GGUFValueType, GGUFWriter

    vocab = GGUFReader(f"{a.llama_cpp}/models/ggml-vocab-llama-spm.gguf")
    w = GGUFWriter(a.out, "llama")
    overrides = {
        "llama.block_count": a.layers,
        "llama.embedding_length": a.hidden,
        "llama.feed_forward_length": a.ffn,
        "llama.rope.dimension_count": a.hidden // 32 if a.hidden else None,
    }
    for key, field in vocab.fields.items():
        if key.startswith("GGUF.") or key == "general.architecture":
            continue
        vtype = field.types[0]
        sub = field.types[1] if vtype == GGUFValueType.ARRAY else None
        value = overrides.get(key) or field.contents()
        if key == "general.name":
            value = "random-llama2-7b-shape"
        w.add_key_value(key, value, vtype, sub)

    def meta(key: str) -> int:
        return overrides.get(key) or vocab.fields[key].contents()

    layers, hidden, ffn = meta("llama.block_count"), meta("llama.embedding_length"), meta("llama.feed_forward_length")
    n_vocab = len(vocab.fields["tokenizer.ggml.tokens"].data)
    rng = np.random.default_rng(7)
    blocks: dict = {}

    def noise(rows: int, cols: int) -> np.ndarray:
        # numpy shape (rows, cols) is GGUF's [cols, rows]: ne0 = the input dimension.
        if (rows, cols) not in blocks:
            blocks[(rows, cols)] = (rng.standard_normal((rows, cols), dtype=np.float32) * 0.02).astype(np.float16)
        return blocks[(rows, cols)]

    ones = np.ones(hidden, dtype=np.float32)
    w.add_tensor("token_embd.weight", noise(n_vocab, hidden))
    for i in range(layers):
        w.add_tensor(f"blk.{i}.attn_norm.weight", ones)
        for t in ("attn_q", "attn_k", "attn_v", "attn_output"):
            w.add_tensor(f"blk.{i}.{t}.weight", noise(hidden, hidden))
        w.add_tensor(f"blk.{i}.ffn_norm.weight", ones)
        w.add_tensor(f"blk.{i}.ffn_gate.weight", noise(ffn, hidden))
        w.add_tensor(f"blk.{i}.ffn_up.weight", noise(ffn, hidden))
        w.add_tensor(f"blk.{i}.ffn_down.weight", noise(hidden, ffn))
    w.add_tensor("output_norm.weight", ones)
    w.add_tensor("output.weight", noise(n_vocab, hidden))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file(progress=False)
    w.close()
    print(f"wrote {a.out}: {layers} layers, hidden {hidden}, ffn {ffn}, vocab {n_vocab}")


if __name__ == "__main__":
    main()
