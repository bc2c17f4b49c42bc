/**
 * Real VS Code (code-server) with the packaged extension: concept linking. A vocabulary
 * invented for the tests (support/linkingNote.ts) is built into a `.vocab` in the setup and
 * named in biomedNlp.linking.vocabularies; hovering a mention of the invented note shows
 * its concept line and the note's other mention of the same concept.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTsvVocabulary, DISORDERS_TSV, DRUGS_TSV, LINKING_NOTE, linkingNoteGold } from '../support/linkingNote';
import { OllamaTestServer } from '../support/ollamaServer';
import { poll, VsCode } from './support/vscode';
import { vscodeSession } from './support/session';
import { treeRows } from './support/styles';
import { visibleLabels } from './support/visibleText';

const NOTE = 'follow-up.note';

describe('e2e: concept linking in VS Code', function () {
  this.timeout(180_000);
  const s = vscodeSession(async (s) => {
    s.server = await OllamaTestServer.start({ gold: [linkingNoteGold()] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-e2e-linking-'));
    const folder = path.join(dir, 'notes');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, NOTE), LINKING_NOTE);
    const vocabularies = path.join(dir, 'vocabularies');
    fs.mkdirSync(vocabularies);
    const vocab = buildTsvVocabulary(vocabularies, 'cardio', DISORDERS_TSV);
    s.ws = { open: folder, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
    s.vscode = await VsCode.start({
      workspace: folder,
      settings: {
        'biomedNlp.ollama.host': s.server.url,
        'biomedNlp.linking.vocabularies': [{ path: vocab, types: ['problem'] }],
      },
    });
    await s.vscode.openFile(NOTE);
  });

  it("hovering a mention shows its concept and the other mention of it; an abbreviation the note defines, its long form's", async () => {
    const text = await s.vscode.hover('fibrillation', (t) => t.includes('MESH:D001281'));
    await s.vscode.screenshot('hover-concept');
    assert.ok(text.includes('Concept: MESH:D001281 Atrial Fibrillation, cardio'), text);
    assert.ok(text.includes('Also in this note: “Atrial fibrillation” (line 9)'), text);
    const ckd = await s.vscode.hover('CKD', (t) => t.includes('MESH:D051436'), { occurrence: 1 });
    assert.ok(ckd.includes('Concept: MESH:D051436 Renal Insufficiency, Chronic, cardio (an abbreviation this note defines)'), ckd);
  });

  it("the side panel's mention rows carry their concepts", async () => {
    const PANEL = 'workbench.view.extension.biomedNlp';
    await s.vscode.runCommand('Biomed NLP: Show the Note Panel');
    await poll('the Problem group', async () => (await treeRows(s.vscode.page, PANEL)).some((r) => r.label === 'Problem'), 30_000);
    await s.vscode.page
      .locator(`[id="${PANEL}"] .monaco-list-row`, { hasText: /^Problem/ })
      .first()
      .click();
    const rows = await poll('the problems with their concepts', async () => {
      const r = (await treeRows(s.vscode.page, PANEL)).filter((x) => /(^|· )line \d+/.test(x.description));
      return r.length >= 4 ? r : undefined;
    });
    const af = rows.find((r) => r.label === 'atrial fibrillation');
    assert.ok(af, JSON.stringify(rows));
    // The concept first, then where and how: at the sidebar's default width the description is cut from its end.
    assert.match(af.description, /^MESH:D001281 Atrial Fibrillation · line 4 · /);
    const ckd = rows.find((r) => r.label === 'CKD');
    assert.ok(ckd && ckd.description.startsWith('MESH:D051436'), JSON.stringify(rows));
    // What shows on screen at that width: the entity whole, and its concept's identifier after it.
    const visible = await visibleLabels(s.vscode.page, PANEL);
    for (const label of ['atrial fibrillation', 'CKD']) {
      const r = visible.find((x) => x.label === label);
      assert.ok(r && r.visible === label && /^MESH:D\d{6}/.test(r.visibleDescription), `${label} and its concept show: ${JSON.stringify(r)}`);
    }
    await s.vscode.screenshot('panel-concepts');
  });

  /** Writes `text` to `source`, runs Add a Vocabulary… and picks that file in its dialog, up to the format question. */
  async function addVocabularyFile(source: string, text: string): Promise<void> {
    fs.mkdirSync(path.dirname(source));
    fs.writeFileSync(source, text);
    await s.vscode.runCommand('Biomed NLP: Add a Vocabulary…');
    const page = s.vscode.page;
    const input = page.locator('.quick-input-widget input');
    // The file dialog (VS Code's own in the browser): once it shows its folder, the path typed, then accepted.
    await input.waitFor({ state: 'visible' });
    await poll('the file dialog at its folder', async () => (await input.inputValue()).endsWith('/'));
    // (The dialog may still set its own value as it settles: the path is typed again until the file is listed.)
    const file = page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(source) }).first();
    await poll('the file listed', async () => {
      if (await file.isVisible()) return true;
      if ((await input.inputValue()) !== source) await input.fill(source);
      return false;
    });
    await file.click();
  }

  it("Add a Vocabulary…: a MEDIC file's types are ticked for it (problem, disease), every type is a choice apart", async () => {
    await addVocabularyFile(path.join(s.ws.dir, 'medic', 'CTD_diseases.txt'), 'D006073||Gout|Gouts\n');
    const page = s.vscode.page;
    await poll('the format question', async () => (await page.locator('.quick-input-widget').innerText()).includes('in which format'));
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: /^medic/ })
      .first()
      .click();
    await poll('the types question', async () => (await page.locator('.quick-input-widget').innerText()).includes('which entity types'));
    const ticked = async () =>
      page.locator('.quick-input-list .monaco-list-row[aria-checked="true"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
    await poll('problem and disease ticked, as MEDIC serves', async () => (await ticked()).join() === 'problem,disease');
    // Every type is there, not ticked, and says what it risks.
    const all = page.locator('.quick-input-list .monaco-list-row', { hasText: 'every type: drugs and tests may get concepts of another domain' });
    assert.equal(await all.getAttribute('aria-checked'), 'false');
    await page.keyboard.press('Escape');
  });

  it('Add a Vocabulary…: a file picked, its format, the types it serves, its name; built beside it and added to the workspace settings; its concepts hover', async () => {
    const source = path.join(s.ws.dir, 'drugs', 'pharmacy.tsv');
    await addVocabularyFile(source, DRUGS_TSV);
    const page = s.vscode.page;
    // The format: the .tsv's own guess comes first.
    await poll('the format question', async () => (await page.locator('.quick-input-widget').innerText()).includes('in which format'));
    const first = page.locator('.quick-input-list .monaco-list-row').first();
    assert.match(await first.innerText(), /^tsv/);
    await page.keyboard.press('Enter');
    // The types it serves: treatment ticked.
    await poll('the types question', async () => (await page.locator('.quick-input-widget').innerText()).includes('which entity types'));
    // A row of a many-choice pick toggles its tick when clicked.
    const treatment = page.locator('.quick-input-list .monaco-list-row', { hasText: 'treatment' }).first();
    await treatment.waitFor({ state: 'visible' });
    await treatment.click();
    await poll('treatment ticked, alone', async () => {
      const ticked = await page
        .locator('.quick-input-list .monaco-list-row[aria-checked="true"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
      return ticked.join() === 'treatment';
    });
    await page.keyboard.press('Enter');
    await s.vscode.answerInputBox('Pharmacy', 'the name shown beside its concepts');
    const toast = await s.vscode.waitForNotification('added to the workspace settings for treatment', 60_000);
    const built = path.join(path.dirname(source), 'pharmacy.vocab');
    // The toast names the file; its long path (which a toast cuts in the middle) is in the log.
    assert.match(toast.message, /^Biomed NLP: Pharmacy \(\d+ concepts\) built as pharmacy\.vocab and added/);
    assert.ok(!toast.message.includes(path.dirname(source)), toast.message);
    assert.ok(fs.existsSync(built), 'the .vocab beside its source');
    const settings = JSON.parse(fs.readFileSync(path.join(s.ws.open, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(
      (settings['biomedNlp.linking.vocabularies'] as { path: string; types: string[] }[]).find((v) => v.path === built),
      { path: built, types: ['treatment'] },
    );
    const warfarin = await s.vscode.hover('warfarin', (t) => t.includes('MESH:D014859'), { timeoutMs: 30_000 });
    assert.ok(warfarin.includes('Concept: MESH:D014859 Warfarin, Pharmacy'), warfarin);
  });
});
