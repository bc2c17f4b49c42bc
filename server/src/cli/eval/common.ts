/** What the evaluations share: the usage text and options, tables, the variants to score, reading a corpus. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluation, formats, InputError, notes } from '../../engine';
import { readCorpusFile, reportSkips, STRICT_HELP, UsageError } from '../args';
import { reportBug } from '../bugs';
import { cacheReport } from '../cacheReport';
import { CliEngine, MODEL_HELP, MODEL_OPTIONS } from '../engineOptions';
import { reportOverload } from '../overloadWait';
import { Progress } from '../progress';

type EvaluationHooks = evaluation.EvaluationHooks;
type VariantStats = evaluation.VariantStats;
const { readBratFile, readDocuments } = formats;
type AnnotatedDocument = formats.AnnotatedDocument;
const { NOTE_EXTENSIONS } = notes;

export const EVAL_HELP = `Usage: biomed eval ner <corpus> --format pubtator|iob|brat [options]
       biomed eval re <chemprot.jsonl | brat folder> [options]
       biomed eval nli <pairs.jsonl> [options]
       biomed eval assertion <file.tsv> --format context-tsv [--extra-terms FILE] [--json]
       biomed eval link <corpus> --format pubtator|concept|brat --vocab FILE [--synonyms CORPUS]... [--model-choice] [--errors FILE] [--json]
       biomed eval deid <corpus> [--format physionet|i2b2|brat] [--errors FILE] [--spans OUT] [--json]

ner   strict (same start, end and type) and overlap precision, recall and F1 per type and
      micro-averaged; for NCBI-disease, BC5CDR, BC2GM and JNLPBA the published figures of
      Llama2-MedTuned and BioBERT are printed beside. With IOB corpora the medtuned input
      follows the corpus's own tokens. The medtuned profile asks each literature type with
      the instructions of its training set: the corpus's name (--dataset, else its path:
      ncbi, bc5cdr, bc2gm, jnlpba) decides; otherwise its types do (diseases with chemicals:
      BC5CDR-disease; JNLPBA's protein/DNA/RNA/cell classes: JNLPBA); otherwise NCBI-disease,
      BC5CDR-chem and BC2GM. Clinical types are asked with i2b2-2012's.
re    relation labels for the gold entity pairs: micro-F1 without the none class, and per
      label (ChemProt JSON lines need --profile json; a BRAT folder takes .txt + .ann pairs).
      The medtuned profile asks clinical (i2b2-2010) pairs only: gold relations of other
      kinds are listed as untrained and not scored.
nli   accuracy and the confusion matrix over {"premise","hypothesis","label"} lines.
assertion
      the ConText assertion rules, no model: a header line, then tab-separated id,
      condition, sentence, negation (Affirmed/Negated/Possible), temporality
      (Recent/Historical/Not particular), experiencer (Patient/Other/Family member).
      Precision, recall and F1 per status and accuracy per attribute; --json prints
      {"rows", "negation", "historical", "hypothetical", "experiencer"}, each with
      precision, recall, f1 and accuracy (the accuracy of its attribute), in percent.
link  concept linking of the gold mentions against a vocabulary (a model only with
      --model-choice): accuracy@1 and @5, the precision and coverage of the links given;
      --errors FILE lists the mentions linked wrong or left unlinked (biomed eval link --help).
deid  protected health information found by rules and lists, no model: recall, precision
      and F1 as the PhysioNet deid package scores them (biomed eval deid --help).

Options:
  --format F             ner corpus format: pubtator | iob | brat; assertion: context-tsv
  --extra-terms FILE     assertion: ConText terms merged into the defaults (the layout of
                         biomedNlp.assertion.extraTermsFile)
  --types T,T            ner: entity types to score (default: those in the corpus)
  --dataset NAME         ner: name the dataset when its path does not (ncbi, bc5cdr, bc2gm, jnlpba)
  --limit N              only the first N documents (ner) or items (re, nli)
  --json                 print the result as JSON
${STRICT_HELP}
  --instruction-variant N|all
                         medtuned profile: ask with variant N (1-5) of the training instructions,
                         verbatim (default 1; i2b2-2010 relations have 3, so 4 and 5 ask their 1
                         and 2); all: score every variant of the task's set in turn (5 for NER
                         and NLI, 3 for relations) and print each variant's figures, their mean
                         and sample standard deviation (n - 1), beside the published figure
${MODEL_HELP}
  -h, --help             this help

Exit codes: 0 evaluated, 1 some items failed, 2 usage error.`;

export const EVAL_OPTIONS = {
  ...MODEL_OPTIONS,
  format: { type: 'string' as const },
  types: { type: 'string' as const },
  dataset: { type: 'string' as const },
  limit: { type: 'string' as const },
  json: { type: 'boolean' as const },
  strict: { type: 'boolean' as const },
};

export const pct = (n: number) => n.toFixed(1);
export const two = (n: number) => n.toFixed(2);

export function table(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) =>
    cells
      .map((c, i) =>
        String(c)
          .padStart(i === 0 ? 0 : widths[i])
          .padEnd(widths[i]),
      )
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** What a run of one command evaluates with: the engine and, with `all`, every variant. */
export interface EvalRun {
  setup: CliEngine;
  allVariants: boolean;
}

export const variantRange = (variants: readonly number[]) =>
  variants.length > 1 ? `instruction variants ${variants[0]}-${variants[variants.length - 1]}` : `instruction variant ${variants[0]}`;

/** The mean and SD rows of a per-variant table: every numeric column summarised. */
export function summaryRows(columns: VariantStats[], lead: (string | number)[] = []): (string | number)[][] {
  return [
    ['mean', ...lead, ...columns.map((c) => two(c.mean))],
    ['SD (sample)', ...lead.map(() => ''), ...columns.map((c) => two(c.sd))],
  ];
}

/** The corpus's documents; what the reader skipped is reported on stderr (an error with --strict). */
export function readCorpus(corpus: string, format: string, strict: boolean): AnnotatedDocument[] {
  if (format === 'brat') return readBratFolder(corpus, strict);
  const text = readCorpusFile(corpus, EVAL_HELP);
  const read = readDocuments(format === 'pubtator' ? 'pubtator' : 'iob', text);
  reportSkips(corpus, read.skips, 'lines', strict);
  // Nothing to score (an empty file, another format): an error, not a table of zeros.
  if (read.documents.length === 0) throw new UsageError(`No ${format === 'pubtator' ? 'PubTator' : 'IOB'} documents in ${corpus}.`, EVAL_HELP);
  return read.documents;
}

export function readBratFolder(folder: string, strict: boolean): AnnotatedDocument[] {
  if (!fs.statSync(folder).isDirectory())
    throw new UsageError(`A BRAT corpus is a folder of .ann files with their notes (${NOTES}) beside them: ${folder}`, EVAL_HELP);
  const docs = bratFolderDocuments(folder, strict);
  if (docs.length === 0) throw new UsageError(`No .ann files with their notes (${NOTES}) beside them in ${folder}`, EVAL_HELP);
  return docs;
}

const NOTES = NOTE_EXTENSIONS.join(', ');

/**
 * The documents of a BRAT folder, one per `.ann` that has a note beside it (the first of
 * engine/noteFiles.ts's extensions, as the editor and `biomed agreement` read it), in name
 * order. Counted per `.ann`: a note kept both as `.txt` and `.note` is one document.
 */
export function bratFolderDocuments(folder: string, strict: boolean): AnnotatedDocument[] {
  const docs: AnnotatedDocument[] = [];
  for (const name of fs.readdirSync(folder).sort()) {
    if (!name.endsWith('.ann')) continue;
    const ann = path.join(folder, name);
    const read = readBratFile(ann, name.slice(0, -'.ann'.length));
    if (read.problem !== undefined) {
      // An .ann without a note is no document; a note that is not text ends the command (exit 1), named.
      if (read.noNote) continue;
      throw new Error(read.problem);
    }
    reportSkips(ann, read.skips, 'lines', strict);
    docs.push(read.document);
  }
  return docs;
}

/** An input the engine's evaluation refuses (a corpus, a file, a choice of options), as this command's usage error; anything else as it is. */
export function usageOf(err: unknown): unknown {
  return err instanceof InputError ? new UsageError(err.message, EVAL_HELP) : err;
}

/**
 * Runs one of the engine's model evaluations with this command's progress line (`items`
 * per pass, one pass per instruction variant), the server's overloads said on it, and
 * bugs logged with their stack; an input the evaluation refuses is a usage error. The
 * server is asked on the first question the cache cannot answer; when no model serves
 * then, the command fails as the check says (no figures). With --cache, what the cache
 * gave goes to stderr (stdout is the result, a table or JSON).
 */
export async function runEvaluation<R>(setup: CliEngine, items: number, evaluate: (hooks: EvaluationHooks) => Promise<R>): Promise<R> {
  await setup.prepare();
  let progress: Progress | undefined;
  let done = 0;
  const stopReporting = reportOverload(setup.engine.clock, undefined, (line) => progress?.say(line));
  let result: R;
  try {
    result = await evaluate({
      onStart: (passes) => (progress = new Progress(items * passes)),
      onItem: (failed) => progress?.update(++done, `${failed} failed`),
      onBug: reportBug,
    });
  } catch (err) {
    throw setup.unavailable ?? usageOf(err);
  } finally {
    stopReporting();
    progress?.finish();
  }
  if (setup.unavailable) throw setup.unavailable;
  const cache = cacheReport(setup.engine);
  for (const line of [...(cache.out ? [cache.out] : []), ...cache.err]) console.error(line);
  return result;
}
