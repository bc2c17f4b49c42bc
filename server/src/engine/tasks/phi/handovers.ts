/**
 * Names that hurried notes glue to marks rather than to words: the patient named right after
 * the note's header and shift ("CCU NPN 11P-7A KEV AGITATED"), the nurse a patient's care or
 * the report is handed to ("care assumed by J.K. at 1900", "report to dawn & guy", "care
 * turned over to RN-Tina", "break coverage by Jess"), a credential glued to a name by a dash ("RN-Tina"), who did a task
 * ("CPT done by Gigi RT"), and a person's
 * possessive before a telephone number ("Luz's cell 781-...", "Hope's work # 617-...").
 *
 * Invariants: a handover's name is initials with their full stops, two or three capitals, or a
 * word a name may be that no function, clinical or shift word is ("care assumed by night
 * shift", "report to oncoming rn" name none); a second name joins it only by "&" or "and"
 * with the same test; a possessive's word is capitalised where case tells, never a relative's,
 * the patient's or a title's word ("wife's cell", "pt's #"), and a number follows within a
 * few characters.
 */
import { isStopWord, isUnknownWord, mayBeName } from './clinicalWords';
import { isName } from './lists';
import { PhiSpan } from './types';
import { allMatches } from '../../text/matches';
import { CLOSE_KIN, wordsPattern } from './contextWords';

type Found = Omit<PhiSpan, 'text'>;

/** Words of a shift or a post, never a name after a handover or before RN ("night", "oncoming", "float rn"). */
export const SHIFT_WORDS =
  /^(?:day|days|night|nights|evening|evenings|eve|oncoming|incoming|charge|float|pool|resource|primary|staff|travel|traveler|agency|bedside|unit|covering|relief|head|new|same|other|prior|previous|admitting|next|the|a|an|this|my|your|rn|rns|nurse|nurses|shift|team)$/i;
/** Words a possessive before a number never names ("wife's cell", "pt's #", "Dr's pager"). */
const NOT_OWNER = wordsPattern(
  [
    ...CLOSE_KIN,
    ...'sons daughters spouse grandmother grandfather roommate caregiver boss landlord landlady sitter pcp pt patient dr doctor nurse'.split(' '),
    ...'family hcp proxy guardian office clinic home today one other it that who everyone'.split(' '),
  ],
  'i',
);

/** A possessive before a phone number's kind ("Luz's cell"); a look for it and the number's digits comes before the whole pattern. */
const OWNER_PHONE_TAIL = `'s[ \\t]+(?:(?:cell|home|work|mobile|pager|beeper)[ \\t]*)?(?:#|number|no\\.|phone|cell|ph)?[ \\t:]*`;
const OWNER_PHONE_NEEDS = new RegExp(`${OWNER_PHONE_TAIL}\\(?\\d{3}`, 'iu');
const OWNER_PHONE = new RegExp(`\\b([\\p{L}][\\p{L}-]+)${OWNER_PHONE_TAIL}(?=\\(?\\d{3})`, 'giu');

export function handoverSpans(text: string, tells: boolean): Found[] {
  const out: Found[] = [];
  const add = (start: number, end: number, why: string) => out.push({ start, end, type: 'name', confidence: 0.75, why });
  const named = (w: string) =>
    /^(?:\p{L}\.){1,3}$/u.test(w) ||
    (!SHIFT_WORDS.test(w) && !isStopWord(w.toLowerCase()) && (/^[A-Z]{2,3}$/.test(w) || (mayBeName(w.toLowerCase()) && w.length >= 2)));
  for (const m of allMatches(
    /\b(?:care|report|coverage)[ \t]+(?:was[ \t]+)?(?:assumed|taken[ \t]+over|turned[ \t]+over|handed[ \t]+over|given|endorsed)?[ \t]*(?:by|to|from)[ \t]+(?:RN-|rn-)?((?:\p{L}\.){1,3}|[\p{L}][\p{L}'-]*)(?:[ \t]*(?:&|and)[ \t]+([\p{L}][\p{L}'-]*))?/dgiu,
    text,
  )) {
    const [, first, second] = m;
    const [firstAt] = m.indices![1];
    if (!named(first) || (tells && /^[a-z]/.test(first) && !first.includes('.'))) continue;
    add(firstAt, firstAt + first.replace(/\.$/, '').length, 'a name the care or the report is handed to');
    if (second && named(second) && !(tells && /^[a-z]/.test(second))) {
      const [secondAt] = m.indices![2];
      add(secondAt, secondAt + second.length, 'a name the care or the report is handed to');
    }
  }
  // "CCU NPN 11P-7A KEV AGITATED", "sicu npn 7a-7p tanisha, goes by": the patient by a first name right after the
  // note's header and its shift, where a word no list holds as a word of the language stands.
  const header =
    /^[ \t]*(?:[\p{L}/-]+[ \t]+){0,3}(?:npn|nsg[ \t]+note|nursing[ \t]+(?:progress[ \t]+)?note|progress[ \t]+note|rn[ \t]+note)[ \t]+(?:\d{1,4}[ap]?[ \t]*-[ \t]*\d{1,4}[ap]?|nights|days|evenings)[ \t:,-]*\n?[ \t]*([\p{L}][\p{L}'-]+)/iu.exec(
      text,
    );
  if (header) {
    const w = header[1];
    const at = header.index + header[0].length - w.length;
    // (A listed name or a word no list holds, no word of the language: "7a-7p Excellent day", "Neuro-".)
    const lw = w.toLowerCase();
    const glued = /^[-:]/.test(text.slice(at + w.length, at + w.length + 1));
    // (A word no list holds only before a word of letters: "1900-0700 UGIB. PT", "7p-7a mrn 6610" name none.)
    const unknownName = isUnknownWord(lw) && /^,?[ \t]+\p{L}/u.test(text.slice(at + w.length, at + w.length + 4));
    if (!glued && !w.includes('-') && !isStopWord(lw) && (isName(lw) || unknownName) && (!tells || (/^\p{Lu}/u.test(w) && !/^\p{Lu}+$/u.test(w))))
      add(at, at + w.length, "a name right after the note's header");
  }
  // "care turned over to RN-Tina": a credential glued to a name by a dash.
  // ("PULM FELLOW-GRUBER": a resident's or a fellow's role glued to the name, in capitals too.)
  for (const m of allMatches(
    /\b(?:RN|LPN|NP|PA|RT|MD|(?:fellow|resident|attending|FELLOW|RESIDENT|ATTENDING|Fellow|Resident|Attending)(?=-\p{Lu}))-(\p{Lu}[\p{Ll}'-]+|\p{Lu}{3,})\b/gu,
    text,
  )) {
    const name = m[1].toLowerCase();
    const role = /^(?:fellow|resident|attending)/i.test(m[0]);
    if (!isStopWord(name) && !SHIFT_WORDS.test(name) && (/\p{Ll}/u.test(m[1]) || (role && mayBeName(name))))
      add(m.index + m[0].length - m[1].length, m.index + m[0].length, 'a name glued to a credential');
  }
  // "CPT DONE BY GIGI RT", "sheath pulled 2100 by Oscar (cath lab RN)": who did a task, by a listed first name
  // (or, where case tells, a capitalised one); never a function, clinical or shift word ("done by night shift").
  for (const m of allMatches(
    /\b(?:done|pulled|drawn|placed|changed|removed|inserted|reinserted|replaced|resited|checked|dressed|suctioned|obtained|restarted|repositioned|bathed|discontinued|dc'd)(?:[ \t]+(?:at[ \t]+)?\d{3,4})?[ \t]+by[ \t]+(\p{L}[\p{L}'-]+)(?![\p{L}.'-])/giu,
    text,
  )) {
    const w = m[1];
    const lw = w.toLowerCase();
    if (SHIFT_WORDS.test(w) || isStopWord(lw) || !(isName(lw) || (tells && /^\p{Lu}\p{Ll}/u.test(w) && mayBeName(lw)))) continue;
    add(m.index + m[0].length - w.length, m.index + m[0].length, 'who did the task');
  }
  // "Luz's cell 781-555-0127", "HOPE'S WORK # 617-...": whose number it is (where a possessive before a number is in the note at
  // all: the pattern from its apostrophe, which V8 looks for quickly).
  for (const m of !OWNER_PHONE_NEEDS.test(text) ? [] : allMatches(OWNER_PHONE, text)) {
    const w = m[1];
    if (NOT_OWNER.test(w) || isStopWord(w.toLowerCase()) || !mayBeName(w.toLowerCase()) || (tells && !/^\p{Lu}/u.test(w))) continue;
    if (!/(?:cell|home|work|mobile|pager|beeper|#|number|no\.|phone|ph)[ \t:]*$/i.test(m[0])) continue;
    add(m.index, m.index + w.length, 'whose telephone number it is');
  }
  return out;
}
