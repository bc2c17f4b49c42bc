/**
 * Which notes `biomed annotate` reads: the files and folders named, real paths (links and
 * the output's own files told apart), and one id per note.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENTITY_TYPES, EntityType, isEntityType, notes } from '../engine';
import { ANNOTATE_HELP } from './annotateHelp';
import { UsageError } from './args';

const { isNoteInFolder, NOTE_EXTENSIONS } = notes;

/** The real path of a file or folder that may not exist yet (its nearest existing parent resolved). */
export function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    const parent = path.dirname(path.resolve(p));
    return parent === path.resolve(p) ? parent : path.join(real(parent), path.basename(p));
  }
}

/**
 * The real path a file written at `file` will have: its folder's real path (remembered: a
 * corpus run writes thousands of files into a few folders) and its name. A rename replaces
 * a link at `file` itself, so the name is not resolved.
 */
const realFolders = new Map<string, string>();
export function realTarget(file: string): string {
  const dir = path.dirname(path.resolve(file));
  let r = realFolders.get(dir);
  if (r === undefined) realFolders.set(dir, (r = real(dir)));
  return path.join(r, path.basename(file));
}

/** Whether a link in a notes folder is read as a note: it leads to a file, or nowhere (reported when read). */
function linksToNote(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return true;
  }
}

/** Whether `inner` is `outer` or below it (real paths). */
export function within(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The notes to annotate; files below `exclude` (this run's own outputs) are never inputs.
 * The files of a folder that are not notes (README.md, .ann, .json, ...) go to `skipped`.
 */
export function listInputs(inputs: string[], exclude: string[] = [], skipped: string[] = []): { file: string; id: string }[] {
  const out: { file: string; id: string }[] = [];
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new UsageError(`No such file or folder: ${input}`, ANNOTATE_HELP);
    if (fs.statSync(input).isDirectory()) {
      for (const entry of fs.readdirSync(input, { recursive: true, withFileTypes: true })) {
        const file = path.join(entry.parentPath, entry.name);
        // A link to a note is a note (a broken one is reported when it is read); links to
        // folders are not followed (no loops), nor links to pipes or devices (a read could block).
        if (!entry.isFile() && !(entry.isSymbolicLink() && linksToNote(file))) continue;
        if (exclude.some((x) => within(real(file), x))) continue;
        if (!isNoteInFolder(entry.name)) {
          skipped.push(file);
          continue;
        }
        out.push({ file, id: path.relative(input, file).replace(/\.[^.]+$/, '') });
      }
    } else {
      out.push({ file: input, id: path.basename(input).replace(/\.[^.]+$/, '') });
    }
  }
  const seen = new Map<string, string>();
  for (const i of out) {
    const other = seen.get(i.id);
    if (other !== undefined)
      throw new UsageError(
        `Two inputs would write the same output "${i.id}": ${other} and ${i.file}; annotate them in separate runs or folders.`,
        ANNOTATE_HELP,
      );
    seen.set(i.id, i.file);
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** The stderr line for the files of input folders that are not notes: how many, the first few named. */
export function notNotesSkipped(files: string[]): string {
  const named = files.slice(0, 5).join(', ') + (files.length > 5 ? ` and ${files.length - 5} more` : '');
  return `Skipped ${files.length} ${files.length === 1 ? 'file that is not a note' : 'files that are not notes'} (notes are ${NOTE_EXTENSIONS.join(' ')} files other than a folder's README, LICENSE or CHANGELOG): ${named}`;
}

/** `--types T,T`: entity types, checked. */
export function parseTypes(value: string | undefined, fallback: readonly EntityType[] = ['problem', 'treatment', 'test']): EntityType[] {
  if (value === undefined) return [...fallback];
  const types = value
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  const wrong = types.filter((t) => !isEntityType(t));
  if (wrong.length > 0 || types.length === 0) {
    throw new UsageError(`--types takes a comma-separated list of ${ENTITY_TYPES.join(', ')} (got "${value}")`);
  }
  return types as EntityType[];
}
