/**
 * The keys a vocabulary name is indexed under and a mention is looked up by. The index
 * (vocab/) stores every key `nameKeys` gives for each name; the linker looks a mention's keys
 * up in the same order, most exact first, so changing a key here changes both sides at once
 * (bump NORMALISER_VERSION: a .vocab built with another version is rebuilt, not misread).
 */
import { stemWord } from '../retrieval/stem';

/** Part of a .vocab file's header: an index built with other keys is refused. */
export const NORMALISER_VERSION = 6;

/** Printable ASCII only (control characters take the long way, with the same result). */
const ASCII = /^[ -~]*$/;

/** Unicode-folded, lower-cased, punctuation as spaces, single spaces. */
export function fold(text: string): string {
  // Most names are ASCII: no accents to strip, and letters and digits are [a-z0-9] once lower-cased
  // (the same result, a build folds tens of millions of names).
  if (ASCII.test(text))
    return text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Words that carry no meaning in a name ("deficiency of X", "Wilson's disease": the `s`). */
const FILLER = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'for', 'from', 'by', 'with', 's', 'due', 'type', 'types']);

/** Words a name adds to say "this is a disease": a name without them still names it (level 4). */
const GENERIC = new Set(['diseas', 'disord', 'syndrom', 'condit']);

/** Whether a text's content words are only the generic words of disease names ("disease", "disorders"): it names no disease in particular. */
export function onlyGeneric(text: string): boolean {
  const words = contentWords(fold(text));
  return words.length > 0 && words.every((w) => GENERIC.has(w));
}

/**
 * Stems of words the corpora use for one another in tumour names ("prostate carcinoma":
 * Prostatic Neoplasms; an adenocarcinoma is a carcinoma), read as one (level 5).
 */
const NEOPLASM = new Set(['carcinoma', 'adenocarcinoma', 'cancer', 'tumor', 'neoplasm', 'neoplas', 'malign']);

/**
 * Stems of an organ's adjective (and of "-pathy", its disease) read as the organ's noun at
 * level 5: "renal disease" is a kidney disease, "retinopathy" a retinal disease, "venous
 * thrombosis" a vein thrombosis (the synonym sieve of D'Souza & Ng 2015, kept to organs
 * whose adjective and noun name the same thing). Maps, not objects: a word such as
 * "constructor" must find nothing (an object would give its prototype's function).
 */
const ORGAN = new Map<string, string>(
  Object.entries({
    renal: 'kidne',
    nephropath: 'kidne',
    hepat: 'liver',
    hepatopath: 'liver',
    cardiac: 'heart',
    pulmonar: 'lung',
    gastr: 'stomach',
    ocular: 'eye',
    cutan: 'skin',
    retina: 'retin',
    retinopath: 'retin',
    pancrea: 'pancreat',
    venous: 'vein',
  }),
);

/** A stem as level 5 reads it: a tumour word as "neoplasm", an organ's adjective as the organ ("renal": kidney). */
export function generalStem(stem: string): string {
  return NEOPLASM.has(stem) ? 'neoplasm' : (ORGAN.get(stem) ?? stem);
}

/** Roman numerals as names write them ("type II diabetes"): read as their numbers. */
const ROMAN = new Map(Object.entries({ i: '1', ii: '2', iii: '3', iv: '4', v: '5', vi: '6', vii: '7', viii: '8', ix: '9', x: '10' }));

/** British spellings folded to American ones before stemming ("tumour", "haemorrhage", "oesophageal", "goitre"). */
function americanise(word: string): string {
  return (
    word
      .replace(/our(s?)$/, 'or$1')
      // "goitre", "fibre", "centre", "litre", "ochre": -re after b, h, t or v is -er (not "acre", "genre", "pressure").
      .replace(/(?<=..[bhtv])re$/, 'er')
      .replace(/(?<=.)ae(?!l)/g, 'e')
      .replace(/^oe(?=[dst])/, 'e')
      .replace(/rhoea/, 'rhea')
      .replace(/^(c|f)oe/, '$1e')
  );
}

/**
 * Words stemmed so far: a vocabulary's names repeat their words, and a build stems tens of
 * millions of them. Bounded, in two generations: when the newer is full it becomes the
 * older and the oldest is dropped, so the common words stay (a large vocabulary has more
 * distinct words than the bound, and one map emptied when full kept losing them all).
 */
let stems = new Map<string, string>();
let olderStems = new Map<string, string>();
const STEMS_HELD = 200_000;

function stemOf(word: string): string {
  let stem = stems.get(word);
  if (stem !== undefined) return stem;
  // A word with a digit is a code ("RE3", "p53"), not stemmed: the stemmer marks a "y" with a "3"
  // inside, so it read "re3" as "rey" (Reye) and "p53" as "p5i".
  stem = olderStems.get(word) ?? (/\d/.test(word) ? word : stemWord(americanise(word)));
  if (stems.size >= STEMS_HELD) {
    olderStems = stems;
    stems = new Map();
  }
  stems.set(word, stem);
  return stem;
}

const DIGITS = /^\d+$/;

/** The stems of a folded text's content words, fillers dropped, numerals as digits. */
export function contentWords(folded: string): string[] {
  const out: string[] = [];
  const words = folded.split(' ');
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word || FILLER.has(word)) continue;
    // Not a name's first word: "I" and "V" alone start no disease name as numerals.
    const roman = i > 0 ? ROMAN.get(word) : undefined;
    if (roman) out.push(roman);
    else out.push(DIGITS.test(word) ? String(Number(word)) : stemOf(word));
  }
  return out;
}

/**
 * A name's keys, most exact first, each prefixed by its level, without repeats: `1:` folded
 * text, `2:` its words sorted, `3:` stems of the content words sorted (plural, British
 * spelling, "of", possessive, word order, roman numerals), `4:` the same without the generic
 * words of disease names ("disease", "disorder", "syndrome") when something remains, `5:` that
 * with the words for a tumour ("carcinoma", "adenocarcinoma", "cancer", "tumour", "neoplasm") as one.
 */
export function nameKeys(text: string): string[] {
  return indexKeys(text).keys;
}

/** A name's keys (`nameKeys`) and its approximate text (`approxKey`), folded and stemmed once (a build asks both of every name). */
export function indexKeys(text: string): { keys: string[]; approx: string } {
  const folded = fold(text);
  if (!folded) return { keys: [], approx: '' };
  const inOrder = contentWords(folded);
  return { keys: keysOf(folded, [...inOrder].sort()), approx: inOrder.length > 0 ? inOrder.join(' ') : folded };
}

function keysOf(folded: string, stems: string[]): string[] {
  // Each key starts with its own level, so no two are equal. A build computes these for tens
  // of millions of names: a level's text is reused when it is the previous level's.
  const keys = [`1:${folded}`, `2:${folded.includes(' ') ? folded.split(' ').sort().join(' ') : folded}`];
  if (stems.length === 0) return keys;
  const all = stems.join(' ');
  keys.push(`3:${all}`);
  let generic = 0;
  for (const s of stems) if (GENERIC.has(s)) generic++;
  const specific = generic > 0 && generic < stems.length ? stems.filter((s) => !GENERIC.has(s)) : stems;
  const text = specific === stems ? all : specific.join(' ');
  if (specific !== stems) keys.push(`4:${text}`);
  // Level 5 is the same text unless a word is read as another or a word repeats (sorted: side by side).
  let same = true;
  for (let i = 0; i < specific.length && same; i++) {
    const s = specific[i];
    same = !NEOPLASM.has(s) && !ORGAN.has(s) && (i === 0 || s !== specific[i - 1]);
  }
  const general = same ? text : [...new Set(specific.map((s) => (NEOPLASM.has(s) ? 'neoplasm' : (ORGAN.get(s) ?? s))))].sort().join(' ');
  keys.push(`5:${general}`);
  return keys;
}

/** The text approximate search compares (character n-grams are taken from it): content stems in order (better than unstemmed words on both development sets). */
export function approxKey(text: string): string {
  return indexKeys(text).approx;
}
