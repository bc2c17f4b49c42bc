/** What the linker gives for a mention (plain data): the chosen concepts, how they were found, the candidates. */

/** How a concept was found; `model`: the model chose it among the candidates (modelChoice.ts). */
export type LinkMethod = 'abbreviation' | 'synonym' | 'exact' | 'normalised' | 'composite' | 'approximate' | 'model';

export interface LinkedConcept {
  id: string;
  name: string;
  /** The vocabulary's label ("MEDIC"). */
  vocabulary: string;
  altIds: readonly string[];
  score: number;
  method: LinkMethod;
}

export interface MentionLink {
  /** The chosen concept, one per part of a composite mention; empty when none was found. */
  concepts: LinkedConcept[];
  /** How the choice was found (`none`: nothing linked). */
  method: LinkMethod | 'none';
  /** The best candidates, chosen first, at most `candidates` of them: one list per part. */
  candidates: LinkedConcept[][];
  /** When several concepts held the winning key alike: the rule that chose among them (TIE_RULES' order). */
  tie?: TieRule;
}

/**
 * What decides among concepts that hold the winning key alike, in this order (a curator's;
 * ties.ts): a concept in the sources the user's own names link into, a name the user brought, a concept the document names surely elsewhere, the
 * semantic group the entity type fits, the concept whose preferred name it is, the source the
 * user ranks first, the concept holding the key through several of its names; file order last.
 */
export const TIE_RULES = ['user sources', 'user name', 'document', 'semantic group', 'preferred name', 'source rank', 'more names', 'file order'] as const;
export type TieRule = (typeof TIE_RULES)[number];
