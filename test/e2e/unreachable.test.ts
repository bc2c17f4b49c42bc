/**
 * Real VS Code (code-server) with the packaged extension while Ollama is away: the
 * warning "Ollama is not reachable" appears once (with Retry and Open Settings), not for
 * every failed request; the status bar says so; highlights come when the server is back.
 */
import * as assert from 'node:assert/strict';
import { fixtureNote } from '../support/gold';
import { HighlightedSpan, poll, VsCode } from './support/vscode';
import { folderWorkspace, startOracle } from './support/workspace';
import { vscodeSession } from './support/session';

const NOTE = 'ed-chest-pain';
const WARNING = 'Ollama is not reachable';

describe('e2e: Ollama unreachable in VS Code', function () {
  this.timeout(120_000);
  const s = vscodeSession(async (s) => {
    s.server = await startOracle();
    // Stopped: its port now refuses connections.
    await s.server.stop();
    s.ws = folderWorkspace([NOTE]);
    s.vscode = await VsCode.start({ workspace: s.ws.open, settings: { 'biomedNlp.ollama.host': s.server.url } });
  });

  it(`warns "${WARNING}" exactly once, with Retry and Open Settings, and recovers when Ollama is back`, async () => {
    await s.vscode.countNotifications(WARNING);
    await s.vscode.openFile(`${NOTE}.note`);
    const warning = await s.vscode.waitForNotification(WARNING);
    assert.match(warning.message, /^Biomed NLP: /);
    assert.deepEqual(warning.buttons, ['Retry', 'Open Settings']);
    await poll('the status item to say unreachable', async () => !!(await s.vscode.statusItem())?.text.startsWith('Biomed: Ollama unreachable'));
    await s.vscode.screenshot('unreachable-warning');

    // More requests fail while the server is away (and the server keeps checking every
    // biomedNlp.retryIntervalMs = 200 ms): no further message.
    for (let i = 0; i < 2; i++) {
      await s.vscode.runCommand('Biomed NLP: Analyse Document Again (ignore cache)');
      await poll('the status item to stay unreachable', async () => !!(await s.vscode.statusItem())?.text.startsWith('Biomed: Ollama unreachable'));
    }
    assert.equal(await s.vscode.countedNotifications(), 1, `"${WARNING}" was shown once`);

    // Back: the server notices by itself, and the note is highlighted.
    await s.server.restart();
    const note = fixtureNote(NOTE);
    let last: HighlightedSpan[] = [];
    await poll(
      'the gold highlights after recovery',
      async () => {
        last = await s.vscode.highlightedSpans(note.text);
        return JSON.stringify(last) === JSON.stringify(note.gold);
      },
      30_000,
    ).catch(() => undefined);
    assert.deepEqual(last, note.gold);
    await poll('the status item to say ready', async () => !!(await s.vscode.statusItem())?.text.startsWith('Biomed: ready'));
    assert.equal(await s.vscode.countedNotifications(), 1, `"${WARNING}" was shown once in all`);
    await s.vscode.screenshot('unreachable-recovered');
  });
});
