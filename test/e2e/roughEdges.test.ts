/**
 * Real VS Code (code-server) with the packaged extension: what renders while the model is
 * away, and under curation. A statement checked while Ollama is away gets the first run's
 * non-modal warning with its ways forward (no modal error naming the request), and is checked
 * once Ollama answers; meanwhile the side panel says the summary statements wait, not that they failed.
 * With curation on, the Agreement section says nothing has been reviewed yet (no figures
 * over nothing), and after a rejection the panel and the Outline no longer list the mention.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { segment } from '../../server/src/engine/text/segment';
import { fixtureNote } from '../support/gold';
import { poll } from './support/vscode';
import { vscodeSession } from './support/session';
import { treeRows } from './support/styles';
import { folderWorkspace, startOracle } from './support/workspace';
import { VsCode } from './support/vscode';

const NOTE = 'discharge-heart-failure';
const PANEL = 'workbench.view.extension.biomedNlp';
const OUTLINE = 'workbench.view.explorer';
const STATEMENT = 'His renal function is normal.';
const WAITS = 'will be checked as soon as a model answers';

describe('e2e: a statement check with Ollama away, the panel while waiting, and curation in the panel and Outline', function () {
  this.timeout(240_000);
  const s = vscodeSession(async (s) => {
    s.server = await startOracle();
    // Stopped: its port now refuses connections.
    await s.server.stop();
    s.ws = folderWorkspace([NOTE]);
    fs.mkdirSync(path.join(s.ws.open, '.vscode'));
    fs.writeFileSync(path.join(s.ws.open, '.vscode/settings.json'), JSON.stringify({ 'biomedNlp.curation.enabled': true }));
    s.vscode = await VsCode.start({ workspace: s.ws.open, settings: { 'biomedNlp.ollama.host': s.server.url } });
  });
  const note = fixtureNote(NOTE);
  const panelRows = () => treeRows(s.vscode.page, PANEL);
  const modalShown = () => s.vscode.page.locator('.monaco-dialog-box').isVisible();

  it('checks a statement while Ollama is away: the ways forward, no modal error; the panel says the statements wait', async () => {
    await s.vscode.openFile(`${NOTE}.note`);
    await poll('the status item to say unreachable', async () => !!(await s.vscode.statusItem())?.text.startsWith('Biomed: Ollama unreachable'));
    await s.vscode.runCommand('Biomed NLP: Check a Statement Against the Note');
    await s.vscode.answerInputBox(STATEMENT, 'Statement to check against the note');
    const warning = await s.vscode.waitForNotification(WAITS, 60_000);
    assert.equal(
      warning.message,
      `Biomed NLP: “${STATEMENT}” ${WAITS}. No model can analyse notes yet: Ollama is not reachable at ${s.server.url}. ` +
        'Install and start Ollama, or use the embedded engine (it runs inside VS Code).',
    );
    assert.deepEqual(warning.buttons, ['Install Ollama', 'Use Embedded Engine', 'Walkthrough']);
    assert.equal(await modalShown(), false, 'no modal dialog');
    const all = await s.vscode.notifications();
    assert.ok(!all.some((n) => /resulted in an error|biomedNlp\/checkStatement/.test(n.message)), JSON.stringify(all));
    await s.vscode.screenshot('rough-edges-check-waits');

    // The side panel: each summary statement waits for Ollama; none "failed".
    await s.vscode.runCommand('Biomed NLP: Show the Note Panel');
    const rows = await poll(
      'the findings to say they wait',
      async () => {
        const r = await panelRows();
        const waiting = r.filter((x) => x.label.startsWith('Not checked yet: “'));
        return waiting.length > 0 && waiting.every((x) => x.description === 'not checked yet: waiting for Ollama') ? r : undefined;
      },
      60_000,
    ).catch(async (err) => {
      throw new Error(`${err.message}\nrows: ${JSON.stringify(await panelRows())}`);
    });
    assert.ok(!rows.some((x) => /^Check failed/i.test(x.label) || /failed/.test(x.description)), JSON.stringify(rows));
    await s.vscode.screenshot('rough-edges-panel-waiting');
  });

  it('when Ollama is back, the queued check runs and shows its verdict; the panel shows the findings', async () => {
    await s.server.restart();
    const verdict = await s.vscode.waitForNotification(`Contradicted by the note: “${STATEMENT}”`, 90_000);
    assert.match(verdict.message, /line \d+: “Creatinine rose from 1\.6 to 2\.1 mg\/dL/);
    assert.equal(await modalShown(), false);
    await poll(
      'the findings checked',
      async () => {
        const r = await panelRows();
        return r.some((x) => x.label.startsWith('Contradicted: “')) && !r.some((x) => x.label.startsWith('Not checked yet')) ? r : undefined;
      },
      60_000,
    );
    await s.vscode.screenshot('rough-edges-check-ran');
  });

  it('Agreement with nothing reviewed says so, without figures', async () => {
    await poll(
      'the note analysed',
      async () => {
        const m = /This note: (\d+) of (\d+) sentences? analysed/.exec((await s.vscode.statusItem())?.ariaLabel ?? '');
        return m && m[1] === m[2];
      },
      60_000,
    );
    const rows = await poll(
      'the Agreement section',
      async () => {
        const r = await panelRows();
        // The section follows the analysis: wait until it counts the note's mentions.
        const counted = r.find((x) => x.label === 'This note')?.description === `0 of ${note.gold.length} mentions reviewed`;
        return counted && r.some((x) => x.label.startsWith('Nothing reviewed yet')) ? r : undefined;
      },
      30_000,
    ).catch(async (err) => {
      throw new Error(`${err.message}\nrows: ${JSON.stringify(await panelRows())}`);
    });
    const header = rows.find((x) => x.label === 'This note');
    assert.equal(header?.description, `0 of ${note.gold.length} mentions reviewed`);
    assert.ok(!rows.some((x) => /P \d+\.\d/.test(x.description)), 'no precision over nothing');
    await s.vscode.screenshot('rough-edges-agreement-none');
  });

  it('after a rejection the panel and the Outline no longer list the mention', async () => {
    const headers = segment(note.text)
      .filter((x) => x.kind === 'header')
      .map((h) => h.text.replace(/:\s*$/, ''));
    const sectionStart = note.text.indexOf(headers[0]);
    const sectionEnd = note.text.indexOf(headers[1]);
    const inFirst = note.gold.filter((g) => g.start > sectionStart && g.start < sectionEnd);
    const target = inFirst[0];
    const text = note.text.slice(target.start, target.end);
    const outlineSection = async () => {
      const r = await treeRows(s.vscode.page, OUTLINE);
      const at = r.findIndex((x) => x.label === headers[0]);
      return at < 0 ? undefined : { section: r[at], children: r.slice(at + 1).filter((x) => x.level === r[at].level + 1) };
    };
    await s.vscode.runCommand('Explorer: Focus on Outline View');
    await poll('the Outline with the mention', async () => (await outlineSection())?.children.some((c) => c.label === text), 30_000);
    const typeCount = async () => Number((await panelRows()).find((x) => x.label.toLowerCase() === target.type)?.description ?? NaN);

    await s.vscode.runCommand('Biomed NLP: Show the Note Panel');
    const before = await poll('the type count', async () => (await typeCount()) || undefined);
    // The cursor on the mention, then Reject.
    const lines = note.text.slice(0, target.start).split('\n');
    await s.vscode.goTo(lines.length, lines[lines.length - 1].length + 2);
    await s.vscode.runCommand('Biomed NLP: Curation: Reject');
    await poll('the panel to count one mention less', async () => (await typeCount()) === before - 1, 30_000);
    await poll(
      'the Agreement to count the review',
      async () => (await panelRows()).find((x) => x.label === 'This note')?.description === `1 of ${note.gold.length} mentions reviewed`,
    );
    await s.vscode.screenshot('rough-edges-panel-rejected');

    await s.vscode.runCommand('Explorer: Focus on Outline View');
    // The section counts one entity less, and the rejected one is not among its rows (the Outline shows its first rows only: a virtual list).
    await poll(
      'the Outline without the rejected mention',
      async () => {
        const o = await outlineSection();
        return o && new RegExp(`(^|· )${inFirst.length - 1} entities$`).test(o.section.description) && !o.children.some((c) => c.label === text)
          ? o
          : undefined;
      },
      30_000,
    ).catch(async (err) => {
      throw new Error(`${err.message}\nrows: ${JSON.stringify(await treeRows(s.vscode.page, OUTLINE))}`);
    });
    await s.vscode.screenshot('rough-edges-outline-rejected');
  });
});
