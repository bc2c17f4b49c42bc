/**
 * Findings answered as in a form rather than said in a clause: the review of systems of a
 * template ("Fever: No  Chills: yes", "Chest pain: denies", "Edema: (-)") and a list item
 * that a word after it affirms inside a negated list ("No fever, COUGH present").
 *
 * - A field is a label, a colon and an answer that is the field's whole value (up to a
 *   comma, a semicolon, a sentence's end or the next field's label). A negative answer (no,
 *   none, negative, absent, denies, "(-)") negates what the label names. "Pain: no relief"
 *   is no answer (the value goes on), so nothing is negated; ": none" and ": negative" before
 *   a list stay terms.json's backward triggers.
 * - In a negated list, an item after the first that a word of presence follows ("cough
 *   present", "rales noted", "pain persists") is affirmed: the negation's own item ("no
 *   effusion seen") is not.
 */
import { Stretch } from './roles';
import { Tok } from './scope';

/** Answers that say a finding is absent, as token forms (a "(-)" is "( )": the hyphen is a joiner). */
const NEGATIVE_ANSWERS = new Set(['no', 'none', 'negative', 'neg', 'absent', 'denies', 'denied', 'not present', 'nil', '( )']);
/** Where a field's value ends. */
const VALUE_ENDS = new Set([',', ';', '.']);
/** The most tokens of a field's label ("shortness of breath on exertion" is five). */
const LABEL_TOKENS = 6;
/** The most tokens of an answer ("not present", "( )"). */
const ANSWER_TOKENS = 2;

/** Whether a field's label starts at token `i`: a few words and then a colon, before any value end. */
function labelAt(toks: readonly Tok[], i: number): boolean {
  for (let k = i; k < toks.length && k < i + LABEL_TOKENS; k++) {
    if (toks[k].norm === ':') return k > i;
    if (!toks[k].word) return false;
  }
  return false;
}

/** A sentence's negative answers to fields: negated stretches over their labels, and the answers' tokens. */
export interface FieldAnswers {
  stretches: Stretch[];
  /** Token indexes of the answers: a trigger there answers its field and reaches nothing else ("Fever: No Chills: yes"). */
  answers: Set<number>;
}

/** Negative answers to fields, as negated stretches over their labels. */
export function fieldAnswers(sentence: string, toks: readonly Tok[]): FieldAnswers {
  const out: Stretch[] = [];
  const answers = new Set<number>();
  for (let colon = 1; colon < toks.length; colon++) {
    if (toks[colon].norm !== ':') continue;
    // The value: up to a value end, or up to the next field's label ("Fever: No Chills: yes").
    let end = colon + 1;
    while (end < toks.length && !VALUE_ENDS.has(toks[end].norm) && !toks[end].stop && end - colon <= ANSWER_TOKENS) {
      if (end > colon + 1 && labelAt(toks, end)) break;
      end++;
    }
    if (end === colon + 1 || end - colon - 1 > ANSWER_TOKENS) continue;
    if (end < toks.length && !VALUE_ENDS.has(toks[end].norm) && !toks[end].stop && !labelAt(toks, end)) continue;
    const answer = toks
      .slice(colon + 1, end)
      .map((t) => t.norm)
      .join(' ');
    if (!NEGATIVE_ANSWERS.has(answer)) continue;
    // The label: the words before the colon, back to a value end or the previous field's answer.
    let from = colon;
    while (from > 0 && colon - from < LABEL_TOKENS && toks[from - 1].word && !toks[from - 1].stop) from--;
    if (from === colon) continue;
    for (let k = colon + 1; k < end; k++) answers.add(k);
    out.push({ from, to: colon, status: 'negated', cue: { by: 'trigger', text: sentence.slice(toks[colon + 1].start, toks[end - 1].end) } });
  }
  return { stretches: out, answers };
}

/** Words after a list item that say it is there. */
const PRESENCE = new Set(['present', 'noted', 'seen', 'persists', 'persisting', 'persistent', 'positive', 'endorsed', 'reported', 'ongoing', 'continues', '+']);

/**
 * Whether the mention ending at token `last` is an item after the first of the list that a
 * negation at token `trigger` reaches, and a word of presence follows it: "No fever, cough
 * present" (cough is there), not "No effusion seen" (the negation's own item).
 */
export function affirmedItem(toks: readonly Tok[], trigger: number, first: number, last: number): boolean {
  const next = toks[last + 1];
  if (!next || !PRESENCE.has(next.norm)) return false;
  for (let k = trigger + 1; k < first; k++) if (toks[k].norm === ',' || toks[k].norm === 'and') return true;
  return false;
}
