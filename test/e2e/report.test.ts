/**
 * `biomed report`'s page in a real browser (Debian's Chromium through playwright-core), with
 * the network cut off: the fixture notes annotated against the gold test server, reported,
 * opened from disk; the page asks for nothing beyond itself and shows the counts, a concept
 * and a section. The picture lands in test-results/report.png. Needs no code-server, only
 * Chromium (scripts/e2e-setup.sh installs it).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { readJsonl } from '../../server/src/engine/formats/jsonl';
import { ensureCliBuilt, ROOT, runCli, showResult } from '../support/cli';
import { loadGoldDocuments, OllamaTestServer } from '../support/ollamaServer';
import { CHROMIUM, RESULTS_DIR } from './support/vscode';

const NOTES = path.join(ROOT, 'test', 'fixtures', 'notes');

describe('e2e: biomed report in Chromium', function () {
  this.timeout(120_000);
  let tmp: string;
  let server: OllamaTestServer;
  let browser: Browser | undefined;
  before(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: run \`bash scripts/e2e-setup.sh\``);
    ensureCliBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-e2e-report-'));
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES) });
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('opens offline, asks for nothing, and shows the counts, a concept and a section', async () => {
    const env = { BIOMED_STATE_DIR: path.join(tmp, 'state') };
    const annotated = path.join(tmp, 'annotated');
    let r = await runCli(['annotate', NOTES, '--out', annotated, '--host', server.url, '--no-nli'], { env });
    assert.equal(r.code, 0, showResult(r));
    const out = path.join(tmp, 'report.html');
    r = await runCli(['report', annotated, '--out', out], { env });
    assert.equal(r.code, 0, showResult(r));
    // What the page must show, from annotate's output as the production reader reads it.
    const entities = fs.readdirSync(annotated).flatMap((f) => readJsonl(fs.readFileSync(path.join(annotated, f), 'utf8')).flatMap((d) => d.entities));
    const problems = entities.filter((e) => e.type === 'problem');
    const negatedProblems = problems.filter((e) => e.negated).length;
    assert.ok(negatedProblems > 0, 'the fixtures have a negated problem');

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
    const context = await browser.newContext({ offline: true, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const url = pathToFileURL(out).href;
    const asked: string[] = [];
    page.on('request', (q) => {
      if (q.url() !== url) asked.push(q.url());
    });
    await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await page.goto(url);
    await page.waitForLoadState('load');

    assert.equal(await page.locator('h1').innerText(), 'Corpus report');
    // The type table's problem row: its total, and its negated column.
    const problemRow = (await page.locator('h2#types + table tr', { has: page.locator('th', { hasText: /^problem$/ }) }).innerText()).split('\t');
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
    assert.ok(await page.locator('h2#sections + table th', { hasText: /^history of present illness$/ }).isVisible(), 'the HPI section');

    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS_DIR, 'report.png'), fullPage: true });
    assert.deepEqual(asked, [], 'the page asked for nothing but itself');
  });
});
