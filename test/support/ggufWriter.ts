/**
 * Writes a tiny but valid GGUF v3 file: a llama-architecture model with seeded random F32
 * weights and a SentencePiece ("llama") vocabulary that covers every byte (<0x00>..<0xFF>),
 * the printable ASCII characters, some words, and <unk>, <s>, </s>. Real llama.cpp (through
 * node-llama-cpp) loads it and generates from it; what it says is noise, which is what the
 * tests want: output the engine must cope with, made on the real inference path.
 *
 * The format (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md): a header (magic,
 * version, tensor count, metadata count), the metadata key/values, the tensor infos
 * (name, dimensions ne0-first, type, offset into the data section), padding to
 * `general.alignment`, then the tensor data, each tensor at an aligned offset.
 *
 * `bias` tilts the output layer towards the tokens that close a JSON string, array or
 * object, so that greedy decoding under a JSON-schema grammar ends within a few dozen tokens
 * instead of running to maxTokens. It works through one constant dimension of the token
 * embeddings that survives the final RMS norm.
 */
import * as fs from 'node:fs';

const enum T {
  UINT8 = 0,
  INT8 = 1,
  UINT16 = 2,
  INT16 = 3,
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
  UINT64 = 10,
  INT64 = 11,
  FLOAT64 = 12,
}

/** GGML tensor type F32. */
const GGML_TYPE_F32 = 0;

/** llama.cpp's token types (llama_token_type). */
export const TOKEN_TYPE = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, USER_DEFINED: 4, UNUSED: 5, BYTE: 6 } as const;

type Value =
  | { t: T.UINT32 | T.INT32 | T.FLOAT32 | T.UINT64 | T.BOOL | T.UINT8; v: number | boolean }
  | { t: T.STRING; v: string }
  | { t: T.ARRAY; of: T.STRING; v: string[] }
  | { t: T.ARRAY; of: T.FLOAT32 | T.INT32; v: number[] };

class Writer {
  private chunks: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }
  u32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    this.push(b);
  }
  i32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    this.push(b);
  }
  u64(n: number | bigint): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    this.push(b);
  }
  f32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(n);
    this.push(b);
  }
  str(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.push(b);
  }
  pad(alignment: number): void {
    const rest = this.length % alignment;
    if (rest) this.push(Buffer.alloc(alignment - rest));
  }
  value(v: Value): void {
    switch (v.t) {
      case T.UINT8:
        this.push(Buffer.from([Number(v.v)]));
        return;
      case T.BOOL:
        this.push(Buffer.from([v.v ? 1 : 0]));
        return;
      case T.UINT32:
        this.u32(Number(v.v));
        return;
      case T.INT32:
        this.i32(Number(v.v));
        return;
      case T.FLOAT32:
        this.f32(Number(v.v));
        return;
      case T.UINT64:
        this.u64(Number(v.v));
        return;
      case T.STRING:
        this.str(v.v);
        return;
      case T.ARRAY:
        this.u32(v.of);
        this.u64(v.v.length);
        if (v.of === T.STRING) for (const s of v.v as string[]) this.str(s);
        else if (v.of === T.FLOAT32) for (const n of v.v as number[]) this.f32(n);
        else for (const n of v.v as number[]) this.i32(n);
        return;
    }
  }
  buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** mulberry32: the same weights for the same seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TinyModelOptions {
  seed?: number;
  embeddingLength?: number;
  blockCount?: number;
  feedForwardLength?: number;
  headCount?: number;
  headCountKv?: number;
  contextLength?: number;
  /** Extra whole-word tokens (each with all its prefixes, so SentencePiece merges reach it). */
  words?: string[];
  /** Tilt towards tokens that close JSON (see the file comment). Default true. */
  bias?: boolean;
  /** A chat template (tokenizer.chat_template); none by default. */
  chatTemplate?: string;
  /**
   * Scales the attention's value and output weights (default 1). Larger values let earlier
   * tokens move the next-token choice, so a model's answers vary with the text it is given
   * (at 1 the last token decides nearly alone).
   */
  attentionScale?: number;
}

export interface TinyModel {
  bytes: Buffer;
  tokens: string[];
  /** Tensor names in file order with their ne0-first shapes. */
  tensors: { name: string; shape: number[] }[];
  metadata: Record<string, unknown>;
}

const DEFAULT_WORDS = [
  'the',
  'and',
  'patient',
  'pain',
  'chest',
  'denies',
  'fever',
  'aspirin',
  'was',
  'given',
  'for',
  'with',
  'problem',
  'treatment',
  'test',
  'entities',
  'text',
  'type',
  'disease',
  'chemical',
  'gene',
  'history',
];

/** SentencePiece writes a space as U+2581. */
const SPACE = '\u2581';

function vocabulary(words: string[]): { tokens: string[]; scores: number[]; types: number[] } {
  const tokens: string[] = ['<unk>', '<s>', '</s>'];
  const types: number[] = [TOKEN_TYPE.UNKNOWN, TOKEN_TYPE.CONTROL, TOKEN_TYPE.CONTROL];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(TOKEN_TYPE.BYTE);
  }
  const seen = new Set(tokens);
  const add = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    tokens.push(t);
    types.push(TOKEN_TYPE.NORMAL);
  };
  for (let c = 0x21; c < 0x7f; c++) add(String.fromCharCode(c));
  add(SPACE);
  for (const w of words) {
    for (const piece of [w, SPACE + w]) for (let i = 2; i <= piece.length; i++) add(piece.slice(0, i));
  }
  // Longer pieces score higher, as a trained SentencePiece model's merges would.
  const scores = tokens.map((t, i) => (types[i] === TOKEN_TYPE.NORMAL ? -1000 + 10 * [...t].length - i * 1e-3 : 0));
  return { tokens, scores, types };
}

/** Builds the model in memory. */
export function tinyLlamaGguf(options: TinyModelOptions = {}): TinyModel {
  const nEmbd = options.embeddingLength ?? 64;
  const nLayer = options.blockCount ?? 2;
  const nFf = options.feedForwardLength ?? 128;
  const nHead = options.headCount ?? 4;
  const nHeadKv = options.headCountKv ?? 2;
  const nCtx = options.contextLength ?? 2048;
  const headDim = nEmbd / nHead;
  if (!Number.isInteger(headDim)) throw new Error('embeddingLength must be a multiple of headCount');
  const { tokens, scores, types } = vocabulary([...DEFAULT_WORDS, ...(options.words ?? [])]);
  const nVocab = tokens.length;
  const alignment = 32;

  const metadata: [string, Value][] = [
    ['general.architecture', { t: T.STRING, v: 'llama' }],
    ['general.name', { t: T.STRING, v: 'tiny-random-llama' }],
    ['general.alignment', { t: T.UINT32, v: alignment }],
    ['general.file_type', { t: T.UINT32, v: 0 }], // ALL_F32
    ['llama.context_length', { t: T.UINT32, v: nCtx }],
    ['llama.embedding_length', { t: T.UINT32, v: nEmbd }],
    ['llama.block_count', { t: T.UINT32, v: nLayer }],
    ['llama.feed_forward_length', { t: T.UINT32, v: nFf }],
    ['llama.attention.head_count', { t: T.UINT32, v: nHead }],
    ['llama.attention.head_count_kv', { t: T.UINT32, v: nHeadKv }],
    ['llama.rope.dimension_count', { t: T.UINT32, v: headDim }],
    ['llama.rope.freq_base', { t: T.FLOAT32, v: 10000 }],
    ['llama.attention.layer_norm_rms_epsilon', { t: T.FLOAT32, v: 1e-5 }],
    ['llama.vocab_size', { t: T.UINT32, v: nVocab }],
    ['tokenizer.ggml.model', { t: T.STRING, v: 'llama' }],
    ['tokenizer.ggml.tokens', { t: T.ARRAY, of: T.STRING, v: tokens }],
    ['tokenizer.ggml.scores', { t: T.ARRAY, of: T.FLOAT32, v: scores }],
    ['tokenizer.ggml.token_type', { t: T.ARRAY, of: T.INT32, v: types }],
    ['tokenizer.ggml.unknown_token_id', { t: T.UINT32, v: 0 }],
    ['tokenizer.ggml.bos_token_id', { t: T.UINT32, v: 1 }],
    ['tokenizer.ggml.eos_token_id', { t: T.UINT32, v: 2 }],
    ['tokenizer.ggml.add_bos_token', { t: T.BOOL, v: true }],
    ['tokenizer.ggml.add_eos_token', { t: T.BOOL, v: false }],
  ];
  if (options.chatTemplate) metadata.push(['tokenizer.chat_template', { t: T.STRING, v: options.chatTemplate }]);

  const random = rng(options.seed ?? 1);
  const gauss = (scale: number) => (random() * 2 - 1) * scale * Math.sqrt(3);
  const filled = (n: number, f: (i: number) => number) => {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = f(i);
    return a;
  };
  const bias = options.bias ?? true;
  // Dimension 0 of every token embedding is a large constant, the rest small noise: after the
  // final RMS norm it is roughly sqrt(nEmbd), and output.weight[token][0] then acts as a bias.
  const CONSTANT = 8;
  const closing = new Set(['"', '}']);
  const tensors: { name: string; shape: number[]; data: Float32Array }[] = [];
  const tensor = (name: string, shape: number[], f: (i: number) => number) =>
    tensors.push({
      name,
      shape,
      data: filled(
        shape.reduce((a, b) => a * b, 1),
        f,
      ),
    });

  // token_embd: ne0 = nEmbd, ne1 = nVocab (row per token).
  tensor('token_embd.weight', [nEmbd, nVocab], (i) => (bias && i % nEmbd === 0 ? CONSTANT : gauss(1)));
  const w = 1 / Math.sqrt(nEmbd);
  const mix = options.attentionScale ?? 1;
  for (let l = 0; l < nLayer; l++) {
    tensor(`blk.${l}.attn_norm.weight`, [nEmbd], () => 1);
    tensor(`blk.${l}.attn_q.weight`, [nEmbd, nHead * headDim], () => gauss(w));
    tensor(`blk.${l}.attn_k.weight`, [nEmbd, nHeadKv * headDim], () => gauss(w));
    tensor(`blk.${l}.attn_v.weight`, [nEmbd, nHeadKv * headDim], () => gauss(w * 0.5 * mix));
    tensor(`blk.${l}.attn_output.weight`, [nHead * headDim, nEmbd], () => gauss(w * 0.5 * mix));
    tensor(`blk.${l}.ffn_norm.weight`, [nEmbd], () => 1);
    tensor(`blk.${l}.ffn_gate.weight`, [nEmbd, nFf], () => gauss(w));
    tensor(`blk.${l}.ffn_up.weight`, [nEmbd, nFf], () => gauss(w));
    tensor(`blk.${l}.ffn_down.weight`, [nFf, nEmbd], () => gauss((1 / Math.sqrt(nFf)) * 0.5));
  }
  tensor('output_norm.weight', [nEmbd], () => 1);
  // output: ne0 = nEmbd, ne1 = nVocab (row per token).
  tensor('output.weight', [nEmbd, nVocab], (i) => {
    const token = Math.floor(i / nEmbd);
    if (bias && i % nEmbd === 0) return closing.has(tokens[token]) ? 0.25 : 0;
    return gauss(w);
  });

  const out = new Writer();
  out.push(Buffer.from('GGUF', 'ascii'));
  out.u32(3);
  out.u64(tensors.length);
  out.u64(metadata.length);
  for (const [key, value] of metadata) {
    out.str(key);
    out.u32(value.t);
    if (value.t === T.ARRAY) out.value(value);
    else out.value(value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    out.str(t.name);
    out.u32(t.shape.length);
    for (const d of t.shape) out.u64(d);
    out.u32(GGML_TYPE_F32);
    out.u64(offset);
    offsets.push(offset);
    const size = t.data.byteLength;
    offset += Math.ceil(size / alignment) * alignment;
  }
  out.pad(alignment);
  const dataStart = out.length;
  for (const [i, t] of tensors.entries()) {
    const here = out.length - dataStart;
    if (here < offsets[i]) out.push(Buffer.alloc(offsets[i] - here));
    out.push(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  }
  out.pad(alignment);
  return {
    bytes: out.buffer(),
    tokens,
    tensors: tensors.map((t) => ({ name: t.name, shape: t.shape })),
    metadata: Object.fromEntries(metadata.map(([k, v]) => [k, v.v])),
  };
}

/** Writes the model to `file` and returns what was written. */
export function writeTinyLlamaGguf(file: string, options: TinyModelOptions = {}): TinyModel {
  const model = tinyLlamaGguf(options);
  fs.writeFileSync(file, model.bytes);
  return model;
}
