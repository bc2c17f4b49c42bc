/**
 * Replacing a file atomically: the content goes into a temporary file in the same folder
 * (a rename is atomic only within one file system), which is then renamed over the file, so
 * a crash leaves the old file or the new one, never half of one. Used for the curation
 * store's `.ann` files and the command line's outputs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

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

/** A temporary name beside `file`: hidden, ending in `.tmp`, and unique to this call. */
function tempPathBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
}

/**
 * Writes `content` to `file` atomically (see the file comment); on failure no temporary file
 * is left. `content` may be a function that writes the file in pieces to the descriptor.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array | ((fd: number) => void), options: AtomicWriteOptions = {}): void {
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
