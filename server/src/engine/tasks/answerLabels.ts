/**
 * The label a model chose, read from what it wrote: the bare label of the training layout,
 * or a general model's prose around it. Models name the label in other forms ("contradicts",
 * "Entailed.", "Treatment administered for problem"), give it after their reasoning
 * ("... So the answer is neutral"), mention labels they reject ("not a contradiction",
 * "Not TrCP"), list the choices back ("Entailment, Contradiction, or Neutral") or hedge
 * between two ("either TrAP or TrIP"). A label said to be the answer wins; a rejected or
 * hedged one is no answer; a label alone is read where it stands, the first at the start of
 * the answer, else the last after the reasoning.
 */
import type { NliLabel } from '../types';

/** A label and the words that name it (regular-expression sources, lower case, matched as whole words). */
interface LabelForms<L extends string> {
  label: L;
  forms: string[];
}

const NLI_FORMS: LabelForms<NliLabel>[] = [
  { label: 'entailment', forms: ['entailment', 'entailed', 'entails', 'entail'] },
  { label: 'contradiction', forms: ['contradiction', 'contradictory', 'contradicts', 'contradicted', 'contradict'] },
  { label: 'neutral', forms: ['neutral', 'neither entailment nor contradiction', 'neither contradiction nor entailment', 'neither entailed nor contradicted'] },
];

/** Words that say what follows is the answer ("Answer: ...", "the label is ..."). */
const MARKER = String.raw`(?:final answer|answer|label|prediction|classification|relationship|relation|verdict|output|category)["']?\s*(?:is|would be|=|:|-)?\s*(?:an?\s+|the\s+)?`;
/** The text before a label ends in a marker: the label is said to be the answer. */
const MARKED = new RegExp(`${MARKER}["'(\\[\\s]*$`);
/** Words of a hedge: with two labels named, the answer chose neither ("could be either X or Y, depending on ..."). */
const HEDGE = /\b(?:either|could be|might be|may be|unclear|uncertain|depending|cannot decide|can't decide)\b/;
/** A negation right before a label rejects it ("not a contradiction", "no TrCP", "isn't entailed"). */
const NEGATED = /(?:\b(?:not|no|isn't|is not|nor|without|rather than)\s+(?:an?\s+|the\s+|by\s+)?(?:\w+\s+)?)$/;

interface Found<L> {
  label: L;
  at: number;
  end: number;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
}

/** Every whole-word mention of a label's forms in `text`, longest form first where they overlap, in text order. */
function mentions<L extends string>(text: string, labels: readonly LabelForms<L>[]): Found<L>[] {
  const all: Found<L>[] = [];
  for (const { label, forms } of labels)
    for (const form of forms) {
      const re = new RegExp(`(?<![\\w-])${escape(form)}(?![\\w-])`, 'g');
      for (let m = re.exec(text); m; m = re.exec(text)) all.push({ label, at: m.index, end: m.index + m[0].length });
    }
  all.sort((a, b) => a.at - b.at || b.end - a.end);
  // In that order a mention inside a longer one comes after it and ends no later than the furthest end so far.
  let reach = -1;
  return all.filter((f) => {
    if (f.end <= reach) return false;
    reach = f.end;
    return true;
  });
}

/** The label an answer chose among `labels`, read as the file comment says; undefined when it chose none that is clear. */
export function readLabel<L extends string>(answer: string, labels: readonly LabelForms<L>[]): L | undefined {
  const text = answer.toLowerCase().replace(/[*_`#]+/g, ' ');
  const found = mentions(text, labels);
  if (found.length === 0) return undefined;
  // Said to be the answer: the last such (a reasoning may quote an earlier one).
  const marked = found.filter((f) => MARKED.test(text.slice(Math.max(0, f.at - 40), f.at)));
  if (marked.length > 0) return marked[marked.length - 1].label;
  const kept = found.filter((f) => !NEGATED.test(text.slice(Math.max(0, f.at - 30), f.at)));
  if (kept.length === 0) return undefined;
  const distinct = new Set(kept.map((f) => f.label));
  if (distinct.size > 1) {
    // Choices listed back or a hedge between two: "X or Y", "X, Y, or Z", "either X or Y".
    for (let i = 1; i < kept.length; i++)
      if (kept[i].label !== kept[i - 1].label && /^\s*(?:,\s*)?(?:or|and\/or|\/)\s*$|^\s*,\s*$/.test(text.slice(kept[i - 1].end, kept[i].at))) return undefined;
    if (HEDGE.test(text)) return undefined;
    return kept[0].at <= 3 ? kept[0].label : kept[kept.length - 1].label;
  }
  return kept[0].label;
}

/** Scores given per label (`{"entailment": 0.02, "contradiction": 0.95, ...}`): the highest, when two or more are given. */
function scoredLabel<L extends string>(answer: string, labels: readonly L[]): L | undefined {
  const scores = labels
    .map((label) => ({ label, score: Number(new RegExp(`["']?${label}["']?\\s*:\\s*([0-9]*\\.?[0-9]+)`, 'i').exec(answer)?.[1]) }))
    .filter((s) => Number.isFinite(s.score));
  if (scores.length < 2) return undefined;
  scores.sort((a, b) => b.score - a.score);
  return scores[0].score > scores[1].score ? scores[0].label : undefined;
}

/** Reads an NLI label from a model answer: other casing, other forms, prose, reasoning, `{"label": ...}`, scores. */
export function matchNliLabel(answer: string): NliLabel | undefined {
  return scoredLabel(answer, ['entailment', 'contradiction', 'neutral']) ?? readLabel(answer, NLI_FORMS);
}

/** The words that describe each relation label in answers (i2b2 2010's own descriptions among them). */
const RELATION_WORDS: Record<string, string[]> = {
  TrIP: ['improves', 'improved'],
  TrWP: ['worsens', 'worsened'],
  TrCP: ['causes', 'caused'],
  TrAP: ['administered for', 'given for', 'is administered for'],
  TrNAP: ['not administered because of', 'is not administered because of', 'not given because of'],
  TeRP: ['reveals', 'revealed'],
  TeCP: ['conducted to investigate', 'is conducted to investigate', 'ordered to investigate'],
  PIP: ['indicates', 'indicated'],
  CID: ['induces', 'induced'],
  'No Relations': ['no relations', 'no relation', 'no relationship', 'none', 'not related', 'unrelated'],
};

/**
 * The relation label an answer names among `labels`: by its code (longest first, so
 * INDIRECT-UPREGULATOR is not read as UPREGULATOR), else by the words that describe it.
 */
export function matchLabel(answer: string, labels: readonly string[]): string | undefined {
  const byCode = readLabel(
    answer.replace(/[^A-Za-z0-9]+/g, ' '),
    labels.map((label) => ({ label, forms: [label.toLowerCase().replace(/[^a-z0-9]+/g, ' ')] })),
  );
  if (byCode !== undefined) return byCode;
  const described = labels.filter((l) => RELATION_WORDS[l]).map((label) => ({ label, forms: RELATION_WORDS[label] }));
  return described.length > 0 ? readLabel(answer.replace(/[-_]+/g, ' '), described) : undefined;
}
