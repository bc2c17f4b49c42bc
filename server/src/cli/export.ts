/**
 * `biomed export FOLDER --out FILE`: a curated folder (each note's `.ann` beside it, as the
 * editor's curation store writes it) as one BioC JSON or PubTator file, with the writers
 * `biomed annotate` uses. Each `.ann` is read with its `.txt`, `.note` or `.md` (BRAT reader:
 * T entities, R relations, status attributes, N lines: concept IDs); `#` lines (rejections, deleted entities) are
 * notes, not annotations, and are not exported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formats } from '../engine';
import { writeAtomically } from './annotateOutputs';
import { choice, CorpusError, parse, refuseOutOverInput, reportSkips, STRICT_HELP, UsageError } from './args';
import { DEIDENTIFY_HELP, DEIDENTIFY_OPTIONS, homeOf, parseDeidentify } from './deidOutput';

const { readBratFile, writeDocuments } = formats;
type AnnotatedDocument = formats.AnnotatedDocument;

export const EXPORT_HELP = `Usage: biomed export <folder> --out <file> [--format bioc|pubtator] [--strict]
       [--deidentify tags|surrogates [--seed N] [--patient-of note|folder]]

Exports a curated folder as one corpus file: every .ann below the folder (sorted by path),
read with the note beside it (.txt, .note or .md of the same name). A document's id is the
note's path in the folder without its extension ("ward/note1"). The curated entities (T),
relations (R), statuses (attributes) and concept IDs (N lines) are exported; rejections,
deleted entities and "no concept fits" are notes in the .ann (# lines) and are not.

BioC JSON holds the whole note as one passage, its entities with their statuses and concept
IDs (the identifier infon, a composite's joined by |) and its relations. PubTator holds the
note as its title line (line breaks written as spaces, so the offsets stay those of the
note) and the entities with their IDs (the ID column); its relations are between concept
ids, not mentions, so relations are not written.

Options:
  --out FILE             the output file (required; written atomically)
  --format F             bioc | pubtator (default: from the --out name, .bioc.json or .pubtator)
${STRICT_HELP}
${DEIDENTIFY_HELP}
  -h, --help             this help

Exit codes: 0 exported, 1 some .ann had no readable note beside it (the others are exported), 2 usage error.`;

const FORMATS = ['bioc', 'pubtator'] as const;

/** The .ann files below a folder, by relative path; dot folders (.vscode, .git) are not curated notes. */
function annFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  const entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory() && !e.name.startsWith('.')) out.push(...annFiles(root, p));
    else if (e.isFile() && e.name.endsWith('.ann')) out.push(p);
  }
  return out;
}

/** The curated documents of a folder, and the .ann files that have no note beside them. */
export function readCuratedFolder(folder: string, strict: boolean): { documents: AnnotatedDocument[]; failed: string[] } {
  const documents: AnnotatedDocument[] = [];
  const failed: string[] = [];
  for (const rel of annFiles(folder)) {
    const id = rel.slice(0, -'.ann'.length);
    const read = readBratFile(path.join(folder, rel), id);
    if (read.problem !== undefined) {
      failed.push(`${rel}: ${read.problem}`);
      continue;
    }
    reportSkips(path.join(folder, rel), read.skips, 'annotation lines', strict);
    documents.push(read.document);
  }
  return { documents, failed };
}

export function exportCorpus(argv: string[]): number {
  const { values, positionals } = parse(
    argv,
    { out: { type: 'string' }, format: { type: 'string' }, strict: { type: 'boolean' }, ...DEIDENTIFY_OPTIONS },
    EXPORT_HELP,
  );
  if (values.help) {
    console.log(EXPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('Give one curated folder to export.', EXPORT_HELP);
  const folder = positionals[0];
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new UsageError(`Not a folder: ${folder}`, EXPORT_HELP);
  const out = values.out as string | undefined;
  if (!out) throw new UsageError('--out is required: the .bioc.json or .pubtator file to write.', EXPORT_HELP);
  const format =
    choice(values.format, 'format', FORMATS, EXPORT_HELP) ?? (/\.bioc\.json$/i.test(out) ? 'bioc' : /\.pubtator$/i.test(out) ? 'pubtator' : undefined);
  if (!format) throw new UsageError(`--format bioc or pubtator: "${path.basename(out)}" does not say which (.bioc.json, .pubtator).`, EXPORT_HELP);
  const deidOut = parseDeidentify(values, EXPORT_HELP);
  // The output may not replace what it is made of (a note or an .ann of the folder).
  refuseOutOverInput(out, [folder], EXPORT_HELP);
  let result: ReturnType<typeof readCuratedFolder>;
  try {
    result = readCuratedFolder(folder, values.strict === true);
  } catch (err) {
    if (err instanceof CorpusError) {
      console.error(`biomed export: ${err.message}`);
      return 1;
    }
    throw err;
  }
  const { failed } = result;
  const home = homeOf(folder);
  const documents = deidOut ? result.documents.map((d) => deidOut.document(d, home)) : result.documents;
  if (documents.length === 0 && failed.length === 0) throw new UsageError(`No .ann files below ${folder}: nothing to export.`, EXPORT_HELP);
  // PubTator relates concepts, not the curated mentions: its relations are left out (and said so below).
  writeAtomically(
    out,
    format === 'bioc'
      ? writeDocuments('bioc', documents)
      : writeDocuments(
          'pubtator',
          documents.map((d) => ({ ...d, relations: [] })),
        ),
  );
  for (const f of failed) console.error(`not exported: ${f}`);
  if (deidOut) console.error(deidOut.summary());
  const entities = documents.reduce((n, d) => n + d.entities.length, 0);
  const relations = documents.reduce((n, d) => n + d.relations.length, 0);
  console.error(
    `exported ${documents.length} document${documents.length === 1 ? '' : 's'}, ${entities} entit${entities === 1 ? 'y' : 'ies'}` +
      (format === 'bioc'
        ? `, ${relations} relation${relations === 1 ? '' : 's'}`
        : relations
          ? ` (${relations} relation${relations === 1 ? '' : 's'} not written: PubTator relations are between concept ids)`
          : '') +
      ` to ${out}`,
  );
  return failed.length ? 1 : 0;
}
