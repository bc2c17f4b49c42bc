/**
 * Through dist/cli.js: `biomed annotate` has the editor's size limit
 * (--max-document-length, default biomedNlp.maxDocumentLength's); a longer document is
 * skipped, named with its length and the limit, and the run goes on (exit 1, as for
 * unreadable input). One sentence repeated many times is one model job for all its copies.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJsonl } from '../../server/src/engine/formats/jsonl';
import { DEFAULT_ENGINE_CONFIG } from '../../server/src/engine/config';
import { cliSandbox, ROOT, showResult } from '../support/cli';
import { loadGoldDocuments, OllamaTestServer } from '../support/ollamaServer';

const NOTES = path.join(ROOT, 'test', 'fixtures', 'notes');
const NOTE = fs.readFileSync(path.join(NOTES, 'ed-chest-pain.note'), 'utf8');
/** A sentence of the fixture note, with gold entities (shortness of breath). */
const SENTENCE = 'She denies shortness of breath.\n';

describe('biomed CLI: annotate --max-document-length', function () {
  this.timeout(60_000);
  let server: OllamaTestServer;
  const { tmp, biomed } = cliSandbox('biomed-length-');
  const show = showResult;
  const model = ['--no-nli', '--host'];
  const sentWith = (marker: string) => server.generationRequests().filter((r) => JSON.stringify(r.body).includes(marker)).length;

  before(async function () {
    this.timeout(120_000);
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES) });
  });
  after(async () => {
    await server.stop();
  });

  it('a note longer than the limit is skipped, named with its length and the limit, and never sent; the other notes are written into the single output file; exit 1', async () => {
    const notes = tmp();
    fs.writeFileSync(path.join(notes, 'good.note'), NOTE);
    const big = 'Zorblax syndrome was noted again.\n'.repeat(200);
    fs.writeFileSync(path.join(notes, 'big.note'), big);
    const out = path.join(tmp(), 'all.jsonl');
    const r = await biomed(['annotate', notes, '--out', out, '--max-document-length', '5000', ...model, server.url]);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /^1 annotated, 0 skipped \(already done\), 0 failed, 1 too large in /m, show(r));
    assert.ok(r.stdout.includes(`  too large: big: ${big.length} characters, more than --max-document-length (5000); not analysed`), show(r));
    assert.doesNotMatch(r.stdout, /Run the same command again/, 'a rerun cannot fix it');
    assert.equal(sentWith('Zorblax'), 0, 'nothing of the large note is sent');
    assert.deepEqual(
      readJsonl(fs.readFileSync(out, 'utf8')).map((d) => d.id),
      ['good'],
    );
  });

  it('a corpus document longer than the limit is skipped the same way; the corpus goes on', async () => {
    const corpus = path.join(tmp(), 'docs.jsonl');
    const long = 'Quuxitis of the left knee.\n'.repeat(100);
    fs.writeFileSync(corpus, [JSON.stringify({ id: 'short', text: SENTENCE }), JSON.stringify({ id: 'long', text: long })].join('\n') + '\n');
    const out = tmp();
    const r = await biomed(['annotate', corpus, '--out', out, '--max-document-length', '1000', ...model, server.url]);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /^1 annotated, .* 1 too large in /m, show(r));
    assert.ok(r.stdout.includes(`too large: long: ${long.length} characters, more than --max-document-length (1000)`), show(r));
    assert.equal(sentWith('Quuxitis'), 0);
    assert.deepEqual(fs.readdirSync(out), ['short.json']);
  });

  it("the default is the editor's biomedNlp.maxDocumentLength: a 2.8 MB note of one sentence repeated is skipped at once, nothing sent; bad values are usage errors", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(manifest.contributes.configuration.properties['biomedNlp.maxDocumentLength'].default, DEFAULT_ENGINE_CONFIG.maxDocumentLength);
    assert.equal(DEFAULT_ENGINE_CONFIG.maxDocumentLength, 500_000);
    const notes = tmp();
    const huge = 'Blorptosis recurred overnight.\n'.repeat(Math.ceil(2_800_000 / 31));
    fs.writeFileSync(path.join(notes, 'huge.note'), huge);
    const r = await biomed(['annotate', notes, '--out', tmp(), ...model, server.url]);
    assert.equal(r.code, 1, show(r));
    assert.ok(r.stdout.includes(`too large: huge: ${huge.length} characters, more than --max-document-length (500000)`), show(r));
    assert.equal(sentWith('Blorptosis'), 0);
    for (const v of ['0', '-5', 'x', '1.5', '']) {
      const bad = await biomed(['annotate', notes, '--out', tmp(), `--max-document-length=${v}`, ...model, server.url]);
      assert.equal(bad.code, 2, show(bad));
      assert.match(bad.stderr, /--max-document-length must be a whole number of at least 1/);
    }
  });

  it('one sentence repeated 50,000 times (1.6 MB, under a raised limit) is asked once and annotated in every copy', async () => {
    const notes = tmp();
    const n = 50_000;
    fs.writeFileSync(path.join(notes, 'repeated.note'), SENTENCE.repeat(n));
    const before = sentWith('shortness of breath');
    const out = tmp();
    const r = await biomed(['annotate', notes, '--out', out, '--no-relations', '--max-document-length', '10000000', ...model, server.url]);
    assert.equal(r.code, 0, show(r));
    assert.equal(sentWith('shortness of breath') - before, 1, 'one request for every copy');
    const [doc] = readJsonl(fs.readFileSync(path.join(out, 'repeated.json'), 'utf8'));
    assert.equal(doc.entities.filter((e) => e.text === 'shortness of breath').length, n);
  });
});
