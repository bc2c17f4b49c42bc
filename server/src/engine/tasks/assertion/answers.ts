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

/** A dash that stands for a colon ("Chest pain - denies") or answers no ("Melena: -"); the tokens leave dashes out. */
const SPACED_DASH = /^\s*[-\u2013\u2014]\s+$/;
const DASH_ONLY = /^\s*[-\u2013\u2014]\s*$/;
/** What joins the words of a label ("Nausea/vomiting", "N&V"). */
const LABEL_JOINERS = new Set(['/', '&']);

/** Negative answers to fields, as negated stretches over their labels. */
export function fieldAnswers(sentence: string, toks: readonly Tok[]): FieldAnswers {
  const out: Stretch[] = [];
  const answers = new Set<number>();
  const gap = (i: number) => sentence.slice(toks[i].end, i + 1 < toks.length ? toks[i + 1].start : sentence.length);
  for (let i = 1; i < toks.length; i++) {
    // The label ends before a colon, or before a word that a spaced dash separates from it.
    const colon = toks[i].norm === ':';
    if (!colon && !(toks[i].word && toks[i - 1].word && SPACED_DASH.test(gap(i - 1)))) continue;
    const first = colon ? i + 1 : i;
    const next = toks[first];
    const dashOnly = colon && DASH_ONLY.test(gap(i)) && (!next || VALUE_ENDS.has(next.norm) || next.stop || labelAt(toks, first));
    const value = dashOnly ? { end: first, text: '-' } : answerAt(sentence, toks, first);
    if (!value) continue;
    // The label: the words before it, back to a value end or the previous field's answer.
    let from = i;
    while (from > 0 && i - from < LABEL_TOKENS && !toks[from - 1].stop) {
      const t = toks[from - 1];
      if (!t.word && !(LABEL_JOINERS.has(t.norm) && from > 1 && toks[from - 2].word)) break;
      from--;
    }
    if (from === i) continue;
    for (let k = first; k < value.end; k++) answers.add(k);
    out.push({ from, to: i, status: 'negated', cue: { by: 'trigger', text: value.text } });
  }
  return { stretches: out, answers };
}

/** The negative answer whose value starts at token `first` and is the field's whole value, or undefined. */
function answerAt(sentence: string, toks: readonly Tok[], first: number): { end: number; text: string } | undefined {
  // The value: up to a value end, or up to the next field's label ("Fever: No Chills: yes").
  let end = first;
  while (end < toks.length && !VALUE_ENDS.has(toks[end].norm) && !toks[end].stop && end - first < ANSWER_TOKENS) {
    if (end > first && labelAt(toks, end)) break;
    end++;
  }
  if (end === first) return undefined;
  if (end < toks.length && !VALUE_ENDS.has(toks[end].norm) && !toks[end].stop && !labelAt(toks, end)) return undefined;
  const answer = toks
    .slice(first, end)
    .map((t) => t.norm)
    .join(' ');
  return NEGATIVE_ANSWERS.has(answer) ? { end, text: sentence.slice(toks[first].start, toks[end - 1].end) } : undefined;
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
