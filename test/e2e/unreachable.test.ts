/**
 * Real VS Code (code-server) with the packaged extension while Ollama is away: the
 * warning "Ollama is not reachable" appears once (with Retry and Open Settings), not for
 * every failed request; the status bar says so; highlights come when the server is back.
 */
import * as assert from 'node:assert/strict';
import { fixtureNote } from '../support/gold';
import { OllamaTestServer } from '../support/ollamaServer';
import { HighlightedSpan, poll, reportFailure, VsCode } from './support/vscode';
import { folderWorkspace, NoteWorkspace, startOracle } from './support/workspace';

const NOTE = 'ed-chest-pain';
const WARNING = 'Ollama is not reachable';

describe('e2e: Ollama unreachable in VS Code', function () {
  this.timeout(120_000);
  let server: OllamaTestServer;
  let ws: NoteWorkspace;
  let vscode: VsCode;

  before(async () => {
    server = await startOracle();
    // Stopped: its port now refuses connections.
    await server.stop();
    ws = folderWorkspace([NOTE]);
    vscode = await VsCode.start({ workspace: ws.open, settings: { 'biomedNlp.ollama.host': server.url } });
  });
  afterEach(async function () {
    await reportFailure(this, vscode);
  });
  after(async () => {
    await vscode?.stop();
    await server?.stop();
    ws?.remove();
  });

  it(`warns "${WARNING}" exactly once, with Retry and Open Settings, and recovers when Ollama is back`, async () => {
    await vscode.countNotifications(WARNING);
    await vscode.openFile(`${NOTE}.note`);
    const warning = await vscode.waitForNotification(WARNING);
    assert.match(warning.message, /^Biomed NLP: /);
    assert.deepEqual(warning.buttons, ['Retry', 'Open Settings']);
    await poll('the status item to say unreachable', async () => !!(await vscode.statusItem())?.text.startsWith('Biomed: Ollama unreachable'));
    await vscode.screenshot('unreachable-warning');

    // More requests fail while the server is away (and the server keeps checking every
    // biomedNlp.retryIntervalMs = 200 ms): no further message.
    for (let i = 0; i < 2; i++) {
      await vscode.runCommand('Biomed NLP: Analyse Document Again (ignore cache)');
      await poll('the status item to stay unreachable', async () => !!(await vscode.statusItem())?.text.startsWith('Biomed: Ollama unreachable'));
    }
    assert.equal(await vscode.countedNotifications(), 1, `"${WARNING}" was shown once`);

    // Back: the server notices by itself, and the note is highlighted.
    await server.restart();
    const note = fixtureNote(NOTE);
    let last: HighlightedSpan[] = [];
    await poll(
      'the gold highlights after recovery',
      async () => {
        last = await vscode.highlightedSpans(note.text);
        return JSON.stringify(last) === JSON.stringify(note.gold);
      },
      30_000,
    ).catch(() => undefined);
    assert.deepEqual(last, note.gold);
    await poll('the status item to say ready', async () => !!(await vscode.statusItem())?.text.startsWith('Biomed: ready'));
    assert.equal(await vscode.countedNotifications(), 1, `"${WARNING}" was shown once in all`);
    await vscode.screenshot('unreachable-recovered');
  });
});
