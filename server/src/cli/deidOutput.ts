/**
 * `--deidentify tags|surrogates` of the commands whose outputs may be shared (annotate,
 * export, report, find): the options, their help lines, and each document moved onto its
 * de-identified text by the engine (deid.deidentifyDocument), so that every format written
 * from it holds the new text and offsets into it. The model is still asked about the note
 * as written (it is the server the user chose, as without the flag); what is written is not.
 */
import * as path from 'node:path';
import { deid, formats } from '../engine';
import { choice, intOption, UsageError } from './args';

type AnnotatedDocument = formats.AnnotatedDocument;
type DeidStyle = (typeof deid.DEID_STYLES)[number];

export const DEIDENTIFY_OPTIONS = {
  deidentify: { type: 'string' },
  seed: { type: 'string' },
  'patient-of': { type: 'string' },
} as const;

export const DEIDENTIFY_HELP = `  --deidentify S         write de-identified outputs: tags ([**Name**], [**Date**], ...) or
                         surrogates (needs --seed), as biomed deid --style S replaces them
                         (the PHI the rules find; see docs/guide/deidentification.md): every
                         format holds the de-identified text, every offset points into it and
                         every quoted field (mention text, NLI sentences, sections) is read
                         from it; document ids (file names) are kept as they are
  --seed N               the surrogates' seed (with --deidentify surrogates)
  --patient-of W         whose notes share surrogates: note (default) or folder (the notes of
                         one folder: the id's folder, or the input folder's name for the
                         notes at its top), as biomed deid --patient-of`;

/** How a command's outputs are de-identified; undefined: they are not. */
export interface OutputDeid {
  style: DeidStyle;
  seed?: number;
  /** The patient of a document: its id, or its folder (`home` for an id without one). */
  patient(id: string, home: string): string;
  /**
   * The document on its de-identified text; `home` as for patient. `written` false: not
   * counted in the summary (find reads one whose mentions it does not print, for its hints).
   */
  document(doc: AnnotatedDocument, home: string, written?: boolean): AnnotatedDocument;
  /** The de-identified text of a note (what the document's output will hold). */
  text(text: string, id: string, home: string): string;
  /** What the documents written so far had replaced, in one line for stderr. */
  summary(): string;
}

export function parseDeidentify(values: Record<string, unknown>, help: string): OutputDeid | undefined {
  const style = choice(values.deidentify, 'deidentify', deid.DEID_STYLES, help);
  const seed = intOption(values.seed, 'seed', 0, help);
  const patientOf = choice(values['patient-of'], 'patient-of', ['note', 'folder'] as const, help) ?? 'note';
  if (style === undefined) {
    if (seed !== undefined || values['patient-of'] !== undefined)
      throw new UsageError('--seed and --patient-of go with --deidentify (tags or surrogates).', help);
    return undefined;
  }
  if (style === 'surrogates' && seed === undefined)
    throw new UsageError('--deidentify surrogates needs --seed N: the same seed gives the same surrogates in every run and shard.', help);
  const patient = (id: string, home: string) => {
    if (patientOf === 'note') return id;
    const dir = path.posix.dirname(id.replace(/\\/g, '/'));
    return dir !== '.' ? dir : home;
  };
  const options = (id: string, home: string) => ({ style, seed, patient: patient(id, home) });
  let documents = 0;
  const counts: Record<string, number> = {};
  // The last text de-identified by text(): a rerun's changed note is then written from it, not replaced twice.
  let last: { text: string; patient: string; deid: ReturnType<typeof deid.deidentify> } | undefined;
  return {
    style,
    seed,
    patient,
    document: (doc, home, written = true) => {
      const o = options(doc.id, home);
      const known = last && last.text === doc.text && last.patient === o.patient ? last.deid : undefined;
      last = undefined;
      const { document, deid: d } = deid.deidentifyDocument(doc, o, known);
      if (!written) return document;
      documents++;
      for (const [type, n] of Object.entries(d.counts)) counts[type] = (counts[type] ?? 0) + n;
      return document;
    },
    text: (text, id, home) => {
      const o = options(id, home);
      last = { text, patient: o.patient, deid: deid.deidentify(text, o) };
      return last.deid.text;
    },
    summary: () => {
      const [replaced, byType] = phiReplaced(counts);
      return `--deidentify ${style}: ${replaced} in ${documents} ${documents === 1 ? 'document' : 'documents'} written${byType}; what the rules miss stays (docs/guide/deidentification.md).`;
    },
  };
}

/** The folder name that is the patient of the documents at the top of `folder` (--patient-of folder). */
export const homeOf = (folder: string): string => path.basename(path.resolve(folder));

/** annotate's: a note file's folder (as biomed deid takes it), or the corpus file a document came from. */
export const noteHome = (file: string | undefined, source: string | undefined): string =>
  file !== undefined ? homeOf(path.dirname(file)) : path.basename(source ?? 'standard input');

/** Replacements counted by type, as the summaries say them: ["5 PHI replaced", " (name 3, date 2)"] (the second '' for none). */
export function phiReplaced(counts: Readonly<Record<string, number>>): [string, string] {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const byType = Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  return [`${total} PHI replaced`, total ? ` (${byType})` : ''];
}
