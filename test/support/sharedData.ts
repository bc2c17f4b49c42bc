/**
 * The data folder outside the repository (MEDIC, the corpora's full splits): what may not be
 * shipped here, or is too large for a fixture. `BIOMED_SHARED_DATA` names it (the tests and
 * `npm run bench` alike); by default it is `../shared/data` beside the repository, where this
 * project's machines have it. A fresh clone elsewhere has none: a test that needs it skips,
 * printing one line that says what is absent and where it was looked for; the small checks
 * that a fixture can carry run from test/fixtures instead.
 *
 * The test runner (scripts/test-all.mjs) runs every compiled test that imports this module
 * once more with the variable pointed at an empty folder, and expects them to pass by skipping.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './paths';

export const SHARED_DATA_VARIABLE = 'BIOMED_SHARED_DATA';

/** The folder: `$BIOMED_SHARED_DATA` when set and not empty, else ../shared/data beside the repository. */
export function sharedDataDir(): string {
  const named = process.env[SHARED_DATA_VARIABLE];
  return named ? path.resolve(named) : path.resolve(ROOT, '..', 'shared', 'data');
}

/** A file under the folder (`linking/medic_06Jul2012.txt`). */
export const sharedFile = (relative: string): string => path.join(sharedDataDir(), relative);

/** Those of `files` (paths under the folder, as sharedFile gives them) that are not there. */
export function missingShared(files: string[]): string[] {
  return files.filter((f) => !fs.existsSync(f));
}

/** The one line that says what is absent and where it was looked for. */
export function absentLine(what: string, missing: string[]): string {
  const dir = sharedDataDir();
  const names = missing.map((f) => path.relative(dir, f)).join(', ');
  return `${what} not found under ${dir} (${SHARED_DATA_VARIABLE}; default ../shared/data beside the repository): ${names}`;
}

/**
 * In a mocha `before` (or a test): skips the suite (or the test) when any of `files` is
 * absent, after printing why on one line. Returns when all are there.
 */
export function skipUnlessShared(ctx: Mocha.Context, what: string, files: string[]): void {
  const missing = missingShared(files);
  if (missing.length === 0) return;
  console.log(`    skipped: ${absentLine(what, missing)}`);
  ctx.skip();
}
