/**
 * Real VS Code (code-server) with the packaged extension: a folder with curation on in its
 * settings, one note reviewed with the keyboard only (Next / Previous Suggestion, Accept,
 * Reject through their keybindings), then the `.ann` the extension wrote beside the note,
 * read from disk: the accepted entities as T lines, the rejections as `#` notes; then a
 * `.ann` written by another tool, followed through the file watcher.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixtureNote } from '../support/gold';
import { poll, VsCode } from './support/vscode';
import { vscodeSession } from './support/session';
import { folderWorkspace, startOracle } from './support/workspace';

const NOTE = 'ed-chest-pain';
const CURATION_ITEM = 'biomed-nlp.biomed-nlp.biomedNlp.curation';

describe('e2e: curation with the keyboard', function () {
  this.timeout(120_000);
  const s = vscodeSession(async (s) => {
    s.server = await startOracle();
    s.ws = folderWorkspace([NOTE]);
    // Curation on in the folder's own settings, as "Enable Curation for This Folder" writes it.
    fs.mkdirSync(path.join(s.ws.open, '.vscode'));
    fs.writeFileSync(path.join(s.ws.open, '.vscode/settings.json'), JSON.stringify({ 'biomedNlp.curation.enabled': true }));
    s.vscode = await VsCode.start({ workspace: s.ws.open, settings: { 'biomedNlp.ollama.host': s.server.url } });
    await s.vscode.openFile(`${NOTE}.note`);
  });
  const note = fixtureNote(NOTE);
  // The oracle answers the note's gold: the suggestions are the gold entities, in order.
  const gold = (text: string, from = 0) => {
    const g = note.gold.find((x) => x.start >= from && note.text.slice(x.start, x.end) === text);
    assert.ok(g, `gold entity "${text}"`);
    return g;
  };
  const lineCol = (offset: number) => {
    const before = note.text.slice(0, offset).split('\n');
    return `Ln ${before.length}, Col ${before[before.length - 1].length + 1}`;
  };
  const selection = () => s.vscode.page.locator('.statusbar-item[id="status.editor.selection"]').innerText();
  const progress = async () => (await s.vscode.statusItem(CURATION_ITEM))?.text.trim() ?? '';

  /** A key chord in the focused editor; the command runs asynchronously, `until` says when it is done. */
  async function press(chord: string, what: string, until: () => Promise<boolean>): Promise<void> {
    await s.vscode.page.keyboard.press(chord);
    await poll(what, until, 10_000);
  }
  const next = (offset: number, key = 'Control+Alt+Period') =>
    press(key, `the cursor at ${lineCol(offset)}`, async () => (await selection()).trim() === lineCol(offset));
  const reviewed = (n: number, chord: string) =>
    press(chord, `${n} of ${note.gold.length} reviewed`, async () => (await progress()).endsWith(`${n} of ${note.gold.length} reviewed`));

  it('reviews a note with Next / Previous Suggestion, Accept and Reject and writes the .ann beside it', async () => {
    // Every sentence analysed (the main status says so), so that every suggestion is there.
    await poll(
      'the note analysed',
      async () => {
        const st = await s.vscode.statusItem();
        const m = /This note: (\d+) of (\d+) sentences? analysed/.exec(st?.ariaLabel ?? '');
        return m && m[1] === m[2];
      },
      30_000,
    );
    // Focus in the editor, the cursor at the top: the curation keys apply (editorTextFocus && biomedNlp.curating).
    await s.vscode.page.locator('.editor-group-container.active .view-line').first().click();
    await s.vscode.page.keyboard.press('Control+Home');
    await poll('the cursor at the top', async () => (await selection()).startsWith('Ln 1, Col 1'));

    const chestPain = gold('Chest pain');
    const hypertension = gold('hypertension');
    const hyperlipidemia = gold('hyperlipidemia');
    const diabetes = gold('type 2 diabetes mellitus');
    const troponin = gold('Troponin', note.text.indexOf('IMPRESSION'));
    const last = note.gold[note.gold.length - 1];
    assert.deepEqual(last, troponin, 'Troponin is the last suggestion of the note');

    await next(chestPain.start);
    // The status bar item's icon renders as a glyph, not text.
    assert.equal(await progress(), `0 of ${note.gold.length} reviewed`, 'nothing reviewed yet');
    await reviewed(1, 'Control+Alt+Backspace'); // Reject "Chest pain"
    await next(hypertension.start);
    await reviewed(2, 'Control+Alt+Enter');
    await next(hyperlipidemia.start);
    await reviewed(3, 'Control+Alt+Enter');
    // Before the cursor every suggestion is reviewed: Previous wraps around to the last one.
    await next(troponin.start, 'Control+Alt+Comma');
    await reviewed(4, 'Control+Alt+Backspace');
    // After it nothing is left: Next wraps around to the first unreviewed one.
    await next(diabetes.start);
    await reviewed(5, 'Control+Alt+Enter');
    await s.vscode.screenshot('curation-reviewed');

    // The .ann on disk: what was accepted as T lines (types, offsets, text of the note), the rejections as notes.
    const annPath = path.join(s.ws.open, `${NOTE}.ann`);
    const t = (id: number, g: { start: number; end: number; type: string }) => `T${id}\t${g.type} ${g.start} ${g.end}\t${note.text.slice(g.start, g.end)}`;
    const expected =
      [
        t(1, hypertension),
        t(2, hyperlipidemia),
        t(3, diabetes),
        // The HPI background ("58-year-old woman with X, Y and Z presents with ...") is history: accepted with its status.
        'A1\tHistorical T1',
        'A2\tHistorical T2',
        'A3\tHistorical T3',
        `#1\tRejected ${chestPain.type}:${chestPain.start}-${chestPain.end}\tChest pain`,
        `#2\tRejected ${troponin.type}:${troponin.start}-${troponin.end}\tTroponin`,
      ].join('\n') + '\n';
    const ann = await poll(
      'the .ann beside the note',
      () => (fs.existsSync(annPath) && fs.readFileSync(annPath, 'utf8') === expected ? true : undefined),
      5_000,
    ).then(
      () => fs.readFileSync(annPath, 'utf8'),
      () => (fs.existsSync(annPath) ? fs.readFileSync(annPath, 'utf8') : '(no file)'),
    );
    assert.equal(ann, expected);
    assert.deepEqual([chestPain.type, hypertension.type, troponin.type], ['problem', 'problem', 'test'], "the types are the project's, lower case");

    // Another tool writes the .ann (every gold entity curated): the editor's file watcher
    // reports it and the progress follows, without a key or an edit.
    fs.writeFileSync(annPath, note.gold.map((g, i) => t(i + 1, g)).join('\n') + '\n');
    await poll(
      `${note.gold.length} of ${note.gold.length} reviewed`,
      async () => (await progress()).endsWith(`${note.gold.length} of ${note.gold.length} reviewed`),
      15_000,
    );
  });
});
