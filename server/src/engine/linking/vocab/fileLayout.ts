/**
 * The `.vocab` file: a magic, the layout version and a JSON header at the front, then the
 * sections the header names by [offset, length]:
 * - `conceptData`, `conceptOffsets`: one JSON array `[id, name, altIds, types]` per concept,
 *   and a u32 offset per ordinal (plus the end); a type is a number, its place in `typeNames`
 *   (a JSON array of the distinct type names: "Disease or Syndrome" once, not per concept),
 *   or a name past that table's `TYPE_TABLE_MAX` entries;
 * - `exactBlocks`, `exactIndex`: name keys (`nameKeys`) → concept ordinals, sorted, in blocks;
 *   a key of two or more concepts is followed by 2 bits a concept (1: a preferred name gives it,
 *   2: several of its names do), for the linker's ties;
 * - `idBlocks`, `idIndex`: concept IDs, alternate IDs and source codes → one ordinal;
 * - `texts`, `textOffsets`, `textGrams`: the distinct approximate texts (`approxKey`) with
 *   their ordinals, a u32 offset each, and a byte each with its trigram count;
 * - `postings`, `grams`: per trigram, the ascending text numbers holding it (deltas); a
 *   trigram held by more than `gramCap` texts keeps its count but no list (it says little
 *   and would cost the most to read);
 * - `userNames` (optional): the names `--synonyms` brought, a JSON array of `[id, [name, ...]]`
 *   (every mention's text, repeats kept), so that the linker knows them as the user's own names
 *   (ties.ts), as it knows `biomed eval link --synonyms`. A file without it links as before.
 */

export const MAGIC = 'BIOMEDVOCAB\0';
/** 2: a name key held by several concepts has flags after its ordinals (binary.ts flagBytes); 3: types by number (`typeNames`). */
export const FORMAT_VERSION = 3;
/** The most type names `typeNames` holds (UMLS has about 130 semantic types; a TSV's type column may have any). */
export const TYPE_TABLE_MAX = 4096;
/** The header's JSON starts at byte 20 and the sections after this many bytes. */
export const HEADER_SPACE = 64 * 1024;

export type Section = [offset: number, length: number];

export interface VocabHeader {
  formatVersion: number;
  normaliserVersion: number;
  label: string;
  /** The reader it was built with (`umls`, `medic`, ...). */
  format: string;
  builtAt: string;
  concepts: number;
  /** Names indexed (a concept's repeats counted once). */
  names: number;
  keys: number;
  ids: number;
  texts: number;
  gramCap: number;
  /** UMLS: source prefixes ranked for ties (--prefer, else --sab), first first. */
  sources?: string[];
  /** UMLS: the source prefixes the user annotates in (--own-sources): a concept with a code in one is taken over one without (ties.ts). */
  ownSources?: string[];
  sections: Record<SectionName, Section> & { userNames?: Section };
}

export type SectionName =
  | 'conceptData'
  | 'conceptOffsets'
  | 'typeNames'
  | 'exactBlocks'
  | 'exactIndex'
  | 'idBlocks'
  | 'idIndex'
  | 'texts'
  | 'textOffsets'
  | 'textGrams'
  | 'postings'
  | 'grams';

/** A growing array of u32 (offsets of millions of records without a JS number each). */
export class U32List {
  data = new Uint32Array(1024);
  length = 0;

  push(n: number): void {
    if (n > 0xffffffff) throw new Error('a .vocab section is larger than 4 GB');
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = n;
  }

  bytes(): Buffer {
    return Buffer.from(this.data.buffer, this.data.byteOffset, this.length * 4);
  }
}

/** Concept types written as numbers into a table of their distinct names (up to TYPE_TABLE_MAX; later ones as names). */
export class TypeTable {
  readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();

  encode(types: readonly string[]): (number | string)[] {
    return types.map((t) => {
      let n = this.numbers.get(t);
      if (n === undefined && this.names.length < TYPE_TABLE_MAX) this.numbers.set(t, (n = this.names.push(t) - 1));
      return n ?? t;
    });
  }
}
