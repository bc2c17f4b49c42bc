/**
 * Real VS Code (code-server) with the packaged extension: every fixture note is
 * highlighted exactly as its gold BRAT annotations say, read back from the colours the
 * editor renders (each token type has its own colour); the status bar says ready and its
 * tooltip names the model.
 */
import * as assert from 'node:assert/strict';
import { CLINICAL_NOTES, fixtureNote, LITERATURE_NOTES } from '../support/gold';
import { MEDTUNED_MODEL } from '../support/ollamaServer';
import { HighlightedSpan, poll, VsCode } from './support/vscode';
import { clinicalAndLiteratureWorkspace, startOracle } from './support/workspace';
import { vscodeSession } from './support/session';

describe('e2e: entity highlights in VS Code', function () {
  this.timeout(120_000);
  const s = vscodeSession(async (s) => {
    s.server = await startOracle();
    s.ws = clinicalAndLiteratureWorkspace(CLINICAL_NOTES, LITERATURE_NOTES);
    s.vscode = await VsCode.start({ workspace: s.ws.open, settings: { 'biomedNlp.ollama.host': s.server.url } });
  });

  for (const name of [...CLINICAL_NOTES, ...LITERATURE_NOTES]) {
    it(`highlights exactly the gold spans and types of ${name}`, async () => {
      const note = fixtureNote(name);
      await s.vscode.openFile(`${name}.note`);
      let last: HighlightedSpan[] = [];
      await poll(
        `the highlights of ${name} to equal the gold`,
        async () => {
          last = await s.vscode.highlightedSpans(note.text);
          return JSON.stringify(last) === JSON.stringify(note.gold);
        },
        30_000,
      ).catch(() => undefined);
      await s.vscode.screenshot(`highlights-${name}`);
      assert.deepEqual(last, note.gold);
    });
  }

  it('shows "Biomed: ready" in the status bar, with the model in its tooltip', async () => {
    await s.vscode.openFile('discharge-heart-failure.note');
    const item = await poll('the status item to say ready', async () => {
      const status = await s.vscode.statusItem();
      return status && status.text.startsWith('Biomed: ready') ? status : undefined;
    });
    // The state first; the client may add details after " · " (model, speed).
    assert.match(item.text, /^Biomed: ready(?: · |$)/);
    const tooltip = await s.vscode.statusTooltip(undefined, (t) => t.includes('Model:'));
    assert.ok(tooltip.includes(MEDTUNED_MODEL.name), `the tooltip names the model: ${tooltip}`);
    assert.ok(tooltip.includes(s.server.url), `the tooltip names the host: ${tooltip}`);
    await s.vscode.screenshot('status-ready');
  });
});
