/**
 * Whether an approximate name meets the head of the mention, the word that says what the
 * mention is ("swelling" in "bilateral leg swelling", "cellulitis" in "cellulitis of the left
 * leg"), not only a word that qualifies it. A shared qualifier ("bilateral", "cardiac",
 * "acute") or a near spelling ("palpitations", "pulpitis") is no evidence of the concept:
 * among thousands of names some unrelated one shares either, and a curator is better served
 * by no link and its candidates than by a confident stranger (linker.ts). Invariants:
 * - the head is the last content word before a preposition ("shortness of breath on
 *   exertion": shortness); after a general or disease head ("lesions", "disease") the word
 *   before it will do ("glomerular lesions": glomerular or lesions), after one that names no
 *   condition ("episodes", "effects") only the word before it; a body
 *   site ("swollen ankles") is not a head on its own: the word that says what is wrong with
 *   it must be a word of the name too;
 * - a word meets the head by its stem (equal, the keys' equivalents, or one the start of the
 *   other), and by a near spelling only when the whole name is close (a typo of the mention);
 * - a mention of adjectives alone ("febrile") names no thing: the name may hold no other
 *   content word ("Febrile Seizures" is not "febrile");
 * - at least two fifths of the longer side's words are shared ("Car Factor Deficiency" is not
 *   "cardiac risk factors" for their one "factor");
 * - a name that says the opposite direction ("low blood pressure" for "elevated blood
 *   pressure") never meets the mention.
 */
import { contentWords, fold } from './normalise';
import { GENERAL_HEADS } from './qualifiers';
import { sameWord, sameWordStrictly } from './sharedWords';

/** Words after which the rest of a mention only places or qualifies its head. */
const PREPOSITION = /^(?:of|on|in|at|with|to|from|during|after|due|secondary|involving)$/;

/** Heads that say little past "a disease": the word before them will do as well ("thyroid illness"). */
const DISEASE_HEAD = /^(?:diseases?|disorders?|illness(?:es)?|syndromes?|conditions?|activit(?:y|ies))$/;

/** Heads that say nothing of which condition: only the word before them counts ("hypoglycemic episodes" is no Episodic Ataxia). */
const EMPTY_HEAD = /^(?:episodes?|effects?|changes?|findings?|features?|traits?)$/;

/** Body sites: a mention whose head is one names a finding at it only with another word ("swollen ankles"). */
const BODY_SITE =
  /^(?:ankles?|knees?|legs?|arms?|feet|foot|hands?|fingers?|toes?|hips?|shoulders?|necks?|backs?|chest|abdomen|head|eyes?|ears?|skin|joints?|extremit(?:y|ies)|limbs?|wrists?|elbows?|thighs?|calf|calves)$/;

/** Adjectives written as heads ("febrile", "diaphoretic", "edematous"): by their endings. */
const ADJECTIVE = /(?:ile|ic|ous|al|ive|ary|ed)$/;

/** Stems that say which way a measure goes: a name going the other way is no match. */
const UP = ['elev', 'high', 'increas', 'rais', 'excess'];
const DOWN = ['low', 'decreas', 'reduc', 'diminish', 'deficien'];

/** The share of the longer side's words that must be shared (tuned on the development splits: 0.5 lost more right links than it dropped wrong ones). */
const ENOUGH = 0.4;

/** What a name (`approxKey` words) must hold to meet a mention's head; undefined when the mention has no content word. */
export interface HeadRule {
  /** The name holds one of these stems (or all of them with `all`). */
  heads: string[];
  all: boolean;
  /** The mention is adjectives alone: the name may hold no content word the mention lacks. */
  adjectives: boolean;
  /** The mention's direction (1 up, -1 down, 0 none). */
  direction: number;
  /** The stems of the mention's words before a preposition (what it names; the rest places it). */
  stems: string[];
}

export function headRule(text: string): HeadRule | undefined {
  const words = fold(text).split(' ').filter(Boolean);
  const cut = words.findIndex((w, i) => i > 0 && PREPOSITION.test(w));
  const phrase = cut > 0 ? words.slice(0, cut) : words;
  const content = phrase.filter((w) => contentWords(w).length > 0);
  if (content.length === 0) return undefined;
  const stem = (w: string) => contentWords(w)[0];
  const last = content[content.length - 1];
  const before = content.length > 1 ? stem(content[content.length - 2]) : undefined;
  const all = words.flatMap((w) => contentWords(w));
  const stems = phrase.flatMap((w) => contentWords(w));
  const direction = all.some((s) => UP.some((u) => s.startsWith(u))) ? 1 : all.some((s) => DOWN.some((d) => s.startsWith(d))) ? -1 : 0;
  // After a general or disease head, it or the word before it; after an empty one, the word before it.
  const either = GENERAL_HEADS.test(last) || DISEASE_HEAD.test(last) || BODY_SITE.test(last);
  return {
    heads: !before ? [stem(last)] : EMPTY_HEAD.test(last) ? [before] : either ? [stem(last), before] : [stem(last)],
    all: !!before && BODY_SITE.test(last),
    adjectives: content.every((w) => ADJECTIVE.test(w)),
    direction,
    stems,
  };
}

/** Whether an approximate name (`approxKey` form) meets the mention's head rule; `close`: the name is a close spelling of the whole. */
export function meetsHead(rule: HeadRule | undefined, name: string, close: boolean): boolean {
  if (!rule) return true;
  const names = name.split(' ').filter((w) => w.length > 1 && !/^\d+$/.test(w));
  const same = close ? sameWord : sameWordStrictly;
  const holds = (h: string) => names.some((n) => same(h, n));
  if (!(rule.all ? rule.heads.every(holds) : rule.heads.some(holds))) return false;
  if (rule.adjectives && names.some((n) => !rule.stems.some((s) => same(s, n)))) return false;
  // The head and little else ("cardiac risk factors", "Car Factor Deficiency"): too few of either's words are the other's.
  const shared = rule.stems.filter((s) => names.some((n) => same(s, n))).length;
  if (shared < ENOUGH * Math.max(rule.stems.length, names.length)) return false;
  const way = names.some((n) => UP.some((u) => n.startsWith(u))) ? 1 : names.some((n) => DOWN.some((d) => n.startsWith(d))) ? -1 : 0;
  return rule.direction === 0 || way === 0 || way === rule.direction;
}
