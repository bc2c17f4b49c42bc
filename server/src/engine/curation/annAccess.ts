/**
 * Reading and guarding a note's `.ann` (store.ts): which note owns it, its bytes as text,
 * and the reasons a write of it is refused before anything on disk changes.
 */
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WriteRefusedError } from '../atomicWrite';
import { isOutputFile, noteBeside } from '../noteFiles';

/** `note.ext` → `note.ann` beside it. */
export function annPathOf(notePath: string): string {
  const ext = path.extname(notePath);
  return (ext ? notePath.slice(0, -ext.length) : notePath) + '.ann';
}

/**
 * Why `notePath` may not keep its curation in its `.ann`, or undefined. A curation or output
 * file is no note (`x.ann`'s store would be itself). BRAT names an `.ann` after its note's
 * stem, so `a.txt` and `a.note` would share `a.ann` and each rewrite the other's offsets: the
 * `.ann` belongs to the note every tool reads it against (noteBeside: `.txt`, then `.note`,
 * then `.md`), and another note of that name is refused.
 */
export function ownerConflict(notePath: string): string | undefined {
  if (isOutputFile(notePath)) return `${notePath}: a curation or output file, not a note; it is not curated`;
  const ann = annPathOf(notePath);
  const owner = noteBeside(ann.slice(0, -'.ann'.length));
  if (owner === undefined || path.resolve(owner) === path.resolve(notePath)) return undefined;
  return `${notePath}: not curated: ${ann} belongs to ${owner} (two notes with one name would share one .ann); rename one of them`;
}

/** The `.ann`'s text, undefined when there is none; `invalid` says why its bytes are not valid UTF-8. */
export function readAnn(annPath: string): { text: string | undefined; invalid?: string } {
  let data: Buffer;
  try {
    data = fs.readFileSync(annPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { text: undefined };
    throw err;
  }
  const text = data.toString('utf8');
  if (isUtf8(data)) return { text };
  // The first byte decoding replaced with U+FFFD.
  const again = Buffer.from(text, 'utf8');
  let at = 0;
  while (at < data.length && data[at] === again[at]) at++;
  return { text, invalid: `not valid UTF-8 (byte 0x${data[at].toString(16).padStart(2, '0')} at byte ${at})` };
}

/** Refuses a write that would lose bytes or give the file to the wrong note (WriteRefusedError). */
export function refuseWrite(annPath: string, notePath: string, invalid: string | undefined): void {
  if (invalid) throw new WriteRefusedError(`${annPath}: ${invalid}; not written, so that its bytes are not lost: save it as UTF-8`);
  const conflict = ownerConflict(notePath);
  if (conflict) throw new WriteRefusedError(conflict);
}
