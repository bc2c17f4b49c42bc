/**
 * Relation extraction between the entities of one sentence: which pairs are candidates,
 * which labels each kind of pair can take, and what the labels mean in plain words.
 */
import { Segment, startsListItem } from '../text/segment';
import { namesEntity, namingWords, REFERENCE_REACH, referenceWindows } from './references';
import { EntityType, Mention } from '../types';
export { matchLabel } from './answerLabels';

/** The kinds of pair and the labels the models were taught for them. */
export type PairKind = 'clinical' | 'chemical-disease' | 'gene-disease' | 'chemical-gene';

export const I2B2_RELATIONS = ['TrIP', 'TrWP', 'TrCP', 'TrAP', 'TrNAP', 'TeRP', 'TeCP', 'PIP'] as const;
export const CHEMPROT_RELATIONS = [
  'INHIBITOR',
  'SUBSTRATE',
  'INDIRECT-UPREGULATOR',
  'INDIRECT-DOWNREGULATOR',
  'ACTIVATOR',
  'ANTAGONIST',
  'PRODUCT-OF',
  'AGONIST',
  'DOWNREGULATOR',
  'UPREGULATOR',
  'AGONIST-ACTIVATOR',
  'SUBSTRATE_PRODUCT-OF',
] as const;

/** Every label a pair kind can take; the last one means "no relation". */
export const LABELS: Record<PairKind, readonly string[]> = {
  clinical: [...I2B2_RELATIONS, 'No Relations'],
  'chemical-disease': ['CID', 'No Relations'],
  'gene-disease': ['Positive', 'Negative'],
  'chemical-gene': [...CHEMPROT_RELATIONS, 'none'],
};

/** The label that says there is no relation (never shown). */
export function noneLabel(kind: PairKind): string {
  const labels = LABELS[kind];
  return labels[labels.length - 1];
}

/** Which labels are allowed for a clinical pair depends on its types (i2b2-2010). */
const CLINICAL_BY_TYPES: Record<string, readonly string[]> = {
  'treatment-problem': ['TrIP', 'TrWP', 'TrCP', 'TrAP', 'TrNAP', 'No Relations'],
  'test-problem': ['TeRP', 'TeCP', 'No Relations'],
  'problem-problem': ['PIP', 'No Relations'],
};

export function allowedLabels(pair: CandidatePair): readonly string[] {
  if (pair.kind === 'clinical') return CLINICAL_BY_TYPES[`${pair.head.type}-${pair.tail.type}`] ?? LABELS.clinical;
  return LABELS[pair.kind];
}

/** Plain words for a label, read as "head <words> tail". */
export const LABEL_WORDS: Record<string, string> = {
  TrIP: 'improves',
  TrWP: 'worsens',
  TrCP: 'causes',
  TrAP: 'is administered for',
  TrNAP: 'is not administered because of',
  TeRP: 'reveals',
  TeCP: 'is conducted to investigate',
  PIP: 'indicates',
  CID: 'induces',
  Positive: 'is associated with',
  Negative: 'is not associated with',
  INHIBITOR: 'inhibits',
  SUBSTRATE: 'is a substrate of',
  'INDIRECT-UPREGULATOR': 'indirectly upregulates',
  'INDIRECT-DOWNREGULATOR': 'indirectly downregulates',
  ACTIVATOR: 'activates',
  ANTAGONIST: 'is an antagonist of',
  'PRODUCT-OF': 'is a product of',
  AGONIST: 'is an agonist of',
  DOWNREGULATOR: 'downregulates',
  UPREGULATOR: 'upregulates',
  'AGONIST-ACTIVATOR': 'is an agonist-activator of',
  'SUBSTRATE_PRODUCT-OF': 'is a substrate or product of',
};

/** Head and tail types of each pair kind, head first (as in the corpora: Arg1, Arg2). */
const KINDS: { kind: PairKind; head: EntityType; tail: EntityType }[] = [
  { kind: 'clinical', head: 'treatment', tail: 'problem' },
  { kind: 'clinical', head: 'test', tail: 'problem' },
  { kind: 'clinical', head: 'problem', tail: 'problem' },
  { kind: 'chemical-disease', head: 'chemical', tail: 'disease' },
  { kind: 'gene-disease', head: 'gene', tail: 'disease' },
  { kind: 'chemical-gene', head: 'chemical', tail: 'gene' },
];

export interface CandidatePair {
  kind: PairKind;
  head: Mention;
  tail: Mention;
  /**
   * A pair across sentences (windowPairs): where each sentence after the first begins in
   * the text asked, so a layout trained on single sentences can treat each one as such.
   */
  sentenceStarts?: readonly number[];
}

function gap(a: Mention, b: Mention): number {
  return Math.max(0, Math.max(a.start, b.start) - Math.min(a.end, b.end));
}

/**
 * Type-compatible pairs of one sentence's mentions, nearest first, at most `max`.
 * Problem-problem pairs take the earlier mention as head. `kinds` limits the pair kinds
 * (the medtuned profile has no ChemProt training, so it leaves chemical-gene out).
 */
export function candidatePairs(mentions: readonly Mention[], max: number, kinds?: ReadonlySet<PairKind>): CandidatePair[] {
  const pairs: CandidatePair[] = [];
  for (const k of KINDS) {
    if (kinds && !kinds.has(k.kind)) continue;
    for (const head of mentions) {
      if (head.type !== k.head) continue;
      for (const tail of mentions) {
        if (tail === head || tail.type !== k.tail) continue;
        if (k.head === k.tail && tail.start <= head.start) continue;
        // Overlapping mentions are one phrase, not two participants.
        if (head.start < tail.end && tail.start < head.end) continue;
        pairs.push({ kind: k.kind, head, tail });
      }
    }
  }
  pairs.sort((a, b) => gap(a.head, a.tail) - gap(b.head, b.tail) || Math.min(a.head.start, a.tail.start) - Math.min(b.head.start, b.tail.start));
  return pairs.slice(0, Math.max(0, max));
}

/**
 * A list item of a clinical note ("2. Diabetic nephropathy with albuminuria. Continue
 * losartan.") states one problem and its plan across sentences, as the lines of i2b2 notes
 * do; elsewhere relations are sought within a sentence. A window (`across`) spans two
 * sentences of one paragraph that are in different units (relationWindows); only pairs
 * with one mention in each of its two sentences are its own.
 */
export interface RelationUnit {
  start: number;
  end: number;
  /** A window: its two sentences, first and last (sentences between them are not its own). */
  sentences: number[];
  across?: boolean;
  /** A reference window (references.ts): the last sentence names an entity of the first, sections apart. */
  refers?: boolean;
}

export function relationUnits(text: string, sentences: readonly Segment[], from = 0, to = sentences.length): RelationUnit[] {
  const units: RelationUnit[] = [];
  let item: RelationUnit | undefined;
  // A range starts a unit of its own: the incremental engine passes paragraphs, and a unit never spans a blank line.
  for (let i = from; i < to; i++) {
    const s = sentences[i];
    const before = text.slice(i > 0 ? sentences[i - 1].end : 0, s.start);
    if (item && !/[\r\n]/.test(before)) {
      item.end = s.end;
      item.sentences.push(i);
      continue;
    }
    const unit = { start: s.start, end: s.end, sentences: [i] };
    units.push(unit);
    item = startsListItem(text, s.start) ? unit : undefined;
  }
  return units;
}

/**
 * Whether sentence `i` continues the paragraph of sentence `i - 1`: the same section, and
 * only whitespace between them with at most one line break. A blank line, a header or
 * label, or a list marker between them starts a new paragraph.
 */
export function continuesParagraph(text: string, sentences: readonly Segment[], i: number): boolean {
  const before = sentences[i - 1];
  const s = sentences[i];
  if (!before || before.section !== s.section) return false;
  const between = text.slice(before.end, s.start);
  if (/\S/.test(between) || /[\f\u2029]/.test(between)) return false;
  return (between.match(/\r\n|[\n\r\u2028]/g)?.length ?? 0) < 2;
}

/**
 * Windows over sentences of one paragraph at most `window` sentences apart (1: each
 * sentence with its next), when the two are in different units: a pair inside one unit is
 * that unit's, never a window's, so no pair is asked twice. 0: none.
 */
export function relationWindows(
  text: string,
  sentences: readonly Segment[],
  units: readonly RelationUnit[],
  window: number,
  from = 0,
  to = sentences.length,
  /** How many of `units` are sentence and list-item units (in document order): the rest are not read. */
  count = units.length,
): RelationUnit[] {
  const windows: RelationUnit[] = [];
  if (!(window >= 1)) return windows;
  // Only the units of sentences in [from, to) are needed (the incremental engine passes a paragraph's):
  // found from the first unit ending there on, not by walking every unit of the note on each keystroke.
  const unitOf = unitOfSentencesIn(units, from, to, count);
  let paragraph = from;
  for (let last = from + 1; last < to; last++) {
    if (!continuesParagraph(text, sentences, last)) paragraph = last;
    for (let first = Math.max(paragraph, last - Math.floor(window)); first < last; first++) {
      if (unitOf[first - from] === unitOf[last - from]) continue;
      windows.push({ start: sentences[first].start, end: sentences[last].end, sentences: [first, last], across: true });
    }
  }
  return windows;
}

/**
 * The windows of a text whose last sentence is in [from, to) (default: all): the sentence
 * windows of each paragraph (`from`: a paragraph's first sentence) and, where windows are
 * asked at all (`window` >= 1), the reference windows across paragraphs and sections
 * (references.ts), ordered by last sentence, then first. A reference search goes back at
 * most REFERENCE_REACH sentences, so only those before `from` are read: an edit's windows
 * cost the sentences near it, not the whole text.
 */
export function allWindows(
  text: string,
  sentences: readonly Segment[],
  units: readonly RelationUnit[],
  window: number,
  from = 0,
  to = sentences.length,
  count = units.length,
): RelationUnit[] {
  const windows = relationWindows(text, sentences, units, window, from, to, count);
  if (!(window >= 1)) return windows;
  // Reference windows join paragraphs only: within one, the sentence windows reach.
  const lo = Math.max(0, from - REFERENCE_REACH);
  const paragraph: number[] = [];
  for (let i = lo; i < to; i++) paragraph[i - lo] = i > lo && continuesParagraph(text, sentences, i) ? paragraph[i - lo - 1] : i;
  const found = referenceWindows(sentences.slice(lo, to), (first, last) => paragraph[first] === paragraph[last]).filter((r) => r.sentences[1] + lo >= from);
  const refs = lo === 0 ? found : found.map((r) => ({ ...r, sentences: [r.sentences[0] + lo, r.sentences[1] + lo] }));
  if (refs.length === 0) return windows;
  return [...windows, ...refs].sort((a, b) => a.sentences[1] - b.sentences[1] || a.sentences[0] - b.sentences[0]);
}

/**
 * Per sentence of [from, to), at `s - from`, the sentence or list-item unit it is in (of the first
 * `count` units, in document order, their sentences ascending), -1 for one in none: the units are
 * found by binary search from the first whose last sentence is at or after `from`.
 */
export function unitOfSentencesIn(units: readonly RelationUnit[], from: number, to: number, count = units.length): Int32Array {
  const out = new Int32Array(Math.max(0, to - from)).fill(-1);
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const held = units[mid].sentences;
    if (held[held.length - 1] < from) lo = mid + 1;
    else hi = mid;
  }
  for (let u = lo; u < count && units[u].sentences[0] < to; u++) for (const s of units[u].sentences) if (s >= from && s < to) out[s - from] = u;
  return out;
}

/** Per sentence, the sentence or list-item unit it is in (of the first `count` units). */
export function unitOfSentences(units: readonly RelationUnit[], count = units.length): number[] {
  const out: number[] = [];
  for (let u = 0; u < count; u++) for (const s of units[u].sentences) out[s] = u;
  return out;
}

/**
 * The pairs a window asks: of all pairs of its two sentences' mentions (offsets in the
 * window's text), the nearest `max`, and of those only the ones across the two sentences
 * (the others are their own unit's). So pairs across sentences compete with the nearer
 * pairs inside each sentence for the same cap. `sentenceStarts`: where each sentence after
 * the first begins in the window's text.
 */
export function windowPairs(
  first: readonly Mention[],
  second: readonly Mention[],
  max: number,
  sentenceStarts: readonly number[],
  kinds?: ReadonlySet<PairKind>,
): CandidatePair[] {
  const inFirst = new Set(first);
  return candidatePairs([...first, ...second], max, kinds)
    .filter((p) => inFirst.has(p.head) !== inFirst.has(p.tail))
    .map((p) => ({ ...p, sentenceStarts }));
}

/**
 * The pairs a reference window asks: pairs across its two sentences whose earlier entity the
 * later sentence names (references.ts), the nearest `max`. Far apart, they would never
 * win a place among the nearer pairs inside each sentence, which are their units' own.
 */
export function referencePairs(
  first: readonly Mention[],
  second: readonly Mention[],
  laterText: string,
  max: number,
  sentenceStarts: readonly number[],
  kinds?: ReadonlySet<PairKind>,
): CandidatePair[] {
  const inFirst = new Set(first);
  const later = namingWords(laterText);
  const named = new Set(first.filter((m) => namesEntity(later, m)));
  if (named.size === 0) return [];
  return candidatePairs([...first, ...second], Number.MAX_SAFE_INTEGER, kinds)
    .filter((p) => inFirst.has(p.head) !== inFirst.has(p.tail) && (named.has(p.head) || named.has(p.tail)))
    .slice(0, Math.max(0, max))
    .map((p) => ({ ...p, sentenceStarts }));
}
