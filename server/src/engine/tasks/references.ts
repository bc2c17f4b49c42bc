/**
 * Relations across sections: "HPI: Genotyping found an EGFR EXON 19
 * DELETION. ... PLAN: Because the tumor is EGFR-mutant, OSIMERTINIB is started." The plan
 * sentence names the finding sections apart, by a gene symbol or a head word ("the mass",
 * "the tumor"); a sentence window of one paragraph never reaches it.
 *
 * Two steps, so that the layout stays a function of the text: a *reference window* joins a
 * sentence to an earlier one of another paragraph whose words it names (text only, at most
 * REFERENCES_PER_SENTENCE of them, REFERENCE_REACH sentences back, REFERENCE_CHARS long);
 * once the entities are known, only the pairs whose earlier entity the later sentence names
 * are asked (`namesEntity`). A window without such a pair costs no request.
 */
import { LruCache } from '../lru';
import type { Segment } from '../text/segment';
import type { Mention } from '../types';
import { allMatches } from '../text/matches';

/** A reference window, as relations.ts's RelationUnit holds it. */
export interface ReferenceWindow {
  start: number;
  end: number;
  sentences: number[];
  across: true;
  refers: true;
}

/** How many sentences back a sentence may name an entity. */
export const REFERENCE_REACH = 40;
/** The longest reference window's text: the model reads the sentences between too. */
const REFERENCE_CHARS = 2000;
/** Earlier sentences a sentence is joined to, the nearest first. */
const REFERENCES_PER_SENTENCE = 2;

/** Words after "the" that name a growth of any head word in GROWTHS ("the tumor" for "a lung mass"). */
const GROWTHS = new Set([
  'tumor',
  'tumour',
  'mass',
  'lesion',
  'nodule',
  'cancer',
  'carcinoma',
  'adenocarcinoma',
  'malignancy',
  'neoplasm',
  'lymphoma',
  'melanoma',
  'sarcoma',
]);
/** Determiners before a word that refers back ("the mass", "this lesion"). */
// Not the possessives: "his dyspnea" is the patient's symptom again, not a finding named back.
const DETERMINERS = new Set(['the', 'this', 'that', 'these', 'those']);
/** Words after a determiner that name no earlier entity. */
const NOT_NAMES = new Set([
  'patient',
  'patients',
  'plan',
  'time',
  'morning',
  'evening',
  'night',
  'week',
  'weeks',
  'day',
  'days',
  'same',
  'other',
  'family',
  'note',
  'visit',
  'hospital',
  'floor',
  'past',
  'setting',
  'rest',
  'following',
  'dose',
  'doses',
]);

const WORD = /[\p{L}\p{N}]+/gu;
/** A gene or protein symbol as notes write it: capitals and digits, a letter first ("EGFR", "HER2", "BRCA1"). */
const SYMBOL = /^\p{Lu}[\p{Lu}\p{N}]{2,9}$/u;

function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Made once: a regular expression literal is a new object each time it is evaluated. */
const LETTER = /\p{L}/u;
const LABEL = /([\p{L}\p{N}]+)\s*:/gu;

/** A text in capitals throughout names nothing by its capitals. */
function mostlyCapitals(ws: readonly string[]): boolean {
  const letters = ws.filter((w) => LETTER.test(w));
  return letters.length > 0 && letters.filter((w) => w === w.toUpperCase()).length * 2 > letters.length;
}

/** The symbols (as written) and the referring words (lower case, after a determiner) a sentence names earlier things by. */
export function namingWords(text: string): { symbols: Set<string>; referring: Set<string> } {
  const ws = words(text);
  // A word in capitals before a colon is a section label ("PLAN:"), no symbol.
  const labels = new Set(allMatches(LABEL, text).map((m) => m[1]));
  const symbols = new Set(mostlyCapitals(ws) ? [] : ws.filter((w) => SYMBOL.test(w) && !labels.has(w)));
  const referring = new Set<string>();
  for (let i = 1; i < ws.length; i++) {
    const w = ws[i].toLowerCase();
    if (DETERMINERS.has(ws[i - 1].toLowerCase()) && w.length >= 4 && !NOT_NAMES.has(w) && LETTER.test(w)) referring.add(w);
  }
  return { symbols, referring };
}

/** Whether a referring word names something with head word `head` (both lower case). */
function refersTo(word: string, head: string): boolean {
  return word === head || (GROWTHS.has(word) && GROWTHS.has(head));
}

/** Whether `later` (a sentence's text) names the earlier entity `m`: one of its symbols, or its head word after a determiner. */
export function namesEntity(later: ReturnType<typeof namingWords>, m: Mention): boolean {
  const ws = words(m.text);
  if (ws.some((w) => later.symbols.has(w))) return true;
  const head = ws[ws.length - 1]?.toLowerCase();
  return head !== undefined && [...later.referring].some((w) => refersTo(w, head));
}

/** Whether the earlier sentence's text holds anything the later one names (text only: the entities are not known yet). */
function mayName(later: ReturnType<typeof namingWords>, earlierWords: readonly string[]): boolean {
  for (const w of earlierWords) {
    if (later.symbols.has(w)) return true;
    if (later.referring.size === 0) continue;
    const lower = w.toLowerCase();
    for (const r of later.referring) if (refersTo(r, lower)) return true;
  }
  return false;
}

/**
 * The reference windows of `sentences`: each sentence with the nearest earlier sentences
 * of other paragraphs (`covered`: the same paragraph) that hold a word it names.
 * Ordered by last sentence, then first, as windows are.
 */
export function referenceWindows(sentences: readonly Segment[], covered: (first: number, last: number) => boolean): ReferenceWindow[] {
  const out: ReferenceWindow[] = [];
  const wordsOf: (readonly string[])[] = [];
  for (let last = 0; last < sentences.length; last++) {
    const s = sentences[last];
    const read = readSegment(s);
    wordsOf[last] = read.words;
    const later = read.naming;
    if (later.symbols.size === 0 && later.referring.size === 0) continue;
    const found: number[] = [];
    for (let first = last - 1; first >= Math.max(0, last - REFERENCE_REACH) && found.length < REFERENCES_PER_SENTENCE; first--) {
      if (s.end - sentences[first].start > REFERENCE_CHARS) break;
      if (covered(first, last)) continue;
      if (mayName(later, wordsOf[first])) found.push(first);
    }
    for (const first of found.reverse()) out.push({ start: sentences[first].start, end: s.end, sentences: [first, last], across: true, refers: true });
  }
  return out;
}

/**
 * A sentence's words and naming words, kept per text: each keystroke's carry-over searches
 * the REFERENCE_REACH sentences around the edit again, and their texts have not changed.
 */
const READ = new LruCache<{ words: readonly string[]; naming: ReturnType<typeof namingWords> }>(4096);

type Read = { words: readonly string[]; naming: ReturnType<typeof namingWords> };

function readSentence(text: string): Read {
  let read = READ.get(text);
  if (!read) READ.set(text, (read = { words: words(text), naming: namingWords(text) }));
  return read;
}

/**
 * Per segment object, its reading: a segment outside an edit is the same object in the next
 * version (moved in place, its text the same), so a keystroke's 80 sentences around it are
 * read at the cost of an object key, not a string's look-up and the cache's reordering.
 */
const READ_OF = new WeakMap<Segment, Read & { text: string }>();

function readSegment(s: Segment): Read {
  let read = READ_OF.get(s);
  if (!read || s.text !== read.text) READ_OF.set(s, (read = { ...readSentence(s.text), text: s.text }));
  return read;
}
