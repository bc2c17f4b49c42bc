/**
 * Through dist/cli.js: `biomed annotate` against a server that keeps answering
 * 429 or 503 says on stderr what it waits for (the HTTP status, the next try, the bound),
 * gives up after --max-wait with a message, exit 1 and the unfinished documents named, and
 * a rerun finishes exactly those; `biomed eval` says what it waits for too. Real HTTP to the
 * Ollama-protocol test server.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { shortDocuments } from '../support/shortDocuments';
import { cliSandbox, filesBelow, showResult } from '../support/cli';
import { Behaviour, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';

describe('biomed annotate against an overloaded server: it says it waits, and gives up after --max-wait', function () {
  this.timeout(60_000);
  const docs = shortDocuments(6, { stride: 5, digits: 3 });
  let server: OllamaTestServer;
  const { tmp, biomed } = cliSandbox('biomed-overload-');
  const args = (notes: string, out: string, ...extra: string[]) => [
    'annotate',
    notes,
    '--out',
    out,
    '--host',
    server.url,
    '--model',
    MEDTUNED_MODEL.name,
    '--no-relations',
    '--no-nli',
    '--concurrency',
    '1',
    '--retry-ms',
    '20',
    ...extra,
  ];

  before(async () => (server = await OllamaTestServer.start({ gold: docs })));
  afterEach(() => server.script(undefined));
  after(async () => server.stop());

  function notesFolder(): string {
    const dir = tmp();
    for (const d of docs) fs.writeFileSync(path.join(dir, `${d.name}.note`), d.text);
    return dir;
  }

  const tooMany: Behaviour = { kind: 'http-error', status: 429, error: 'too many requests', headers: { 'Retry-After': '1' } };

  it('429 with Retry-After from the third request on: waits aloud, gives up after --max-wait, names the unfinished, and a rerun finishes them', async () => {
    let answered = 0;
    server.script((req) => (req.path === '/api/generate' && ++answered > 2 ? tooMany : undefined));
    const notes = notesFolder();
    const out = tmp();
    const first = await biomed(args(notes, out, '--max-wait', '3'));
    assert.equal(first.code, 1, showResult(first));
    // Not a terminal: plain lines on stderr that name the status, the next try and the bound.
    assert.match(
      first.stderr,
      /waiting for the model server, which is overloaded \(HTTP 429 [^)]*too many requests\): next try in about \d+ s, at \d\d:\d\d:\d\d \(its Retry-After\)/,
    );
    assert.match(first.stderr, /giving up in \d+ s without an answer \(--max-wait 3\)/);
    assert.match(
      first.stderr,
      /gave up after waiting \d+ s for the overloaded model server \(HTTP 429 [^)]*too many requests\); --max-wait is 3 s\. \d+ documents unfinished\./,
    );
    const unfinished = [...first.stdout.matchAll(/^ {2}unfinished: (\S+)$/gm)].map((m) => m[1]);
    const written = filesBelow(out).map((f) => f.replace(/\.json$/, ''));
    assert.ok(unfinished.length > 0, showResult(first));
    assert.ok(written.length > 0, 'the documents answered before the overload are written');
    // Every document is either written or named unfinished, never both.
    assert.deepEqual([...unfinished, ...written].sort(), docs.map((d) => d.name).sort());
    assert.match(first.stdout, new RegExp(`^${written.length} annotated, 0 skipped \\(already done\\), 0 failed, ${unfinished.length} unfinished`, 'm'));
    assert.match(first.stdout, /Run the same command again \(when the server has room\) to finish the unfinished documents/);

    // The server has room again: the rerun sends only the unfinished documents' requests.
    server.script(undefined);
    const before = server.generationRequests().length;
    const second = await biomed(args(notes, out, '--max-wait', '3'));
    assert.equal(second.code, 0, showResult(second));
    assert.match(second.stdout, new RegExp(`^${unfinished.length} annotated, ${written.length} skipped \\(already done\\), 0 failed in`, 'm'));
    assert.equal(server.generationRequests().length - before, unfinished.length);
    assert.deepEqual(
      filesBelow(out).map((f) => f.replace(/\.json$/, '')),
      docs.map((d) => d.name),
    );
  });

  it('a 503 without Retry-After for a while: says it waits, says when the server answers again, and finishes every document (exit 0)', async () => {
    let refused = 0;
    server.script((req) => (req.path === '/api/generate' && refused++ < 4 ? { kind: 'http-error', status: 503, error: 'server busy' } : undefined));
    const out = tmp();
    const r = await biomed(args(notesFolder(), out));
    assert.equal(r.code, 0, showResult(r));
    assert.match(
      r.stderr,
      /waiting for the model server, which is overloaded \(HTTP 503 [^)]*server busy\): next try in about \d+ s, at \d\d:\d\d:\d\d; .*\(--max-wait 600\)/,
    );
    assert.match(r.stderr, /the model server answers again, after \d+ s of waiting/);
    assert.match(r.stdout, /^6 annotated, 0 skipped \(already done\), 0 failed in/m);
    // Four refusals cost four more requests: an overload answer uses up no try of its request, and nothing is lost.
    assert.equal(filesBelow(out).length, docs.length);
  });

  it('biomed eval ner against a 503 for a while: says it waits (no give-up bound: eval has no --max-wait) and when the server answers again, and scores every document', async () => {
    let refused = 0;
    server.script((req) => (req.path === '/api/generate' && refused++ < 4 ? { kind: 'http-error', status: 503, error: 'server busy' } : undefined));
    // The documents and their gold as a BRAT folder.
    const corpus = tmp();
    for (const d of docs) {
      fs.writeFileSync(path.join(corpus, `${d.name}.txt`), d.text);
      fs.writeFileSync(
        path.join(corpus, `${d.name}.ann`),
        d.entities.map((e, i) => `T${i + 1}\t${e.type.toLowerCase()} ${e.start} ${e.end}\t${d.text.slice(e.start, e.end)}\n`).join(''),
      );
    }
    const r = await biomed([
      'eval',
      'ner',
      corpus,
      '--format',
      'brat',
      '--json',
      '--host',
      server.url,
      '--model',
      MEDTUNED_MODEL.name,
      '--concurrency',
      '1',
      '--retry-ms',
      '20',
    ]);
    assert.equal(r.code, 0, showResult(r));
    assert.match(
      r.stderr,
      /waiting for the model server, which is overloaded \(HTTP 503 [^)]*server busy\): next try in about \d+ s, at \d\d:\d\d:\d\d; one request at a time until one succeeds$/m,
    );
    assert.doesNotMatch(r.stderr, /--max-wait/);
    assert.match(r.stderr, /the model server answers again, after \d+ s of waiting/);
    assert.ok(refused > 4, 'the server refused four requests');
    const result = JSON.parse(r.stdout) as { documents: number; failed: number };
    assert.deepEqual({ documents: result.documents, failed: result.failed }, { documents: docs.length, failed: 0 });
  });

  it('--max-wait must be a whole number of seconds (exit 2, naming the option)', async () => {
    const r = await biomed(args(notesFolder(), tmp(), '--max-wait', 'soon'));
    assert.equal(r.code, 2, showResult(r));
    assert.match(r.stderr, /--max-wait must be a whole number of at least 1 \(got "soon"\)/);
  });
});
