/**
 * `biomed report ANNOTATED --out report.html`: annotate's output read back with the corpus
 * readers, tallied (reportSummary.ts) and written as one HTML page (reportHtml.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formats } from '../engine';
import { OwnRecord, writeAtomically } from './annotateOutputs';
import { CorpusError, intOption, parse, refuseOutOverInput, reportSkips, UsageError } from './args';
import { CorpusKind, corpusKindOf, readCorpus } from './corpus';
import { DEIDENTIFY_HELP, DEIDENTIFY_OPTIONS, homeOf, parseDeidentify } from './deidOutput';
import { renderReport } from './reportHtml';
import { CorpusTally } from './reportSummary';

const { readBratFile } = formats;
type AnnotatedDocument = formats.AnnotatedDocument;
type SkipCounts = formats.SkipCounts;

const DEFAULT_TOP = 20;

export const REPORT_HELP = `Usage: biomed report <annotated>... --out <file.html> [--top N] [--force]
       [--deidentify tags|surrogates [--seed N] [--patient-of note|folder]]

A corpus report you can look at: one self-contained HTML page (inline styles and chart, no
script, nothing fetched from the network) with the corpus's entities by type and assertion
status, the most frequent concepts (affirmed against negated, as a chart), the entities per
section and a row per note. It holds the mentions' words and the documents' ids: keep it
where the notes may be, or give --deidentify (each document is de-identified before it is
counted: mentions, concepts named by their words and sections are read from the new text;
an output annotate wrote with --deidentify needs no flag).

<annotated> is biomed annotate's output: a folder of per-document .json, .bioc.json or
.pubtator files, or of BRAT .ann files with the .txt beside each (other files there are
passed over, and so are .parts folders of unfinished runs), or one .jsonl, .json,
.bioc.json or .pubtator file. A document whose id was already read is left out (named).
A concept is the concept ID where annotate --vocab linked the entity, else the mention's
words and type. Sections are found in each document's text by their headers, as the
editor's Outline finds them.

Options:
  --out FILE             the HTML file to write (required; written atomically)
  --top N                how many concepts the chart shows (default ${DEFAULT_TOP})
  --force                replace an --out file that biomed report did not write
${DEIDENTIFY_HELP}
  -h, --help             this help

Exit codes: 0 written, 1 some files could not be read (the report holds the others; none
read: nothing written), 2 usage error (also when no annotated document is found: nothing
is written).`;

/** How a file of annotate's output is read, by its name (undefined: not one). */
function kindOf(file: string): CorpusKind | 'brat' | undefined {
  if (/\.ann$/i.test(file)) return 'brat';
  if (/\.json$/i.test(file) && !/\.bioc\.json$/i.test(file)) return 'jsonl';
  return corpusKindOf(file);
}

/** The files below a folder, sorted by path; dot folders and annotate's unfinished .parts folders are passed over. */
function filesBelow(root: string, rel = ''): string[] {
  const entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries.flatMap((e) => {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return e.name.startsWith('.') || e.name.endsWith('.parts') ? [] : filesBelow(root, p);
    return e.isFile() ? [p] : [];
  });
}

interface Reading {
  /** Files that could not be read, with why. */
  problems: string[];
  /** Files of a folder that are no annotate output. */
  passedOver: number;
  skips: Map<string, SkipCounts>;
}

/** The documents of one input, a file at a time; a JSON lines file is streamed. */
async function* documentsOf(input: string, reading: Reading): AsyncGenerator<AnnotatedDocument> {
  const folder = fs.statSync(input).isDirectory();
  const files = folder ? filesBelow(input).map((rel) => ({ file: path.join(input, rel), rel })) : [{ file: input, rel: path.basename(input) }];
  for (const { file, rel } of files) {
    const kind = kindOf(file);
    if (kind === undefined) {
      if (!folder)
        throw new UsageError(`${input} is not an output of biomed annotate (.jsonl, .json, .bioc.json, .pubtator, .ann, or a folder of them).`, REPORT_HELP);
      reading.passedOver++;
      continue;
    }
    if (kind === 'brat') {
      const read = readBratFile(file, rel.replace(/\.ann$/i, ''));
      if (read.problem !== undefined) reading.problems.push(`${file}: ${read.problem}`);
      else {
        reading.skips.set(file, read.skips);
        yield read.document;
      }
      continue;
    }
    const counts: SkipCounts = {};
    reading.skips.set(file, counts);
    try {
      yield* readCorpus(file, kind, counts);
    } catch (err) {
      if (!(err instanceof CorpusError)) throw err;
      reading.problems.push(err.message);
    }
  }
}

export async function report(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { out: { type: 'string' }, top: { type: 'string' }, force: { type: 'boolean' }, ...DEIDENTIFY_OPTIONS },
    REPORT_HELP,
  );
  if (values.help) {
    console.log(REPORT_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('Give the output of biomed annotate: a folder or a file.', REPORT_HELP);
  const out = values.out as string | undefined;
  if (!out || out === '-') throw new UsageError('--out is required: the .html file to write.', REPORT_HELP);
  const top = intOption(values.top, 'top', 1, REPORT_HELP) ?? DEFAULT_TOP;
  const deidOut = parseDeidentify(values, REPORT_HELP);
  for (const p of positionals) if (!fs.existsSync(p)) throw new UsageError(`No such file or folder: ${p}`, REPORT_HELP);
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) throw new UsageError(`--out ${out} is a folder: give the .html file to write.`, REPORT_HELP);
  refuseOutOverInput(out, positionals, REPORT_HELP);
  const own = new OwnRecord(out);
  if (fs.existsSync(out) && !own.owns(out) && values.force !== true)
    throw new UsageError(
      `${out} exists and biomed report did not write it (or it was changed since). Refusing to overwrite; choose another --out, or give --force to replace it.`,
      REPORT_HELP,
    );

  const reading: Reading = { problems: [], passedOver: 0, skips: new Map() };
  const tally = new CorpusTally();
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const input of positionals) {
    const home = homeOf(fs.statSync(input).isDirectory() ? input : path.dirname(input));
    for await (const doc of documentsOf(input, reading)) {
      if (seen.has(doc.id)) duplicates.push(doc.id);
      else tally.add(deidOut ? deidOut.document(doc, home) : doc);
      seen.add(doc.id);
    }
  }
  for (const [file, counts] of reading.skips) reportSkips(file, counts, 'lines', false);
  for (const p of reading.problems) console.error(`not read: ${p}`);
  if (duplicates.length > 0)
    console.error(
      `left out ${duplicates.length} ${duplicates.length === 1 ? 'document whose id was' : 'documents whose ids were'} already read: ${duplicates.slice(0, 5).join(', ')}${duplicates.length > 5 ? ` and ${duplicates.length - 5} more` : ''}`,
    );
  const summary = tally.summary(top);
  if (summary.documents === 0) {
    const named = positionals.join(', ');
    if (reading.problems.length > 0) {
      console.error(`biomed report: no document of ${named} could be read; nothing written.`);
      return 1;
    }
    throw new UsageError(
      `No annotated document in ${named}${reading.passedOver ? ` (${reading.passedOver} ${reading.passedOver === 1 ? 'file' : 'files'} there, none an output of biomed annotate)` : ''}: run biomed annotate first and give its --out. Nothing written.`,
      REPORT_HELP,
    );
  }
  if (summary.entities === 0)
    console.error(
      `warning: the ${summary.documents === 1 ? 'document has' : `${summary.documents} documents have`} no entities: is this biomed annotate's output?`,
    );
  writeAtomically(out, renderReport(summary, positionals.join(', ')), own);
  if (deidOut) console.error(deidOut.summary());
  console.log(
    `${out}: ${summary.documents} ${summary.documents === 1 ? 'document' : 'documents'}, ${summary.entities} entities (${summary.negated} negated), ${summary.distinctConcepts} concepts, ${summary.sections.length} sections.`,
  );
  return reading.problems.length > 0 ? 1 : 0;
}
