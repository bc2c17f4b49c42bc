/**
 * The one in-memory shape that every corpus reader produces and every writer consumes:
 * a text with its entities, relations and NLI findings, offsets in UTF-16 code units into
 * `text`, end exclusive.
 */
import type { NliLabel } from '../types';

export interface DocEntity {
  id: string;
  /** As in the source for readers (e.g. `SpecificDisease`, `Chemical`, `PROBLEM`); writers of this project emit engine types (`problem`, `chemical`, ...). */
  type: string;
  start: number;
  end: number;
  text: string;
  negated?: boolean;
  uncertain?: boolean;
  /** Normalised identifiers where the corpus has them (PubTator's MeSH ids). */
  ids?: string[];
}

export interface DocRelation {
  id: string;
  label: string;
  /** Entity ids: head is Arg1 (treatment, test, chemical, gene), tail is Arg2. */
  head: string;
  tail: string;
  /** Asked in another prompt layout than the model was trained on for this kind of pair. */
  untrained?: boolean;
}

export interface DocFinding {
  label: NliLabel;
  hypothesis: { start: number; end: number; text: string };
  evidence: { start: number; end: number; text: string }[];
}

export interface DocToken {
  start: number;
  end: number;
  text: string;
}

export interface DocSentence {
  start: number;
  end: number;
  /** The corpus's own tokens, when it has them (IOB): the medtuned input follows them. */
  tokens?: DocToken[];
}

export interface AnnotatedDocument {
  id: string;
  text: string;
  entities: DocEntity[];
  relations: DocRelation[];
  findings?: DocFinding[];
  /** The corpus's sentence split, when it has one; otherwise the engine segments the text. */
  sentences?: DocSentence[];
  /** Free key-value metadata (BioC infons, source file). */
  infons?: Record<string, string>;
}

/**
 * What a reader skipped, by reason (`{ 'bad offset': 2, 'invalid tag': 1 }`). Every reader's
 * `parse*` function returns it as `skips`, beside `skipped` (their sum).
 */
export type SkipCounts = Record<string, number>;

export function countSkip(skips: SkipCounts, reason: string, n = 1): void {
  skips[reason] = (skips[reason] ?? 0) + n;
}

export function totalSkipped(skips: SkipCounts): number {
  return Object.values(skips).reduce((a, b) => a + b, 0);
}

/** Adds the counts of `more` into `into`. */
export function mergeSkips(into: SkipCounts, more: SkipCounts): SkipCounts {
  for (const [k, v] of Object.entries(more)) countSkip(into, k, v);
  return into;
}

const plural = (n: number, word: string) => (n === 1 ? word : /(ch|sh|s|x)$/.test(word) ? `${word}es` : `${word}s`);

/** "2 bad offsets, 1 invalid tag" (largest first, then by name). */
export function describeSkips(skips: SkipCounts): string {
  return Object.entries(skips)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, n]) => `${n} ${plural(n, reason)}`)
    .join(', ');
}
