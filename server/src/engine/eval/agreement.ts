/**
 * Agreement of two sets of entities over the same texts: entity precision, recall and F1
 * of one against the other, strict (same span and type) and overlap (overlapping span, same
 * type), each entity matched at most once (conlleval.ts), and Cohen's kappa on per-token
 * labels. One scorer for `biomed agreement` (two annotators' BRAT folders) and the editor's
 * curation agreement (the model against the curated entities).
 */
import { scoreSpans, Span, SpanScores } from './conlleval';

/** An entity as agreement reads it: its span and type (types are compared as written). */
export interface AgreementEntity {
  start: number;
  end: number;
  type: string;
}

export interface AgreementScore {
  documents: number;
  /** Whitespace tokens the kappa is computed over. */
  tokens: number;
  score: SpanScores;
  kappa: number;
}

const NONE = 'none';

/** Each whitespace token's label: the type of the entity over it (several: the one starting first, then the longest, then the type name), or none. */
export function tokenLabels(text: string, entities: readonly AgreementEntity[]): string[] {
  const ordered = [...entities].sort((a, b) => a.start - b.start || b.end - a.end || a.type.localeCompare(b.type));
  const labels: string[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    const start = m.index;
    const end = start + m[0].length;
    labels.push(ordered.find((e) => e.start < end && start < e.end && e.end > e.start)?.type ?? NONE);
  }
  return labels;
}

/**
 * Cohen's kappa of two label sequences of equal length: (po - pe) / (1 - pe). When chance
 * agreement is already total (both give one and the same label everywhere) kappa is 1.
 */
export function cohensKappa(a: readonly string[], b: readonly string[]): number {
  if (a.length !== b.length) throw new Error(`cohensKappa: ${a.length} labels against ${b.length}`);
  const n = a.length;
  if (n === 0) return 1;
  let agree = 0;
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) agree++;
    countA.set(a[i], (countA.get(a[i]) ?? 0) + 1);
    countB.set(b[i], (countB.get(b[i]) ?? 0) + 1);
  }
  let chance = 0;
  for (const [label, k] of countA) chance += k * (countB.get(label) ?? 0);
  const po = agree / n;
  const pe = chance / (n * n);
  return pe === 1 ? 1 : (po - pe) / (1 - pe);
}

/** Agreement pooled over documents: `add` each document's two sets of entities, then `result()`. */
export class AgreementScorer {
  private readonly reference: Span[] = [];
  private readonly other: Span[] = [];
  private readonly labelsA: string[] = [];
  private readonly labelsB: string[] = [];
  private documents = 0;

  /** One document: `other`'s entities scored against `reference`'s, both over `text`. */
  add(doc: string, text: string, reference: readonly AgreementEntity[], other: readonly AgreementEntity[]): void {
    for (const e of reference) this.reference.push({ doc, start: e.start, end: e.end, type: e.type });
    for (const e of other) this.other.push({ doc, start: e.start, end: e.end, type: e.type });
    this.labelsA.push(...tokenLabels(text, reference));
    this.labelsB.push(...tokenLabels(text, other));
    this.documents++;
  }

  result(): AgreementScore {
    return {
      documents: this.documents,
      tokens: this.labelsA.length,
      score: scoreSpans(this.reference, this.other),
      kappa: cohensKappa(this.labelsA, this.labelsB),
    };
  }
}
