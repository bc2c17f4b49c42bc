/**
 * `biomed find`: the mentions of a concept or a name across a corpus (annotate's output, or
 * notes analysed as annotate analyses them), counted by assertion status: the workspace as a
 * corpus. Prints text, one JSON object, or the rows of annotate's CSV. With --deidentify the
 * query is answered on the documents as written, and what is printed is read from each
 * document moved onto its de-identified text (as annotate --deidentify writes it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EntityType, formats, isEntityType } from '../engine';
import { counted as plural } from './counted';
import { openLinking } from './annotateLinks';
import { choice, parse, UsageError } from './args';
import { DEIDENTIFY_OPTIONS, homeOf, parseDeidentify } from './deidOutput';
import { MODEL_OPTIONS } from './engineOptions';
import { FIND_HELP } from './findHelp';
import { classify, FindInput, readAnnotated } from './findInputs';
import { analyseNotes } from './findNotes';
import { Matcher, NearNames, parseQuery, Query, Resolved, STATUSES } from './findQuery';

const { mentionRows, writeDocuments } = formats;
type AnnotatedDocument = formats.AnnotatedDocument;
type MentionRow = ReturnType<typeof formats.mentionRows>[number];

const OUTPUTS = ['text', 'json', 'csv'] as const;
const CLINICAL: EntityType[] = ['problem', 'treatment', 'test'];

/** A document's matching mentions: the rows, and the entities they came from (for the CSV). */
interface Found {
  doc: AnnotatedDocument;
  rows: MentionRow[];
  entities: AnnotatedDocument['entities'];
}

export async function find(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...MODEL_OPTIONS,
      concept: { type: 'string' },
      name: { type: 'string' },
      status: { type: 'string' },
      type: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
      vocab: { type: 'string', multiple: true },
      ...DEIDENTIFY_OPTIONS,
    },
    FIND_HELP,
  );
  if (values.help) {
    console.log(FIND_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('Give the output of biomed annotate, or notes, to search.', FIND_HELP);
  const query = parseQuery(values);
  const resolved = resolveConcept(query, values.vocab as string[] | undefined);
  const output = values.json ? 'json' : (choice(values.format, 'format', OUTPUTS, FIND_HELP) ?? 'text');
  if (values.json && values.format !== undefined && values.format !== 'json')
    throw new UsageError(`--json and --format ${String(values.format)} ask for two outputs: give one.`, FIND_HELP);
  const deidOut = parseDeidentify(values, FIND_HELP);
  const problems: string[] = [];
  const inputs = positionals.map((p) => classify(p, problems));
  const matcher = new Matcher(query, resolved);
  const near = new NearNames();
  // By input order: notes are analysed a few at a time and finish in any order.
  const found: (Found | undefined)[] = [];
  let searched = 0;
  /** Mentions of the subject that --status or --type left out, by status and type: a near miss is said. */
  const filteredOut = new Map<string, number>();
  let matchedSoFar = 0;
  /** `home`: the folder name that is the patient of the document's notes (--patient-of folder). */
  const take = (doc: AnnotatedDocument, index: number, home: string) => {
    searched++;
    const all = mentionRows(doc);
    const hits: number[] = [];
    for (const [i, r] of all.entries()) {
      if (!deidOut) near.add(r);
      if (!matcher.subject(r)) continue;
      if (matcher.filters(r)) hits.push(i);
      else {
        const key = `${r.statuses.join('+')} ${r.type}`;
        filteredOut.set(key, (filteredOut.get(key) ?? 0) + 1);
      }
    }
    // The query was answered on the document as written; what is printed comes from it on
    // its de-identified text: the matches, and the data's names for the hints while nothing
    // has matched (the hints are said only then).
    let shown = doc;
    let shownRows = all;
    if (deidOut && (hits.length > 0 || matchedSoFar === 0)) {
      shown = deidOut.document(doc, home, hits.length > 0);
      shownRows = mentionRows(shown);
      if (matchedSoFar === 0) for (const r of shownRows) near.add(r);
    }
    matchedSoFar += hits.length;
    if (hits.length === 0) return;
    // Mention rows are the document's entities, one for one, in order (on the new text too).
    const rows = hits.map((i) => shownRows[i]);
    const entities = hits.map((i) => ({ ...shown.entities[i], section: shownRows[i].section || undefined }));
    found[index] = { doc: shown, rows, entities };
  };
  const summary: string[] = [];
  const said = inputs.map(describe);
  for (const input of inputs) {
    const base = found.length;
    if (input.kind === 'annotated') {
      // As biomed report: the input folder, or the folder that holds the input file.
      const home = homeOf(fs.statSync(input.path).isDirectory() ? input.path : path.dirname(input.path));
      let i = 0;
      for await (const doc of readAnnotated(input, problems)) take(doc, base + i++, home);
      found.length = base + i;
    } else {
      const types = query.type && isEntityType(query.type) && !CLINICAL.includes(query.type) ? [...CLINICAL, query.type] : CLINICAL;
      let n = 0;
      const { out, err } = await analyseNotes(
        values,
        input.notes,
        types,
        (doc, i, home) => {
          n = Math.max(n, i + 1);
          take(doc, base + i, home);
        },
        problems,
      );
      found.length = base + n;
      summary.push(...out);
      for (const line of err) console.error(line);
    }
  }
  const matched = found.filter((f): f is Found => f !== undefined);
  const rows = matched.flatMap((f) => f.rows);
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, rows.filter((r) => r.statuses.includes(s)).length]));
  const counts = { documents: matched.length, mentions: rows.length, searched, byStatus };
  for (const p of problems) console.error(`not read: ${p}`);
  if (searched === 0 && problems.length > 0) throw new UsageError(`No document could be read from ${positionals.join(', ')} (see above).`, FIND_HELP);
  const nothing = rows.length === 0 ? nothingMatched(query, searched, filteredOut, near, resolved) : [];

  if (output === 'csv') {
    // The entities of the matching rows, with the sections the rows found (not segmented again).
    process.stdout.write(
      writeDocuments(
        'csv',
        matched.map(({ doc, entities }) => ({ ...doc, entities })),
      ),
    );
    for (const line of [...said, ...summary, ...nothing]) console.error(line);
  } else if (output === 'json') {
    const documents = matched.map(({ doc, rows }) => ({
      id: doc.id,
      mentions: rows.map((r) => ({ start: r.start, end: r.end, text: r.text, type: r.type, statuses: r.statuses, ids: r.ids, section: r.section })),
    }));
    const described = inputs.map((i) => ({ path: i.path, kind: i.kind, formats: i.formats }));
    console.log(JSON.stringify({ query, inputs: described, documents, counts }, null, 2));
    for (const line of [...summary, ...nothing]) console.error(line);
  } else {
    for (const line of [...said, ...summary]) console.log(line);
    for (const { doc, rows } of matched) {
      console.log(`\n${doc.id}`);
      for (const r of rows)
        console.log(
          `  ${r.start}-${r.end}  ${JSON.stringify(r.text)}  ${r.type}  ${r.statuses.join(',')}  ${r.section || '(no section)'}${r.ids.length ? `  ${r.ids.join(',')}` : ''}`,
        );
    }
    if (rows.length > 0) console.log(`\n${countLine(counts)}`);
    for (const line of nothing) console.log(line);
  }
  if (deidOut) console.error(deidOut.summary());
  return rows.length > 0 && problems.length === 0 ? 0 : 1;
}

/** With --vocab: the concept that --concept names there, by any of its IDs (its other IDs, its name). */
function resolveConcept(q: Query, vocab: string[] | undefined): Resolved | undefined {
  if (q.concept === undefined || !vocab?.length) return undefined;
  const linking = openLinking(vocab)!;
  try {
    return linking.conceptById(q.concept);
  } finally {
    linking.close();
  }
}

function describe(input: FindInput): string {
  return input.kind === 'annotated'
    ? `Searching ${input.path}: the output of biomed annotate (${input.formats.join(', ')}), read as it is, no model.`
    : `Searching ${input.path}: ${input.formats.join(', ')}, analysed with the model.`;
}

function countLine(c: { documents: number; mentions: number; searched: number; byStatus: Record<string, number> }): string {
  const statuses = Object.entries(c.byStatus)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  return `${plural(c.mentions, 'mention')} in ${plural(c.documents, 'document')} (of ${c.searched} searched): ${statuses}.`;
}

/** What to say when nothing matched: what was asked, a near miss of the filters, the data's closest names. */
function nothingMatched(q: Query, searched: number, filteredOut: Map<string, number>, near: NearNames, resolved?: Resolved): string[] {
  const asked = [q.concept !== undefined ? `--concept ${q.concept}` : '', q.name !== undefined ? `--name "${q.name}"` : ''].filter(Boolean).join(' ');
  const lines = [
    `Nothing matched ${asked}${q.statuses ? ` --status ${q.statuses.join(',')}` : ''}${q.type ? ` --type ${q.type}` : ''} in ${plural(searched, 'document')}.`,
  ];
  if (filteredOut.size > 0) {
    const total = [...filteredOut.values()].reduce((a, b) => a + b, 0);
    const what = [...filteredOut].map(([k, n]) => `${n} ${k}`).join(', ');
    lines.push(`${asked} has ${plural(total, 'mention')}, but none with that status and type: ${what}.`);
    return lines;
  }
  const close = near.near(q, resolved);
  if (close.length > 0) lines.push(`Close to it in the data: ${close.join('; ')}.`);
  return lines;
}
