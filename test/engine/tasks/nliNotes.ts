/**
 * What the NLI tests share: the fixture notes with their gold hypotheses and evidence, the
 * statements and sentences they are checked against, and the ranking helpers.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_NLI_SECTIONS, hypothesisIndexes, Terms, terms } from '../../../server/src/engine/tasks/nli';
import { lexicalReasons, rankEvidence, selectEvidence } from '../../../server/src/engine/retrieval/evidence';
import { Segment, segment } from '../../../server/src/engine/text/segment';
import { ModelAnswer } from '../../../server/src/engine/types';
import { ROOT } from '../../support/paths';

/** How related a premise is to a hypothesis by their texts alone: the weight of the lexical reasons. */
export function relevance(hypothesis: Terms, premise: Terms): number {
  return lexicalReasons({ text: '', features: hypothesis }, { text: '', features: premise }).reduce((sum, r) => sum + r.weight, 0);
}

export interface PremiseCandidate {
  index: number;
  text: string;
}

/** The premises chosen by text alone (no entities, no embeddings), as the engine ranks and selects them. */
export function selectPremises(hypothesis: string, candidates: readonly PremiseCandidate[], max: number, budgetChars: number): number[] {
  const ranked = rankEvidence(
    { text: hypothesis, features: terms(hypothesis) },
    candidates.map((c) => ({ ...c, features: terms(c.text) })),
  );
  return selectEvidence(ranked, max, budgetChars).map((r) => r.index);
}

export const NOTES = path.join(ROOT, 'test/fixtures/notes');

export interface GoldHypothesis {
  hypothesis: string;
  start: number;
  end: number;
  label: string;
}
export interface GoldEvidence {
  hypothesis: string;
  evidence: string[];
}

export const NOTE_NAMES = ['discharge-heart-failure', 'ed-chest-pain', 'progress-diabetes-ckd'];

export function readNote(name: string): { text: string; gold: GoldHypothesis[]; evidence: GoldEvidence[] } {
  return {
    text: fs.readFileSync(path.join(NOTES, `${name}.note`), 'utf8'),
    gold: JSON.parse(fs.readFileSync(path.join(NOTES, `${name}.nli.json`), 'utf8')),
    evidence: JSON.parse(fs.readFileSync(path.join(NOTES, `${name}.nli-evidence.json`), 'utf8')),
  };
}

export const sentencesOf = (text: string): Segment[] => segment(text).filter((s) => s.kind === 'sentence');
export const span = (s: { start: number; end: number; text: string }) => ({ start: s.start, end: s.end, text: s.text });

export function hypothesesOf(text: string, sections: readonly string[] = DEFAULT_NLI_SECTIONS): string[] {
  const sentences = sentencesOf(text);
  return hypothesisIndexes(sentences, sections).map((i) => sentences[i].text);
}

/** Where `needle` occurs in `text`, asserting that it occurs exactly once. */
export function uniqueSpan(text: string, needle: string): { start: number; end: number; text: string } {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, `fixture lacks ${JSON.stringify(needle)}`);
  assert.equal(text.indexOf(needle, start + 1), -1, `fixture has ${JSON.stringify(needle)} more than once`);
  return { start, end: start + needle.length, text: needle };
}

/**
 * Statements of `discharge diagnoses` / `assessment and plan` sections that are checked besides
 * the gold hypotheses of the `.nli.json` files (which only cover the prose summary sections).
 */
export const EXTRA_HYPOTHESES: Record<string, string[]> = {
  'discharge-heart-failure': ['Acute on chronic systolic heart failure', 'Acute kidney injury on chronic kidney disease', 'Atrial fibrillation'],
  'ed-chest-pain': [],
  'progress-diabetes-ckd': [
    'Type 2 diabetes, poorly controlled.',
    // A dose change written in the passive: the plan heuristic only looks at the first word,
    // so this one is a statement to check.
    'Because of the reduced eGFR, metformin is reduced to 500 mg twice daily.',
    'Diabetic nephropathy with albuminuria.',
    'Peripheral neuropathy.',
  ],
};

/** Plan sentences of the assessment-and-plan sections: never hypotheses. */
export const PLAN_SENTENCES: Record<string, string[]> = {
  'discharge-heart-failure': [],
  'ed-chest-pain': [],
  'progress-diabetes-ckd': [
    'Start empagliflozin 10 mg daily for glycemic control and renal protection.',
    'Continue losartan 100 mg daily.',
    'Repeat basic metabolic panel in two weeks.',
    'Start gabapentin 300 mg at bedtime for neuropathic pain.',
    'Refer to podiatry.',
  ],
};

export const answer = (text: string): ModelAnswer => ({ text, doneReason: 'stop', promptTokens: 0, evalTokens: 0, evalMs: 0 });
