/**
 * Scoring a linker on gold mentions (`biomed eval link`). A mention is right at 1 when the
 * chosen concept carries the gold ID (its own ID or an alternate ID, which holds a UMLS
 * concept's source codes), both read as vocab/ids.ts writes IDs (`MESH:` optional, a bare CUI
 * is `UMLS:`, bare numbers OMIM as in MEDIC); a composite gold
 * is right only when the link has as many parts and every gold part is carried by one of them
 * (in any order: the corpora do not agree on an order). Right at 5: the gold (each part) is
 * among the candidates. Mentions whose gold has no ID (`-1`) are counted and not scored.
 * Of the scored mentions given a concept, those not right at 1 are wrong: for a curator a wrong
 * concept costs more than none, so the precision of the links given is reported beside.
 */
import { LinkedMention } from '../formats/linkedMentions';
import { LinkedConcept, MentionLink } from '../linking/linker';
import { normaliseId } from '../linking/vocab/ids';

export interface LinkScores {
  /** Gold mentions read. */
  mentions: number;
  /** Those with a gold ID, the ones scored. */
  scored: number;
  /** Percent, one decimal. */
  accuracy1: number;
  accuracy5: number;
  /** Scored mentions the linker left without a concept. */
  unlinked: number;
  /** Scored mentions given a concept that is not right at 1. */
  wrong: number;
}

/** Whether a concept carries the gold ID. */
export function carries(concept: Pick<LinkedConcept, 'id' | 'altIds'>, gold: string): boolean {
  const want = normaliseId(gold);
  return normaliseId(concept.id) === want || concept.altIds.some((a) => normaliseId(a) === want);
}

/** Right at 1: one chosen concept per gold ID, each carrying it. */
export function rightAt1(gold: LinkedMention, link: MentionLink): boolean {
  const golds = [...new Set(gold.ids.map((id) => normaliseId(id)))];
  if (golds.length === 0 || link.concepts.length !== golds.length) return false;
  return golds.every((g) => link.concepts.some((c) => carries(c, g)));
}

/** Right at 5: every gold ID among the candidates (of some part). */
export function rightAt5(gold: LinkedMention, link: MentionLink): boolean {
  const golds = [...new Set(gold.ids.map((id) => normaliseId(id)))];
  if (golds.length === 0) return false;
  if (rightAt1(gold, link)) return true;
  return golds.every((g) => link.candidates.some((list) => list.some((c) => carries(c, g))));
}

const percent = (n: number, of: number) => (of === 0 ? 0 : Math.round((1000 * n) / of) / 10);

export function scoreLinks(gold: readonly LinkedMention[], links: readonly MentionLink[]): LinkScores {
  let scored = 0;
  let at1 = 0;
  let at5 = 0;
  let unlinked = 0;
  let wrong = 0;
  gold.forEach((g, i) => {
    if (g.ids.length === 0) return;
    scored++;
    const link = links[i];
    if (link.concepts.length === 0) unlinked++;
    if (rightAt1(g, link)) at1++;
    else if (link.concepts.length > 0) wrong++;
    if (rightAt5(g, link)) at5++;
  });
  return { mentions: gold.length, scored, accuracy1: percent(at1, scored), accuracy5: percent(at5, scored), unlinked, wrong };
}

/**
 * The precision of the links given (right at 1 of the scored mentions given a concept) and the
 * coverage (scored mentions given a concept of those scored), in percent, one decimal; no
 * precision when no scored mention was given a concept.
 */
export function linkPrecision(scores: Pick<LinkScores, 'scored' | 'unlinked' | 'wrong'>): { precision?: number; coverage: number } {
  const given = scores.scored - scores.unlinked;
  return { precision: given > 0 ? percent(given - scores.wrong, given) : undefined, coverage: percent(given, scores.scored) };
}
