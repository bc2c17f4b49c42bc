/**
 * A note de-identified: each PHI span detectPhi finds replaced, by a tag as MIMIC writes
 * them (`[**Name**]`, `[**Date**]`) or by a surrogate. Surrogates are drawn from a PRNG
 * seeded by (seed, patient, what is replaced) alone, never by the order notes come in, so
 * one patient's name becomes the same surrogate in every note of that patient whichever
 * shard or run writes it, and a seed gives the same output again:
 * - a name word (folded: lower case, accents off) -> a word of the name list, its case kept;
 *   an initial -> a letter;
 * - a date -> shifted by the patient's one offset (30 to 1095 days, either way), in its own
 *   layout (dates.ts); a date whose layout is not read there is tagged, never left as it was;
 * - an age over 89 -> '90+' (HIPAA Safe Harbor groups them);
 * - a place or address word -> a word of the place list (the words that say what a place is,
 *   Hospital, Street, ..., kept);
 * - IDs, phone numbers, e-mail addresses, URLs -> the same shape: digits for digits, letters
 *   for letters, the rest kept.
 */
import { mulberry32 } from '../../random';
import { detectPhi } from './detect';
import { surrogateWords } from './lists';
import { shiftDate } from './dates';
import { PhiSpan, PhiType } from './types';

export type DeidStyle = 'tags' | 'surrogates';
export const DEID_STYLES: readonly DeidStyle[] = ['tags', 'surrogates'];

/** What a patient's surrogates were: the date offset and each name word's surrogate (folded -> as written). */
export interface PatientKey {
  dateShiftDays: number;
  names: Record<string, string>;
}

/** One replacement: the span in the note and where its replacement lies in the output. */
export interface DeidEdit {
  start: number;
  end: number;
  type: PhiType;
  newStart: number;
  newEnd: number;
}

export interface Deidentified {
  text: string;
  edits: DeidEdit[];
  /** Spans replaced, by type. */
  counts: Partial<Record<PhiType, number>>;
  /** Dates whose layout could not be shifted: tagged instead. */
  datesTagged: number;
  /** With surrogates: the patient's date offset and the names replaced in this note. */
  key?: PatientKey;
}

export interface DeidOptions {
  style: DeidStyle;
  /** The surrogates' seed (surrogates only). */
  seed?: number;
  /** Whose note it is: the key of its surrogates (surrogates only). */
  patient?: string;
  /** The spans to replace; detectPhi's by default. */
  spans?: readonly PhiSpan[];
}

const TAGS: Record<PhiType, string> = {
  name: 'Name',
  date: 'Date',
  age: 'Age over 90',
  location: 'Location',
  address: 'Address',
  phone: 'Telephone/Fax',
  email: 'E-mail address',
  url: 'URL',
  id: 'Number',
};
const tag = (type: PhiType) => `[**${TAGS[type]}**]`;

/** Words of a place's name that say what it is, not which: kept. */
const PLACE_KINDS = new Set(
  'of the and at hospital hosp center centre medical clinic health healthcare university general memorial community regional county city state rehab rehabilitation nursing home house institute care unit ward er icu street st avenue ave road rd boulevard blvd lane ln drive dr court ct place pl way terrace parkway pkwy circle highway hwy square north south east west n s e w'.split(
    ' ',
  ),
);

/** FNV-1a over the parts, the seed of one draw. */
function hash(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const c of parts.join('\u0000')) {
    h ^= c.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const fold = (w: string) => w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** `word` in the case of `like`: ALL CAPS, Capitalised or lower. */
function caseOf(like: string, word: string): string {
  if (like.length > 1 && like === like.toUpperCase() && like !== like.toLowerCase()) return word.toUpperCase();
  return like[0] === like[0].toUpperCase() ? word[0].toUpperCase() + word.slice(1) : word;
}

/** The patient's one date offset: 30 to 1095 days, later or earlier. */
export function dateShiftOf(seed: number, patient: string): number {
  const r = mulberry32(hash(seed, patient, 'date'));
  const days = 30 + Math.floor(r() * 1066);
  return r() < 0.5 ? -days : days;
}

/** The same shape: a digit for each digit, a letter (its case kept) for each letter, the rest kept; never the text itself. */
function sameShape(text: string, r: () => number): string {
  for (let tries = 0; tries < 8; tries++) {
    const out = text.replace(/[0-9]|\p{L}/gu, (c) => {
      if (/\d/.test(c)) return String(Math.floor(r() * 10));
      const l = String.fromCharCode(97 + Math.floor(r() * 26));
      return c === c.toUpperCase() ? l.toUpperCase() : l;
    });
    if (out !== text) return out;
  }
  return text.replace(/\d/g, (d) => String((+d + 1) % 10));
}

/** A word of `list` for `word` (never the word itself), in its case. */
function drawWord(word: string, list: readonly string[], r: () => number): string {
  const f = fold(word);
  if (f.length === 1) return caseOf(word, String.fromCharCode(97 + ((f.charCodeAt(0) - 97 + 1 + Math.floor(r() * 25)) % 26)));
  let w = list[Math.floor(r() * list.length)];
  if (w === f) w = list[(list.indexOf(w) + 1) % list.length];
  return caseOf(word, w);
}

const WORD = /\p{L}[\p{L}'’-]*/gu;

/** Texts de-identified in this process (tests count them: a rerun replaces a note's PHI once). */
export const deidentifyWork = { texts: 0 };

export function deidentify(text: string, options: DeidOptions): Deidentified {
  deidentifyWork.texts++;
  const spans = options.spans ?? detectPhi(text);
  const surrogates = options.style === 'surrogates';
  const seed = options.seed ?? 0;
  const patient = options.patient ?? '';
  const key: PatientKey | undefined = surrogates ? { dateShiftDays: dateShiftOf(seed, patient), names: {} } : undefined;
  const draw = (kind: string, what: string) => mulberry32(hash(seed, patient, kind, what));
  const counts: Partial<Record<PhiType, number>> = {};
  const edits: DeidEdit[] = [];
  let datesTagged = 0;
  const pieces: string[] = [];
  let at = 0;
  let length = 0;
  for (const s of spans) {
    if (s.start < at || s.end > text.length || s.end <= s.start) continue;
    const original = text.slice(s.start, s.end);
    let replacement: string;
    if (!key) replacement = tag(s.type);
    else if (s.type === 'date') {
      const moved = shiftDate(original, key.dateShiftDays);
      if (moved === undefined) datesTagged++;
      replacement = moved ?? tag('date');
    } else if (s.type === 'age') replacement = /^\d+$/.test(original) && +original > 89 ? '90+' : tag('age');
    else if (s.type === 'name')
      replacement = original.replace(WORD, (w) => {
        const f = fold(w);
        const surrogate = drawWord(w, surrogateWords().names, draw('name', f));
        key.names[f] = surrogate;
        return surrogate;
      });
    else if (s.type === 'location' || s.type === 'address')
      replacement = original
        .replace(/\d+/g, (d) => sameShape(d, draw('number', d)))
        .replace(WORD, (w) => (PLACE_KINDS.has(fold(w)) ? w : drawWord(w, surrogateWords().places, draw('place', fold(w)))));
    else replacement = sameShape(original, draw(s.type, fold(original)));
    const kept = text.slice(at, s.start);
    pieces.push(kept, replacement);
    length += kept.length;
    edits.push({ start: s.start, end: s.end, type: s.type, newStart: length, newEnd: length + replacement.length });
    length += replacement.length;
    counts[s.type] = (counts[s.type] ?? 0) + 1;
    at = s.end;
  }
  pieces.push(text.slice(at));
  return { text: pieces.join(''), edits, counts, datesTagged, ...(key ? { key } : {}) };
}

/**
 * How many of `edits` have their `key` offset before `offset` (at it too, with `atToo`). The
 * edits are in order and apart, so each of their offsets is too: a binary search, and a long
 * note's thousands of annotations each cost a few steps.
 */
function editsBefore(edits: readonly DeidEdit[], key: 'start' | 'end' | 'newStart', offset: number, atToo: boolean): number {
  let lo = 0;
  let hi = edits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (atToo ? edits[mid][key] <= offset : edits[mid][key] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Where an offset of the note lies in the de-identified text: outside a replaced span it
 * moves with the text before it; inside one, to the replacement's start (a start) or end
 * (an end), so an annotation keeps pointing at the same words.
 */
export function mapOffset(edits: readonly DeidEdit[], offset: number, side: 'start' | 'end'): number {
  // The last edit that starts before the offset (at it too, for a start) may hold it.
  const e = edits[editsBefore(edits, 'start', offset, side === 'start') - 1];
  if (!e) return offset;
  if (side === 'start' ? offset < e.end : offset <= e.end) return side === 'start' ? e.newStart : e.newEnd;
  return offset + e.newEnd - e.end;
}

/**
 * mapOffset's inverse: where an offset of the de-identified text lies in the note. Inside a
 * replacement it goes to the replaced span's start (a start) or end (an end), so an answer
 * that covers part of a surrogate covers the whole original span.
 */
export function originalOffset(edits: readonly DeidEdit[], offset: number, side: 'start' | 'end'): number {
  const e = edits[editsBefore(edits, 'newStart', offset, side === 'start') - 1];
  if (!e) return offset;
  if (side === 'start' ? offset < e.newEnd : offset <= e.newEnd) return side === 'start' ? e.start : e.end;
  return offset + e.end - e.newEnd;
}

/** Whether the note's span [start, end) touches a replaced span. */
export function touchesEdit(edits: readonly DeidEdit[], start: number, end: number): boolean {
  // The first edit ending after the span's start.
  const e = edits[editsBefore(edits, 'end', start, true)];
  return !!e && e.start < end;
}
