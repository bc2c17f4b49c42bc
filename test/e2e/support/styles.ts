/**
 * Reading what the editor renders, style included: each character run's colour, italic,
 * bold and line-through, the editor's background, and the panel's tree rows. For the colour,
 * panel, Outline and status tests (test/e2e/colours.test.ts, test/e2e/panel.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { poll, VsCode } from './vscode';

export interface StyledRun {
  start: number;
  end: number;
  color: string;
  italic: boolean;
  bold: boolean;
  strike: boolean;
  underline: boolean;
}

/** The active editor's lines (0-based, unwrapped editors only) with one run per rendered token span. */
export async function styledLines(page: Page): Promise<Map<number, { text: string; runs: StyledRun[] }>> {
  const lines = await page.evaluate(() => {
    const viewLines = document.querySelector('.editor-group-container.active .monaco-editor .lines-content > .view-lines');
    if (!viewLines) return [];
    const out: { line: number; text: string; runs: StyledRun[] }[] = [];
    for (const el of Array.from(viewLines.querySelectorAll<HTMLElement>(':scope > .view-line'))) {
      const line = Math.round(parseFloat(el.style.top) / parseFloat(el.style.height));
      let col = 0;
      let text = '';
      const runs: StyledRun[] = [];
      for (const span of Array.from(el.querySelectorAll(':scope > span > span'))) {
        const t = String(span.textContent ?? '').replace(/\u00a0/g, ' ');
        if (!t.length) continue;
        const cs = getComputedStyle(span);
        const deco = String(cs.textDecorationLine ?? cs.textDecoration ?? '');
        runs.push({
          start: col,
          end: col + t.length,
          color: cs.color,
          italic: cs.fontStyle === 'italic',
          bold: Number(cs.fontWeight) >= 600 || cs.fontWeight === 'bold',
          strike: deco.includes('line-through'),
          underline: deco.includes('underline'),
        });
        col += t.length;
        text += t;
      }
      out.push({ line, text, runs });
    }
    return out;
  });
  return new Map(lines.map((l) => [l.line, { text: l.text, runs: l.runs as StyledRun[] }]));
}

/** The run under document offset `offset` of `text` (the note's text), if that line is rendered. */
export function runAt(lines: Map<number, { text: string; runs: StyledRun[] }>, text: string, offset: number): StyledRun | undefined {
  const before = text.slice(0, offset).split('\n');
  const line = before.length - 1;
  const col = before[line].length;
  return lines.get(line)?.runs.find((r) => r.start <= col && col < r.end);
}

/** The editor's background colour as rendered. */
export async function editorBackground(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el =
      document.querySelector('.editor-group-container.active .monaco-editor .monaco-editor-background') ??
      document.querySelector('.editor-group-container.active .monaco-editor');
    return el ? getComputedStyle(el).backgroundColor : '';
  });
}

/** Switches the colour theme by the user settings file (as Preferences: Color Theme writes it). */
export async function setUserSettings(vscode: VsCode, changes: Record<string, unknown>): Promise<void> {
  const file = path.join(vscode.tmp, 'user-data/User/settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.writeFileSync(file, JSON.stringify({ ...settings, ...changes }, null, 2));
}

/** The built-in themes by settings id: the label the theme picker shows, and the file VS Code names them by in the workbench's classes. */
export const BUILT_IN_THEMES: Record<string, { label: string; file: string }> = {
  // VS Code's default first: right after start-up the picker may not list the themes yet.
  'Default Dark Modern': { label: 'Dark Modern', file: 'dark_modern' },
  'Default Light Modern': { label: 'Light Modern', file: 'light_modern' },
  'Default Light+': { label: 'Light+', file: 'light_plus' },
  'Default Dark+': { label: 'Dark+', file: 'dark_plus' },
  'Default High Contrast': { label: 'Dark High Contrast', file: 'hc_black' },
  'Default High Contrast Light': { label: 'Light High Contrast', file: 'hc_light' },
};

/** Switches the colour theme as a user does: *Preferences: Color Theme*, then the theme's label. */
export async function setTheme(vscode: VsCode, theme: string): Promise<void> {
  const { label, file } = BUILT_IN_THEMES[theme];
  const cls = `themes-${file}-json`;
  const applied = () => vscode.page.evaluate((c: string) => String(document.querySelector('.monaco-workbench')?.className ?? '').includes(c), cls);
  if (await applied()) return;
  const input = vscode.page.locator('.quick-input-widget input');
  const row = vscode.page
    .locator('.quick-input-list .monaco-list-row', { has: vscode.page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[+]/g, '\\+')}$`) }) })
    .first();
  // Right after start-up the picker lists no themes until they are loaded, and an open picker
  // keeps its list: open it again until it lists the theme.
  await poll(
    `${label} in the theme picker`,
    async () => {
      await vscode.runCommand('Preferences: Color Theme');
      // The picker replaces the command palette in the same widget: wait for it before typing.
      await poll('the colour theme picker', async () =>
        /color theme/i.test(`${await input.getAttribute('placeholder')} ${await input.getAttribute('aria-label')}`),
      );
      await input.fill(label);
      await new Promise((r) => setTimeout(r, 300));
      return row.isVisible();
    },
    40_000,
    1_000,
  );
  await row.click();
  await poll(`the theme ${theme}`, applied, 20_000);
  await vscode.closeQuickInput();
}

export interface TreeRow {
  label: string;
  description: string;
  level: number;
  expanded: boolean | undefined;
}

/** The rows of the trees inside a workbench part (by its element id, e.g. a view container), as rendered. */
export async function treeRows(page: Page, containerId: string): Promise<TreeRow[]> {
  return page.evaluate((id: string) => {
    const root = document.getElementById(id);
    if (!root) return [];
    const rows = Array.from(root.querySelectorAll<HTMLElement>('.monaco-list-row'));
    return rows
      .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
      .map((r) => ({
        label: String(r.querySelector<HTMLElement>('.label-name')?.innerText ?? '').trim(),
        description: String(r.querySelector<HTMLElement>('.label-description')?.innerText ?? '').trim(),
        level: Number(r.getAttribute('aria-level') ?? 0),
        expanded: r.getAttribute('aria-expanded') === null ? undefined : r.getAttribute('aria-expanded') === 'true',
      }));
  }, containerId);
}

/** A decoration drawn behind or around text (the view overlays of the editor): its border style and background. */
export interface Mark {
  border: string;
  background: string;
}

/**
 * The extension's decorations (their classes start with `ced-`) whose box overlaps the
 * character at `line`:`col` of the active, unwrapped editor: the dashed box of an unreviewed
 * suggestion, the band behind a negated mention.
 */
export async function marksAt(page: Page, line: number, col: number): Promise<Mark[]> {
  return page.evaluate(
    ({ line, col }) => {
      const editor = document.querySelector('.editor-group-container.active .monaco-editor');
      const el = Array.from(editor?.querySelectorAll<HTMLElement>('.lines-content > .view-lines > .view-line') ?? []).find(
        (l) => Math.round(parseFloat(l.style.top) / parseFloat(l.style.height)) === line,
      );
      if (!el) return [];
      // The character's box, through the text node that holds it.
      let at = col;
      let box: DOMRect | undefined;
      for (const span of Array.from(el.querySelectorAll(':scope > span > span'))) {
        const node = span.firstChild;
        const n = String(span.textContent ?? '').length;
        if (node && at < n) {
          const r = document.createRange();
          r.setStart(node, at);
          r.setEnd(node, at + 1);
          box = r.getBoundingClientRect();
          break;
        }
        at -= n;
      }
      if (!box) return [];
      const cx = box.left + box.width / 2;
      const cy = box.top + box.height / 2;
      const out: { border: string; background: string }[] = [];
      for (const d of Array.from(editor!.querySelectorAll<HTMLElement>('.view-overlays .cdr'))) {
        if (!Array.from(d.classList).some((c) => c.startsWith('ced-'))) continue;
        const r = d.getBoundingClientRect();
        if (r.left <= cx && cx <= r.right && r.top <= cy && cy <= r.bottom) {
          const cs = getComputedStyle(d);
          out.push({ border: cs.borderTopWidth === '0px' ? 'none' : cs.borderTopStyle, background: cs.backgroundColor });
        }
      }
      return out;
    },
    { line, col },
  );
}

/** The active editor's visual rows (wrapped lines give several), top to bottom, as text. */
export async function visualRows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const viewLines = document.querySelector('.editor-group-container.active .monaco-editor .lines-content > .view-lines');
    const rows = Array.from(viewLines?.querySelectorAll<HTMLElement>(':scope > .view-line') ?? []);
    return rows
      .map((r) => ({ top: parseFloat(r.style.top), text: String(r.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((r) => r.text);
  });
}
