/**
 * A note's links remembered by what decides a mention's concept in that note (its type and
 * words), so that a hover while typing builds only the links it shows: the hovered entity's
 * and those of the entities sharing a concept with it are looked up here, not found by
 * linking the whole note again at every keystroke (offsets move with every edit; the words
 * of all but the edited sentence do not).
 *
 * Invariants: it is filled only by a whole-note linking (the note index asks for one after a
 * typing pause) and holds only what that linking gave; an entry is good for the vocabularies'
 * generation it was made in, never after one changes. What an edit changes elsewhere in the
 * note (an abbreviation newly defined, a concept newly named surely) shows at the next
 * whole-note linking. A version of the note takes over its predecessor's memory.
 */
import type { EntityLink, LinkableMention, VocabularyShelf } from './noteLinks';

/** What a mention is remembered by. */
interface Worded {
  type: string;
  text: string;
}

const wordsKey = (m: Worded) => `${m.type}\u0000${m.text}`;

export class LinkMemory {
  private generation: number | undefined;
  private byWords = new Map<string, EntityLink>();

  /** A whole note's links, made while the vocabularies were at `generation`. */
  remember(generation: number, links: readonly EntityLink[]): void {
    this.generation = generation;
    this.byWords = new Map();
    // The first of the same words wins: the note's order decides, as the whole list would.
    for (const l of links) if (!this.byWords.has(wordsKey(l))) this.byWords.set(wordsKey(l), l);
  }

  /** Whether it holds a whole note's links of the vocabularies at `generation`. */
  holds(generation: number): boolean {
    return this.generation === generation;
  }

  /** The link of a mention of these words, at the mention's own place; undefined when none was remembered. */
  recall(generation: number, m: Worded & { start: number; end: number }): EntityLink | undefined {
    const l = this.peek(generation, m);
    return l && { ...l, start: m.start, end: m.end, text: m.text };
  }

  /** The remembered link of these words as it stands (its first mention's place): to read, not to show. */
  peek(generation: number, m: Worded): EntityLink | undefined {
    return generation === this.generation ? this.byWords.get(wordsKey(m)) : undefined;
  }
}

/**
 * What a hover on `entity` shows of a note's links: its own, then those of the note's
 * entities that share a concept with it, from `memory` where it holds the vocabularies'
 * generation now (one mention linked when its words are new), else the whole note's.
 */
export function linksAround(
  memory: LinkMemory,
  shelf: VocabularyShelf,
  note: { text: string; entities: () => readonly LinkableMention[]; whole: () => EntityLink[] },
  entity: LinkableMention,
): EntityLink[] {
  const generation = shelf.current();
  if (!memory.holds(generation)) return note.whole();
  const own = memory.recall(generation, entity) ?? shelf.links(note.text, [entity])[0];
  const ids = new Set(own.concepts.map((c) => c.id));
  const around = [own];
  if (ids.size === 0) return around;
  for (const e of note.entities()) {
    if (e.start === entity.start && e.end === entity.end) continue;
    // Peeked first: only the links shown are placed (a note has thousands of entities).
    if (memory.peek(generation, e)?.concepts.some((c) => ids.has(c.id))) around.push(memory.recall(generation, e)!);
  }
  return around;
}
