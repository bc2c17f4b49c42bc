/**
 * No file grows past what one reads in a sitting: a source file of server/src or client/src
 * stays under 450 lines, a test file under 800 (test/README.md). A file past it is split by
 * concern, not trimmed of its comments.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sourceFiles } from '../support/importGraph';
import { ROOT } from '../support/paths';

const LIMITS: { folders: string[]; most: number }[] = [
  { folders: ['server/src', 'client/src'], most: 450 },
  { folders: ['test', 'bench'], most: 800 },
];

const linesOf = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n').length;

describe('package: file sizes', () => {
  for (const { folders, most } of LIMITS) {
    it(`every TypeScript file of ${folders.join(', ')} has at most ${most} lines`, () => {
      const files = folders.flatMap(sourceFiles);
      assert.ok(files.length > 20, `${files.length} files read`);
      const over = files.map((f) => `${f}: ${linesOf(f)}`).filter((_, i) => linesOf(files[i]) > most);
      assert.deepEqual(over, []);
    });
  }
});
