/**
 * A person's town told beside them, the way a note lists whom to call: in brackets or
 * between commas after the name, before their telephone number or their state ("daughter
 * Judith (Hingham, 781-555-0180)", "grandniece dana oakes-marsh, salem, 978-555-0132",
 * "son Tom (Portland, Maine)"). There the shape says place, so a town the lists hold counts
 * in a note of any case, though it is a word or a clinical word too ("salem" is a sump).
 *
 * Invariants: the town is one to three words the town list holds as one phrase, right after
 * "(" or ", "; before a telephone number only a comma stands between; a state after it is
 * one the lists hold, written whole or as its postal code, and the bracket closes right
 * after it (the state goes inside the span, as "Quincy, MA" does). A country is no state.
 */
import { isTown } from './lists';
import { POSTAL_CODES, STATES } from './spelling';
import type { PhiSpan } from './types';
import { allMatches } from '../../text/matches';

type Found = Omit<PhiSpan, 'text'>;

/** One to three words of letters, after "(" or ", ". */
const TOWN = /(?:\(|,)[ \t]*([A-Za-z][A-Za-z'.-]*(?:[ \t]+[A-Za-z][A-Za-z'.-]*){0,2})[ \t]*,[ \t]*/g;
/** Words before a number that say which telephone it is, towns too ("Mobile", "home"). */
const PHONE_LABELS = /^(?:home|mobile|day|days|night|cell|work|office)$/i;
/** A telephone number, its area code in brackets or not. */
const PHONE = /^\(?\d{3}\)?[ \t.-]?\d{3}[ \t.-]\d{4}\b/;
/** A state, whole (one or two words) or by its postal code, and the closing bracket. */
const STATE = /^([A-Za-z]+(?:[ \t]+[A-Za-z]+)?)[ \t]*\)/;

export function whereaboutSpans(text: string): Found[] {
  const out: Found[] = [];
  for (const m of allMatches(TOWN, text)) {
    const town = m[1];
    const start = m.index! + m[0].indexOf(town);
    const after = m.index! + m[0].length;
    if (!isTown(town.toLowerCase().replace(/\s+/g, ' ')) || PHONE_LABELS.test(town)) continue;
    if (PHONE.test(text.slice(after, after + 16))) {
      out.push({ start, end: start + town.length, type: 'location', confidence: 0.85, why: 'a town before a telephone number' });
      continue;
    }
    const state = STATE.exec(text.slice(after, after + 24));
    // (Only in brackets: "Quincy, Mass)" closes what the bracket opened.)
    if (!state || text[m.index!] !== '(') continue;
    const st = state[1].toLowerCase();
    const whole = st.split(/\s+/).every((p) => STATES.has(p));
    if (!whole && !(POSTAL_CODES.has(st) && state[1] === state[1].toUpperCase())) continue;
    out.push({ start, end: after + state[1].length, type: 'location', confidence: 0.85, why: 'a town and its state in brackets' });
  }
  return out;
}
