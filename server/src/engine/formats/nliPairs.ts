/**
 * NLI premise/hypothesis pairs as JSON lines, `{"premise", "hypothesis", "label"}` (the
 * MedNLI / SNLI field names `sentence1`, `sentence2`, `gold_label` are read too). Labels are
 * lower-cased; a pair whose label is not entailment, contradiction or neutral (SNLI's `-`
 * for no consensus, say), a line that is not JSON, or one without string premise and
 * hypothesis is skipped (counted by parseNliPairs).
 */
import type { NliLabel } from '../types';
import { countSkip, SkipCounts, totalSkipped } from './document';

export type NliPairLabel = NliLabel;

export interface NliPair {
  premise: string;
  hypothesis: string;
  label: NliPairLabel;
}

export interface NliPairsReadResult {
  pairs: NliPair[];
  /** Non-blank lines skipped. */
  skipped: number;
  /** The skipped lines by reason: bad JSON line, missing field, invalid label. */
  skips: SkipCounts;
}

const LABELS: ReadonlySet<string> = new Set(['entailment', 'contradiction', 'neutral']);

export function parseNliPairs(text: string): NliPairsReadResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const pairs: NliPair[] = [];
  const skips: SkipCounts = {};
  for (const line of body.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') continue;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      countSkip(skips, 'bad JSON line');
      continue;
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o)) {
      countSkip(skips, 'missing field');
      continue;
    }
    const r = o as Record<string, unknown>;
    const premise = r.premise ?? r.sentence1;
    const hypothesis = r.hypothesis ?? r.sentence2;
    const rawLabel = r.label ?? r.gold_label;
    const label = typeof rawLabel === 'string' ? rawLabel.trim().toLowerCase() : '';
    if (typeof premise !== 'string' || typeof hypothesis !== 'string') {
      countSkip(skips, 'missing field');
      continue;
    }
    if (!LABELS.has(label)) {
      countSkip(skips, 'invalid label');
      continue;
    }
    pairs.push({ premise, hypothesis, label: label as NliPairLabel });
  }
  return { pairs, skipped: totalSkipped(skips), skips };
}

/** The well-formed pairs of JSON lines text. */
export function readNliPairs(text: string): NliPair[] {
  return parseNliPairs(text).pairs;
}

/** One `{"premise", "hypothesis", "label"}` line per pair, `\n` line ends, a trailing newline. */
export function writeNliPairs(pairs: NliPair[]): string {
  const lines = pairs.map((p) => JSON.stringify({ premise: p.premise, hypothesis: p.hypothesis, label: p.label }));
  return lines.length ? lines.join('\n') + '\n' : '';
}
