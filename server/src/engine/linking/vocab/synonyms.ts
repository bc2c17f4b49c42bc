/**
 * `--synonyms CORPUS`: the mentions of annotated corpora as names of their concepts. A mention
 * with one ID adds its text to the concept with that ID (its own ID first, else an alternate
 * ID or source code); an ID the vocabulary lacks becomes a concept of its own. A composite
 * mention ("breast and ovarian cancer", two IDs) names no single concept and is not added;
 * a mention without an ID (`-1`) neither: both are counted in the notes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SkipCounts, totalSkipped } from '../../formats/document';
import { readLinkedMentions } from '../../formats/linkedMentions';
import { LinkedMention } from '../types';
import { normaliseId } from './ids';
import { VocabInputError } from './sources/lines';

export type SynonymFormat = 'pubtator' | 'concept' | 'brat';

interface Entry {
  id: string;
  names: string[];
  /** Every mention's text, repeats kept (the name given most often ranks first among the user's names). */
  written: string[];
  types: string[];
  file: string;
  match?: { ordinal: number; primary: boolean };
}

/** The corpus layout of a file or folder: a folder or `.ann` is BRAT, else told by its first lines. */
export function synonymFormat(file: string): SynonymFormat {
  if (fs.statSync(file).isDirectory() || file.endsWith('.ann')) return 'brat';
  const head = readHead(file);
  if (/^[^|\t\n]*\|\|\d+\|\d+\|\|/m.test(head)) return 'concept';
  if (/^[^|\t\n]+\|[ta]\||^[^\t\n]+\t\d+\t\d+\t/m.test(head)) return 'pubtator';
  throw new VocabInputError(
    file,
    undefined,
    'not a synonym corpus: PubTator (PMID|t|title, mention lines), the concept layout (PMID||start|end||type||text||ID) or BRAT (.ann with N lines)',
  );
}

function readHead(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    return buf.toString('utf8', 0, fs.readSync(fd, buf, 0, buf.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

function annFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ann'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** One file of a synonym corpus: its base name and its mentions, in file order (lines read as no mention go to `onSkipped`). */
export interface SynonymFile {
  file: string;
  mentions: LinkedMention[];
}

/**
 * The mentions of a synonym corpus (`vocab build --synonyms`, `eval link --synonyms`): a file
 * in the layout its first lines tell, or for BRAT a folder of .ann files (sorted, subfolders
 * too). Throws VocabInputError when the layout is none of the three or no mention is read.
 */
export function readSynonymMentions(corpus: string, onSkipped?: (file: string, skips: SkipCounts) => void): SynonymFile[] {
  const format = synonymFormat(corpus);
  const files = format === 'brat' && fs.statSync(corpus).isDirectory() ? annFiles(corpus) : [corpus];
  // Typed as linking's own LinkedMention: the reader's copy of the shape must stay the same.
  const read: SynonymFile[] = files.map((file) => {
    const skips: SkipCounts = {};
    const mentions = readLinkedMentions(fs.readFileSync(file, 'utf8'), format, skips);
    if (onSkipped && totalSkipped(skips) > 0) onSkipped(file, skips);
    return { file: path.basename(file), mentions };
  });
  if (!read.some((f) => f.mentions.length > 0)) throw new VocabInputError(corpus, undefined, `no mentions with IDs read as ${format}`);
  return read;
}

export class SynonymSet {
  private readonly entries = new Map<string, Entry>();
  private composites = 0;
  private withoutId = 0;
  private mentions = 0;

  /** Reads each corpus (a file, or for BRAT a folder of .ann files); `onSkipped` hears of each file with lines read as no mention. */
  static read(corpora: readonly string[], onSkipped?: (file: string, skips: SkipCounts) => void): SynonymSet {
    const set = new SynonymSet();
    for (const corpus of corpora)
      for (const { file, mentions } of readSynonymMentions(corpus, onSkipped)) for (const m of mentions) set.add(m.text, m.ids, m.composite, m.type, file);
    return set;
  }

  private add(text: string, ids: readonly string[], composite: boolean, type: string, file: string): void {
    this.mentions++;
    if (!ids.length) return void this.withoutId++;
    if (composite || ids.length > 1) return void this.composites++;
    const id = normaliseId(ids[0]);
    let entry = this.entries.get(id);
    if (!entry) this.entries.set(id, (entry = { id, names: [], written: [], types: [], file }));
    const name = text.trim();
    if (name && !entry.names.includes(name)) entry.names.push(name);
    if (name) entry.written.push(name);
    if (type && !entry.types.includes(type)) entry.types.push(type);
  }

  get size(): number {
    return this.entries.size;
  }

  /** A concept of the vocabulary was read: it takes the synonyms of its ID (or, failing that, of an alternate ID). */
  match(ordinal: number, id: string, altIds: readonly string[]): void {
    const own = this.entries.get(id);
    if (own && !own.match?.primary) own.match = { ordinal, primary: true };
    for (const alt of altIds) {
      const e = this.entries.get(alt);
      if (e && !e.match) e.match = { ordinal, primary: false };
    }
  }

  matched(): { ordinal: number; names: string[] }[] {
    return [...this.entries.values()].filter((e) => e.match && e.names.length).map((e) => ({ ordinal: e.match!.ordinal, names: e.names }));
  }

  /** The IDs no concept had, as concepts of their own (named by their first mention). */
  unmatched(): { id: string; names: string[]; types: string[]; file: string; line: number }[] {
    return [...this.entries.values()]
      .filter((e) => !e.match && e.names.length)
      .map((e) => ({ id: e.id, names: e.names, types: e.types, file: e.file, line: 0 }));
  }

  /** The names as the user wrote them, per ID (every mention, repeats kept): the `.vocab`'s `userNames` section. */
  userNames(): [id: string, names: string[]][] {
    return [...this.entries.values()].filter((e) => e.written.length).map((e) => [e.id, e.written]);
  }

  notes(): string[] {
    const notes = [`synonym corpora: ${this.mentions} mentions`];
    if (this.composites) notes.push(`${this.composites} composite mention${this.composites === 1 ? '' : 's'} not added (a composite names no single concept)`);
    if (this.withoutId) notes.push(`${this.withoutId} mention${this.withoutId === 1 ? '' : 's'} without an ID not added`);
    return notes;
  }
}
