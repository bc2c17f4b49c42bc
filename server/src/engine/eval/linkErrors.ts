/**
 * `biomed eval link --errors`: the scored mentions the linker got wrong or left unlinked, one
 * record each in corpus order, with what a curator needs to see why: the gold concept's name
 * in the vocabulary, the chosen concept, how it was found (and the tie rule that chose it),
 * and the best candidates. Built while the vocabulary is open (the gold names are looked up
 * in it); the command line writes them (JSON Lines or TSV).
 */
import { LinkedMention } from '../formats/linkedMentions';
import { LinkMethod, MentionLink, TieRule, whyChosen } from '../linking/linker';
import { Vocabulary } from '../linking/types';
import { rightAt1 } from './linking';

/** How many candidates a record lists (per part of a composite link). */
export const ERROR_CANDIDATES = 5;

export interface LinkErrorRecord {
  document: string;
  start: number;
  end: number;
  text: string;
  type: string;
  /** The gold IDs as the corpus writes them, each with its concept's name in the vocabulary (undefined when the vocabulary lacks it). */
  gold: { id: string; name: string | undefined }[];
  /** The chosen concepts (one per part of a composite); empty when unlinked. */
  chosen: { id: string; name: string }[];
  method: LinkMethod | 'none';
  /** The link's score (a composite's lowest part's, rounded to three decimals); undefined when unlinked. */
  score: number | undefined;
  /** The rule that chose among concepts holding the winning key, when one did. */
  tie: TieRule | undefined;
  /** That rule in a curator's words ("a name you brought", "file order"). */
  why: string | undefined;
  /** The best candidates, chosen first: each part's first ERROR_CANDIDATES, one part after another. */
  candidates: { id: string; name: string; score: number; method: LinkMethod }[];
  error: 'wrong' | 'unlinked';
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The scored mentions (those with a gold ID) whose link is not right at 1: `unlinked` when
 * the linker gave no concept, else `wrong`. `links[i]` is the link of `gold[i]`.
 */
export function linkErrors(gold: readonly LinkedMention[], links: readonly MentionLink[], vocabulary: Vocabulary): LinkErrorRecord[] {
  const goldName = (id: string): string | undefined => {
    const ordinal = vocabulary.byId(id);
    return ordinal === undefined ? undefined : vocabulary.concept(ordinal).name;
  };
  const records: LinkErrorRecord[] = [];
  gold.forEach((g, i) => {
    const link = links[i];
    if (g.ids.length === 0 || rightAt1(g, link)) return;
    records.push({
      document: g.document,
      start: g.start,
      end: g.end,
      text: g.text,
      type: g.type,
      gold: g.ids.map((id) => ({ id, name: goldName(id) })),
      chosen: link.concepts.map((c) => ({ id: c.id, name: c.name })),
      method: link.method,
      score: link.concepts.length > 0 ? round(Math.min(...link.concepts.map((c) => c.score))) : undefined,
      tie: link.tie,
      why: link.tie && whyChosen(link.tie),
      candidates: link.candidates.flatMap((part) =>
        part.slice(0, ERROR_CANDIDATES).map((c) => ({ id: c.id, name: c.name, score: round(c.score), method: c.method })),
      ),
      error: link.concepts.length > 0 ? 'wrong' : 'unlinked',
    });
  });
  return records;
}
