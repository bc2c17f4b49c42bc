/**
 * Which files are notes: what `biomed annotate` reads from a folder, and the text a curated
 * `.ann` is read against (few-shot examples, `biomed export`, `biomed agreement`). One list,
 * so that a note curated in the editor is found by every tool (agreement once missed `.md`).
 */
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from './errors';

/**
 * In lookup order: when several notes share a name, `.txt` (BRAT's own text file, what
 * `biomed annotate --format brat` writes) is the one an `.ann` is read against.
 */
export const NOTE_EXTENSIONS: readonly string[] = ['.txt', '.note', '.md'];

/** Whether `file`'s name ends in a note extension. */
export function isNoteFile(file: string): boolean {
  return NOTE_EXTENSIONS.includes(path.extname(file));
}

/**
 * A folder's own documentation (README.md, CHANGELOG.md, LICENSE.txt, ...): a note's
 * extension, but not a note, so a run over a folder of notes (`biomed annotate examples/`)
 * leaves it out. Named on its own, such a file is still read.
 */
const FOLDER_DOCUMENTATION =
  /^(readme|changelog|changes|history|license|licence|copying|notice|authors|contributors|contributing|code_of_conduct|security)(\.[^.]+)?$/i;

/** Whether `name` (a file name in a folder of notes) is a note: a note extension, and not the folder's documentation. */
export function isNoteInFolder(name: string): boolean {
  return isNoteFile(name) && !FOLDER_DOCUMENTATION.test(path.basename(name));
}

/**
 * Files this project writes, which are never notes, whatever language the editor gives them:
 * the curation store and BRAT output (`.ann`), the other `biomed annotate` outputs and the
 * atomic writes' temporary files. Analysing one (and curating it: `x.ann`'s store is itself)
 * would rewrite it behind the editor.
 */
export const OUTPUT_EXTENSIONS: readonly string[] = ['.ann', '.json', '.jsonl', '.pubtator', '.tmp'];

/** Whether `file` is a curation or output file (OUTPUT_EXTENSIONS), never a note. */
export function isOutputFile(file: string): boolean {
  return OUTPUT_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** The note beside `stem` (a path without its extension, e.g. an `.ann`'s): the first of NOTE_EXTENSIONS that exists. */
export function noteBeside(stem: string): string | undefined {
  return NOTE_EXTENSIONS.map((x) => stem + x).find((p) => fs.existsSync(p));
}

/** The names a note of `name` may have, for messages: "a.txt, a.note, a.md". */
export function noteNames(name: string): string {
  return NOTE_EXTENSIONS.map((x) => name + x).join(', ');
}

/** A note that cannot be read as text; the message names the file and says why. */
export class NoteReadError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'NoteReadError';
  }
}

/**
 * A note's text as the editor shows it: UTF-8, or UTF-16 with a byte order mark (Windows'
 * "Unicode"), the mark dropped (VS Code hides it, so the offsets of a curated .ann do not
 * count it). Refused with a NoteReadError: a file with NUL bytes (binary), invalid UTF-8
 * (guessing another encoding would silently change the text and its offsets), a file that
 * cannot be read (gone since it was listed, no permission).
 */
export function readNoteText(file: string): string {
  return readNote(file).text;
}

/** readNoteText, and whether the file began with a UTF-8 byte order mark (see bratTexts). */
export function readNote(file: string): { text: string; bom: boolean } {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file: removed since it was listed, or a broken link'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'a folder'
            : (err as Error).message;
    throw new NoteReadError(`${file}: cannot be read (${why})`);
  }
  if ((data[0] === 0xff && data[1] === 0xfe && data[2] === 0 && data[3] === 0) || (data[0] === 0 && data[1] === 0 && data[2] === 0xfe && data[3] === 0xff)) {
    throw new NoteReadError(`${file}: UTF-32 text, which is not read; save it as UTF-8`);
  }
  const utf16 = data[0] === 0xff && data[1] === 0xfe ? 'utf-16le' : data[0] === 0xfe && data[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) {
    let text: string;
    try {
      text = new TextDecoder(utf16, { fatal: true, ignoreBOM: true }).decode(data.subarray(2));
    } catch {
      throw new NoteReadError(`${file}: not valid ${utf16.toUpperCase()} text (it starts with a ${utf16.toUpperCase()} byte order mark)`);
    }
    if (text.includes('\u0000')) throw new NoteReadError(`${file}: not a text file (it holds NUL characters)`);
    return { text, bom: false };
  }
  // NUL padding after the text (some EHR exports, preallocated files) is no part of it.
  let end = data.length;
  while (end > 0 && data[end - 1] === 0) end--;
  const nul = data.subarray(0, end).indexOf(0);
  if (nul >= 0) throw new NoteReadError(`${file}: not a text file (a NUL byte at byte ${nul}): binary, or UTF-16 without a byte order mark`);
  const bom = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
  const from = bom ? 3 : 0;
  const body = data.subarray(from, end);
  if (!isUtf8(body)) {
    // Refused, so the cost of finding where: the first byte that decoding replaced with U+FFFD.
    const again = Buffer.from(body.toString('utf8'), 'utf8');
    let at = 0;
    while (at < body.length && body[at] === again[at]) at++;
    const line = body.subarray(0, at).toString('utf8').split('\n').length;
    throw new NoteReadError(`${file}: not valid UTF-8 (byte 0x${body[at].toString(16).padStart(2, '0')} at byte ${at + from}, line ${line}); save it as UTF-8`);
  }
  return { text: body.toString('utf8'), bom };
}

/**
 * The texts a BRAT `.ann` beside `file` may count its offsets in: the note as the editor
 * shows it, and, for a file with a UTF-8 byte order mark, also with the mark as its first
 * character (brat itself counts it; the editor and this project's curation do not). The
 * reader keeps the one the `.ann`'s entity texts match.
 */
export function bratTexts(file: string): string[] {
  const { text, bom } = readNote(file);
  return bom ? [text, '\uFEFF' + text] : [text];
}

/** bratTexts of the note beside `stem` (an `.ann`'s path without its extension); undefined when there is none. */
export function bratTextsBeside(stem: string): string[] | undefined {
  const note = noteBeside(stem);
  return note === undefined ? undefined : bratTexts(note);
}
