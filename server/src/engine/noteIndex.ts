/**
 * The workspace as a corpus: what the analyses of many notes found, kept per note (by its
 * URI and a hash of its text) so that a concept can be found across notes that are not open.
 * Plain data in, plain data out; the language server fills it from its analyses and keeps
 * it on disk beside the model cache.
 *
 * Invariants:
 * - A note is indexed for one text: `put` replaces what the note held (never merges), and
 *   `isCurrent(uri, hash)` tells whether a note on disk needs analysing again.
 * - A mention's offsets and positions are those of the text that was hashed (UTF-16 code
 *   units, as the editor counts); a query never returns a mention of a text no longer indexed.
 * - Matching: an ID matches a mention's concept IDs, or their alternate IDs (MEDIC's row
 *   `OMIM:125853` holds `MESH:D003924`), without case and with or without its `SOURCE:` prefix; a name matches a mention's text or its concepts' names, without case,
 *   as a whole-word prefix ("atrial fib" finds "atrial fibrillation", "fib" does not find
 *   "afib"). Results come in note order (URI), then offset: never by insertion order.
 * - A saved index that is not this format, or a note entry that is not well formed, is
 *   dropped and counted, never trusted.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { writeFileAtomic } from './atomicWrite';
import type { EntityLink } from './linking/noteLinks';
import type { Segment } from './text/segment';
import { sectionOfSegment } from './text/sections';
import { statusesOf } from './formats/document';
import { AssertionStatus, INDEX_STATUSES, IndexStatus, Mention } from './types';

export interface Position {
  line: number;
  character: number;
}

export interface IndexedMention {
  start: number;
  end: number;
  /** Zero-based line and UTF-16 character of `start` and `end` (for a note that is not open). */
  from: Position;
  to: Position;
  text: string;
  type: string;
  /** Empty: affirmed. */
  statuses: AssertionStatus[];
  /** Concepts the vocabularies linked (`MESH:D001281`), with their names and other IDs (none: absent). */
  concepts: { id: string; name: string; altIds?: string[] }[];
  /** The canonical section ("family history"), or "" before the first header. */
  section: string;
}

export interface IndexedNote {
  uri: string;
  /** SHA-256 of the text the mentions are of. */
  hash: string;
  mentions: IndexedMention[];
}

export interface IndexQuery {
  /** A name: whole-word prefix of a mention's text or of a concept's name. */
  name?: string;
  /** A concept ID (`MESH:D001281`, or `D001281`). */
  id?: string;
  types?: readonly string[];
  statuses?: readonly IndexStatus[];
  /** At most this many mentions (default: all). */
  limit?: number;
}

export interface IndexHit {
  uri: string;
  mention: IndexedMention;
}

/** Per concept (its ID, else the mention text): the notes and mentions, with counts per status. */
export interface ConceptGroup {
  key: string;
  id?: string;
  name: string;
  type: string;
  counts: Record<IndexStatus, number>;
  notes: { uri: string; mentions: IndexedMention[] }[];
}

const FORMAT = 'biomed-nlp note index';
/** 2: concepts keep their alternate IDs (an index of version 1 is dropped, and its notes analysed again when asked). */
const VERSION = 2;

/** SHA-256 of a note's text: an entry is of this text only (NoteIndex.isCurrent). */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The statuses' one name across notes. */
export function indexStatuses(m: Pick<IndexedMention, 'statuses'>): IndexStatus[] {
  return m.statuses.length ? m.statuses : ['affirmed'];
}

/** Zero-based line and UTF-16 character of each offset of `offsets` in `text` (sorted or not). */
export function positionsOf(text: string, offsets: readonly number[]): Position[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // \r\n is one line end; a lone \r is one too (as LSP counts).
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lineStarts.push(i + 1);
  }
  return offsets.map((o) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - lineStarts[lo] };
  });
}

const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const bareId = (id: string) => id.toLowerCase().replace(/^[a-z]+\s*:\s*/, '');

/** Whether the words of `query` begin a run of the words of `text` (the last may be a prefix). */
export function nameMatches(query: readonly string[], text: string): boolean {
  if (!query.length) return false;
  const w = words(text);
  for (let i = 0; i + query.length <= w.length; i++) {
    let ok = true;
    for (let j = 0; j < query.length && ok; j++) ok = j === query.length - 1 ? w[i + j].startsWith(query[j]) : w[i + j] === query[j];
    if (ok) return true;
  }
  return false;
}

/**
 * A note's entry from what its analysis shows: its entities (with statuses), their links
 * (one per entity, in order, or none without a vocabulary) and its headers.
 */
export function indexNote(uri: string, text: string, entities: readonly Mention[], links: readonly EntityLink[], headers: readonly Segment[]): IndexedNote {
  const linkAt = new Map(links.map((l) => [`${l.start}:${l.end}`, l]));
  const sorted = [...entities].sort((a, b) => a.start - b.start || a.end - b.end);
  const positions = positionsOf(
    text,
    sorted.flatMap((m) => [m.start, m.end]),
  );
  let h = -1;
  const mentions = sorted.map((m, i): IndexedMention => {
    // In offset order, the header in effect moves forward with the entities.
    while (h + 1 < headers.length && headers[h + 1].start <= m.start) h++;
    const raw = h >= 0 ? headers[h].section : '';
    const link = linkAt.get(`${m.start}:${m.end}`);
    return {
      start: m.start,
      end: m.end,
      from: positions[2 * i],
      to: positions[2 * i + 1],
      text: m.text,
      type: m.type,
      statuses: statusesOf(m),
      concepts: (link?.concepts ?? []).map((c) => ({ id: c.id, name: c.name, ...(c.altIds?.length ? { altIds: [...c.altIds] } : {}) })),
      section: raw ? (sectionOfSegment(raw) ?? raw) : '',
    };
  });
  return { uri, hash: textHash(text), mentions };
}

export class NoteIndex {
  static readonly hash = textHash;
  private readonly notes = new Map<string, IndexedNote>();
  /** The notes' URIs in order, kept until a note is added or removed (every query walks them). */
  private sorted: string[] | undefined;
  /** Entries dropped when a saved index was read (not well formed, another format). */
  dropped = 0;

  get size(): number {
    return this.notes.size;
  }

  put(note: IndexedNote): void {
    if (!this.notes.has(note.uri)) this.sorted = undefined;
    this.notes.set(note.uri, note);
  }

  remove(uri: string): boolean {
    this.sorted = undefined;
    return this.notes.delete(uri);
  }

  get(uri: string): IndexedNote | undefined {
    return this.notes.get(uri);
  }

  isCurrent(uri: string, hash: string): boolean {
    return this.notes.get(uri)?.hash === hash;
  }

  uris(): readonly string[] {
    this.sorted ??= [...this.notes.keys()].sort();
    return this.sorted;
  }

  /** Mentions matching `q`, in note order (URI) then offset. */
  find(q: IndexQuery): IndexHit[] {
    const name = q.name ? words(q.name) : undefined;
    const id = q.id ? bareId(q.id.trim()) : undefined;
    const types = q.types?.length ? new Set(q.types.map((t) => t.toLowerCase())) : undefined;
    const statuses = q.statuses?.length ? new Set(q.statuses) : undefined;
    const limit = q.limit ?? Infinity;
    const hits: IndexHit[] = [];
    for (const uri of this.uris()) {
      for (const m of this.notes.get(uri)!.mentions) {
        if (types && !types.has(m.type.toLowerCase())) continue;
        if (statuses && !indexStatuses(m).some((s) => statuses.has(s))) continue;
        if (id !== undefined && !m.concepts.some((c) => bareId(c.id) === id || c.altIds?.some((a) => bareId(a) === id))) continue;
        if (name && !(nameMatches(name, m.text) || m.concepts.some((c) => nameMatches(name, c.name)))) continue;
        hits.push({ uri, mention: m });
        if (hits.length >= limit) return hits;
      }
    }
    return hits;
  }

  /** The hits of `q` grouped by concept (ID, else the mention's text without case), most mentioned first, then by key. */
  concepts(q: IndexQuery): ConceptGroup[] {
    const groups = new Map<string, ConceptGroup>();
    for (const { uri, mention: m } of this.find({ ...q, limit: undefined })) {
      const concept = m.concepts[0];
      const key = concept ? concept.id : `text:${words(m.text).join(' ')}`;
      let g = groups.get(key);
      if (!g) {
        const counts = Object.fromEntries(INDEX_STATUSES.map((s) => [s, 0])) as Record<IndexStatus, number>;
        g = { key, ...(concept ? { id: concept.id } : {}), name: concept?.name ?? m.text, type: m.type, counts, notes: [] };
        groups.set(key, g);
      }
      for (const s of indexStatuses(m)) g.counts[s]++;
      const last = g.notes[g.notes.length - 1];
      if (last?.uri === uri) last.mentions.push(m);
      else g.notes.push({ uri, mentions: [m] });
    }
    const total = (g: ConceptGroup) => g.notes.reduce((n, x) => n + x.mentions.length, 0);
    return [...groups.values()].sort((a, b) => total(b) - total(a) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** The index as JSON text (what `save` writes). */
  serialise(): string {
    return JSON.stringify({ format: FORMAT, version: VERSION, notes: this.uris().map((u) => this.notes.get(u)) });
  }

  /** Writes the index atomically (a crash leaves the old file or the new one). */
  save(file: string): void {
    writeFileAtomic(file, this.serialise(), { fsync: false });
  }

  /** Reads a saved index; a missing file is an empty index, one of another format is dropped (counted). */
  static load(file: string): NoteIndex {
    const index = new NoteIndex();
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return index;
    }
    let data: { format?: unknown; version?: unknown; notes?: unknown };
    try {
      data = JSON.parse(text);
    } catch {
      index.dropped++;
      return index;
    }
    // An older version's index is outgrown, not damaged: its notes are analysed again when asked.
    if (data?.format === FORMAT && typeof data.version === 'number' && data.version < VERSION) return index;
    if (data?.format !== FORMAT || data.version !== VERSION || !Array.isArray(data.notes)) {
      index.dropped++;
      return index;
    }
    for (const n of data.notes) {
      if (wellFormed(n)) index.put(n);
      else index.dropped++;
    }
    return index;
  }
}

function wellFormed(n: unknown): n is IndexedNote {
  const note = n as IndexedNote;
  return (
    typeof note?.uri === 'string' &&
    typeof note.hash === 'string' &&
    Array.isArray(note.mentions) &&
    note.mentions.every(
      (m) =>
        Number.isInteger(m?.start) &&
        Number.isInteger(m.end) &&
        typeof m.text === 'string' &&
        typeof m.type === 'string' &&
        typeof m.section === 'string' &&
        Array.isArray(m.statuses) &&
        Array.isArray(m.concepts) &&
        Number.isInteger(m.from?.line) &&
        Number.isInteger(m.to?.character),
    )
  );
}
