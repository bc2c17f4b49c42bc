/**
 * The keys a vocabulary name is indexed under and a mention is looked up by. The index
 * (vocab/) stores every key `nameKeys` gives for each name; the linker looks a mention's keys
 * up in the same order, most exact first, so changing a key here changes both sides at once
 * (bump NORMALISER_VERSION: a .vocab built with another version is rebuilt, not misread).
 */
import { stemWord } from '../retrieval/stem';

/** Part of a .vocab file's header: an index built with other keys is refused. */
export const NORMALISER_VERSION = 3;

/** Unicode-folded, lower-cased, punctuation as spaces, single spaces. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Words that carry no meaning in a name ("deficiency of X", "Wilson's disease": the `s`). */
const FILLER = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'for', 'from', 'by', 'with', 's', 'due', 'type']);

/** Words a name adds to say "this is a disease": a name without them still names it (level 4). */
const GENERIC = new Set(['diseas', 'disord', 'syndrom', 'condit']);

/**
 * Stems of words the corpora use for one another in tumour names ("prostate carcinoma":
 * Prostatic Neoplasms; an adenocarcinoma is a carcinoma), read as one (level 5).
 */
const NEOPLASM = new Set(['carcinoma', 'adenocarcinoma', 'cancer', 'tumor', 'neoplasm', 'neoplas', 'malign']);

/**
 * Stems of an organ's adjective (and of "-pathy", its disease) read as the organ's noun at
 * level 5: "renal disease" is a kidney disease, "retinopathy" a retinal disease, "venous
 * thrombosis" a vein thrombosis (the synonym sieve of D'Souza & Ng 2015, kept to organs
 * whose adjective and noun name the same thing).
 */
const ORGAN: Record<string, string> = {
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
};

/** Roman numerals as names write them ("type II diabetes"): read as their numbers. */
const ROMAN: Record<string, string> = { i: '1', ii: '2', iii: '3', iv: '4', v: '5', vi: '6', vii: '7', viii: '8', ix: '9', x: '10' };

/** British spellings folded to American ones before stemming ("tumour", "haemorrhage", "oesophageal"). */
function americanise(word: string): string {
  return word
    .replace(/our(s?)$/, 'or$1')
    .replace(/(?<=.)ae(?!l)/g, 'e')
    .replace(/^oe(?=[dst])/, 'e')
    .replace(/rhoea/, 'rhea')
    .replace(/^(c|f)oe/, '$1e');
}

/** Words stemmed so far: a vocabulary's names repeat their words, and a build stems tens of millions of them. Bounded. */
const stems = new Map<string, string>();
const STEMS_HELD = 200_000;

function stemOf(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    if (stems.size >= STEMS_HELD) stems.clear();
    stem = stemWord(americanise(word));
    stems.set(word, stem);
  }
  return stem;
}

/** The stems of a folded text's content words, fillers dropped, numerals as digits. */
export function contentWords(folded: string): string[] {
  const out: string[] = [];
  folded.split(' ').forEach((word, i) => {
    if (!word || FILLER.has(word)) return;
    // Not a name's first word: "I" and "V" alone start no disease name as numerals.
    const roman = i > 0 ? ROMAN[word] : undefined;
    if (roman) out.push(roman);
    else out.push(/^\d+$/.test(word) ? String(Number(word)) : stemOf(word));
  });
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
  const keys = [`1:${folded}`, `2:${folded.split(' ').sort().join(' ')}`];
  if (stems.length > 0) {
    keys.push(`3:${stems.join(' ')}`);
    const specific = stems.filter((s) => !GENERIC.has(s));
    if (specific.length > 0 && specific.length < stems.length) keys.push(`4:${specific.join(' ')}`);
    const general = (specific.length > 0 ? specific : stems).map((s) => (NEOPLASM.has(s) ? 'neoplasm' : (ORGAN[s] ?? s)));
    keys.push(`5:${[...new Set(general)].sort().join(' ')}`);
  }
  return [...new Set(keys)];
}

/** The text approximate search compares (character n-grams are taken from it): content stems in order (better than unstemmed words on both development sets). */
export function approxKey(text: string): string {
  return indexKeys(text).approx;
}
