/**
 * Real VS Code (code-server) with the packaged extension on a first run without a model.
 * Ollama away: one warning names the configured host and offers the ways forward (install
 * Ollama, the embedded engine, the walkthrough), with no countdown in it; "Walkthrough"
 * opens it; more failed requests show nothing more; highlights come when the server is
 * back; each new outage brings one new message: its "Install Ollama" opens the download
 * page, its "Use Embedded Engine" asks before downloading. Ollama without the model: one warning names the configured model and
 * host and offers to pull it; "Pull Model" pulls it and the note is highlighted.
 */
import * as assert from 'node:assert/strict';
import { fixtureNote, NOTES_DIR } from '../support/gold';
import { LLAMA31_MODEL, loadGoldDocuments, loadNliPairs, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import { HighlightedSpan, poll, VsCode } from './support/vscode';
import { folderWorkspace, NLI_PAIRS, startOracle } from './support/workspace';
import { vscodeSession } from './support/session';

const NOTE = 'ed-chest-pain';
const WARNING = 'Ollama is not reachable';
const MISSING = 'is not installed';

/** Polls until the note shows exactly its gold highlights. */
async function goldHighlights(vscode: VsCode): Promise<void> {
  const note = fixtureNote(NOTE);
  let last: HighlightedSpan[] = [];
  await poll(
    'the gold highlights',
    async () => {
      last = await vscode.highlightedSpans(note.text);
      return JSON.stringify(last) === JSON.stringify(note.gold);
    },
    30_000,
  ).catch(() => undefined);
  assert.deepEqual(last, note.gold);
}

/** The text of the walkthrough editor, once it shows. */
async function walkthroughText(vscode: VsCode): Promise<string> {
  return poll('the walkthrough to open', () =>
    vscode.page.evaluate(() => {
      const page = Array.from(document.querySelectorAll<HTMLElement>('.gettingStartedContainer')).find((e) => e.offsetParent !== null);
      const text = page ? String(page.innerText) : '';
      return text.includes('Get Started with Biomed NLP') ? text : undefined;
    }),
  );
}

/** The text of the modal dialog on screen, once one shows. */
async function dialogText(vscode: VsCode): Promise<string> {
  return poll('a dialog', () =>
    vscode.page.evaluate(() => {
      const box = Array.from(document.querySelectorAll<HTMLElement>('.monaco-dialog-box')).find((e) => e.offsetParent !== null);
      return box ? String(box.innerText) : undefined;
    }),
  );
}

async function clickDialogButton(vscode: VsCode, label: string): Promise<void> {
  await vscode.page.locator('.monaco-dialog-box .monaco-button').filter({ hasText: label }).first().click();
  await poll('the dialog to close', async () => !(await vscode.page.locator('.monaco-dialog-box').isVisible()));
}

describe('e2e: Ollama unreachable in VS Code', function () {
  this.timeout(120_000);
  const s = vscodeSession(async (s) => {
    s.server = await startOracle();
    // Stopped: its port now refuses connections.
    await s.server.stop();
    s.ws = folderWorkspace([NOTE]);
    s.vscode = await VsCode.start({ workspace: s.ws.open, settings: { 'biomedNlp.ollama.host': s.server.url } });
  });

  it(`warns "${WARNING}" once per outage, with the ways forward, each doing what it says; recovers when Ollama is back`, async () => {
    await s.vscode.countNotifications(WARNING);
    await s.vscode.openFile(`${NOTE}.note`);
    const warning = await s.vscode.waitForNotification(WARNING);
    assert.equal(
      warning.message,
      `Biomed NLP: no model can analyse notes yet: Ollama is not reachable at ${s.server.url}. ` +
        'Install and start Ollama, or use the embedded engine (it runs inside VS Code). Notes are analysed as soon as a model answers.',
    );
    assert.deepEqual(warning.buttons, ['Install Ollama', 'Use Embedded Engine', 'Walkthrough']);
    assert.deepEqual(await s.vscode.cutNotificationButtons(WARNING), [], 'every button label shows whole');
    await poll('the status item to say unreachable', async () => !!(await s.vscode.statusItem())?.text.startsWith('Biomed: Ollama unreachable'));
    await s.vscode.screenshot('unreachable-warning');

    await s.vscode.clickNotificationButton(WARNING, 'Walkthrough');
    const walkthrough = await walkthroughText(s.vscode);
    assert.match(walkthrough, /Install and start Ollama/);
    assert.match(walkthrough, /Use the Embedded Engine/, 'the first step offers the embedded engine too');
    await poll('the warning to close', async () => !(await s.vscode.notifications()).some((n) => n.message.includes(WARNING)));
    await s.vscode.screenshot('unreachable-walkthrough');

    // More requests fail while the server is away (and the server keeps checking every
    // biomedNlp.retryIntervalMs = 200 ms): no further message.
    await s.vscode.openFile(`${NOTE}.note`);
    for (let i = 0; i < 2; i++) {
      await s.vscode.runCommand('Biomed NLP: Analyse Document Again (ignore cache)');
      await poll('the status item to stay unreachable', async () => !!(await s.vscode.statusItem())?.text.startsWith('Biomed: Ollama unreachable'));
    }
    assert.equal(await s.vscode.countedNotifications(), 1, `"${WARNING}" was shown once`);

    // Back: the server notices by itself, and the note is highlighted.
    await s.server.restart();
    await goldHighlights(s.vscode);
    await poll('the status item to say ready', async () => !!(await s.vscode.statusItem())?.text.startsWith('Biomed: ready'));
    assert.equal(await s.vscode.countedNotifications(), 1, `"${WARNING}" was shown once in all`);
    await s.vscode.screenshot('unreachable-recovered');

    // Away again: a new outage, one new message; "Install Ollama" opens the download page
    // (VS Code asks first before it opens an external website).
    await s.server.stop();
    await s.vscode.runCommand('Biomed NLP: Analyse Document Again (ignore cache)');
    await s.vscode.waitForNotification(WARNING);
    await s.vscode.clickNotificationButton(WARNING, 'Install Ollama');
    const dialog = await dialogText(s.vscode);
    assert.match(dialog, /https:\/\/ollama\.com\/download/);
    await s.vscode.screenshot('unreachable-install-ollama');
    assert.equal(await s.vscode.countedNotifications(), 2, `"${WARNING}" was shown once per outage`);
    await clickDialogButton(s.vscode, 'Cancel');

    // Back and away once more: "Use Embedded Engine" asks before it downloads anything.
    await s.server.restart();
    await poll('the status item to say ready', async () => !!(await s.vscode.statusItem())?.text.startsWith('Biomed: ready'), 30_000);
    await s.server.stop();
    await s.vscode.runCommand('Biomed NLP: Analyse Document Again (ignore cache)');
    await s.vscode.waitForNotification(WARNING);
    await s.vscode.clickNotificationButton(WARNING, 'Use Embedded Engine');
    const consent = await dialogText(s.vscode);
    assert.match(consent, /Download its default model, Llama2-MedTuned 7B \(Q4_K_M, about 4\.1 GB\), from huggingface\.co\?/);
    assert.match(consent, /Choose a GGUF File/);
    await s.vscode.screenshot('unreachable-embedded-consent');
    await clickDialogButton(s.vscode, 'Cancel');
    assert.equal(await s.vscode.countedNotifications(), 3, `"${WARNING}" was shown once per outage`);
  });
});

describe('e2e: Ollama without the model in VS Code', function () {
  this.timeout(120_000);
  const s = vscodeSession(async (s) => {
    // Ollama runs, with another model only; the default model can be pulled.
    s.server = await OllamaTestServer.start({
      gold: loadGoldDocuments(NOTES_DIR),
      nliPairs: loadNliPairs(NLI_PAIRS),
      models: [LLAMA31_MODEL],
      pullable: [MEDTUNED_MODEL],
      pullStepMs: 100,
    });
    s.ws = folderWorkspace([NOTE]);
    s.vscode = await VsCode.start({ workspace: s.ws.open, settings: { 'biomedNlp.ollama.host': s.server.url } });
  });

  it(`warns once that the configured model ${MISSING}; "Pull Model" pulls it and the note is highlighted`, async () => {
    await s.vscode.countNotifications(MISSING);
    await s.vscode.openFile(`${NOTE}.note`);
    const warning = await s.vscode.waitForNotification(MISSING);
    assert.equal(
      warning.message,
      `Biomed NLP: Ollama answers at ${s.server.url}, but the model "${MEDTUNED_MODEL.name}" is not installed. Pull it here, or run: ollama pull ${MEDTUNED_MODEL.name}`,
    );
    assert.deepEqual(warning.buttons, ['Pull Model', 'Select Model…', 'Walkthrough']);
    assert.deepEqual(await s.vscode.cutNotificationButtons(MISSING), [], 'every button label shows whole');
    assert.ok(!warning.buttons.includes('Install Ollama'), 'Ollama runs: no "Install Ollama"');
    await poll('the status item to say model missing', async () => !!(await s.vscode.statusItem())?.text.startsWith('Biomed: model missing'));
    await s.vscode.screenshot('model-missing-warning');

    await s.vscode.clickNotificationButton(MISSING, 'Pull Model');
    await s.vscode.waitForNotification(`Pulling ${MEDTUNED_MODEL.name}`);
    await s.vscode.waitForNotification(`${MEDTUNED_MODEL.name} is installed`, 30_000);
    assert.ok(s.server.requests.some((r) => r.path === '/api/pull' && r.finished && !r.aborted && JSON.stringify(r.body).includes(MEDTUNED_MODEL.name)));
    await goldHighlights(s.vscode);
    await poll('the status item to say ready', async () => !!(await s.vscode.statusItem())?.text.startsWith('Biomed: ready'));
    assert.equal(await s.vscode.countedNotifications(), 1, `"${MISSING}" was shown once`);
    await s.vscode.screenshot('model-missing-pulled');
  });
});
