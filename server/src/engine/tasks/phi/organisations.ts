/**
 * Organisations named by a label or by the clinician they go with, as discharge and
 * case-management notes write them: the health plan after "Insurance:" ("Insurance: Tufts
 * Health Plan Medicare Preferred, ID ...", "INSURANCE: ANTHEM MEDICARE SUPPLEMENT", and where
 * case tells without the colon: "Insurance Health New England, ID ..."), a practice after a
 * clinician's name and its comma ("PCP: Dr. Walter Beck, Shore Family Medicine,
 * 401-555-0102"), a police or fire department by its letters before its job ("a BPD
 * detective": letters ending in PD or FD, no clinical word), a parish after its label
 * ("Parish is Sts. Peter and Paul", "parishioner of Our Lady of the Rosary") and a visiting
 * nurses' agency by its name ("VNA of Rhode Island").
 *
 * Invariants: the name runs from the label (or the comma) to the next comma, full stop (but a
 * saint's "St."), semicolon, bracket, digit, line end or a number's word ("ID", "member"), at
 * most seven words; where case tells each word but a joiner ("of", "and", "&", "the" after
 * "of") is capitalised, and a clinical abbreviation in capitals ends it. A public programme
 * opening it (Medicare, Medicaid, MassHealth) or "none", "self" is no one's plan; a practice's
 * name ends in a practice's word and holds a word that is no descriptor or specialty ("Family
 * Medicine" alone names none). In a note of one case a parish's or an agency's name holds a
 * word that is no word of the language ("PARISH BROUGHT IN", "VNA of choice" name none).
 */
import { isStopWord } from './clinicalWords';
import { isEnglish } from './lists';
import { SPECIALTY } from './establishments';
import { POSTAL_CODES } from './spelling';
import { DESCRIPTORS } from './institutions';
import { PhiSpan } from './types';
import { bareSpace, Word } from './words';

type Found = Omit<PhiSpan, 'text'>;
/** Weekdays and their short forms. */
const WEEKDAYS = /^(?:mon|tues?|wed|thu|thurs?|fri|sat|sun)(?:day)?$|^(?:wednes|satur)day$/;
const set = (s: string) => new Set(s.trim().split(/\s+/));

/** Labels a health plan's name follows. */
const PLAN_LABEL = /^(?:insurance|insurer|insurances|payor|payer)$/;
/** Words that open no particular plan: public programmes and answers. */
const NOT_PLAN = set(`medicare medicaid masshealth mainecare husky badgercare mass medi-cal medical tricare champus va none self private commercial
  unknown uninsured no pending free hmo ppo pos primary secondary`);
/** The last word of a practice's name ("Shore Family Medicine", "SHORELINE SURGICAL ASSOCIATES"). */
const PRACTICE_END = set('medicine associates group practice partners physicians specialists healthcare pediatrics');
const JOINER = /^(?:of|and)$/;
/** Jobs of a police or fire department. */
const POLICE_JOBS =
  /^(?:officer|officers|ofc|detective|det|detectives|cop|cops|sergeant|sgt|lieutenant|lt|captain|tpr|patrolman|trooper|firefighter|fireman|dispatcher)$/;
/** Words after a name that begin its number, not its name ("BCBS ID XJH884120577"). */
const PLAN_END = /^(?:id|ids|no|number|member|policy|group|grp|acct|account)$/;
/** Words that name a parish's members or its place: its name follows ("parishioner of Our Lady of the Rosary"). */
const PARISH_LABEL = new Set(['parish', 'parishioner', 'parishioners']);
/** Words of the language that open a parish's name. */
const PARISH_OPENERS =
  /^(?:sacred|holy|our|st|sts|saint|saints|immaculate|blessed|good|precious|most|trinity|resurrection|ascension|assumption|annunciation|nativity|transfiguration|epiphany|visitation|corpus|christ|divine|mother|queen|star|mary|grace)$/;
/** Words after such a label that name no parish ("parish priest", "parish nurse", "the parish"; a title: "parishioner Mrs. Doyle"). */
const NOT_PARISH = set('priest priests nurse nurses council hall office the a an his her their church community members member mr mrs ms miss dr fr');

export function organisationSpans(words: Word[], tells: boolean, taken: Set<number>): Found[] {
  const out: Found[] = [];
  // "son is a BPD detective", "retired NYPD officer": a police or fire department by its letters before its job.
  for (let i = 0; i + 1 < words.length; i++) {
    if (
      taken.has(i) ||
      !/^[a-z]{1,4}[pf]d$/.test(words[i].lower) ||
      isStopWord(words[i]) ||
      !bareSpace(words[i + 1].gap) ||
      !POLICE_JOBS.test(words[i + 1].lower)
    )
      continue;
    taken.add(i);
    out.push({ start: words[i].start, end: words[i].end, type: 'location', confidence: 0.75, why: 'a department before its job' });
  }
  // The name's words from k: joined by spaces (or "&"), capitalised where case tells, none taken, no digit.
  const nameFrom = (k: number): number => {
    let end = k - 1;
    for (let j = k; j < words.length && j - k < 7; j++) {
      const w = words[j];
      // ("Sts. Peter and Paul": a saint's abbreviation and its full stop go on.)
      const saint = j > k && /^\.[ \t]+$/.test(w.gap) && /^(?:st|sts|ste|saint)$/.test(words[j - 1].lower);
      if (j > k && PLAN_END.test(w.lower)) break;
      if (taken.has(j) || /\d/.test(w.text) || (j > k && !/^[ \t]+(?:&[ \t]+)?$/.test(w.gap) && !saint)) break;
      // ("Our Lady of the Rosary": an article after a joiner.)
      if (j > k && (JOINER.test(w.lower) || (w.lower === 'the' && words[j - 1].lower === 'of'))) continue;
      // (Where case tells, a clinical abbreviation in capitals after the name ends it: "VNA of Rhode Island PT".)
      if (tells ? !w.cap || (j > k && w.allCaps && isStopWord(w)) : isStopWord(w) && !DESCRIPTORS.has(w.lower)) break;
      end = j;
    }
    return end;
  };
  const add = (from: number, to: number, why: string) => {
    for (let k = from; k <= to; k++) taken.add(k);
    out.push({ start: words[from].start, end: words[to].end, type: 'location', confidence: 0.65, why });
  };
  for (let i = 0; i + 1 < words.length; i++) {
    // "Parish is Sts. Peter and Paul", "PARISHIONERS OF SANTO CHRISTO", "parish: St. Monica": the parish's name.
    if (PARISH_LABEL.has(words[i].lower)) {
      let k = i + 1;
      if (/^(?:is|was|of|at|in)$/.test(words[k].lower) && bareSpace(words[k].gap)) k++;
      if (k >= words.length || !/^[ \t]*:?[ \t]+$/.test(words[k].gap) || NOT_PARISH.has(words[k].lower)) continue;
      // ("our parish" names none; "Our Lady of ..." does.)
      if (words[k].lower === 'our' && words[k + 1]?.lower !== 'lady') continue;
      const end = nameFrom(k);
      // (In a note of one case the name holds a word that is no word of the language, or opens with a saint's or a feast's: "PARISH BROUGHT IN" is none.)
      if (!tells && !PARISH_OPENERS.test(words[k].lower) && words.slice(k, end + 1).every((w) => isEnglish(w))) continue;
      if (end >= k && words.slice(k, end + 1).some((w) => !DESCRIPTORS.has(w.lower) && !JOINER.test(w.lower))) add(k, end, `a parish after ${words[i].text}`);
      continue;
    }
    // "VNA of Rhode Island", "VNA Care Network", "vna of vt and nh": a visiting nurses' agency by its name.
    if (words[i].lower === 'vna' && bareSpace(words[i + 1].gap)) {
      const k = words[i + 1].lower === 'of' && words[i + 2] && bareSpace(words[i + 2].gap) ? i + 2 : i + 1;
      if (k === i + 1 && !tells) continue;
      // ("d/c home w/ VNA Sat": a weekday after it is when the nurse comes.)
      if (WEEKDAYS.test(words[k].lower)) continue;
      let end = nameFrom(k);
      // ("vna of vt and nh nursing": a descriptor after the name is the service, not the agency.)
      while (end > k && DESCRIPTORS.has(words[end].lower)) end--;
      const name = words.slice(k, end + 1);
      if (end < k || name.every((w) => DESCRIPTORS.has(w.lower) || JOINER.test(w.lower)) || (!tells && name.every((w) => isEnglish(w)))) continue;
      add(i, end, "a visiting nurses' agency by its name");
      i = end;
      continue;
    }
    // Insurance: NAME (the label then a colon).
    // ("Insurance Health New England, ID ...": where case tells, the label and a capitalised name without the colon.)
    const bare = tells && words[i].cap && bareSpace(words[i + 1].gap) && words[i + 1].cap && !words[i + 1].allCaps;
    if (PLAN_LABEL.test(words[i].lower) && (/^[ \t]*:[ \t]*$/.test(words[i + 1].gap) || bare)) {
      const k = i + 1;
      // ("Insurance: NH Medicaid": a state's letters before a public programme.)
      if (NOT_PLAN.has(words[k].lower) || (POSTAL_CODES.has(words[k].lower) && NOT_PLAN.has(words[k + 1]?.lower ?? ''))) continue;
      const end = nameFrom(k);
      if (end >= k) add(k, end, `a health plan after ${words[i].text}${bare ? '' : ':'}`);
      continue;
    }
    // Dr. NAME, PRACTICE: a practice after a clinician's name and its comma.
    if (words[i].lower !== 'dr' && words[i].lower !== 'doctor') continue;
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
