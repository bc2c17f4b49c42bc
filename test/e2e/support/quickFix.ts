/** The quick-fix menu (Ctrl+.) as the keyboard uses it: open it until it offers what is wanted, then run one item. */
import type { Page } from 'playwright-core';
import { poll } from './vscode';

const ROWS = '.action-widget .monaco-list-row';

/** The menu's row labels at the cursor, once `ready(labels)` holds (opened again until the analysis offers them). */
export function quickFixLabels(page: Page, what: string, ready: (labels: string[]) => boolean): Promise<string[]> {
  return poll(
    what,
    async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+.');
      const rows = page.locator(ROWS);
      await rows
        .first()
        .waitFor({ state: 'visible', timeout: 3000 })
        .catch(() => undefined);
      const labels = await rows.evaluateAll((r) => r.map((x) => x.getAttribute('aria-label') ?? ''));
      return ready(labels) ? labels : undefined;
    },
    60_000,
    500,
  );
}

/** Runs the open menu's item whose label starts with `title`, walking to it with the arrow keys (its pointer block takes the clicks). */
export async function runQuickFix(page: Page, title: string): Promise<void> {
  await poll(`"${title}…" to be focused`, async () => {
    const focused = await page
      .locator(`${ROWS}.focused`)
      .first()
      .getAttribute('aria-label', { timeout: 1000 })
      .catch(() => null);
    if (focused?.startsWith(title)) return true;
    await page.keyboard.press('ArrowDown');
    return undefined;
  });
  await page.keyboard.press('Enter');
}
