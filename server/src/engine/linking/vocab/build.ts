/**
 * `biomed vocab build`: a vocabulary's concepts into a read-only `.vocab` file in bounded
 * memory. Concepts are written as they are read; their name keys, approximate texts and IDs
 * go through one external sort (tagged lines `A…`, `I…`, `K…`), whose merge writes the
 * approximate texts with their trigram postings, then the ID table, then the exact key table.
 * The file is written beside the target and renamed over it at the end.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { indexKeys, NORMALISER_VERSION } from '../normalise';
import type { SkipCounts } from '../../formats/document';
import { GRAM_CAP_MIN, GRAM_CAP_SHARE } from './approximateSearch';
import { FileSink, KeyTableWriter } from './binary';
import { sabPrefix } from './ids';
import { ExternalSorter } from './externalSort';
import { FORMAT_VERSION, HEADER_SPACE, MAGIC, Section, TypeTable, U32List, VocabHeader } from './fileLayout';
import { GramPostings } from './gramPostings';
import { VocabInputError } from './sources/lines';
import { SourceConcept } from './sourceConcept';
import { VocabFormat, VOCAB_READERS } from './sources/readers';
import { SynonymSet } from './synonyms';

export interface BuildProgress {
  phase: 'reading' | 'sorting' | 'writing';
  /** The source being read. */
  file?: string;
  /** 0..1 of this phase, where known. */
  fraction?: number;
  concepts: number;
}

export interface BuildOptions {
  sources: readonly string[];
  format: VocabFormat;
  out: string;
  /** Shown beside a concept ("MEDIC"); default: the output's base name. */
  label?: string;
  sab?: readonly string[];
  /** UMLS: the sources (SAB) ranked for ties, first first (default: `sab`'s order). */
  prefer?: readonly string[];
  /** UMLS: the sources (SAB) the user annotates in: a concept with a code in one is taken over one without, at every key level (ties.ts). */
  ownSources?: readonly string[];
  lang?: readonly string[];
  /** UMLS: keep the names marked suppressible or obsolete. */
  suppressed?: boolean;
  /** OBO: keep BROAD synonyms. */
  broadSynonyms?: boolean;
  /** Annotated corpora whose mentions add names (and IDs the vocabulary lacks) to its concepts (synonyms.ts). */
  synonyms?: readonly string[];
  /** Hears of each synonym corpus file with lines read as no mention, by reason (it may throw to refuse the corpus). */
  onSkipped?: (file: string, skips: SkipCounts) => void;
  /** Where the sort's runs go (default: the system's temporary folder). */
  tmpDir?: string;
  /** Bytes of sort lines held before a run is written (tests make it small to force runs). */
  sortBudgetBytes?: number;
  /** Sort runs on a worker thread (default true; tests build both ways). */
  sortOnWorker?: boolean;
  /** Work out the approximate texts' trigram postings on a worker thread beside the merge (default true; tests build both ways). */
  gramsOnWorker?: boolean;
  /** The build's progress, and its percent of the whole build. */
  onProgress?: (p: BuildProgress, percent: number) => void;
}

export interface BuildSummary {
  concepts: number;
  names: number;
  keys: number;
  ids: number;
  texts: number;
  bytes: number;
  /** Names the synonym corpora added to concepts the vocabulary has. */
  synonymNames: number;
  /** IDs the synonym corpora have and the vocabulary lacked: concepts of their own. */
  synonymConcepts: string[];
  notes: string[];
}

/** A sort line holds no line break and uses NUL as its separator: neither may be in its fields. */
const clean = (s: string) => (s.includes('\n') || s.includes('\u0000') ? s.replaceAll('\n', ' ').replaceAll('\u0000', ' ') : s);

export function buildVocabulary(options: BuildOptions): BuildSummary {
  // The synonym corpora first: a bad one stops the build before any file is made.
  const synonyms = options.synonyms?.length ? SynonymSet.read(options.synonyms, options.onSkipped) : undefined;
  const tmp = fs.mkdtempSync(path.join(options.tmpDir ?? os.tmpdir(), 'biomed-vocab-'));
  const partial = `${options.out}.partial-${process.pid}`;
  const fd = fs.openSync(partial, 'w');
  const sorter = new ExternalSorter(tmp, options.sortBudgetBytes, options.sortOnWorker ?? true);
  try {
    const summary = writeVocabulary(fd, sorter, options, synonyms);
    fs.closeSync(fd);
    fs.renameSync(partial, options.out);
    return summary;
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    sorter.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** How far a build is, in percent: reading is most of it, sorting the names most of the rest. */
function percentOf(p: BuildProgress): number {
  const f = p.fraction ?? 0;
  return Math.floor(p.phase === 'reading' ? 60 * f : p.phase === 'sorting' ? 60 + 35 * f : 95 + 5 * f);
}

function writeVocabulary(fd: number, sorter: ExternalSorter, options: BuildOptions, synonyms: SynonymSet | undefined): BuildSummary {
  const progress = (p: BuildProgress) => options.onProgress?.(p, percentOf(p));
  const out = new FileSink(fd, HEADER_SPACE);
  const conceptOffsets = new U32List();
  const conceptStart = out.position;
  const notes: string[] = [];
  let names = 0;

  // A name's key line holds 2 × the ordinal, + 1 when the name is preferred (ties.ts: the preferred name's
  // concept), then the name's number: two names of a concept giving one key stay two lines (the sort
  // keeps each distinct line once), so the key's flags say the concept holds it through several names.
  const addNames = (ordinal: number, list: Iterable<string>, preferred: ReadonlySet<string> = NONE) => {
    const seen = new Set<string>();
    for (const name of list) {
      const text = clean(name.trim());
      if (!text || seen.has(text)) continue;
      seen.add(text);
      names++;
      const keys = indexKeys(text);
      // Keys and approximate texts are folded (normalise.ts: anything but letters and digits
      // becomes a space), so they hold neither a line break nor a NUL.
      const value = 2 * ordinal + (preferred.has(text) ? 1 : 0);
      for (const key of keys.keys) sorter.add(`K${key}\u0000${value}\u0000${names}`);
      const approx = keys.approx;
      if (approx) sorter.add(`A${approx}\u0000${ordinal}`);
    }
  };
  const typeTable = new TypeTable();
  // A concept's ID line names its place for the error of an ID given twice: the file by number.
  const files: string[] = [];
  const fileNumbers = new Map<string, number>();
  const add = (c: SourceConcept) => {
    const ordinal = conceptOffsets.length;
    conceptOffsets.push(out.position - conceptStart);
    out.text(JSON.stringify([c.id, c.name, c.altIds, typeTable.encode(c.types)]));
    let file = fileNumbers.get(c.file);
    if (file === undefined) fileNumbers.set(c.file, (file = files.push(c.file) - 1));
    sorter.add(`I${clean(c.id)}\u00000${ordinal}\u0000${file}\u0000${c.line}`);
    for (const alt of new Set(c.altIds)) if (alt !== c.id) sorter.add(`I${clean(alt)}\u00001${ordinal}`);
    addNames(ordinal, [c.name, ...c.names], new Set((c.preferred ?? [c.name]).map((n) => clean(n.trim()))));
    synonyms?.match(ordinal, c.id, c.altIds);
  };

  const reader = VOCAB_READERS[options.format];
  for (const file of options.sources) {
    const total = fs.statSync(file).size || 1;
    progress({ phase: 'reading', file, fraction: 0, concepts: conceptOffsets.length });
    reader(
      file,
      {
        sab: options.sab,
        lang: options.lang,
        suppressed: options.suppressed,
        broadSynonyms: options.broadSynonyms,
        onBytes: (read) => progress({ phase: 'reading', file, fraction: read / total, concepts: conceptOffsets.length }),
        note: (m) => notes.push(m),
      },
      add,
    );
  }
  if (conceptOffsets.length === 0 && !synonyms?.size)
    throw new VocabInputError(options.sources.join(', '), undefined, `no concepts found (is it ${options.format}?)`);

  let synonymNames = 0;
  const synonymConcepts: string[] = [];
  if (synonyms) {
    for (const { ordinal, names: extra } of synonyms.matched()) {
      addNames(ordinal, extra);
      synonymNames += extra.length;
    }
    for (const extra of synonyms.unmatched()) {
      synonymConcepts.push(extra.id);
      add({ id: extra.id, name: extra.names[0], names: extra.names, altIds: [], types: extra.types, file: extra.file, line: extra.line });
    }
  }
  const concepts = conceptOffsets.length;
  conceptOffsets.push(out.position - conceptStart);
  const sections: Partial<Record<keyof VocabHeader['sections'], Section>> = { conceptData: [conceptStart, out.position - conceptStart] };
  const place = (name: keyof VocabHeader['sections'], bytes: Buffer) => {
    sections[name] = [out.position, bytes.length];
    out.bytes(bytes);
  };
  place('conceptOffsets', conceptOffsets.bytes());
  place('typeNames', Buffer.from(JSON.stringify(typeTable.names), 'utf8'));
  // The synonyms' names as the user's own (linking/userNames.ts): not only names of their concepts among the rest.
  if (synonyms?.size) place('userNames', Buffer.from(JSON.stringify(synonyms.userNames()), 'utf8'));

  // The merge: approximate texts, then IDs, then exact keys (the tags' order). The texts'
  // trigrams and postings are worked out beside it (gramPostings.ts) and written last.
  const grams = new GramPostings(options.gramsOnWorker ?? true);
  try {
    return mergeAndWrite(fd, sorter, options, out, sections, grams, { concepts, names, notes, synonyms, synonymNames, synonymConcepts, files, progress });
  } finally {
    grams.dispose();
  }
}

interface Gathered {
  concepts: number;
  names: number;
  notes: string[];
  synonyms: SynonymSet | undefined;
  synonymNames: number;
  synonymConcepts: string[];
  /** The files the ID lines name by number. */
  files: readonly string[];
  progress: (p: BuildProgress) => void;
}

function mergeAndWrite(
  fd: number,
  sorter: ExternalSorter,
  options: BuildOptions,
  out: FileSink,
  sections: Partial<Record<keyof VocabHeader['sections'], Section>>,
  grams: GramPostings,
  { concepts, names, notes, synonyms, synonymNames, synonymConcepts, files, progress }: Gathered,
): BuildSummary {
  const place = (name: keyof VocabHeader['sections'], bytes: Buffer) => {
    sections[name] = [out.position, bytes.length];
    out.bytes(bytes);
  };
  const textsAt = out.position;
  const textOffsets = new U32List();
  let ids: KeyTableWriter | undefined;
  let exact: KeyTableWriter | undefined;
  /** The key being merged, its values, and (IDs) the line of the concept whose ID it is. */
  let group: { key: string; values: number[]; primary?: string } | undefined;
  let merged = 0;
  const closeGroup = (tag: string) => {
    if (!group) return;
    if (tag === 'A') {
      textOffsets.push(out.position - textsAt);
      writeRecord(
        out,
        group.key,
        group.values.sort((a, b) => a - b),
      );
      grams.add(group.key);
    } else if (tag === 'I') ids!.add(group.key, [group.values[0]]);
    else {
      const { ordinals, flags } = preferredOnce(group.values.sort((a, b) => a - b));
      exact!.add(group.key, ordinals, flags);
    }
    group = undefined;
  };
  let tag = '';
  for (const line of sorter.sorted()) {
    if (++merged % 100_000 === 0) progress({ phase: 'sorting', fraction: merged / sorter.added, concepts });
    const sep = line.indexOf('\u0000');
    const key = line.slice(1, sep);
    if (line[0] !== tag || key !== group?.key) {
      closeGroup(tag);
      if (line[0] !== tag) {
        if (tag === 'A') {
          sections.texts = [textsAt, out.position - textsAt];
          textOffsets.push(out.position - textsAt);
        }
        tag = line[0];
        if (tag === 'I') ids = new KeyTableWriter(out);
        if (tag === 'K') {
          Object.assign(sections, prefixed('id', ids?.finish()));
          exact = new KeyTableWriter(out, true);
        }
      }
      group = { key, values: [] };
    }
    if (tag === 'I') {
      // `0` (the concept's own ID) or `1` (an alternate), the ordinal; a primary goes on with its file's number and line.
      const primary = line.charCodeAt(sep + 1) === 48;
      if (primary && group.primary !== undefined) {
        const [file, at] = placeOf(group.primary, files);
        const [here, hereAt] = placeOf(line, files);
        throw new VocabInputError(here, hereAt, `the ID ${key} is already the ID of the concept at ${file} line ${at} (a concept's rows must come together)`);
      }
      if (primary) group.primary = line;
      // The primary comes first; among alternates the lowest ordinal.
      const ordinal = digitsAt(line, sep + 2);
      if (!group.values.length || (!primary && group.primary === undefined && ordinal < group.values[0])) group.values[0] = ordinal;
    } else group.values.push(digitsAt(line, sep + 1));
  }
  closeGroup(tag);
  if (!sections.texts) {
    sections.texts = [textsAt, 0];
    textOffsets.push(0);
  }
  if (!exact) throw new Error('no name keys were written');
  Object.assign(sections, prefixed('exact', exact.finish()));

  progress({ phase: 'writing', concepts });
  const texts = textOffsets.length - 1;
  place('textOffsets', textOffsets.bytes());
  const gramCap = Math.max(GRAM_CAP_MIN, Math.floor(texts * GRAM_CAP_SHARE));
  out.flush();
  const at = out.position;
  const written = grams.write(fd, at, gramCap);
  sections.textGrams = [at, written.counts];
  sections.postings = [at + written.counts, written.postings];
  sections.grams = [at + written.counts + written.postings, written.directory];
  out.skip(written.counts + written.postings + written.directory);

  const header: VocabHeader = {
    formatVersion: FORMAT_VERSION,
    normaliserVersion: NORMALISER_VERSION,
    label: options.label ?? path.basename(options.out).replace(/\.vocab$/, ''),
    format: options.format,
    builtAt: new Date().toISOString(),
    concepts,
    names,
    keys: exact.entries,
    ids: ids?.entries ?? 0,
    texts,
    gramCap,
    ...rankedSources(options),
    ...(options.ownSources?.length ? { ownSources: options.ownSources.map((s) => sabPrefix(s).toUpperCase()) } : {}),
    sections: sections as VocabHeader['sections'],
  };
  writeHeader(fd, header);
  return {
    concepts,
    names,
    keys: exact.entries,
    ids: header.ids,
    texts,
    bytes: out.position,
    synonymNames,
    synonymConcepts,
    notes: [...notes, ...(synonyms?.notes() ?? [])],
  };
}

/** The decimal number at `at` in `line`, up to its end or a NUL (no string cut out for it: the merge reads one a line). */
function digitsAt(line: string, at: number): number {
  let n = 0;
  for (let i = at; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0) break;
    n = n * 10 + (c - 48);
  }
  return n;
}

/** A primary ID line's file and line number (for the error of an ID given twice). */
function placeOf(line: string, files: readonly string[]): [file: string, line: number] {
  const [, , file, at] = line.split('\u0000');
  return [files[Number(file)], Number(at)];
}

function prefixed(name: 'id' | 'exact', t: { blocks: Section; index: Section } | undefined): Record<string, Section> {
  return t ? { [`${name}Blocks`]: t.blocks, [`${name}Index`]: t.index } : { [`${name}Blocks`]: [0, 0], [`${name}Index`]: [0, 0] };
}

function writeHeader(fd: number, header: VocabHeader): void {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  if (20 + json.length > HEADER_SPACE) throw new Error('the .vocab header is too long (a shorter label?)');
  const head = Buffer.alloc(20);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(FORMAT_VERSION, 12);
  head.writeUInt32LE(json.length, 16);
  fs.writeSync(fd, Buffer.concat([head, json]), 0, 20 + json.length, 0);
}

/** A text record: its bytes, then its ordinals as ascending deltas. */
function writeRecord(out: FileSink, text: string, ordinals: number[]): void {
  const length = Buffer.byteLength(text, 'utf8');
  out.varint(length);
  out.utf8(text, length);
  const values = dedupeSorted(ordinals);
  out.varint(values.length);
  let last = 0;
  for (const v of values) {
    out.varint(v - last);
    last = v;
  }
}

/** The header's ranked sources as ID prefixes (`MSH` is `MESH`): --prefer, else the --sab order. */
function rankedSources(options: BuildOptions): { sources?: string[] } {
  const ranked = options.prefer?.length ? options.prefer : options.sab;
  return ranked?.length ? { sources: ranked.map((s) => sabPrefix(s).toUpperCase()) } : {};
}

/**
 * A key's sorted lines (2 × ordinal + preferred, one a name) as its stored values: each ordinal
 * once, with its flags: 2 when two or more of its names give the key, + 1 when a preferred one does.
 */
function preferredOnce(values: number[]): { ordinals: number[]; flags: number[] } {
  const ordinals: number[] = [];
  const flags: number[] = [];
  for (const v of values) {
    const o = Math.floor(v / 2);
    if (o === ordinals[ordinals.length - 1]) flags[flags.length - 1] |= 2 | (v & 1);
    else {
      ordinals.push(o);
      flags.push(v & 1);
    }
  }
  return { ordinals, flags };
}

const NONE: ReadonlySet<string> = new Set();

function dedupeSorted(values: number[]): number[] {
  return values.filter((v, i) => i === 0 || v !== values[i - 1]);
}
