/**
 * Mentions as rows (`biomed annotate --format csv`, `biomed find`): one row per entity, for a
 * table a researcher loads into pandas or R. RFC 4180: a header row, fields holding a comma,
 * a quote, CR or LF quoted with their quotes doubled, CRLF after every row (a line break
 * inside a quoted text stays as written), UTF-8 without a byte order mark. Columns:
 * document, start, end, text, type, statuses, ids, section. Offsets are those of the JSON
 * output: UTF-16 code units (JS string indices) into the document's text, end exclusive.
 * Statuses and concept IDs are joined with `;` in one field; an entity with no status set
 * is `affirmed`. Where any document's answers were recorded ones (engine recorded, no
 * model), a ninth column `answers` says `recorded` (or `model`) on every row. Writing only: a CSV holds no text, so it is never read back as documents.
 */
import { segment } from '../text/segment';
import { sectionAt } from '../text/sections';
import { AnnotatedDocument, statusesOf } from './document';

/** A mention as find reports it and the CSV writes it (`names`: its concepts' names, not a column). */
export interface MentionRow {
  document: string;
  start: number;
  end: number;
  text: string;
  type: string;
  /** The statuses set, or ['affirmed'] when none is. */
  statuses: string[];
  ids: string[];
  /** The concepts' other IDs (not a column): a search by any of a concept's IDs finds the mention. */
  altIds: string[];
  names: string[];
  /** '' before any header. */
  section: string;
  /** The answers were recorded ones (engine recorded), no model's. */
  recorded?: boolean;
}

export const CSV_COLUMNS = ['document', 'start', 'end', 'text', 'type', 'statuses', 'ids', 'section'] as const;

/**
 * The document's entities as rows, in the document's order. An entity whose source gave no
 * section (BRAT, BioC, JSON written before sections were) takes the one the engine's
 * segmenter finds in the text, as annotate's analysis does; the text is segmented once, and
 * only then.
 */
export function mentionRows(doc: AnnotatedDocument): MentionRow[] {
  let segments: ReturnType<typeof segment> | undefined;
  return doc.entities.map((e) => {
    const statuses: string[] = statusesOf(e);
    return {
      document: doc.id,
      start: e.start,
      end: e.end,
      text: e.text,
      type: e.type,
      statuses: statuses.length ? statuses : ['affirmed'],
      ids: e.ids ?? [],
      altIds: (e.concepts ?? []).flatMap((c) => c.altIds ?? []),
      names: (e.concepts ?? []).map((c) => c.name),
      section: e.section ?? sectionAt((segments ??= segment(doc.text)), e.start) ?? '',
      ...(doc.recorded ? { recorded: true } : {}),
    };
  });
}

/** A field as RFC 4180 writes it. */
function field(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function line(values: (string | number)[]): string {
  return values.map(field).join(',') + '\r\n';
}

/** The rows as CSV text, the header first (no documents: the header alone). */
export function writeCsvRows(rows: readonly MentionRow[], marked = rows.some((r) => r.recorded)): string {
  const answers = (r: MentionRow) => (marked ? [r.recorded ? 'recorded' : 'model'] : []);
  return (
    line([...CSV_COLUMNS, ...(marked ? ['answers'] : [])]) +
    rows.map((r) => line([r.document, r.start, r.end, r.text, r.type, r.statuses.join(';'), r.ids.join(';'), r.section, ...answers(r)])).join('')
  );
}

/** The documents' entities as CSV. */
export function writeCsv(docs: readonly AnnotatedDocument[]): string {
  return writeCsvRows(
    docs.flatMap(mentionRows),
    docs.some((d) => d.recorded),
  );
}
