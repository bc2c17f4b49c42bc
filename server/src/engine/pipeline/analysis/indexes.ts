/**
 * Indexes into one version's sentences and relation units. They are distinct types, so
 * the compiler refuses a unit where a sentence is meant; at run time both are numbers.
 */

/** The index of a sentence in `DocumentAnalysis.sentences`. */
export type SentenceIndex = number & { readonly __index: 'sentence' };
/** The index of a relation unit (sentence, list item or window) in `DocumentAnalysis.units`. */
export type UnitIndex = number & { readonly __index: 'unit' };

export const sentenceIndex = (n: number): SentenceIndex => n as SentenceIndex;
export const unitIndex = (n: number): UnitIndex => n as UnitIndex;

/**
 * How a place of this version came from the previous one: `same` (same offsets), `shifted`
 * (same text, moved by an edit before it), `refound` (found again by its text; derived views
 * of it are rebuilt), `copy` (the same text as a place taken already: its work is copied).
 */
export type Carried = 'same' | 'shifted' | 'refound' | 'copy';

/**
 * The previous version's places in this one: `from[i]` is where place `i` was (undefined:
 * new), `how[i]` how it came. With `wholesale` the previous version's work moved here as a
 * whole (items, counts, jobs) and only the places left unmapped are dropped; otherwise
 * each mapped place adopts the previous version's items one by one.
 */
export interface IndexMap<I extends number> {
  from: (I | undefined)[];
  how: Carried[];
  wholesale: boolean;
}

/** An empty map of `length` places, all new. */
export function newIndexMap<I extends number>(length: number, wholesale: boolean): IndexMap<I> {
  return { from: new Array<I | undefined>(length).fill(undefined), how: new Array<Carried>(length).fill('refound'), wholesale };
}

/** The previous places that moved here (not copies), old index to new. */
export function movedTo<I extends number>(map: IndexMap<I>): Map<I, I> {
  const to = new Map<I, I>();
  map.from.forEach((j, i) => {
    if (j !== undefined && map.how[i] !== 'copy' && !to.has(j)) to.set(j, i as I);
  });
  return to;
}
