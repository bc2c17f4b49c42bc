import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Creates a folder and its missing parents. Node's `mkdirSync(dir, { recursive: true })` never
 * returns for a path under a folder that refuses new entries with ENOENT (anything under
 * /proc): this makes each missing level in turn, so such a path fails at once with the error.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !fs.existsSync(at);) {
    missing.push(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const folder of missing.reverse()) {
    try {
      fs.mkdirSync(folder);
    } catch (err) {
      // Made meanwhile by another writer: fine; anything else is the caller's to report.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
