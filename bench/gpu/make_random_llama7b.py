"""A GGUF of Llama-2-7B's shape with random weights, for speed measurements only (random
weights say nothing of quality). The hyperparameters and the tokenizer (Llama-2's 32,000-piece
SentencePiece vocabulary, so tags tokenize as they would) come from llama.cpp's own
models/ggml-vocab-llama-spm.gguf; the weights are written already quantised, in Q4_K_M's mix
(Q4_K, with Q6_K for the output and for attn_v and ffn_down in the layers Q4_K_M gives more
bits), as random blocks whose scales keep the weights near N(0, 0.02): one random tensor per
shape and type, reused across layers (kernels do not care). No F16 file, no llama-quantize.

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
    from gguf import GGML_QUANT_SIZES, GGMLQuantizationType, GGUFReader, GGUFValueType, GGUFWriter, LlamaFileType

    vocab = GGUFReader(f"{a.llama_cpp}/models/ggml-vocab-llama-spm.gguf")
    w = GGUFWriter(a.out, "llama")
    overrides = {
        "llama.block_count": a.layers,
        "llama.embedding_length": a.hidden,
        "llama.feed_forward_length": a.ffn,
        "llama.rope.dimension_count": a.hidden // 32 if a.hidden else None,
    }
    for key, field in vocab.fields.items():
        if key.startswith("GGUF.") or key in ("general.architecture", "general.file_type"):
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
    w.add_key_value("general.file_type", int(LlamaFileType.MOSTLY_Q4_K_M), GGUFValueType.UINT32)
    rng = np.random.default_rng(7)
    blocks: dict = {}

    def noise(rows: int, cols: int, qtype=GGMLQuantizationType.Q4_K) -> np.ndarray:
        # numpy shape (rows, bytes of a row) is GGUF's [cols, rows]: ne0 = the input dimension.
        if (rows, cols, qtype) not in blocks:
            size = GGML_QUANT_SIZES[qtype][1]
            b = rng.integers(0, 256, (rows, cols // 256, size), dtype=np.uint8)
            if qtype == GGMLQuantizationType.Q4_K:
                # w = d * scale * q - dmin * min (6-bit scale and min, q 0..15): dmin = 7.5 d centres it.
                b[..., 0:2] = np.frombuffer(np.float16(8e-5).tobytes(), np.uint8)
                b[..., 2:4] = np.frombuffer(np.float16(6e-4).tobytes(), np.uint8)
            else:
                # Q6_K: w = d * scale * (q - 32), q 0..63, int8 scales kept in [-16, 16].
                b[..., 192:208] = rng.integers(-16, 17, (rows, cols // 256, 16), dtype=np.int8).view(np.uint8)
                b[..., 208:210] = np.frombuffer(np.float16(1.1e-4).tobytes(), np.uint8)
            blocks[(rows, cols, qtype)] = b.reshape(rows, -1)
        return blocks[(rows, cols, qtype)]

    def add(name: str, rows: int, cols: int, qtype=GGMLQuantizationType.Q4_K) -> None:
        w.add_tensor(name, noise(rows, cols, qtype), raw_dtype=qtype)

    def more_bits(i: int) -> bool:
        # llama.cpp's use_more_bits for Q4_K_M: the first and last eighth of the layers, and every third between.
        return i < layers // 8 or i >= 7 * layers // 8 or (i - layers // 8) % 3 == 2

    q6 = GGMLQuantizationType.Q6_K
    ones = np.ones(hidden, dtype=np.float32)
    add("token_embd.weight", n_vocab, hidden)
    for i in range(layers):
        w.add_tensor(f"blk.{i}.attn_norm.weight", ones)
        for t in ("attn_q", "attn_k", "attn_output"):
            add(f"blk.{i}.{t}.weight", hidden, hidden)
        add(f"blk.{i}.attn_v.weight", hidden, hidden, q6 if more_bits(i) else GGMLQuantizationType.Q4_K)
        w.add_tensor(f"blk.{i}.ffn_norm.weight", ones)
        add(f"blk.{i}.ffn_gate.weight", ffn, hidden)
        add(f"blk.{i}.ffn_up.weight", ffn, hidden)
        add(f"blk.{i}.ffn_down.weight", hidden, ffn, q6 if more_bits(i) else GGMLQuantizationType.Q4_K)
    w.add_tensor("output_norm.weight", ones)
    add("output.weight", n_vocab, hidden, q6)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file(progress=False)
    w.close()
    print(f"wrote {a.out}: {layers} layers, hidden {hidden}, ffn {ffn}, vocab {n_vocab}")


if __name__ == "__main__":
    main()
