/**
 * The gold as the oracle searches it: each document tokenised (the corpora's way, not the
 * engine's), whitespace-collapsed, with the entities and relations that noise left, and
 * the searches that find a prompt's text in it.
 */
import { mulberry32 } from '../../../server/src/engine/random';
import { GoldDocument, GoldEntity, GoldRelation } from './gold';

export interface Tok {
  text: string;
  start: number;
  end: number;
}

// The corpora's tokenisation, kept separate from the project's tokenizer on purpose:
// the oracle must not share a bug with the code under test.
const TOKEN_RE = /[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu;

/** The text without whitespace, and where each of its characters came from. */
function denseText(text: string): { text: string; map: number[] } {
  let dense = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i])) continue;
    dense += text[i];
    map.push(i);
  }
  return { text: dense, map };
}

function tokenise(text: string): Tok[] {
  const out: Tok[] = [];
  for (const m of text.matchAll(TOKEN_RE)) out.push({ text: m[0], start: m.index!, end: m.index! + m[0].length });
  return out;
}

/** Gold type spellings of the corpora, mapped to the project's lower-case type names. */
export const TYPE_ALIASES: Record<string, string> = {
  specificdisease: 'disease',
  diseaseclass: 'disease',
  compositemention: 'disease',
  modifier: 'disease',
  diseaseorphenotypicfeature: 'disease',
  chemicalentity: 'chemical',
  simplechemical: 'chemical',
  'gene/protein': 'gene',
  geneorgeneproduct: 'gene',
  protein: 'gene',
};

/** A corpus's type as the project's type name: lower case, aliases mapped. */
export function canonicalType(t: string): string {
  const k = t.trim().toLowerCase();
  return TYPE_ALIASES[k] ?? k;
}

/** The i2b2 clinical types (the typed tags of i2b2-2012, the arguments of i2b2-2010 relations). */
export const CLINICAL_TYPES = ['problem', 'treatment', 'test'];

/** One gold document as the oracle searches it. */
export interface IndexedDoc {
  /** The text without whitespace and where each of its characters came from (built on first use). */
  dense?: { text: string; map: number[] };
  doc: GoldDocument;
  tokens: Tok[];
  /** Token end offsets, and every gold entity (noise or not) by start offset (indices into doc.entities). */
  tokenEnds: Set<number>;
  entityStarts: Map<number, number[]>;
  /** Relations left after noise. */
  relations: GoldRelation[];
  /** Entities left after noise, sorted by start then end. */
  entities: GoldEntity[];
  /** The longest of those entities: one overlapping offset x starts after x minus it (entitiesFrom). */
  longestEntity: number;
  /** The text with whitespace runs collapsed to one space, and each char's source offset. */
  collapsed: string;
  collapsedMap: number[];
}

/** Exactly round(noise × N) of the keys (`doc:item`), chosen by a seeded shuffle. */
export function chooseDropped(keys: string[], noise: number, seed: number): Set<string> {
  const n = Math.round(Math.min(1, Math.max(0, noise)) * keys.length);
  if (n === 0) return new Set();
  const rnd = mulberry32(seed);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [keys[i], keys[j]] = [keys[j], keys[i]];
  }
  return new Set(keys.slice(0, n));
}

/** How many tokens key the run index (findTokenRun). */
const RUN_KEY = 3;
const runKey = (texts: readonly string[], at: number) => texts.slice(at, at + RUN_KEY).join('\u0000');

export class GoldIndex {
  readonly docs: IndexedDoc[];
  /** First token text → (document, token index) where it occurs. */
  private readonly index = new Map<string, Array<[number, number]>>();
  /**
   * The same by the first RUN_KEY tokens, built on first use: a long note of like sentences
   * ("Day 3970 ...", 50,000 times) made every search walk every place of its first token.
   */
  private runIndex: Map<string, Array<[number, number]>> | undefined;

  /**
   * Noise (0..1) leaves out exactly that fraction of the gold entities, and (chosen
   * separately) of the gold relations, by seeded choices.
   */
  constructor(gold: GoldDocument[], noise: number, seed: number) {
    const dropped = chooseDropped(
      gold.flatMap((doc, d) => doc.entities.map((_, e) => `${d}:${e}`)),
      noise,
      seed,
    );
    // A seed of its own, so that relation noise leaves the entity choice as it was.
    const droppedRelations = chooseDropped(
      gold.flatMap((doc, d) => (doc.relations ?? []).map((_, r) => `${d}:${r}`)),
      noise,
      (seed ^ 0x5bd1e995) >>> 0,
    );
    this.docs = gold.map((doc, d) => {
      const tokens = tokenise(doc.text);
      tokens.forEach((t, i) => {
        const list = this.index.get(t.text);
        if (list) list.push([d, i]);
        else this.index.set(t.text, [[d, i]]);
      });
      const entities = doc.entities.filter((_, e) => !dropped.has(`${d}:${e}`)).sort((a, b) => a.start - b.start || a.end - b.end);
      let collapsed = '';
      const collapsedMap: number[] = [];
      for (const m of doc.text.matchAll(/\s+|[^\s]+/g)) {
        if (/^\s/.test(m[0])) {
          collapsed += ' ';
          collapsedMap.push(m.index!);
        } else {
          collapsed += m[0];
          for (let k = 0; k < m[0].length; k++) collapsedMap.push(m.index! + k);
        }
      }
      const entityStarts = new Map<number, number[]>();
      doc.entities.forEach((e, k) => {
        const list = entityStarts.get(e.start);
        if (list) list.push(k);
        else entityStarts.set(e.start, [k]);
      });
      const relations = (doc.relations ?? []).filter((_, r) => !droppedRelations.has(`${d}:${r}`));
      const tokenEnds = new Set(tokens.map((t) => t.end));
      const longestEntity = entities.reduce((m, e) => Math.max(m, e.end - e.start), 0);
      return { doc, tokens, tokenEnds, entityStarts, relations, entities, longestEntity, collapsed, collapsedMap };
    });
  }

  /** First occurrence of the token sequence as a contiguous run in a gold document. */
  findTokenRun(tokens: string[]): { doc: IndexedDoc; first: number } | undefined {
    if (tokens.length === 0) return undefined;
    const places = tokens.length >= RUN_KEY ? this.byRun().get(runKey(tokens, 0)) : this.index.get(tokens[0]);
    for (const [d, i] of places ?? []) {
      const doc = this.docs[d];
      if (i + tokens.length > doc.tokens.length) continue;
      let k = 0;
      while (k < tokens.length && doc.tokens[i + k].text === tokens[k]) k++;
      if (k === tokens.length) return { doc, first: i };
    }
    return undefined;
  }

  private byRun(): Map<string, Array<[number, number]>> {
    if (this.runIndex) return this.runIndex;
    const index = new Map<string, Array<[number, number]>>();
    this.docs.forEach((doc, d) => {
      const texts = doc.tokens.map((t) => t.text);
      for (let i = 0; i + RUN_KEY <= texts.length; i++) {
        const key = runKey(texts, i);
        const list = index.get(key);
        if (list) list.push([d, i]);
        else index.set(key, [[d, i]]);
      }
    });
    return (this.runIndex = index);
  }

  /** The input tokens' characters in a gold document (whitespace ignored), each token placed at its offsets. */
  findCharacters(input: string[]): { doc: IndexedDoc; tokens: Tok[] } | undefined {
    const needle = input.join('');
    if (needle === '') return undefined;
    for (const doc of this.docs) {
      doc.dense ??= denseText(doc.doc.text);
      const at = doc.dense.text.indexOf(needle);
      if (at < 0) continue;
      let pos = at;
      const tokens = input.map((text) => {
        const start = doc.dense!.map[pos];
        const end = doc.dense!.map[pos + text.length - 1] + 1;
        pos += text.length;
        return { text, start, end };
      });
      return { doc, tokens };
    }
    return undefined;
  }

  /**
   * Every occurrence of the sentence (whitespace collapsed) in the gold, in document
   * order, each with the gold entities (indices) that have exactly the marked spans. One
   * sentence may be several gold documents (ChemProt: one per marked pair), so a pair is
   * answered from the first occurrence whose entities have its two spans. A gold entity of
   * the type the pairs name is preferred over another with the same span.
   */
  findMarked(
    text: string,
    spans: Map<string, { start: number; end: number }>,
    types: Map<string, string>,
  ): Array<{ doc: IndexedDoc; entities: Map<string, number> }> {
    // The sentence collapsed like the documents, with each original offset's place in it.
    let q = '';
    const place: number[] = [];
    for (const m of text.matchAll(/\s+|[^\s]+/g)) {
      const ws = /^\s/.test(m[0]);
      for (let k = 0; k < m[0].length; k++) place.push(ws ? q.length : q.length + k);
      q += ws ? ' ' : m[0];
    }
    const lead = q.startsWith(' ') ? 1 : 0;
    const trimmed = q.trim();
    const found: Array<{ doc: IndexedDoc; entities: Map<string, number> }> = [];
    if (trimmed === '') return found;
    for (const doc of this.docs) {
      for (let at = doc.collapsed.indexOf(trimmed); at >= 0; at = doc.collapsed.indexOf(trimmed, at + 1)) {
        const base = at - lead;
        const entities = new Map<string, number>();
        for (const [id, s] of spans) {
          if (s.end <= s.start) continue;
          const start = doc.collapsedMap[base + place[s.start]];
          const end = doc.collapsedMap[base + place[s.end - 1]] + 1;
          const same = doc.doc.entities.map((e, k) => ({ e, k })).filter(({ e }) => e.start === start && e.end === end);
          const pick = same.find(({ e }) => canonicalType(e.type) === types.get(id)) ?? same[0];
          if (pick) entities.set(id, pick.k);
        }
        found.push({ doc, entities });
      }
    }
    return found;
  }

  /** Finds text with whitespace runs collapsed (CRLF, wrapping) and maps back to gold offsets. */
  findText(text: string): { doc: IndexedDoc; start: number; end: number } | undefined {
    const q = text.replace(/\s+/g, ' ').trim();
    if (q === '') return undefined;
    for (const doc of this.docs) {
      const at = doc.collapsed.indexOf(q);
      if (at < 0) continue;
      return { doc, start: doc.collapsedMap[at], end: doc.collapsedMap[at + q.length - 1] + 1 };
    }
    return undefined;
  }
}

/** The index of the first of doc's entities that may overlap `offset` or anything after it (a huge gold note is answered token by token). */
export function entitiesFrom(doc: IndexedDoc, offset: number): number {
  const from = offset - doc.longestEntity;
  let lo = 0;
  let hi = doc.entities.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (doc.entities[mid].start < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
