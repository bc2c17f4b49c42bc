/**
 * `biomed --version` (`-V`): the package's version, read from the package.json above this
 * file (dist/cli.js in a checkout or an installed package, out/ in tests), as npm's own
 * tools print theirs: `biomed 0.1.0`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE = 'biomed-nlp';

/** The version of the biomed-nlp package this file belongs to; undefined where none is found. */
export function packageVersion(from: string = __dirname): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === PACKAGE && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here, or not one to read: look further up.
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

export function versionLine(): string {
  return `biomed ${packageVersion() ?? '(version unknown: no biomed-nlp package.json above the program)'}`;
}
