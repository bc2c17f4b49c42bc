/**
 * Replacing a file atomically: the content goes into a temporary file in the same folder
 * (a rename is atomic only within one file system), which is then renamed over the file, so
 * a crash leaves the old file or the new one, never half of one. Used for the curation
 * store's `.ann` files and the command line's outputs.
 *
 * A symbolic link is written through: the new content replaces the link's target (the
 * temporary file beside the target), so the link stays and its target gets the content. A
 * file that exists read-only is refused (WriteRefusedError), not replaced by the rename.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from './errors';

export interface AtomicWriteOptions {
  /**
   * Flush the content to disk before the rename (default true). Without it a crash of the
   * machine (not of the process) can leave the new name with empty or partial content. The
   * curation store keeps it: an `.ann` is annotators' work. The command line turns it off:
   * its outputs can be made again, and at corpus scale an fsync per file costs a large part
   * of the run's throughput (cli/annotate.ts, writeAtomically).
   */
  fsync?: boolean;
  /** Runs once the content is written, just before the rename (annotate records the file as its own there). */
  beforeRename?: () => void;
}

/** A write refused before anything changed on disk; the message names the file and the reason. */
export class WriteRefusedError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'WriteRefusedError';
  }
}

/** Where a write of `file` lands: the target of a symbolic link (followed to the end, even when the last one dangles). */
export function writeTarget(file: string): string {
  let at = file;
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      if (!fs.lstatSync(at).isSymbolicLink()) return at;
      link = fs.readlinkSync(at);
    } catch {
      return at;
    }
    at = path.resolve(path.dirname(at), link);
  }
  throw new WriteRefusedError(`${file}: not written (too many levels of symbolic links)`);
}

/**
 * Refuses to replace a file that exists read-only. The mode bits are checked as well as
 * access: root passes every access check, but a file nobody may write (mode 444) was made
 * read-only on purpose.
 */
function refuseReadOnly(file: string, shown: string): void {
  let mode: number;
  try {
    mode = fs.statSync(file).mode;
  } catch {
    return;
  }
  let writable = (mode & 0o222) !== 0;
  if (writable) {
    try {
      fs.accessSync(file, fs.constants.W_OK);
    } catch {
      writable = false;
    }
  }
  if (!writable) throw new WriteRefusedError(`${shown}: read-only (mode ${(mode & 0o777).toString(8)}); not written, it is left as it is`);
}

/** A temporary name beside `file`: hidden, ending in `.tmp`, and unique to this call. */
function tempPathBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
}

/** A temporary file older than this is stale whoever wrote it (a write takes milliseconds; a pid can be reused). */
export const STALE_TEMPORARY_MS = 10 * 60_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files a writer of `file` left beside it when it was killed between
 * writing and renaming (kill -9, a crash): those whose writer (the pid in the name) is gone,
 * and any older than STALE_TEMPORARY_MS. A live writer's recent one is left alone. Returns
 * the names removed; a folder or file that cannot be read or removed is passed over.
 */
export function removeStaleTemporaries(file: string, now = Date.now()): string[] {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith('.tmp'));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = /^(\d+)\.[0-9a-z]+\.tmp$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const tmp = path.join(dir, name);
    try {
      const stat = fs.lstatSync(tmp);
      if (!stat.isFile()) continue;
      if (processAlive(Number(m[1])) && now - stat.mtimeMs < STALE_TEMPORARY_MS) continue;
      fs.rmSync(tmp);
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}

/** The files whose stale temporaries this process has looked for. */
const cleaned = new Set<string>();

/** removeStaleTemporaries, once per file a process (a .ann's store is opened at every curation; its folder may hold thousands). */
export function removeStaleTemporariesOnce(file: string): void {
  if (cleaned.has(file)) return;
  cleaned.add(file);
  removeStaleTemporaries(file);
}

/**
 * Writes `content` to `file` atomically (see the file comment); on failure no temporary file
 * is left. `content` may be a function that writes the file in pieces to the descriptor.
 */
export function writeFileAtomic(given: string, content: string | Uint8Array | ((fd: number) => void), options: AtomicWriteOptions = {}): void {
  const file = writeTarget(given);
  refuseReadOnly(file, given);
  const tmp = tempPathBeside(file);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      if (typeof content === 'function') content(fd);
      else fs.writeFileSync(fd, content);
      if (options.fsync !== false) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    options.beforeRename?.();
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
