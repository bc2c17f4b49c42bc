/**
 * What a tree row really shows at the view's width: the characters of its label that are
 * not clipped or replaced by the ellipsis (text-overflow: ellipsis). For the panel test
 * (test/e2e/panel.test.ts): a verdict in the DOM is not a verdict the user can read.
 */
import type { Page } from 'playwright-core';

export interface VisibleRow {
  /** The whole label, as in the DOM. */
  label: string;
  /** Its start as far as it is on screen (all of it when the label fits). */
  visible: string;
  /** The label did not fit: the rest is cut and an ellipsis shown. */
  clipped: boolean;
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
      const label = String(name?.textContent ?? '');
      if (!name) return { label, visible: '', clipped: false };
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
      const walker = document.createTreeWalker(name, NodeFilter.SHOW_TEXT);
      let visible = '';
      const range = document.createRange();
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = String(node.textContent ?? '');
        for (let i = 0; i < text.length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          if (range.getBoundingClientRect().right > right + 0.5) return { label, visible, clipped };
          visible += text[i];
        }
      }
      return { label, visible, clipped };
    });
  }, containerId);
}
