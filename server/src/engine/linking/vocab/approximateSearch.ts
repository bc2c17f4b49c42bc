/**
 * The approximate search of both vocabularies: a `.vocab` file (open.ts) and a vocabulary
 * read into memory (memoryVocabulary.ts) run this one search over the same index, so that
 * the two link every mention alike (two searches once gave MEDIC's text and the `.vocab` built
 * from it 81.3 and 81.4 on NCBI-disease training, a few hundred mentions apart).
 *
 * The index: each distinct approximate text (approxKey) once, numbered in JavaScript string
 * order; its trigram count (at most 255); per trigram, the texts holding it in increasing
 * order, a list longer than GRAM_CAP_SHARE of the texts (and GRAM_CAP_MIN) not kept.
 *
 * The search: trigram lists rarest first, texts of the lists read before NEW_CANDIDATE_POSTINGS
 * postings become candidates and later lists only count for those; the VERIFY best by shared
 * trigrams are scored by the exact Dice of their trigrams. Ties: the smaller edit distance to
 * the query, then the text in string order; a text's concepts in ordinal order.
 */
import { approxKey } from '../normalise';
import { Candidate } from '../types';
import { bestTexts, TextList } from './bestTexts';
import { dice, editDistance, trigrams } from './grams';

/** Trigram lists longer than this share of the texts (and at least GRAM_CAP_MIN) are not stored. */
export const GRAM_CAP_SHARE = 0.05;
export const GRAM_CAP_MIN = 20_000;
/** Candidates scored exactly after the trigram count. */
const VERIFY = 64;
/** Postings read that may still add new candidates; longer lists only count for those found. */
const NEW_CANDIDATE_POSTINGS = 50_000;

/** What the search reads of a vocabulary's approximate index. */
export interface TrigramIndex {
  /** Per text, its trigram count (at most 255). */
  readonly textGrams: Uint8Array;
  /** A trigram's list: its length, and whether it was kept; undefined when no text holds it. */
  gram(g: string): { count: number; kept: boolean } | undefined;
  /** Visits a kept trigram's texts, in increasing order. */
  visit(g: string, visit: (t: number) => void): void;
  /** Text `t` and its concepts (ordinals, increasing). */
  text(t: number): { text: string; ordinals: readonly number[] };
}

/** The search over one index; it owns its scratch arrays (a byte a text), reused between queries. */
export class ApproximateSearch {
  private counts: Uint8Array | undefined;
  private touched: TextList | undefined;

  constructor(private readonly index: TrigramIndex) {}

  /** The `limit` best concepts for `text`, each with the best of its texts. */
  search(text: string, limit: number): Candidate[] {
    const query = approxKey(text);
    if (!query || limit <= 0) return [];
    const queryGrams = trigrams(query);
    const lists = [...queryGrams]
      .map((g) => ({ g, list: this.index.gram(g) }))
      .filter((x): x is { g: string; list: { count: number; kept: boolean } } => x.list !== undefined && x.list.kept && x.list.count > 0)
      .sort((a, b) => a.list.count - b.list.count || (a.g < b.g ? -1 : a.g > b.g ? 1 : 0));
    const counts = (this.counts ??= new Uint8Array(this.index.textGrams.length));
    const touched = (this.touched ??= new TextList());
    touched.clear();
    let read = 0;
    let coarse: { t: number }[];
    try {
      for (const { g, list } of lists) {
        const adding = read < NEW_CANDIDATE_POSTINGS;
        read += list.count;
        this.index.visit(g, (t) => {
          if (counts[t]) counts[t] = Math.min(255, counts[t] + 1);
          else if (adding) {
            counts[t] = 1;
            touched.push(t);
          }
        });
      }
      coarse = bestTexts(touched, counts, this.index.textGrams, queryGrams.size, Math.max(VERIFY, limit));
    } finally {
      for (let i = 0; i < touched.length; i++) counts[touched.at(i)] = 0;
    }
    const scored = coarse.map(({ t }) => {
      const { text: name, ordinals } = this.index.text(t);
      return { name, ordinals, score: dice(queryGrams, trigrams(name)), distance: editDistance(query, name) };
    });
    scored.sort((a, b) => b.score - a.score || a.distance - b.distance || (a.name < b.name ? -1 : 1));
    const out: Candidate[] = [];
    const seen = new Set<number>();
    for (const s of scored) {
      for (const concept of s.ordinals) {
        if (seen.has(concept)) continue;
        seen.add(concept);
        out.push({ concept, name: s.name, score: s.score });
        if (out.length === limit) return out;
      }
    }
    return out;
  }
}

/**
 * The index of texts gathered in memory (each text with its concepts, in increasing ordinal
 * order): numbered in string order, trigram lists capped, as a `.vocab` build writes them.
 */
export function memoryTrigramIndex(texts: ReadonlyMap<string, readonly number[]>): TrigramIndex {
  const sorted = [...texts.keys()].sort();
  const textGrams = new Uint8Array(sorted.length);
  const postings = new Map<string, number[]>();
  sorted.forEach((text, t) => {
    const grams = trigrams(text);
    textGrams[t] = Math.min(255, grams.size);
    for (const g of grams) {
      const list = postings.get(g);
      if (list) list.push(t);
      else postings.set(g, [t]);
    }
  });
  const cap = Math.max(GRAM_CAP_MIN, Math.floor(sorted.length * GRAM_CAP_SHARE));
  return {
    textGrams,
    gram: (g) => {
      const list = postings.get(g);
      return list && { count: list.length, kept: list.length <= cap };
    },
    visit: (g, visit) => {
      for (const t of postings.get(g) ?? []) visit(t);
    },
    // The concepts of a text are gathered in ordinal order (memoryVocabulary.ts reads concepts in order).
    text: (t) => ({ text: sorted[t], ordinals: texts.get(sorted[t])! }),
  };
}
