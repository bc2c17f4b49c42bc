/**
 * Real VS Code (code-server) with the packaged extension: the workspace as a corpus. *Analyse
 * All Notes in the Folder* from the command palette indexes notes that were never opened; Ctrl+T (Go to Symbol in Workspace) then finds an entity across them
 * and opens the note at it; the *Concepts* view lists concept → notes → mentions with counts
 * per status, and a mention opens its note with it selected; *Find a Concept in Notes…*
 * narrows the view.
 */
import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { fixtureNote } from '../support/gold';
import { poll, VsCode } from './support/vscode';
import { vscodeSession } from './support/session';
import { visibleLabels } from './support/visibleText';
import { folderWorkspace, startOracle } from './support/workspace';

const NOTES = ['discharge-heart-failure', 'ed-fall-anticoagulation', 'ed-chest-pain'];
const WORDS = 'atrial fibrillation';
const STATUS = '(affirmed|negated|possible|historical|hypothetical|family)';
/** The counts by status that lead a concept's or note's label: "2 affirmed, 1 negated". */
const COUNTS = `\\d+ ${STATUS}(, \\d+ ${STATUS})*`;
const PANEL = 'workbench.view.extension.biomedNlp';

interface Row {
  label: string;
  description: string;
  level: number;
  expanded?: boolean;
}

/** The lines (from 1) of the gold mentions of WORDS in a note. */
function goldLines(name: string): number[] {
  const note = fixtureNote(name);
  return note.gold.filter((g) => note.text.slice(g.start, g.end).toLowerCase() === WORDS).map((g) => note.text.slice(0, g.start).split('\n').length);
}

describe('e2e: Analyse All Notes in the Folder, workspace symbols and the Concepts view', function () {
  this.timeout(180_000);
  const s = vscodeSession(async (s) => {
    s.server = await startOracle();
    s.ws = folderWorkspace(NOTES);
    s.vscode = await VsCode.start({ workspace: s.ws.open, settings: { 'biomedNlp.ollama.host': s.server.url } });
  });
  const gold = NOTES.map((n) => ({ name: n, lines: goldLines(n) })).filter((n) => n.lines.length > 0);
  const goldCount = gold.reduce((k, n) => k + n.lines.length, 0);

  /** The Concepts view's pane in the Biomed NLP side bar. */
  const pane = (): Locator => s.vscode.page.locator('.pane', { has: s.vscode.page.locator('.pane-header h3.title', { hasText: /^concepts$/i }) }).first();
  const conceptRows = (): Promise<Row[]> =>
    pane().evaluate((el) =>
      Array.from(el.querySelectorAll<HTMLElement>('.monaco-list-row'))
        .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
        .map((r) => ({
          label: String(r.querySelector<HTMLElement>('.label-name')?.innerText ?? '').trim(),
          description: String(r.querySelector<HTMLElement>('.label-description')?.innerText ?? '').trim(),
          level: Number(r.getAttribute('aria-level') ?? 0),
          expanded: r.getAttribute('aria-expanded') === null ? undefined : r.getAttribute('aria-expanded') === 'true',
        })),
    );
  /** The open editors' tab labels. */
  const tabs = (): Promise<string[]> =>
    s.vscode.page.evaluate(() =>
      Array.from(document.querySelectorAll('.tabs-container .tab')).map((t) => String(t.getAttribute('aria-label') ?? t.textContent)),
    );
  const selection = (): Promise<string> => s.vscode.page.locator('.statusbar-item[id="status.editor.selection"]').innerText();
  const activeTab = (): Promise<string> =>
    s.vscode.page.evaluate(() => String(document.querySelector('.editor-group-container.active .tab.active')?.getAttribute('aria-label') ?? ''));

  /**
   * Runs a command from the palette; right after start-up, before the extension's commands are
   * registered with the workbench, the palette does not list them yet: open it again until it does.
   */
  const runFromPalette = async (title: string): Promise<void> => {
    const row = s.vscode.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await poll(
      `${title} in the command palette`,
      async () => {
        await s.vscode.closeQuickInput();
        await s.vscode.page.keyboard.press('Control+Shift+P');
        const input = s.vscode.page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill(`>${title}`);
        return row.waitFor({ state: 'visible', timeout: 2_000 }).then(
          () => true,
          () => false,
        );
      },
      60_000,
      500,
    );
    await row.click();
  };

  it('analyses every note of the folder from the command palette, none of them open', async () => {
    assert.ok(gold.length >= 2, `the fixture notes mention ${WORDS} in two notes at least: ${JSON.stringify(gold)}`);
    // Before: the Concepts view welcomes with the command (the index is empty).
    await runFromPalette('Biomed NLP: Show the Note Panel');
    const welcome = pane().locator('.welcome-view-content');
    await poll('the Concepts view welcome', async () => (await welcome.isVisible()) && (await welcome.innerText()).includes('No notes in the index yet'));
    assert.ok(await welcome.locator('a, .monaco-button', { hasText: 'Analyse All Notes in the Folder' }).first().isVisible());

    await s.vscode.runCommand('Biomed NLP: Analyse All Notes in the Folder');
    const done = await s.vscode.waitForNotification('notes in the folder:', 150_000);
    assert.equal(done.message, `Biomed NLP: ${NOTES.length} notes in the folder: ${NOTES.length} analysed, 0 already indexed.`);
    assert.ok(!(await tabs()).some((t) => t.includes('.note')), `no note was opened: ${JSON.stringify(await tabs())}`);
  });

  it('Ctrl+T finds the entity across the notes, named with type and status, and opens the note at it', async () => {
    await s.vscode.closeQuickInput();
    await s.vscode.page.keyboard.press('Control+T');
    const input = s.vscode.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`#${WORDS}`);
    const rows = s.vscode.page.locator('.quick-input-list .monaco-list-row');
    const texts = await poll(
      `${goldCount} workspace symbols for ${WORDS}`,
      async () => {
        const all = (await rows.allInnerTexts()).filter((t) => new RegExp(`^${WORDS} \\(problem, ${STATUS}`, 'i').test(t));
        return all.length === goldCount ? all : undefined;
      },
      30_000,
    ).catch(async (err) => {
      throw new Error(`${err.message}\nrows: ${JSON.stringify(await rows.allInnerTexts())}`);
    });
    for (const n of gold) {
      assert.equal(texts.filter((t) => t.includes(`${n.name}.note`)).length, n.lines.length, `${n.name}: ${JSON.stringify(texts)}`);
    }
    assert.ok(!(await tabs()).some((t) => t.includes('.note')), 'none of the notes is open');
    await s.vscode.screenshot('workspace-symbols');

    const target = gold.find((n) => n.name === 'ed-fall-anticoagulation') ?? gold[0];
    await rows
      .filter({ hasText: `${target.name}.note` })
      .first()
      .click();
    await poll(`${target.name}.note open at ${WORDS}`, async () => {
      if (!(await activeTab()).includes(`${target.name}.note`)) return false;
      const at = /Ln (\d+),/.exec(await selection());
      return !!at && target.lines.includes(Number(at[1]));
    });
  });

  it('the Concepts view: concept rows with their counts; Find a Concept in Notes… narrows it; a mention opens the note with it selected', async () => {
    await s.vscode.runCommand('Biomed NLP: Show the Note Panel');
    // Room for the Concepts view: the Note view collapsed.
    const notePane = s.vscode.page.locator('.pane', { has: s.vscode.page.locator('.pane-header h3.title', { hasText: /^note$/i }) }).first();
    if ((await notePane.locator('.pane-header').getAttribute('aria-expanded')) === 'true') await notePane.locator('.pane-header').click();
    const labelRe = new RegExp(`^(${COUNTS}) · (.+)$`);
    const countsRe = /^(\d+) mentions?( · \S+)?$/;
    const all = await poll('the Concepts view to list concepts', async () => {
      const r = (await conceptRows()).filter((x) => x.level === 1);
      return r.length > 3 && r.every((x) => labelRe.test(x.label) && countsRe.test(x.description)) ? r : undefined;
    }).catch(async (err) => {
      throw new Error(`${err.message}\nrows: ${JSON.stringify(await conceptRows())}`);
    });
    assert.ok(!(await pane().locator('.welcome-view-content').isVisible()), 'no welcome once notes are indexed');
    // At the side bar's default width (not widened) every concept row shows its counts by
    // status whole: not cut by the ellipsis (a long name once left them no room).
    const sidebar = await s.vscode.page.evaluate(() => document.getElementById('workbench.parts.sidebar')!.getBoundingClientRect().width);
    assert.ok(sidebar >= 280 && sidebar <= 320, `the side bar at its default width: ${sidebar} px`);
    const countsShow = async (rows: Row[]): Promise<void> => {
      const visible = await visibleLabels(s.vscode.page, PANEL);
      for (const r of rows) {
        const v = visible.find((x) => x.label === r.label);
        const counts = labelRe.exec(r.label)![1];
        assert.ok(v && v.visible.startsWith(`${counts} · `), `“${counts}” shows whole: ${JSON.stringify(v ?? visible)}`);
      }
    };
    await countsShow(all);

    await s.vscode.runCommand('Biomed NLP: Find a Concept in Notes…');
    const input = s.vscode.page.locator('.quick-input-widget input');
    await input.fill(WORDS);
    await s.vscode.page.locator('.quick-input-list .monaco-list-row', { hasText: WORDS }).first().waitFor({ state: 'visible' });
    await s.vscode.page.keyboard.press('Enter');
    const narrowed = await poll('the view narrowed to the concept', async () => {
      const r = await conceptRows();
      const concepts = r.filter((x) => x.level === 1);
      return concepts.length > 0 && concepts.length < all.length && concepts.every((x) => x.label.toLowerCase().includes(WORDS)) ? r : undefined;
    }).catch(async (err) => {
      throw new Error(`${err.message}\nrows: ${JSON.stringify(await conceptRows())}`);
    });
    // The title bar shows its title whole beside its actions (no search words: the message says them).
    const header = await pane()
      .locator('.pane-header')
      .evaluate((h) =>
        Array.from(h.querySelectorAll<HTMLElement>('h3.title, .description')).map((el) => ({
          text: el.innerText.trim().toLowerCase(),
          whole: el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().right <= h.getBoundingClientRect().right,
        })),
      );
    assert.deepEqual(
      header.filter((x) => x.text),
      [{ text: 'concepts', whole: true }],
      JSON.stringify(header),
    );
    assert.match(await pane().innerText(), new RegExp(`Showing “${WORDS}” in ${NOTES.length} notes indexed`, 'i'));
    // The concept of exactly these words: its count is the gold's, over the notes that mention it.
    const concept = narrowed.find((x) => x.level === 1 && labelRe.exec(x.label)?.at(-1)?.toLowerCase() === WORDS);
    assert.ok(concept, JSON.stringify(narrowed));
    assert.equal(Number(countsRe.exec(concept.description)?.[1]), goldCount, concept.description);
    await countsShow(narrowed.filter((x) => x.level === 1));
    if (!concept.expanded)
      await pane()
        .locator('.monaco-list-row[aria-level="1"]', { hasText: new RegExp(` · ${WORDS}`, 'i') })
        .first()
        .click();
    const target = gold.find((n) => n.name === 'discharge-heart-failure') ?? gold[0];
    const notes = await poll('the concept’s notes', async () => {
      const r = (await conceptRows()).filter((x) => x.level === 2);
      return r.length === gold.length ? r : undefined;
    });
    const noteRow = notes.find((x) => x.label.endsWith(` · ${target.name}.note`));
    assert.ok(noteRow, JSON.stringify(notes));
    assert.ok(labelRe.test(noteRow.label), noteRow.label);
    assert.equal(noteRow.description, `${target.lines.length} mention${target.lines.length === 1 ? '' : 's'}`);
    await countsShow(notes);
    await pane()
      .locator('.monaco-list-row[aria-level="2"]', { hasText: `${target.name}.note` })
      .first()
      .click();
    const mentions = await poll('the note’s mentions', async () => {
      const r = (await conceptRows()).filter((x) => x.level === 3);
      return r.length === target.lines.length ? r : undefined;
    });
    for (const m of mentions) assert.match(m.description, new RegExp(`^${STATUS}(, ${STATUS})* · line (\\d+)( · [a-z ]+)?$`));
    assert.deepEqual(
      mentions.map((m) => Number(/ · line (\d+)/.exec(m.description)![1])).sort((a, b) => a - b),
      [...target.lines].sort((a, b) => a - b),
    );
    await s.vscode.screenshot('concepts-view');

    const line = Number(/ · line (\d+)/.exec(mentions[0].description)![1]);
    await pane().locator('.monaco-list-row[aria-level="3"]').first().click();
    await poll(`${target.name}.note with the mention selected`, async () => {
      if (!(await activeTab()).includes(`${target.name}.note`)) return false;
      const status = await selection();
      return status.includes(`Ln ${line},`) && status.includes(`(${WORDS.length} selected)`);
    });
  });
});
