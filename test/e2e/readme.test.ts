/**
 * The README's picture: a note as a person sees it (the theme's own colours, wrapped
 * lines) with a relation hover open. The test asserts what the picture must show; the
 * screenshot lands in test-results/readme-hover.png and is copied to media/ by hand.
 */
import * as assert from 'node:assert/strict';
import { VsCode } from './support/vscode';
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
        'editor.wordWrap': 'on',
        'editor.semanticTokenColorCustomizations': {},
        'workbench.colorTheme': 'Default Light Modern',
      },
    });
    await s.vscode.openFile('discharge-heart-failure.note');
  });

  it('shows a highlighted note with the relation hover of "Warfarin"', async () => {
    const text = await s.vscode.hover('Warfarin', (t) => t.includes('is administered for'));
    assert.match(text, /Warfarin[\s\S]*is administered for[\s\S]*atrial fibrillation[\s\S]*Evidence/);
    await s.vscode.screenshot('readme-hover');
  });
});
