/**
 * Real VS Code (code-server) with the packaged extension: every fixture note is
 * highlighted exactly as its gold BRAT annotations say, read back from the colours the
 * editor renders (each token type has its own colour); the status bar says ready and its
 * tooltip names the model. A line added above entities and taken back moves them and back
 * (the editor applies the server's token deltas).
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

  it('keeps the highlights exact as a line is added above them and taken back (token deltas)', async () => {
    const note = fixtureNote('ed-chest-pain');
    await s.vscode.openFile('ed-chest-pain.note');
    const settle = async (text: string, want: HighlightedSpan[], what: string) => {
      let last: HighlightedSpan[] = [];
      await poll(what, async () => JSON.stringify((last = await s.vscode.highlightedSpans(text))) === JSON.stringify(want), 30_000).catch(() => undefined);
      assert.deepEqual(last, want, what);
    };
    await settle(note.text, note.gold, 'the gold highlights');
    // A line break at the blank line after CHIEF COMPLAINT: every later entity moves down a line.
    const at = note.text.indexOf('\n\n', note.text.indexOf('CHIEF COMPLAINT')) + 1;
    await s.vscode.goTo(note.text.slice(0, at).split('\n').length, 1);
    await s.vscode.page.keyboard.press('Enter');
    const moved = note.gold.map((g) => (g.start >= at ? { ...g, start: g.start + 1, end: g.end + 1 } : g));
    await settle(note.text.slice(0, at) + '\n' + note.text.slice(at), moved, 'the highlights one line down');
    await s.vscode.page.keyboard.press('Control+Z');
    await settle(note.text, note.gold, 'the highlights back where they were');
  });

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
