/**
 * Real VS Code (code-server) with the packaged extension: every fixture note is
 * highlighted exactly as its gold BRAT annotations say, read back from the colours the
 * editor renders (each token type has its own colour); the status bar says ready and its
 * tooltip names the model.
 */
import * as assert from 'node:assert/strict';
import { CLINICAL_NOTES, fixtureNote, LITERATURE_NOTES } from '../support/gold';
import { MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import { HighlightedSpan, poll, reportFailure, VsCode } from './support/vscode';
import { clinicalAndLiteratureWorkspace, NoteWorkspace, startOracle } from './support/workspace';

describe('e2e: entity highlights in VS Code', function () {
  this.timeout(120_000);
  let server: OllamaTestServer;
  let ws: NoteWorkspace;
  let vscode: VsCode;

  before(async () => {
    server = await startOracle();
    ws = clinicalAndLiteratureWorkspace(CLINICAL_NOTES, LITERATURE_NOTES);
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

  for (const name of [...CLINICAL_NOTES, ...LITERATURE_NOTES]) {
    it(`highlights exactly the gold spans and types of ${name}`, async () => {
      const note = fixtureNote(name);
      await vscode.openFile(`${name}.note`);
      let last: HighlightedSpan[] = [];
      await poll(
        `the highlights of ${name} to equal the gold`,
        async () => {
          last = await vscode.highlightedSpans(note.text);
          return JSON.stringify(last) === JSON.stringify(note.gold);
        },
        30_000,
      ).catch(() => undefined);
      await vscode.screenshot(`highlights-${name}`);
      assert.deepEqual(last, note.gold);
    });
  }

  it('shows "Biomed: ready" in the status bar, with the model in its tooltip', async () => {
    await vscode.openFile('discharge-heart-failure.note');
    const item = await poll('the status item to say ready', async () => {
      const s = await vscode.statusItem();
      return s && s.text.startsWith('Biomed: ready') ? s : undefined;
    });
    // The state first; the client may add details after " · " (model, speed).
    assert.match(item.text, /^Biomed: ready(?: · |$)/);
    const tooltip = await vscode.statusTooltip(undefined, (t) => t.includes('Model:'));
    assert.ok(tooltip.includes(MEDTUNED_MODEL.name), `the tooltip names the model: ${tooltip}`);
    assert.ok(tooltip.includes(server.url), `the tooltip names the host: ${tooltip}`);
    await vscode.screenshot('status-ready');
  });
});
