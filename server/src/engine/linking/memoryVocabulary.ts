/**
 * A vocabulary held in memory: the user's own synonyms, links accepted in curation, tests.
 * The same keys as the `.vocab` index (normalise.ts) and the same approximate search over the
 * same trigram index (vocab/approximateSearch.ts), so the linker cannot tell the two apart.
 */
import * as path from 'node:path';
import { approxKey, nameKeys } from './normalise';
import { Candidate, Concept, ConceptId, KeyHolder, NamePrefixHit, Vocabulary } from './types';
import { ApproximateSearch, memoryTrigramIndex } from './vocab/approximateSearch';
import { normaliseId } from './vocab/ids';
import { readMedic } from './vocab/sources/ctd';

/** A concept with its names (the preferred name first or among them). */
export interface NamedConcept extends Concept {
  names: readonly string[];
}

export class MemoryVocabulary implements Vocabulary {
  readonly size: number;
  private readonly concepts: Concept[] = [];
  /** Per key, how many names of each concept give it (a synonym corpus repeats its names). */
  private readonly keys = new Map<string, Map<number, number>>();
  private readonly ranked = new Map<string, number[]>();
  /** Per key, the concepts whose preferred name gives it. */
  private readonly preferred = new Map<string, number[]>();
  private readonly ids = new Map<string, number>();
  /** Each distinct approximate text, with the concepts that have a name giving it (in ordinal order). */
  private readonly texts = new Map<string, number[]>();
  /** The search a `.vocab` runs, over these texts indexed as a build indexes them: made when first asked. */
  private search: ApproximateSearch | undefined;
  /** The level-1 keys (folded names) in string order, as a `.vocab`'s key table holds them: made when first asked. */
  private folded: string[] | undefined;

  constructor(
    readonly label: string,
    concepts: readonly NamedConcept[],
    /** What it was read from (`medic`), when it has a domain (domain.ts). */
    readonly format?: string,
  ) {
    for (const c of concepts) {
      const ordinal = this.concepts.length;
      this.concepts.push({ id: c.id, name: c.name, altIds: c.altIds, types: c.types });
      for (const id of [c.id, ...c.altIds]) if (!this.ids.has(normaliseId(id))) this.ids.set(normaliseId(id), ordinal);
      // Repeated names count (a synonym corpus's usage); the preferred name is one of them.
      for (const name of c.names.includes(c.name) ? c.names : [c.name, ...c.names]) this.addName(ordinal, name, name === c.name);
    }
    this.size = this.concepts.length;
  }

  private addName(ordinal: number, name: string, preferred: boolean): void {
    for (const key of nameKeys(name)) {
      const counts = this.keys.get(key) ?? new Map<number, number>();
      counts.set(ordinal, (counts.get(ordinal) ?? 0) + 1);
      this.keys.set(key, counts);
      if (!preferred) continue;
      const list = this.preferred.get(key) ?? [];
      if (list[list.length - 1] !== ordinal) list.push(ordinal);
      this.preferred.set(key, list);
    }
    const text = approxKey(name);
    if (!text) return;
    const concepts = this.texts.get(text);
    if (!concepts) this.texts.set(text, [ordinal]);
    else if (concepts[concepts.length - 1] !== ordinal) concepts.push(ordinal);
  }

  concept(ordinal: number): Concept {
    const c = this.concepts[ordinal];
    if (!c) throw new RangeError(`No concept ${ordinal} in ${this.label} (${this.size} concepts)`);
    return c;
  }

  /** The concepts with a name giving this key: the most such names first, then in ordinal order. */
  exact(key: string): readonly number[] {
    let list = this.ranked.get(key);
    if (list === undefined) {
      const counts = this.keys.get(key);
      list = counts ? [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a - b) : [];
      this.ranked.set(key, list);
    }
    return list;
  }

  holders(key: string): readonly KeyHolder[] {
    const counts = this.keys.get(key);
    if (!counts) return [];
    const preferred = new Set(this.preferred.get(key));
    return [...counts.keys()].sort((a, b) => a - b).map((o) => ({ concept: o, preferred: preferred.has(o), several: counts.get(o)! > 1 }));
  }

  byId(id: ConceptId): number | undefined {
    return this.ids.get(normaliseId(id));
  }

  startingWith(folded: string, limit: number): readonly NamePrefixHit[] {
    this.folded ??= [...this.keys.keys()].filter((k) => k.startsWith('1:')).sort();
    const prefix = `1:${folded}`;
    // The first key not before the prefix.
    let lo = 0;
    let hi = this.folded.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.folded[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: NamePrefixHit[] = [];
    for (let i = lo; i < this.folded.length && out.length < limit && this.folded[i].startsWith(prefix); i++)
      out.push({ name: this.folded[i].slice(2), concepts: [...this.keys.get(this.folded[i])!.keys()].sort((a, b) => a - b) });
    return out;
  }

  approximate(text: string, limit: number): readonly Candidate[] {
    this.search ??= new ApproximateSearch(memoryTrigramIndex(this.texts));
    return this.search.search(text, limit);
  }

  close(): void {
    this.keys.clear();
    this.ranked.clear();
    this.preferred.clear();
    this.texts.clear();
    this.search = undefined;
    this.folded = undefined;
  }
}

/**
 * CTD's MEDIC read into memory by the vocabulary build's own reader (either layout,
 * vocab/sources/ctd.ts): `biomed eval link --vocab` given the text file, not a `.vocab`.
 * Throws VocabInputError at a line that is not MEDIC's.
 */
export function medicVocabulary(file: string, label = path.basename(file)): MemoryVocabulary {
  const concepts: NamedConcept[] = [];
  // The names as the line lists them, the preferred first (a name repeated there counts twice, as it did).
  readMedic(file, {}, (c) => concepts.push({ id: c.id, name: c.name, names: [c.name, ...c.names], altIds: c.altIds, types: c.types }));
  return new MemoryVocabulary(label, concepts, 'medic');
}
