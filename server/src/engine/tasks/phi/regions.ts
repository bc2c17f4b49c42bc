/**
 * Regions, towns, saints and wards by the words beside them, for placeSpans (places.ts), which
 * says what a place's word is (`placeWord`, passed in).
 */
import { isStopWord, isUnknownWord } from './clinicalWords';
import { isAnyName, isCommonName, isName, isPlace, isTown } from './lists';
import { STATES } from './spelling';
import { PhiSpan } from './types';
import { bareSpace, Word } from './words';

type Found = Omit<PhiSpan, 'text'>;
const set = (s: string) => new Set(s.trim().split(/\s+/));

/** Words after a region's or a town's name ("the Western Shore", "Anne Arundel County", "in Beacon Hill", "camp on Shin Pond", "ON THE BRAGA BRIDGE"). */
const GEO_AFTER = set('shore county beach island valley township bay lake heights hill pond river mountain mtn bridge');
/** The region words that follow a plain English word too ("the Western Shore", "at loon mtn", "off weirs beach"); "the window bay" is no place. */
const GEO_AFTER_WORD = set('shore county island township hill pond lake mountain mtn beach');
/** Words after which a place's name stands ("from the Western Shore", "lives in Dune County", "off Weirs Beach"). */
const GEO_BEFORE = set('from to in at on near of off');
/** The first words of states of two words, read as a state after a comma ("Keene, New Hampshire"). */
const STATE_OPENERS = set('new north south west');
/** Care units that a ward's name stands beside, joined by a slash ("F-MICU/Wexforth/CCU"). */
const UNIT_WORD = /(?:^|-)(?:icu|micu|sicu|ccu|csru|ctic|nicu|picu|tsicu|pacu|cvicu|neuro|floor)$/;

/**
 * Regions, towns and wards by the words beside them: a name before a region's word ("the
 * Western Shore", "Dune County"), a town before a US state ("dunmoor maryland"), a ward's
 * name joined by a slash to a care unit ("F-MICU/Wexforth/CCU").
 */
export function regionSpans(words: Word[], tells: boolean, taken: Set<number>, placeWord: (w: Word | undefined, tells: boolean) => boolean): Found[] {
  const out: Found[] = [];
  const add = (from: number, to: number, confidence: number, why: string) => {
    for (let k = from; k <= to; k++) taken.add(k);
    out.push({ start: words[from].start, end: words[to].end, type: 'location', confidence, why });
  };
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const x = words[i - 1];
    // (Only before a region's word or a state.)
    if (!GEO_AFTER.has(w.lower) && !STATES.has(w.lower)) continue;
    if (taken.has(i - 1) || isStopWord(x) || x.text.length < 3 || !bareSpace(words[i].gap)) continue;
    // ("White River Junction": a town of three words is the town rules'.)
    if (words[i + 1] && bareSpace(words[i + 1].gap) && isTown(`${x.lower} ${w.lower} ${words[i + 1].lower}`)) continue;
    // The Western Shore: a capital where case tells; else a place word, or a word after "from the".
    // ("lives in Rhode Island": a state of two words alone is no place to mark.)
    if (GEO_AFTER.has(w.lower) && (!tells || (w.cap && x.cap && !x.starts)) && `${x.lower} ${w.lower}` !== 'rhode island') {
      const cue = GEO_BEFORE.has(words[i - 2]?.lower ?? '') || (words[i - 2]?.lower === 'the' && GEO_BEFORE.has(words[i - 3]?.lower ?? ''));
      if (tells || placeWord(x, tells) || (cue && GEO_AFTER_WORD.has(w.lower))) add(i - 1, i, 0.7, `before ${w.text}`);
      continue;
    }
    // A town before its state: "Towson, Maryland", "dunmore maryland".
    if (STATES.has(w.lower) && /^[ \t]*,?[ \t]*$/.test(w.gap) && !STATES.has(x.lower) && placeWord(x, tells) && (!tells || x.cap))
      add(i - 1, i - 1, 0.7, `before ${w.text}`);
  }
  // ("ON LAKE WINNIPESAUKEE", "at Lake Quinsigamond": a lake's name after its word and a preposition of place, no word of the language.)
  for (let i = 1; i + 1 < words.length; i++) {
    const t = words[i + 1];
    if (words[i].lower !== 'lake' || !GEO_BEFORE.has(words[i - 1].lower) || taken.has(i + 1) || !bareSpace(t.gap) || isStopWord(t)) continue;
    if ((tells && !(words[i].cap && t.cap)) || !(isUnknownWord(t) || isPlace(t) || isTown(t.lower)) || t.text.length < 4) continue;
    add(i, i + 1, 0.7, 'a lake by its name');
  }
  const listedSaint = (x: string) => isAnyName(x) || isName(x.replace(/s$/, ''));
  // St. Agnes, Saint Brigid's: a saint's name is a hospital's or a church's (ST 110s, ST depression are no saints).
  for (let i = 0; i + 1 < words.length; i++) {
    const t = words[i + 1];
    // ("cea at st elizabeths", "LAST CT AT ST ANNES": without its full stop after a preposition of place, before a listed name.)
    // ("FROM ST DENIS", "thru St Elizabeths coumadin clinic": a name that is a word too counts; through or via as well;
    // "parishioner of st leonard's", "attends st nectarios": of or a churchgoer's verb too.)
    const bare =
      words[i].lower === 'st' &&
      bareSpace(t.gap) &&
      bareSpace(words[i].gap) &&
      /^(at|from|to|thru|through|via|of|attends|attend|attended)$/.test(words[i - 1]?.lower ?? '') &&
      listedSaint(t.lower);
    const saint = (words[i].lower === 'st' && /^\.[ \t]+$/.test(t.gap)) || (words[i].lower === 'saint' && bareSpace(t.gap)) || bare;
    // Where case tells, ST in capitals is sinus tachycardia ("ST. Stable").
    if (!saint || taken.has(i + 1) || isStopWord(t) || (tells && (!t.cap || words[i].allCaps))) continue;
    // St. Jude mechanical, a St. Jude valve: a heart valve's maker, no place.
    // ("St. Elizabeth's Medical Center" is a hospital: "medical" names the maker only where no place's word follows.)
    const maker = /^(mechanical|valve|prosthe\w*|bileaflet|avr|mvr)$/.test(words[i + 2]?.lower ?? '');
    if (maker || (words[i + 2]?.lower === 'medical' && !/^(center|centre|ctr|hospital|campus)$/.test(words[i + 3]?.lower ?? ''))) continue;
    // ("AVR (#23 St. Jude)": a valve's size before its maker.)
    // ("MVR (St. Jude 29mm)": or its size after it.)
    if (t.lower === 'jude' && (/#?\d+[ \t]*$/.test(words[i].gap) || /^\d/.test(words[i + 2]?.text ?? '') || /^[ \t]*#?\d/.test(words[i + 2]?.gap ?? '')))
      continue;
    // (A saint's name is often a word too: St. Luke's, ST. JOSEPH'S, with its possessive.)
    // (The words drop a possessive's 's: the next word's gap then starts after it, not at the word's end.)
    const after = words[i + 2];
    const possessive = !!after && after.start - after.gap.length > t.end;
    if (isName(t) || isPlace(t) || isUnknownWord(t) || (isCommonName(t) && (tells || bare)) || possessive) add(i, i + 1, 0.75, `after ${words[i].text}`);
  }
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const slashBefore = i > 0 && w.gap === '/' && UNIT_WORD.test(words[i - 1].lower);
    const slashAfter = i + 1 < words.length && words[i + 1].gap === '/' && UNIT_WORD.test(words[i + 1].lower);
    if (!(slashBefore || slashAfter) || taken.has(i) || !isUnknownWord(w) || w.text.length < 4 || (tells && !w.cap)) continue;
    add(i, i, 0.7, 'a ward beside a care unit');
  }
  return out;
}

/**
 * A town before a comma and its state with no cue before it ("Moved Dunmoor, Maryland last
 * year", "dunmoor, maryland"): up to three place words, capitalised where case tells. Run after
 * the rules that read a move or a preposition first, whose reasons say more.
 */
export function townBeforeStateSpans(words: Word[], tells: boolean, taken: Set<number>, placeWord: (w: Word | undefined, tells: boolean) => boolean): Found[] {
  const out: Found[] = [];
  const townWord = (k: number) =>
    !taken.has(k) && !isStopWord(words[k]) && !STATES.has(words[k].lower) && placeWord(words[k], tells) && (!tells || words[k].cap);
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    // (The comma first: most words have none before them.)
    if (!w.gap.includes(',') || !/^[ \t]*,[ \t]*$/.test(w.gap)) continue;
    // ("Reservoir Rd in Washington, DC": the District after its city, whose name is a state's too.)
    if (w.lower === 'dc' && words[i - 1].lower === 'washington' && !taken.has(i - 1)) {
      taken.add(i - 1);
      out.push({ start: words[i - 1].start, end: words[i - 1].end, type: 'location', confidence: 0.7, why: 'Washington before DC' });
      continue;
    }
    const state = STATES.has(w.lower) || (STATE_OPENERS.has(w.lower) && !!words[i + 1] && bareSpace(words[i + 1].gap) && STATES.has(words[i + 1].lower));
    if (!state || words[i - 1].text.length < 3 || !townWord(i - 1)) continue;
    let from = i - 1;
    while (i - from < 3 && from > 0 && bareSpace(words[from].gap) && townWord(from - 1)) from--;
    for (let k = from; k < i; k++) taken.add(k);
    out.push({ start: words[from].start, end: words[i - 1].end, type: 'location', confidence: 0.7, why: `before ${w.text}` });
  }
  return out;
}
