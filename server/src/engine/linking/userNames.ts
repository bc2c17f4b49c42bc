/**
 * What the user's own names (synonyms, links accepted in curation) say of a vocabulary's
 * concept: whether they name it, and whether it is in the sources they link into (ties.ts).
 * Invariants: a concept is "used" only by its own ID or, for a UMLS concept, by a source code
 * (never by MEDIC's broader alternate IDs); without names, or in a vocabulary of one source,
 * every concept is in the user's sources, so that rule never decides there. The sources are
 * those of the names' IDs and those the user declares (`vocab build --own-sources`).
 */
import { Concept, Vocabulary } from './types';

/** How a UMLS concept's ID begins (its CUI); its alternate IDs are its source codes. */
export const UMLS_PREFIX = 'UMLS:';

/** A synonym concept whose ID joins several (a composite mention learnt from a corpus). */
export const JOINED = /[|+]/;

export class UserNames {
  /** The sources the user's names link into (their IDs' prefixes: `MESH`, `OMIM`) and the declared ones; empty without either. */
  private readonly sources = new Set<string>();

  /** `declared`: the sources the user says they annotate in (`vocab build --own-sources`), as ID prefixes. */
  constructor(
    private readonly names: Vocabulary | undefined,
    declared: readonly string[] = [],
  ) {
    for (const s of declared) this.sources.add(s.toUpperCase());
    for (let o = 0; o < (names?.size ?? 0); o++) for (const id of names!.concept(o).id.split(JOINED)) if (idSource(id)) this.sources.add(idSource(id));
  }

  /**
   * Whether the user's names name this concept (1) or not (0): by its ID, or for a UMLS
   * concept by one of its source codes, which are the same concept in MeSH or OMIM (a corpus's
   * synonyms carry those, not the CUI). Other alternate IDs may be broader (MEDIC gives an OMIM
   * disease its MeSH parent), so they do not count.
   */
  used(c: Pick<Concept, 'id' | 'altIds'>): number {
    const { names } = this;
    if (names === undefined) return 0;
    if (names.byId(c.id) !== undefined) return 1;
    return c.id.startsWith(UMLS_PREFIX) && c.altIds.some((id) => names.byId(id) !== undefined) ? 1 : 0;
  }

  /**
   * Whether a UMLS concept has a code in a source the user's names link into. A vocabulary of
   * one source (MEDIC, OBO, a TSV) is the user's choice as a whole: its concepts all are,
   * whatever their IDs' prefixes; so are all concepts when the user names none, or names CUIs.
   */
  inSources(c: Pick<Concept, 'id' | 'altIds'>): boolean {
    if (this.sources.size === 0 || !c.id.startsWith(UMLS_PREFIX)) return true;
    return [c.id, ...c.altIds].some((id) => this.sources.has(idSource(id)));
  }
}

/** An ID's source prefix (`MESH` of `MESH:D001281`). */
function idSource(id: string): string {
  return id.slice(0, Math.max(0, id.indexOf(':'))).toUpperCase();
}
