/**
 * `biomed report` through dist/cli.js: annotate's output (the fixture notes against the gold
 * test server) in each format becomes one HTML page whose numbers are those of the output
 * as the production readers read it back; bad input writes nothing; a file biomed did not
 * write is not replaced. The page in a real browser: test/e2e/report.test.ts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnnotatedDocument } from '../../server/src/engine/formats/document';
import { readJsonl } from '../../server/src/engine/formats/jsonl';
import { cliSandbox, ROOT, showResult as show } from '../support/cli';
import { loadGoldDocuments, OllamaTestServer } from '../support/ollamaServer';

const NOTES = path.join(ROOT, 'test', 'fixtures', 'notes');

/** The cells of the table row whose header cell is `name` (as the page writes it, escaped). */
function row(html: string, name: string): string[] | undefined {
  const at = html.indexOf(`<tr><th scope="row">${name}</th>`);
  if (at < 0) return undefined;
  const tr = html.slice(at, html.indexOf('</tr>', at));
  return [...tr.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
}

/** The part of the page under one heading (up to the next). */
function part(html: string, id: string): string {
  const at = html.indexOf(`<h2 id="${id}">`);
  assert.ok(at >= 0, `a section #${id}`);
  const next = html.indexOf('<h2 ', at + 1);
  return html.slice(at, next < 0 ? undefined : next);
}

describe('CLI: report', function () {
  this.timeout(60_000);
  const { tmp, biomed } = cliSandbox('biomed-report-');
  let server: OllamaTestServer;
  let jsonFolder: string;
  let docs: AnnotatedDocument[];
  before(async function () {
    this.timeout(120_000);
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES) });
    jsonFolder = path.join(tmp(), 'annotated');
    const r = await biomed(['annotate', NOTES, '--out', jsonFolder, '--host', server.url, '--no-nli']);
    assert.equal(r.code, 0, show(r));
    docs = fs.readdirSync(jsonFolder).flatMap((f) => readJsonl(fs.readFileSync(path.join(jsonFolder, f), 'utf8')));
  });
  after(async () => server.stop());

  it('a folder of JSON outputs: counts by type and status, sections and notes as the output holds them', async () => {
    const out = path.join(tmp(), 'report.html');
    const r = await biomed(['report', jsonFolder, '--out', out]);
    assert.equal(r.code, 0, show(r));
    const entities = docs.flatMap((d) => d.entities);
    const negated = entities.filter((e) => e.negated === true);
    assert.ok(negated.length > 0 && negated.length < entities.length, 'the fixtures have negated and affirmed entities');
    assert.match(
      r.stdout,
      new RegExp(`^${out.replace(/[.\\/]/g, '\\$&')}: ${docs.length} documents, ${entities.length} entities \\(${negated.length} negated\\)`),
    );
    const html = fs.readFileSync(out, 'utf8');
    // By type: the total and each status column.
    const types = [...new Set(entities.map((e) => e.type))];
    for (const t of types) {
      const of = entities.filter((e) => e.type === t);
      const cells = row(part(html, 'types'), t);
      assert.ok(cells, `a row for ${t}`);
      assert.equal(cells[0], String(of.length), `${t} entities`);
      assert.equal(cells[1], String(of.filter((e) => !e.negated && !e.possible && !e.historical && !e.hypothetical && !e.family).length), `${t} affirmed`);
      assert.equal(cells[2], String(of.filter((e) => e.negated).length), `${t} negated`);
    }
    // Per note: one row each, its entity and negated counts.
    for (const d of docs) {
      const cells = row(part(html, 'notes'), d.id);
      assert.deepEqual(cells?.slice(0, 2), [String(d.entities.length), String(d.entities.filter((e) => e.negated).length)], d.id);
    }
    // Per section: every entity in one section; the ED note's "HPI:" under its canonical name.
    const sections = [...part(html, 'sections').matchAll(/<tr><th scope="row">([^<]*)<\/th><td>(\d+)<\/td><td>(\d+)<\/td>/g)];
    assert.equal(
      sections.reduce((n, m) => n + Number(m[3]), 0),
      entities.length,
    );
    assert.ok(
      sections.some((m) => m[1] === 'history of present illness'),
      sections.map((m) => m[1]).join(', '),
    );
    // The chart's first bar is a concept mentioned most often (its words and type).
    const counts = new Map<string, number>();
    for (const e of entities) counts.set(`${e.type}|${e.text.toLowerCase()}`, (counts.get(`${e.type}|${e.text.toLowerCase()}`) ?? 0) + 1);
    const most = Math.max(...counts.values());
    const first = /<g><title>([^<]*), (\w+): (\d+) affirmed, (\d+) negated(?:, (\d+) other)?</.exec(part(html, 'concepts'));
    assert.ok(first, 'a chart row');
    assert.equal(Number(first[3]) + Number(first[4]) + Number(first[5] ?? 0), most);
    assert.equal(counts.get(`${first[2]}|${first[1].toLowerCase()}`), most, `${first[1]} is mentioned ${most} times`);
  });

  it('the same corpus as BRAT, BioC and one .jsonl file gives the same page', async () => {
    const base = tmp();
    const brat = path.join(base, 'brat');
    const bioc = path.join(base, 'bioc');
    const jsonl = path.join(base, 'all.jsonl');
    for (const args of [
      ['--out', brat, '--format', 'brat'],
      ['--out', bioc, '--format', 'bioc'],
      ['--out', jsonl],
    ]) {
      const r = await biomed(['annotate', NOTES, ...args, '--host', server.url, '--no-nli']);
      assert.equal(r.code, 0, show(r));
    }
    const pages: string[] = [];
    for (const input of [jsonFolder, brat, bioc, jsonl]) {
      const out = path.join(base, `${path.basename(input)}.html`);
      const r = await biomed(['report', input, '--out', out]);
      assert.equal(r.code, 0, show(r));
      // Everything after the line naming the input.
      pages.push(fs.readFileSync(out, 'utf8').replace(/<p class="source">[^<]*<\/p>/, ''));
    }
    assert.equal(pages[1], pages[0], 'BRAT folder');
    assert.equal(pages[2], pages[0], 'BioC folder');
    assert.equal(pages[3], pages[0], '.jsonl file');
  });

  it('an empty folder, or one with notes and no output: exit 2, said, nothing written', async () => {
    const empty = tmp();
    const out = path.join(tmp(), 'report.html');
    let r = await biomed(['report', empty, '--out', out]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /No annotated document in .*: run biomed annotate first and give its --out\. Nothing written\./);
    const notes = tmp();
    fs.copyFileSync(path.join(NOTES, 'ed-chest-pain.note'), path.join(notes, 'ed-chest-pain.note'));
    r = await biomed(['report', notes, '--out', out]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /\(1 file there, none an output of biomed annotate\)/);
    assert.equal(fs.existsSync(out), false);
    assert.deepEqual(fs.readdirSync(path.dirname(out)), [], 'no temporary file either');
  });

  it('an .ann without its note is named (exit 1), the others reported; a file that is no output is refused', async () => {
    const d = tmp();
    fs.cpSync(jsonFolder, d, { recursive: true });
    fs.writeFileSync(path.join(d, 'lonely.ann'), 'T1\tproblem 0 4\tpain\n');
    const out = path.join(tmp(), 'report.html');
    let r = await biomed(['report', d, '--out', out]);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /not read: .*lonely\.ann: no .* beside it/);
    assert.match(r.stdout, new RegExp(`: ${docs.length} documents`));
    r = await biomed(['report', path.join(NOTES, 'ed-chest-pain.note'), '--out', path.join(tmp(), 'x.html')]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /is not an output of biomed annotate/);
  });

  it('a file at --out that biomed report did not write is kept unless --force; its own report is replaced', async () => {
    const out = path.join(tmp(), 'report.html');
    fs.writeFileSync(out, 'my notes\n');
    let r = await biomed(['report', jsonFolder, '--out', out]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /report\.html exists and biomed report did not write it .*--force/);
    assert.equal(fs.readFileSync(out, 'utf8'), 'my notes\n');
    r = await biomed(['report', jsonFolder, '--out', out, '--force']);
    assert.equal(r.code, 0, show(r));
    const first = fs.readFileSync(out, 'utf8');
    assert.match(first, /^<!DOCTYPE html>/);
    r = await biomed(['report', jsonFolder, '--out', out, '--top', '3']);
    assert.equal(r.code, 0, show(r));
    const again = fs.readFileSync(out, 'utf8');
    assert.notEqual(again, first);
    assert.equal([...part(again, 'concepts').matchAll(/<g><title>/g)].length, 3, '--top 3: three bars');
  });

  it('usage errors: no --out, --top 0, --out a folder or an input file (exit 2, nothing written)', async () => {
    const d = tmp();
    const jsonl = path.join(d, 'all.jsonl');
    fs.writeFileSync(
      jsonl,
      fs
        .readdirSync(jsonFolder)
        .map((f) => fs.readFileSync(path.join(jsonFolder, f), 'utf8'))
        .join(''),
    );
    for (const [args, says] of [
      [[jsonFolder], /--out is required/],
      [[jsonFolder, '--out', path.join(d, 'r.html'), '--top', '0'], /--top must be a whole number of at least 1/],
      [[jsonFolder, '--out', d], /is a folder: give the \.html file to write/],
      [[jsonl, '--out', jsonl], /is an input of this command/],
    ] as const) {
      const r = await biomed(['report', ...args]);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, says);
    }
    assert.deepEqual(fs.readdirSync(d), ['all.jsonl']);
  });
});
