/**
 * A document's links read together: a name several concepts share takes the one the
 * document names surely elsewhere (the linker's second pass), and an approximate link, or a
 * mention left unlinked with candidates, takes a candidate a surer link of another mention found.
 */
import { MentionLink } from './linkResult';

/** A link by a key that several concepts share alike (its first candidates tie with the choice). */
export function ambiguous(link: MentionLink): boolean {
  if (link.method === 'approximate' || link.method === 'none' || link.candidates.length !== 1) return false;
  const [first] = link.concepts;
  return link.candidates[0].filter((c) => c.score === first.score && c.method === first.method).length > 1;
}

/** The concepts of a document's links found by a sure step and by no shared key. */
export function surelyFound(links: readonly MentionLink[]): Set<string> {
  const sure = new Set<string>();
  for (const l of links) if (l.method !== 'approximate' && l.method !== 'none' && !ambiguous(l)) for (const c of l.concepts) sure.add(c.id);
  return sure;
}

/**
 * Document coherence: an approximate link takes, among its candidates, a concept that another
 * mention of the same document found by a surer step (abbreviation, synonym, exact or
 * normalised key): a note that names "delirium" means that delirium by a looser phrase too.
 */
export function coherent(links: MentionLink[]): MentionLink[] {
  const sure = new Set<string>();
  for (const l of links) if (l.method !== 'approximate' && l.method !== 'none') for (const c of l.concepts) sure.add(c.id);
  return links.map((l) => {
    // An approximate link, or a mention left unlinked for want of a shared word, with candidates.
    if ((l.method !== 'approximate' && l.method !== 'none') || l.candidates.length !== 1) return l;
    const pick = l.candidates[0].find((c) => sure.has(c.id));
    if (!pick || pick.id === l.concepts[0]?.id) return l;
    return { ...l, method: 'approximate', concepts: [pick], candidates: [[pick, ...l.candidates[0].filter((c) => c !== pick)]] };
  });
}
