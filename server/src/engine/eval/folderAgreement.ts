/**
 * Two annotators' BRAT folders compared (`biomed agreement`): the `.ann` files of the same
 * name in both, each pair read against the note beside the `.ann` in A (counted as the editor
 * counts it or, with a byte order mark, as brat does: formats/bratDocument.ts's
 * readBratFile), B's own note, where it has one, required to hold the same text (or the same
 * but for line endings and a byte order mark: one annotator on Windows, one elsewhere, when B's
 * offsets are moved onto A's text); B's entities scored against A's by the one agreement
 * scorer (agreement.ts). Either `.ann` may count its offsets in UTF-16 units or code points.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBratDocumentOf, readBratFile } from '../formats/bratDocument';
import type { SkipCounts } from '../formats/document';
import { bratTextsBeside, NoteReadError } from '../noteFiles';
import { AgreementScorer } from './agreement';

export interface FolderAgreement extends ReturnType<AgreementScorer['result']> {
  /** `.ann` names (without the extension) found only in A, or only in B: not scored. */
  onlyInA: string[];
  onlyInB: string[];
  /** One line per pair that could not be compared (no note, a note that is not text, different texts). */
  failed: string[];
}

const annNames = (folder: string) =>
  fs
    .readdirSync(folder)
    .filter((n) => n.endsWith('.ann'))
    .map((n) => n.slice(0, -4))
    .sort();

/** Agreement of the annotations of folder B against those of folder A; `onSkips` hears of the lines a reader skipped, per `.ann` file. */
export function compareBratFolders(a: string, b: string, onSkips: (file: string, skips: SkipCounts) => void = () => {}): FolderAgreement {
  const inA = annNames(a);
  const inB = new Set(annNames(b));
  const setA = new Set(inA);
  const scorer = new AgreementScorer();
  const failed: string[] = [];
  for (const name of inA.filter((n) => inB.has(n))) {
    const fileA = path.join(a, name + '.ann');
    const readA = readBratFile(fileA, name);
    if (readA.problem !== undefined) {
      failed.push(`${name}: ${readA.problem} in ${a}`);
      continue;
    }
    let textsB: string[] | undefined;
    try {
      textsB = bratTextsBeside(path.join(b, name));
    } catch (err) {
      if (!(err instanceof NoteReadError)) throw err;
      failed.push(`${name}: ${err.message}`);
      continue;
    }
    const text = readA.document.text;
    if (textsB !== undefined && canonical(textsB[0]) !== canonical(text)) {
      failed.push(`${name}: the text in ${b} is not the text in ${a} (not only in line endings); the offsets cannot be compared`);
      continue;
    }
    onSkips(fileA, readA.skips);
    const fileB = path.join(b, name + '.ann');
    // B's offsets count in B's own text (with its byte order mark or without), or in A's
    // when B has no note; moved onto A's where that text is another (line endings, a BOM).
    const textsOfB = textsB ?? [...new Set([text, text.replace(/^\uFEFF/, '')])];
    const readB = parseBratDocumentOf(name, textsOfB, fs.readFileSync(fileB, 'utf8'));
    onSkips(fileB, readB.skips);
    const entitiesB = readB.document.text === text ? readB.document.entities : moveOnto(readB.document.entities, readB.document.text, text);
    scorer.add(name, text, readA.document.entities, entitiesB);
  }
  return {
    ...scorer.result(),
    onlyInA: inA.filter((n) => !inB.has(n)),
    onlyInB: [...inB].filter((n) => !setA.has(n)),
    failed,
  };
}

/** A text as both annotators read it: no byte order mark, every line break one `\n`. */
const canonical = (text: string) => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

/** Whether `text[i]` is left out of the canonical text (a BOM at the start, the `\r` of `\r\n`). */
const dropped = (text: string, i: number) => (i === 0 && text[0] === '\uFEFF') || (text[i] === '\r' && text[i + 1] === '\n');

/**
 * Entities offset into `from`, moved onto `to` (the same canonical text): a start goes to the
 * character it starts at, an end to just after the character it ends with, so a span never
 * takes in the `\r` of a line break it does not cross.
 */
function moveOnto<E extends { start: number; end: number }>(entities: readonly E[], from: string, to: string): E[] {
  // before[i]: the canonical characters before from[i]; kept[k]: where canonical character k is in `to`.
  const before = new Int32Array(from.length + 1);
  for (let i = 0; i < from.length; i++) before[i + 1] = before[i] + (dropped(from, i) ? 0 : 1);
  const kept: number[] = [];
  for (let i = 0; i < to.length; i++) if (!dropped(to, i)) kept.push(i);
  const start = (o: number) => kept[before[o]] ?? to.length;
  const end = (o: number) => (before[o] === 0 ? 0 : kept[before[o] - 1] + 1);
  return entities.map((e) => ({ ...e, start: start(e.start), end: Math.max(start(e.start), end(e.end)) }));
}
