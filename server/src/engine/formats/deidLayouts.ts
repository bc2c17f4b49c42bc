/**
 * Corpus documents de-identified in their own layout (`biomed deid`): the text replaced as
 * `deid` says, every annotation's offsets moved onto the new text (deidentify.ts mapOffset:
 * an annotation over a replaced span covers the replacement) and every field that quotes
 * the text read again from the new text. The other fields are copied as they are (ids and
 * metadata are not de-identified). This module: the pieces of text a document is made of
 * (PubTator's title and abstract, BioC's passages), JSON lines and PubTator; deidMarkup.ts:
 * BioC JSON and i2b2 XML.
 *
 * Bad input is counted in `skips`, never fatal for the other documents: an annotation past
 * its text or with offsets that are no numbers is dropped; a line that is no document is
 * dropped; annotations overlapping another are kept (each moved) and counted under
 * OVERLAP, which the command says apart from what was dropped.
 */
import { DeidEdit, mapOffset } from '../tasks/phi/deidentify';
import { countSkip, SkipCounts } from './document';

/** A text de-identified: the new text and where each replacement lies (deidentify's result). */
export type DeidText = (text: string) => { text: string; edits: readonly DeidEdit[] };

/** Kept, each moved onto the new text: a count, not a drop. */
export const OVERLAP = 'annotations overlapping another (kept, each moved)';
/** What is dropped says so at its end; the other counts (OVERLAP, records read apart) are said apart. */
export const DROPPED = ' (dropped)';
export const PAST_TEXT = `annotations past the end of their text${DROPPED}`;
export const NO_OFFSETS = `annotations without numeric offsets (or ending before they start)${DROPPED}`;

/** A piece of a document's text at its offset in the document. */
export interface Piece {
  offset: number;
  text: string;
}

/** The pieces of a document de-identified one by one (so no replacement crosses two) and how offsets move. */
export interface Moved {
  /** The new pieces, in the order given, at their new offsets. */
  pieces: Piece[];
  /** The old document's length: the end of its last piece. */
  length: number;
  /** Where an offset of the old document lies in the new one (undefined: not in 0..length). */
  map(offset: number, side: 'start' | 'end'): number | undefined;
  /** The new document text between two new offsets (gaps between pieces are spaces). */
  slice(start: number, end: number): string;
}

export function movePieces(pieces: readonly Piece[], deid: DeidText): Moved {
  const order = pieces.map((p, i) => ({ p, i, r: deid(p.text) })).sort((a, b) => a.p.offset - b.p.offset);
  const out: Piece[] = new Array<Piece>(pieces.length);
  const placed: { offset: number; end: number; newOffset: number; edits: readonly DeidEdit[]; deltaAfter: number }[] = [];
  let delta = 0;
  for (const { p, i, r } of order) {
    const newOffset = p.offset + delta;
    out[i] = { offset: newOffset, text: r.text };
    delta += r.text.length - p.text.length;
    placed.push({ offset: p.offset, end: p.offset + p.text.length, newOffset, edits: r.edits, deltaAfter: delta });
  }
  const length = placed.reduce((m, p) => Math.max(m, p.end), 0);
  let doc: string | undefined;
  const map = (offset: number, side: 'start' | 'end'): number | undefined => {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > length) return undefined;
    let at: (typeof placed)[number] | undefined;
    for (const p of placed) if (p.offset <= offset) at = p;
    if (!at) return offset;
    if (offset <= at.end) return at.newOffset + mapOffset(at.edits, offset - at.offset, side);
    return offset + at.deltaAfter;
  };
  const slice = (start: number, end: number) => {
    if (doc === undefined) {
      const parts: string[] = [];
      let at = 0;
      for (const p of [...out].sort((a, b) => a.offset - b.offset)) {
        if (p.offset > at) parts.push(' '.repeat(p.offset - at));
        parts.push(p.text.slice(Math.max(0, at - p.offset)));
        at = Math.max(at, p.offset + p.text.length);
      }
      doc = parts.join('');
    }
    return doc.slice(start, end);
  };
  return { pieces: out, length, map, slice };
}

/** Moves a span `[start, end)` onto the new text; undefined (counted) when it is past the text or no span. */
export function moveSpan(m: Moved, start: unknown, end: unknown, skips: SkipCounts): { start: number; end: number } | undefined {
  if (typeof start !== 'number' || typeof end !== 'number' || end < start) {
    countSkip(skips, NO_OFFSETS);
    return undefined;
  }
  const s = m.map(start, 'start');
  const e = s === undefined ? undefined : m.map(end, 'end');
  if (s === undefined || e === undefined) {
    countSkip(skips, PAST_TEXT);
    return undefined;
  }
  return { start: s, end: Math.max(s, e) };
}

/** Counts the spans that overlap an earlier one (in start order). */
export function countOverlaps(spans: readonly { start: number; end: number }[], skips: SkipCounts): void {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  let reach = -1;
  for (const s of sorted) {
    if (s.start < reach) countSkip(skips, OVERLAP);
    reach = Math.max(reach, s.end);
  }
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A JSON line of the project's layout (jsonl.ts): the document, or undefined (counted) when it is none. */
export function readJsonlDocument(line: string, skips: SkipCounts): Json | undefined {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    countSkip(skips, 'lines that are not JSON (cut short?) (dropped)');
    return undefined;
  }
  if (!isObj(o) || typeof o.text !== 'string') {
    countSkip(skips, 'lines that are no document (no "text") (dropped)');
    return undefined;
  }
  return o;
}

/**
 * One JSON lines document de-identified: `text`; each entity's `start`, `end` and `text`
 * (one past its text dropped, with the relations naming it); findings' hypothesis and
 * evidence; sentences and their tokens. The line, without its newline.
 */
export function deidJsonlDocument(o: Json, deid: DeidText, skips: SkipCounts): string {
  const m = movePieces([{ offset: 0, text: o.text as string }], deid);
  const copy: Json = { ...o, text: m.pieces[0].text };
  const moveQuoted = (v: unknown): Json | undefined => {
    if (!isObj(v)) return undefined;
    const s = moveSpan(m, v.start, v.end, skips);
    if (!s) return undefined;
    return { ...v, start: s.start, end: s.end, ...('text' in v ? { text: m.slice(s.start, s.end) } : {}) };
  };
  if (Array.isArray(o.entities)) {
    const moved = o.entities.map(moveQuoted);
    countOverlaps(o.entities.filter((e, i) => moved[i]) as { start: number; end: number }[], skips);
    const dropped = new Set(o.entities.filter((e, i) => !moved[i] && isObj(e)).map((e) => String((e as Json).id)));
    copy.entities = moved.filter((e) => e !== undefined);
    if (Array.isArray(o.relations) && dropped.size) {
      copy.relations = o.relations.filter((r) => {
        const gone = isObj(r) && (dropped.has(String(r.head)) || dropped.has(String(r.tail)));
        if (gone) countSkip(skips, 'relations of a dropped annotation (dropped)');
        return !gone;
      });
    }
  }
  if (Array.isArray(o.findings))
    copy.findings = o.findings.filter(isObj).flatMap((f) => {
      const hypothesis = moveQuoted(f.hypothesis);
      if (!hypothesis) return [];
      return [
        {
          ...f,
          hypothesis,
          evidence: list(f.evidence)
            .map(moveQuoted)
            .filter((e) => e !== undefined),
        },
      ];
    });
  if (Array.isArray(o.sentences))
    copy.sentences = o.sentences.filter(isObj).flatMap((s) => {
      const span = moveSpan(m, s.start, s.end, skips);
      if (!span) return [];
      return [{ ...s, ...span, ...(Array.isArray(s.tokens) ? { tokens: s.tokens.map(moveQuoted).filter((t) => t !== undefined) } : {}) }];
    });
  return JSON.stringify(copy);
}

/** The id of a JSON lines document: `id` (a string or number), else its line number from 1, as `biomed annotate` reads it. */
export function jsonlId(o: Json, lineNo: number): string {
  return typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : String(lineNo);
}

/** The patient a JSON lines document names: `patient`, else `infons.patient` (a string or number). */
export function jsonlPatient(o: Json): string | undefined {
  const p = o.patient ?? (isObj(o.infons) ? o.infons.patient : undefined);
  return typeof p === 'string' || typeof p === 'number' ? String(p) : undefined;
}

const TITLE = /^([^|\t]*)\|t\|(.*)$/s;
const ABSTRACT = /^([^|\t]*)\|a\|(.*)$/s;

/** A PubTator record: its PMID and lines. */
export interface PubTatorRecord {
  id: string;
  lines: string[];
}

/**
 * The records of a PubTator file: the lines up to a blank line; a title line after another
 * record's lines also starts a record (the blank line missing: counted, read apart); lines
 * before any title are dropped (counted).
 */
export function splitPubTator(text: string, skips: SkipCounts): PubTatorRecord[] {
  const records: PubTatorRecord[] = [];
  let cur: PubTatorRecord | undefined;
  for (const line of (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/)) {
    if (line.trim() === '') {
      cur = undefined;
      continue;
    }
    const t = TITLE.exec(line);
    if (t) {
      if (cur) countSkip(skips, 'records not ended by a blank line (read apart)');
      records.push((cur = { id: t[1], lines: [line] }));
    } else if (cur) cur.lines.push(line);
    else countSkip(skips, 'lines before any title (dropped)');
  }
  return records;
}

/**
 * A PubTator record de-identified: title and abstract (offsets count over title + ' ' +
 * abstract), each mention's offsets and text; relation lines kept; a mention line cut
 * short (no type column) or past the text dropped. The record's lines, each ending in `\n`.
 */
export function deidPubTatorRecord(r: PubTatorRecord, deid: DeidText, skips: SkipCounts): string {
  const title = TITLE.exec(r.lines[0])?.[2] ?? '';
  const abstractLine = r.lines.slice(1).find((l) => ABSTRACT.test(l));
  const abstract = abstractLine !== undefined ? ABSTRACT.exec(abstractLine)![2] : undefined;
  const m = movePieces(
    abstract !== undefined
      ? [
          { offset: 0, text: title },
          { offset: title.length + 1, text: abstract },
        ]
      : [{ offset: 0, text: title }],
    deid,
  );
  const out = [`${r.id}|t|${m.pieces[0].text}`, ...(abstract !== undefined ? [`${r.id}|a|${m.pieces[1].text}`] : [])];
  const mentions: { start: number; end: number }[] = [];
  const rest: string[] = [];
  for (const line of r.lines.slice(1)) {
    if (line === abstractLine) continue;
    const f = line.split('\t');
    if (f.length >= 3 && /^\d+$/.test(f[1]) && /^\d+$/.test(f[2])) {
      if (f.length < 5) {
        countSkip(skips, 'mention lines cut short (dropped)');
        continue;
      }
      const s = moveSpan(m, +f[1], +f[2], skips);
      if (s) mentions.push({ start: +f[1], end: +f[2] });
      if (s) rest.push([f[0], s.start, s.end, m.slice(s.start, s.end), ...f.slice(4)].join('\t'));
    } else if (f.length >= 4) rest.push(line);
    else countSkip(skips, 'lines that are no title, abstract, mention nor relation (dropped)');
  }
  countOverlaps(mentions, skips);
  return [...out, ...rest].map((l) => `${l}\n`).join('');
}
