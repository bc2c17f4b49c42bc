/**
 * What `biomed find` searches, told apart by extension and content: the output of `biomed
 * annotate` (JSON lines, BioC JSON, PubTator, BRAT .ann beside its .txt), read with the
 * engine's readers and no model; or notes (a folder of .txt/.note/.md files, a note file, a
 * JSON lines corpus without annotations), analysed by the engine as annotate analyses them.
 * Whatever cannot be read is named, never dropped in silence.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formats, notes } from '../engine';
import { CorpusError, UsageError } from './args';
import { CorpusKind, corpusKindOf, readCorpus } from './corpus';
import { FIND_HELP } from './findHelp';

const { describeSkips, readBratFile, readDocuments, totalSkipped } = formats;
type AnnotatedDocument = formats.AnnotatedDocument;
type SkipCounts = formats.SkipCounts;
const { isNoteFile, isNoteInFolder } = notes;

/** An annotated file, as its reader reads it. */
type AnnotatedFile = { file: string; kind: CorpusKind | 'brat' | 'json' };
/** A document to analyse: a note file, or a document of a corpus file that holds only texts. */
export type NoteSource = { file: string; id: string } | { corpus: string };

/** One path named on the command line, told apart. */
export interface FindInput {
  path: string;
  kind: 'annotated' | 'notes';
  /** The formats found, in words ("JSON lines", "BRAT"). */
  formats: string[];
  annotated: AnnotatedFile[];
  notes: NoteSource[];
}

const FORMAT_NAME: Record<AnnotatedFile['kind'], string> = { jsonl: 'JSON lines', json: 'JSON lines', bioc: 'BioC JSON', pubtator: 'PubTator', brat: 'BRAT' };
const CSV_REFUSED = 'a CSV holds the mentions but not the text: give the JSON lines, BioC or BRAT output of biomed annotate, or the notes';

/** What a JSON file holds, as its first 64 KB say: annotations (annotate's output), texts alone (a corpus to annotate), or neither. */
function jsonContent(file: string): 'annotated' | 'texts' | 'other' {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const text = head.subarray(0, fs.readSync(fd, head, 0, head.length, 0)).toString('utf8');
    return /"(entities|documents|annotations)"\s*:/.test(text) ? 'annotated' : /"text"\s*:/.test(text) ? 'texts' : 'other';
  } finally {
    fs.closeSync(fd);
  }
}

const NOT_EITHER = 'is neither the output of biomed annotate (no "entities") nor a corpus of {"id","text"} lines';

/** An annotated file's reader by its name, undefined for a file that is not one. */
function annotatedKind(file: string): AnnotatedFile['kind'] | undefined {
  if (/\.ann$/i.test(file)) return 'brat';
  const corpus = corpusKindOf(file);
  if (corpus) return corpus;
  return /\.json$/i.test(file) ? 'json' : undefined;
}

function classifyFile(p: string): FindInput {
  if (/\.csv$/i.test(p)) throw new UsageError(`${p}: ${CSV_REFUSED}.`, FIND_HELP);
  const kind = annotatedKind(p);
  const content = kind && kind !== 'brat' && kind !== 'pubtator' ? jsonContent(p) : 'annotated';
  if (content === 'other') throw new UsageError(`${p} ${NOT_EITHER}.`, FIND_HELP);
  if (content === 'texts') return { path: p, kind: 'notes', formats: ['a corpus of texts'], annotated: [], notes: [{ corpus: p }] };
  if (kind) return { path: p, kind: 'annotated', formats: [FORMAT_NAME[kind]], annotated: [{ file: p, kind }], notes: [] };
  if (isNoteFile(p)) return { path: p, kind: 'notes', formats: ['a note'], annotated: [], notes: [{ file: p, id: path.basename(p).replace(/\.[^.]+$/, '') }] };
  throw new UsageError(`${p} is neither the output of biomed annotate (.jsonl, .json, .bioc.json, .pubtator, .ann) nor a note (.txt, .note, .md).`, FIND_HELP);
}

function classifyFolder(p: string, problems: string[]): FindInput {
  const files = fs
    .readdirSync(p, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  const annotated: AnnotatedFile[] = [];
  const other: string[] = [];
  const texts: string[] = [];
  for (const f of files) {
    const kind = annotatedKind(f);
    const content = kind && kind !== 'brat' && kind !== 'pubtator' ? jsonContent(f) : 'annotated';
    if (kind && content === 'annotated') annotated.push({ file: f, kind });
    else if (kind && content === 'texts') texts.push(f);
    else if (kind) other.push(`${f} ${NOT_EITHER}`);
  }
  if (annotated.length > 0) {
    // Named, not searched: a folder of annotate's output holds nothing else it reads.
    problems.push(...other, ...texts.map((f) => `${f} holds texts without annotations, beside annotate's output: not searched`));
    const found = [...new Set(annotated.map((a) => FORMAT_NAME[a.kind]))];
    return { path: p, kind: 'annotated', formats: found, annotated, notes: [] };
  }
  const noteFiles = files.filter((f) => isNoteInFolder(path.basename(f)));
  problems.push(...other);
  if (noteFiles.length + texts.length > 0)
    return {
      path: p,
      kind: 'notes',
      formats: [...(noteFiles.length ? ['notes'] : []), ...(texts.length ? ['corpora of texts'] : [])],
      annotated: [],
      notes: [...noteFiles.map((f) => ({ file: f, id: path.relative(p, f).replace(/\.[^.]+$/, '') })), ...texts.map((corpus) => ({ corpus }))],
    };
  if (files.some((f) => /\.csv$/i.test(f))) throw new UsageError(`${p} holds CSV files only: ${CSV_REFUSED}.`, FIND_HELP);
  throw new UsageError(
    files.length === 0
      ? `${p} is empty: give a folder of notes or of biomed annotate's output.`
      : `${p} holds no notes (.txt, .note, .md) and no output of biomed annotate (.json, .jsonl, .bioc.json, .pubtator, .ann with its .txt): nothing to search.`,
    FIND_HELP,
  );
}

/** What `p` holds; files of a folder that it will not search go to `problems`. */
export function classify(p: string, problems: string[]): FindInput {
  if (!fs.existsSync(p)) throw new UsageError(`No such file or folder: ${p}`, FIND_HELP);
  return fs.statSync(p).isDirectory() ? classifyFolder(p, problems) : classifyFile(p);
}

/**
 * The documents of the annotated files, one at a time; a file that yields none, or that its
 * reader skipped parts of, is named in `problems`.
 */
export async function* readAnnotated(input: FindInput, problems: string[]): AsyncGenerator<AnnotatedDocument> {
  for (const { file, kind } of input.annotated) {
    const skips: SkipCounts = {};
    let count = 0;
    try {
      if (kind === 'brat') {
        const id = input.path === file ? path.basename(file, '.ann') : path.relative(input.path, file).replace(/\.ann$/, '');
        const read = readBratFile(file, id);
        if (read.problem !== undefined) {
          problems.push(`${file}: not read (${read.problem})`);
          continue;
        }
        Object.assign(skips, read.skips);
        count++;
        yield read.document;
      } else if (kind === 'json') {
        // annotate's own per-document output is JSON lines; a .json may be BioC too.
        const text = fs.readFileSync(file, 'utf8');
        let read = readDocuments('jsonl', text);
        if (read.documents.length === 0) read = readDocuments('bioc', text);
        Object.assign(skips, read.skips);
        for (const d of read.documents) {
          count++;
          yield d;
        }
      } else {
        for await (const d of readCorpus(file, kind, skips)) {
          count++;
          yield d;
        }
      }
    } catch (err) {
      if (!(err instanceof CorpusError)) throw err;
      problems.push(err.message);
      continue;
    }
    if (count === 0) problems.push(`${file}: not the output of biomed annotate, no document read${totalSkipped(skips) ? ` (${describeSkips(skips)})` : ''}`);
    else if (totalSkipped(skips) > 0) problems.push(`${file}: skipped ${describeSkips(skips)}`);
  }
}
