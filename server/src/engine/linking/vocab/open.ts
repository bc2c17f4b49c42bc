/**
 * A `.vocab` file as a `Vocabulary`, read where it lies: only the small tables (block indexes,
 * the trigram directory, a byte per approximate text) are held; a concept, a key's block or a
 * trigram's postings are read with fs.readSync at their position when asked. Exact lookup is a
 * binary search over the blocks' first keys and one block read; approximate search is
 * approximateSearch.ts's over the trigram postings, as a vocabulary in memory runs it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NORMALISER_VERSION } from '../normalise';
import { Candidate, Concept, KeyHolder, NamePrefixHit, UserNameEntry, Vocabulary } from '../types';
import { ApproximateSearch } from './approximateSearch';
import { ByteReader, KeyTable, readAt } from './binary';
import { FORMAT_VERSION, HEADER_SPACE, MAGIC, SectionName, VocabHeader } from './fileLayout';
import { normaliseId } from './ids';
import { VocabInputError } from './sources/lines';

/** Bytes of postings read at a time. */
const POSTINGS_CHUNK = 64 * 1024;

/** A `.vocab` file that cannot be read as one (the user's input, as a source file's bad line is). */
export class VocabFileError extends VocabInputError {
  constructor(file: string, detail: string) {
    super(file, undefined, detail);
    this.name = 'VocabFileError';
  }
}

interface Gram {
  count: number;
  offset: number;
  length: number;
}

export function readVocabHeader(file: string): VocabHeader {
  const fd = fs.openSync(file, 'r');
  try {
    return headerOf(fd, file);
  } finally {
    fs.closeSync(fd);
  }
}

function headerOf(fd: number, file: string): VocabHeader {
  const name = path.basename(file);
  const size = fs.fstatSync(fd).size;
  if (size < HEADER_SPACE) throw new VocabFileError(name, 'not a .vocab file (too short)');
  const head = readAt(fd, 0, 20);
  if (head.toString('latin1', 0, 12) !== MAGIC) throw new VocabFileError(name, 'not a .vocab file (build one with biomed vocab build)');
  const version = head.readUInt32LE(12);
  if (version !== FORMAT_VERSION) throw new VocabFileError(name, `a .vocab of layout ${version}; this version reads ${FORMAT_VERSION}: build it again`);
  const header = JSON.parse(readAt(fd, 20, head.readUInt32LE(16)).toString('utf8')) as VocabHeader;
  if (header.normaliserVersion !== NORMALISER_VERSION)
    throw new VocabFileError(name, `built with name keys of version ${header.normaliserVersion}; this version uses ${NORMALISER_VERSION}: build it again`);
  return header;
}

export interface OpenOptions {
  /** Bytes of postings read at a time (default 64 KB; tests use a few to cross many reads). */
  postingsChunk?: number;
}

export function openVocabulary(file: string, options: OpenOptions = {}): Vocabulary {
  const fd = fs.openSync(file, 'r');
  try {
    return new VocabFile(fd, headerOf(fd, file), options.postingsChunk ?? POSTINGS_CHUNK);
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}

class VocabFile implements Vocabulary {
  readonly label: string;
  readonly size: number;
  readonly sources?: readonly string[];
  readonly ownSources?: readonly string[];
  private readonly exactTable: KeyTable;
  private readonly idTable: KeyTable;
  private readonly grams = new Map<string, Gram>();
  private readonly textGrams: Buffer;
  /** The distinct type names concepts give by number (fileLayout.ts). */
  readonly typeNames: readonly string[];
  readonly format: string;
  private open = true;
  private chunk: Buffer | undefined;
  /** The approximate search both vocabularies run (approximateSearch.ts), over this file's index. */
  private readonly search: ApproximateSearch;

  constructor(
    private readonly fd: number,
    readonly header: VocabHeader,
    private readonly chunkBytes: number,
  ) {
    this.label = header.label;
    this.sources = header.sources;
    this.ownSources = header.ownSources;
    this.size = header.concepts;
    this.exactTable = new KeyTable(fd, this.section('exactBlocks')[0], this.read('exactIndex'), true);
    this.idTable = new KeyTable(fd, this.section('idBlocks')[0], this.read('idIndex'));
    this.textGrams = this.read('textGrams');
    this.typeNames = JSON.parse(this.read('typeNames').toString('utf8')) as string[];
    this.format = header.format;
    const dir = new ByteReader(this.read('grams'));
    while (!dir.done) {
      const gram = dir.bytes(dir.varint()).toString('utf8');
      this.grams.set(gram, { count: dir.varint(), offset: dir.varint(), length: dir.varint() });
    }
    this.search = new ApproximateSearch({
      textGrams: this.textGrams,
      gram: (g) => {
        const found = this.grams.get(g);
        return found && { count: found.count, kept: found.length > 0 };
      },
      visit: (g, visit) => this.postings(this.grams.get(g)!, visit),
      text: (t) => this.text(t),
    });
  }

  userNames(): readonly UserNameEntry[] {
    this.check();
    const at = this.header.sections.userNames;
    return at && at[1] > 0 ? (JSON.parse(readAt(this.fd, at[0], at[1]).toString('utf8')) as UserNameEntry[]) : [];
  }

  private section(name: SectionName): [number, number] {
    return this.header.sections[name];
  }

  private read(name: SectionName): Buffer {
    const [at, length] = this.section(name);
    return length ? readAt(this.fd, at, length) : Buffer.alloc(0);
  }

  private check(): void {
    if (!this.open) throw new Error(`the vocabulary ${this.label} is closed`);
  }

  concept(ordinal: number): Concept {
    this.check();
    if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= this.size) throw new RangeError(`no concept ${ordinal} in ${this.label} (0..${this.size - 1})`);
    const [at] = this.section('conceptOffsets');
    const bounds = readAt(this.fd, at + 4 * ordinal, 8);
    const start = bounds.readUInt32LE(0);
    const [id, name, altIds, types] = JSON.parse(readAt(this.fd, this.section('conceptData')[0] + start, bounds.readUInt32LE(4) - start).toString('utf8')) as [
      string,
      string,
      string[],
      (number | string)[],
    ];
    return { id, name, altIds, types: types.map((t) => (typeof t === 'number' ? (this.typeNames[t] ?? '') : t)) };
  }

  exact(key: string): readonly number[] {
    this.check();
    return this.exactTable.get(key) ?? [];
  }

  holders(key: string): readonly KeyHolder[] {
    this.check();
    const found = this.exactTable.getFlagged(key);
    return found ? found.values.map((o, i) => ({ concept: o, preferred: (found.flags[i] & 1) === 1, several: (found.flags[i] & 2) === 2 })) : [];
  }

  byId(id: string): number | undefined {
    this.check();
    const found = this.idTable.get(normaliseId(id)) ?? this.idTable.get(normaliseId(id, 'keep'));
    return found?.[0];
  }

  startingWith(folded: string, limit: number): readonly NamePrefixHit[] {
    this.check();
    // The folded names are the level-1 keys (normalise.ts): one range of the sorted key table.
    return this.exactTable.startingWith(`1:${folded}`, limit).map((e) => ({ name: e.key.slice(2), concepts: e.values }));
  }

  approximate(text: string, limit: number): readonly Candidate[] {
    this.check();
    return this.search.search(text, limit);
  }

  /**
   * Visits a trigram's postings (text numbers, delta-coded varints) through one reused buffer:
   * a list of a common trigram in a large vocabulary runs to megabytes, and a buffer a list
   * left the process's memory far above what it holds (the collector frees them late).
   */
  private postings(g: Gram, visit: (text: number) => void): void {
    const buf = (this.chunk ??= Buffer.allocUnsafe(this.chunkBytes));
    const base = this.section('postings')[0] + g.offset;
    let t = 0;
    let n = 0;
    let scale = 1;
    for (let done = 0; done < g.length;) {
      const got = fs.readSync(this.fd, buf, 0, Math.min(buf.length, g.length - done), base + done);
      if (got === 0) throw new Error(`the file ends inside the postings of a trigram (byte ${base + done})`);
      for (let i = 0; i < got; i++) {
        const b = buf[i];
        n += (b & 0x7f) * scale;
        if (b < 0x80) {
          t += n;
          visit(t);
          n = 0;
          scale = 1;
        } else scale *= 0x80;
      }
      done += got;
    }
  }

  /** Approximate text number `t`: its text and concepts. */
  private text(t: number): { text: string; ordinals: number[] } {
    const bounds = readAt(this.fd, this.section('textOffsets')[0] + 4 * t, 8);
    const start = bounds.readUInt32LE(0);
    const r = new ByteReader(readAt(this.fd, this.section('texts')[0] + start, bounds.readUInt32LE(4) - start));
    const text = r.bytes(r.varint()).toString('utf8');
    const ordinals: number[] = [];
    let last = 0;
    for (let n = r.varint(); n > 0; n--) ordinals.push((last += r.varint()));
    return { text, ordinals };
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    fs.closeSync(this.fd);
  }
}
