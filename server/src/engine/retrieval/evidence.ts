/**
 * Evidence retrieval for NLI: given a statement and the sentences of a note, which
 * sentences to check it against, ranked, each with its score and why it was chosen.
 *
 * The model judges one premise sentence at a time (MedNLI premises are short), so the
 * order decides what gets asked within `maxPremises`. A sentence scores by what it shares
 * with the statement:
 *
 * | reason        | weight | what is shared |
 * |---------------|--------|----------------|
 * | words         | 1 each | content words, Porter2-stemmed (stem.ts) |
 * | concepts      | 1.5    | a clinical concept of a small lexicon (renal: kidney, creatinine, eGFR, ...) |
 * | quantity      | 1.5    | a measured quantity both name (quantities.ts: "tachycardic" and "heart rate") |
 * | value         | 1      | the premise gives a value of a quantity the statement names ("heart rate 128") |
 * | entity        | 1      | an entity text the model's NER found in both (stemmed, whole) |
 * | entity type   | 0.5    | entities of the same type in both: a drug class and a drug, a test and a test |
 * | embedding     | 0 to 3 | cosine similarity of sentence embeddings, scaled between the note's mean and best |
 *
 * Every sentence is ranked: those that share nothing come last, nearest the statement first, and are
 * still asked when `maxPremises` leaves room (no silent zero). Weights other than the
 * embedding's are exact binary fractions, so sums do not depend on their order and the
 * indexed ranking (EvidenceIndex) equals the plain one (rankEvidence) exactly.
 */
import { contentStems, stemWord, words } from './stem';
import { quantitiesOf } from './quantities';

/**
 * Clinical concepts that share no words: "renal function" and "creatinine", "arrhythmia"
 * and "atrial fibrillation", "antiplatelet" and "clopidogrel". Matched by stem.
 */
const CONCEPTS: Record<string, string[]> = {
  renal: [
    'renal',
    'kidney',
    'creatinine',
    'egfr',
    'gfr',
    'bun',
    'nephropathy',
    'nephropathic',
    'albuminuria',
    'proteinuria',
    'nephrotoxicity',
    'dialysis',
    'ckd',
    'aki',
    'uremia',
    'nephrology',
  ],
  rhythm: ['arrhythmia', 'fibrillation', 'flutter', 'tachycardia', 'bradycardia', 'afib', 'palpitations', 'rhythm', 'telemetry'],
  cardiac: [
    'cardiac',
    'heart',
    'cardiomyopathy',
    'myocardial',
    'infarction',
    'troponin',
    'ecg',
    'ekg',
    'echocardiogram',
    'ejection',
    'bnp',
    'coronary',
    'angina',
    'stemi',
    'nstemi',
    'catheterization',
  ],
  glycemic: ['glycemic', 'glucose', 'a1c', 'hba1c', 'sugar', 'hyperglycemia', 'hypoglycemia', 'insulin'],
  risk: ['risk', 'hypertension', 'hyperlipidemia', 'dyslipidemia', 'diabetes', 'smoking', 'smoker', 'tobacco', 'obesity', 'cholesterol'],
  diuretic: ['diuretic', 'furosemide', 'lasix', 'torsemide', 'bumetanide', 'hydrochlorothiazide', 'chlorthalidone', 'spironolactone', 'diuresis'],
  respiratory: ['respiratory', 'dyspnea', 'breath', 'breathing', 'orthopnea', 'hypoxia', 'oxygen', 'spo2', 'lung', 'pulmonary', 'pneumonia', 'tachypnea'],
  anticoagulation: [
    'anticoagulation',
    'anticoagulant',
    'anticoagulated',
    'warfarin',
    'coumadin',
    'heparin',
    'enoxaparin',
    'apixaban',
    'rivaroxaban',
    'dabigatran',
    'edoxaban',
    'inr',
  ],
  antiplatelet: ['antiplatelet', 'aspirin', 'clopidogrel', 'plavix', 'prasugrel', 'ticagrelor', 'dapt'],
  blood_pressure: ['pressure', 'bp', 'hypotension', 'hypertensive', 'antihypertensive', 'lisinopril', 'amlodipine', 'losartan', 'metoprolol', 'carvedilol'],
  infection: [
    'infection',
    'sepsis',
    'septic',
    'fever',
    'febrile',
    'antibiotic',
    'antibiotics',
    'cultures',
    'bacteremia',
    'leukocytosis',
    'vancomycin',
    'ceftriaxone',
    'piperacillin',
  ],
  bleeding: ['bleeding', 'hemorrhage', 'melena', 'hematochezia', 'hematemesis', 'transfusion', 'hemoglobin'],
};
const CONCEPT_OF = new Map<string, string>();
for (const [concept, list] of Object.entries(CONCEPTS)) for (const w of list) CONCEPT_OF.set(stemWord(w), concept);

/** What a sentence's text alone says about it: computed once per distinct text (pipeline/features.ts). */
export interface TextFeatures {
  stems: Set<string>;
  concepts: Set<string>;
  /** Quantities the text names (quantities.ts). */
  quantities: Set<string>;
  /** Quantities the text gives a value of. */
  values: Set<string>;
}

export function textFeatures(text: string): TextFeatures {
  const concepts = new Set<string>();
  for (const w of words(text)) {
    const c = CONCEPT_OF.get(stemWord(w));
    if (c) concepts.add(c);
  }
  const q = quantitiesOf(text);
  return { stems: contentStems(text), concepts, quantities: q.mentioned, values: q.reported };
}

/** What the model's NER found in a sentence: entity texts (stemmed, whole) and types. */
export interface EntityFeatures {
  texts: Set<string>;
  types: Set<string>;
}

export function entityFeatures(mentions: readonly { text: string; type: string }[]): EntityFeatures {
  const texts = new Set<string>();
  const types = new Set<string>();
  for (const m of mentions) {
    const key = words(m.text).map(stemWord).join(' ');
    if (key) texts.add(key);
    types.add(m.type);
  }
  return { texts, types };
}

/** A statement, or a sentence that may be evidence for it. */
export interface EvidenceText {
  text: string;
  /** The sentence's index in the note, when it is one (a statement of the note): unrelated sentences nearest to it come first. */
  index?: number;
  features: TextFeatures;
  /** Absent while the model's entities are not known (they count for nothing then). */
  entities?: EntityFeatures;
  /** Its embedding, when an embedding model is set and has answered. */
  vector?: ArrayLike<number>;
}

export interface EvidenceCandidate extends EvidenceText {
  /** The sentence's index in the note: ties are broken by it, earlier first. */
  index: number;
}

export type ReasonKind = 'words' | 'concepts' | 'quantity' | 'value' | 'entity' | 'entity type' | 'embedding' | 'unrelated';

export interface EvidenceReason {
  kind: ReasonKind;
  /** What was shared: the stems, concepts, quantities, entity texts or types; the cosine. */
  detail: string;
  /** What it added to the score. */
  weight: number;
}

export interface RankedPremise {
  index: number;
  text: string;
  score: number;
  reasons: EvidenceReason[];
}

export const WEIGHTS = { word: 1, concept: 1.5, quantity: 1.5, value: 1, entity: 1, entityType: 0.5, embedding: 3 } as const;

function shared(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const x of b) if (a.has(x)) out.push(x);
  return out.sort();
}

/** Why `premise` bears on `statement`, without the embedding part (lexical and entity reasons). */
export function lexicalReasons(statement: EvidenceText, premise: EvidenceText): EvidenceReason[] {
  const out: EvidenceReason[] = [];
  const add = (kind: ReasonKind, list: string[], weight: number) => {
    if (list.length) out.push({ kind, detail: list.join(', '), weight: list.length * weight });
  };
  const h = statement.features;
  const p = premise.features;
  add('words', shared(h.stems, p.stems), WEIGHTS.word);
  add('concepts', shared(h.concepts, p.concepts), WEIGHTS.concept);
  add('quantity', shared(h.quantities, p.quantities), WEIGHTS.quantity);
  add('value', shared(h.quantities, p.values), WEIGHTS.value);
  if (statement.entities && premise.entities) {
    add('entity', shared(statement.entities.texts, premise.entities.texts), WEIGHTS.entity);
    add('entity type', shared(statement.entities.types, premise.entities.types), WEIGHTS.entityType);
  }
  return out;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < n; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * The embedding part of each candidate's score (by position in `candidates`): its cosine
 * with the statement, scaled so that the note's mean similarity scores 0 and its best
 * WEIGHTS.embedding. Raw cosines of one embedding model sit in a narrow band that differs
 * from model to model; relative to the note they mean the same everywhere.
 */
export function embeddingScores(statement: EvidenceText, candidates: readonly EvidenceText[]): { score: number; cosine: number }[] | undefined {
  if (!statement.vector) return undefined;
  const cos = candidates.map((c) => (c.vector ? cosine(statement.vector!, c.vector) : undefined));
  const known = cos.filter((c): c is number => c !== undefined);
  if (known.length === 0) return undefined;
  let sum = 0;
  let best = -Infinity;
  for (const c of known) {
    sum += c;
    best = Math.max(best, c);
  }
  const mean = sum / known.length;
  return cos.map((c) => {
    if (c === undefined || best <= mean) return { score: 0, cosine: c ?? 0 };
    return { score: (WEIGHTS.embedding * Math.max(0, c - mean)) / (best - mean), cosine: c };
  });
}

function total(reasons: readonly EvidenceReason[]): number {
  let s = 0;
  for (const r of reasons) s += r.weight;
  return s;
}

function byRank(a: { score: number; index: number }, b: { score: number; index: number }): number {
  return b.score - a.score || a.index - b.index;
}

/** Unrelated sentences by distance from the statement (nearby text tends to be about the same thing), then document order. */
function byNearness(at: number | undefined): (a: number, b: number) => number {
  return (a, b) => (at === undefined ? 0 : Math.abs(a - at) - Math.abs(b - at)) || a - b;
}

/**
 * Every candidate, scored and explained, best first (ties: earlier in the note first; the
 * unrelated last, nearest to the statement first). The plain reference.
 */
/** One candidate's score and the reasons behind it (both rankings score this way). */
export function rankedPremise(statement: EvidenceText, c: EvidenceCandidate, e: { score: number; cosine: number } | undefined): RankedPremise {
  const reasons = lexicalReasons(statement, c);
  if (e && e.score > 0) reasons.push({ kind: 'embedding', detail: e.cosine.toFixed(3), weight: e.score });
  const score = total(reasons);
  if (score === 0) reasons.push({ kind: 'unrelated', detail: 'shares nothing with the statement; asked while there is room', weight: 0 });
  return { index: c.index, text: c.text, score, reasons };
}

export function rankEvidence(statement: EvidenceText, candidates: readonly EvidenceCandidate[]): RankedPremise[] {
  const emb = embeddingScores(statement, candidates);
  return candidates
    .map((c, at) => rankedPremise(statement, c, emb?.[at]))
    .sort((a, b) => (a.score === 0 && b.score === 0 ? byNearness(statement.index)(a.index, b.index) : byRank(a, b)));
}

/**
 * The premises to ask from a ranking: best first, at most `max`, within `budgetChars` of
 * text in all (the best is kept even when longer), returned in document order.
 */
export function selectEvidence(ranked: readonly RankedPremise[], max: number, budgetChars: number): RankedPremise[] {
  const out: RankedPremise[] = [];
  let used = 0;
  for (const r of ranked) {
    if (out.length >= max) break;
    if (used + r.text.length > budgetChars && out.length > 0) continue;
    out.push(r);
    used += r.text.length;
  }
  return out.sort((a, b) => a.index - b.index);
}
