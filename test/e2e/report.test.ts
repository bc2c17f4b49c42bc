/**
 * `biomed report`'s page in a real browser (Debian's Chromium through playwright-core), with
 * the network cut off: the fixture notes annotated against the gold test server, reported,
 * opened from disk; the page asks for nothing beyond itself and shows the counts, a concept
 * and a section. Then at a phone's, a narrow window's and a wide screen's width (360, 600 and
 * 1280 px) the page does not overflow sideways, no table cell breaks inside a word, and the
 * chart fits its column; printed on A4 it fits the page. The pictures land in
 * test-results/report*.png (and the PDF beside them). Needs no code-server, only Chromium
 * (scripts/e2e-setup.sh installs it).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readJsonl } from '../../server/src/engine/formats/jsonl';
import { ensureCliBuilt, ROOT, runCli, showResult } from '../support/cli';
import { loadGoldDocuments, OllamaTestServer } from '../support/ollamaServer';
import { measureReport, pageMarginMm, pdfPageBoxes } from './support/reportLayout';
import { CHROMIUM, RESULTS_DIR } from './support/vscode';

const NOTES = path.join(ROOT, 'test', 'fixtures', 'notes');

describe('e2e: biomed report in Chromium', function () {
  this.timeout(120_000);
  let tmp: string;
  let server: OllamaTestServer;
  let browser: Browser | undefined;
  let annotated: string;
  let url: string;
  /** Requests the page made for anything but itself (every one is refused: the network is cut). */
  const asked: string[] = [];
  before(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: run \`bash scripts/e2e-setup.sh\``);
    ensureCliBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-e2e-report-'));
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES) });
    const env = { BIOMED_STATE_DIR: path.join(tmp, 'state') };
    annotated = path.join(tmp, 'annotated');
    let r = await runCli(['annotate', NOTES, '--out', annotated, '--host', server.url, '--no-nli'], { env });
    assert.equal(r.code, 0, showResult(r));
    const out = path.join(tmp, 'report.html');
    r = await runCli(['report', annotated, '--out', out], { env });
    assert.equal(r.code, 0, showResult(r));
    url = pathToFileURL(out).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The report opened offline in a fresh page of `width` CSS pixels. */
  async function open(width: number): Promise<Page> {
    const context = await browser!.newContext({ offline: true, viewport: { width, height: 900 } });
    const page = await context.newPage();
    page.on('request', (q) => {
      if (q.url() !== url) asked.push(q.url());
    });
    await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await page.goto(url);
    await page.waitForLoadState('load');
    return page;
  }

  it('opens offline, asks for nothing, and shows the counts, a concept and a section', async () => {
    // What the page must show, from annotate's output as the production reader reads it.
    const entities = fs.readdirSync(annotated).flatMap((f) => readJsonl(fs.readFileSync(path.join(annotated, f), 'utf8')).flatMap((d) => d.entities));
    const problems = entities.filter((e) => e.type === 'problem');
    const negatedProblems = problems.filter((e) => e.negated).length;
    assert.ok(negatedProblems > 0, 'the fixtures have a negated problem');
    const page = await open(1100);

    assert.equal(await page.locator('h1').innerText(), 'Corpus report');
    // The type table's problem row: its total, and its negated column.
    const problemRow = (await page.locator('table.types tr', { has: page.locator('th', { hasText: /^problem$/ }) }).innerText()).split('\t');
    assert.equal(problemRow[1], String(problems.length), problemRow.join(' | '));
    assert.equal(problemRow[3], String(negatedProblems), problemRow.join(' | '));
    // The chart: named for what it shows, a negated bar drawn, the commonest concept labelled.
    const chart = page.getByRole('img', { name: /most frequent concepts: affirmed against negated/ });
    assert.ok(await chart.isVisible(), 'the chart is shown');
    const negatedBar = await chart.locator('rect.negated').first().boundingBox();
    assert.ok(negatedBar && negatedBar.width > 0, 'a negated bar with a width');
    const counts = new Map<string, number>();
    for (const e of entities) counts.set(e.text.toLowerCase(), (counts.get(e.text.toLowerCase()) ?? 0) + 1);
    const firstLabel = await chart.locator('text').first().textContent();
    assert.equal(counts.get(firstLabel!.toLowerCase()), Math.max(...counts.values()), `${firstLabel} is a concept mentioned most often`);
    assert.ok(await chart.locator('text', { hasText: firstLabel! }).first().isVisible());
    // A section under its canonical name (the ED note's "HPI:").
    assert.ok(await page.locator('table.sections th', { hasText: /^history of present illness$/ }).isVisible(), 'the HPI section');

    await page.screenshot({ path: path.join(RESULTS_DIR, 'report.png'), fullPage: true });
    assert.deepEqual(asked, [], 'the page asked for nothing but itself');
    await page.context().close();
  });

  for (const width of [360, 600, 1280]) {
    it(`at ${width} px: no sideways overflow, no cell broken inside a word, the chart fits its column`, async () => {
      const page = await open(width);
      await page.screenshot({ path: path.join(RESULTS_DIR, `report-${width}.png`), fullPage: true });
      const m = await measureReport(page);
      assert.ok(m.scrollWidth <= m.innerWidth, `the page is ${m.scrollWidth} px wide in a ${m.innerWidth} px window`);
      // The type column: each type on one line. Any other cell of one word: not broken inside it.
      const types = m.cells.filter((c) => c.table === 'types');
      assert.ok(
        types.some((c) => c.text === 'problem'),
        types.map((c) => c.text).join(', '),
      );
      for (const c of m.cells.filter((c) => c.table === 'types' || /^[^\s-]+$/.test(c.text)))
        assert.equal(c.lines, 1, `${c.table}: "${c.text}" takes ${c.lines} lines`);
      // A table wider than the window scrolls in its own box, which stays inside the window.
      for (const t of m.tables) assert.ok(t.boxRight <= m.innerWidth, `the ${t.table} table reaches ${t.boxRight} px of ${m.innerWidth}`);
      if (width === 1280) for (const t of m.tables) assert.ok(t.right <= t.boxRight, `the ${t.table} table scrolls at ${width} px`);
      assert.ok(m.chart.left >= m.chart.boxLeft - 0.5 && m.chart.right <= m.chart.boxRight + 0.5, `the chart ${JSON.stringify(m.chart)}`);
      assert.deepEqual(m.clippedTexts, [], 'chart texts cut off at its edge');
      // Scaled down to fit, its words stay readable.
      assert.ok(m.labelHeight >= 10, `the chart's labels are ${m.labelHeight.toFixed(1)} px high at ${width} px`);
      await page.context().close();
    });
  }

  it('prints on A4: laid out for print it fits the page, and every page of the PDF is A4', async () => {
    const page = await open(1280);
    await page.emulateMedia({ media: 'print' });
    const margin = await pageMarginMm(page);
    assert.ok(margin !== undefined && margin >= 5 && margin <= 30, `the @page margin: ${margin} mm`);
    // The width a printed A4 page lays out in: 210 mm less the margins, at 96 CSS px an inch.
    const printable = Math.floor(((210 - 2 * margin) / 25.4) * 96);
    await page.setViewportSize({ width: printable, height: 1000 });
    await page.screenshot({ path: path.join(RESULTS_DIR, 'report-print.png'), fullPage: true });
    const m = await measureReport(page);
    assert.ok(m.scrollWidth <= printable, `printed, the page is ${m.scrollWidth} px wide on ${printable} px of paper`);
    for (const t of m.tables) assert.ok(t.right <= printable, `printed, the ${t.table} table reaches ${t.right} px of ${printable}`);
    assert.ok(m.chart.right <= printable, `printed, the chart reaches ${m.chart.right} px of ${printable}`);
    assert.deepEqual(m.clippedTexts, [], 'chart texts cut off at its edge');
    const pdf = await page.pdf({ format: 'A4' });
    fs.writeFileSync(path.join(RESULTS_DIR, 'report.pdf'), pdf);
    const boxes = pdfPageBoxes(pdf);
    assert.ok(boxes.length >= 1 && boxes.length <= 6, `${boxes.length} pages`);
    // A4 is 595.28 by 841.89 points.
    for (const b of boxes) assert.ok(Math.abs(b.width - 595.28) < 1 && Math.abs(b.height - 841.89) < 1, `a page of ${b.width} by ${b.height} pt`);
    await page.context().close();
  });
});
