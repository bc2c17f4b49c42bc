/**
 * The test server's embeddings (/api/embed, /v1/embeddings), DERIVED FROM THE GOLD
 * EVIDENCE LINKS of the notes: a gold NLI hypothesis and each of its evidence sentences
 * share a dimension of their own, and hashed words add a little lexical similarity. They
 * stand for an embedding model that finds the evidence by meaning, which is what the
 * retrieval bench and tests measure the engine's use of; they are no model of any real embedder.
 */
import * as crypto from 'crypto';
import { collapseWs, GoldDocument } from './gold';

/** Dimensions of the gold embeddings: one per gold NLI hypothesis (hashed beyond), then hashed words. */
const EMBED_GOLD_DIMS = 48;
const EMBED_WORD_DIMS = 16;
const EMBED_WORD_WEIGHT = 0.25;

/**
 * The test server's embedding of `text`: 1 on the dimension of each gold hypothesis that the
 * text is, or is an evidence sentence of (it equals or contains one, whitespace collapsed);
 * EMBED_WORD_WEIGHT per word on a dimension chosen by the word's hash; unit length (as
 * Ollama normalises). So a hypothesis is most similar to its own evidence, whatever words
 * they share.
 */
export function goldEmbedding(text: string, gold: readonly GoldDocument[]): number[] {
  const v = new Array<number>(EMBED_GOLD_DIMS + EMBED_WORD_DIMS).fill(0);
  const t = collapseWs(text);
  let group = 0;
  for (const doc of gold) {
    for (const g of doc.nli ?? []) {
      const evidence = g.evidence.map(collapseWs).filter((e) => e !== '');
      if (t !== '' && (t === collapseWs(g.hypothesis) || evidence.some((e) => t === e || t.includes(e)))) v[group % EMBED_GOLD_DIMS] += 1;
      group++;
    }
  }
  for (const w of t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    v[EMBED_GOLD_DIMS + (crypto.createHash('sha256').update(w).digest().readUInt32BE(0) % EMBED_WORD_DIMS)] += EMBED_WORD_WEIGHT;
  }
  const norm = Math.sqrt(v.reduce((n, x) => n + x * x, 0));
  return norm > 0 ? v.map((x) => x / norm) : v;
}

/** The inputs of an embedding request as Ollama reads them: a string, or an array of strings (else undefined). */
export function embedInputs(input: unknown): string[] | undefined {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') return input.length > 0 ? [input] : [];
  if (Array.isArray(input) && input.every((x) => typeof x === 'string')) return input as string[];
  return undefined;
}
