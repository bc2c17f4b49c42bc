/**
 * A place named by where it stands: after a preposition of place, the name of a store, a
 * clinic, a court or a bar that no kind word names, before the town or the street it is in
 * ("at the Home Depot in Franklin", "FOUND IN THE LOT OF THE STAR MARKET ON CHESTNUT HILL
 * AVE", "dialysis at DaVita in Quincy", "papers from Probate and Family Court in Dedham").
 *
 * Invariants: the name is one to four words after the preposition (and "the"), joined by
 * spaces, "and", "of" or "&"; none is taken already; the town after "in" is one the lists
 * hold (capitalised where case tells), the street after "on" ends in a street's word within
 * four words. Where case tells each word of the name is capitalised (a word of the language
 * too: "Home Depot"); in a note of one case none is a stop word. A name of descriptors or
 * generic places alone ("the hospital in Quincy", "a party in Revere", "rehab in Lynn") is
 * no place's; nor is a title's, a relative's, a month's or a weekday's.
 */
import { FUNCTION_WORDS, isStopWord, NOT_HOSPITAL_ABBREVIATION } from './clinicalWords';
import { DESCRIPTORS } from './institutions';
import { isCommonName, isEnglish, isName, isPlace, isTown } from './lists';
import { nearEnglish, POSTAL_CODES, STATES } from './spelling';
import { PhiSpan } from './types';
import { bareSpace, Word, wrapSpace } from './words';

type Found = Omit<PhiSpan, 'text'>;
const set = (s: string) => new Set(s.trim().split(/\s+/));

/** The prepositions a named place follows ("of" only with "the": "the lot of the Star Market"), and an owner's verbs ("owns Nick's Pizza in Peabody"). */
const BEFORE = set('at from to near of owns owned runs ran manages managed');
/** Places and gatherings that name no particular one ("at the mall in Braintree", "a wedding in Newton"). */
const GENERIC = set(`home house work job school church mall store market shop park beach pool gym bar restaurant office
  apartment apt condo building party game wedding funeral wake parade concert meeting appointment visit dinner lunch
  breakfast reunion shower station airport hotel motel shelter hospital rehab floor unit er ed lot area place town city
  salon barbershop diner cafe bakery garage factory plant warehouse yard farm laundromat deli pharmacy
  same other nursing facility program nh snf ltc ltac alf ecf vna osh pcp dtr mom dad niece nephew aunt uncle cousin
  grandson granddaughter grandmother grandfather girlfriend boyfriend partner neighbor neighbour kids children grandkids grandchildren
  january february march april may june july august september october november december
  monday tuesday wednesday thursday friday saturday sunday dr mr mrs ms miss`);
/** The last word of a street's name ("on Chestnut Hill Ave"). */
const STREET = set('street st road rd avenue ave av boulevard blvd lane ln drive way pike terrace ter parkway pkwy highway hwy square sq');

export function establishmentSpans(words: Word[], tells: boolean, taken: Set<number>): Found[] {
  const out: Found[] = [];
  const joined = (k: number) => k < words.length && (bareSpace(words[k].gap) || /^[ \t]*&[ \t]*$/.test(words[k].gap));
  // A word of the name: capitalised where case tells (a stop word only inside, before a capital: "Home Depot"), else no stop word.
  const nameWord = (k: number, first: boolean) => {
    const w = words[k];
    if (taken.has(k) || /\d/.test(w.text) || /-in-law$/.test(w.lower) || (GENERIC.has(w.lower) && first)) return false;
    // ("nicks house of pizza": a generic word goes on with a name it does not open.)
    if (!tells) return !isStopWord(w) || (!first && GENERIC.has(w.lower));
    return w.cap && (!isStopWord(w) || (!!words[k + 1] && joined(k + 1) && words[k + 1].cap && !isStopWord(words[k + 1])));
  };
  // The town after "in" (one to three words the lists hold as a town, or a state), or a street after "on": its last index, or -1.
  const where = (k: number): number => {
    const on = words[k].lower === 'on';
    for (let n = on ? 4 : 3; n >= 1; n--) {
      const ws = words.slice(k + 1, k + 1 + n);
      if (ws.length < n || ws.some((w, m) => !bareSpace(w.gap) && !(m === n - 1 && on && /^[ \t]*[.]?[ \t]*$/.test(w.gap)))) continue;
      if (tells && !ws.every((w) => w.cap || /^\d/.test(w.text))) continue;
      const phrase = ws.map((w) => w.lower).join(' ');
      if (on ? STREET.has(ws[n - 1].lower) && n >= 2 : isTown(phrase) || STATES.has(phrase)) return k + n;
    }
    return -1;
  };
  for (let i = 0; i + 3 < words.length; i++) {
    // ("spaulding and kindred in stoughton": a second place after a found one.)
    const l = words[i].lower;
    const listedAfter = (l === 'and' || l === 'or' || l === 'vs') && i > 0 && taken.has(i - 1);
    if (!BEFORE.has(words[i].lower) && !listedAfter) continue;
    let j = i + 1;
    const the = words[j].lower === 'the';
    if (the) j++;
    if (words[i].lower === 'of' && !the) continue;
    // (A line may wrap after the preposition: "a fall at\nOrchard Cove in Canton".)
    if (j >= words.length || !wrapSpace(words[j].gap) || !nameWord(j, true)) continue;
    let k = j;
    // (Joined by "and" or "of" where the word after it is the name's too: "Probate and Family Court".)
    while (k - j < 3 && joined(k + 1)) {
      const next = words[k + 1].lower;
      if ((next === 'and' || next === 'of') && joined(k + 2) && nameWord(k + 2, false) && k + 1 - j < 3) k += 2;
      else if (next !== 'in' && next !== 'on' && nameWord(k + 1, false)) k++;
      else break;
    }
    const at = k + 1;
    if (at >= words.length || !/^(in|on)$/.test(words[at].lower) || !joined(at) || !words[at + 1] || !bareSpace(words[at + 1].gap)) continue;
    if (where(at) < 0) continue;
    const name = words.slice(j, k + 1).map((w) => w.lower);
    if (name.every((w) => DESCRIPTORS.has(w) || GENERIC.has(w) || isStopWord(w))) continue;
    for (let m = j; m <= k; m++) taken.add(m);
    out.push({ start: words[j].start, end: words[k].end, type: 'location', confidence: 0.65, why: `a place before ${words[at].lower} ${words[at + 1].text}` });
    i = k;
  }
  return out;
}

/**
 * Whether a date ends right before word `at` ("Dec 1995", "'98", "10/99", "9/28", "3/14/97"): a year of this or the last
 * century, or a month and day (the day past 12, so no score: "pain 4/10 at rest"), or a month and a year.
 */
function dated(words: Word[], at: number): boolean {
  // (Numbers are no words: the date is in the gap before "at".)
  const m = /(?:^|[\s(,;])(?:((?:19|20)\d\d)|'\d\d|(\d{1,2})\/(\d{1,2})(\/\d{2,4})?)[ \t]+$/.exec(words[at].gap);
  if (!m) return false;
  if (m[1] || m[0].includes("'") || m[4]) return true;
  // (m/d with the day past 12, or m/yy with the year past 31.)
  return !!m[2] && +m[2] >= 1 && +m[2] <= 12 && +m[3] > 12;
}

/** Words after "at" that no list holds and name no place: times and shorthand of the ward. */
const NOT_AT = set(
  'nite noc midnoc bilat incisional lipline approx apprrox aprox hs qhs bs bsd rn md np ns ivf sbp hr dbp map cvp pcwp sao2 spo2 fio2 peep baseline times',
);

/**
 * A hospital, a practice or a company named by one word no list holds, after "at" ("tx'd at
 * lahey", "ANTICOAG CLINIC AT LAHEY", "a nurse at Carney"): where one is treated, works or was
 * seen; after a date and "at" ("Dec 1995 at Carney", "dx 10/99 at carney") a word of the
 * language too. Invariants: one word of four letters or more, no word of the language (after a
 * date: no generic place, and in a note of one case a listed name or place), no clinical or
 * function word, not taken; capitalised (not starting a sentence) where case tells; the word
 * after it is no capitalised word that would go on with the name (the town rules take those); a
 * date before "at" is a year, a month and year, or a month and a day past 12 (no score).
 */
export function atPlaceSpans(words: Word[], tells: boolean, taken: Set<number>): Found[] {
  const out: Found[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    const w = words[i + 1];
    if (words[i].lower !== 'at' || taken.has(i + 1) || !bareSpace(w.gap) || w.text.length < 4 || w.text.includes('-')) continue;
    // "Dec 1995 at Carney", "dx 10/99 at carney", "1985 AT DEACONESS": after a date, where something was done; there
    // a word of the language names the place too (no function, clinical or generic word).
    // (In a note of one case the word is a name or a place the lists hold, or no word of the language: "at bedside" is none.)
    const placeLike = tells ? w.cap && !w.starts : !isEnglish(w) || isName(w) || isCommonName(w) || isPlace(w);
    if (dated(words, i) && !isStopWord(w) && !GENERIC.has(w.lower) && !NOT_AT.has(w.lower) && !/\d/.test(w.text) && placeLike) {
      const after = words[i + 2];
      if (!(tells && after && bareSpace(after.gap) && /^[A-Z]/.test(after.text))) {
        taken.add(i + 1);
        out.push({ start: w.start, end: w.end, type: 'location', confidence: 0.6, why: 'a place after a date and at' });
        continue;
      }
    }
    // ("at bedisde", "at aprox 2am": a misspelt word of the language is no place's name;
    // "tip at cavoatrial jxn": an adjective's ending names a part of the body.)
    if (
      /(?:al|ic|ous|ary|ive|oid|itis|oma|osis|ectomy|otomy|ular)$/.test(w.lower) ||
      isStopWord(w) ||
      isEnglish(w) ||
      (nearEnglish(w.lower) && !isName(w) && !isCommonName(w)) ||
      NOT_AT.has(w.lower) ||
      // (A town or place the lists hold is the town rules' to find.)
      isTown(w.lower) ||
      isPlace(w) ||
      /\d/.test(w.text)
    )
      continue;
    if (tells && (!/^[A-Z][a-z]/.test(w.text) || w.starts)) continue;
    const after = words[i + 2];
    if (tells && after && bareSpace(after.gap) && /^[A-Z]/.test(after.text)) continue;
    taken.add(i + 1);
    out.push({ start: w.start, end: w.end, type: 'location', confidence: 0.6, why: 'a place by its one name after at' });
  }
  return out;
}

/** A state or its postal code, alone. */
const STATES_OR_CODES = (w: Word) => STATES.has(w.lower) || (w.allCaps && w.text.length === 2 && POSTAL_CODES.has(w.lower));

/** A unit's or a service's words at a letterhead's end ("HARBORVIEW TRAUMA ICU", "OHSU NEURO ICU"). */
const UNIT_WORDS = set(`icu ccu micu sicu csru ctic nicu picu tsicu cvicu trauma neuro neurosurgical cardiac surgical burn step-down stepdown
  ed er emergency department dept floor unit ward`);
/** Words of a note's title, not of a place: a segment holding one is no letterhead's name. */
const TITLE_WORDS =
  /\b(?:note|notes|progress|nursing|nsg|npn|admission|assessment|summary|consult|consultation|attending|physician|record|report|flowsheet|addendum|nights?|days?|evenings?|shift|evaluation|eval|intake)\b/i;
/** A specialty's word (endocrinology, pediatrics, psychiatry). */
export const SPECIALTY = /(?:ology|iatrics|iatry|pedics|surgery|medicine)$/;
/** The last word of an institution's name in a letterhead ("UNIVERSITY HOSPITAL", "OU Medical Center"). */
const HOSPITAL_END = /^(?:hospital|hospitals|center|centre|institute|clinic|health|system|infirmary)$/;

/**
 * A letterhead: the note's first line names its hospital, its town, then its unit or the note's
 * title, in segments parted by a dash or a comma ("HARBORVIEW TRAUMA ICU - RN NOTE", "UNIVERSITY
 * HOSPITAL - SAN ANTONIO - EMERGENCY DEPARTMENT", "BAPTIST HEALTH REHABILITATION INSTITUTE,
 * LITTLE ROCK, AR"); or the line after a first line that is the note's title alone ("SOCIAL
 * WORK PROGRESS NOTE", then "BUTTONWOOD MEMORIAL HOSPITAL, NEW BEDFORD, MA"). Invariants: the
 * first line (or the one after a title), under 100 characters; a segment with a title's word is
 * none; a unit's words at a segment's end are left; what remains is a name where it holds a
 * word that is no descriptor, or ends in a hospital's word; a segment that is a listed town
 * (with its state) is the town.
 */
export function letterheadSpans(words: Word[], text: string, taken: Set<number>): Found[] {
  const firstEnd = lineEndAt(text, 0);
  const out = letterheadLine(words, text, 0, firstEnd, taken);
  // (The title alone on the first line: words of a title and spaces, no digit, no colon.)
  const title = text.slice(0, firstEnd).trim();
  if (firstEnd < text.length && title.length > 0 && TITLE_WORDS.test(title) && /^[A-Za-z&/ \t-]+$/.test(title) && title.split(/\s+/).length <= 6) {
    const from = firstEnd + 1;
    out.push(...letterheadLine(words, text, from, lineEndAt(text, from), taken));
  }
  return out;
}

function lineEndAt(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** The letterhead's segments of the line [start, end) of `text`. */
function letterheadLine(words: Word[], text: string, start: number, end: number, taken: Set<number>): Found[] {
  const out: Found[] = [];
  const firstWord = words.findIndex((w) => w.start >= start);
  // (A system's line, "NEURO: ALERT, COOPERATIVE", is no letterhead.)
  if (end - start > 100 || firstWord < 0 || words[firstWord].start >= end || text.slice(start, end).includes(':')) return out;
  // (Nor a line that tells of the patient: "SICU 7A-7P PT X, LABEL READS X, 98 YO S/P ...".)
  if (/\b\d{1,3}[ \t]*(?:yo|y\/o|y\.o\.)(?![a-z])|\bs\/p\b/i.test(text.slice(start, end))) return out;
  // (The line's words, indexed as the note's: an index into line is the word's own less firstWord.)
  const after = words.findIndex((w) => w.end > end);
  const line = after < 0 ? words.slice(firstWord) : words.slice(firstWord, after);
  // (A sentence is no letterhead: capitals beside a word in small letters that joins no name, "Killip class I. Ranson 2".)
  if (line.some((w) => w.cap) && line.some((w) => /^[a-z]/.test(w.text) && !/^(?:of|and|the|at|for|de|la|on|du|von|van)$/.test(w.text))) return out;
  // Segments: runs of words joined by spaces alone (one or two), parted by " - ", a comma or a wider gap.
  const segments: number[][] = [];
  line.forEach((w, k) => {
    if (k === 0 || !/^[ \t]$/.test(w.gap)) segments.push([]);
    segments[segments.length - 1].push(k);
  });
  const texts = segments.map((seg) => seg.map((k) => line[k].text).join(' '));
  const lowerLine = !line.some((w) => /\p{Lu}/u.test(w.text));
  // A line is a letterhead where a segment names a unit or the note's title.
  const headed = segments.some((seg, m) => TITLE_WORDS.test(texts[m]) || seg.every((k) => UNIT_WORDS.has(line[k].lower)));
  for (const [m, seg] of segments.entries()) {
    const ws = seg.map((k) => line[k]);
    // (Letters after a digit are a time's or a count's, "7P-7A", "5 CENTER", but not after a date; a state's code alone says no more than its town.)
    if (
      ws.length > 6 ||
      TITLE_WORDS.test(texts[m]) ||
      (/\d/.test(ws[0].gap) && !/^[ \t]*\d{1,2}\/\d{1,2}(?:\/\d{2,4})?[ \t]*$/.test(ws[0].gap)) ||
      ws.some((w, i) => w.text.length < 2 || taken.has(firstWord + seg[i])) ||
      (ws.length === 1 && STATES_OR_CODES(ws[0]))
    )
      continue;
    const phrase = ws.map((w) => w.lower).join(' ');
    if (isTown(phrase) && !ws.every((w) => isEnglish(w))) {
      out.push({ start: ws[0].start, end: ws[ws.length - 1].end, type: 'location', confidence: 0.7, why: 'a town in a letterhead' });
      continue;
    }
    let n = ws.length;
    const hospitalEnd = HOSPITAL_END.test(ws[n - 1].lower) && ws[n - 1].lower !== 'center';
    while (n > 0 && UNIT_WORDS.has(ws[n - 1].lower) && !hospitalEnd) n--;
    const name = ws.slice(0, n);
    // ("case management note 9/21/04 dhmc 4 west": a line in small letters names its place so too.)
    if (!name.length || name.some((w) => /\d/.test(w.text) || !(w.cap || w.allCaps || lowerLine))) continue;
    // "PT Evaluation - EMMC, 6 South", "spiritual care note - ynhh 1/1/06": a hospital's abbreviation alone in a headed line.
    const w0 = name[0];
    // (Shaped as a hospital's, letters then H or MC, and no clinical abbreviation: not "PMH", "NSICU", "mrn", "NOC".)
    const abbreviation = /^[A-Za-z]{2,4}(?:h|mc)$/i.test(w0.text) && !NOT_HOSPITAL_ABBREVIATION.has(w0.lower);
    if (headed && name.length === 1 && abbreviation && (w0.allCaps || lowerLine) && !isEnglish(w0) && !isStopWord(w0) && !UNIT_WORDS.has(w0.lower)) {
      taken.add(firstWord + seg[0]);
      out.push({ start: w0.start, end: w0.end, type: 'location', confidence: 0.7, why: "a hospital's abbreviation in a letterhead" });
      continue;
    }
    // (A specialty names a department, not a place: "PROGRESS NOTE - ENDOCRINOLOGY CLINIC".)
    const own = name.some((w) => !DESCRIPTORS.has(w.lower) && !isStopWord(w) && !UNIT_WORDS.has(w.lower) && !SPECIALTY.test(w.lower));
    const hospital = HOSPITAL_END.test(name[name.length - 1].lower);
    // (Its own name is no word of the language, or it ends in a hospital's word: "HARBORVIEW", "OHSU", "University Hospital".)
    const named = hospital || name.some((w) => !isEnglish(w) && !isStopWord(w));
    // (No stop word inside but a joiner: "TRANSFERRED FROM GENERAL HOSPITAL" is a sentence.)
    const plain = name.every((w, k) => !FUNCTION_WORDS.has(w.lower) || (k > 0 && /^(of|and|st)$/.test(w.lower)));
    // (Descriptors alone, "Medical Center", only in a letterhead of parts: "UNIVERSITY HOSPITAL - SAN ANTONIO".)
    // (Descriptors alone name a place in a letterhead of parts, but no specialty's clinic or center.)
    const hospitalWord = hospital && name[name.length - 1].lower !== 'clinic' && !name.some((w) => SPECIALTY.test(w.lower));
    // (In a line of small letters only a hospital's own word ends a name: "review of system" is none.)
    if (lowerLine && (!HOSPITAL_END.test(name[name.length - 1].lower) || /^(?:system|health)$/.test(name[name.length - 1].lower))) continue;
    if (!(own || (hospitalWord && segments.length > 1)) || !named || !plain || !(hospital || (n < ws.length && headed))) continue;
    for (const k of seg.slice(0, n)) taken.add(firstWord + k);
    out.push({ start: name[0].start, end: name[name.length - 1].end, type: 'location', confidence: 0.75, why: "a letterhead's institution" });
  }
  return out;
}
