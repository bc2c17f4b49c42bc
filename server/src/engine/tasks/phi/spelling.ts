/**
 * Words that look like names but are not: a misspelt English word ("higer", "thich",
 * "stoll") that a name list happens to hold, and the US states (Safe Harbor keeps a state).
 */
import { isUnknownWord } from './clinicalWords';
import { isAnyName, isEnglishUnkept, isPlace, isTown } from './lists';
import type { Word } from './words';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** nearEnglish's answers: each tries some 50 variants a letter, and the rules ask of the same words again. */
let near = new Map<string, boolean>();
export const NEAR_WORDS = 10_000;

/** One letter dropped, added, changed or two swapped away from an English word of 4 letters or more. */
export function nearEnglish(w: string): boolean {
  let answer = near.get(w);
  if (answer === undefined) {
    answer = oneEditFromEnglish(w);
    if (near.size >= NEAR_WORDS) near = new Map();
    near.set(w, answer);
  }
  return answer;
}

/** nearTown's answers, kept as nearEnglish's are. */
let nearTowns = new Map<string, boolean>();

/** One letter dropped, added, changed or two swapped away from a listed town of 5 letters or more ("worcestor", "framingam"). */
export function nearTown(w: string): boolean {
  let answer = nearTowns.get(w);
  if (answer === undefined) {
    answer = oneEditFrom(w, (x) => x.length >= 5 && x !== w && isTown(x));
    if (nearTowns.size >= NEAR_WORDS) nearTowns = new Map();
    nearTowns.set(w, answer);
  }
  return answer;
}

function oneEditFromEnglish(w: string): boolean {
  return oneEditFrom(w, (x) => x.length >= 4 && x !== w && isEnglishUnkept(x));
}

function oneEditFrom(w: string, ok: (x: string) => boolean): boolean {
  for (let i = 0; i <= w.length; i++) {
    if (i < w.length && ok(w.slice(0, i) + w.slice(i + 1))) return true;
    if (i + 1 < w.length && ok(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2))) return true;
    for (const c of LETTERS) {
      if (ok(w.slice(0, i) + c + w.slice(i))) return true;
      if (i < w.length && c !== w[i] && ok(w.slice(0, i) + c + w.slice(i + 1))) return true;
    }
  }
  return false;
}

export const STATES = new Set(
  `alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois
  indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana
  nebraska nevada hampshire jersey mexico york carolina dakota ohio oklahoma oregon pennsylvania rhode tennessee texas
  utah vermont virginia washington wisconsin wyoming puerto rico guam`
    .trim()
    .split(/\s+/),
);

/** The postal codes of the states: a town stands before one with its ZIP ("Dunmore, MD 21201"). */
export const POSTAL_CODES = new Set(
  `al ak az ar ca co ct de dc fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd
  oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy`
    .trim()
    .split(/\s+/),
);

/** Countries: a place larger than a state is no PHI under Safe Harbor ("kids in Poland", "mother is in Vietnam"). */
export const COUNTRIES = new Set(
  `afghanistan albania algeria argentina armenia australia austria bangladesh belgium bolivia bosnia brazil bulgaria
  cambodia cameroon canada chile china colombia croatia cuba cyprus czechia denmark ecuador egypt england eritrea
  estonia ethiopia finland france germany ghana greece guatemala guyana haiti honduras hungary iceland india
  indonesia iran iraq ireland israel italy jamaica japan jordan kenya korea kosovo laos latvia lebanon liberia
  libya lithuania mexico morocco nepal netherlands nicaragua nigeria norway pakistan panama peru philippines poland
  portugal romania russia rwanda scotland senegal serbia slovakia somalia spain sudan sweden switzerland syria
  taiwan thailand trinidad tunisia turkey uganda ukraine uruguay venezuela vietnam wales yemen zambia zimbabwe
  europe africa asia`
    .trim()
    .split(/\s+/),
);

/** A state right after word i ("Lebanon, NH", "Lebanon, Tennessee"); its code only after a comma or in capitals where the word is not ("came from Lebanon in 1978"). */
export function stateAfter(words: Word[], i: number): boolean {
  const n = words[i + 1];
  if (!n || !/^[ \t]*,?[ \t]*$/.test(n.gap)) return false;
  // ("from lagos, nigeria, in us x12 yrs": a code that is a word too, before more words, is the word.)
  const word = /^(?:in|me|or|oh|ok|hi|pa|ma|de|la|al|co|id)$/.test(n.lower) && !n.allCaps && !!words[i + 2] && /^[ \t]+$/.test(words[i + 2].gap);
  return STATES.has(n.lower) || (POSTAL_CODES.has(n.lower) && !word && (n.gap.includes(',') || (n.allCaps && !words[i].allCaps)));
}

/** A word of letters alone that no list holds at all: no word of the language, clinical word, place, town, name, state or country ("chicopie"). */
export function unlisted(w: Word): boolean {
  return /^\p{L}+$/u.test(w.text) && isUnknownWord(w) && !isPlace(w) && !isAnyName(w) && !isTown(w.lower) && !STATES.has(w.lower) && !COUNTRIES.has(w.lower);
}
