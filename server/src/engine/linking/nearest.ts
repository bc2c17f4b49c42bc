/**
 * Approximate candidates for a mention: the vocabulary's and the user's synonyms' nearest
 * names by character trigrams, re-ranked by the share of the mention's word stems the name
 * keeps and by whether the user's synonyms use the concept, each with how its matched name
 * meets the mention's words (sharedWords.ts). Both sides are compared as `approxKey` words: a
 * candidate's name comes in that form already (stemming it again would change it).
 */
import { LinkedConcept } from './linkResult';
import { approxKey, contentWords, fold } from './normalise';
import { wordMatch, WordMatch } from './sharedWords';
import { Candidate, Concept, Vocabulary } from './types';

/** How many approximate candidates each vocabulary gives before re-ranking, and the weights of the re-ranking (tuned on NCBI-disease and BC5CDR-disease development sets). */
const APPROXIMATE_POOL = 30;
/** How many nearest names one approximate search gives: those past the pool count when the type test passed over most of the pool. */
const WIDER_POOL = 120;
const WORD_WEIGHT = 0.3;
const USED_WEIGHT = 0.15;

/** A composite learnt whole from a corpus (its ID joins several): never an approximate candidate. */
const JOINED = /[|+]/;

export interface Nearest {
  concept: LinkedConcept;
  match: WordMatch;
  /** The matched name (`approxKey` form). */
  name: string;
  /** The matched name is one the user brought (the synonyms' search found it). */
  mine: boolean;
  /** It has an ID in a source the user's names link into (NearestContext.ownSources). */
  own: boolean;
}

/** What the search needs of the linker. */
export interface NearestContext {
  vocabulary: Vocabulary;
  synonyms?: Vocabulary;
  allows(type: string, concept: Concept): boolean;
  linked(vocabulary: Vocabulary, concept: Concept, score: number): LinkedConcept;
  /** 1 when the user's synonyms use the concept. */
  used(concept: Concept): number;
  /** Whether the concept has an ID in a source the user's names link into (all do when they name none). */
  ownSources(concept: Concept): boolean;
}

/** Distinct concepts, best first, each with its best-ranked name. */
export function nearestCandidates(ctx: NearestContext, text: string, type: string): Nearest[] {
  const query = approxKey(text);
  const stems = approxWords(query);
  const written = writtenWords(text);
  const { synonyms } = ctx;
  const out: (Nearest & { rank: number })[] = [];
  const add = (vocabulary: Vocabulary, ordinal: number, c: Candidate, mine = false): boolean => {
    const read = vocabulary.concept(ordinal);
    if (!ctx.allows(type, read)) return false;
    const match = wordMatch(query, c.name);
    const linked = ctx.linked(vocabulary, read, c.score);
    // The mention's words as written that the name shares: how the candidate matched, in words.
    const concept = match.shares ? { ...linked, shares: match.shared.map((w) => written.get(w) ?? w) } : linked;
    const nameStems = approxWords(c.name);
    const shared = [...stems].filter((w) => nameStems.has(w)).length;
    const words = stems.size > 0 ? shared / Math.max(stems.size, nameStems.size) : 0;
    const used = vocabulary !== synonyms ? ctx.used(read) : 0;
    const own = vocabulary === synonyms || ctx.ownSources(read);
    out.push({ concept, match, name: c.name, mine, rank: c.score + WORD_WEIGHT * words + USED_WEIGHT * used, own });
    return true;
  };
  // One search for the wider pool (its postings read once); the nearest 30 are the pool, and the
  // rest is looked at when the type test passed over most of them (a large vocabulary's nearest
  // names may be mostly of other groups: drugs for a disease).
  const wide = ctx.vocabulary.approximate(text, WIDER_POOL);
  const pool = wide.slice(0, APPROXIMATE_POOL);
  const kept = pool.filter((c) => add(ctx.vocabulary, c.concept, c)).length;
  if (kept < pool.length / 2) for (const c of wide.slice(APPROXIMATE_POOL)) add(ctx.vocabulary, c.concept, c);
  if (synonyms) {
    for (const c of synonyms.approximate(text, APPROXIMATE_POOL)) {
      const own = synonyms.concept(c.concept);
      if (JOINED.test(own.id)) continue;
      const main = ctx.vocabulary.byId(own.id);
      if (main !== undefined) add(ctx.vocabulary, main, c, true);
      else add(synonyms, c.concept, c, true);
    }
  }
  // Distinct concepts, each with its best-ranked name; those in the user's sources first (ties.ts).
  const seen = new Set<string>();
  return out.sort((a, b) => Number(b.own) - Number(a.own) || b.rank - a.rank).filter((r) => !seen.has(r.concept.id) && (seen.add(r.concept.id), true));
}

/** A text's words as written (folded), by their `approxKey` stems; the first of a stem's words. */
function writtenWords(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const word of fold(text).split(' ')) {
    const stem = contentWords(word)[0];
    if (stem !== undefined && !out.has(stem)) out.set(stem, word);
  }
  return out;
}

/** The distinct words of an `approxKey` text. */
function approxWords(key: string): Set<string> {
  return new Set(key.split(' ').filter(Boolean));
}
