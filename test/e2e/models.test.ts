/**
 * Real VS Code (code-server) with the packaged extension: pulling a model from the command
 * palette shows Ollama's progress in a notification and finishes; the status item names
 * the model and opens the menu of model commands.
 */
import * as assert from 'node:assert/strict';
import { loadGoldDocuments, loadNliPairs, ModelInfo, OllamaTestServer } from '../support/ollamaServer';
import { NOTES_DIR } from '../support/gold';
import * as path from 'node:path';
import { poll, VsCode } from './support/vscode';
import { folderWorkspace } from './support/workspace';
import { vscodeSession } from './support/session';

const QWEN: ModelInfo = { name: 'qwen2.5:7b', size: 4683087332, family: 'qwen2', parameterSize: '7.6B', quantization: 'Q4_K_M' };

describe('e2e: model management in VS Code', function () {
  this.timeout(120_000);
  const s = vscodeSession(async (s) => {
    // Slow enough progress lines that a person (and this test) sees the bytes go by.
    s.server = await OllamaTestServer.start({
      gold: loadGoldDocuments(NOTES_DIR),
      nliPairs: loadNliPairs(path.resolve(__dirname, '../../../test/fixtures/nli/clinical-nli-dev.jsonl')),
      pullable: [QWEN],
      pullStepMs: 400,
    });
    s.ws = folderWorkspace(['ed-chest-pain']);
    s.vscode = await VsCode.start({ workspace: s.ws.open, settings: { 'biomedNlp.ollama.host': s.server.url } });
    await s.vscode.openFile('ed-chest-pain.note');
  });

  it('the status item names the model', async () => {
    // Settings arriving after start-up re-analyse the note once: wait for the state to settle.
    const text = await poll('a ready status naming the model', async () => {
      const t = (await s.vscode.statusItem())?.text ?? '';
      return /Biomed: ready/.test(t) ? t : undefined;
    });
    assert.match(text, /Biomed: ready · Llama2-MedTuned-7b-GGUF:Q4_K_M/);
  });

  it('"Pull Model" shows byte progress in a notification and finishes', async () => {
    await s.vscode.runCommand('Biomed NLP: Pull Model');
    await s.vscode.answerInputBox(QWEN.name, 'Model name');
    const progress = await s.vscode.waitForNotification(`Pulling ${QWEN.name}`);
    await poll('byte progress', async () => (await s.vscode.notifications()).find((n) => /GB of .* GB/.test(n.message)), 20_000);
    await s.vscode.screenshot('pull-progress');
    assert.ok(progress.buttons.includes('Cancel'), `a cancellable progress: ${JSON.stringify(progress)}`);
    await s.vscode.waitForNotification(`${QWEN.name} is installed`, 30_000);
    assert.ok(s.server.requests.some((r) => r.path === '/api/pull' && r.finished && !r.aborted));
  });
});
