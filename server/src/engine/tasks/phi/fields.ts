/**
 * The values of a form's labelled fields that name a place:
 * - a pharmacy's or a house of worship's name after its label and colon ("Pharmacy: CVS, Woburn",
 *   "CHURCH: EGLISE BAPTISTE EBENEZER", "pharmacy: brooks, roslindale insurance: ..."), and the
 *   town after the value's comma where a list holds it as a town;
 * - a facility's, a hospice's or an agency's ("Transferring facility: Northwestern Medical
 *   Center", "From: Addison Gilbert ED"), capitalised as a name's where case tells, else with a
 *   word that is no word of the language, up to the unit after it;
 * - a practice after a clinician's label ("PCP: Dr. X, Seacoast Family Practice").
 * Invariants: a value is one to four words on the label's line, joined by spaces, before any
 * punctuation or the next label (a label's word, or a word before a colon), its first
 * capitalised where case tells; a value that says there is none ("N/A", "none", "see above",
 * "mail order", "Catholic", "Rehab") is no place; a word another rule took is not taken again.
 */
import { isStopWord } from './clinicalWords';
import { isEnglish, isTown } from './lists';
import { listedTownAt } from './listedTowns';
import { PhiSpan } from './types';
import { bareSpace, Word } from './words';

type Found = Omit<PhiSpan, 'text'>;

const set = (s: string) => new Set(s.trim().split(/\s+/));

/** Labels whose value is a place's name. */
const PLACE_LABELS = set('pharmacy church parish temple synagogue mosque');
/** Labels whose value is a place's name where a word of it is no word of the language ("Hospice: referral to ..." names none). */
const FACILITY_LABELS = set('facility hospice vna agency snf from');
/** Labels of a clinician whose value may name the practice after the clinician ("PCP: Dr. X, Seacoast Family Practice"). */
const CLINICIAN_LABELS = set('pcp cardiologist oncologist surgeon nephrologist neurologist psychiatrist dentist');
/** The last word of a practice's name. */
const PRACTICE_KINDS = /^(?:practice|associates|center|centers|centre|clinic|group|physicians|medical|health|healthcare)$/;
/** Where a facility's value stops: the unit or the department after its name ("From: Addison Gilbert ED"). */
const UNIT_AFTER = set('ed er ew icu micu sicu ccu floor unit clinic');
/** Words that open the next field of a run-together form ("... roslindale insurance: ..."), never part of a value. */
const LABEL_WORDS = set(`insurance employer pcp address phone tel language lang code allergies diet religion lives home nok hcp poa
  age dx hx services hospice oncologist cardiologist surgeon interpreter legal barriers contact guardian vna church pharmacy mrn
  supplemental medicare medicaid occupation referring`);
/** Values that say there is no such place, or name a faith rather than a congregation. */
const NO_PLACE = set(`none n a na unk unknown see above same no not declined mail order home delivery local any various va hospital
  in-house inpatient outpatient catholic protestant jewish muslim baptist methodist lutheran episcopal christian orthodox hindu buddhist
  nondenominational other rehab osh outside nh ltc ltac alf snf floor ward street shelter er ed ew or icu home`);

export function fieldSpans(text: string, words: readonly Word[], tells: boolean, taken: Set<number>): Found[] {
  const out: Found[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    if (CLINICIAN_LABELS.has(words[i].lower) && /^[ \t]*:[ \t]*$/.test(words[i + 1].gap)) {
      const practice = practiceAfter(words, i + 1, tells, taken);
      if (practice) {
        out.push({
          start: words[practice[0]].start,
          end: words[practice[1]].end,
          type: 'location',
          confidence: 0.7,
          why: `a practice after ${words[i].lower}:`,
        });
        for (let k = practice[0]; k <= practice[1]; k++) taken.add(k);
      }
      continue;
    }
    const facility = FACILITY_LABELS.has(words[i].lower);
    if ((!PLACE_LABELS.has(words[i].lower) && !facility) || !/^[ \t]*:[ \t]*$/.test(words[i + 1].gap)) continue;
    let end = i + 1;
    const inValue = (k: number) =>
      k < words.length && bareSpace(words[k].gap) && !LABEL_WORDS.has(words[k].lower) && !/^[ \t]*:/.test(text.slice(words[k].end, words[k].end + 2));
    while (end - i < 4 && inValue(end + 1) && !(facility && UNIT_AFTER.has(words[end + 1].lower))) end++;
    const value = words.slice(i + 1, end + 1);
    // (Where case tells, its words capitalised as a name's; else a word of it that is no word of the language.)
    const named = tells ? value.every((w) => w.cap || isStopWord(w)) : value.some((w) => !isEnglish(w) && !isStopWord(w));
    if (facility && (!named || UNIT_AFTER.has(value[0].lower))) continue;
    // (Capitalised where case tells: "Church: attends weekly" names none.)
    if (
      (tells && !value[0].cap) ||
      LABEL_WORDS.has(value[0].lower) ||
      value.some((w, k) => taken.has(i + 1 + k)) ||
      value.every((w) => NO_PLACE.has(w.lower) || isStopWord(w))
    )
      continue;
    out.push({ start: value[0].start, end: value[value.length - 1].end, type: 'location', confidence: 0.75, why: `the value of ${words[i].lower}:` });
    for (let k = i + 1; k <= end; k++) taken.add(k);
    // ", Woburn", ", roslindale": the town after the value's comma.
    const t = end + 1;
    if (t < words.length && /^,[ \t]*$/.test(words[t].gap) && !taken.has(t)) {
      const last = listedTownAt(words, t, 2);
      if (last >= 0) {
        out.push({ start: words[t].start, end: words[last].end, type: 'location', confidence: 0.7, why: `a town after the value of ${words[i].lower}:` });
        for (let k = t; k <= last; k++) taken.add(k);
      }
    }
    i = end;
  }
  return out;
}

/**
 * A practice named in a clinician's field, after the clinician's name and a comma or alone: up to six words
 * joined by spaces (capitalised where case tells, "of" between), ending at a practice's kind word
 * ("Dr. Chaudhry, Seacoast Family Practice", "Family Health Center of Worcester", "DR. WONG, SOUTH COVE COMMUNITY HEALTH CENTER").
 */
function practiceAfter(words: readonly Word[], from: number, tells: boolean, taken: Set<number>): [number, number] | undefined {
  let k = from;
  // (Past the clinician: "Dr. Name," or "Dr. First Last,".)
  if (/^(?:dr|doctor)$/.test(words[k].lower)) {
    k++;
    while (k < words.length && k - from < 4 && !words[k].gap.includes(',')) k++;
    if (k >= words.length || !/^,[ \t]*$/.test(words[k].gap)) return undefined;
  }
  const start = k;
  let kind = -1;
  for (let j = start; j < words.length && j - start < 6; j++) {
    const w = words[j];
    if (j > start && !bareSpace(w.gap)) break;
    if (taken.has(j) || (tells && !w.cap && w.lower !== 'of') || LABEL_WORDS.has(w.lower)) break;
    if (PRACTICE_KINDS.test(w.lower)) kind = j;
  }
  if (kind < 0 || kind === start) return undefined;
  // ("... Center of Worcester": a town after "of".)
  const end =
    words[kind + 1]?.lower === 'of' && bareSpace(words[kind + 1].gap) && words[kind + 2] && bareSpace(words[kind + 2].gap) && isTown(words[kind + 2].lower)
      ? kind + 2
      : kind;
  return [start, end];
}
