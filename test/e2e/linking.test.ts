/**
 * Real VS Code (code-server) with the packaged extension: concept linking. A vocabulary
 * invented for the tests (support/linkingNote.ts) is built into a `.vocab` in the setup and
 * named in biomedNlp.linking.vocabularies; hovering a mention of the invented note shows
 * its concept line and the note's other mention of the same concept. With curation on, a
 * *Link to …* quick fix moves the status bar's "K of M reviewed" at once, to the count the
 * panel and the `.ann` hold.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTsvVocabulary, DISORDERS_TSV, DRUGS_TSV, LINKING_NOTE, linkingNoteGold } from '../support/linkingNote';
import { OllamaTestServer } from '../support/ollamaServer';
import { poll, VsCode } from './support/vscode';
import { Session, vscodeSession } from './support/session';
import { treeRows } from './support/styles';
import { visibleLabels } from './support/visibleText';
import { quickFixLabels, runQuickFix } from './support/quickFix';

const NOTE = 'follow-up.note';

const PANEL = 'workbench.view.extension.biomedNlp';

/**
 * The session of a suite: the invented note in a folder, its disorders vocabulary built and
 * named for problems; with `curation`, curation on in the folder's own settings.
 */
function linkingSession(opts: { curation?: boolean } = {}): Session {
  return vscodeSession(async (s) => {
    s.server = await OllamaTestServer.start({ gold: [linkingNoteGold()] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-e2e-linking-'));
    const folder = path.join(dir, 'notes');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, NOTE), LINKING_NOTE);
    if (opts.curation) {
      // As "Enable Curation for This Folder" writes it.
      fs.mkdirSync(path.join(folder, '.vscode'));
      fs.writeFileSync(path.join(folder, '.vscode/settings.json'), JSON.stringify({ 'biomedNlp.curation.enabled': true }));
    }
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
}

describe('e2e: concept linking in VS Code', function () {
  this.timeout(180_000);
  const s = linkingSession();

  it("hovering a mention shows its concept and the other mention of it; an abbreviation the note defines, its long form's", async () => {
    // (The other mention is named once the whole note is linked: the hover is read again until it is.)
    const text = await s.vscode.hover('fibrillation', (t) => t.includes('MESH:D001281') && t.includes('Also in this note'));
    await s.vscode.screenshot('hover-concept');
    assert.ok(text.includes('Concept: MESH:D001281 Atrial Fibrillation, cardio'), text);
    assert.ok(text.includes('Also in this note: “Atrial fibrillation” (line 9)'), text);
    const ckd = await s.vscode.hover('CKD', (t) => t.includes('MESH:D051436'), { occurrence: 1 });
    assert.ok(ckd.includes('Concept: MESH:D051436 Renal Insufficiency, Chronic, cardio (an abbreviation this note defines)'), ckd);
  });

  it("the side panel's mention rows carry their concepts", async () => {
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
    // The concept's name first, then where and how, its ID last: at the sidebar's default width the description is cut from its end.
    assert.match(af.description, /^Atrial Fibrillation · line 4 · .* · MESH:D001281$/);
    const ckd = rows.find((r) => r.label === 'CKD');
    assert.ok(ckd && ckd.description.startsWith('Renal Insufficiency, Chronic · ') && ckd.description.endsWith(' · MESH:D051436'), JSON.stringify(rows));
    // What shows on screen at that width: the entity whole, and its concept's name after it.
    const visible = await visibleLabels(s.vscode.page, PANEL);
    for (const label of ['atrial fibrillation', 'CKD']) {
      const r = visible.find((x) => x.label === label);
      assert.ok(r && r.visible === label && /^(Atrial|Renal) /.test(r.visibleDescription), `${label} and its concept show: ${JSON.stringify(r)}`);
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

describe('e2e: a Link quick fix and the counts of the review', function () {
  this.timeout(180_000);
  const s = linkingSession({ curation: true });
  const CURATION_ITEM = 'biomed-nlp.biomed-nlp.biomedNlp.curation';
  const selection = () => s.vscode.page.locator('.statusbar-item[id="status.editor.selection"]').innerText();
  /** The status bar's "K of M reviewed" (its icon renders as a glyph, not text). */
  const statusCount = async () => /(\d+) of (\d+) reviewed$/.exec((await s.vscode.statusItem(CURATION_ITEM))?.text.trim() ?? '');
  /** The panel's Agreement, "This note": "K of M mentions reviewed", with " (analysing…)" while the model runs. */
  const panelCount = async () =>
    /^(\d+) of (\d+) mentions? reviewed( \(analysing…\))?$/.exec(
      (await treeRows(s.vscode.page, PANEL)).find((r) => r.label === 'This note')?.description ?? '',
    );
  const annEntities = () => {
    const ann = path.join(s.ws.open, NOTE.replace(/\.note$/, '.ann'));
    return fs.existsSync(ann)
      ? fs
          .readFileSync(ann, 'utf8')
          .split('\n')
          .filter((l) => /^T\d+\t/.test(l)).length
      : 0;
  };

  /** The cursor inside `surface` (its `occurrence`-th), through Quick Open's `:line:column`; returns the status bar's "Ln, Col". */
  async function cursorIn(surface: string, occurrence = 0): Promise<string> {
    let at = -1;
    for (let i = 0; i <= occurrence; i++) at = LINKING_NOTE.indexOf(surface, at + 1);
    const lines = LINKING_NOTE.slice(0, at + 2).split('\n');
    await s.vscode.goTo(lines.length, lines[lines.length - 1].length + 1);
    const where = `Ln ${lines.length}, Col ${lines[lines.length - 1].length + 1}`;
    await poll(`the cursor at ${where}`, async () => (await selection()).trim() === where);
    return where;
  }

  /** Opens the quick-fix menu at the cursor (again until the analysis offers the Link fixes) and runs the one whose label starts with `title`. */
  async function applyQuickFix(title: string): Promise<void> {
    await quickFixLabels(s.vscode.page, `the quick fix "${title}…"`, (labels) => labels.some((l) => l.startsWith(title)));
    await runQuickFix(s.vscode.page, title);
  }

  it('after each Link quick fix the status bar says the K of M reviewed that the panel says and the .ann holds, without a cursor move', async () => {
    await s.vscode.runCommand('Biomed NLP: Show the Note Panel');
    // The analysis complete: the panel no longer says "analysing", and the status bar counts the same mentions.
    const start = await poll(
      'the review counted, the analysis complete',
      async () => {
        const [st, pa] = [await statusCount(), await panelCount()];
        return st && pa && !pa[3] && st[1] === '0' && pa[1] === '0' && st[2] === pa[2] ? Number(st[2]) : undefined;
      },
      60_000,
    ).catch(async (err) => {
      throw new Error(`${err.message}\nstatus: ${(await statusCount())?.[0]}; panel: ${JSON.stringify(await treeRows(s.vscode.page, PANEL))}`);
    });
    const total = start;
    assert.equal(total, 5, 'the five mentions of the note');
    // While the model runs the client asks the review again each second (client/src/curation.ts):
    // past that, nothing but the server's biomedNlp/curationChanged moves the status bar's count
    // (the cursor does not; the active editor stays the same).
    await new Promise((r) => setTimeout(r, 1500));

    for (const [k, surface, concept] of [
      [1, 'atrial fibrillation', 'MESH:D001281'],
      [2, 'chronic kidney disease', 'MESH:D051436'],
    ] as const) {
      const where = await cursorIn(surface);
      assert.equal((await statusCount())?.[0], `${k - 1} of ${total} reviewed`, 'the count before the fix');
      await applyQuickFix(`Link to ${concept} `);
      // No key, no click, no cursor move after the fix: the status bar follows by itself, soon.
      await poll(`the status bar at ${k} of ${total} reviewed`, async () => (await statusCount())?.[0] === `${k} of ${total} reviewed`, 3000).catch(
        async (err) => {
          throw new Error(
            `${err.message}; it says "${(await statusCount())?.[0]}", the panel "${(await panelCount())?.[0]}", the .ann ${annEntities()} entities`,
          );
        },
      );
      // The panel and the .ann agree with it (the panel follows the server's AnalysisChanged).
      await poll('the panel and the .ann at the same count', async () => (await panelCount())?.[1] === String(k) && annEntities() === k, 3000).catch(
        async (err) => {
          throw new Error(`${err.message}; the panel says "${(await panelCount())?.[0]}", the .ann holds ${annEntities()} entities`);
        },
      );
      const [st, pa] = [await statusCount(), await panelCount()];
      assert.deepEqual(
        { status: st?.[0], panel: pa?.[0], ann: annEntities() },
        { status: `${k} of ${total} reviewed`, panel: `${k} of ${total} mentions reviewed`, ann: k },
      );
      assert.equal((await selection()).trim(), where, 'the cursor did not move');
    }
    await s.vscode.screenshot('curation-counts');
  });
});
