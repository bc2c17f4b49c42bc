/**
 * The README's picture: a note as a person sees it (the extension's colours, wrapped
 * lines), the side panel with the colour legend, and a relation hover open. The test asserts what the picture must show; the
 * screenshot lands in test-results/readme-hover.png and is copied to media/ by hand.
 */
import * as assert from 'node:assert/strict';
import { poll, VsCode } from './support/vscode';
import { folderWorkspace, startOracle } from './support/workspace';
import { vscodeSession } from './support/session';

describe('e2e: the README screenshot', function () {
  this.timeout(120_000);
  const s = vscodeSession(async (s) => {
    s.server = await startOracle();
    s.ws = folderWorkspace(['discharge-heart-failure']);
    s.vscode = await VsCode.start({
      workspace: s.ws.open,
      viewport: { width: 1280, height: 720 },
      settings: {
        'biomedNlp.ollama.host': s.server.url,
        // The extension's own defaults: notes wrap, the theme-scoped entity colours.
        '[clinical-note]': {},
        'editor.semanticTokenColorCustomizations': {},
        'workbench.colorTheme': 'Default Light Modern',
      },
    });
    await s.vscode.openFile('discharge-heart-failure.note');
  });

  it('shows a highlighted note, the side panel with its legend, and the relation hover of "Warfarin"', async () => {
    // The picture is of an analysed note; and groups that grow above the legend after it is shown would push it down.
    await poll('the note analysed', async () => (await s.vscode.statusItem())?.text.startsWith('Biomed: ready'), 60_000);
    await s.vscode.runCommand('Biomed NLP: Show the Colour Legend');
    await s.vscode.page.locator('[id="workbench.view.extension.biomedNlp"] .monaco-list-row', { hasText: /^negated/ }).waitFor({ state: 'visible' });
    await s.vscode.page.locator('.editor-group-container.active .view-line').first().click();
    const text = await s.vscode.hover('Warfarin', (t) => t.includes('is administered for'));
    assert.match(text, /Warfarin[\s\S]*is administered for[\s\S]*atrial fibrillation[\s\S]*Evidence/);
    await s.vscode.screenshot('readme-hover');
  });
});
