/**
 * Where the repository is, for tests at any depth under test/: compiled they run from
 * out/test/..., so a path relative to __dirname would change with the folder a test is in.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, from the compiled (out/test/support) or the source (test/support) location. */
export const ROOT =
  [path.resolve(__dirname, '../../..'), path.resolve(__dirname, '../..')].find((d) => fs.existsSync(path.join(d, 'test', 'fixtures'))) ??
  path.resolve(__dirname, '../../..');

/** test/fixtures: the notes, corpora and reference files the tests read. */
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
