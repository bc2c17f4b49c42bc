/**
 * The language server sees the engine only through its surface (server/src/engine/index.ts):
 * what lies behind it can move without touching lsp/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NOTES_DIR } from '../support/gold';

const LSP_DIR = path.resolve(NOTES_DIR, '../../../server/src/lsp');

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('LSP: the engine surface', () => {
  it('every file under server/src/lsp imports the engine only through engine/index.ts', () => {
    const files = sources(LSP_DIR);
    assert.ok(files.length > 10, `the server's sources are found (${files.length})`);
    const engineDir = path.resolve(LSP_DIR, '../engine');
    const behind: string[] = [];
    for (const file of files) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/from '(\.[^']*)'/g)) {
        const target = path.resolve(path.dirname(file), m[1]);
        const inEngine = target === engineDir || target.startsWith(engineDir + path.sep);
        if (inEngine && target !== engineDir && target !== path.join(engineDir, 'index')) behind.push(`${path.relative(LSP_DIR, file)}: ${m[1]}`);
      }
    }
    assert.deepEqual(behind, []);
  });
});
