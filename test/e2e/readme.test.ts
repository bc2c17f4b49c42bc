/**
 * The README's picture: a note as a person sees it (the theme's own colours, wrapped
 * lines) with a relation hover open. The test asserts what the picture must show; the
 * screenshot lands in test-results/readme-hover.png and is copied to media/ by hand.
 */
import * as assert from 'node:assert/strict';
import { OllamaTestServer } from '../support/ollamaServer';
import { reportFailure, VsCode } from './support/vscode';
import { folderWorkspace, NoteWorkspace, startOracle } from './support/workspace';

describe('e2e: the README screenshot', function () {
  this.timeout(120_000);
  let server: OllamaTestServer;
  let ws: NoteWorkspace;
  let vscode: VsCode;

  before(async () => {
    server = await startOracle();
    ws = folderWorkspace(['discharge-heart-failure']);
    vscode = await VsCode.start({
      workspace: ws.open,
      viewport: { width: 1280, height: 720 },
      settings: {
        'biomedNlp.ollama.host': server.url,
        'editor.wordWrap': 'on',
        'editor.semanticTokenColorCustomizations': {},
        'workbench.colorTheme': 'Default Light Modern',
      },
    });
    await vscode.openFile('discharge-heart-failure.note');
  });
  afterEach(async function () {
    await reportFailure(this, vscode);
  });
  after(async () => {
    await vscode?.stop();
    await server?.stop();
    ws?.remove();
  });

  it('shows a highlighted note with the relation hover of "Warfarin"', async () => {
    const text = await vscode.hover('Warfarin', (t) => t.includes('is administered for'));
    assert.match(text, /Warfarin[\s\S]*is administered for[\s\S]*atrial fibrillation[\s\S]*Evidence/);
    await vscode.screenshot('readme-hover');
  });
});
