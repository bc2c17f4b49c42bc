/**
 * What `biomed report`'s page looks like laid out in the browser, measured in the page: the
 * page's sideways overflow, how many lines each table cell takes, and where the chart and
 * its labels sit against its container. And the page boxes of a PDF Chromium printed. For
 * test/e2e/report.test.ts.
 */
import type { Page } from 'playwright-core';

export interface CellLines {
  table: string;
  text: string;
  lines: number;
}

export interface ReportLayout {
  innerWidth: number;
  scrollWidth: number;
  /** Every table cell with the number of line boxes its text occupies. */
  cells: CellLines[];
  /** Each table's box right edge, and the right edge of the box it scrolls in (or its own). */
  tables: { table: string; right: number; boxRight: number }[];
  chart: { left: number; right: number; boxLeft: number; boxRight: number; scale: number };
  /** Chart texts (labels and counts) that reach outside the chart, where they are clipped. */
  clippedTexts: string[];
  /** The rendered height of the chart's first label, in CSS pixels. */
  labelHeight: number;
}

/** The layout at the page's current viewport and media. */
export function measureReport(page: Page): Promise<ReportLayout> {
  return page.evaluate(() => {
    /** Line boxes of an element's text: distinct tops of its text's client rectangles. */
    const lines = (el: Element) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
    };
    /** A table's name: the id of the heading it is under. */
    const heading = (t: Element) => {
      let e = t.closest('body > *')?.previousElementSibling;
      while (e && e.tagName !== 'H2') e = e.previousElementSibling;
      return e?.id ?? '?';
    };
    const tables = Array.from(document.querySelectorAll('table'), (t) => ({ t, name: heading(t) }));
    const svg = document.querySelector('svg')!;
    const box = svg.parentElement!.getBoundingClientRect();
    const chartBox = svg.getBoundingClientRect();
    const viewBoxWidth = svg.viewBox.baseVal.width;
    return {
      innerWidth: window.innerWidth,
      scrollWidth: document.scrollingElement!.scrollWidth,
      cells: tables.flatMap(({ t, name }) => Array.from(t.querySelectorAll('th, td'), (c) => ({ table: name, text: c.textContent ?? '', lines: lines(c) }))),
      tables: tables.map(({ t, name }) => {
        // A scrolling box around the table (overflow-x other than visible), else the table itself.
        let scroller: Element = t;
        for (let e: Element | null = t.parentElement; e && e !== document.body; e = e.parentElement)
          if (getComputedStyle(e).overflowX !== 'visible') scroller = e;
        return { table: name, right: t.getBoundingClientRect().right, boxRight: scroller.getBoundingClientRect().right };
      }),
      chart: { left: chartBox.left, right: chartBox.right, boxLeft: box.left, boxRight: box.right, scale: chartBox.width / viewBoxWidth },
      clippedTexts: Array.from(svg.querySelectorAll('text'))
        .filter((t) => {
          const r = t.getBoundingClientRect();
          return r.left < chartBox.left - 0.5 || r.right > chartBox.right + 0.5 || r.top < chartBox.top - 0.5 || r.bottom > chartBox.bottom + 0.5;
        })
        .map((t) => t.textContent ?? ''),
      labelHeight: svg.querySelector('text')!.getBoundingClientRect().height,
    };
  });
}

/** The margin of the page's `@page` rule, in millimetres (its CSS holds it as `Nmm`). */
export function pageMarginMm(page: Page): Promise<number | undefined> {
  return page.evaluate(() => {
    for (const sheet of Array.from(document.styleSheets))
      for (const rule of Array.from(sheet.cssRules))
        if (rule instanceof CSSPageRule) {
          const m = /^([\d.]+)mm$/.exec(rule.style.getPropertyValue('margin-left'));
          if (m) return Number(m[1]);
        }
    return undefined;
  });
}

/** Each page's MediaBox width and height in points, from a PDF's page objects (Chromium writes them uncompressed). */
export function pdfPageBoxes(pdf: Buffer): { width: number; height: number }[] {
  const text = pdf.toString('latin1');
  const boxes: { width: number; height: number }[] = [];
  for (const m of text.matchAll(/\/Type\s*\/Page\b(?!s)[\s\S]*?\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/g))
    boxes.push({ width: Number(m[3]) - Number(m[1]), height: Number(m[4]) - Number(m[2]) });
  return boxes;
}
