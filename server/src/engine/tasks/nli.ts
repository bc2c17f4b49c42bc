/**
 * Natural language inference over a note: which sentences are statements to check
 * (hypotheses), which sentences of the rest of the note to check them against
 * (premises), and how the verdicts of several premises become one.
 *
 * MedNLI premises are one or two sentences, so each hypothesis is checked against the few
 * premise sentences most related to it, one at a time, and the verdicts are aggregated:
 * any contradiction wins (a flag a clinician should see), then any entailment, else the
 * statement is unsupported (neutral).
 */
import { Segment } from '../text/segment';

import type { NliLabel } from '../types';
export type { NliLabel };
export const NLI_LABELS: readonly NliLabel[] = ['entailment', 'contradiction', 'neutral'];

export const DEFAULT_NLI_SECTIONS = ['assessment', 'impression', 'summary', 'assessment and plan', 'discharge diagnoses'];

export function normaliseSection(name: string): string {
  return name.toLowerCase().replace(/:+\s*$/, '').replace(/\s+/g, ' ').trim();
}

/**
 * Plans are not claims: "Start gabapentin.", "Refer to podiatry." cannot be supported or
 * contradicted by the note, so they are not checked.
 */
const PLAN_VERBS = new Set(
  'start continue repeat refer follow check increase decrease hold stop discontinue schedule obtain consider monitor return titrate recheck order encourage advise counsel avoid resume begin initiate add switch taper wean'.split(
    ' ',
  ),
);

export function isPlanSentence(text: string): boolean {
  const first = /^[^\p{L}]*(\p{L}+)/u.exec(text)?.[1]?.toLowerCase();
  return first !== undefined && PLAN_VERBS.has(first);
}

/** Indexes of the sentences to check: in the configured sections, plans left out. */
export function hypothesisIndexes(sentences: readonly Segment[], sections: readonly string[]): number[] {
  const wanted = new Set(sections.map(normaliseSection));
  const out: number[] = [];
  sentences.forEach((s, i) => {
    if (s.kind === 'sentence' && wanted.has(normaliseSection(s.section)) && !isPlanSentence(s.text)) out.push(i);
  });
  return out;
}

const STOPWORDS = new Set(
  ('a an the and or but of in on at to for from by with without as is are was were be been being has have had do does did ' +
    'this that these those it its he she his her him they them their we our you your i me my patient patients ' +
    'no not nor none never any all some there here than then so such very also which who whom whose what when where ' +
    'while since because after before over under into onto about up down out off again further once per mg ml day days ' +
    'daily twice week weeks month months year years old will would can could may might should must shall').split(' '),
);

/**
 * Clinical concepts that share no words: "renal function" and "creatinine", "arrhythmia"
 * and "atrial fibrillation". A small hand-made lexicon, not a terminology: it only decides
 * which premise sentences are worth asking the model about.
 */
const CONCEPTS: Record<string, string[]> = {
  renal: ['renal', 'kidney', 'kidneys', 'creatinine', 'egfr', 'gfr', 'bun', 'nephropathy', 'albuminuria', 'proteinuria', 'nephrotoxicity', 'dialysis', 'ckd', 'aki', 'uremia'],
  rhythm: ['arrhythmia', 'arrhythmias', 'fibrillation', 'flutter', 'tachycardia', 'bradycardia', 'afib', 'palpitations', 'rhythm', 'arrhythmic'],
  cardiac: ['cardiac', 'heart', 'cardiomyopathy', 'myocardial', 'infarction', 'troponin', 'ecg', 'ekg', 'echocardiogram', 'ejection', 'bnp', 'coronary', 'angina', 'stemi', 'nstemi', 'catheterization'],
  glycemic: ['glycemic', 'glucose', 'a1c', 'hba1c', 'sugar', 'hyperglycemia', 'hypoglycemia', 'hypoglycemic', 'hyperglycemic'],
  risk: ['risk', 'hypertension', 'hyperlipidemia', 'dyslipidemia', 'diabetes', 'smoking', 'smoker', 'tobacco', 'obesity', 'cholesterol'],
  diuretic: ['diuretic', 'diuretics', 'furosemide', 'lasix', 'torsemide', 'bumetanide', 'hydrochlorothiazide', 'spironolactone', 'diuresis'],
  respiratory: ['respiratory', 'dyspnea', 'breath', 'breathing', 'orthopnea', 'hypoxia', 'oxygen', 'spo2', 'lungs', 'lung', 'pulmonary', 'pneumonia'],
  anticoagulation: ['anticoagulation', 'anticoagulant', 'warfarin', 'heparin', 'apixaban', 'rivaroxaban', 'inr', 'coumadin'],
  blood_pressure: ['pressure', 'bp', 'hypotension', 'hypertensive', 'antihypertensive', 'lisinopril', 'amlodipine', 'losartan', 'metoprolol'],
};
const CONCEPT_OF = new Map<string, string>();
for (const [concept, words] of Object.entries(CONCEPTS)) for (const w of words) CONCEPT_OF.set(w, concept);

/** A crude stem: enough to meet "running" with "run" and "improved" with "improves". */
function stem(word: string): string {
  let w = word;
  for (const [suffix, keep] of [['ies', 1], ['ing', 3], ['ed', 3], ['es', 3], ['s', 3], ['ly', 3]] as const) {
    if (w.endsWith(suffix) && w.length - suffix.length >= keep) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  // Doubled final consonants: "runn" -> "run".
  return w.replace(/([b-df-hj-np-tv-z])\1$/, '$1');
}

export interface Terms {
  stems: Set<string>;
  concepts: Set<string>;
}

export function terms(text: string): Terms {
  const stems = new Set<string>();
  const concepts = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = m[0];
    const concept = CONCEPT_OF.get(word);
    if (concept) concepts.add(concept);
    if (STOPWORDS.has(word) || /^\d+$/.test(word) || word.length < 2) continue;
    stems.add(stem(word));
  }
  return { stems, concepts };
}

/** How related a premise sentence is to a hypothesis: shared words and shared clinical concepts. */
export function relevance(hypothesis: Terms, premise: Terms): number {
  let score = 0;
  for (const s of premise.stems) if (hypothesis.stems.has(s)) score += 1;
  for (const c of premise.concepts) if (hypothesis.concepts.has(c)) score += 1.5;
  return score;
}

export interface PremiseCandidate {
  index: number;
  text: string;
}

/**
 * The premise sentences to check a hypothesis against: related ones only (score > 0)
 * unless there are no more than `max` in all, best first, at most `max`, and within
 * `budgetChars` of text in all.
 */
export function selectPremises(hypothesis: string, candidates: readonly PremiseCandidate[], max: number, budgetChars: number): number[] {
  const h = terms(hypothesis);
  // A note that short is all premise: words cannot tell what bears on the statement.
  const all = candidates.length <= max;
  const scored = candidates
    .map((c) => ({ c, score: relevance(h, terms(c.text)) }))
    .filter((x) => all || x.score > 0)
    .sort((a, b) => b.score - a.score || a.c.index - b.c.index);
  const out: number[] = [];
  let used = 0;
  for (const { c } of scored) {
    if (out.length >= max) break;
    if (used + c.text.length > budgetChars && out.length > 0) continue;
    out.push(c.index);
    used += c.text.length;
  }
  return out.sort((a, b) => a - b);
}

/**
 * `selectPremises` over a whole note at once: an inverted index from stems and concepts to
 * the premise sentences, so a hypothesis is scored against the sentences that share a
 * term with it instead of against every sentence. Same choice as `selectPremises`, given
 * the candidates' terms (which callers cache per sentence text).
 */
export class PremiseIndex {
  private readonly postings = new Map<string, number[]>();

  constructor(private readonly candidates: readonly (PremiseCandidate & { terms: Terms })[]) {
    candidates.forEach((c, at) => {
      for (const s of c.terms.stems) this.post(`s${s}`, at);
      for (const k of c.terms.concepts) this.post(`c${k}`, at);
    });
  }

  select(hypothesis: Terms, max: number, budgetChars: number): number[] {
    const scores = new Map<number, number>();
    const add = (key: string, weight: number) => {
      for (const at of this.postings.get(key) ?? []) scores.set(at, (scores.get(at) ?? 0) + weight);
    };
    for (const s of hypothesis.stems) add(`s${s}`, 1);
    for (const k of hypothesis.concepts) add(`c${k}`, 1.5);
    // A note that short is all premise, as in selectPremises.
    if (this.candidates.length <= max) this.candidates.forEach((_, at) => scores.set(at, scores.get(at) ?? 0));
    const scored = [...scores].sort((a, b) => b[1] - a[1] || this.candidates[a[0]].index - this.candidates[b[0]].index);
    const out: number[] = [];
    let used = 0;
    for (const [at] of scored) {
      if (out.length >= max) break;
      const c = this.candidates[at];
      if (used + c.text.length > budgetChars && out.length > 0) continue;
      out.push(c.index);
      used += c.text.length;
    }
    return out.sort((a, b) => a - b);
  }

  private post(key: string, at: number): void {
    const list = this.postings.get(key);
    if (list) list.push(at);
    else this.postings.set(key, [at]);
  }
}

export interface Verdict<P> {
  premise: P;
  label: NliLabel;
}

/** Any contradiction wins, then any entailment; the evidence is the premises that said so. */
export function aggregate<P>(verdicts: readonly Verdict<P>[]): { label: NliLabel; evidence: P[] } {
  for (const label of ['contradiction', 'entailment'] as const) {
    const evidence = verdicts.filter((v) => v.label === label).map((v) => v.premise);
    if (evidence.length > 0) return { label, evidence };
  }
  return { label: 'neutral', evidence: verdicts.map((v) => v.premise) };
}

/** Reads a label from a model answer: other casing, stray words, `{"label": ...}`. */
export function matchNliLabel(answer: string): NliLabel | undefined {
  const text = answer.toLowerCase();
  const found = NLI_LABELS.map((l) => ({ l, at: text.search(new RegExp(`\\b${l}\\b`)) })).filter((x) => x.at >= 0);
  found.sort((a, b) => a.at - b.at);
  return found[0]?.l;
}
