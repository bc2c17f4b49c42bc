/**
 * `biomed annotate`: entities, relations and NLI findings for many notes, with the same
 * engine as the editor. Resumable: each document's result is written atomically as soon
 * as it is done, finished ones are skipped on the next run; a failed document is
 * reported and the run goes on.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { AnnotatedDocument, describeSkips, ENTITY_TYPES, EntityType, isEntityType, isNoteFile, NoteReadError, readBioC, readJsonl, readNoteText, readPubTator, SkipCounts, toAnnotatedDocument, writeBioC, writeBratDocument, writeFileAtomic, writeJsonl, writePubTator } from '../engine';
import { choice, parse, reportSkips, UsageError } from './args';
import { CorpusKind, corpusKindOf, inShard, inputInfons, parseShard, readCorpus, unsafeId } from './corpus';
import { cliEngine, INSTRUCTION_VARIANT_HELP, MODEL_HELP, MODEL_OPTIONS, UNTRAINED_KINDS_HELP } from './engineOptions';
import { Progress } from './progress';

const ANNOTATE_HELP = `Usage: biomed annotate <files or folders...> --out <dir|file> [options]

Annotates notes (folders: every .note, .txt and .md file below them) with entities,
relations and NLI findings. Corpus files hold many documents: .jsonl ({"id","text"} a
line; - reads them from standard input), .pubtator (title and abstract) and .bioc.json.
With --out a folder, each document gets its own output there; with --out a file (.jsonl,
.json, .bioc.json, .pubtator, .txt), all go into it, in input order (notes sorted by name,
then each corpus file in its own order). Finished documents are skipped when the command
runs again. A note that cannot be read as text (binary, not UTF-8 or UTF-16 with a byte
order mark, unreadable) and a corpus line that holds no readable document are skipped,
named, and counted in the summary as unreadable; the other documents are written.

Corpus scale: documents are read, analysed and written a few at a time (twice
--concurrency in flight): JSON lines and PubTator are streamed, a BioC JSON file is parsed
whole. --shard K/N annotates only the documents of shard K of N (a hash of each document's
id), so N processes or machines given the same inputs split them without overlap.

Output safety: --out may not be an input file, nor (for outputs annotate would read back
as notes: brat's .txt, an output file ending in .txt) a folder inside an input folder or
holding one; an --out folder inside an input folder is never read as input. A file that
is already there and was not written by biomed annotate (it keeps a record of what it
wrote, with sizes and SHA-256, under $BIOMED_STATE_DIR, else $XDG_STATE_HOME/biomed, else
~/.local/state/biomed) is refused, naming it, unless --force replaces it.

Options:
  --out PATH             output folder or file (required)
  --format F             json | bioc | brat | pubtator (default: from the --out file name
                         (.bioc.json, .pubtator), else json: JSON lines)
  --types T,T            entity types (default problem,treatment,test; also disease,chemical,gene)
  --no-relations         skip relation extraction
  --no-nli               skip NLI checks of summary sections
  --force                annotate again and replace output files biomed did not write
  --shard K/N            only shard K of N (1 <= K <= N): a document belongs to shard
                         1 + (first 4 bytes of SHA-256 of its id) mod N; give each shard its
                         own --out file, or one --out folder for all
${UNTRAINED_KINDS_HELP}
${INSTRUCTION_VARIANT_HELP}
${MODEL_HELP}
  -h, --help             this help

Exit codes: 0 all documents annotated, 1 some failed or were unreadable (see the summary), 2 usage error.`;

const FORMATS = ['json', 'bioc', 'brat', 'pubtator'] as const;
type Format = (typeof FORMATS)[number];
const PART_EXTENSION: Record<Format, string> = { json: '.json', bioc: '.bioc.json', brat: '.ann', pubtator: '.pubtator' };

/** The real path of a file or folder that may not exist yet (its nearest existing parent resolved). */
function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    const parent = path.dirname(path.resolve(p));
    return parent === path.resolve(p) ? parent : path.join(real(parent), path.basename(p));
  }
}

/**
 * The real path a file written at `file` will have: its folder's real path (remembered: a
 * corpus run writes thousands of files into a few folders) and its name. A rename replaces
 * a link at `file` itself, so the name is not resolved.
 */
const realFolders = new Map<string, string>();
function realTarget(file: string): string {
  const dir = path.dirname(path.resolve(file));
  let r = realFolders.get(dir);
  if (r === undefined) realFolders.set(dir, (r = real(dir)));
  return path.join(r, path.basename(file));
}

/** Whether a link in a notes folder is read as a note: it leads to a file, or nowhere (reported when read). */
function linksToNote(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return true;
  }
}

/** Whether `inner` is `outer` or below it (real paths). */
function within(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The notes to annotate; files below `exclude` (this run's own outputs) are never inputs. */
function listInputs(inputs: string[], exclude: string[] = []): { file: string; id: string }[] {
  const out: { file: string; id: string }[] = [];
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new UsageError(`No such file or folder: ${input}`, ANNOTATE_HELP);
    if (fs.statSync(input).isDirectory()) {
      for (const entry of fs.readdirSync(input, { recursive: true, withFileTypes: true })) {
        if (!isNoteFile(entry.name)) continue;
        const file = path.join(entry.parentPath, entry.name);
        // A link to a note is a note (a broken one is reported when it is read); links to
        // folders are not followed (no loops), nor links to pipes or devices (a read could block).
        if (!entry.isFile() && !(entry.isSymbolicLink() && linksToNote(file))) continue;
        if (exclude.some((x) => within(real(file), x))) continue;
        out.push({ file, id: path.relative(input, file).replace(/\.[^.]+$/, '') });
      }
    } else {
      out.push({ file: input, id: path.basename(input).replace(/\.[^.]+$/, '') });
    }
  }
  const seen = new Set<string>();
  for (const i of out) {
    if (seen.has(i.id)) throw new UsageError(`Two inputs would write the same output "${i.id}": annotate them in separate runs or folders.`, ANNOTATE_HELP);
    seen.add(i.id);
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * What biomed annotate wrote for one output (a folder or a file): each file's real path,
 * size and SHA-256, one JSON object a line, in a state folder outside the output (so the
 * output holds nothing but the results). A file counts as biomed's own when its record
 * matches it byte for byte; anything else there (or a file moved in from elsewhere) is
 * not, and is not overwritten without --force.
 */
class OwnRecord {
  private readonly files = new Map<string, { size: number; sha256: string }>();
  private readonly registry: string;
  private warned = false;
  private fd: number | undefined;

  constructor(outputRoot: string) {
    const state = process.env.BIOMED_STATE_DIR || path.join(process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state'), 'biomed');
    this.registry = path.join(state, 'annotate', `${sha256(real(outputRoot)).slice(0, 24)}.jsonl`);
    let text = '';
    try {
      text = fs.readFileSync(this.registry, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      try {
        const e = JSON.parse(line) as { file?: unknown; size?: unknown; sha256?: unknown };
        if (typeof e.file === 'string' && typeof e.size === 'number' && typeof e.sha256 === 'string') this.files.set(e.file, { size: e.size, sha256: e.sha256 });
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
        fs.mkdirSync(path.dirname(this.registry), { recursive: true });
        // Kept open: one write a file (O_APPEND, so runs of other shards may append beside it).
        this.fd = fs.openSync(this.registry, 'a');
      }
      fs.writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    } catch (err) {
      if (!this.warned) console.error(`warning: cannot record the outputs in ${this.registry} (${(err as Error).message}): a rerun will take them for files biomed did not write.`);
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
export function writeAtomically(file: string, content: string, own?: OwnRecord): void {
  const dir = path.dirname(file);
  // Once per folder: a corpus run writes thousands of files into a few.
  if (!madeFolders.has(dir)) fs.mkdirSync(dir, { recursive: true });
  madeFolders.add(dir);
  // Encoded once, for the file and for its digest.
  const data = Buffer.from(content);
  writeFileAtomic(file, data, { fsync: false, beforeRename: own && (() => own.recordDigest(file, data.length, sha256(data))) });
}

function render(format: Format, docs: AnnotatedDocument[]): string {
  switch (format) {
    case 'json':
      return writeJsonl(docs);
    case 'bioc':
      return writeBioC(docs);
    case 'pubtator':
      return writePubTator(docs);
    case 'brat':
      throw new Error('brat has one output per document');
  }
}

/** Per-document results: in the output folder, or in a parts folder beside an output file. */
function partPaths(format: Format, partsDir: string, id: string): string[] {
  if (format === 'brat') return [path.join(partsDir, `${id}.ann`), path.join(partsDir, `${id}.txt`)];
  return [path.join(partsDir, `${id}${PART_EXTENSION[format]}`)];
}

function writePart(format: Format, partsDir: string, doc: AnnotatedDocument, asJsonl: boolean, own: OwnRecord): void {
  const [main, txt] = partPaths(format, partsDir, doc.id);
  if (format === 'brat') {
    const { txt: text, ann } = writeBratDocument(doc);
    writeAtomically(txt, text, own);
    writeAtomically(main, ann, own);
  } else if (asJsonl) {
    writeAtomically(main, writeJsonl([doc]), own);
  } else {
    writeAtomically(main, render(format, [doc]), own);
  }
}

/**
 * A corpus run allocates at a high rate and retains little (bench/corpusScale.ts): V8's
 * default lets the heap grow to several times what is live before it collects, so peak RSS
 * rose with the corpus (166 MB at 10,000 documents, 193 at 20,000); growing it by half at
 * most keeps it flat (128 / 132) for a little more CPU, small beside a model's time.
 */
const CORPUS_HEAP_GROWING_PERCENT = 50;

export async function annotate(argv: string[]): Promise<number> {
  v8.setFlagsFromString(`--heap-growing-percent=${CORPUS_HEAP_GROWING_PERCENT}`);
  const { values, positionals } = parse(
    argv,
    {
      ...MODEL_OPTIONS,
      out: { type: 'string' },
      format: { type: 'string' },
      types: { type: 'string' },
      relations: { type: 'boolean' },
      nli: { type: 'boolean' },
      'untrained-kinds': { type: 'string' },
      force: { type: 'boolean' },
      shard: { type: 'string' },
    },
    ANNOTATE_HELP,
  );
  if (values.help) {
    console.log(ANNOTATE_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('Give at least one file or folder to annotate.', ANNOTATE_HELP);
  const out = values.out as string | undefined;
  if (!out) throw new UsageError('--out is required: a folder (one output per note) or a file.', ANNOTATE_HELP);
  const format = choice(values.format, 'format', FORMATS, ANNOTATE_HELP) ?? formatOfFile(values.out as string | undefined);
  const types = parseTypes(values.types as string | undefined);
  const shard = parseShard(values.shard, ANNOTATE_HELP);
  const toFile = !(fs.existsSync(out) && fs.statSync(out).isDirectory()) && /\.(jsonl|json|pubtator|txt)$/.test(out);
  if (toFile && format === 'brat') throw new UsageError('--format brat writes a .txt and an .ann per note: give a folder as --out.', ANNOTATE_HELP);
  const partsDir = toFile ? `${out}.parts` : out;
  // Folders and note files are listed up front (names only); corpus files are read as the run goes.
  const corpora: { source: string; kind: CorpusKind }[] = [];
  const notePaths: string[] = [];
  for (const p of positionals) {
    if (p === '-') {
      if (corpora.some((c) => c.source === '-')) throw new UsageError('Standard input (-) can be read once.', ANNOTATE_HELP);
      corpora.push({ source: '-', kind: 'jsonl' });
      continue;
    }
    if (!fs.existsSync(p)) throw new UsageError(`No such file or folder: ${p}`, ANNOTATE_HELP);
    const kind = fs.statSync(p).isDirectory() ? undefined : corpusKindOf(p);
    if (kind) corpora.push({ source: p, kind });
    else notePaths.push(p);
  }
  // This run's own outputs are never inputs.
  const allNotes = listInputs(notePaths, toFile ? [real(out), real(partsDir)] : [real(out)]);
  const inputs = allNotes.filter((i) => inShard(i.id, shard));
  const paths = positionals.filter((p) => p !== '-');
  checkOutputSafety(paths, allNotes, out, toFile, format, partsDir);
  const corpusFiles = new Set(corpora.filter((c) => c.source !== '-').map((c) => real(c.source)));
  const own = new OwnRecord(out);
  const force = values.force === true;
  const ownsCache = new Map<string, boolean>();
  const isOwn = (file: string) => {
    if (!ownsCache.has(file)) ownsCache.set(file, own.owns(file));
    return ownsCache.get(file)!;
  };
  // Never overwrite (nor take for finished) a file biomed did not write, unless --force.
  // Documents of corpus files are checked one by one as they are read (their ids are not known yet).
  const foreign = [...(toFile ? [out] : []), ...inputs.flatMap((i) => partPaths(format, partsDir, i.id))].filter((f) => fs.existsSync(f) && !isOwn(f));
  if (foreign.length > 0 && !force) {
    const named = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ` and ${foreign.length - 5} more` : '');
    throw new UsageError(`${foreign.length === 1 ? 'An output file exists that' : `${foreign.length} output files exist that`} biomed annotate did not write: ${named}. Refusing to overwrite; move ${foreign.length === 1 ? 'it' : 'them'} away, choose another --out, or give --force to replace ${foreign.length === 1 ? 'it' : 'them'}.`, ANNOTATE_HELP);
  }
  // A finished output file of an earlier run holds documents that count as done: their ids
  // are kept here, their annotations stay in the file until the new one is assembled.
  const previousOut = toFile && fs.existsSync(out) && isOwn(out);
  const previous = new Set<string>();
  if (previousOut) for await (const d of readCorpus(out, OUTPUT_KIND[format as Exclude<Format, 'brat'>], {})) previous.add(d.id);

  const setup = cliEngine(values, ANNOTATE_HELP, { corpus: true });
  await setup.check();
  const defaults = setup.config;
  const config = setup.analysisConfig({
    entityTypes: types,
    relations: { ...defaults.relations, enabled: values.relations !== false },
    nli: { ...defaults.nli, enabled: values.nli !== false },
  });

  const started = Date.now();
  const progress = new Progress(corpora.length === 0 ? inputs.length : undefined);
  const summary = { annotated: 0, skipped: 0, failed: [] as string[], unreadable: [] as string[], sentences: 0, entities: 0, relations: 0, findings: 0, otherShards: allNotes.length - inputs.length };
  const skips = new Map<string, SkipCounts>();
  // The ids of this shard in input order (the order of an output file), and to find duplicates.
  const order: string[] = [];
  const seen = new Set(inputs.map((i) => i.id));
  async function* documents(): AsyncGenerator<AnnotateInput> {
    for (const i of inputs) {
      order.push(i.id);
      yield { id: i.id, file: i.file };
    }
    for (const c of corpora) {
      const counts: SkipCounts = {};
      skips.set(c.source === '-' ? 'standard input' : c.source, counts);
      for await (const d of readCorpus(c.source, c.kind, counts)) {
        if (!inShard(d.id, shard)) {
          summary.otherShards++;
          continue;
        }
        const duplicate = seen.has(d.id);
        seen.add(d.id);
        if (!duplicate) order.push(d.id);
        yield { id: d.id, text: d.text, infons: inputInfons(d), duplicate };
      }
    }
  }
  const source = documents();
  let done = 0;
  const fail = (id: string, message: string) => {
    summary.failed.push(`${id}: ${message}`);
    progress.update(++done, `${summary.failed.length} failed`, `FAILED ${id}: ${message}`);
  };
  // Input that no rerun can annotate: skipped and named; it does not hold back an output file.
  const unreadIds = new Set<string>();
  const unreadable = (id: string, message: string) => {
    unreadIds.add(id);
    summary.unreadable.push(message);
    progress.update(++done, `${summary.failed.length} failed`, `UNREADABLE ${message}`);
  };
  const worker = async () => {
    // Pulled one at a time: a document is read only when a worker is free to analyse it.
    for (let next = await source.next(); !next.done; next = await source.next()) {
      const input = next.value;
      const parts = partPaths(format, partsDir, input.id);
      const streamed = input.file === undefined;
      if (streamed) {
        const why = input.duplicate ? 'an earlier document has the same id' : unsafeId(input.id);
        if (why) {
          fail(input.id, `cannot be written (${why})`);
          continue;
        }
      }
      if (previous.has(input.id) || parts.every((p) => fs.existsSync(p) && (streamed ? own.owns(p) : isOwn(p)))) {
        summary.skipped++;
        progress.update(++done, `${summary.failed.length} failed`, progress.isTty ? undefined : `skipped ${input.id} (already annotated)`);
        continue;
      }
      if (streamed) {
        const clash = parts.find((p) => corpusFiles.has(realTarget(p))) ?? (force ? undefined : parts.find((p) => fs.existsSync(p) && !own.owns(p)));
        if (clash) {
          fail(input.id, corpusFiles.has(realTarget(clash)) ? `its output ${clash} is an input file` : `${clash} exists and was not written by biomed annotate; move it away or give --force`);
          continue;
        }
      }
      try {
        let text = input.text;
        if (text === undefined) {
          try {
            text = readNoteText(input.file!);
          } catch (err) {
            if (!(err instanceof NoteReadError)) throw err;
            unreadable(input.id, err.message);
            continue;
          }
        } else if (text.includes('\u0000')) {
          unreadable(input.id, `${input.id}: its text holds NUL characters (binary data)`);
          continue;
        }
        const analysis = setup.engine.analyse(input.id, text, config);
        analysis.start();
        await analysis.whenComplete();
        if (analysis.failed > 0) throw new Error(analysis.lastError?.message ?? 'model requests failed');
        const doc = toAnnotatedDocument(input.id, analysis);
        if (input.infons) doc.infons = { ...doc.infons, ...input.infons };
        writePart(format, partsDir, doc, toFile, own);
        summary.annotated++;
        summary.sentences += analysis.sentences.length;
        summary.entities += doc.entities.length;
        summary.relations += doc.relations.length;
        summary.findings += doc.findings?.length ?? 0;
        progress.update(++done, `${summary.failed.length} failed`, progress.isTty ? undefined : `annotated ${input.id}: ${doc.entities.length} entities`);
      } catch (err) {
        fail(input.id, (err as Error).message);
      }
    }
  };
  // Enough documents in flight to keep every allowed model request busy, and no more: the
  // texts and analyses held at once are those of these documents, whatever the corpus size.
  const width = Math.max(2, setup.ctx.scheduler.capacity * 2);
  await Promise.all(Array.from({ length: corpora.length === 0 ? Math.min(width, inputs.length) : width }, worker));
  progress.finish();
  for (const [file, counts] of skips) {
    reportSkips(file, counts, 'lines', false);
    // Lines that held no readable document lose it: unreadable input, not a note on the side.
    const lost = LOST_DOCUMENT.reduce((n, reason) => n + (counts[reason] ?? 0), 0);
    if (counts['bad JSON']) summary.unreadable.push(`${file}: not valid JSON, no document could be read`);
    else if (lost > 0) summary.unreadable.push(`${file}: ${lost} ${lost === 1 ? 'line holds' : 'lines hold'} no readable document (${describeSkips(Object.fromEntries(LOST_DOCUMENT.map((r) => [r, counts[r] ?? 0])))})`);
  }

  if (toFile && summary.failed.length === 0 && summary.annotated > 0) await assemble(format, out, partsDir, order.filter((id) => !unreadIds.has(id)), previousOut, own);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const stats = setup.ctx.stats;
  console.log(
    `${summary.annotated} annotated, ${summary.skipped} skipped (already done), ${summary.failed.length} failed${summary.unreadable.length ? `, ${summary.unreadable.length} unreadable` : ''} in ${seconds} s: ` +
      `${summary.sentences} sentences, ${summary.entities} entities, ${summary.relations} relations, ${summary.findings} NLI findings; ` +
      `${stats.modelCalls} model calls, ${stats.promptTokens} prompt tokens.`,
  );
  if (shard) console.log(`Shard ${shard.k}/${shard.n}: ${order.length} documents in this shard, ${summary.otherShards} left to the other shards.`);
  for (const f of summary.failed) console.log(`  failed: ${f}`);
  for (const f of summary.unreadable) console.log(`  unreadable: ${f}`);
  if (summary.failed.length > 0) console.log('Run the same command again to retry the failed documents; finished ones are skipped.');
  if (toFile && summary.failed.length > 0) console.log(`${out} is written once every document has succeeded; results so far are in ${partsDir}.`);
  return summary.failed.length > 0 || summary.unreadable.length > 0 ? 1 : 0;
}

/** What a corpus reader skips when a line (or the whole file) held no document it could read. */
const LOST_DOCUMENT = ['bad JSON', 'bad JSON line', 'not a document', 'malformed document'];

/** A document to annotate: a note file (read when its turn comes) or a document of a corpus file. */
interface AnnotateInput {
  id: string;
  file?: string;
  text?: string;
  infons?: Record<string, string>;
  /** A corpus document whose id an earlier document already had. */
  duplicate?: boolean;
}

/** How an output file of each format is read back. */
const OUTPUT_KIND: Record<Exclude<Format, 'brat'>, CorpusKind> = { json: 'jsonl', bioc: 'bioc', pubtator: 'pubtator' };

/**
 * The single output file, from the per-document parts and an earlier run's output, in input
 * order, streamed: one document is read, rendered and written at a time into a temporary
 * file, which is renamed over the output when complete.
 */
async function assemble(format: Format, out: string, partsDir: string, ids: string[], previousOut: boolean, own: OwnRecord): Promise<void> {
  if (format === 'brat') throw new Error('brat has one output per document');
  if (previousOut) {
    // The earlier output's documents that this run did not redo become parts too, one at a time.
    const wanted = new Set(ids);
    for await (const d of readCorpus(out, OUTPUT_KIND[format], {})) {
      const part = partPaths(format, partsDir, d.id)[0];
      if (wanted.has(d.id) && !fs.existsSync(part)) writeAtomically(part, writeJsonl([d]), own);
    }
  }
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  // BioC: the collection around the documents, as writeBioC writes it for all of them at once.
  const head = format === 'bioc' ? writeBioC([]).slice(0, -2) : '';
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
      const [doc] = readJsonl(fs.readFileSync(partPaths(format, partsDir, id)[0], 'utf8'));
      if (format === 'json') put(writeJsonl([doc]));
      else if (format === 'pubtator') put((i > 0 ? '\n' : '') + writePubTator([doc]));
      else put((i > 0 ? ',' : '') + writeBioC([doc]).slice(head.length, -2));
    });
    if (format === 'bioc') put(']}');
  };
  writeFileAtomic(out, write, { fsync: false, beforeRename: () => own.recordDigest(out, size, hash.digest('hex')) });
  fs.rmSync(partsDir, { recursive: true, force: true });
}

/**
 * Refuses (a usage error, before anything is written or asked) an --out that is an input
 * file, or whose files annotate would read back as notes (brat's .txt, an output file
 * ending in .txt) when it lies inside an input folder or holds one.
 */
function checkOutputSafety(positionals: string[], inputs: { file: string; id: string }[], out: string, toFile: boolean, format: Format, partsDir: string): void {
  const outReal = real(out);
  const inputFiles = new Set(inputs.map((i) => real(i.file)));
  for (const p of positionals) {
    if (!fs.statSync(p).isDirectory() && real(p) === outReal) throw new UsageError(`--out ${out} is one of the input files: annotating it would overwrite the note. Give another --out.`, ANNOTATE_HELP);
  }
  const readBack = format === 'brat' || (toFile && isNoteFile(out));
  if (readBack) {
    const kind = format === 'brat' ? 'brat outputs are .txt files' : `the output file is a ${path.extname(out)} file`;
    for (const p of positionals) {
      if (!fs.statSync(p).isDirectory()) continue;
      const folder = real(p);
      if (within(outReal, folder)) throw new UsageError(`--out ${out} is inside the input folder ${p} and ${kind}, which annotate reads as notes: give an --out outside ${p}.`, ANNOTATE_HELP);
      if (!toFile && within(folder, outReal)) throw new UsageError(`The input folder ${p} is inside --out ${out} and ${kind}, which annotate reads as notes: give an --out that does not hold the input.`, ANNOTATE_HELP);
    }
  }
  for (const i of inputs) {
    for (const part of partPaths(format, partsDir, i.id)) {
      if (inputFiles.has(real(part))) throw new UsageError(`The output ${part} would overwrite the input note ${i.file}: give another --out.`, ANNOTATE_HELP);
    }
  }
}

function read(format: Format, text: string): AnnotatedDocument[] {
  return format === 'bioc' ? readBioC(text) : format === 'pubtator' ? readPubTator(text) : readJsonl(text);
}

/** Without --format, an output file's name says it: x.bioc.json, x.pubtator; JSON lines otherwise. */
function formatOfFile(out: string | undefined): Format {
  if (out && /\.bioc\.json$/i.test(out)) return 'bioc';
  if (out && /\.pubtator$/i.test(out)) return 'pubtator';
  return 'json';
}

export function parseTypes(value: string | undefined, fallback: readonly EntityType[] = ['problem', 'treatment', 'test']): EntityType[] {
  if (value === undefined) return [...fallback];
  const types = value.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  const wrong = types.filter((t) => !isEntityType(t));
  if (wrong.length > 0 || types.length === 0) {
    throw new UsageError(`--types takes a comma-separated list of ${ENTITY_TYPES.join(', ')} (got "${value}")`);
  }
  return types as EntityType[];
}
