/**
 * `biomed eval link --errors FILE`: the records of the mentions linked wrong or left unlinked
 * (engine/eval/linkErrors.ts) written as JSON Lines, or as TSV when FILE ends with `.tsv`;
 * atomically, so an interrupted run leaves the old file or none.
 */
import { linking } from '../../engine';
import { writeAtomically } from '../annotateOutputs';

/** One record of the engine's (engine/eval/linkErrors.ts), as evaluateLinking gives it with `errors`. */
type LinkErrorRecord = NonNullable<Awaited<ReturnType<typeof linking.evaluateLinking>>['errors']>[number];

/** What the TSV layout says for a gold ID the vocabulary lacks (JSON Lines: an empty name). */
export const NOT_IN_VOCABULARY = '(not in the vocabulary)';

/** One JSON object a line: a gold name the vocabulary lacks is "", an unlinked mention's score and an absent tie (and its why) are null. */
function jsonLines(records: readonly LinkErrorRecord[]): string {
  return records
    .map(
      (r) =>
        JSON.stringify({
          document: r.document,
          start: r.start,
          end: r.end,
          text: r.text,
          type: r.type,
          gold: r.gold.map((g) => ({ id: g.id, name: g.name ?? '' })),
          chosen: r.chosen,
          method: r.method,
          score: r.score ?? null,
          tie: r.tie ?? null,
          why: r.why ?? null,
          candidates: r.candidates,
          error: r.error,
        }) + '\n',
    )
    .join('');
}

export const TSV_HEADER = [
  'document',
  'start',
  'end',
  'text',
  'type',
  'gold',
  'gold name',
  'chosen',
  'chosen name',
  'method',
  'score',
  'tie',
  'why',
  'candidates',
  'error',
];

/** A cell holds no tab or line break. */
const cell = (value: string | number | undefined) => (value === undefined ? '' : String(value).replace(/[\t\r\n]+/g, ' '));

/** A header row, then a row a mention; a composite's IDs and names joined by `|`, the candidates as `ID name (score); ...`. */
function tsv(records: readonly LinkErrorRecord[]): string {
  const rows = records.map((r) => [
    r.document,
    r.start,
    r.end,
    r.text,
    r.type,
    r.gold.map((g) => g.id).join('|'),
    r.gold.map((g) => g.name ?? NOT_IN_VOCABULARY).join('|'),
    r.chosen.map((c) => c.id).join('|'),
    r.chosen.map((c) => c.name).join('|'),
    r.method,
    r.score,
    r.tie,
    r.why,
    r.candidates.map((c) => `${c.id} ${c.name} (${c.score})`).join('; '),
    r.error,
  ]);
  return [TSV_HEADER, ...rows].map((row) => row.map(cell).join('\t') + '\n').join('');
}

/** Writes the records to `file`: TSV when its name ends with `.tsv`, else JSON Lines. */
export function writeLinkErrors(file: string, records: readonly LinkErrorRecord[]): void {
  writeAtomically(file, /\.tsv$/i.test(file) ? tsv(records) : jsonLines(records));
}
