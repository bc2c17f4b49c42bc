/**
 * Span scoring as conlleval does it; the tags and chunks it scores are read by
 * text/chunkTags.ts (re-exported here, since scoring a tag sequence starts there).
 *
 * Scores: STRICT matching credits a predicted span with the same document, start, end and
 * type as a gold span; OVERLAP matching one with the same document and type whose range
 * overlaps the gold's. Either way each gold and each predicted span is used at most once
 * (overlap matching takes a maximum matching, so the tp count is as large as possible).
 * Precision, recall and F1 are percentages 0..100 with one decimal; a zero denominator
 * gives 0; micro averages come from the counts summed over types.
 */

import { chunks } from '../text/chunkTags';

export { chunks, parseTag } from '../text/chunkTags';
export type { Chunk, ParsedTag } from '../text/chunkTags';

export interface Span {
  doc: string;
  start: number;
  end: number;
  type: string;
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  /** Percentages 0..100, one decimal. */
  precision: number;
  recall: number;
  f1: number;
}

export interface MatchScores {
  /** Per type (every type found in gold or predictions), sorted by type name. */
  perType: Record<string, Score>;
  micro: Score;
}

export interface SpanScores {
  strict: MatchScores;
  overlap: MatchScores;
}

/** The chunks of one document's (or sentence's) tags as spans of `doc`. */
export function spansOfTags(doc: string, tags: string[], defaultType = ''): Span[] {
  return chunks(tags, defaultType).map((c) => ({ doc, ...c }));
}

const pct = (x: number) => Math.round(x * 1000) / 10;

function score(tp: number, fp: number, fn: number): Score {
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  const f = p + r ? (2 * p * r) / (p + r) : 0;
  return { tp, fp, fn, precision: pct(p), recall: pct(r), f1: pct(f) };
}

/** Number of matched pairs per type under strict matching (multiset intersection). */
function strictMatches(gold: Span[], predicted: Span[]): Map<string, number> {
  const key = (s: Span) => JSON.stringify([s.doc, s.start, s.end, s.type]);
  const available = new Map<string, number>();
  for (const g of gold) available.set(key(g), (available.get(key(g)) ?? 0) + 1);
  const tp = new Map<string, number>();
  for (const p of predicted) {
    const k = key(p);
    const n = available.get(k) ?? 0;
    if (n > 0) {
      available.set(k, n - 1);
      tp.set(p.type, (tp.get(p.type) ?? 0) + 1);
    }
  }
  return tp;
}

/** Size of a maximum matching between overlapping gold and predicted spans of one group. */
function maxOverlapMatching(gold: Span[], predicted: Span[]): number {
  const adj: number[][] = gold.map((g) => {
    const cands: number[] = [];
    predicted.forEach((p, j) => {
      if (p.start < g.end && g.start < p.end) cands.push(j);
      // A zero-length span overlaps a span around its point, and an equal zero-length span.
      else if ((p.start === p.end || g.start === g.end) && p.start === g.start && p.end === g.end) cands.push(j);
    });
    // Try the closest candidates first (exact, then larger overlap): cosmetic, the size is maximal anyway.
    const overlap = (j: number) => Math.min(g.end, predicted[j].end) - Math.max(g.start, predicted[j].start);
    return cands.sort((a, b) => overlap(b) - overlap(a) || a - b);
  });
  const matchOfPred: number[] = new Array(predicted.length).fill(-1);
  let size = 0;
  for (let root = 0; root < gold.length; root++) {
    if (adj[root].length === 0) continue;
    // Kuhn's augmenting path search, iterative so that long chains cannot overflow the stack.
    const seen = new Uint8Array(predicted.length);
    const stack: { g: number; next: number; via: number }[] = [{ g: root, next: 0, via: -1 }];
    let found = false;
    while (stack.length && !found) {
      const top = stack[stack.length - 1];
      if (top.next >= adj[top.g].length) {
        stack.pop();
        continue;
      }
      const j = adj[top.g][top.next++];
      if (seen[j]) continue;
      seen[j] = 1;
      top.via = j;
      if (matchOfPred[j] < 0) {
        // Augment along the stack: each gold on it takes the prediction it went through.
        for (const frame of stack) matchOfPred[frame.via] = frame.g;
        found = true;
      } else {
        stack.push({ g: matchOfPred[j], next: 0, via: -1 });
      }
    }
    if (found) size++;
  }
  return size;
}

function overlapMatches(gold: Span[], predicted: Span[]): Map<string, number> {
  const groups = new Map<string, { type: string; gold: Span[]; pred: Span[] }>();
  const group = (s: Span) => {
    const k = JSON.stringify([s.doc, s.type]);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { type: s.type, gold: [], pred: [] }));
    return g;
  };
  for (const s of gold) group(s).gold.push(s);
  for (const s of predicted) group(s).pred.push(s);
  const tp = new Map<string, number>();
  for (const g of groups.values()) {
    if (!g.gold.length || !g.pred.length) continue;
    tp.set(g.type, (tp.get(g.type) ?? 0) + maxOverlapMatching(g.gold, g.pred));
  }
  return tp;
}

function tally(gold: Span[], predicted: Span[], tp: Map<string, number>): MatchScores {
  const goldN = new Map<string, number>();
  const predN = new Map<string, number>();
  for (const s of gold) goldN.set(s.type, (goldN.get(s.type) ?? 0) + 1);
  for (const s of predicted) predN.set(s.type, (predN.get(s.type) ?? 0) + 1);
  const types = [...new Set([...goldN.keys(), ...predN.keys()])].sort();
  const perType: Record<string, Score> = {};
  let TP = 0;
  let FP = 0;
  let FN = 0;
  for (const t of types) {
    const m = tp.get(t) ?? 0;
    const fp = (predN.get(t) ?? 0) - m;
    const fn = (goldN.get(t) ?? 0) - m;
    perType[t] = score(m, fp, fn);
    TP += m;
    FP += fp;
    FN += fn;
  }
  return { perType, micro: score(TP, FP, FN) };
}

/** Strict and overlap scores of predicted spans against gold spans (any number of documents). */
export function scoreSpans(gold: Span[], predicted: Span[]): SpanScores {
  return {
    strict: tally(gold, predicted, strictMatches(gold, predicted)),
    overlap: tally(gold, predicted, overlapMatches(gold, predicted)),
  };
}

/** Scores tag sequences (one per sentence, gold and predicted aligned by index) as conlleval does. */
export function scoreTags(gold: string[][], predicted: string[][], defaultType = ''): SpanScores {
  if (gold.length !== predicted.length) throw new Error(`scoreTags: ${gold.length} gold sequences, ${predicted.length} predicted`);
  const g: Span[] = [];
  const p: Span[] = [];
  gold.forEach((tags, i) => {
    if (tags.length !== predicted[i].length) throw new Error(`scoreTags: sequence ${i} has ${tags.length} gold tags, ${predicted[i].length} predicted`);
    g.push(...spansOfTags(String(i), tags, defaultType));
    p.push(...spansOfTags(String(i), predicted[i], defaultType));
  });
  return scoreSpans(g, p);
}
