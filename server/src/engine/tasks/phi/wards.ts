/**
 * A hospital's wards and buildings by their own names, in the shapes nursing notes give them:
 * after a room number a transfer goes to or comes from ("pt transferred to 209 quartermain", "txf from 12
 * Tallis"), and before a
 * floor's number while a bed is awaited ("PLAN: QUARTERMAIN 2 WHEN BED AVAIL", "to Feldberg 7
 * once bed ready").
 *
 * Then three shapes that read the floor's number: a ward before its number and a ward's kind, whatever
 * comes before ("THEN ? BAKER 10 STEP-DOWN", "Reisman 12 neuro floor"); a ward weighed against a found
 * one ("REISMAN 11 VS STONEMAN 5"); a ward found once, written again ("... VISITING HIM ON BAKER 10").
 *
 * Invariants: after a room number or before a bed's wait, the name is one word of five letters or more, unknown to the lists or a
 * listed name, that no list holds as a word of the language or of the clinic (a unit, "floor", "north", "rehab" are none); after
 * a room number only a transfer's or a move's "to" or "from" comes before the number; before a floor's number a bed's
 * wait follows ("when bed", "once a bed", "bed avail"). Before a floor's number and a kind, or weighed, the name is four letters or
 * more, no function word and no hospital part's word (NOT_WARD: "Day 3 tele", "Floor 6 step-down"), capitalised where case
 * tells; a floor has one digit or two (1 to 19). Written again means the same name and the same floor, as whole words.
 */
import { FUNCTION_WORDS, isStopWord, isUnknownWord } from './clinicalWords';
import { isEnglish, isName } from './lists';
import { NOT_WARD, WARD_NUMBER } from './places';
import { PhiSpan } from './types';
import { allMatches } from '../../text/matches';
import { tailOf, Word } from './words';

type Found = Omit<PhiSpan, 'text'>;

/** A name no list holds as a word: of the language, of the clinic, a unit. */
const wardName = (w: string) => {
  const lower = w.toLowerCase();
  // (Wards are named for people: a listed surname counts, "12 Tallis".)
  return w.length >= 5 && (isUnknownWord(lower) || isName(lower)) && !isEnglish(lower) && !isStopWord(lower);
};

/** A bed awaited after a number ("2 WHEN BED AVAIL"): looked for from a digit first, then with the ward's name before it. */
const BED_WAIT = `[ \\t]+(?:(?:when|once|if|after)[ \\t]+(?:an?[ \\t]+|the[ \\t]+)?bed|bed[ \\t]+avail)`;
const BED_WAIT_NEEDS = new RegExp(`\\d${BED_WAIT}`, 'i');
const WARD_BEFORE_BED_WAIT = new RegExp(`\\b([A-Za-z][A-Za-z'-]+)[ \\t]+\\d{1,2}${BED_WAIT}`, 'gi');

export function wardSpans(text: string): Found[] {
  const out: Found[] = [];
  const lower = text.toLowerCase();
  // "transferred to 209 quartermain": a ward after the room number a move goes to.
  if (lower.includes(' to ') || lower.includes(' from '))
    for (const m of allMatches(
      /\b(?:transfer(?:red|ring)?|trans|txf|tx(?:'?d)?|moved?|moving|going|go|sent|back)[ \t]+(?:to|from)[ \t]+(?:rm\.?[ \t]*|room[ \t]+)?\d{1,4}[ \t]+([A-Za-z][A-Za-z'-]+)\b/gi,
      text,
    )) {
      if (!wardName(m[1])) continue;
      const start = m.index! + m[0].length - m[1].length;
      out.push({ start, end: start + m[1].length, type: 'location', confidence: 0.7, why: 'a ward after the room a move goes to' });
    }
  // "PLAN: QUARTERMAIN 2 WHEN BED AVAIL": a ward before its floor's number while a bed is awaited.
  if (lower.includes('bed') && BED_WAIT_NEEDS.test(text))
    for (const m of allMatches(WARD_BEFORE_BED_WAIT, text)) {
      if (!wardName(m[1])) continue;
      out.push({ start: m.index!, end: m.index! + m[1].length, type: 'location', confidence: 0.7, why: "a ward before its floor's number, a bed awaited" });
    }
  return out;
}

/**
 * The ward weighed against a found one, either side of "vs", "versus" or "or" ("REISMAN 11 VS STONEMAN 5"): its name and a floor's number,
 * capitalised where case tells, no function word and no hospital part's word ("Farr 7 or floor 6" is none).
 */
export function weighedWardSpans(text: string, words: readonly Word[], found: readonly Found[], tells: boolean): Found[] {
  const out: Found[] = [];
  const starts = new Set(found.filter((f) => f.type === 'location').map((f) => f.start));
  // (Numbers are no words: a ward's number is in the gap after its name.)
  const wardAt = (k: number) => !!words[k] && WARD_NUMBER.test(tailOf(words, k, text));
  const nameOk = (w: Word) => w.text.length >= 4 && !FUNCTION_WORDS.has(w.lower) && !NOT_WARD.test(w.lower) && (!tells || w.cap);
  for (let i = 1; i + 1 < words.length; i++) {
    const l = words[i].lower;
    if (l !== 'vs' && l !== 'or' && l !== 'versus') continue;
    const before = i - 1;
    const after = i + 1;
    if (!wardAt(before) || !wardAt(after)) continue;
    const other = starts.has(words[before].start) ? after : starts.has(words[after].start) ? before : -1;
    if (other < 0 || starts.has(words[other].start) || !nameOk(words[other])) continue;
    const number = WARD_NUMBER.exec(tailOf(words, other, text))!;
    out.push({
      start: words[other].start,
      end: words[other].end + number[0].length,
      type: 'location',
      confidence: 0.75,
      why: 'a ward weighed against another',
    });
  }
  return out;
}

/** What a ward's name and number are followed by: a ward's kind ("BAKER 10 STEP-DOWN", "Reisman 12 neuro floor"). */
const WARD_KIND = /^[ \t]+1?\d[ \t]+(?:step-?down|tele(?:metry)?|overflow|(?:neuro|renal|ortho|vasc|surg|cardiology|cardiac|medicine|onc)[ \t]+floor)\b/i;

/** A ward before its floor's number and its kind, whatever comes before: no function word or hospital part's word, capitalised where case tells. */
export function wardBeforeKindSpans(text: string, words: readonly Word[], tells: boolean): Found[] {
  const out: Found[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    const w = words[i];
    // (First what is cheapest: a digit right after the word's space, " 10 STEP-DOWN".)
    const digit = text.charCodeAt(w.end + 1) - 48;
    if (digit < 0 || digit > 9 || w.text.length < 4 || FUNCTION_WORDS.has(w.lower) || NOT_WARD.test(w.lower) || (tells && !w.cap)) continue;
    const tail = text.slice(w.end, w.end + 30);
    if (!WARD_KIND.test(tail)) continue;
    const number = /^[ \t]+1?\d/.exec(tail)!;
    out.push({ start: w.start, end: w.end + number[0].length, type: 'location', confidence: 0.75, why: 'a ward before its number and its kind' });
  }
  return out;
}

/** A ward found once, its name and floor (or its first letter and floor) written again elsewhere in the note ("FROM BAKER 10 STEP-DOWN ... ON BAKER 10", "(B10)"). */
export function repeatedWardSpans(text: string, found: readonly Found[]): Found[] {
  const wards = new Set<string>();
  for (const f of found) {
    const m = f.type === 'location' ? /^([A-Za-z][A-Za-z'-]{2,})[ \t]+(1?\d)$/.exec(text.slice(f.start, f.end)) : null;
    if (m) wards.add(`${m[1].toLowerCase()} ${m[2]}`);
  }
  const out: Found[] = [];
  for (const ward of wards) {
    const [name, floor] = ward.split(' ');
    // (Or by its first letter and its floor, as a note shortens it: "FARR 5 (F5)", "back to r11".)
    // (A pattern of this note's own, read directly: the gates of allMatches keep the rules' fixed patterns, not one per ward.)
    const re = new RegExp(`(?<![\\w'-])(?:${name}[ \\t]+|${name[0]})${floor}(?![\\w/.:-]|\\.\\d)`, 'gi');
    for (let m = re.exec(text); m; m = re.exec(text))
      out.push({ start: m.index, end: m.index + m[0].length, type: 'location', confidence: 0.75, why: 'a ward found elsewhere in the note' });
  }
  return out;
}
