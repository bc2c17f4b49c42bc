/**
 * Real VS Code (code-server) with the packaged extension while Ollama is away: the status
 * tooltip says what was done and what waits ("0 of N sentences analysed, waiting for
 * Ollama"), never undone checks as checked; the Outline shows the note's sections at once
 * and the side panel says what its entities wait for; when Ollama is back the Outline fills
 * in the entities by itself (no edit, no reopening).
 */
import * as assert from 'node:assert/strict';
import { segment } from '../../server/src/engine/text/segment';
import { fixtureNote } from '../support/gold';
import { poll, VsCode } from './support/vscode';
import { folderWorkspace, startOracle } from './support/workspace';
import { vscodeSession } from './support/session';
import { treeRows } from './support/styles';

const NOTE = 'ed-fall-anticoagulation';
const OUTLINE = 'workbench.view.explorer';
const PANEL = 'workbench.view.extension.biomedNlp';

describe('e2e: what the status, the Outline and the panel say while the model is away', function () {
  this.timeout(180_000);
  const s = vscodeSession(async (s) => {
    s.server = await startOracle();
    // Stopped: its port now refuses connections.
    await s.server.stop();
    s.ws = folderWorkspace([NOTE]);
    s.vscode = await VsCode.start({ workspace: s.ws.open, settings: { 'biomedNlp.ollama.host': s.server.url } });
  });
  const note = fixtureNote(NOTE);
  const headers = segment(note.text)
    .filter((x) => x.kind === 'header')
    .map((h) => h.text.replace(/:\s*$/, ''));
  const unreachable = async () => !!(await s.vscode.statusItem())?.text.startsWith('Biomed: Ollama unreachable');

  it('the tooltip says what waits for Ollama; the Outline has the sections and the panel says what it waits for', async () => {
    await s.vscode.openFile(`${NOTE}.note`);
    await poll('the status item to say unreachable', unreachable);
    const label = await poll("the status item to name the note's counts", async () => {
      const st = await s.vscode.statusItem();
      return st?.ariaLabel.includes('This note:') ? st.ariaLabel : undefined;
    });
    const counts = /This note: (.*)$/.exec(label)![1];
    assert.match(
      counts,
      /^0 of \d+ sentences analysed, waiting for Ollama; relations not looked for yet; (summary statements not checked yet|0 of \d+ summary statements checked), waiting for Ollama/,
    );
    assert.doesNotMatch(counts, /\b0 relations found|(\d+) of \1 summary/);
    // The rendered tooltip says the same as the item at the same moment (the statements may be
    // planned between two reads: the label is read again with each look at the tooltip).
    let said = '';
    const tooltip = await poll('the tooltip to say what the status item says', async () => {
      const now = /This note: (.*)$/.exec((await s.vscode.statusItem())?.ariaLabel ?? '')?.[1] ?? '';
      const t = await s.vscode.statusTooltip(undefined, (x) => x.includes('Model:'));
      said = t;
      return now && t.replace(/\s+/g, ' ').includes(`This note: ${now}`.replace(/\s+/g, ' ')) ? t : undefined;
    }).catch((err) => {
      throw new Error(`${err.message}\nlabel counts: ${counts}\ntooltip: ${said}`);
    });
    // The server's countdown goes stale in a tooltip, so the tooltip never carries one.
    assert.doesNotMatch(tooltip, /retrying in/, tooltip);
    await s.vscode.screenshot('waiting-status-tooltip');
    await s.vscode.page.mouse.move(10, 10);

    // The Outline: every section at once, with no entities yet (the model has answered nothing).
    await s.vscode.runCommand('Explorer: Focus on Outline View');
    const rows = await poll('the sections in the Outline', async () => {
      const r = await treeRows(s.vscode.page, OUTLINE);
      return r.some((x) => x.label === headers[0]) ? r : undefined;
    }).catch(async (err) => {
      throw new Error(`${err.message}\nrows: ${JSON.stringify(await treeRows(s.vscode.page, OUTLINE))}`);
    });
    assert.ok(await unreachable(), 'still unreachable');
    const first = rows.find((x) => x.label === headers[0])!;
    // What an abbreviated header stands for comes first ("history of present illness · 0 entities").
    assert.match(first.description, /(^|· )0 entities$/);
    assert.equal(first.expanded, undefined, 'a section with nothing in it yet');
    await s.vscode.screenshot('waiting-outline');

    await s.vscode.runCommand('Biomed NLP: Show the Note Panel');
    await poll('the panel to say what the entities wait for', async () => {
      const r = await treeRows(s.vscode.page, PANEL);
      return r.find((x) => x.label === 'Entities')?.description === '0 (waiting for Ollama)';
    });
    await s.vscode.screenshot('waiting-panel');
  });

  it('when Ollama is back, the Outline fills in the entities by itself and the tooltip counts the work done', async () => {
    await s.server.restart();
    await s.vscode.runCommand('Explorer: Focus on Outline View');
    const at = note.text.indexOf(headers[0]);
    const inFirst = note.gold.filter((g) => g.start > at && g.start < note.text.indexOf(headers[1])).length;
    assert.ok(inFirst > 0, 'the first section has gold entities');
    await poll(
      'the entities of the first section in the Outline',
      async () => {
        const r = await treeRows(s.vscode.page, OUTLINE);
        const i = r.findIndex((x) => x.label === headers[0]);
        // Collapsed or not (the Outline keeps what the user had), it now holds entities.
        return i >= 0 && new RegExp(`(^|· )${inFirst} entities$`).test(r[i].description) && r[i].expanded !== undefined;
      },
      60_000,
    ).catch(async (err) => {
      throw new Error(`${err.message}\nrows: ${JSON.stringify(await treeRows(s.vscode.page, OUTLINE))}`);
    });
    await s.vscode.screenshot('waiting-outline-filled');
    const counts = await poll(
      'the tooltip to count the analysed note',
      async () => {
        const st = await s.vscode.statusItem();
        const m = /This note: (\d+) of (\d+) sentences analysed; (.*)$/.exec(st?.ariaLabel ?? '');
        return m && m[1] === m[2] && !/waiting|so far|not looked for yet/.test(m[3]) ? m[3] : undefined;
      },
      60_000,
    );
    assert.match(counts, /^(\d+ relations? found|no relations found); /);
  });
});
