/**
 * What a tree row really shows at the view's width: the characters of its label (and of its
 * description after it) that are not clipped or replaced by the ellipsis (text-overflow:
 * ellipsis). For the panel tests (test/e2e/panel.test.ts, linking.test.ts): a verdict in the
 * DOM is not a verdict the user can read.
 */
import type { Page } from 'playwright-core';

export interface VisibleRow {
  /** The whole label, as in the DOM. */
  label: string;
  /** Its start as far as it is on screen (all of it when the label fits). */
  visible: string;
  /** The label did not fit: the rest is cut and an ellipsis shown. */
  clipped: boolean;
  /** The description, as in the DOM ('' for none). */
  description: string;
  /** Its start as far as it is on screen ('' when the label already fills the row). */
  visibleDescription: string;
}

/** Each tree row's label inside a workbench part (by element id), with what of it is visible. */
export async function visibleLabels(page: Page, containerId: string): Promise<VisibleRow[]> {
  return page.evaluate((id: string) => {
    const root = document.getElementById(id);
    if (!root) return [];
    const rows = Array.from(root.querySelectorAll<HTMLElement>('.monaco-list-row')).sort(
      (a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')),
    );
    return rows.map((row) => {
      const name = row.querySelector<HTMLElement>('.label-name');
      const desc = row.querySelector<HTMLElement>('.label-description');
      const label = String(name?.textContent ?? '');
      const description = String(desc?.textContent ?? '');
      if (!name) return { label, visible: '', clipped: false, description, visibleDescription: '' };
      // The right edge of what shows: the nearest boxes up to the row that clip their overflow.
      let right = row.getBoundingClientRect().right;
      let clipper: HTMLElement | undefined;
      for (let el: HTMLElement | null = name; el && el !== row; el = el.parentElement) {
        if (getComputedStyle(el).overflow !== 'visible' || getComputedStyle(el).overflowX !== 'visible') {
          right = Math.min(right, el.getBoundingClientRect().right);
          clipper ??= el;
        }
      }
      const clipped = !!clipper && clipper.scrollWidth > clipper.clientWidth + 1;
      // Where the ellipsis is drawn, no character shows: leave room for it.
      if (clipped) right -= 12;
      const range = document.createRange();
      // The characters of `el` up to the first that ends past the right edge.
      const shown = (el: HTMLElement | null): string => {
        let out = '';
        if (!el) return out;
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = String(node.textContent ?? '');
          for (let i = 0; i < text.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            if (range.getBoundingClientRect().right > right + 0.5) return out;
            out += text[i];
          }
        }
        return out;
      };
      const visible = shown(name);
      return { label, visible, clipped, description, visibleDescription: visible === label ? shown(desc) : '' };
    });
  }, containerId);
}

/**
 * The words of the visible workbench hover (a tooltip outside the editor) that are drawn
 * over two lines: the hover broke them. A word is what lies between spaces, the no-break
 * space included (a MarkdownString's appendText writes every space as one).
 */
export async function brokenHoverWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const hovers = Array.from(document.querySelectorAll<HTMLElement>('.workbench-hover, .monaco-hover')).filter(
      (h) => h.offsetParent !== null && !h.closest('.monaco-editor'),
    );
    const broken: string[] = [];
    const range = document.createRange();
    for (const hover of hovers) {
      const walker = document.createTreeWalker(hover, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = String(node.textContent ?? '');
        for (const m of text.matchAll(/[^\s\u00a0]+/g)) {
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          // One box per line the word is drawn on.
          const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(m[0]);
        }
      }
    }
    return broken;
  });
}
