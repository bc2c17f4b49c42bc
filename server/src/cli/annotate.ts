/**
 * `biomed annotate`: entities, relations and NLI findings for many notes, with the same
 * engine as the editor. Resumable: each document's result is written atomically as soon
 * as it is done, finished ones are skipped on the next run; a failed document is
 * reported and the run goes on.
 */
import * as fs from 'node:fs';
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

Options:
  --out PATH             output folder or file (required)
  --format F             json | bioc | brat | pubtator (default: from the --out file name
                         (.bioc.json, .pubtator), else json: JSON lines)
  --types T,T            entity types (default problem,treatment,test; also disease,chemical,gene)
  --no-relations         skip relation extraction
  --no-nli               skip NLI checks of summary sections
${UNTRAINED_KINDS_HELP}
${INSTRUCTION_VARIANT_HELP}
${MODEL_HELP}
  -h, --help             this help

Exit codes: 0 all documents annotated, 1 some failed (see the summary), 2 usage error.`;

const FORMATS = ['json', 'bioc', 'brat', 'pubtator'] as const;
type Format = (typeof FORMATS)[number];
const NOTE_EXTENSIONS = new Set(['.note', '.txt', '.md']);
const PART_EXTENSION: Record<Format, string> = { json: '.json', bioc: '.bioc.json', brat: '.ann', pubtator: '.pubtator' };

function listInputs(inputs: string[]): { file: string; id: string }[] {
  const out: { file: string; id: string }[] = [];
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new UsageError(`No such file or folder: ${input}`, ANNOTATE_HELP);
    if (fs.statSync(input).isDirectory()) {
      for (const entry of fs.readdirSync(input, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !NOTE_EXTENSIONS.has(path.extname(entry.name))) continue;
        const file = path.join(entry.parentPath, entry.name);
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

/** Writes through a temporary file and a rename, so a crash never leaves half an output. */
export function writeAtomically(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, content);
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

function writePart(format: Format, partsDir: string, doc: AnnotatedDocument, asJsonl: boolean): void {
  const [main, txt] = partPaths(format, partsDir, doc.id);
  if (format === 'brat') {
    const { txt: text, ann } = writeBratDocument(doc);
    writeAtomically(txt, text);
    writeAtomically(main, ann);
  } else if (asJsonl) {
    writeAtomically(main, writeJsonl([doc]));
  } else {
    writeAtomically(main, render(format, [doc]));
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
  const inputs = listInputs(positionals);
  const toFile = !(fs.existsSync(out) && fs.statSync(out).isDirectory()) && /\.(jsonl|json|pubtator|txt)$/.test(out);
  if (toFile && format === 'brat') throw new UsageError('--format brat writes a .txt and an .ann per note: give a folder as --out.', ANNOTATE_HELP);
  const partsDir = toFile ? `${out}.parts` : out;
  // A finished output file holds documents of an earlier run: they count as done.
  const previous = new Map((toFile && fs.existsSync(out) ? read(format, fs.readFileSync(out, 'utf8')) : []).map((d) => [d.id, d]));

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
      if (previous.has(input.id) || parts.every((p) => fs.existsSync(p))) {
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
        writePart(format, partsDir, doc, toFile);
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

  if (toFile && summary.failed.length === 0 && summary.annotated > 0) assemble(format, out, partsDir, inputs.map((i) => i.id), previous);
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
function assemble(format: Format, out: string, partsDir: string, ids: string[], previous: Map<string, AnnotatedDocument>): void {
  const docs = ids.flatMap((id) => {
    const part = partPaths(format, partsDir, id)[0];
    return fs.existsSync(part) ? readJsonl(fs.readFileSync(part, 'utf8')) : [previous.get(id)!];
  });
  writeAtomically(out, render(format, docs));
  fs.rmSync(partsDir, { recursive: true, force: true });
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
