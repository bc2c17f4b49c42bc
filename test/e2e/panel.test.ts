/**
 * Real VS Code (code-server) with the packaged extension: the *Biomed NLP* side panel
 * (entities by type with counts and mentions, relations, NLI findings, the colour legend),
 * the Outline (sections and their entities, from textDocument/documentSymbol), a statement
 * checked twice in a row (kept in the panel's Checks, the selection untouched), the status
 * text with the note's own counts, and word wrap on by default for notes. At the sidebar's
 * default width a row shows what identifies it; the status tooltip breaks no word.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENTITY_LEGEND } from '../../client/src/legend';
import { segment } from '../../server/src/engine/text/segment';
import { fixtureNote, NOTES_DIR } from '../support/gold';
import { poll, VsCode } from './support/vscode';
import { vscodeSession } from './support/session';
import { folderWorkspace, startOracle } from './support/workspace';
import { treeRows, type TreeRow } from './support/styles';
import { brokenHoverWords, visibleLabels } from './support/visibleText';

// Run in the browser; the project compiles without the DOM library.

const NOTE = 'discharge-heart-failure';
const PANEL = 'workbench.view.extension.biomedNlp';

describe('e2e: the side panel, the Outline, statement checks and the status', function () {
  this.timeout(180_000);
  const s = vscodeSession(async (s) => {
    s.server = await startOracle();
    s.ws = folderWorkspace([NOTE]);
    s.vscode = await VsCode.start({
      workspace: s.ws.open,
      // No wrap setting of the user's: the extension's default for notes applies.
      settings: { 'biomedNlp.ollama.host': s.server.url, 'editor.wordWrap': undefined, '[clinical-note]': {} },
    });
    await s.vscode.openFile(`${NOTE}.note`);
  });
  const note = fixtureNote(NOTE);
  const panelRows = (): Promise<TreeRow[]> => treeRows(s.vscode.page, PANEL);
  const row = (rows: TreeRow[], label: string | RegExp) => rows.find((r) => (typeof label === 'string' ? r.label === label : label.test(r.label)));

  it('wraps long lines of a note by default', async () => {
    const rendered = await poll('the note rendered', async () => {
      const r = await s.vscode.renderedLines();
      return r.length ? r : undefined;
    });
    const longest = Math.max(...note.text.split('\n').map((l) => l.length));
    assert.ok(longest > 200, 'the note has a long line');
    // Each rendered row is shorter than the longest line: it was wrapped.
    assert.ok(Math.max(...rendered.map((r) => r.text.length)) < longest, 'no row holds the longest line whole');
  });

  it('lists the entities by type with their counts, the relations, the findings and the legend', async () => {
    await s.vscode.runCommand('Biomed NLP: Show the Note Panel');
    const byType = new Map<string, number>();
    for (const g of note.gold) byType.set(g.type, (byType.get(g.type) ?? 0) + 1);
    const labels = JSON.parse(fs.readFileSync(path.join(NOTES_DIR, `${NOTE}.nli.json`), 'utf8')) as { label: string }[];
    const rows = await poll(
      'the panel to show the analysed note',
      async () => {
        const r = await panelRows();
        const entities = row(r, 'Entities');
        const findings = row(r, 'NLI findings');
        // Every gold entity, and every statement of the summary sections checked (the gold labels some of them).
        const done = findings && Number(findings.description) >= labels.length && !r.some((x) => x.label.startsWith('Checking…'));
        return entities?.description === String(note.gold.length) && done ? r : undefined;
      },
      30_000,
    ).catch(async (err) => {
      throw new Error(`${err.message}\nrows: ${JSON.stringify(await panelRows())}`);
    });
    await s.vscode.screenshot('panel');
    for (const [type, n] of byType) {
      const label = ENTITY_LEGEND.find((t) => t.id === type)!.label;
      assert.equal(row(rows, label)?.description, String(n), `${label}: ${JSON.stringify(rows)}`);
    }
    const relation = row(rows, 'Warfarin → atrial fibrillation');
    assert.ok(relation, `the Warfarin relation: ${JSON.stringify(rows)}`);
    assert.match(relation.description, /^is administered for · TrAP · line \d+/);
    const contradicted = rows.filter((r) => r.label.startsWith('Contradicted: “'));
    assert.equal(contradicted.length, labels.filter((l) => l.label === 'contradiction').length);
    // At the sidebar's default width (not widened), what a row shows on screen holds what
    // identifies it: a finding's verdict, a relation's pair (the rest of a long statement
    // or of a description may be cut, not these).
    const sidebar = await s.vscode.page.evaluate(() => document.getElementById('workbench.parts.sidebar')!.getBoundingClientRect().width);
    assert.ok(sidebar >= 280 && sidebar <= 320, `the side bar at its default width: ${sidebar} px`);
    const visible = await visibleLabels(s.vscode.page, PANEL);
    const verdictRows = visible.filter((r) => /^(Supported|Contradicted|Not supported|Check failed): “/.test(r.label));
    assert.equal(verdictRows.length, Number(row(rows, 'NLI findings')!.description), JSON.stringify(visible));
    for (const r of verdictRows) assert.match(r.visible, /^(Supported|Contradicted|Not supported|Check failed): “./, JSON.stringify(r));
    const relationRows = visible.filter((r) => / → /.test(r.label) && !r.label.includes('“'));
    assert.equal(relationRows.length, Number(row(rows, 'Relations')!.description), JSON.stringify(visible));
    for (const r of relationRows) {
      // The pair shows whole, or as much of it as the row holds: its head, the arrow and the tail's start.
      const [head, tail] = r.label.split(' → ');
      if (r.visible !== r.label) assert.ok(r.visible.startsWith(`${head} → ${tail.slice(0, 3)}`), `the pair shows: ${JSON.stringify(r)}`);
    }
    // The relations of this note that the row holds whole: none cut (the relation's words once came first and cut them).
    for (const pair of ['Warfarin → atrial fibrillation', 'intravenous furosemide → dyspnea', 'chest x-ray → pulmonary edema']) {
      const r = relationRows.find((x) => x.label === pair);
      assert.ok(r && r.visible === pair, `${pair} shows whole at the default width: ${JSON.stringify(r ?? relationRows)}`);
    }
    // (Some rows are longer than the view: the check above is about what shows, not the DOM.)
    assert.ok(
      visible.some((r) => r.clipped),
      `a long row is cut at the default width: ${JSON.stringify(visible.map((r) => [r.label.length, r.visible.length]))}`,
    );
    await s.vscode.screenshot('panel-default-width');

    // A type expands to its mentions (text, line, status), and a click selects the mention in the note.
    await s.vscode.page
      .locator(`[id="${PANEL}"] .monaco-list-row`, { hasText: /^Treatment/ })
      .first()
      .click();
    const mentions = await poll('the treatments listed', async () => {
      const r = await panelRows();
      const at = r.findIndex((x) => x.label === 'Treatment');
      const list = r.slice(at + 1).filter((x) => x.level === r[at].level + 1 && /^line \d+/.test(x.description));
      return list.length === byType.get('treatment') ? list : undefined;
    });
    const warfarin = mentions.find((m) => m.label === 'Warfarin');
    assert.ok(warfarin, JSON.stringify(mentions));
    const line = note.text.slice(0, note.text.indexOf('Warfarin')).split('\n').length;
    assert.match(warfarin.description, new RegExp(`^line ${line} · (affirmed|[a-z, ]+)`));
    await s.vscode.page
      .locator(`[id="${PANEL}"] .monaco-list-row`, { hasText: /^Warfarin/ })
      .first()
      .click();
    await poll('Warfarin selected in the editor', async () => {
      const status = await s.vscode.page.locator('.statusbar-item[id="status.editor.selection"]').innerText();
      return status.includes(`Ln ${line},`) && status.includes('(8 selected)');
    });

    // The legend: every type with its swatch colour.
    await s.vscode.runCommand('Biomed NLP: Show the Colour Legend');
    const legend = await poll('the legend', async () => {
      const r = await panelRows();
      return ENTITY_LEGEND.every((t) => row(r, t.label)) && row(r, 'negated') ? r : undefined;
    });
    // Each style in words: the negated band, and review state's box (a channel no status uses).
    assert.match(row(legend, 'negated')!.description, /grey band behind it: absent/);
    assert.match(row(legend, 'suggested')!.description, /dashed box: not yet reviewed/);
    const swatches = await s.vscode.page.evaluate((id: string) => {
      const rows = Array.from(document.getElementById(id)!.querySelectorAll('.monaco-list-row'));
      const firstSwatches = rows.map((r) => r.querySelector('.codicon-circle-large-filled')).filter((el): el is Element => el !== null);
      return firstSwatches.map((swatch) => getComputedStyle(swatch).color);
    }, PANEL);
    assert.equal(swatches.length, ENTITY_LEGEND.length, 'a swatch per type');
    assert.equal(new Set(swatches).size, ENTITY_LEGEND.length, `a colour per type: ${JSON.stringify(swatches)}`);
    await s.vscode.screenshot('panel-legend');
  });

  it('the Outline lists the sections of the note with their entities', async () => {
    await s.vscode.runCommand('Explorer: Focus on Outline View');
    const headers = segment(note.text)
      .filter((x) => x.kind === 'header')
      .map((h) => h.text.replace(/:\s*$/, ''));
    assert.ok(headers.length >= 3);
    // The Outline pane shows its first rows only (a virtual list): the first section and its entities.
    const rows = await poll(
      'the Outline',
      async () => {
        const r = await treeRows(s.vscode.page, 'workbench.view.explorer');
        const at = r.findIndex((x) => x.label === headers[0]);
        return at >= 0 && r[at + 1]?.level === r[at].level + 1 ? r : undefined;
      },
      30_000,
    ).catch(async (err) => {
      throw new Error(`${err.message}\nrows: ${JSON.stringify(await treeRows(s.vscode.page, 'workbench.view.explorer'))}`);
    });
    await s.vscode.screenshot('outline');
    // The section's children are its gold entities, in order, each with its type.
    const at = rows.findIndex((x) => x.label === headers[0]);
    const sectionStart = note.text.indexOf(headers[0]);
    const sectionEnd = note.text.indexOf(headers[1]);
    const gold = note.gold.filter((g) => g.start > sectionStart && g.start < sectionEnd);
    const children = rows.slice(at + 1).filter((x) => x.level === rows[at].level + 1);
    assert.ok(children.length > 0);
    children.forEach((c, i) => {
      assert.equal(c.label, note.text.slice(gold[i].start, gold[i].end));
      assert.ok(c.description.startsWith(gold[i].type), `${c.label}: ${c.description}`);
    });
    assert.match(rows[at].description, new RegExp(`(^|· )${gold.length} entities$`));
  });

  it('checks a statement twice in a row: same verdict, both kept in Checks, the selection untouched', async () => {
    await s.vscode.runCommand('Biomed NLP: Show the Note Panel');
    // The cursor in the note, nothing selected (focus was in the panel).
    await s.vscode.page.locator('.editor-group-container.active .view-line').first().click();
    const selection = () => s.vscode.page.locator('.statusbar-item[id="status.editor.selection"]').innerText();
    const before = await poll('the cursor in line 1, nothing selected', async () => {
      const text = await selection();
      return text.startsWith('Ln 1,') && !text.includes('selected') ? text : undefined;
    });
    const messages: string[] = [];
    for (let i = 1; i <= 2; i++) {
      await s.vscode.runCommand('Biomed NLP: Check a Statement Against the Note');
      await s.vscode.answerInputBox('His renal function is normal.', 'Statement to check against the note');
      // The verdict reaches the Checks section first; the toast follows it.
      await poll(
        'the check in the panel',
        async () => ((await panelRows()).some((r) => /contradicted/i.test(`${r.label} ${r.description ?? ''}`)) ? true : undefined),
        60_000,
      );
      // A picture of each check; waiting for the page to settle (as the screenshot does)
      // is also what lets the toast render after the Checks view has updated.
      await s.vscode.screenshot(`check-statement-twice-${i}`);
      const n = await s.vscode.waitForNotification('Contradicted by the note');
      messages.push(n.message);
      const checks = await poll(`check ${i} in the panel`, async () => {
        const r = await panelRows();
        return row(r, 'Checks')?.description === String(i) ? r : undefined;
      });
      // (The statement is also an NLI finding of the note: the checks are the rows that say what they were checked against.)
      const kept = checks.filter((r) => r.label === 'Contradicted: “His renal function is normal.”' && r.description === 'the whole note');
      assert.equal(kept.length, i, JSON.stringify(checks));
      assert.equal(await selection(), before, 'the selection is as it was');
      // VS Code shows an identical message again only once the first is gone.
      await s.vscode.runCommand('Notifications: Clear All Notifications');
    }
    assert.equal(messages[1], messages[0], 'the second check sees the whole note, as the first');
    assert.ok(messages[0].includes('Creatinine rose from 1.6 to 2.1 mg/dL'), messages[0]);
    await s.vscode.screenshot('panel-checks');
  });

  it('the status says ready with the note\'s own counts; a speed only as "N tok/s"', async () => {
    const item = await poll('the status item to say ready', async () => {
      const st = await s.vscode.statusItem();
      return st && st.text.startsWith('Biomed: ready') ? st : undefined;
    });
    assert.match(item.text, /^Biomed: ready · \S+( · \d+(\.\d)? tok\/s)?$/);
    // The item's accessible label carries the note's counts, as its tooltip does.
    const labelled = await poll("the status item to name the note's counts", async () => {
      const st = await s.vscode.statusItem();
      return st?.ariaLabel.includes('This note:') ? st : undefined;
    });
    const tooltip = labelled.ariaLabel;
    const m = /This note: (\d+) of (\d+) sentences? analysed; (\d+) relations? found; (\d+) of (\d+) summary statements? checked/.exec(tooltip);
    assert.ok(m, tooltip);
    assert.equal(m[1], m[2], 'every sentence analysed');
    assert.equal(m[4], m[5], 'every statement checked');
    const rows = await panelRows();
    assert.equal(m[3], row(rows, 'Relations')?.description, 'the relations the panel lists');
    assert.equal(m[5], row(rows, 'NLI findings')?.description, 'the statements the panel lists');
    // The tooltip as drawn: lines broken at spaces, never inside a word ("statem/ents" once).
    // (Its spaces are no-break spaces, which \s matches.)
    const flat = (t: string) => t.replace(/\s+/g, ' ');
    const shown = await s.vscode.statusTooltip(undefined, (t) => /This note: .* checked/.test(flat(t)));
    await s.vscode.screenshot('status-tooltip');
    assert.match(flat(shown), /This note: \d+ of \d+ sentences analysed; .* summary statements checked/);
    assert.deepEqual(await brokenHoverWords(s.vscode.page), [], shown);
  });
});
