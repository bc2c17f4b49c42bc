/**
 * Real VS Code (code-server) with the packaged extension and default settings: opening a
 * .txt or a .md file starts no language server process (only clinical-note is analysed by
 * default), while opening a .note does.
 * Server processes are found by their command line: node running dist/server.js from this
 * session's extensions folder.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { poll, VsCode } from './support/vscode';
import { folderWorkspace, startOracle } from './support/workspace';
import { vscodeSession } from './support/session';

const NOTE = 'ed-chest-pain';

/** Ids of the language server processes of this code-server session. */
function serverProcesses(vscode: VsCode): number[] {
  const extensions = path.join(vscode.tmp, 'extensions');
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const args = cmdline.split('\0');
    if (args.some((a) => a.startsWith(extensions) && a.endsWith(path.join('dist', 'server.js')))) pids.push(Number(entry));
  }
  return pids;
}

describe('e2e: the language server starts only for biomedNlp.languages', function () {
  this.timeout(120_000);
  const s = vscodeSession(async (s) => {
    s.server = await startOracle();
    s.ws = folderWorkspace([NOTE]);
    fs.writeFileSync(path.join(s.ws.open, 'plain.txt'), 'The patient denies chest pain.\n');
    fs.writeFileSync(path.join(s.ws.open, 'readme.md'), '# Notes\n\nThe patient denies chest pain.\n');
    s.vscode = await VsCode.start({ workspace: s.ws.open, settings: { 'biomedNlp.ollama.host': s.server.url } });
  });

  it('a .txt and a .md file start no server; a .note does', async () => {
    await s.vscode.openFile('plain.txt');
    await s.vscode.openFile('readme.md');
    // Time for an activation to start a server, had it done so (the .note below takes far less).
    await new Promise((r) => setTimeout(r, 5_000));
    assert.deepEqual(serverProcesses(s.vscode), [], 'no language server for plaintext or markdown');
    assert.equal(await s.vscode.statusItem(), undefined, 'no status item without a server');

    await s.vscode.openFile(`${NOTE}.note`);
    const [first] = await poll('a language server process', () => {
      const p = serverProcesses(s.vscode);
      return p.length === 1 ? p : undefined;
    });
    await poll('the status item', () => s.vscode.statusItem());
    assert.deepEqual(serverProcesses(s.vscode), [first], 'one server');
  });
});
