/**
 * `biomed annotate` at corpus scale, through dist/cli.js. Streamed input
 * (JSON lines on standard input are annotated and written while the input is still open),
 * `--shard K/N` (disjoint shards whose union is the corpus, exact counts), concurrency 64
 * against the OpenAI-compatible endpoints (the test server counts the requests it has open
 * at once), output files in input order, and the --shard usage errors.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBioC } from '../../server/src/engine/formats/bioc';
import { AnnotatedDocument } from '../../server/src/engine/formats/document';
import { readJsonl } from '../../server/src/engine/formats/jsonl';
import { readPubTator } from '../../server/src/engine/formats/pubtator';
import { CLI, cliSandbox, filesBelow, ROOT, showResult } from '../support/cli';
import { GoldDocument, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import { shortDocuments } from '../support/shortDocuments';

const jsonLine = (d: GoldDocument) => `${JSON.stringify({ id: d.name, text: d.text })}\n`;

describe('biomed annotate at corpus scale: streaming, --shard, concurrency 64', function () {
  this.timeout(30_000);
  const docs = shortDocuments(300);
  let server: OllamaTestServer;
  const { tmp, biomed, state } = cliSandbox('biomed-scale-');
  const model = ['--no-relations', '--no-nli', '--model', MEDTUNED_MODEL.name];
  const show = showResult;
  const outputIds = (dir: string) => filesBelow(dir).map((f) => f.replace(/\.json$/, ''));
  // While annotate runs, a document being written is a dot-file renamed into place once whole.
  const writtenIds = (dir: string) => outputIds(dir).filter((f) => !/(^|\/)\.[^/]*\.tmp$/.test(f));

  before(async function () {
    this.timeout(120_000);
    server = await OllamaTestServer.start({ gold: docs });
  });
  afterEach(() => server.setTiming({ firstTokenMs: 0, perTokenMs: 0 }));
  after(async () => {
    await server.stop();
  });

  /** A JSON lines corpus of the documents, in the given order. */
  function corpus(list: GoldDocument[]): string {
    const file = path.join(tmp(), 'corpus.jsonl');
    fs.writeFileSync(file, list.map(jsonLine).join(''));
    return file;
  }

  describe('--shard K/N', () => {
    for (const bad of ['0/0', '3/2', '0/2', 'a/b', '1/0', '1/2/3', '-1/2', '1', '']) {
      it(`--shard "${bad}" is a usage error: exit 2, nothing asked`, async () => {
        const before = server.generationRequests().length;
        const r = await biomed(['annotate', corpus(docs.slice(0, 3)), '--out', tmp(), `--shard=${bad}`, '--host', server.url, ...model]);
        assert.equal(r.code, 2, show(r));
        assert.match(r.stderr, /--shard takes K\/N, shard K of N with 1 <= K <= N/);
        assert.ok(r.stderr.includes(`(got "${bad}")`), r.stderr);
        assert.equal(server.generationRequests().length, before, 'no model request');
      });
    }

    it('3 shards of a corpus (a notes folder and a JSON lines file): pairwise disjoint, their union is every document, each written once', async () => {
      const notes = tmp();
      for (const d of docs.slice(0, 30)) fs.writeFileSync(path.join(notes, `${d.name}.note`), d.text);
      const lines = corpus(docs.slice(30, 150));
      const all = docs
        .slice(0, 150)
        .map((d) => d.name)
        .sort();
      const before = server.generationRequests().length;
      const shards: string[][] = [];
      for (const k of [1, 2, 3]) {
        const out = tmp();
        const r = await biomed(['annotate', notes, lines, '--out', out, '--shard', `${k}/3`, '--host', server.url, ...model]);
        assert.equal(r.code, 0, show(r));
        const ids = outputIds(out);
        shards.push(ids);
        assert.match(r.stdout, new RegExp(`^${ids.length} annotated, 0 skipped \\(already done\\), 0 failed`, 'm'));
        assert.ok(r.stdout.includes(`Shard ${k}/3: ${ids.length} documents in this shard, ${150 - ids.length} left to the other shards.`), r.stdout);
        assert.ok(ids.length > 0, `shard ${k} is not empty`);
      }
      for (let a = 0; a < 3; a++)
        for (let b = a + 1; b < 3; b++)
          assert.deepEqual(
            shards[a].filter((id) => shards[b].includes(id)),
            [],
            `shards ${a + 1} and ${b + 1} overlap`,
          );
      assert.equal(shards[0].length + shards[1].length + shards[2].length, 150);
      assert.deepEqual(shards.flat().sort(), all);
      // One model request per document over all shards: no document was annotated twice.
      assert.equal(server.generationRequests().length - before, 150);
    });

    it('the same shard again skips all of its documents; 1/1 is the whole corpus', async () => {
      const lines = corpus(docs.slice(0, 40));
      const out = tmp();
      const first = await biomed(['annotate', lines, '--out', out, '--shard', '2/2', '--host', server.url, ...model]);
      assert.equal(first.code, 0, show(first));
      const n = outputIds(out).length;
      const before = server.generationRequests().length;
      const again = await biomed(['annotate', lines, '--out', out, '--shard', '2/2', '--host', server.url, ...model]);
      assert.equal(again.code, 0, show(again));
      assert.match(again.stdout, new RegExp(`^0 annotated, ${n} skipped`, 'm'));
      assert.equal(server.generationRequests().length, before);
      const whole = tmp();
      const r = await biomed(['annotate', lines, '--out', whole, '--shard', '1/1', '--host', server.url, ...model]);
      assert.equal(r.code, 0, show(r));
      assert.equal(outputIds(whole).length, 40);
      assert.ok(r.stdout.includes('Shard 1/1: 40 documents in this shard, 0 left to the other shards.'), r.stdout);
    });
  });

  it('JSON lines on standard input: documents are annotated and written while the input is still open', async () => {
    const out = tmp();
    const env: NodeJS.ProcessEnv = { ...process.env, BIOMED_STATE_DIR: state() };
    delete env.CI;
    delete env.OLLAMA_HOST;
    const child = spawn(process.execPath, [CLI, 'annotate', '-', '--out', out, '--host', server.url, '--concurrency', '2', ...model], {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    const list = docs.slice(0, 60);
    child.stdin.write(list.slice(0, 3).map(jsonLine).join(''));
    // The first three are written before the rest of the input exists.
    const deadline = Date.now() + 15_000;
    while (writtenIds(out).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(
      writtenIds(out),
      list.slice(0, 3).map((d) => d.name),
      `outputs before the input ended\n${stderr}`,
    );
    assert.equal(child.exitCode, null, 'still running, waiting for input');
    child.stdin.end(list.slice(3).map(jsonLine).join(''));
    assert.equal(await exited, 0, `${stdout}\n${stderr}`);
    assert.deepEqual(
      outputIds(out),
      list.map((d) => d.name),
    );
    const [doc] = readJsonl(fs.readFileSync(path.join(out, `${list[0].name}.json`), 'utf8'));
    assert.deepEqual(
      doc.entities.map((e) => [e.start, e.end]),
      list[0].entities.map((e) => [e.start, e.end]).sort((a, b) => a[0] - b[0]),
      'the gold entities of the first document',
    );
  });

  it('--concurrency 64 against the OpenAI-compatible endpoints: 64 requests open at once, never more', async () => {
    server.setTiming({ firstTokenMs: 100, perTokenMs: 0 });
    // Twice the concurrency in documents at least, so that every slot can be busy.
    for (const [concurrency, n] of [
      [64, 300],
      [8, 48],
    ]) {
      const lines = corpus(docs.slice(0, n));
      const out = tmp();
      server.resetPeakGenerations();
      const before = server.generationRequests().length;
      const r = await biomed([
        'annotate',
        lines,
        '--out',
        out,
        '--engine',
        'openai',
        '--base-url',
        `${server.url}/v1`,
        '--concurrency',
        String(concurrency),
        ...model,
      ]);
      assert.equal(r.code, 0, show(r));
      const sent = server.generationRequests().slice(before);
      assert.equal(sent.length, n);
      assert.ok(sent.every((q) => q.path === '/v1/completions'));
      assert.equal(server.peakGenerations, concurrency, `peak open requests at --concurrency ${concurrency}`);
      assert.equal(outputIds(out).length, n);
    }
  });

  it('one output file is in input order (not sorted) for JSON lines, BioC and PubTator; a rerun with more documents asks only the new ones', async () => {
    // A corpus in an order that is not sorted by id.
    const list = docs.slice(0, 25).map((d, i) => docs[(i * 7) % 25]);
    const lines = corpus(list);
    const dir = tmp();
    for (const [name, read] of [
      ['all.jsonl', readJsonl],
      ['all.bioc.json', readBioC],
      ['all.pubtator', readPubTator],
    ] as [string, (text: string) => AnnotatedDocument[]][]) {
      const out = path.join(dir, name);
      const r = await biomed(['annotate', lines, '--out', out, '--host', server.url, ...model]);
      assert.equal(r.code, 0, show(r));
      const read1 = read(fs.readFileSync(out, 'utf8'));
      assert.deepEqual(
        read1.map((d) => d.id),
        list.map((d) => d.name),
        name,
      );
      assert.deepEqual(
        read1.map((d) => d.text),
        list.map((d) => d.text),
        name,
      );
      assert.ok(!fs.existsSync(`${out}.parts`), 'parts removed');
    }
    // Five more documents appended: the file keeps the first 25 and adds them, in order.
    const more = docs.slice(25, 30);
    fs.appendFileSync(lines, more.map(jsonLine).join(''));
    const out = path.join(dir, 'all.jsonl');
    const before = server.generationRequests().length;
    const r = await biomed(['annotate', lines, '--out', out, '--host', server.url, ...model]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^5 annotated, 25 skipped/m);
    assert.equal(server.generationRequests().length - before, 5);
    assert.deepEqual(
      readJsonl(fs.readFileSync(out, 'utf8')).map((d) => d.id),
      [...list, ...more].map((d) => d.name),
    );
  });

  it('PubTator in, PubTator out: titles and abstracts stay apart; an id that cannot name an output, or a duplicate, is unreadable input that holds back no output file', async () => {
    const dir = tmp();
    const input = path.join(dir, 'in.pubtator');
    const [a, b] = docs;
    // Title "In case N", the sentence its abstract.
    const cut = (t: string) => t.indexOf(' ', 'In case '.length);
    const record = (id: string, t: string) => `${id}|t|${t.slice(0, cut(t))}\n${id}|a|${t.slice(cut(t) + 1)}\n`;
    fs.writeFileSync(input, `${record('111', a.text)}\n${record('222', b.text)}\n`);
    const out = path.join(dir, 'out.pubtator');
    const r = await biomed(['annotate', input, '--out', out, '--host', server.url, ...model]);
    assert.equal(r.code, 0, show(r));
    const text = fs.readFileSync(out, 'utf8');
    assert.ok(text.startsWith(`111|t|${a.text.slice(0, cut(a.text))}\n111|a|${a.text.slice(cut(a.text) + 1)}\n`), text);
    assert.deepEqual(
      readPubTator(text).map((d) => d.id),
      ['111', '222'],
    );

    const bad = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(
      bad,
      [JSON.stringify({ id: '../escape', text: a.text }), JSON.stringify({ id: 'fine', text: b.text }), JSON.stringify({ id: 'fine', text: a.text })].join(
        '\n',
      ),
    );
    const folder = path.join(dir, 'folder');
    const r2 = await biomed(['annotate', bad, '--out', folder, '--host', server.url, ...model]);
    assert.equal(r2.code, 1, show(r2));
    // Ids no rerun can write are unreadable input, named with their file: they hold back nothing.
    assert.match(
      r2.stdout,
      /unreadable: \.\.\/escape \(.*bad\.jsonl\): cannot be written \(a path with empty, "\." or "\.\." parts\); give it an id of its own/,
    );
    assert.match(r2.stdout, /unreadable: fine \(.*bad\.jsonl\): cannot be written \(an earlier document has the same id\)/);
    assert.doesNotMatch(r2.stdout, /failed: |Run the same command again/);
    assert.deepEqual(
      filesBelow(dir).filter((f) => f.includes('escape')),
      [],
    );
    assert.deepEqual(filesBelow(folder), ['fine.json']);

    // PubTator cannot hold an id with "|": named, and the others are written.
    const piped = path.join(dir, 'piped.jsonl');
    fs.writeFileSync(piped, [JSON.stringify({ id: 'a|b', text: a.text }), JSON.stringify({ id: '333', text: b.text })].join('\n'));
    const pub = path.join(dir, 'piped.pubtator');
    const r4 = await biomed(['annotate', piped, '--out', pub, '--host', server.url, ...model]);
    assert.equal(r4.code, 1, show(r4));
    assert.match(
      r4.stdout,
      /unreadable: a\|b \(.*piped\.jsonl\): cannot be written \(PubTator holds no id with "\|", a tab or a line break\); give it an id of its own/,
    );
    assert.deepEqual(
      readPubTator(fs.readFileSync(pub, 'utf8')).map((d) => d.id),
      ['333'],
    );

    // Into one output file: the duplicate no longer holds the file back; the first "fine" is in it.
    const file = path.join(dir, 'all.jsonl');
    const r3 = await biomed(['annotate', bad, '--out', file, '--host', server.url, ...model]);
    assert.equal(r3.code, 1, show(r3));
    assert.deepEqual(
      readJsonl(fs.readFileSync(file, 'utf8')).map((d) => [d.id, d.text]),
      [['fine', b.text]],
    );
  });
});
