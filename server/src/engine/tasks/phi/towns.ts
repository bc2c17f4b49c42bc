/**
 * Towns and neighbourhoods by the words around them: after a preposition of place ("lives
 * with her son in Pell Harbor", "A MAN FROM DUNMORE", "summers on the Vineyard"), before a
 * state's postal code and a ZIP ("Ashby Falls, NH 03431"), or a listed town before a code in
 * capitals that is no word, credential or scan ("Westerly, RI"; not "MS", "MD", "CT's"), and a workplace after work words
 * ("worked at Tolliver Mills"). Where case tells, a capital that starts no sentence marks the
 * name; in a note of one case the lists must know the word as a name or a place.
 */
import { FUNCTION_WORDS, isStopWord, isUnknownWord, SEASON } from './clinicalWords';
import { DESCRIPTORS } from './institutions';
import { isCommonName, isCommonPlace, isEnglish, isName, isPlace, isTown, opensTown } from './lists';
import { COUNTRIES, nearEnglish, nearTown, POSTAL_CODES, STATES, unlisted } from './spelling';
import { PhiSpan } from './types';
import { neighbourhoodSpans } from './neighbourhoods';
import { bareSpace, capitalised, Word, wrapSpace } from './words';
import { workplaceSpans } from './workplaces';
import {
  PREPOSITIONS,
  WEAK_PREPOSITIONS,
  NOT_TOWN,
  PLAIN_CODES,
  STATE_PHRASE,
  PLACE_KINDS_BEFORE_IN,
  STATE_TAILS,
  LIVES,
  RELATIVE_BEFORE,
  KIN_GROUPS,
  WORKS_OUT,
  TOWN_OPENERS,
  STREET,
  WORK,
  CUES,
  HOMES,
} from './townWords';

type Found = Omit<PhiSpan, 'text'>;

export function townSpans(words: Word[], tells: boolean, taken: Set<number>): Found[] {
  const out: Found[] = [];
  const add = (from: number, to: number, confidence: number, why: string) => {
    for (let k = from; k <= to; k++) taken.add(k);
    out.push({ start: words[from].start, end: words[to].end, type: 'location', confidence, why });
  };
  const spaced = (i: number) => i < words.length && bareSpace(words[i].gap);
  // (After a preposition a line may wrap: "Lives in\nSouth Boston".)
  const wrapped = (i: number) => i < words.length && wrapSpace(words[i].gap);
  // A listed place or name (no word of the language); hyphenated words ("A-fib", "sats-abg") are none.
  // A US town that is no English word counts as listed ("mattapan"); "Normal", "Hope" need a capital.
  const listed = (w: Word) => (isPlace(w) || isName(w) || (isTown(w.lower) && !isEnglish(w))) && !w.text.includes('-');
  // Woods Hole, SOUTH BOSTON, jamaica plain: a US town of two or three words, its words spaced (only where its first word opens one).
  // Where case tells, each capitalised; in a note of one case, one word no English word or an opener first.
  const townPhrase = (j: number): number => {
    if (j >= words.length || !opensTown(words[j].lower)) return -1;
    for (let n = 3; n >= 2; n--) {
      const ws = words.slice(j, j + n);
      if (ws.length < n || ws.some((w, k) => (k > 0 && !spaced(j + k)) || taken.has(j + k))) continue;
      const phrase = ws.map((w) => w.lower).join(' ');
      // "children in new hampshire": a state of two words is no town (New York is a city too).
      if (!isTown(phrase) || STATE_PHRASE.test(phrase)) continue;
      // (In a note of one case a town of two words of the language is a town too: "in silver spring", "IN WARNER ROBINS".)
      if (tells ? ws.every((w) => w.cap) : ws.every((w) => !isStopWord(w))) return j + n - 1;
    }
    return -1;
  };
  // A word no list holds: where case tells and capitalised, a name the lists lack ("in Dunmoor"), though a letter from a word.
  const unknown = (w: Word) => isUnknownWord(w) && w.text.length >= 4 && !w.text.includes('-');
  const capital = capitalised;
  // No clinical or function word, no word a place never is after a preposition, no state.
  const placeable = (w: Word) => !isStopWord(w) && !NOT_TOWN.has(w.lower) && !STATES.has(w.lower) && !COUNTRIES.has(w.lower);
  const town = (w: Word | undefined, weak: boolean) =>
    !!w &&
    placeable(w) &&
    w.text.length >= 3 &&
    (tells
      ? capital(w) && (listed(w) || (!weak && (unknown(w) || ((isCommonName(w) || isCommonPlace(w)) && !w.text.includes('-')))))
      : // "pulses trace to dopp": after "to" or "at" in a note of one case, a surname alone is no place.
        listed(w) && (!weak || isPlace(w) || isTown(w.lower)));

  // Lives in Revere, called from Worcester, son Nick in Providence: where a person lives or
  // comes from, a town of the ZIP codes' list counts though it is an English word too.
  // ("lives w/ them in worcester", "lives with her son in Lowell": the verb just before "in" or a few words before, in the same clause.)
  const livesIn = (i: number) => {
    if (words[i].lower !== 'in') return false;
    // (A loop, not arrays of the words between: "in" is asked of often.)
    for (let k = 1; k <= 4; k++) {
      if (!LIVES.has(words[i - k]?.lower ?? '')) continue;
      let m = i - k + 1;
      while (m <= i && !/[.;:\n]/.test(words[m].gap)) m++;
      if (m > i) return true;
    }
    return false;
  };
  // ("born in vilna", "b. in kharpert": a word no list holds where someone was born or raised is a town too.)
  const bornIn = (i: number) => words[i].lower === 'in' && /^(?:born|b|raised)$/.test(words[i - 1]?.lower ?? '');
  const cued = (i: number) => {
    const p = words[i].lower;
    if (!CUES.has(p)) return false;
    // ("lives alone in webster": the word before is the verb's.)
    const v = words[i - 1]?.lower === 'alone' ? (words[i - 2]?.lower ?? '') : (words[i - 1]?.lower ?? '');
    // ("called to check": after "to" only a move.)
    // ("go home to revere": where someone lives.)
    if (p === 'to')
      return /^(moved|moving|transferred|tx'd|txd|tx|returned|returning|flew|flying|drove|driving|home|came|come|comes|relocated|emigrated|immigrated|retired)$/.test(
        v,
      );
    // ("mvc on the pike near palmer", "a cottage near bar harbor": where a thing is or happened.)
    // (The town alone before a mark or a number: "near Fields Corner" is a neighbourhood's, read whole elsewhere.)
    if (p === 'near') return !words[i + 2] || /[\d,.;:)\n]/.test(words[i + 2].gap);
    // "IN FROM REVERE", "PT IS FROM WORCESTER", "coming up from providence": where someone comes from.
    if (p === 'from' && /^(in|is|was|up|down|over|back|originally)$/.test(v)) return true;
    // "A RETIRED MAILMAN FROM REVERE": where someone retired from work lives.
    if (p === 'from' && /^(retired|native)$/.test(words[i - 2]?.lower ?? '')) return true;
    if (
      /^(lives|living|live|resides|resident|reside|moved|settled|home|call|called|calling|calls|flying|flew|driving|drove|drives|coming|came|comes|visiting|visited|transferred|tx'd|txd|tx|returned|returning|flown|route)$/.test(
        v,
      )
    )
      return true;
    if (livesIn(i)) return true;
    // "Daughter Judith Ross of Newton": a person's town after "of" and the name.
    if (p === 'of' && i > 0 && taken.has(i - 1)) return true;
    // ("FISHED OUT OF GLOUCESTER", "works for a roofer out of lowell": where a trade is worked from.)
    if (p === 'of' && v === 'out' && WORKS_OUT.has(words[i - 2]?.lower ?? '')) return true;
    // ("just outside of bath", "north of Baxter": where a place lies.)
    if (p === 'of' && /^(?:outside|north|south|east|west|northeast|northwest|southeast|southwest)$/.test(v)) return true;
    // ("coming down on a bus from portland", "flight from tampa": where a relative travels from.)
    if (p === 'from' && /^(?:bus|train|flight|plane|ferry|ride)$/.test(v)) return true;
    // "trach'd 7/19. from revere, tx from ...": where the patient is from, opening a sentence.
    if (p === 'from' && (i === 0 || /[.;]\s*$|\n\s*$/.test(words[i].gap))) return true;
    // A relative (and a name) before "in": "son nick in providence", "DTR LISA IN SALEM".
    // ("grew up in spencer", "raised on munjoy hill": where someone grew up; "a dentist in newton": where one works.)
    if (/^(in|on)$/.test(p) && v === 'up' && /^(grew|grown|growing|grows)$/.test(words[i - 2]?.lower ?? '')) return true;
    if (p === 'in' && (/^(raised|born)$/.test(v) || WORK.has(v))) return true;
    // ("FAMILY FROM SPENCER", "daughter terri from holden": where a relative comes from, as where one lives.)
    // (Kin only before "from": a friend "from work", "from church" says where they met.)
    const kin = (w: string) => RELATIVE_BEFORE.has(w) && (p === 'in' || !/^(friends?|law|hcp|proxy|guardian|boyfriend|girlfriend|bf|gf|partner)$/.test(w));
    // (A group of kin in the same clause only: "Staying with inlaws, phone numbers in Green chart" names no town.)
    const clause = (k: number) => words.slice(i - k + 1, i + 1).every((w) => !/[,.;:\n]/.test(w.gap));
    const near = (k: number) => {
      const w = (words[i - k]?.lower ?? '').replace(/-in-law$/, '');
      return kin(w) && (!KIN_GROUPS.has(w) || clause(k));
    };
    return (p === 'in' || p === 'from') && [1, 2, 3].some(near);
  };
  const englishTown = (w: Word | undefined) =>
    !!w &&
    isTown(w.lower) &&
    w.text.length >= 4 &&
    // ("lives in salem": a town named like a device or a drug, where someone lives, is the town.)
    (placeable(w) || (!FUNCTION_WORDS.has(w.lower) && !NOT_TOWN.has(w.lower) && !STATES.has(w.lower) && !COUNTRIES.has(w.lower))) &&
    // "from western maryland": a part of a state said by its direction is no town's name.
    !/^(north|south|east|west)(ern)?$|^(central|upstate|downstate|midwest)$/.test(w.lower) &&
    (!tells || capital(w));

  // ("lives in York": the last word of a state of two words, alone, is a town.)
  const stateTail = (w: Word | undefined) => !!w && STATE_TAILS.has(w.lower) && (!tells || capital(w));
  for (let i = 0; i + 1 < words.length; i++) {
    const p = words[i].lower;
    // "lives in fall river": where someone lives or comes from, a town of two words though both are words too.
    if (cued(i) && !tells && wrapped(i + 1) && spaced(i + 2) && !taken.has(i + 1) && !taken.has(i + 2)) {
      const two = `${words[i + 1].lower} ${words[i + 2]?.lower}`;
      if (words[i + 2] && isTown(two) && !STATE_PHRASE.test(two) && placeable(words[i + 1]) && placeable(words[i + 2])) {
        add(i + 1, i + 2, 0.7, `a town after ${words[i - 1]?.lower ?? ''} ${p}`);
        i += 2;
        continue;
      }
    }
    // ("they live in chicopie at 88 granby rd": where someone lives, a word no list holds, a town misspelt.)
    // (A word of letters alone that no list holds at all: no state, country, listed place or name; "in Florida", "in split-level" are none.)
    // ("lives alone in rowhouse": a kind of home is none.)
    // ("FROM ST VINCENTS WORCESTOR", "mvc in framingam": after any cue, a word no list holds one letter away from a listed town.)
    const misspelt = (w: Word | undefined) =>
      !!w &&
      unlisted(w) &&
      w.text.length >= 5 &&
      (!tells || capital(w)) &&
      (livesIn(i) || bornIn(i) || (w.text.length >= 6 && nearTown(w.lower))) &&
      !HOMES.test(w.lower);
    // ("lives w/ partner gary in jamaica plain": a town of two words is the phrase's, found below.)
    const twoWordTown = () => !!words[i + 2] && spaced(i + 2) && isTown(`${words[i + 1].lower} ${words[i + 2].lower}`);
    if (
      cued(i) &&
      !taken.has(i + 1) &&
      wrapped(i + 1) &&
      !twoWordTown() &&
      (englishTown(words[i + 1]) || stateTail(words[i + 1]) || misspelt(words[i + 1])) &&
      !(tells && words[i + 2] && spaced(i + 2) && capital(words[i + 2]))
    ) {
      add(i + 1, i + 1, 0.7, `a town after ${words[i - 1]?.lower ?? ''} ${p}`);
      i++;
      continue;
    }
    const on = p === 'on' && words[i + 1].lower === 'the' && tells;
    const weak = WEAK_PREPOSITIONS.has(p);
    if (!PREPOSITIONS.has(p) && !weak && !on) continue;
    let j = i + 1;
    if (words[j].lower === 'the' && tells) j++;
    const t = words[j];
    if (!t || taken.has(j) || !wrapped(j)) continue;
    const from = j;
    const phraseEnd = townPhrase(j);
    if (phraseEnd >= 0) {
      add(from, phraseEnd, 0.75, `a town after ${words[i].lower}`);
      i = phraseEnd;
      continue;
    }
    // South Dunmore, FORT TOLLAND: an opener counts with the word after it.
    if (TOWN_OPENERS.has(t.lower) && spaced(j + 1) && !taken.has(j + 1) && (!tells || capital(t))) {
      const next = words[j + 1];
      // ("IN NORTH CHELMSFERD": in a note of one case, a word no list holds after the opener, a town misspelt.)
      const named = tells ? capital(next) && !isEnglish(next.lower.replace(/-.*/, '')) : isCommonName(next) || (isUnknownWord(next) && next.text.length >= 5);
      // ("at Lake Winnipesaukee": a lake, a mount or a fort names a place after "at" too.)
      if (
        town(next, weak) ||
        ((!weak || /^(lake|mount|mt|fort)$/.test(t.lower)) && named && !NOT_TOWN.has(next.lower) && !isStopWord(next) && !STATES.has(next.lower))
      )
        j++;
      else continue;
    } else if (!town(t, weak)) continue;
    // Pell Harbor, Ashby Falls: more capitalised words of the name where case tells.
    let k = j;
    while (
      tells &&
      k - from < 2 &&
      spaced(k + 1) &&
      !taken.has(k + 1) &&
      capital(words[k + 1]) &&
      !isStopWord(words[k + 1]) &&
      !NOT_TOWN.has(words[k + 1].lower)
    )
      k++;
    // "placed in Endocatch bag": a word the lists lack, before a noun of the note, names a thing, not a town.
    // "changed from Ambien to melatonin": a drug or a setting changed to a word of the note.
    const after = words[k + 1];
    const then = after?.lower === 'to' ? words[k + 2] : after;
    // ("sister Nora from Worcester visiting": a listed town before a verb's form stays a town.)
    const townThenVerb = isTown(words[k].lower) && !!then && /(?:ing|ed)$/.test(then.lower);
    if (tells && !listed(words[k]) && !townThenVerb && then && spaced(k + 1) && !then.cap && !isStopWord(then)) continue;
    add(from, k, 0.7, `after ${words[i].lower}`);
    i = k;
  }
  out.push(...neighbourhoodSpans(words, tells, taken));
  // Ashby Falls, NH 03431: a town's name before a state's postal code in capitals and a ZIP.
  for (let i = 1; i < words.length; i++) {
    const st = words[i];
    // (In capitals, or in lower case in a note of one case: "salem nh".)
    if (!POSTAL_CODES.has(st.lower) || (st.text !== st.text.toUpperCase() && tells) || !/^,?[ \t]*$/.test(st.gap) || taken.has(i - 1)) continue;
    const after = words[i + 1] ? words[i + 1].gap : '';
    // Without a ZIP a postal code is as often a degree or a word ("Ames, MD", "IN", "OR"): there
    // only a listed town after a preposition of place ("lives in salem nh", "from Portland, ME").
    const zip = /^[ \t]+\d{5}(?:-\d{4})?\b/.test(after);
    const x = words[i - 1];
    // (A code in lower case is a word as often: "called to check in" is no town.)
    const town = englishTown(x) && (st.text === st.text.toUpperCase() || !isEnglish(x));
    // (PA and MD are credentials as often: "to Kerr PA".)
    // ("Pawcatuck Valley Hospital, Westerly, RI", "CENTRAL FALLS, RI": a listed town before a code that is no word, a
    // credential or a clinical abbreviation, written in capitals, needs no ZIP and no preposition.)
    // (CT is a scan's name too, "Head, CT negative": there the code must end its phrase.)
    // (And a code with a possessive, "CABG, CT's", is no state: the word after starts past the gap.)
    const bare = !words[i + 1] || words[i + 1].start - st.end === after.length;
    const plainCode = st.allCaps && PLAIN_CODES.has(st.lower) && bare && (st.lower !== 'ct' || /^(?:$|[ \t]*[\n,;)]|\.[ \t]*(?:\n|$))/.test(after));
    // (Where case tells, a line in capitals too: "DAUGHTER JEANNINE, CENTRAL FALLS, RI".)
    const townTwo =
      i >= 2 && spaced(i - 1) && isTown(`${words[i - 2].lower} ${x.lower}`) && !isStopWord(words[i - 2]) && (!tells || (words[i - 2].cap && x.cap));
    const townCaps = tells && x.allCaps && isTown(x.lower) && !isEnglish(x) && x.text.length >= 4;
    const listedTown = plainCode && (englishTown(x) || townTwo || townCaps);
    // ("ATLANTIC GENERAL IN BERLIN MD": after "in" or "near" a listed town before MD or PA is the town; "to Kerr PA" a name.)
    const prep = words[i - 2]?.lower ?? '';
    if (!zip && !listedTown && (!(town && /^(in|from|near|to|of)$/.test(prep)) || (/^(pa|md)$/.test(st.lower) && !/^(in|near)$/.test(prep)))) continue;
    // ("heparin gtt, or 25000 units", "SEEN IN 10000 UNITS": before a code that is a function word or in small letters,
    // and a number, a clinical word or a word of the language is no town unless listed ("Portland, ME 04101"); "Harrow,
    // MA 02460" stays one.)
    const wordCode = FUNCTION_WORDS.has(st.lower);
    const lowerCode = st.text !== st.text.toUpperCase();
    const wordBefore = (wordCode || lowerCode) && (isStopWord(x) || isEnglish(x));
    if (zip && wordBefore && !isTown(x.lower) && !townTwo) continue;
    let from = i - 1;
    if (/\d/.test(words[from].text) || STREET.has(words[from].lower) || words[from].text.length < 3) continue;
    while (
      from > 0 &&
      i - from < 3 &&
      spaced(from) &&
      !taken.has(from - 1) &&
      !/\d/.test(words[from - 1].gap) &&
      !STREET.has(words[from - 1].lower) &&
      !isStopWord(words[from - 1]) &&
      (!tells || words[from - 1].cap)
    )
      from--;
    // Below a name's role ("Ames, MD 02111" stays a name where a rule found one).
    add(from, i - 1, 0.75, `before ${st.text}`);
  }

  // "at Newton-Wellesley", "from Melrose-Wakefield": a hospital named for two towns, after a preposition of place.
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (!w.lower.includes('-')) continue;
    const parts = w.lower.split('-');
    if (parts.length !== 2 || taken.has(i) || !/^(at|from|to|in)$/.test(words[i - 1].lower) || !spaced(i)) continue;
    if (tells && !/^\p{Lu}[\p{Ll}]+-\p{Lu}/u.test(w.text)) continue;
    if (parts.every((p) => p.length >= 4 && isTown(p) && !STATES.has(p) && !isStopWord(p))) add(i, i, 0.75, `two towns after ${words[i - 1].lower}`);
  }

  // "22 bennington st, east boston": a listed town after a street's word and a comma (a number before the street,
  // or "on" before it: "418 E. Fourth St, South Boston", "on Columbia St, Fall River").
  const streetNamed = (i: number) => {
    for (let k = i - 1; k >= Math.max(1, i - 3); k--) {
      if (/\d[ \t.]*$/.test(words[k].gap) || words[k - 1].lower === 'on') return true;
      if (/\n/.test(words[k].gap)) return false;
    }
    return false;
  };
  for (let i = 1; i + 1 < words.length; i++) {
    if (!STREET.has(words[i].lower) || !streetNamed(i)) continue;
    // ("lives at 18 nantasket ave in hull": a listed town after the street and "in", though it is a word too.)
    if (words[i + 1].lower === 'in' && bareSpace(words[i + 1].gap) && words[i + 2] && bareSpace(words[i + 2].gap) && !taken.has(i + 2)) {
      const end = townPhrase(i + 2);
      const town = words[i + 2];
      if (end >= 0) add(i + 2, end, 0.75, `a town after ${words[i].text} in`);
      else if (isTown(town.lower) && placeable(town) && (!tells || capital(town) || town.allCaps)) add(i + 2, i + 2, 0.75, `a town after ${words[i].text} in`);
      continue;
    }
    // ("310 dorchester ave, rm 6, south boston": a room or a flat after the street's comma is no town.)
    if (!/^[ \t]*,[ \t]*$/.test(words[i + 1].gap) || taken.has(i + 1) || /^(?:apt|apartment|unit|rm|room|ste|suite|fl|floor)$/.test(words[i + 1].lower))
      continue;
    const end = townPhrase(i + 1);
    if (end >= 0) add(i + 1, end, 0.75, `a town after ${words[i].text},`);
    // (After a street and its comma a capitalised town counts though it is a word too: "9 Elm Lane, Canton".)
    else if (
      (listed(words[i + 1]) || (tells && capital(words[i + 1]) && isTown(words[i + 1].lower))) &&
      placeable(words[i + 1]) &&
      (!tells || capital(words[i + 1]) || words[i + 1].allCaps)
    )
      add(i + 1, i + 1, 0.75, `a town after ${words[i].text},`);
  }

  // "ADM 8/7 FROM ST VINCENTS WORCESTOR"... "mvc in framingam", "adm from maldin": after "from" or "in", a word no list holds
  // one letter away from a listed town (six letters or more; capitalised where case tells).
  for (let i = 0; i + 1 < words.length; i++) {
    const w = words[i + 1];
    if (!/^(?:from|in)$/.test(words[i].lower) || taken.has(i + 1) || w.text.length < 6 || (tells && !capital(w)) || !bareSpace(w.gap)) continue;
    // ("FROM THE BAHAMAS": a town's plural, a country's name, is no misspelling; nor a word one letter from one of the language.)
    if (unlisted(w) && !HOMES.test(w.lower) && !(w.lower.endsWith('s') && isTown(w.lower.slice(0, -1))) && !nearEnglish(w.lower) && nearTown(w.lower))
      add(i + 1, i + 1, 0.7, 'a town misspelt');
  }

  // "pcp dr ames, dedham.", "PCP DR. MEDEIROS, SOMERSET": a doctor's town after the name's comma, before a clause's end
  // (a word of the language only capitalised where case tells: "Dr. Ames, aware" names none).
  for (let i = 2; i + 1 < words.length; i++) {
    const title = /^(?:dr|drs|doctor)$/.test(words[i - 1].lower) ? i - 1 : /^(?:dr|drs|doctor)$/.test(words[i - 2].lower) ? i - 2 : -1;
    if (title < 0 || !/^[ \t]*,[ \t]*$/.test(words[i + 1].gap) || taken.has(i + 1)) continue;
    const town = words[i + 1];
    const end = townPhrase(i + 1);
    const last = end >= 0 ? end : i + 1;
    if (words[last + 1] && !/[.;,)\n]/.test(words[last + 1].gap)) continue;
    if (end >= 0) add(i + 1, end, 0.7, "a doctor's town");
    else if (
      (isTown(town.lower) && placeable(town) && (tells ? capital(town) && !town.allCaps : !isEnglish(town))) ||
      (!tells && town.allCaps && isTown(town.lower) && placeable(town) && !isEnglish(town))
    )
      add(i + 1, i + 1, 0.7, "a doctor's town");
  }

  // "from hillside manor in palmer", "ELMWOOD MANOR IN ORANGE": a listed town after "in" right after a place found by its
  // kind's word, though the town is a word too (where case tells, capitalised).
  for (let i = 2; i + 1 < words.length; i++) {
    if (words[i].lower !== 'in' || !bareSpace(words[i].gap) || !bareSpace(words[i + 1].gap) || taken.has(i + 1)) continue;
    if (!(taken.has(i - 1) || (PLACE_KINDS_BEFORE_IN.test(words[i - 1].lower) && taken.has(i - 2)))) continue;
    const end = townPhrase(i + 1);
    const town = words[i + 1];
    if (end >= 0) add(i + 1, end, 0.75, 'a town after a place and in');
    // (Never a season: "ski instructor at blue hill in winter".)
    else if (
      isTown(town.lower) &&
      !STATES.has(town.lower) &&
      !COUNTRIES.has(town.lower) &&
      !SEASON.test(town.lower) &&
      (!tells || capital(town) || town.allCaps)
    )
      add(i + 1, i + 1, 0.75, 'a town after a place and in');
  }

  out.push(...workplaceSpans(words, tells, taken));
  // "at davita quincy", "FROM HEBREW SENIOR LIFE ROSLINDALE": a listed town right after a place's name (or a name's: still PHI).
  // (A place's kind after its name stays unmarked, "Hebrew Rehabilitation Center": the name before it counts.)
  const placeBefore = (i: number) =>
    taken.has(i - 1) ||
    (i >= 2 && DESCRIPTORS.has(words[i - 1].lower) && (taken.has(i - 2) || (i >= 3 && DESCRIPTORS.has(words[i - 2].lower) && taken.has(i - 3))));
  for (let i = 1; i < words.length; i++) {
    // ("the Zagaria campus": a part of the place goes on with its name.)
    if (
      taken.has(i) ||
      !placeBefore(i) ||
      // (Or after its comma: "Hebrew Rehabilitation Center, Roslindale".)
      !(spaced(i) || /^,[ \t]+$/.test(words[i].gap)) ||
      DESCRIPTORS.has(words[i].lower) ||
      /^(campus|building|bldg|wing|tower|pavilion|parish|church|chapel|school|hall|house|manor|home|inn)$/.test(words[i].lower)
    )
      continue;
    const end = townPhrase(i);
    if (end >= 0) add(i, end, 0.65, 'a town after a place');
    // ("IN HADLEY EARLY SAT AM": a town that is a word of the language needs its capital where case tells, and is none where not.)
    // (After a comma, in a note of one case, only a town no word of the language names: "MASS GENERAL HOSPITAL, READING" is left.)
    else if (
      englishTown(words[i]) &&
      // (Where case tells its capital is enough after the comma too where a mark follows: "Webster Square, Worcester.",
      // not "Mass General Hospital, Early AM".)
      (tells ? capital(words[i]) && (spaced(i) || !isEnglish(words[i]) || !spaced(i + 1)) : !isEnglish(words[i])) &&
      !(spaced(i + 1) && tells && capital(words[i + 1]))
    )
      add(i, i, 0.65, 'a town after a place');
  }
  return out;
}
