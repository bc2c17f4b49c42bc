/**
 * Names and places found by the words around them, then by the lists: a title ("Dr.",
 * "Mrs"), a relative or a role ("pt's wife", "dtr", "attending"), a verb of talking to
 * someone ("called", "per", "spoke with"), a role after a name ("RN", "MD"), an initial, a
 * sign-off at the note's end; an institution word after a place ("Hospital", "Rehab"), a
 * move ("transferred to", "lives in"). A note whose case tells names apart needs a capital;
 * one written all in capitals or in lower case leans on the lists.
 */
import { CLINICAL_WORDS, FUNCTION_WORDS, isStopWord, isUnknownWord, mayBeName } from './clinicalWords';
import { AGE_AFTER, DOES_AFTER_NAME, NAMES_THAT_ARE_FUNCTION_WORDS, NOT_NAMES, RELATIVES, RELATIVES_DO, ROLES_BEFORE } from './contextWords';
import { SERVICES_BEFORE_ROLE, SPECIALTIES, SUMMARY_LABELS, THING_BEFORE, TITLE_VERBS, TITLES, VERBS, VERBS_WITH, OPENS } from './contextWords';
import { AFTER_OPENS, BODY_SIDE_PARTS, UNITS_BEFORE_RN, PHONE_KINDS, ROLE_DOES, CASE_MANAGER_DOES, SHORT_CAPS_NAME_DOES, DRAWN } from './contextWords';
import { SHIFT_WORDS } from './handovers';
import { isCommonName, isEnglish, isName, isPlace } from './lists';
import { markedNames } from './nameMarks';
import { FIRST_PERSON_AFTER } from './nameMarkWords';
import { longPatientName } from './patientNames';
import { placeSpans } from './places';
import { rosterSpans } from './rosters';
import { ROLES_AFTER, signOffSpans } from './signOffs';
import { PhiSpan } from './types';
import { COUNTRIES, nearEnglish, stateAfter, STATES } from './spelling';
import { bareSpace, caseTells, initial, lowerCaseNote, Word, wordsOf } from './words';

type Found = Omit<PhiSpan, 'text'>;
export function contextSpans(text: string, words: Word[] = wordsOf(text)): Found[] {
  const tells = caseTells(text);
  const lowerNote = lowerCaseNote(text);
  const out: Found[] = [];
  const taken = new Set<number>();
  const add = (from: number, to: number, type: 'name' | 'location', confidence: number, why: string) => {
    for (let k = from; k <= to; k++) taken.add(k);
    out.push({ start: words[from].start, end: words[to].end, type, confidence, why });
  };
  const isStop = (w: Word) => isStopWord(w);
  const spaced = (i: number) => i < words.length && /^[ \t]*[.,]?[ \t]*$/.test(words[i].gap);
  const nameish = (w: Word | undefined, context: 'title' | 'kin' | 'role' | 'near' | 'none'): boolean => {
    // "wife May", "son Will": a name that is a function word too, after a relative, capitalised where case tells.
    // ("guardian ok'd hospice", "WIFE DOESN'T DRIVE", "RESIDENT DREW BLOOD": a verb's past with 'd, a verb with n't, drew before what was drawn.)
    if (!w || /['\u2019](?:d|t)$/.test(w.lower) || (w.lower === 'drew' && DRAWN.test(text.slice(w.end, w.end + 12)))) return false;
    // ("Dr. Ho", "Mr. An": where case tells, a capitalised word of two letters after a title is a name, a function word or not; "MR No." none.)
    if (context === 'title' && tells && w.cap && !w.allCaps && w.text.length === 2) return !TITLE_VERBS.has(w.lower);
    // ("son mark at bedside", "SON MARK PHONE 555-0100": in a note of one case, before what a visitor does, where one is, a number.)
    const oneCaseKin =
      !tells && /^[ \t]+(?:at|works|called|calls|visited|is|was|here|in|and|phone|cell|tel)\b|^[ \t]*[,;#]/i.test(text.slice(w.end, w.end + 9));
    const kinFunction = context === 'kin' && (tells ? w.cap && !w.allCaps && !w.starts : oneCaseKin) && NAMES_THAT_ARE_FUNCTION_WORDS.has(w.lower);
    if ((FUNCTION_WORDS.has(w.lower) && !kinFunction) || w.text.length < 2) return false;
    // ("son Thurs", "Family is Muslim": a weekday's abbreviation and a faith name no one but after a title.)
    if (context !== 'title' && NOT_NAMES.test(w.lower)) return false;
    // ("DR SAYS YES", "Dr. aware": what a doctor does, written after the title with no capital of its own, is no name.)
    if (context === 'title') return !(TITLE_VERBS.has(w.lower) && (!tells || !w.cap || w.allCaps));
    // "Son, Ed, was updated": a clinical abbreviation (ED) written as a name, after a relative where case tells.
    // ("son ted called": in a note of one case, a name that is a clinical word too, before what a visitor does.)
    const visits = () =>
      /^[ \t]+(?:called|calls|visited|visits|visiting|here|updated|aware|came|comes|arrived|at[ \t]+(?:bedside|bs)\b)/i.test(text.slice(w.end, w.end + 14));
    // ("LIVES WITH WIFE PEG.": or alone before a clause's end, outside a family history, where "MOTHER MI." is a disease.)
    const alone = () =>
      w.text.length >= 3 &&
      /^[ \t]*(?:[.,;]|\n|$)/.test(text.slice(w.end, w.end + 3)) &&
      !/\b(?:fh|fhx|family\s+(?:history|hx))\b[^\n]*$/i.test(text.slice(Math.max(0, w.start - 80), w.start));
    const kinName =
      context === 'kin' && (isName(w) || isCommonName(w)) && (tells ? w.cap && !w.allCaps : !FUNCTION_WORDS.has(w.lower) && (visits() || alone()));
    if (CLINICAL_WORDS.has(w.lower) && !kinName) return false;
    // After a relative a name that is also a word ("son Bill") counts; after a verb ("per orders") it needs a capital.
    // A word no safe-word list holds, after a relative or before a role, is likely a name no name list has.
    const unknown = isUnknownWord(w) && w.text.length > 3 && (!tells || (w.cap && !w.allCaps));
    // In a note of lower case a capital that starts no sentence is as good a sign as where case tells.
    const rareCap = lowerNote && w.cap && !w.allCaps && !w.starts;
    // "son flying in from Denver", "son, owns a store": in a note of one case a verb's form after a relative is no name ("ted", "fred" are).
    const verbForm = () =>
      ((/(?:ing|ed)$/.test(w.lower) && w.text.length >= 5) || (/..[^s]s$/.test(w.lower) && isEnglish(w.lower.replace(/ies$/, 'y').replace(/s$/, '')))) &&
      isCommonName(w) &&
      !isName(w);
    if (context === 'kin') return tells ? (w.cap && !w.allCaps) || isName(w) : isName(w) || (isCommonName(w) && !verbForm()) || unknown;
    if (context === 'role') return tells ? (w.cap && !w.allCaps) || isName(w) || unknown : isName(w) || unknown || rareCap;
    if (context === 'near')
      return tells ? (w.cap && !w.allCaps && (!isEnglish(w) || isCommonName(w))) || isName(w) : isName(w) || (rareCap && (!isEnglish(w) || isCommonName(w)));
    return isName(w) && (!tells || (w.cap && !w.allCaps)) && w.text.length > 3;
  };
  // A word that may be the patient's name after "pt": no clinical, function, relative's or title word, no verb's form ("Mildred" is) ...
  const plainName = (x: Word | undefined): x is Word =>
    !!x && x.text.length >= 3 && !isStop(x) && !RELATIVES.has(x.lower) && !TITLES.has(x.lower) && (!/(?:ing|ed)$/.test(x.lower) || isName(x));
  // ... and a listed name, a name that is a word too, or a word no list holds; capitalised where case tells.
  const patientName = (x: Word | undefined) => plainName(x) && (tells ? x.cap : mayBeName(x));
  // (Before an age, in a note of one case, any such word: "pt sterling ashby 66 yo".)
  const agedName = (k: number) => !tells && plainName(words[k]) && AGE_AFTER.test(text.slice(words[k].end, words[k].end + 40));
  // (A first name ending like a verb's form counts where a list holds it as a name: "sterling".)
  const verbLike = (x: Word) => /(?:ing|ed)$/.test(x.lower) && !isName(x) && !isCommonName(x);
  const patientWord = (k: number) =>
    patientName(words[k]) || agedName(k) || (agedName(k + 1) && bareSpace(words[k + 1]?.gap ?? '') && !isStop(words[k]) && !verbLike(words[k]));
  // "spoke w/ ken": after spoke or talked with, a name that is also a word counts in a note of one case.
  const spokeWith = (x: Word | undefined) => !tells && !!x && isCommonName(x) && !isStop(x) && !RELATIVES.has(x.lower) && x.text.length >= 3;
  // A word that may be a surname: a listed name, or a word of four letters or more that no list holds.
  const surname = (w: Word | undefined) => !!w && (isName(w) || (isUnknownWord(w) && w.text.length > 3));
  // "consult with patty wexholm": a first name that is also a word, then a surname.
  const pair = (k: number) => {
    const [a, b] = [words[k], words[k + 1]];
    return !!a && !!b && isCommonName(a) && !isStop(a) && bareSpace(b.gap) && !isStop(b) && surname(b) && (!tells || (a.cap && b.cap));
  };
  // A name from word i: the next name words (a surname after a first name), an initial before it.
  const nameFrom = (i: number, confidence: number, why: string) => {
    let j = i;
    while (
      j + 1 < words.length &&
      j - i < 2 &&
      (bareSpace(words[j + 1].gap) || (initial(words[j]) && /^\.[ \t]*$/.test(words[j + 1].gap))) &&
      !isStop(words[j + 1]) &&
      !(DOES_AFTER_NAME.has(words[j + 1].lower) && !(tells && words[j + 1].cap)) &&
      text[words[j + 1].end] !== ':' && // ("Dr. Rubin Insurance: ...": a form's next label.)
      // A name that is also a word ("saw", "case") goes on with the name only with its capital where case tells, or after a parted first letter.
      (isName(words[j + 1]) ||
        (isCommonName(words[j + 1]) && (!tells || words[j + 1].cap || words[j].text.length === 1)) ||
        (tells && words[j + 1].cap && !words[j + 1].allCaps) ||
        (j === i && pair(i)))
    )
      j++;
    // "NPN 7A-7P - Costello, Leo": a given name after the surname's comma, ending the line (a header's "Last, First").
    const g = words[j + 1];
    if (
      g &&
      /^,[ \t]*$/.test(g.gap) &&
      !isStop(g) &&
      !ROLES_BEFORE.has(g.lower) &&
      (isName(g) || isCommonName(g)) &&
      (!tells || g.cap) &&
      /^[ \t]*(?:\r?\n|$|[,-][ \t])/.test(text.slice(g.end, g.end + 3))
    ) {
      // (The shape says more than the lists: the name spreads through the note as one found with context.)
      j++;
      [confidence, why] = [Math.max(confidence, 0.7), 'a surname and a given name ending a line'];
    }
    let from = i;
    if (i > 0 && initial(words[i - 1]) && /^\.\s*$/.test(words[i].gap) && /^\s*$|[\s,;:(]$/.test(words[i - 1].gap)) from = i - 1;
    add(from, j, 'name', confidence, why);
    return j;
  };

  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const next = words[i + 1];
    if (!next) break;
    // (Most words open none of these rules: neither they nor the word after them is a cue, no hyphen, no initial after.)
    if (!OPENS.has(w.lower) && !AFTER_OPENS.has(next.lower) && next.text.length !== 1 && !w.lower.includes('-')) continue;
    const gap = next.gap;
    // Dr. X, Mrs X, MR X; PREOP-DR. X: a title at the end of a hyphenated word. MS is mental status (or morphine: MS Contin) unless Ms or a name follows.
    const title = w.lower.includes('-') ? w.lower.replace(/^.*-/, '') : w.lower;
    const ms = title !== 'ms' || w.text === 'Ms' || (isName(next) && !CLINICAL_WORDS.has(next.lower)) || isUnknownWord(next);
    // Dr. o brannigan: a name's first letter parted from the rest by a space.
    const split =
      /^(dr|drs|doctor|prof)$/.test(title) &&
      next.text.length === 1 &&
      !/^[ai]$/i.test(next.text) &&
      // Dr. o brannigan, Dr. K. Lin: the first letter parted by a space or a full stop.
      /^\.?[ \t]+$/.test(words[i + 2]?.gap ?? 'x') &&
      !isStop(words[i + 2]) &&
      (surname(words[i + 2]) || isCommonName(words[i + 2]));
    // "PT MR K RESTING": Mr or Mrs and one letter ("mr I remained": a capital I too, where no first person's verb follows).
    const lone =
      /^(mr|mrs|ms|miss)$/.test(title) &&
      (next.text === 'I' ? !FIRST_PERSON_AFTER.test(text.slice(next.end, next.end + 8)) : /^[b-hj-z]$/i.test(next.text)) &&
      /^[ \t.,]/.test(text.slice(next.end, next.end + 1) || ' ');
    // ("mild MR.\nPlan:": a title's name is on its line; "mod MR. Anticoagulation": MR after its grade is a valve's.)
    if (
      TITLES.has(title) &&
      ms &&
      /^\.?[ \t]{1,3}$|^\.$|^\.?\s{1,3}$/.test(gap) &&
      !(/^mr$/i.test(title) && (/\n/.test(gap) || /^(?:mild|mod|moderate|severe|trace|trivial|minimal|significant)$/.test(words[i - 1]?.lower ?? ''))) &&
      (nameish(next, 'title') || split || lone)
    ) {
      i = nameFrom(i + 1, 0.95, `after ${w.text}`);
      // Drs. Ames and Ruiz, Drs Ames, Ruiz: more names after the title's name.
      for (let k = i + 1; k < words.length; k = i + 1) {
        if (/^(and|&)$/.test(words[k].lower) && /^,?[ \t]+$/.test(words[k].gap)) k++;
        // A comma lists names after Drs. only: "Dr. Ames, Esmolol gtt d/c'd" goes on with the note.
        const listed = /^(and|&)$/.test(words[k - 1].lower) || (/^(drs|doctors)$/.test(title) && words[k].gap.includes(','));
        if (!/^(,[ \t]*|[ \t]+)$/.test(words[k]?.gap ?? '') || !listed) break;
        if (TITLES.has(words[k].lower) || !nameish(words[k], 'near')) break;
        i = nameFrom(k, 0.85, `after ${w.text}`);
      }
      continue;
    }
    // "PT HOLLOWAY IS 62 YO", "pt gendron c/o pain", "pt travis is 24 yo m": the patient's name after pt, before an age or a complaint.
    if (/^(pt|patient)$/.test(w.lower) && bareSpace(gap) && !taken.has(i + 1) && patientWord(i + 1)) {
      // ("pt lemuel "junior" tyler 92 yo", "pt clara mae ennals, one hundred and one y/o": three words before an age.)
      const long = longPatientName(text, words, i, plainName);
      if (long) {
        add(i + 1, long.end, 'name', 0.75, `after ${w.text}${long.why}`);
        i = long.end;
        continue;
      }
      const two = words[i + 2] && bareSpace(words[i + 2].gap) && patientWord(i + 2) ? i + 2 : i + 1;
      for (const last of two === i + 2 ? [i + 2, i + 1] : [i + 1]) {
        const after = text.slice(words[last].end, words[last].end + 40);
        // ("pt ramos pod 1 s/p", "PT JOSEPH IANELLI S/P", "PT KENNETH ALBEE (KA)", "PT MILDRED SOUSA, LABEL": before a
        // procedure's day, the patient's initials, or a comma after two names that are no words of the language.)
        const listedTwo = last === i + 2 && [words[i + 1], words[i + 2]].every((x) => !isEnglish(x) && mayBeName(x));
        if (
          AGE_AFTER.test(after) ||
          /^\s+(?:c\/o|complains|complaining|states|reports|denies|remains|resting|asking|asked|asks|tearful|requests|requested|refuses|refused|lives|lived|works|worked|retired|grew|sedated)\b|^\s*\(\s*(?:["\u201c]|(?:likes|prefers|goes|aka)\b)/i.test(
            after,
          ) ||
          /^\s+(?:s\/p\b|pod\s*#?\s*\d)|^\s*\(\s*[a-z]\.?[a-z]\.?\s*\)/i.test(after) ||
          (listedTwo && /^,/.test(after)) ||
          // ("soc: pt hwang, pmh cabg", "social: pt ferreira lives w/ son": the patient named where a social history opens.)
          (/\b(?:social|soc)[ \t]*:[ \t]*$/i.test(text.slice(Math.max(0, w.start - 9), w.start)) &&
            /^(?:,|\s+(?:lives|pmh)\b)/i.test(after) &&
            (isName(words[last]) || !isEnglish(words[last])))
        ) {
          add(i + 1, last, 'name', 0.75, `after ${w.text}`);
          i = last;
          break;
        }
      }
      if (taken.has(i + 1) || taken.has(i)) continue;
    }
    // pt's wife X, son: X, dtr X, attending X, called X, spoke with X, a significant other's "s/o paul" (not SOAP's "S/O:")
    // dtr-in-law, MD Saeed (after "per"): a relative's hyphenated form, md before a name.
    const relative =
      RELATIVES.has(w.lower) ||
      (w.lower.includes('-') && RELATIVES.has(w.lower.replace(/^[a-z]+-/, ''))) ||
      (w.lower === 'o' && w.gap === '/' && words[i - 1]?.lower === 's' && bareSpace(next.gap) && mayBeName(next)) ||
      ROLES_BEFORE.has(w.lower) ||
      // ("notified house officer Raj": the house officer by name.)
      (w.lower === 'officer' && /^(house|parole|probation)$/.test(words[i - 1]?.lower ?? '')) ||
      // ("night float greg": the covering resident.)
      (w.lower === 'float' && /^(night|day)$/.test(words[i - 1]?.lower ?? '')) ||
      // ("son in law marcel": an in-law written without its hyphens.)
      (w.lower === 'law' && words[i - 1]?.lower === 'in' && RELATIVES.has(words[i - 2]?.lower ?? '')) ||
      // Without case, an unknown word after md is as often a misspelling ("per md verbl") as a name.
      (w.text.toLowerCase() === 'md' && nameish(next, 'role') && (tells || isName(next) || (next.cap && !next.allCaps))) ||
      // "named Lou", "her name is Lou", "goes by Lou": a name said as one.
      w.lower === 'named' ||
      (w.lower === 'is' && words[i - 1]?.lower === 'name') ||
      (w.lower === 'name' && /^(real|full|legal|maiden|preferred|first|given)$/.test(words[i - 1]?.lower ?? '')) ||
      (w.lower === 'by' && /^go(es)?$/.test(words[i - 1]?.lower ?? '')) ||
      // "by rt dave": a respiratory therapist (rt is right, too) only before a listed first name.
      // (And "cm gloria following": a case manager, where cm is centimetres too; "pa stacy": a physician assistant, where PA is an artery;
      // "ot lauren": an occupational therapist, where OT is the therapy; "sitter darnell", not "1:1 SITTER, SECTION 12"; never "2 cm mass".)
      ((/^(rt|cm|pa|ot|sitter)$/.test(w.lower) || (w.lower === 'pt' && /^(?:w|with|by)$/.test(words[i - 1]?.lower ?? '') && isName(next))) &&
        !(w.lower === 'cm' && /\d[ \t]*$/.test(text.slice(Math.max(0, w.start - 4), w.start))) &&
        (isName(next) ||
          // ("spoke with PA Lindqvist": where case tells, a capitalised word no list holds after PA in capitals.)
          (tells && w.text === 'PA' && next.cap && !next.allCaps && isUnknownWord(next)) ||
          (isCommonName(next) &&
            ((tells && next.cap && !next.allCaps) ||
              // ("nebs by rt bob", "PER PA DONNA": after a verb or "by", the role's name; "by rt arm" is the right one.)
              // ("surg pa deb": or a PA's or an RT's after a service's word; "psych: 1:1 sitter, section 12" is none.)
              ((/^(?:by|per|called|paged|notified|w)$/.test(words[i - 1]?.lower ?? '') ||
                (/^(?:pa|rt)$/.test(w.lower) && SERVICES_BEFORE_ROLE.has(words[i - 1]?.lower ?? ''))) &&
                !BODY_SIDE_PARTS.test(next.lower)) ||
              // ("cm pam yoder to arrange", "cm lou anne grady checking": a case manager's surname between.)
              (w.lower === 'cm' ? CASE_MANAGER_DOES : ROLE_DOES).test(text.slice(next.end, next.end + 32))))) &&
        !isStop(next) &&
        next.text.length >= 3 &&
        // ("RT JOE AWARE", "CM DEE SENDING", "SITTER LOU AT BEDSIDE": a short name in capitals before what a clinician does is no acronym.)
        // ("BY RT GIL", "RT SAL DID CHEST PT": after "by", or before what a therapist did.)
        !(next.allCaps && next.text.length < 4 && words[i - 1]?.lower !== 'by' && !SHORT_CAPS_NAME_DOES.test(text.slice(next.end, next.end + 16))) &&
        (!tells || next.cap));
    // A relative's word after another ("guardian: Niece, Ann X") is no name, nor a title before it ("Pt's pastor Rev. Hal X").
    const kinWord = () =>
      RELATIVES.has(next.lower) ||
      (next.lower.includes('-') && RELATIVES.has(next.lower.replace(/^[a-z]+-/, ''))) ||
      TITLES.has(next.lower) ||
      // ("nora rn, chaplain fr. o'hare": a role's word after another is no name.)
      (ROLES_BEFORE.has(next.lower) && !tells) ||
      /^(fr|sr|rev|reverend|father|pastor|student)$/.test(next.lower) ||
      PHONE_KINDS.has(next.lower);
    // ("visitor list": after a visitor, in a note of one case, a word of the language is no name.)
    const visitorWord = () => /^visitors?$/.test(w.lower) && !tells && isEnglish(next);
    // ("interpreter from interpreter svcs", "Ian Pruitt, MD, Pulmonary fellow": an office or a service after a role's word is no name.)
    const officeWord = () =>
      /^(svcs?|services?|dept|department|office|team|program|staff|aide|aides|assistant|tech|progress|note|notes|record|records|plan|care|healthcare|case|assessment|form|forms|paperwork|papers|corps)$/.test(
        next.lower,
      ) ||
      SERVICES_BEFORE_ROLE.has(next.lower) ||
      SPECIALTIES.test(next.lower) ||
      // ("Cardiology Fellow Accept Note": a note's kind between a role and "Note"; "per Portland protocol": a protocol's name.)
      (/^(?:notes?|protocol|criteria|guidelines?|pathway)$/.test(words[i + 2]?.lower ?? '') && bareSpace(words[i + 2].gap));
    if (
      (relative || VERBS.has(w.lower)) &&
      !kinWord() &&
      // ("handling son's case", "SON'S CAR WAS TOWED": what a relative has is no name.)
      !/^['\u2019]s\b/i.test(text.slice(w.end, w.end + 3)) &&
      !(!tells && RELATIVES_DO.has(next.lower)) &&
      !visitorWord() &&
      !officeWord() &&
      // ('"friend" bobby': the relative's word in quotes; "Det. Kearney", "sgt. dorsey": a rank's abbreviation and its full stop.)
      // (Or in quotes, after a comma or not: 'a friend, "Sully"', 'sponsor "Red"'; never after a colon, 'mob: "born ..."'.)
      (/^["\u201d]?[ \t]*[,:(-]?[ \t]*$|^,?[ \t]*["\u201c]$/.test(gap) || (/^(?:det|sgt|capt)$/.test(w.lower) && /^\.[ \t]+$/.test(gap))) &&
      (nameish(next, relative ? 'kin' : 'near') || pair(i + 1))
    ) {
      i = nameFrom(i + 1, 0.85, `after ${w.lower}`);
      // Sons Smokey, Morris and Roger: a list of names after a relative.
      for (let k = i + 1; relative && k < words.length; k = i + 1) {
        if (words[k].lower === 'and' && /^,?\s+$/.test(words[k].gap)) k++;
        // ("PARENTS (GARY & LYNN)": joined by an ampersand too.)
        const amp = /^[ \t]*&[ \t]*$/.test(words[k]?.gap ?? '');
        if (
          (!/^(,\s*|\s+)$/.test(words[k]?.gap ?? '') && !amp) ||
          !(amp || words[k - 1].lower === 'and' || words[k].gap.includes(',')) ||
          !nameish(words[k], 'kin')
        )
          break;
        // "wife, rose, left a number": in a note of one case a name listed after a comma ends at a comma, "and" or a stop.
        if (!tells && words[k - 1].lower !== 'and' && !amp && !/^[ \t]*(?:[,.;:)]|and\b|\n|$)/i.test(text.slice(words[k].end, words[k].end + 5))) break;
        if (RELATIVES.has(words[k].lower) || ROLES_BEFORE.has(words[k].lower)) break; // "daughter Ann and son-in-law", "sw beth and chaplain": no name
        if (/^(esq|jr|sr|md|phd|dds|rn|ii|iii)$/.test(words[k].lower)) break; // "guardian, Margaret X, Esq.": a title after the name
        i = nameFrom(k, 0.8, `after ${w.lower}`);
      }
      continue;
    }
    if (
      // ("d/w weinstein": discussed with, written as its two letters.)
      (VERBS_WITH.has(w.lower) || (w.lower === 'd' && next.lower === 'w' && next.gap === '/')) &&
      /^(with|to|by|w)$/.test(next.lower) &&
      /^[ \t/]*$/.test(words[i + 2]?.gap ?? 'x') &&
      (nameish(words[i + 2], 'near') ||
        pair(i + 2) ||
        (/^(spoke|spoken|talked|met)$/.test(w.lower) && /^(with|w)$/.test(next.lower) && spokeWith(words[i + 2]))) &&
      !TITLES.has(words[i + 2].lower)
    ) {
      i = nameFrom(i + 2, 0.85, `after ${w.lower} ${next.lower}`);
      continue;
    }
    // "social: joe called", "and George visited": a first name at a clause's start before a call or a visit.
    const clause = w.starts || /[,;(]\s*$/.test(w.gap) || words[i - 1]?.lower === 'and';
    if (
      /^(called|phoned|visited|calls|visits|phones|aware|notified|paged)$/.test(next.lower) &&
      bareSpace(gap) &&
      clause &&
      !taken.has(i) &&
      !isStop(w) &&
      !RELATIVES.has(w.lower) &&
      !ROLES_BEFORE.has(w.lower) &&
      // ("code called", "rapid response paged": the call is the hospital's.)
      !/^(code|team|rapid|response|stat|trauma|stroke|page|overhead|police|security|ems|fire|ambulance|pharmacy|lab|blood|bank)$/.test(w.lower) &&
      // ("pastor visited": a clergyman's word, as a relative's, is no name.)
      !/^(pastor|priest|rabbi|minister|deacon|imam|reverend|rev|chaplain)$/.test(w.lower) &&
      w.text.length >= 3 &&
      (isName(w) || isCommonName(w)) &&
      (!tells || (w.cap && !w.allCaps)) &&
      // ("tema notified": before a word of being told, in a note of one case, no misspelt word.)
      (tells || /^(called|phoned|visited|calls|visits|phones)$/.test(next.lower) || !nearEnglish(w.lower))
    ) {
      add(i, i, 'name', 0.75, `before ${next.lower}`);
      continue;
    }
    // X RN, X, MD, Dick Smith (resident), Mary Hulse, R.N.; PA (also pulmonary artery) only after a listed name.
    const dotted = next.text.length === 1 && words[i + 2]?.gap === '.' && /^(r\.n|m\.d)$/.test(`${next.lower}.${words[i + 2].lower}`);
    // ("stan hd rn", "Jo PACU RN": a unit's or a task's word between the name and RN.)
    const unitRole = UNITS_BEFORE_RN.has(next.lower) && /^(?:rn|lpn|nurse)$/.test(words[i + 2]?.lower ?? '') && bareSpace(words[i + 2].gap);
    const role = ROLES_AFTER.has(next.lower) || dotted || unitRole;
    const plural = next.possessive;
    // ("PIV 20g. Surgical intern": a letter glued to a number is its unit, no initial.)
    const afterInitial = i > 0 && initial(words[i - 1]) && /^\.\s*$/.test(w.gap) && !/\d$/.test(words[i - 1].gap);
    // ("VASC FELLOW", "heme-onc attending": a service before a role is no name, nor "S. SWAN-GANZ PA"; "Step-Down Resident Note" a unit.)
    const roleName = (x: Word) =>
      !(x.text.includes('-') && x.lower.split('-').every((p) => isEnglish(p) || CLINICAL_WORDS.has(p) || SERVICES_BEFORE_ROLE.has(p))) &&
      !SERVICES_BEFORE_ROLE.has(x.lower) &&
      !SPECIALTIES.test(x.lower) &&
      (nameish(x, 'role') || (tells && isCommonName(x) && x.cap && !isStop(x)));
    // ("l. park pgy1": after an initial, a surname that is a word too.)
    if (
      role &&
      !plural &&
      /^[ \t]*[,(]?[ \t]*$/.test(gap) &&
      !taken.has(i) &&
      (roleName(w) ||
        (afterInitial && !/^[ai]$/i.test(words[i - 1].text) && !isStop(w) && !w.lower.split('-').every((p) => CLINICAL_WORDS.has(p)) && w.text.length >= 3) ||
        // ("anita (sw), paul rn,", "JO RN": in a note of one case a name that is a word too before RN, where no function
        // word ("ROUNDS SO RN AND FAMILY") and no word of a shift or a post is.)
        (!tells && next.lower === 'rn' && isCommonName(w) && !isStop(w) && !SHIFT_WORDS.test(w.lower))) &&
      (next.lower !== 'pa' || isName(w) || afterInitial)
    ) {
      let from = i;
      const first = words[i - 1];
      // ("ok to wean. mc rn": a full stop between ends a sentence, save after an initial.)
      const stop = /\./.test(w.gap) && !initial(first);
      if (i > 0 && spaced(i) && !stop && (roleName(first) || (isCommonName(first) && !isStop(first))) && !taken.has(i - 1) && !/\n/.test(w.gap)) from = i - 1;
      if (from > 0 && initial(words[from - 1]) && /^\.\s*$/.test(words[from].gap)) from--;
      add(from, i, 'name', 0.8, `before ${next.text}`);
    }
  }

  out.push(...markedNames(text, words, tells, taken));
  out.push(...placeSpans(words, tells, taken, text));

  // '"gus" pelletier, 77 yo m', 'reggie (reginald boyd), 57 yo', 'E.B. IS A 74 YO M': a name opening a line, before the patient's age.
  // ("recap: harold tsang 81m, admitted": or after a summary's label and its colon.)
  for (let i = 0; i < words.length; i++) {
    const gap = words[i].gap;
    const label = i > 0 && gap.includes(':') && /^[ \t]*:[ \t]*$/.test(gap) && SUMMARY_LABELS.test(words[i - 1].lower);
    if (!(i === 0 || (gap.includes('\n') && /\n[ \t"'(]*$/.test(gap)) || label) || taken.has(i)) continue;
    let j = i;
    const nameWord = (w: Word) =>
      (initial(w) && !/^[ai]$/i.test(w.text)) ||
      (w.text.length >= 2 && !isStop(w) && !RELATIVES.has(w.lower) && !TITLES.has(w.lower) && mayBeName(w) && (!tells || w.cap));
    while (j < words.length && j - i < 4 && nameWord(words[j]) && !taken.has(j) && (j === i || /^[ \t.,"'()]*$/.test(words[j].gap))) j++;
    if (j === i || !words.slice(i, j).some((w) => !initial(w))) {
      if (!(j - i >= 2 && words.slice(i, j).every(initial))) continue;
    }
    const after = text.slice(words[j - 1].end, words[j - 1].end + 30);
    if (!/^[ \t."')]*(?:,[ \t]*|[ \t]+is[ \t]+an?[ \t]+|[ \t]+)(?:\d{1,3}[ \t]*-?[ \t]*(?:yo\b|y\/o|y\.o\.|years?\b|yr)|\d{2,3}[mf]\b)/i.test(after)) continue;
    add(i, j - 1, 'name', 0.75, "a name opening a line before the patient's age");
    i = j - 1;
  }

  // Sign-offs ending the note: a short last line, a name after the last full stop, a sentence of its own (signOffs.ts).
  signOffSpans({ text, words, tells, taken, nameish, isStop, add });

  // "covering: patel/ruiz", "D. SEGAL/M. FINN": clinicians listed together (rosters.ts).
  out.push(...rosterSpans(words, tells, taken));

  // The lists alone: a name or place that is no English word, no clinical word.
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (taken.has(i) || isStop(w) || w.text.length < 4) continue;
    // A US state ("Maryland") is no name by the list alone: Safe Harbor keeps a state.
    // ("NO OSBORN WAVES", "Babinski sign": an eponym before what it names is no one's name here.)
    const eponym = () =>
      /^[ \t]+(?:waves?|signs?|maneuver|manoeuvre|reflex|test|syndrome|disease|criteria|score|scale|position|tube|catheter|drain|valve|graft|straps?|protocol)\b/i.test(
        text.slice(w.end, w.end + 12),
      ) ||
      // ("s/p Ivor Lewis esophagectomy": an operation named for one or two surgeons.)
      /^(?:[ \t]+[A-Za-z'-]+)?[ \t]+(?:procedure|operation|repair|flap|\w+ectomy|\w+otomy|\w+ostomy|\w+plasty)\b/i.test(text.slice(w.end, w.end + 32));
    // (After "St." a name is a saint's: a hospital, a church or a valve's maker.)
    const saint = () => /\b(?:st|saint)\.?[ \t]+$/i.test(text.slice(Math.max(0, w.start - 7), w.start));
    if (
      nameish(w, 'none') &&
      !eponym() &&
      !saint() &&
      !COUNTRIES.has(w.lower) &&
      !STATES.has(w.lower) &&
      (tells || (w.cap && !w.allCaps) || !nearEnglish(w.lower)) &&
      !THING_BEFORE.test(text.slice(Math.max(0, w.start - 14), w.start))
    ) {
      i = nameFrom(i, 0.5, 'in the name list');
      continue;
    }
    // (A country alone is no PHI, "family from Colombia"; one before its state is a town, "FROM LEBANON, TN".)
    const state = stateAfter(words, i);
    const country = COUNTRIES.has(w.lower) && !state;
    if (isPlace(w) && !STATES.has(w.lower) && !country && (!tells || w.cap) && (tells || !nearEnglish(w.lower)))
      add(i, i, 'location', 0.45, 'in the place list');
    // ("IN GREECE, NY", "Peru, IL": a country's name before a state's is a town's.)
    else if (COUNTRIES.has(w.lower) && state && (!tells || w.cap)) add(i, i, 'location', 0.6, "a country's name before a state");
  }
  return out;
}
