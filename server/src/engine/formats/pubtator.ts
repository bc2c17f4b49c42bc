/**
 * PubTator: per document a title line `PMID|t|title`, an abstract line `PMID|a|abstract`,
 * then one line per mention `PMID\tstart\tend\tmention\tType\tID` and relation lines
 * `PMID\tCID\tID1\tID2`; a blank line ends a document. Offsets count over
 * title + ' ' + abstract, UTF-16 code units (JS string indices), end exclusive.
 *
 * Reading:
 * - document text = title + ' ' + abstract (just the title when the abstract is empty or
 *   missing); `infons.title_length` holds the title's length, which the writer uses to cut
 *   the text back into title and abstract.
 * - entities get ids `T1`, `T2`, ... in file order; `text` is the mention as written in the
 *   file; `type` as written. The ID column is split on `|` and `,` into `ids`; a missing,
 *   empty or `-1` ID gives no `ids`. Composite ids joined with `+` (NCBI Disease) stay one id.
 * - when the ID column is not exactly what the writer would produce from `ids` (ids joined
 *   with `|`, no column without ids) — a leading space, `,` separators, `-1` — the column is
 *   kept verbatim in `infons['pubtator_id.<entity id>']`, so that reading then writing a
 *   file reproduces its lines. The writer uses it only while it still parses to the
 *   entity's `ids`.
 * - a relation line becomes a relation (`R1`, ... ; label = the second column) from the
 *   FIRST entity holding ID1 to the FIRST entity holding ID2 (PubTator relations are between
 *   concepts, not mentions). A relation whose ids no entity holds is not lost: its columns
 *   after the PMID (`CID\tID1\tID2`) are kept, one per line, in
 *   `infons.pubtator_unmapped_relations`, and written back after the mapped ones.
 * - malformed lines (bad offsets, offsets outside the text, a PMID other than the
 *   document's, annotation lines before any title) are skipped and counted.
 *
 * A document whose answers were recorded ones (engine recorded, no model) has a third line
 * `PMID|recorded|answers recorded for the bundled examples, not a model's` after its title and
 * abstract; read back, it sets `recorded`. (PubTator has no place for a mark; a reader that
 * knows only `|t|`, `|a|` and tab-separated lines skips a line of neither.)
 *
 * Writing: line breaks and tabs inside the text, mentions and types are written as spaces
 * (one space per code unit, so offsets stay valid); `\n` line ends; documents separated by
 * a blank line; a trailing newline. A relation is written with the first id of each entity
 * (or the concept ids it was read with, kept in `infons['pubtator_relation.<relation id>']`
 * when they differ); relations whose entities have no ids cannot be written and are left out.
 */
import { AnnotatedDocument, countSkip, DocEntity, DocRelation, SkipCounts, totalSkipped } from './document';

export interface PubTatorReadResult {
  documents: AnnotatedDocument[];
  /** Malformed lines skipped. */
  skipped: number;
  /** The skipped lines by reason: bad offset, text mismatch, truncated line, stray line, misplaced abstract, malformed line. */
  skips: SkipCounts;
}

export const TITLE_LENGTH = 'title_length';
export const UNMAPPED_RELATIONS = 'pubtator_unmapped_relations';
const ID_FIELD = 'pubtator_id.';
const RELATION_IDS = 'pubtator_relation.';

const TITLE = /^([^|\t]*)\|t\|(.*)$/s;
const ABSTRACT = /^([^|\t]*)\|a\|(.*)$/s;
const RECORDED = /^([^|\t]*)\|recorded\|/;
const RECORDED_LINE = "answers recorded for the bundled examples, not a model's";
const INT = /^\d+$/;

/** Splits an ID column into ids; none for missing, empty or `-1`. */
function splitIds(field: string | undefined): string[] | undefined {
  if (field === undefined) return undefined;
  const ids = field
    .split(/[|,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== '-1');
  return ids.length ? ids : undefined;
}

function sameIds(a: string[] | undefined, b: string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The ID column the writer produces for these ids (undefined: no column). */
function idColumn(ids: string[] | undefined): string | undefined {
  return ids && ids.length ? ids.join('|') : undefined;
}

interface Building {
  id: string;
  title: string;
  abstract?: string;
  entityLines: string[][];
  relationLines: string[][];
  recorded?: boolean;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function finish(b: Building, skips: SkipCounts): AnnotatedDocument {
  const text = b.abstract ? `${b.title} ${b.abstract}` : b.title;
  const infons: Record<string, string> = { [TITLE_LENGTH]: String(b.title.length) };
  const entities: DocEntity[] = [];
  for (const f of b.entityLines) {
    const start = Number(f[1]);
    const end = Number(f[2]);
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start || end > text.length) {
      countSkip(skips, 'bad offset');
      continue;
    }
    // The mention column must be the text at the offsets (line breaks and tabs written as spaces).
    if (f[3] !== undefined && squash(f[3]) !== squash(text.slice(start, end))) {
      countSkip(skips, 'text mismatch');
      continue;
    }
    const e: DocEntity = { id: `T${entities.length + 1}`, type: f[4] ?? '', start, end, text: f[3] };
    const ids = splitIds(f[5]);
    if (ids) e.ids = ids;
    if (f[5] !== idColumn(ids)) infons[ID_FIELD + e.id] = f[5] ?? '';
    entities.push(e);
  }
  const firstWith = (id: string) => entities.find((e) => e.ids?.includes(id));
  const relations: DocRelation[] = [];
  const unmapped: string[] = [];
  for (const f of b.relationLines) {
    const head = firstWith(f[2]);
    const tail = firstWith(f[3]);
    if (!head || !tail) {
      unmapped.push(f.slice(1).join('\t'));
      continue;
    }
    const r: DocRelation = { id: `R${relations.length + 1}`, label: f[1], head: head.id, tail: tail.id };
    relations.push(r);
    if (relationIds(r, entities)?.join('\t') !== `${f[2]}\t${f[3]}`) infons[RELATION_IDS + r.id] = `${f[2]}\t${f[3]}`;
  }
  if (unmapped.length) infons[UNMAPPED_RELATIONS] = unmapped.join('\n');
  const doc: AnnotatedDocument = { id: b.id, text, entities, relations, infons };
  if (b.recorded) doc.recorded = true;
  return doc;
}

/** Parses a PubTator file's text, counting the malformed lines it skips. */
export function parsePubTator(text: string): PubTatorReadResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const documents: AnnotatedDocument[] = [];
  const skips: SkipCounts = {};
  let cur: Building | undefined;
  const end = () => {
    if (cur) documents.push(finish(cur, skips));
    cur = undefined;
  };
  for (const line of body.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') {
      end();
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = TITLE.exec(line))) {
      end();
      cur = { id: m[1].trim(), title: m[2], entityLines: [], relationLines: [] };
      continue;
    }
    if ((m = ABSTRACT.exec(line))) {
      const id = m[1].trim();
      if (cur && cur.abstract === undefined && id === cur.id && cur.entityLines.length === 0) cur.abstract = m[2];
      else if (cur?.id === id) countSkip(skips, 'misplaced abstract');
      else {
        // A record with no title line: its title is empty, and its abstract starts at offset 1 as PubTator counts.
        end();
        cur = { id, title: '', abstract: m[2], entityLines: [], relationLines: [] };
      }
      continue;
    }
    if ((m = RECORDED.exec(line)) && cur && m[1].trim() === cur.id) {
      cur.recorded = true;
      continue;
    }
    const f = line.split('\t');
    if (!cur || f[0].trim() !== cur.id) {
      countSkip(skips, 'stray line');
      continue;
    }
    if (f.length >= 5 && f.length <= 6 && INT.test(f[1]) && INT.test(f[2])) cur.entityLines.push(f);
    else if (f.length === 4 && !INT.test(f[1]) && f[1] !== '' && f[2] !== '' && f[3] !== '') cur.relationLines.push(f);
    else if (f.length >= 5 && f.length <= 6) countSkip(skips, 'bad offset');
    else if (f.length < 5) countSkip(skips, 'truncated line');
    else countSkip(skips, 'malformed line');
  }
  end();
  return { documents, skipped: totalSkipped(skips), skips };
}

/** The documents of a PubTator file's text; malformed lines are skipped. */
export function readPubTator(text: string): AnnotatedDocument[] {
  return parsePubTator(text).documents;
}

/** The concept ids the writer gives a relation by default: the first id of each entity. */
function relationIds(r: DocRelation, entities: DocEntity[]): [string, string] | undefined {
  const head = entities.find((e) => e.id === r.head)?.ids?.[0];
  const tail = entities.find((e) => e.id === r.tail)?.ids?.[0];
  return head !== undefined && tail !== undefined ? [head, tail] : undefined;
}

/** One line of PubTator: each line break, tab or separator a space, so offsets into the text hold. */
const oneLine = (s: string) => s.replace(/[\r\n\t\u2028\u2029]/g, ' ');

function titleLength(doc: AnnotatedDocument): number {
  const raw = doc.infons?.[TITLE_LENGTH];
  const n = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (Number.isSafeInteger(n) && (n === doc.text.length || (n < doc.text.length && doc.text[n] === ' '))) return n;
  return doc.text.length;
}

/** A PubTator file holding the documents. */
export function writePubTator(docs: AnnotatedDocument[]): string {
  const blocks: string[] = [];
  for (const doc of docs) {
    const pmid = oneLine(doc.id);
    const infons = doc.infons ?? {};
    const tl = titleLength(doc);
    const lines = [`${pmid}|t|${oneLine(doc.text.slice(0, tl))}`, `${pmid}|a|${oneLine(doc.text.slice(tl + 1))}`];
    if (doc.recorded) lines.push(`${pmid}|recorded|${RECORDED_LINE}`);
    for (const e of doc.entities) {
      const kept = infons[ID_FIELD + e.id];
      const column = kept !== undefined && sameIds(splitIds(kept), e.ids) ? kept : idColumn(e.ids);
      const cols = [pmid, String(e.start), String(e.end), oneLine(e.text), oneLine(e.type)];
      if (column !== undefined) cols.push(oneLine(column));
      lines.push(cols.join('\t'));
    }
    for (const r of doc.relations) {
      const byDefault = relationIds(r, doc.entities);
      const kept = infons[RELATION_IDS + r.id]?.split('\t');
      const head = doc.entities.find((e) => e.id === r.head);
      const tail = doc.entities.find((e) => e.id === r.tail);
      const ids = kept && kept.length === 2 && head?.ids?.includes(kept[0]) && tail?.ids?.includes(kept[1]) ? kept : byDefault;
      if (!ids) continue;
      lines.push([pmid, oneLine(r.label), oneLine(ids[0]), oneLine(ids[1])].join('\t'));
    }
    const unmapped = infons[UNMAPPED_RELATIONS];
    if (unmapped) for (const u of unmapped.split('\n')) if (u.trim() !== '') lines.push(`${pmid}\t${u}`);
    blocks.push(lines.join('\n'));
  }
  return blocks.length ? blocks.join('\n\n') + '\n' : '';
}
