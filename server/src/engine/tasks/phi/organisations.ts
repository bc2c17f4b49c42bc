/**
 * Organisations named by a label or by the clinician they go with, as discharge and
 * case-management notes write them: the health plan after "Insurance:" ("Insurance: Tufts
 * Health Plan Medicare Preferred, ID ...", "INSURANCE: ANTHEM MEDICARE SUPPLEMENT"), and a
 * practice after a clinician's name and its comma ("PCP: Dr. Walter Beck, Shore Family
 * Medicine, 401-555-0102").
 *
 * Invariants: the name runs from the label (or the comma) to the next comma, full stop,
 * semicolon, bracket, digit or line end, at most seven words; where case tells each word but
 * a joiner ("of", "and", "&") is capitalised. A public programme opening it (Medicare,
 * Medicaid, MassHealth) or "none", "self" is no one's plan; a practice's name ends in a
 * practice's word and holds a word that is no descriptor or specialty ("Family Medicine"
 * alone names none).
 */
import { isStopWord } from './clinicalWords';
import { SPECIALTY } from './establishments';
import { DESCRIPTORS } from './institutions';
import { PhiSpan } from './types';
import { Word } from './words';

type Found = Omit<PhiSpan, 'text'>;
const set = (s: string) => new Set(s.trim().split(/\s+/));

/** Labels a health plan's name follows. */
const PLAN_LABEL = /^(?:insurance|insurer|insurances|payor|payer)$/;
/** Words that open no particular plan: public programmes and answers. */
const NOT_PLAN = set(`medicare medicaid masshealth mass medi-cal medical tricare champus va none self private commercial
  unknown uninsured no pending free hmo ppo pos primary secondary`);
/** The last word of a practice's name ("Shore Family Medicine", "SHORELINE SURGICAL ASSOCIATES"). */
const PRACTICE_END = set('medicine associates group practice partners physicians specialists healthcare');
const JOINER = /^(?:of|and)$/;

export function organisationSpans(words: Word[], tells: boolean, taken: Set<number>): Found[] {
  const out: Found[] = [];
  // The name's words from k: joined by spaces (or "&"), capitalised where case tells, none taken, no digit.
  const nameFrom = (k: number): number => {
    let end = k - 1;
    for (let j = k; j < words.length && j - k < 7; j++) {
      const w = words[j];
      if (taken.has(j) || /\d/.test(w.text) || (j > k && !/^[ \t]+(?:&[ \t]+)?$/.test(w.gap))) break;
      if (JOINER.test(w.lower) && j > k) continue;
      if (tells ? !w.cap : isStopWord(w.lower) && !DESCRIPTORS.has(w.lower)) break;
      end = j;
    }
    return end;
  };
  const add = (from: number, to: number, why: string) => {
    for (let k = from; k <= to; k++) taken.add(k);
    out.push({ start: words[from].start, end: words[to].end, type: 'location', confidence: 0.65, why });
  };
  for (let i = 0; i + 1 < words.length; i++) {
    // Insurance: NAME (the label then a colon).
    if (PLAN_LABEL.test(words[i].lower) && /^[ \t]*:[ \t]*$/.test(words[i + 1].gap)) {
      const k = i + 1;
      if (NOT_PLAN.has(words[k].lower)) continue;
      const end = nameFrom(k);
      if (end >= k) add(k, end, `a health plan after ${words[i].text}:`);
      continue;
    }
    // Dr. NAME, PRACTICE: a practice after a clinician's name and its comma.
    if (!/^(?:dr|doctor)$/.test(words[i].lower)) continue;
    let j = i + 1;
    while (j < words.length && j - i <= 3 && /^\.?[ \t]+$|^[ \t]*\.[ \t]*$/.test(words[j].gap) && !/^,/.test(words[j].gap)) j++;
    // j: the first word after the comma, where the name ended in one.
    if (j >= words.length || !/^,[ \t]+$/.test(words[j].gap) || j - i < 2) continue;
    const end = nameFrom(j);
    if (end < j) continue;
    const name = words.slice(j, end + 1);
    const last = name[name.length - 1].lower;
    // (Specialties with descriptors name a department, not a practice: "Surgical Associates"; surgical is a descriptor.)
    const own = name.some((w) => !DESCRIPTORS.has(w.lower) && !SPECIALTY.test(w.lower) && !JOINER.test(w.lower) && !PRACTICE_END.has(w.lower));
    if (!PRACTICE_END.has(last) || !own) continue;
    add(j, end, "a practice after a clinician's name");
    i = end;
  }
  return out;
}
