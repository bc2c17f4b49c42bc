/**
 * Real VS Code (code-server) with the packaged extension: a relation hover, the NLI
 * findings in the Problems panel (evidence, not retrieval), "Show how this was checked",
 * and the "Check a Statement Against the Note" command from the command palette.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { claimWords } from '../../server/src/protocol/protocol';
import { fixtureNote, NOTES_DIR } from '../support/gold';
import { poll, VsCode } from './support/vscode';
import { folderWorkspace, startOracle } from './support/workspace';
import { vscodeSession } from './support/session';

const NOTE = 'discharge-heart-failure';

describe('e2e: relations and NLI in VS Code', function () {
  this.timeout(120_000);
  const s = vscodeSession(async (s) => {
    s.server = await startOracle();
    s.ws = folderWorkspace([NOTE]);
    s.vscode = await VsCode.start({ workspace: s.ws.open, settings: { 'biomedNlp.ollama.host': s.server.url } });
    await s.vscode.openFile(`${NOTE}.note`);
  });

  it('hovering "Warfarin" shows its gold relation: is administered for atrial fibrillation', async () => {
    const text = await s.vscode.hover('Warfarin', (t) => t.includes('is administered for') && t.includes('atrial fibrillation'));
    await s.vscode.screenshot('hover-relation');
    assert.match(text, /treatment/);
    assert.match(text, /Warfarin[\s\S]*is administered for[\s\S]*atrial fibrillation/);
    assert.match(text, /TrAP/);
  });

  it('lists the NLI findings of the note in the Problems panel', async () => {
    // The gold: the note's summary statements that the note contradicts or does not
    // support, where they are, and the sentences that decide them.
    const note = fixtureNote(NOTE);
    const labels = JSON.parse(fs.readFileSync(path.join(NOTES_DIR, `${NOTE}.nli.json`), 'utf8')) as { hypothesis: string; start: number; label: string }[];
    const evidence = JSON.parse(fs.readFileSync(path.join(NOTES_DIR, `${NOTE}.nli-evidence.json`), 'utf8')) as { hypothesis: string; evidence: string[] }[];
    const expected = labels
      .filter((g) => g.label !== 'entailment')
      .map((g) => {
        const before = note.text.slice(0, g.start).split('\n');
        return {
          hypothesis: g.hypothesis,
          code: g.label === 'contradiction' ? 'contradiction' : 'unsupported',
          where: `[Ln ${before.length}, Col ${before[before.length - 1].length + 1}]`,
          evidence: evidence.find((e) => e.hypothesis === g.hypothesis)!.evidence,
        };
      });
    assert.equal(expected.length, 2, 'the renal function and the arrhythmia statements');

    await s.vscode.page.mouse.move(5, 5);
    const rows = await poll(`${expected.length} findings in the Problems panel`, async () => {
      const r = await s.vscode.problems();
      return r.length === expected.length ? r : undefined;
    });
    await s.vscode.screenshot('problems-nli');
    for (const e of expected) {
      const row = rows.find((r) => r.includes(e.where));
      assert.ok(row, `a finding at ${e.where} for "${e.hypothesis}": ${JSON.stringify(rows)}`);
      assert.ok(row.includes(`biomed-nli ${e.code}`), `source and code of ${JSON.stringify(row)}`);
      // The message names the claim and quotes a deciding sentence.
      assert.ok(row.includes(`“${claimWords(e.hypothesis)}”: contradicted by the note: “`), row);
      assert.ok(
        e.evidence.some((sentence) => row.includes(sentence.slice(0, 40))),
        `${JSON.stringify(row)} quotes one of ${JSON.stringify(e.evidence)}`,
      );
    }
    // Nothing of retrieval's machinery anywhere in the panel.
    const panel = await s.vscode.page.locator('.markers-panel').innerText();
    assert.doesNotMatch(panel, /chosen for|shared words|checked while there was room/);
  });

  it('"Show how this was checked" opens a read-only account of every sentence checked', async () => {
    const note = fixtureNote(NOTE);
    const at = note.text.indexOf('His renal function is normal.');
    const before = note.text.slice(0, at).split('\n');
    await s.vscode.goTo(before.length, before[before.length - 1].length + 2);
    await s.vscode.page.keyboard.press('Control+.');
    // The quick-fix menu, walked with the keyboard (its pointer block takes the clicks).
    const item = s.vscode.page.locator('.action-widget .monaco-list-row', { hasText: 'Show how this was checked' });
    await item.first().waitFor({ state: 'visible', timeout: 20_000 });
    await poll('"Show how this was checked" to be focused', async () => {
      const focused = await s.vscode.page
        .locator('.action-widget .monaco-list-row.focused')
        .first()
        .getAttribute('aria-label', { timeout: 1000 })
        .catch(() => null);
      if (focused === 'Show how this was checked') return true;
      await s.vscode.page.keyboard.press('ArrowDown');
      return undefined;
    });
    await s.vscode.page.keyboard.press('Enter');
    const lines = await poll('the account in an editor', async () => {
      const text = (await s.vscode.renderedLines()).map((l) => l.text).join('\n');
      return text.includes('How this statement was checked') && text.includes('chosen for') ? text : undefined;
    });
    await s.vscode.screenshot('nli-how-checked');
    assert.match(lines, /Verdict: contradicted by the note/);
    // Wrapped at the editor's width: the long paragraph spans several rows, none cut off.
    await poll('the account wrapped', async () => {
      const rows = (await s.vscode.renderedLines()).map((l) => l.text);
      const first = rows.find((r) => r.startsWith('Each sentence below'));
      return first && !first.includes('limits allow.') && rows.some((r) => r.includes('limits allow.'));
    });
    // Deciding sentences first, and no retrieval scores without verbose tracing.
    assert.ok(lines.indexOf('Deciding (') >= 0 && lines.indexOf('Deciding (') < lines.indexOf('Creatinine rose'), lines);
    assert.doesNotMatch(lines, /score \d|cosine/);
    assert.match(lines, /line \d+: “Creatinine rose from 1\.6 to 2\.1 mg\/dL/);
    await s.vscode.page.keyboard.press('Control+W');
  });

  it('checks two statements typed into the command palette: each toast names its statement and verdict', async () => {
    await s.vscode.runCommand('Biomed NLP: Check a Statement Against the Note');
    await s.vscode.answerInputBox('His renal function is normal.', 'Statement to check against the note');
    const n = await s.vscode.waitForNotification('Contradicted by the note');
    // The statement, then the deciding sentence with its line (the gold evidence).
    const line = fixtureNote(NOTE).text.slice(0, fixtureNote(NOTE).text.indexOf('Creatinine rose')).split('\n').length;
    assert.equal(
      n.message,
      `Contradicted by the note: “His renal function is normal.” — line ${line}: “Creatinine rose from 1.6 to 2.1 mg/dL, so lisinopril was held.”`,
    );
    // A second check: its own toast names its own statement. The statement is gold of
    // another note (progress-diabetes-ckd): nothing in this one decides it.
    await s.vscode.runCommand('Biomed NLP: Check a Statement Against the Note');
    await s.vscode.answerInputBox('Kidney function is declining.', 'Statement to check against the note');
    // VS Code does not always raise an information toast right after a warning toast; it is
    // in the notification centre either way, with the text the user reads.
    await poll('the second check to finish', async () => !(await s.vscode.notifications()).some((n) => n.message.includes('checking the statement')), 60_000);
    const second = await s.vscode.notificationInCentre('Not supported by the note', 60_000);
    await s.vscode.screenshot('check-statement');
    assert.equal(second.message, 'Not supported by the note: “Kidney function is declining.”');
    assert.deepEqual(second.buttons, ['Show in Panel']);
  });
});
