/**
 * Whether an approximate candidate shares meaning with the mention, not only letters: a
 * concept whose matched name has none of the mention's words is no link ("ptosis" is not
 * "Wandering Spleen"), however many trigrams they share. Both sides are `approxKey` texts
 * (content stems in order). Invariants: two words are one when their stems are equal, when
 * level 5 reads them as one ("carcinoma" and "tumour", "renal" and "kidney"), when one is the
 * other's start (four letters or more: "olfactor", "olfact"), or when one is a misspelling of
 * the other (an edit in five letters or more, two in ten: "hypotension" is no misspelt
 * "hypertension"), or when most of the shorter is
 * their common start (five letters or more: "adenovirus", "adenoviridae"); numbers and
 * one-letter words never make a match on their own, and a generic word of disease names
 * ("disease", "syndrome") makes only a weaker one (`specific` false).
 */
import { generalStem } from './normalise';
import { editDistance } from './vocab/grams';

export interface WordMatch {
  /** Some content word of the mention is a word of the name. */
  shares: boolean;
  /** The mention's last word (the head of its noun phrase) is a word of the name. */
  head: boolean;
  /** A shared word is more than a generic word of disease names ("disease", "syndrome"). */
  specific: boolean;
  /** The mention's words (as given: `approxKey` stems) that are words of the name, in order, each once. */
  shared: string[];
}

/**
 * Whether two stems are one word by their stems or one's start, or by one letter dropped or
 * added in five or more ("heparn"); never by a letter changed ("palpit", "pulpit") or another
 * ending ("diaphoresis", "diaphorase"), which make other words as often as typos (heads.ts).
 */
export function sameWordStrictly(a: string, b: string): boolean {
  if (a === b || generalStem(a) === generalStem(b)) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 4 && long.startsWith(short)) return true;
  return short.length >= 5 && long.length === short.length + 1 && editDistance(a, b) === 1;
}

/** Whether two stems are one word, as the module comment says. */
export function sameWord(a: string, b: string): boolean {
  if (sameWordStrictly(a, b)) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  // One word in two forms ("adenovirus", "adenoviridae"): most of the shorter is their common start.
  let common = 0;
  while (common < short.length && short[common] === long[common]) common++;
  if (common >= 5 && common >= 0.75 * short.length) return true;
  if (short.length < 5) return false;
  return editDistance(a, b) <= (short.length >= 10 ? 2 : 1);
}

/** Words that say only "this is a disease": a name sharing only these is a weaker match than one sharing another word. */
const GENERIC = new Set(['diseas', 'disord', 'syndrom', 'condit']);

/** Stems of words that only qualify (side, course, severity): a name sharing only these shares nothing ("bilateral leg swelling", "Deafness"). */
const QUALIFIERS = new Set([
  'bilater',
  'unilater',
  'left',
  'right',
  'acut',
  'chron',
  'sever',
  'mild',
  'moder',
  'new',
  'onset',
  'recurr',
  'sporad',
  'isol',
  'primar',
  'secondar',
  'worsen',
  'poor',
  'lower',
  'upper',
]);

/** Words that can carry a match: not a number, more than one letter, not a qualifier alone. */
function meaningful(word: string): boolean {
  return word.length > 1 && !/^\d+$/.test(word) && !QUALIFIERS.has(word);
}

/** How a candidate's matched name (`approxKey` form) meets the mention's (`approxKey` form). */
export function wordMatch(mention: string, name: string): WordMatch {
  const words = mention.split(' ').filter(meaningful);
  const names = name.split(' ').filter(meaningful);
  const found = words.map((w) => names.some((n) => sameWord(w, n)));
  return {
    shares: found.some(Boolean),
    head: found.length > 0 && found[found.length - 1],
    specific: found.some((f, i) => f && !GENERIC.has(words[i])),
    shared: [...new Set(words.filter((_, i) => found[i]))],
  };
}
