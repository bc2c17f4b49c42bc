/**
 * Real VS Code (code-server) with the packaged extension: a relation hover, the NLI
 * findings in the Problems panel, and the "Check a Statement Against the Note" command
 * from the command palette.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
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
      // The message quotes a deciding sentence (long ones are cut with an ellipsis).
      assert.ok(
        e.evidence.some((sentence) => row.includes(sentence.slice(0, 40))),
        `${JSON.stringify(row)} quotes one of ${JSON.stringify(e.evidence)}`,
      );
    }
  });

  it('checks a statement typed into the command palette: "Contradicted by the note"', async () => {
    await s.vscode.runCommand('Biomed NLP: Check a Statement Against the Note');
    await s.vscode.answerInputBox('His renal function is normal.', 'Statement to check against the note');
    const n = await s.vscode.waitForNotification('Contradicted by the note');
    await s.vscode.screenshot('check-statement');
    assert.match(n.message, /^Contradicted by the note: “.+”/);
    // It quotes the gold evidence sentence of that statement.
    assert.ok(n.message.includes('Creatinine rose from 1.6 to 2.1 mg/dL'), n.message);
  });
});
