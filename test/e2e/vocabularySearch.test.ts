/**
 * Real VS Code (code-server) with the packaged extension: linking an entity under curation
 * when the linker's candidates are not the concept wanted. On "easy
 * bruising" the quick-fix menu offers only the candidate that shares a word (Contusions,
 * holding "Bruise"), not its look-alikes, and "Link: Search the Vocabulary…": a quick pick
 * whose items the server finds as the user types; the concept picked is written to the
 * `.ann` beside the note as a Link quick fix writes it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BRUISING_NOTE, bruisingNoteGold, buildTsvVocabulary, LOOKALIKES_TSV } from '../support/linkingNote';
import { OllamaTestServer } from '../support/ollamaServer';
import { poll, VsCode } from './support/vscode';
import { vscodeSession } from './support/session';
import { quickFixLabels, runQuickFix } from './support/quickFix';

const NOTE = 'bruising.note';

describe('e2e: Link: Search the Vocabulary… in VS Code', function () {
  this.timeout(180_000);
  const s = vscodeSession(async (s) => {
    s.server = await OllamaTestServer.start({ gold: [bruisingNoteGold()] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-e2e-search-'));
    const folder = path.join(dir, 'notes');
    fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(folder, NOTE), BRUISING_NOTE);
    // Curation on in the folder's own settings, as "Enable Curation for This Folder" writes it.
    fs.writeFileSync(path.join(folder, '.vscode/settings.json'), JSON.stringify({ 'biomedNlp.curation.enabled': true }));
    const vocab = buildTsvVocabulary(dir, 'lookalikes', LOOKALIKES_TSV);
    s.ws = { open: folder, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
    s.vscode = await VsCode.start({
      workspace: folder,
      settings: { 'biomedNlp.ollama.host': s.server.url, 'biomedNlp.linking.vocabularies': [{ path: vocab, types: ['problem'] }] },
    });
    await s.vscode.openFile(NOTE);
  });

  /** The quick-fix menu's rows at the cursor, once it lists the Link actions (opened again until the analysis is there). */
  const quickFixes = () => quickFixLabels(s.vscode.page, 'the Link quick fixes', (labels) => labels.some((l) => l.startsWith('Link')));

  it('offers only the candidate sharing a word, then finds Purpura as it is typed and links the entity to it', async () => {
    const page = s.vscode.page;
    const before = BRUISING_NOTE.slice(0, BRUISING_NOTE.indexOf('bruising') + 2).split('\n');
    await s.vscode.goTo(before.length, before[before.length - 1].length + 1);
    const labels = await quickFixes();
    const links = labels.filter((l) => l.startsWith('Link'));
    assert.deepEqual(links, ['Link to MESH:D003288 Contusions (shares “bruising”)', 'Link: No Concept Fits', 'Link: Search the Vocabulary…']);
    await runQuickFix(page, 'Link: Search the Vocabulary…');

    // The quick pick starts from the entity's text; what is typed asks the server again.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await poll('the entity text in the search', async () => (await input.inputValue()) === 'easy bruising');
    const rows = () => page.locator('.quick-input-list .monaco-list-row').evaluateAll((r) => r.map((x) => (x as HTMLElement).innerText.replace(/\s+/g, ' ')));
    // "easy" is no word of its names: Contusions ("Bruise") is listed as looking alike.
    await poll('Contusions listed for the entity text', async () => (await rows()).some((r) => r.includes('Contusions') && r.includes('MESH:D003288')));
    await input.fill('purp');
    const purpura = await poll('Purpura found by its start', async () => {
      const r = await rows();
      return r.length > 0 && r[0].includes('Purpura') && r[0].includes('MESH:D011693') && r[0].includes('name starts with the text') ? r : undefined;
    });
    assert.ok(!purpura.some((r) => r.includes('Contusions')), `the list follows the text: ${purpura.join(' | ')}`);
    await s.vscode.screenshot('search-vocabulary');
    await page.keyboard.press('Enter');

    // Stored as a Link quick fix stores it: the suggestion accepted, its concept as a brat N line.
    const annPath = path.join(s.ws.open, 'bruising.ann');
    const ann = await poll('the link in the .ann', () => {
      const text = fs.existsSync(annPath) ? fs.readFileSync(annPath, 'utf8') : '';
      return /^N1\tReference T1 MESH:D011693\tPurpura$/m.test(text) ? text : undefined;
    });
    const at = BRUISING_NOTE.indexOf('easy bruising');
    assert.match(ann, new RegExp(`^T1\\tproblem ${at} ${at + 13}\\teasy bruising$`, 'm'));
    // Decided: the quick fixes now offer to clear it.
    assert.ok((await quickFixes()).includes('Link: Clear the Decision'));
    await page.keyboard.press('Escape');
  });
});
