/**
 * Searching a vocabulary's names as a user types (the editor's "Link: Search the
 * Vocabulary…"): names that start with the text first (the sorted name keys, in string
 * order), then names having every typed word (the last one as typed so far, a word's start),
 * then names that only look alike (the approximate search, best first). Each concept once,
 * under its best way of matching. Plain data in, plain data out.
 */
import { approxKey, fold } from './normalise';
import { sameWord } from './sharedWords';
import { Vocabulary } from './types';

/** How a name met the typed text, best first. */
export const NAME_MATCHES = ['prefix', 'word', 'approximate'] as const;
export type NameMatch = (typeof NAME_MATCHES)[number];

export interface NameHit {
  /** The concept's ordinal in the vocabulary. */
  concept: number;
  how: NameMatch;
  /** The name that matched: folded (prefix), else its `approxKey` words. */
  matched: string;
}

/** Names read per concept wanted: a concept often has several names with one start ("diabetes", "diabetes mellitus"). */
const NAMES_PER_HIT = 4;
/** Nearest names the approximate search gives, among which the word matches are found. */
const POOL = 100;
/** A typed word this long, the last, matches the start of a name's word ("bru": "bruising"). */
const PARTIAL_MIN = 3;

/** The concepts whose names match `query`, prefix matches first, then word matches, then approximate; at most `limit`. */
export function searchNames(vocabulary: Vocabulary, query: string, limit: number): NameHit[] {
  const folded = fold(query);
  if (!folded || limit <= 0) return [];
  const seen = new Set<number>();
  const out: NameHit[] = [];
  for (const hit of vocabulary.startingWith(folded, limit * NAMES_PER_HIT)) {
    for (const concept of hit.concepts) {
      if (seen.has(concept)) continue;
      seen.add(concept);
      out.push({ concept, how: 'prefix', matched: hit.name });
      if (out.length === limit) return out;
    }
  }
  const typed = approxKey(query).split(' ').filter(Boolean);
  const words: NameHit[] = [];
  const near: NameHit[] = [];
  for (const c of vocabulary.approximate(query, Math.max(POOL, limit))) {
    if (seen.has(c.concept)) continue;
    seen.add(c.concept);
    if (hasWords(typed, c.name.split(' '))) words.push({ concept: c.concept, how: 'word', matched: c.name });
    else near.push({ concept: c.concept, how: 'approximate', matched: c.name });
  }
  // A word match found further down the approximate ranking still comes before every look-alike.
  return [...out, ...words, ...near].slice(0, limit);
}

/** Whether every typed word is a word of the name (sharedWords.ts's rule), the last one also as a word's start. */
function hasWords(typed: readonly string[], name: readonly string[]): boolean {
  return typed.length > 0 && typed.every((w, i) => name.some((n) => sameWord(w, n) || (i === typed.length - 1 && w.length >= PARTIAL_MIN && n.startsWith(w))));
}
