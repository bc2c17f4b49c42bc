/**
 * NegEx-style cues for the `negated` and `uncertain` token modifiers: a trigger phrase a
 * few words before a mention, with no scope terminator in between ("denied chest pain",
 * "no history of arrhythmia", "possible pneumonia"), or a post-trigger right after it
 * ("pneumonia was ruled out"). Rules, not the model: cheap, deterministic, the same in
 * every profile.
 */
import { tokenize } from '../text/tokenize';
import { Mention } from '../types';

const WINDOW = 6;

const NEGATION_PRE = [
  'no', 'not', 'denies', 'denied', 'deny', 'denying', 'without', 'negative for', 'free of', 'absence of',
  'no evidence of', 'no signs of', 'no history of', 'never', 'ruled out', 'rules out', 'resolution of',
];
const NEGATION_POST = ['was ruled out', 'is ruled out', 'ruled out', 'is absent', 'was absent', 'was negative', 'is negative'];
const UNCERTAIN_PRE = [
  'possible', 'possibly', 'probable', 'probably', 'likely', 'suspected', 'suspicion of', 'concern for',
  'concerning for', 'rule out', 'r / o', 'questionable', 'cannot exclude', 'cannot rule out', 'may', 'might',
  'presumed', 'suggestive of', 'question of', 'differential',
];
const UNCERTAIN_POST = ['is suspected', 'was suspected', 'is possible', 'is likely', 'cannot be excluded', 'can not be excluded'];
const TERMINATORS = new Set([
  'but', 'however', 'although', 'though', 'except', 'apart', 'aside', 'which', 'who', 'yet', 'still',
  ';', ':', '.', 'because', 'since', 'secondary', 'due', 'presents', 'presented', 'reports', 'reported',
]);

type Words = string[];
const split = (phrases: string[]): Words[] => phrases.map((p) => p.split(' '));
const NEG_PRE = split(NEGATION_PRE);
const NEG_POST = split(NEGATION_POST);
const UNC_PRE = split(UNCERTAIN_PRE);
const UNC_POST = split(UNCERTAIN_POST);

function endsWith(words: Words, end: number, phrase: Words): boolean {
  if (end - phrase.length < 0) return false;
  return phrase.every((w, i) => words[end - phrase.length + i] === w);
}

function startsWith(words: Words, start: number, phrase: Words): boolean {
  return phrase.every((w, i) => words[start + i] === w);
}

/** A trigger ends within WINDOW words before `first`, with no terminator between. */
function precededBy(words: Words, first: number, triggers: Words[]): boolean {
  for (let end = first; end >= Math.max(0, first - WINDOW); end--) {
    if (end < first && TERMINATORS.has(words[end])) return false;
    if (triggers.some((t) => endsWith(words, end, t))) return true;
  }
  return false;
}

function followedBy(words: Words, after: number, triggers: Words[]): boolean {
  return triggers.some((t) => startsWith(words, after, t));
}

/** Returns the mentions (sentence offsets) with `negated` / `uncertain` set from the sentence's cues. */
export function markAssertions(sentence: string, mentions: readonly Mention[]): Mention[] {
  if (mentions.length === 0) return [];
  const tokens = tokenize(sentence);
  const words = tokens.map((t) => t.text.toLowerCase());
  return mentions.map((m) => {
    const first = tokens.findIndex((t) => t.end > m.start);
    let last = first;
    while (last + 1 < tokens.length && tokens[last + 1].start < m.end) last++;
    if (first < 0) return { ...m };
    const negated = precededBy(words, first, NEG_PRE) || followedBy(words, last + 1, NEG_POST);
    const uncertain = !negated && (precededBy(words, first, UNC_PRE) || followedBy(words, last + 1, UNC_POST));
    return { ...m, negated, uncertain };
  });
}
