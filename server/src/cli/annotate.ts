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
import { toAnnotatedDocument } from '../engine/formats/fromAnalysis';
import { readBioC, writeBioC } from '../engine/formats/bioc';
import { writeBratDocument } from '../engine/formats/bratDocument';
import { AnnotatedDocument } from '../engine/formats/document';
import { readJsonl, writeJsonl } from '../engine/formats/jsonl';
import { readPubTator, writePubTator } from '../engine/formats/pubtator';
import { EntityType, ENTITY_TYPES, isEntityType } from '../engine/types';
import { choice, parse, UsageError } from './args';
import { cliEngine, INSTRUCTION_VARIANT_HELP, MODEL_HELP, MODEL_OPTIONS, UNTRAINED_KINDS_HELP } from './engineOptions';
import { Progress } from './progress';

const ANNOTATE_HELP = `Usage: biomed annotate <files or folders...> --out <dir|file> [options]

Annotates notes (folders: every .note, .txt and .md file below them) with entities,
relations and NLI findings. With --out a folder, each note gets its own output there;
with --out a file (.jsonl, .json, .bioc.json, .pubtator, .txt), all go into it.
Finished documents are skipped when the command runs again.

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
${UNTRAINED_KINDS_HELP}
${INSTRUCTION_VARIANT_HELP}
${MODEL_HELP}
  -h, --help             this help

Exit codes: 0 all documents annotated, 1 some failed (see the summary), 2 usage error.`;

const FORMATS = ['json', 'bioc', 'brat', 'pubtator'] as const;
type Format = (typeof FORMATS)[number];
const NOTE_EXTENSIONS = new Set(['.note', '.txt', '.md']);
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
        if (!entry.isFile() || !NOTE_EXTENSIONS.has(path.extname(entry.name))) continue;
        const file = path.join(entry.parentPath, entry.name);
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

  /** Records a file about to be written (before the rename: a crash then leaves no unrecorded output). */
  record(file: string, content: string): void {
    const data = Buffer.from(content);
    const entry = { file: real(file), size: data.length, sha256: sha256(data) };
    this.files.set(entry.file, { size: entry.size, sha256: entry.sha256 });
    try {
      fs.mkdirSync(path.dirname(this.registry), { recursive: true });
      fs.appendFileSync(this.registry, `${JSON.stringify(entry)}\n`);
    } catch (err) {
      if (!this.warned) console.error(`warning: cannot record the outputs in ${this.registry} (${(err as Error).message}): a rerun will take them for files biomed did not write.`);
      this.warned = true;
    }
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves half an output. */
export function writeAtomically(file: string, content: string, own?: OwnRecord): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, content);
  own?.record(file, content);
  fs.renameSync(tmp, file);
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

export async function annotate(argv: string[]): Promise<number> {
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
  const toFile = !(fs.existsSync(out) && fs.statSync(out).isDirectory()) && /\.(jsonl|json|pubtator|txt)$/.test(out);
  if (toFile && format === 'brat') throw new UsageError('--format brat writes a .txt and an .ann per note: give a folder as --out.', ANNOTATE_HELP);
  const partsDir = toFile ? `${out}.parts` : out;
  // This run's own outputs are never inputs.
  const inputs = listInputs(positionals, toFile ? [real(out), real(partsDir)] : [real(out)]);
  checkOutputSafety(positionals, inputs, out, toFile, format, partsDir);
  const own = new OwnRecord(out);
  const force = values.force === true;
  const ownsCache = new Map<string, boolean>();
  const isOwn = (file: string) => {
    if (!ownsCache.has(file)) ownsCache.set(file, own.owns(file));
    return ownsCache.get(file)!;
  };
  // Never overwrite (nor take for finished) a file biomed did not write, unless --force.
  const foreign = [...(toFile ? [out] : []), ...inputs.flatMap((i) => partPaths(format, partsDir, i.id))].filter((f) => fs.existsSync(f) && !isOwn(f));
  if (foreign.length > 0 && !force) {
    const named = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ` and ${foreign.length - 5} more` : '');
    throw new UsageError(`${foreign.length === 1 ? 'An output file exists that' : `${foreign.length} output files exist that`} biomed annotate did not write: ${named}. Refusing to overwrite; move ${foreign.length === 1 ? 'it' : 'them'} away, choose another --out, or give --force to replace ${foreign.length === 1 ? 'it' : 'them'}.`, ANNOTATE_HELP);
  }
  // A finished output file of an earlier run holds documents that count as done.
  const previous = new Map((toFile && fs.existsSync(out) && isOwn(out) ? read(format, fs.readFileSync(out, 'utf8')) : []).map((d) => [d.id, d]));

  const setup = cliEngine(values, ANNOTATE_HELP);
  await setup.check();
  const defaults = setup.config;
  const config = setup.analysisConfig({
    entityTypes: types,
    relations: { ...defaults.relations, enabled: values.relations !== false },
    nli: { ...defaults.nli, enabled: values.nli !== false },
  });

  const started = Date.now();
  const progress = new Progress(inputs.length);
  const summary = { annotated: 0, skipped: 0, failed: [] as string[], sentences: 0, entities: 0, relations: 0, findings: 0 };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const input = inputs[next++];
      const parts = partPaths(format, partsDir, input.id);
      if (previous.has(input.id) || parts.every((p) => fs.existsSync(p) && isOwn(p))) {
        summary.skipped++;
        progress.update(++done, `${summary.failed.length} failed`, progress.isTty ? undefined : `skipped ${input.id} (already annotated)`);
        continue;
      }
      try {
        const text = fs.readFileSync(input.file, 'utf8');
        if (text.includes('\u0000')) throw new Error('binary file');
        const analysis = setup.engine.analyse(input.id, text, config);
        analysis.start();
        await analysis.whenComplete();
        if (analysis.failed > 0) throw new Error(analysis.lastError?.message ?? 'model requests failed');
        const doc = toAnnotatedDocument(input.id, analysis);
        writePart(format, partsDir, doc, toFile, own);
        summary.annotated++;
        summary.sentences += analysis.sentences.length;
        summary.entities += doc.entities.length;
        summary.relations += doc.relations.length;
        summary.findings += doc.findings?.length ?? 0;
        progress.update(++done, `${summary.failed.length} failed`, progress.isTty ? undefined : `annotated ${input.id}: ${doc.entities.length} entities`);
      } catch (err) {
        summary.failed.push(`${input.id}: ${(err as Error).message}`);
        progress.update(++done, `${summary.failed.length} failed`, `FAILED ${input.id}: ${(err as Error).message}`);
      }
    }
  };
  // Enough documents in flight to keep every allowed model request busy.
  const width = Math.max(2, setup.ctx.scheduler.capacity * 2);
  await Promise.all(Array.from({ length: Math.min(width, inputs.length) }, worker));
  progress.finish();

  if (toFile && summary.failed.length === 0 && summary.annotated > 0) assemble(format, out, partsDir, inputs.map((i) => i.id), previous, own);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const stats = setup.ctx.stats;
  console.log(
    `${summary.annotated} annotated, ${summary.skipped} skipped (already done), ${summary.failed.length} failed in ${seconds} s: ` +
      `${summary.sentences} sentences, ${summary.entities} entities, ${summary.relations} relations, ${summary.findings} NLI findings; ` +
      `${stats.modelCalls} model calls, ${stats.promptTokens} prompt tokens.`,
  );
  for (const f of summary.failed) console.log(`  failed: ${f}`);
  if (summary.failed.length > 0) console.log('Run the same command again to retry the failed documents; finished ones are skipped.');
  if (toFile && summary.failed.length > 0) console.log(`${out} is written once every document has succeeded; results so far are in ${partsDir}.`);
  return summary.failed.length > 0 ? 1 : 0;
}

/** The single output file, from the per-document parts and an earlier run's output, written at once. */
function assemble(format: Format, out: string, partsDir: string, ids: string[], previous: Map<string, AnnotatedDocument>, own: OwnRecord): void {
  const docs = ids.flatMap((id) => {
    const part = partPaths(format, partsDir, id)[0];
    return fs.existsSync(part) ? readJsonl(fs.readFileSync(part, 'utf8')) : [previous.get(id)!];
  });
  writeAtomically(out, render(format, docs), own);
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
  const readBack = format === 'brat' || (toFile && NOTE_EXTENSIONS.has(path.extname(out)));
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
