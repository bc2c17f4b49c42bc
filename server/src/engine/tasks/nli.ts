/**
 * Natural language inference over a note: which sentences are statements to check
 * (hypotheses), which sentences of the rest of the note to check them against
 * (premises), and how the verdicts of several premises become one.
 *
 * MedNLI premises are one or two sentences, so each hypothesis is checked against the few
 * premise sentences most related to it (chosen by retrieval/evidence.ts), one at a time, and the verdicts are aggregated:
 * any contradiction wins (a flag a clinician should see), then any entailment, else the
 * statement is unsupported (neutral).
 */
import { Segment } from '../text/segment';
import { canonicalSection, normaliseSection } from '../text/labels';
import { TextFeatures, textFeatures } from '../retrieval/evidence';

// Section names are the segmenter's (text/labels.ts).
export { canonicalSection, normaliseSection };
export { matchNliLabel } from './answerLabels';

import type { NliLabel } from '../types';
export type { NliLabel };
export const NLI_LABELS: readonly NliLabel[] = ['entailment', 'contradiction', 'neutral'];

export const DEFAULT_NLI_SECTIONS = ['assessment', 'impression', 'summary', 'assessment and plan', 'discharge diagnoses'];

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

/** Words before a summary section's name that keep it that section ("Clinical Impression", "Final Diagnoses"). */
const QUALIFIERS = /^(?:clinical|final|overall|brief) /;
/** A section name's last word in the plural, and its singular ("Discharge Diagnosis" and "Discharge Diagnoses" are one section). */
const PLURALS: Record<string, string> = { diagnoses: 'diagnosis', impressions: 'impression', assessments: 'assessment', summaries: 'summary' };

/** A section's name as the NLI sections are matched: canonical, without a qualifier, its last word singular. */
function nliSectionName(section: string): string {
  const name = canonicalSection(section).replace(QUALIFIERS, '');
  return name.replace(/\p{L}+$/u, (w) => PLURALS[w] ?? w);
}

/**
 * Whether a note's section is one of `wanted` (names as nliSectionName gives them): the same
 * name, or that name "and plan" ("Impression and Plan" is an impression, "Assessment and
 * Plan" an assessment).
 */
function inSections(section: string, wanted: ReadonlySet<string>): boolean {
  const name = nliSectionName(section);
  return wanted.has(name) || (name.endsWith(' and plan') && wanted.has(name.slice(0, -' and plan'.length)));
}

/** Indexes of the sentences to check: in the configured sections, plans left out. */
export function hypothesisIndexes(sentences: readonly Segment[], sections: readonly string[]): number[] {
  const wanted = new Set(sections.map(nliSectionName));
  // A note has a few sections and many sentences: each section's name is matched once.
  const checked = new Map<string, boolean>();
  const inWanted = (section: string) => checked.get(section) ?? checked.set(section, inSections(section, wanted)).get(section)!;
  const out: number[] = [];
  sentences.forEach((s, i) => {
    if (s.kind === 'sentence' && inWanted(s.section) && !isPlanSentence(s.text)) out.push(i);
  });
  return out;
}

/** A sentence's text features for premise choice (retrieval/evidence.ts), cached per text by pipeline/features.ts. */
export type Terms = TextFeatures;

export function terms(text: string): Terms {
  return textFeatures(text);
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
