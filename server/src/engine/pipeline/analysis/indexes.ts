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
 * How a place of this version came from the previous one: SAME (same offsets), SHIFTED
 * (same text, moved by an edit before it), REFOUND (found again by its text; derived views
 * of it are rebuilt), COPY (the same text as a place taken already: its work is copied).
 * Codes in a byte array, as `from` is an integer array: a keystroke writes them for every
 * place of a huge note, and typed arrays cost neither boxing nor the collector's marking.
 */
export const SAME = 0;
export const SHIFTED = 1;
export const REFOUND = 2;
export const COPY = 3;
export type Carried = typeof SAME | typeof SHIFTED | typeof REFOUND | typeof COPY;
/** `from[i]` of a place that is new. */
export const NEW = -1;

/**
 * The previous version's places in this one: `from[i]` is where place `i` was (NEW: new),
 * `how[i]` how it came. With `wholesale` the previous version's work moved here as a
 * whole (items, counts, jobs) and only the places left unmapped are dropped; otherwise
 * each mapped place adopts the previous version's items one by one. (`_I` says which
 * index it maps, for the reader: typed arrays hold plain numbers.)
 */
export interface IndexMap<_I extends number> {
  from: Int32Array;
  how: Uint8Array;
  wholesale: boolean;
  /**
   * Where the maker knows them, the places not kept where they were (a superset of those with
   * `from[i] !== i`, copied or found again), so that readers need not scan every place.
   */
  changed?: number[];
}

/** An empty map of `length` places, all new. */
export function newIndexMap<I extends number>(length: number, wholesale: boolean): IndexMap<I> {
  return { from: new Int32Array(length).fill(NEW), how: new Uint8Array(length).fill(REFOUND), wholesale };
}

/**
 * The previous places that moved here (not copies), old index to new: a typed array, not a
 * Map (built three times per keystroke over every sentence and unit of the note).
 */
export function movedTo<I extends number>(map: IndexMap<I>): { has(j: I): boolean; get(j: I): I | undefined } {
  let size = 0;
  for (const j of map.from) if (j >= size) size = j + 1;
  const to = new Int32Array(size).fill(-1);
  for (let i = 0; i < map.from.length; i++) {
    const j = map.from[i];
    if (j >= 0 && map.how[i] !== COPY && to[j] < 0) to[j] = i;
  }
  const get = (j: I) => (j < size && to[j] >= 0 ? (to[j] as I) : undefined);
  return { has: (j) => get(j) !== undefined, get };
}

/**
 * What carry-overs cost, counted for tests (plain data): how often a version took the
 * previous one's per-place arrays as they were (`handedOn`: ledger sentences, ledger units,
 * views) and how many places those wrote (`places`: the changed ones, not the note's).
 */
export const carryStats = { handedOn: 0, places: 0 };
export const handedOn = (places: number) => ((carryStats.handedOn += 1), (carryStats.places += places));

/** `list`, or where it is still empty an array of `n` places, so that filling it by index never grows it. */
export function sized<T>(list: (T | undefined)[], n: number): (T | undefined)[] {
  return list.length === 0 ? new Array<T | undefined>(n).fill(undefined) : list;
}

/** The places a map does not keep where they were: moved, new, found again by text or copied (the maker's list where it gave one). */
export function changedPlaces<I extends number>(map: IndexMap<I>): number[] {
  if (map.changed) return map.changed;
  const out: number[] = [];
  for (let i = 0; i < map.from.length; i++) if (map.from[i] !== i || map.how[i] === COPY || map.how[i] === REFOUND) out.push(i);
  return out;
}

/**
 * Of the previous places `changed` read, those no place of this version moved to (their work
 * is given up). A place kept where it was keeps itself, so only the changed places can move
 * another's work: the answer costs the changed places, not the note.
 */
export function givenUp<I extends number>(map: IndexMap<I>, changed: readonly number[]): number[] {
  const moved = new Set<number>();
  for (const i of changed) {
    const j = map.from[i];
    if (j >= 0 && map.how[i] !== COPY) moved.add(j);
  }
  return changed.filter((j) => !moved.has(j));
}
