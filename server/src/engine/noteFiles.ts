/**
 * Which files are notes: what `biomed annotate` reads from a folder, and the text a curated
 * `.ann` is read against (few-shot examples, `biomed export`, `biomed agreement`). One list,
 * so that a note curated in the editor is found by every tool (agreement once missed `.md`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * In lookup order: when several notes share a name, `.txt` (BRAT's own text file, what
 * `biomed annotate --format brat` writes) is the one an `.ann` is read against.
 */
export const NOTE_EXTENSIONS: readonly string[] = ['.txt', '.note', '.md'];

/** Whether `file`'s name ends in a note extension. */
export function isNoteFile(file: string): boolean {
  return NOTE_EXTENSIONS.includes(path.extname(file));
}

/** The note beside `stem` (a path without its extension, e.g. an `.ann`'s): the first of NOTE_EXTENSIONS that exists. */
export function noteBeside(stem: string): string | undefined {
  return NOTE_EXTENSIONS.map((x) => stem + x).find((p) => fs.existsSync(p));
}
