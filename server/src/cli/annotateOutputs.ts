/**
 * What `biomed annotate` writes: per-document parts, written atomically and recorded as its
 * own (OwnRecord), the single output file assembled from them, and the checks that an
 * output never overwrites a note.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formats, notes } from '../engine';
import { makeFolders } from './folders';
import { ANNOTATE_HELP } from './annotateHelp';
import { real, realTarget, within } from './annotateInputs';
import { UsageError } from './args';
import { CorpusKind, readCorpus } from './corpus';

const { bratConfiguration, readDocuments, writeBratDocument, writeDocuments } = formats;
type AnnotatedDocument = formats.AnnotatedDocument;
type BratOmissions = formats.BratOmissions;
const { isNoteFile, writeFileAtomic } = notes;

export const FORMATS = ['json', 'bioc', 'brat', 'pubtator', 'csv'] as const;
export type Format = (typeof FORMATS)[number];
const PART_EXTENSION: Record<Format, string> = { json: '.json', bioc: '.bioc.json', brat: '.ann', pubtator: '.pubtator', csv: '.csv' };

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * What biomed annotate wrote for one output (a folder or a file): each file's real path,
 * size and SHA-256, one JSON object a line, in a state folder outside the output (so the
 * output holds nothing but the results). A file counts as biomed's own when its record
 * matches it byte for byte; anything else there (or a file moved in from elsewhere) is
 * not, and is not overwritten without --force.
 */
export class OwnRecord {
  private readonly files = new Map<string, { size: number; sha256: string }>();
  private readonly registry: string;
  private warned = false;
  private fd: number | undefined;

  constructor(outputRoot: string) {
    const state = process.env.BIOMED_STATE_DIR || path.join(process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state'), 'biomed');
    this.registry = path.join(state, 'annotate', `${sha256(real(outputRoot)).slice(0, 24)}.jsonl`);
    let text: string;
    try {
      text = fs.readFileSync(this.registry, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      try {
        const e = JSON.parse(line) as { file?: unknown; size?: unknown; sha256?: unknown };
        if (typeof e.file === 'string' && typeof e.size === 'number' && typeof e.sha256 === 'string')
          this.files.set(e.file, { size: e.size, sha256: e.sha256 });
      } catch {
        // A line cut short by a crash: ignored.
      }
    }
  }

  owns(file: string): boolean {
    const e = this.files.get(real(file));
    if (!e) return false;
    try {
      const data = fs.readFileSync(file);
      return data.length === e.size && sha256(data) === e.sha256;
    } catch {
      return false;
    }
  }

  /**
   * Records a file about to be written, by its size and SHA-256 (before the rename: a crash
   * then leaves no unrecorded output). The registry file gets every record; memory keeps only the files it already knew (read
   * at the start, now updated): this run asks `owns` only of files that were there before
   * it wrote anything (a document's outputs are checked before they are written, and ids
   * are never written twice), so a corpus run holds no entry per document it writes.
   */
  recordDigest(file: string, size: number, digest: string): void {
    const entry = { file: realTarget(file), size, sha256: digest };
    if (this.files.has(entry.file)) this.files.set(entry.file, { size: entry.size, sha256: entry.sha256 });
    try {
      if (this.fd === undefined) {
        makeFolders(path.dirname(this.registry));
        // Kept open: one write a file (O_APPEND, so runs of other shards may append beside it).
        this.fd = fs.openSync(this.registry, 'a');
      }
      fs.writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    } catch (err) {
      if (!this.warned)
        console.error(
          `warning: cannot record the outputs in ${this.registry} (${(err as Error).message}): a rerun will take them for files biomed did not write.`,
        );
      this.warned = true;
    }
  }
}

/**
 * Writes an output of the command line atomically (engine/atomicWrite.ts), its folder made
 * if need be; `own` records it before the rename, so a crash leaves no unrecorded output.
 * Not flushed to disk: a file that a machine crash leaves short no longer matches its
 * record, so no run takes it for finished; and an fsync per file (the writes block the run)
 * cut a corpus run's throughput by a quarter to over a half (3,000 short documents, a 40 ms
 * model, --concurrency 64, ext4: 730 documents a second without, 290 to 570 with).
 */
const madeFolders = new Set<string>();
export function writeAtomically(file: string, content: string | Buffer, own?: OwnRecord): void {
  const dir = path.dirname(file);
  // Once per folder: a corpus run writes thousands of files into a few.
  if (!madeFolders.has(dir)) makeFolders(dir);
  madeFolders.add(dir);
  // Encoded once, for the file and for its digest.
  const data = typeof content === 'string' ? Buffer.from(content) : content;
  writeFileAtomic(file, data, { fsync: false, beforeRename: own && (() => own.recordDigest(file, data.length, sha256(data))) });
}

function render(format: Format, docs: AnnotatedDocument[]): string {
  switch (format) {
    case 'json':
      return writeDocuments('jsonl', docs);
    case 'bioc':
    case 'pubtator':
    case 'csv':
      return writeDocuments(format, docs);
    case 'brat':
      throw new Error('brat has one output per document');
  }
}

/** Per-document results: in the output folder, or in a parts folder beside an output file. */
export function partPaths(format: Format, partsDir: string, id: string): string[] {
  if (format === 'brat') return [path.join(partsDir, `${id}.ann`), path.join(partsDir, `${id}.txt`)];
  return [path.join(partsDir, `${id}${PART_EXTENSION[format]}`)];
}

/** Writes a document's part; with BRAT, what the `.ann` could not hold is added to `omitted`. */
export function writePart(format: Format, partsDir: string, doc: AnnotatedDocument, asJsonl: boolean, own: OwnRecord, omitted: BratOmissionReport): void {
  const [main, txt] = partPaths(format, partsDir, doc.id);
  if (format === 'brat') {
    const written = writeBratDocument(doc);
    writeAtomically(txt, written.txt, own);
    writeAtomically(main, written.ann, own);
    omitted.add(written.omitted);
  } else if (asJsonl) {
    writeAtomically(main, writeDocuments('jsonl', [doc]), own);
  } else {
    writeAtomically(main, render(format, [doc]), own);
  }
}

/**
 * A BRAT output folder's `annotation.conf` and, when concepts are written, `tools.conf`,
 * declaring every type, relation, attribute and concept source its `.ann` files use (brat opens
 * the folder as it is; formats/bratConf.ts). Written again after each run, from all the folder's
 * `.ann` files; a file of these names that biomed did not write is left as it is. Returns
 * what it left alone.
 */
export function writeBratConfiguration(folder: string, own: OwnRecord): string[] {
  const anns: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.ann')) anns.push(p);
    }
  };
  walk(folder);
  const conf = bratConfiguration(anns.sort().map((f) => fs.readFileSync(f, 'utf8')));
  const leftAlone: string[] = [];
  for (const [name, text] of [
    ['annotation.conf', conf.annotation],
    ['tools.conf', conf.tools],
  ] as const) {
    const file = path.join(folder, name);
    if (text === undefined) continue;
    if (fs.existsSync(file) && !own.owns(file)) leftAlone.push(file);
    else writeAtomically(file, text, own);
  }
  return leftAlone;
}

/** How an output file of each format is read back (a CSV holds no text: it is never read back, so a rerun annotates again). */
export const OUTPUT_KIND: Record<Exclude<Format, 'brat' | 'csv'>, CorpusKind> = { json: 'jsonl', bioc: 'bioc', pubtator: 'pubtator' };

/** A document's text as a rerun compares it: a digest, line breaks and tabs as spaces (PubTator writes them so). */
export function textDigest(text: string): string {
  return sha256(text.replace(/[\r\n\t\u2028\u2029]/g, ' '));
}

/** The digest of the text a finished document's part holds; undefined when it cannot be read (it is written again). */
export function partTextDigest(format: Format, parts: readonly string[], asJsonl: boolean): string | undefined {
  try {
    if (format === 'brat') return textDigest(fs.readFileSync(parts[1], 'utf8'));
    if (format === 'csv' && !asJsonl) return undefined;
    const [doc] = readDocuments(asJsonl ? 'jsonl' : OUTPUT_KIND[format as Exclude<Format, 'brat' | 'csv'>], fs.readFileSync(parts[0], 'utf8')).documents;
    return doc ? textDigest(doc.text) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The single output file, from the per-document parts and an earlier run's output, in input
 * order, streamed: one document is read, rendered and written at a time into a temporary
 * file, which is renamed over the output when complete.
 */
export async function assemble(format: Format, out: string, partsDir: string, ids: string[], previousOut: boolean, own: OwnRecord): Promise<void> {
  if (format === 'brat') throw new Error('brat has one output per document');
  if (previousOut && format !== 'csv') {
    // The earlier output's documents that this run did not redo become parts too, one at a time.
    const wanted = new Set(ids);
    for await (const d of readCorpus(out, OUTPUT_KIND[format], {})) {
      const part = partPaths(format, partsDir, d.id)[0];
      if (wanted.has(d.id) && !fs.existsSync(part)) writeAtomically(part, writeDocuments('jsonl', [d]), own);
    }
  }
  makeFolders(path.dirname(path.resolve(out)));
  const hash = createHash('sha256');
  let size = 0;
  // BioC: the collection around the documents, as the BioC writer writes it for all of them at once; CSV: the header row.
  // (The CSV header has an `answers` column when the answers were recorded ones: the first document says.)
  const partDoc = (id: string) => readDocuments('jsonl', fs.readFileSync(partPaths(format, partsDir, id)[0], 'utf8')).documents[0];
  const first = format === 'csv' && ids.length ? partDoc(ids[0]) : undefined;
  const head =
    format === 'bioc' ? writeDocuments('bioc', []).slice(0, -2) : format === 'csv' ? writeDocuments('csv', first ? [{ ...first, entities: [] }] : []) : '';
  // Written a document at a time, its digest computed along the way.
  const write = (fd: number) => {
    const put = (s: string) => {
      const data = Buffer.from(s);
      fs.writeFileSync(fd, data);
      hash.update(data);
      size += data.length;
    };
    put(head);
    ids.forEach((id, i) => {
      const doc = partDoc(id);
      if (format === 'json') put(writeDocuments('jsonl', [doc]));
      else if (format === 'pubtator') put((i > 0 ? '\n' : '') + writeDocuments('pubtator', [doc]));
      else if (format === 'csv') put(writeDocuments('csv', [doc]).slice(head.length));
      else put((i > 0 ? ',' : '') + writeDocuments('bioc', [doc]).slice(head.length, -2));
    });
    if (format === 'bioc') put(']}');
  };
  writeFileAtomic(out, write, { fsync: false, beforeRename: () => own.recordDigest(out, size, hash.digest('hex')) });
  fs.rmSync(partsDir, { recursive: true, force: true });
}

/**
 * Refuses (a usage error, before anything is written or asked) an --out that is an input
 * file; an --out folder that is an input folder or holds one (this run's outputs are never
 * inputs, so every note below it would be left out: 0 annotated); and an --out whose files
 * annotate would read back as notes (brat's .txt, an output file ending in .txt) when it
 * lies inside an input folder. Any other --out folder inside an input folder is left out
 * of the inputs (listInputs).
 */
export function checkOutputSafety(
  positionals: string[],
  inputs: { file: string; id: string }[],
  out: string,
  toFile: boolean,
  format: Format,
  partsDir: string,
): void {
  const outReal = real(out);
  const inputFiles = new Set(inputs.map((i) => real(i.file)));
  for (const p of positionals) {
    if (!fs.statSync(p).isDirectory() && real(p) === outReal)
      throw new UsageError(`--out ${out} is one of the input files: annotating it would overwrite the note. Give another --out.`, ANNOTATE_HELP);
  }
  const readBack = format === 'brat' || (toFile && isNoteFile(out));
  if (readBack) {
    const kind = format === 'brat' ? 'brat outputs are .txt files' : `the output file is a ${path.extname(out)} file`;
    for (const p of positionals) {
      if (!fs.statSync(p).isDirectory()) continue;
      const folder = real(p);
      if (within(outReal, folder))
        throw new UsageError(
          `--out ${out} is inside the input folder ${p} and ${kind}, which annotate reads as notes: give an --out outside ${p}.`,
          ANNOTATE_HELP,
        );
      if (!toFile && within(folder, outReal))
        throw new UsageError(
          `The input folder ${p} is inside --out ${out} and ${kind}, which annotate reads as notes: give an --out that does not hold the input.`,
          ANNOTATE_HELP,
        );
    }
  }
  for (const p of positionals) {
    if (toFile || !fs.statSync(p).isDirectory()) continue;
    const folder = real(p);
    if (folder === outReal)
      throw new UsageError(
        `--out ${out} is the input folder ${p}: annotate leaves its own output folder out of the inputs, so no note would be read. Give an --out outside ${p}, or a folder inside it.`,
        ANNOTATE_HELP,
      );
    if (within(folder, outReal))
      throw new UsageError(
        `The input folder ${p} is inside --out ${out}: annotate leaves its own output folder out of the inputs, so no note would be read. Give an --out that does not hold the input.`,
        ANNOTATE_HELP,
      );
  }
  for (const i of inputs) {
    for (const part of partPaths(format, partsDir, i.id)) {
      if (inputFiles.has(real(part))) throw new UsageError(`The output ${part} would overwrite the input note ${i.file}: give another --out.`, ANNOTATE_HELP);
    }
  }
}

/** Without --format, an output file's name says it: x.bioc.json, x.pubtator, x.csv; JSON lines otherwise. */
export function formatOfFile(out: string | undefined): Format {
  if (out && /\.bioc\.json$/i.test(out)) return 'bioc';
  if (out && /\.csv$/i.test(out)) return 'csv';
  if (out && /\.pubtator$/i.test(out)) return 'pubtator';
  return 'json';
}

/** What `--format brat` could not write in a run, said once at the end instead of dropped silently. */
export class BratOmissionReport {
  private readonly counts: Record<keyof BratOmissions, { items: number; documents: number }> = {
    findings: { items: 0, documents: 0 },
    identifiers: { items: 0, documents: 0 },
    untrained: { items: 0, documents: 0 },
  };

  add(o: BratOmissions): void {
    for (const k of Object.keys(this.counts) as (keyof BratOmissions)[]) {
      if (o[k] === 0) continue;
      this.counts[k].items += o[k];
      this.counts[k].documents++;
    }
  }

  /** One line per kind left out ([] when nothing was). */
  lines(): string[] {
    const what: Record<keyof BratOmissions, [string, string, string]> = {
      findings: ['NLI findings', 'finding', 'findings'],
      identifiers: ['entity identifiers without a SOURCE: prefix', 'identifier', 'identifiers'],
      untrained: ["relations' untrained mark", 'mark', 'marks'],
    };
    return (Object.keys(this.counts) as (keyof BratOmissions)[])
      .filter((k) => this.counts[k].items > 0)
      .map((k) => {
        const { items, documents } = this.counts[k];
        const [kind, one, many] = what[k];
        return `BRAT cannot hold ${kind}: ${items} ${items === 1 ? one : many} in ${documents} ${documents === 1 ? 'document' : 'documents'} not written; use --format json or --format bioc to keep them.`;
      });
  }
}
