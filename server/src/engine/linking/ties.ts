/**
 * Choosing among the concepts a mention's name keys find (linker.ts's exact and normalised
 * steps). Invariants:
 * - The user's sources first: where the user's own names (synonyms, accepted links) carry codes
 *   of some sources (`MESH:`, `OMIM:`), a UMLS concept with a code in one of them is taken over
 *   one without, at any key level: a link outside the ID space the user annotates in is of no
 *   use to them, and among UMLS's many sources some other one holds almost any phrase. It never
 *   decides without such names, in a vocabulary of one source (MEDIC, OBO, a TSV), or where the
 *   user's names are CUIs.
 * - The name as written first: the one concept holding the mention's folded text (level 1), or
 *   a name the user brought written so, is taken over any looser reading. A written name that
 *   several concepts hold ("cold", "ischemic") is a key like any other.
 * - Then evidence before strictness: a concept the user's own names give (synonyms, accepted
 *   links) or use elsewhere, or that the document names surely, is taken over one that only
 *   holds a stricter key (word order, stems, generic words); in a vocabulary of millions of
 *   names some unrelated concept holds almost any phrase in some order.
 * - Then the strictest key level; then, among hits alike so far, TIE_RULES in order: a name
 *   the user brought, the document, the semantic group the entity type fits, the concept
 *   whose preferred name gives the key, the source the user ranks first, the concept that
 *   holds the key through several of its names. File order (the ordinal) decides only when all of these are equal.
 * - The rule that separated the choice from the best other hit of its level is reported
 *   (`tie`); a choice alone at its level, or chosen by evidence, reports that.
 */
import type { TieRule } from './linkResult';

/** One concept (or a composite learnt whole from the user's names) found by the mention's keys. */
export interface Hit<T> {
  value: T;
  /** Its concept's ID (the parts' joined): the same concept found twice is one hit for the tie. */
  id: string;
  /** The strictest key level (1..5) at which it was found. */
  level: number;
  /** 2: found by a name the user brought; 1: a concept the user's names use elsewhere; 0: neither. */
  user: number;
  /** The document names it surely elsewhere. */
  document: boolean;
  /** Its semantic group fits the entity type (false: it has no type, or none the table knows). */
  groupFits: boolean;
  /** The key is one of its preferred names' keys. */
  preferred: boolean;
  /** The user's rank of its best source (0 first; larger: later or unranked). */
  sourceRank: number;
  /** Two or more of its names give the key (a name and its plural, a source's spelling and another's). */
  several: boolean;
  /** The file order: its ordinal (the user's names before the vocabulary's). */
  order: number;
  /** It has an ID in a source the user's own names link into (true for all when they name none). */
  ownSources: boolean;
  /** Found by the mention's folded text (level 1) as the only such concept, or by a name the user brought. */
  written?: boolean;
}

type Field = (h: Hit<unknown>) => number;

/** The comparison, field by field, larger first; each field's rule name when it decides a tie. */
const FIELDS: [Field, TieRule | 'written' | 'evidence' | 'level'][] = [
  [(h) => (h.ownSources ? 1 : 0), 'user sources'],
  [(h) => (h.written ? 1 : 0), 'written'],
  [(h) => (h.user > 0 || h.document ? 1 : 0), 'evidence'],
  [(h) => -h.level, 'level'],
  [(h) => h.user, 'user name'],
  [(h) => (h.document ? 1 : 0), 'document'],
  [(h) => (h.groupFits ? 1 : 0), 'semantic group'],
  [(h) => (h.preferred ? 1 : 0), 'preferred name'],
  [(h) => -h.sourceRank, 'source rank'],
  [(h) => (h.several ? 1 : 0), 'more names'],
  [(h) => -h.order, 'file order'],
];

function compare(a: Hit<unknown>, b: Hit<unknown>): number {
  for (const [field] of FIELDS) {
    const d = field(b) - field(a);
    if (d !== 0) return d;
  }
  return 0;
}

/** The hits best first, and the rule that put the first before the runner-up when both share a key level. */
export function rankHits<T>(hits: Hit<T>[]): { ranked: Hit<T>[]; tie?: TieRule } {
  const ranked = [...hits].sort(compare);
  if (ranked.length < 2) return { ranked };
  const first = ranked[0];
  const second = ranked.find((h) => h.id !== first.id);
  if (!second) return { ranked };
  for (const [field, rule] of FIELDS) {
    if (field(first) === field(second)) continue;
    // The user's name as written, or a concept they use taken over a stricter key: the user decided (or the document).
    if (rule === 'written') return { ranked, tie: first.user === 2 ? 'user name' : undefined };
    if (rule === 'evidence') return { ranked, tie: first.user > 0 ? 'user name' : 'document' };
    return { ranked, tie: rule === 'level' ? undefined : rule };
  }
  return { ranked, tie: 'file order' };
}

/** The user's rank of a concept's best source, by the prefixes of its IDs (`MESH:`, `SNOMEDCT_US:`); `ranked.length` when none is ranked. */
export function sourceRank(ranked: readonly string[] | undefined, ids: readonly string[]): number {
  if (!ranked?.length) return 0;
  let best = ranked.length;
  for (const id of ids) {
    const i = ranked.indexOf(id.slice(0, id.indexOf(':')).toUpperCase());
    if (i >= 0 && i < best) best = i;
  }
  return best;
}
