/** What the linker gives for a mention (plain data): the chosen concepts, how they were found, the candidates; and what is done to such a result (deduplicated, lowered, relabelled). */

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
  /** An approximate candidate: the mention's words (folded, as written) that its matched name shares. */
  shares?: readonly string[];
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

/**
 * Why a concept was taken over another holding the same name, in a curator's words: the
 * --errors records, the hover and the quick fixes say it alike, so that a stranger that won
 * by the weakest rules (preferred name, file order) shows at a glance.
 */
export function whyChosen(tie: TieRule): string {
  return WHY[tie];
}

const WHY: Record<TieRule, string> = {
  'user sources': 'your sources',
  'user name': 'a name you brought',
  document: 'named surely elsewhere in the document',
  'semantic group': 'its semantic group',
  'preferred name': 'preferred name',
  'source rank': 'the source you rank first',
  'more names': 'several of its names',
  'file order': 'file order',
};

/**
 * How a concept or candidate meets its mention, in a few words for a curator ("exact name",
 * "shares “bruising”"): the quick fixes, the hover and the panel say it alike.
 */
export function howMatched(c: { method: LinkMethod; shares?: readonly string[] }): string {
  switch (c.method) {
    case 'exact':
      return 'exact name';
    case 'normalised':
      return 'same words';
    case 'synonym':
      return 'your own name for it';
    case 'abbreviation':
      return 'short form defined in the note';
    case 'composite':
      return 'one part of the mention';
    case 'model':
      return "the model's choice";
    case 'approximate':
      return c.shares?.length ? `shares ${c.shares.map((w) => `“${w}”`).join(', ')}` : 'the head of the mention';
  }
}

/** The first of each concept ID, order kept. */
export function dedupe(list: LinkedConcept[]): LinkedConcept[] {
  const seen = new Set<string>();
  return list.filter((c) => !seen.has(c.id) && (seen.add(c.id), true));
}

/** A link found through a looser reading of the mention: scored below the exact keys, normalised (or composite). */
export function lowered(link: MentionLink): MentionLink {
  const method = link.method === 'composite' ? 'composite' : 'normalised';
  const lower = (c: LinkedConcept): LinkedConcept => ({ ...c, score: c.score * 0.85, method });
  return { concepts: link.concepts.map(lower), method, candidates: link.candidates.map((l) => l.map(lower)) };
}

/** A link found through another text (a short form's long form): its concepts and candidates say so. */
export function relabel(link: MentionLink, method: LinkMethod): MentionLink {
  const as = (c: LinkedConcept): LinkedConcept => ({ ...c, method });
  return { ...link, method, concepts: link.concepts.map(as), candidates: link.candidates.map((l) => l.map(as)) };
}
