/**
 * Names and places found by the words around them, then by the lists: a title ("Dr.",
 * "Mrs"), a relative or a role ("pt's wife", "dtr", "attending"), a verb of talking to
 * someone ("called", "per", "spoke with"), a role after a name ("RN", "MD"), an initial, a
 * sign-off at the note's end; an institution word after a place ("Hospital", "Rehab"), a
 * move ("transferred to", "lives in"). A note whose case tells names apart needs a capital;
 * one written all in capitals or in lower case leans on the lists.
 */
import { CLINICAL_WORDS, FUNCTION_WORDS } from './clinicalWords';
import { isCommonName, isName, isPlace } from './lists';
import { PhiSpan } from './types';
import { caseTells, Word, wordsOf } from './words';

type Found = Omit<PhiSpan, 'text'>;
const set = (s: string) => new Set(s.trim().split(/\s+/));

const TITLES = set('dr drs doctor mr mrs ms miss mister prof professor');
const RELATIVES = set(`wife husband hus son sons daughter daughters dtr dtrs dau sister sisters sis brother brothers bro
  mother mom mum father dad parent parents niece nephew grandson granddaughter grandchild grandmother grandfather
  aunt uncle cousin friend friends fiance fiancee partner spouse proxy hcp boyfriend girlfriend neighbor neighbour
  stepson stepdaughter sil dil in-law son-in-law daughter-in-law sister-in-law brother-in-law relative visitor visitors`);
const ROLES_BEFORE = set(`attending resident fellow intern rn nurse rrt pharmacist pharmd sw manager therapist
  chaplain surgeon cardiologist physician pcp intensivist hospitalist housestaff liaison coordinator`);
const VERBS = set('called paged per notified informed updated told asked phoned contacted');
const VERBS_WITH = set('spoke speak spoken talked talk discussed met meeting d/w');
const ROLES_AFTER = set('rn md np rrt cns lpn cna resident fellow attending intern pharmd msw lcsw dds');
const INSTITUTIONS = set(`hospital hosp hospitals hospiatal rehab rehabilitation clinic campus center centre memorial manor
  hospice healthcare medical university college institute infirmary sanatorium`);
const NOT_PLACE = set(`outside osh other local community previous prior same another referring transferring nearest
  rehab nursing psych psychiatric medical teaching acute long term care city county state area general this that the
  a an our their his her your va childrens children university hospital home private public regional`);
const MOVES = set(`transfer transferred transfered trans txr tx transferring admitted sent came arrived recieved received
  returned return returning went go going discharged transported flown medflighted followed lives living resides
  resident seen presented referred enroute leave leaving`);
const DESTINATIONS = set(`home floor floors unit units rehab hospital hosp ward room bed bathroom chair commode lab labs
  radiology nursing snf facility hospice morgue stepdown step tcu service team office clinic house family er ew ed
  or pacu cath ir ct mri icu micu ccu sicu csru nicu picu ctic unit's area bedside church work school store surgery
  dialysis hd procedure suite endoscopy gi us echo holding telemetry tele monitor vent pt ot another outside osh
  them him her us me you it this that transfer go pcu ep noon`);

export function contextSpans(text: string): Found[] {
  const words = wordsOf(text);
  const tells = caseTells(text);
  const out: Found[] = [];
  const taken = new Set<number>();
  const add = (from: number, to: number, type: 'name' | 'location', confidence: number, why: string) => {
    for (let k = from; k <= to; k++) taken.add(k);
    out.push({ start: words[from].start, end: words[to].end, type, confidence, why });
  };
  const isStop = (w: Word) => FUNCTION_WORDS.has(w.lower) || CLINICAL_WORDS.has(w.lower);
  const spaced = (i: number) => i < words.length && /^[ \t]*[.,]?[ \t]*$/.test(words[i].gap);
  const initial = (w: Word | undefined) => !!w && w.text.length === 1 && /^[A-Za-z]$/.test(w.text);
  // How sure a word is a name, with this much context.
  const nameish = (w: Word | undefined, context: 'title' | 'kin' | 'near' | 'none'): boolean => {
    if (!w || FUNCTION_WORDS.has(w.lower) || w.text.length < 2) return false;
    if (context === 'title') return true;
    if (CLINICAL_WORDS.has(w.lower)) return false;
    // After a relative a name that is also a word ("son Bill") counts; after a verb ("per orders") it needs a capital.
    if (context === 'kin') return tells ? (w.cap && !w.allCaps) || isName(w.lower) || isCommonName(w.lower) : isName(w.lower) || isCommonName(w.lower);
    if (context === 'near') return tells ? (w.cap && !w.allCaps) || isName(w.lower) : isName(w.lower);
    return isName(w.lower) && (!tells || (w.cap && !w.allCaps)) && w.text.length > 3;
  };
  // A name from word i: the next name words (a surname after a first name), an initial before it.
  const nameFrom = (i: number, confidence: number, why: string) => {
    let j = i;
    while (
      j + 1 < words.length &&
      j - i < 2 &&
      (/^[ \t]+$/.test(words[j + 1].gap) || (initial(words[j]) && /^\.[ \t]*$/.test(words[j + 1].gap))) &&
      !isStop(words[j + 1]) &&
      (isName(words[j + 1].lower) || isCommonName(words[j + 1].lower) || (tells && words[j + 1].cap && !words[j + 1].allCaps))
    )
      j++;
    let from = i;
    if (i > 0 && initial(words[i - 1]) && /^\.\s*$/.test(words[i].gap) && /^\s*$|[\s,;:(]$/.test(words[i - 1].gap)) from = i - 1;
    add(from, j, 'name', confidence, why);
    return j;
  };

  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const next = words[i + 1];
    if (!next) break;
    const gap = next.gap;
    // Dr. X, Mrs X, MR X
    // MS is mental status in a note: Ms only with its capital or full stop.
    if (TITLES.has(w.lower) && (w.lower !== 'ms' || w.text === 'Ms' || next.gap.startsWith('.')) && /^\.?\s{1,3}$|^\.$/.test(gap) && nameish(next, 'title')) {
      i = nameFrom(i + 1, 0.95, `after ${w.text}`);
      continue;
    }
    // pt's wife X, son: X, dtr X, attending X, called X, spoke with X
    const relative = RELATIVES.has(w.lower) || ROLES_BEFORE.has(w.lower);
    if ((relative || VERBS.has(w.lower)) && /^[ \t]*[,:(-]?[ \t]*$/.test(gap) && nameish(next, RELATIVES.has(w.lower) ? 'kin' : 'near')) {
      i = nameFrom(i + 1, 0.85, `after ${w.lower}`);
      continue;
    }
    if (
      VERBS_WITH.has(w.lower) &&
      /^(with|to|by|w)$/.test(next.lower) &&
      /^[ \t/]*$/.test(words[i + 2]?.gap ?? 'x') &&
      nameish(words[i + 2], 'near') &&
      !TITLES.has(words[i + 2].lower)
    ) {
      i = nameFrom(i + 2, 0.85, `after ${w.lower} ${next.lower}`);
      continue;
    }
    // X RN, X, MD, Dick Smith (resident)
    if (
      ROLES_AFTER.has(next.lower) &&
      /^[ \t]*[,(]?[ \t]*$/.test(gap) &&
      !taken.has(i) &&
      nameish(w, 'near') &&
      (isName(w.lower) || isCommonName(w.lower) || (tells && w.cap && !w.allCaps))
    ) {
      let from = i;
      if (i > 0 && spaced(i) && nameish(words[i - 1], 'near') && !taken.has(i - 1)) from = i - 1;
      if (from > 0 && initial(words[from - 1]) && /^\.\s*$/.test(words[from].gap)) from--;
      add(from, i, 'name', 0.8, `before ${next.text}`);
    }
  }

  // Places: X Hospital, X Rehab, University of X.
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!INSTITUTIONS.has(w.lower)) continue;
    if (w.lower === 'university' && words[i + 1]?.lower === 'of' && words[i + 2] && !isStop(words[i + 2])) {
      add(i, i + 2, 'location', 0.9, 'University of');
      continue;
    }
    let from = i;
    while (from > 0 && i - from < 3 && spaced(from) && placeish(words[from - 1], tells) && !NOT_PLACE.has(words[from - 1].lower)) from--;
    if (from < i) add(from, i - 1, 'location', 0.85, `before ${w.text}`);
  }
  // Moves: transferred to X, admitted from X, lives in X.
  for (let i = 0; i < words.length - 1; i++) {
    if (!MOVES.has(words[i].lower)) continue;
    let j = i + 1;
    if (words[j].lower === 'back') j++;
    if (!words[j] || !/^(to|from|at|in|into)$/.test(words[j].lower)) continue;
    if (words[j].lower === 'in' && !/^(lives|living|resides|resident)$/.test(words[i].lower)) continue;
    j++;
    if (words[j]?.lower === 'the') j++;
    const t = words[j];
    if (!t || taken.has(j) || !/^[ \t]+$/.test(t.gap) || DESTINATIONS.has(t.lower) || isStop(t) || !placeish(t, tells)) continue;
    let k = j;
    while (
      k + 1 < words.length &&
      k - j < 2 &&
      spaced(k + 1) &&
      placeish(words[k + 1], tells) &&
      !DESTINATIONS.has(words[k + 1].lower) &&
      !isStop(words[k + 1]) &&
      tells
    )
      k++;
    add(j, k, 'location', 0.75, `after ${words[i].lower} ${words[i + 1].lower}`);
  }

  // Sign-off: a short last line of names or initials.
  const lastLine = text.replace(/\s+$/, '').split(/\n/).pop() ?? '';
  const lineStart = text.replace(/\s+$/, '').length - lastLine.length;
  const tail = words.filter((w) => w.start >= lineStart);
  const tailFrom = words.length - tail.length;
  if (
    tail.length >= 1 &&
    tail.length <= 3 &&
    tail.every((w) => initial(w) || (nameish(w, 'near') && (isName(w.lower) || isCommonName(w.lower)))) &&
    tail.some((w) => !initial(w))
  )
    add(tailFrom, words.length - 1, 'name', 0.7, 'sign-off');
  // A name at the very end after a full stop (a sign-off on the last line): "... 1400U/HR. SUSAN"
  const lastWord = words[words.length - 1];
  if (
    lastWord &&
    !taken.has(words.length - 1) &&
    /[.!]\s*$/.test(lastWord.gap) &&
    text.slice(lastWord.end).trim() === '' &&
    nameish(lastWord, 'near') &&
    (isName(lastWord.lower) || isCommonName(lastWord.lower))
  )
    add(words.length - 1, words.length - 1, 'name', 0.6, 'sign-off');

  // The lists alone: a name or place that is no English word, no clinical word.
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (taken.has(i) || isStop(w) || w.text.length < 4) continue;
    if (nameish(w, 'none')) {
      i = nameFrom(i, 0.5, 'in the name list');
      continue;
    }
    if (isPlace(w.lower) && (!tells || w.cap)) add(i, i, 'location', 0.45, 'in the place list');
  }
  return out;
}

/** A word that may be part of a place's name. */
function placeish(w: Word | undefined, tells: boolean): boolean {
  if (!w || FUNCTION_WORDS.has(w.lower) || CLINICAL_WORDS.has(w.lower)) return false;
  return tells ? w.cap || w.allCaps : true;
}
