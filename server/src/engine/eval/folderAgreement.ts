/**
 * Two annotators' BRAT folders compared (`biomed agreement`): the `.ann` files of the same
 * name in both, each pair read against the note beside the `.ann` in A (counted as the editor
 * counts it or, with a byte order mark, as brat does: formats/bratDocument.ts's
 * readBratFile), B's own note, where it has one, required to hold the same text; B's
 * entities scored against A's by the one agreement scorer (agreement.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBratDocument, readBratFile } from '../formats/bratDocument';
import type { SkipCounts } from '../formats/document';
import { noteBeside, NoteReadError, readNoteText } from '../noteFiles';
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
    let textB: string | undefined;
    try {
      const noteB = noteBeside(path.join(b, name));
      textB = noteB === undefined ? undefined : readNoteText(noteB);
    } catch (err) {
      if (!(err instanceof NoteReadError)) throw err;
      failed.push(`${name}: ${err.message}`);
      continue;
    }
    if (textB !== undefined && textB !== readA.document.text.replace(/^\uFEFF/, '')) {
      failed.push(`${name}: the text in ${b} is not the text in ${a}; the offsets cannot be compared`);
      continue;
    }
    onSkips(fileA, readA.skips);
    const text = readA.document.text;
    const fileB = path.join(b, name + '.ann');
    const readB = parseBratDocument(name, text, fs.readFileSync(fileB, 'utf8'));
    onSkips(fileB, readB.skips);
    scorer.add(name, text, readA.document.entities, readB.document.entities);
  }
  return {
    ...scorer.result(),
    onlyInA: inA.filter((n) => !inB.has(n)),
    onlyInB: [...inB].filter((n) => !setA.has(n)),
    failed,
  };
}
