/**
 * Agreement of two sets of entities over the same texts: entity precision, recall and F1
 * of one against the other, strict (same span and type) and overlap (overlapping span, same
 * type), each entity matched at most once (conlleval.ts), and Cohen's kappa on per-token
 * labels; and link agreement: over the mentions both sides have with the same span and type
 * and both gave a link decision (concept IDs, or none fits: `ids` []), how often the IDs
 * are the same (as sets: a composite's parts in any order). One scorer for `biomed agreement` (two annotators' BRAT folders) and the editor's
 * curation agreement (the model against the curated entities).
 */
import { scoreSpans, Span, SpanScores } from './conlleval';
import { allMatches } from '../text/matches';

/** An entity as agreement reads it: its span and type (types are compared as written). */
export interface AgreementEntity {
  start: number;
  end: number;
  type: string;
  /** Its link decision: concept IDs, [] for none fits; undefined when there is none. */
  ids?: readonly string[];
}

export interface LinkAgreement {
  /** Mentions with the same span and type on both sides, each with a link decision on both. */
  compared: number;
  /** Of those, the ones whose IDs are the same. */
  agreed: number;
  /** agreed / compared in percent, one decimal (0 when nothing was compared). */
  accuracy: number;
  /** Entities with a link decision, on each side (matched or not). */
  decidedA: number;
  decidedB: number;
}

export interface AgreementScore {
  documents: number;
  /** Whitespace tokens the kappa is computed over. */
  tokens: number;
  score: SpanScores;
  kappa: number;
  links: LinkAgreement;
}

const NONE = 'none';

/** Each whitespace token's label: the type of the entity over it (several: the one starting first, then the longest, then the type name), or none. */
export function tokenLabels(text: string, entities: readonly AgreementEntity[]): string[] {
  const ordered = [...entities].sort((a, b) => a.start - b.start || b.end - a.end || a.type.localeCompare(b.type));
  const labels: string[] = [];
  for (const m of allMatches(/\S+/g, text)) {
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
  private readonly links = { compared: 0, agreed: 0, decidedA: 0, decidedB: 0 };

  /** One document: `other`'s entities scored against `reference`'s, both over `text`. */
  add(doc: string, text: string, reference: readonly AgreementEntity[], other: readonly AgreementEntity[]): void {
    for (const e of reference) this.reference.push({ doc, start: e.start, end: e.end, type: e.type });
    for (const e of other) this.other.push({ doc, start: e.start, end: e.end, type: e.type });
    this.labelsA.push(...tokenLabels(text, reference));
    this.labelsB.push(...tokenLabels(text, other));
    this.documents++;
    this.addLinks(reference, other);
  }

  private addLinks(reference: readonly AgreementEntity[], other: readonly AgreementEntity[]): void {
    this.links.decidedA += reference.filter((e) => e.ids !== undefined).length;
    this.links.decidedB += other.filter((e) => e.ids !== undefined).length;
    const used = new Set<AgreementEntity>();
    for (const a of reference) {
      if (a.ids === undefined) continue;
      const b = other.find((o) => !used.has(o) && o.ids !== undefined && o.start === a.start && o.end === a.end && o.type === a.type);
      if (!b) continue;
      used.add(b);
      this.links.compared++;
      if (sameIds(a.ids, b.ids!)) this.links.agreed++;
    }
  }

  result(): AgreementScore {
    return {
      documents: this.documents,
      tokens: this.labelsA.length,
      score: scoreSpans(this.reference, this.other),
      kappa: cohensKappa(this.labelsA, this.labelsB),
      links: { ...this.links, accuracy: this.links.compared === 0 ? 0 : Math.round((1000 * this.links.agreed) / this.links.compared) / 10 },
    };
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((id) => y.has(id));
}
