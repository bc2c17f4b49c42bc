/**
 * Real VS Code (code-server) with the packaged extension: changing biomedNlp.languages in
 * the running editor (through "Preferences: Open User Settings (JSON)", edited and saved
 * with the keyboard, as a user does) restarts the language client with the new document
 * selector. A plaintext copy of a clinical note is not analysed by default; once
 * "plaintext" is added it is highlighted exactly as the note's gold says; once it is removed
 * again the highlights go, while the .note stays highlighted throughout.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixtureNote } from '../support/gold';
import { HighlightedSpan, poll, VsCode } from './support/vscode';
import { folderWorkspace, startOracle } from './support/workspace';
import { vscodeSession } from './support/session';

const NOTE = 'ed-chest-pain';
/** The same text as the note, as a plaintext file. */
const PLAIN = 'clinical.txt';
const HINT = 'add "plaintext" to biomedNlp.languages';

describe('e2e: changing biomedNlp.languages in the editor', function () {
  this.timeout(180_000);
  const note = fixtureNote(NOTE);
  const s = vscodeSession(async (s) => {
    s.server = await startOracle();
    s.ws = folderWorkspace([NOTE]);
    fs.writeFileSync(path.join(s.ws.open, PLAIN), note.text);
    s.vscode = await VsCode.start({ workspace: s.ws.open, settings: { 'biomedNlp.ollama.host': s.server.url } });
  });

  const userSettingsFile = () => path.join(s.vscode.tmp, 'user-data/User/settings.json');

  /**
   * Rewrites the user settings as a user does: opens them with "Preferences: Open User
   * Settings (JSON)", replaces the whole text with the keyboard, saves with Ctrl+S and closes
   * the editor. Resolves once the file on disk holds the new settings.
   */
  async function editUserSettings(change: (settings: Record<string, unknown>) => void): Promise<void> {
    const settings = JSON.parse(fs.readFileSync(userSettingsFile(), 'utf8'));
    change(settings);
    // One line: the editor would indent every inserted line break once more.
    const text = JSON.stringify(settings);
    const page = s.vscode.page;
    await s.vscode.runCommand('Preferences: Open User Settings (JSON)');
    await poll('settings.json to be the active, focused editor', () =>
      page.evaluate(() => {
        const tab = document.querySelector('.editor-group-container.active .tab.active');
        const editor = document.querySelector('.editor-group-container.active .monaco-editor');
        return !!tab && String(tab.getAttribute('aria-label') ?? tab.textContent).includes('settings.json') && !!editor?.classList.contains('focused');
      }),
    );
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    // Inserted as one input (no per-key auto-closing of brackets and quotes).
    await page.keyboard.insertText(text);
    await page.keyboard.press('Control+S');
    await poll('the user settings to be saved', () => {
      const saved = fs.readFileSync(userSettingsFile(), 'utf8');
      if (saved === text) return true;
      throw new Error(`settings.json holds ${saved.slice(0, 300)}`);
    });
    // Saved: the tab shows no unsaved-changes dot any more; then close it.
    await poll('settings.json to show no unsaved changes', () =>
      page.evaluate(() => !document.querySelector('.editor-group-container.active .tab.active')?.classList.contains('dirty')),
    );
    await page.keyboard.press('Control+W');
    await poll('settings.json to close', () =>
      page.evaluate(
        () => !Array.from(document.querySelectorAll('.tab')).some((t) => String(t.getAttribute('aria-label') ?? t.textContent).includes('settings.json')),
      ),
    );
  }

  /** Polls until the active editor's highlights are exactly `expected`. */
  async function highlightsBecome(what: string, expected: HighlightedSpan[]): Promise<void> {
    let last: HighlightedSpan[] = [];
    await poll(
      what,
      async () => {
        last = await s.vscode.highlightedSpans(note.text);
        return JSON.stringify(last) === JSON.stringify(expected);
      },
      30_000,
    ).catch(() => undefined);
    assert.deepEqual(last, expected, what);
  }

  /** "Analyse Document Again" on a document whose language is not analysed shows the hint. */
  async function expectNotAnalysedHint(): Promise<void> {
    await s.vscode.runCommand('Notifications: Clear All Notifications');
    await poll('no notifications', async () => (await s.vscode.notifications()).length === 0);
    await s.vscode.runCommand('Biomed NLP: Analyse Document Again (ignore cache)');
    const hint = await s.vscode.waitForNotification(HINT);
    assert.match(hint.message, /analyses clinical-note documents/);
  }

  it('analyses plaintext once "plaintext" is added, and stops when it is removed', async () => {
    assert.ok(note.gold.length > 0);
    // The server runs (started for the .note) and answers: the note is highlighted.
    await s.vscode.openFile(`${NOTE}.note`);
    await highlightsBecome(`the gold highlights of ${NOTE}.note`, note.gold);

    // The same text as plaintext: not analysed.
    await s.vscode.openFile(PLAIN);
    await expectNotAnalysedHint();
    assert.deepEqual(await s.vscode.highlightedSpans(note.text), [], `${PLAIN} has no highlights by default`);
    await s.vscode.screenshot('languages-plaintext-off');

    // The restarts report no failure (e.g. a notification sent to the client being stopped).
    await s.vscode.countNotifications('failed');
    // Add plaintext in the editor: the running client restarts with the new selector.
    await editUserSettings((settings) => (settings['biomedNlp.languages'] = ['clinical-note', 'plaintext']));
    await s.vscode.openFile(PLAIN);
    await highlightsBecome(`the gold highlights of ${PLAIN} once plaintext is analysed`, note.gold);
    await s.vscode.screenshot('languages-plaintext-on');

    // Remove it again: the highlights go, the hint is back, and the .note is still analysed.
    await editUserSettings((settings) => (settings['biomedNlp.languages'] = ['clinical-note']));
    await s.vscode.openFile(PLAIN);
    await highlightsBecome(`no highlights of ${PLAIN} once plaintext is no longer analysed`, []);
    // The restarted server runs again (the .note is highlighted), and still leaves plaintext alone.
    await s.vscode.openFile(`${NOTE}.note`);
    await highlightsBecome(`the gold highlights of ${NOTE}.note after the restarts`, note.gold);
    await s.vscode.openFile(PLAIN);
    await expectNotAnalysedHint();
    assert.deepEqual(await s.vscode.highlightedSpans(note.text), [], `${PLAIN} has no highlights once plaintext is removed`);
    await s.vscode.screenshot('languages-plaintext-removed');
    assert.equal(await s.vscode.countedNotifications(), 0, 'no notification of a failure while the client restarted');
  });
});
