/**
 * Through dist/cli.js: `biomed annotate` against a flaky server. A transient
 * failure (a reset connection, a stream cut in the middle of an answer, a 500, a 503) is
 * tried again with backoff (REQUEST_TRIES tries), so a run at concurrency 64 against a
 * server that fails 30% of its requests at random (seeded: the same requests fail every
 * run) finishes every document in one run, and one reset request costs one more request,
 * not the document.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { shortDocuments } from '../support/shortDocuments';
import { cliSandbox, filesBelow, showResult } from '../support/cli';
import { Behaviour, MEDTUNED_MODEL, OllamaTestServer, randomFaults } from '../support/ollamaServer';

/** The transient failures a flaky server gives, in turn. */
const FAULTS: Behaviour[] = [
  { kind: 'reset' },
  { kind: 'reset', afterText: 'In : O\ncase : O\n' },
  { kind: 'http-error', status: 503, error: 'server busy, please try again.  maximum pending requests exceeded' },
  { kind: 'http-error', status: 500, error: 'llama runner process has terminated' },
  { kind: 'cut', afterText: 'In : O\n' },
];

describe('biomed annotate against a flaky server: transient failures are retried', function () {
  this.timeout(60_000);
  const docs = shortDocuments(20, { stride: 7, digits: 3 });
  let server: OllamaTestServer;
  const { tmp, biomed } = cliSandbox('biomed-flaky-');
  const args = (notes: string, out: string) => [
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
    '64',
    '--retry-ms',
    '5',
  ];

  before(async () => (server = await OllamaTestServer.start({ gold: docs })));
  afterEach(() => server.script(undefined));
  after(async () => server.stop());

  function notesFolder(): string {
    const dir = tmp();
    for (const d of docs) fs.writeFileSync(path.join(dir, `${d.name}.note`), d.text);
    return dir;
  }

  it('30% of the requests fail at random (seeded): every document is annotated in one run, exit 0', async () => {
    let n = 0;
    const script = randomFaults(0.3, 23, () => FAULTS[n++ % FAULTS.length], ['/api/generate']);
    server.script(script);
    const before = server.generationRequests().length;
    const out = tmp();
    const r = await biomed(args(notesFolder(), out));
    assert.equal(r.code, 0, showResult(r));
    assert.match(r.stdout, /^20 annotated, 0 skipped \(already done\), 0 failed/m);
    assert.deepEqual(
      filesBelow(out).map((f) => f.replace(/\.json$/, '')),
      docs.map((d) => d.name),
    );
    const sent = server.generationRequests().length - before;
    assert.ok(script.failed >= 5, `${script.failed} of ${sent} requests failed`);
    // One request per document, and one more per failure.
    assert.equal(sent, docs.length + script.failed);
    assert.doesNotMatch(r.stdout + r.stderr, /not reachable|Is it running/);
  });

  it('one request whose connection is reset is tried again, and its document succeeds', async () => {
    let first = true;
    server.script(() => {
      if (!first) return undefined;
      first = false;
      return { kind: 'reset' };
    });
    const before = server.generationRequests().length;
    const out = tmp();
    const r = await biomed(args(notesFolder(), out));
    assert.equal(r.code, 0, showResult(r));
    assert.match(r.stdout, /^20 annotated, 0 skipped \(already done\), 0 failed/m);
    assert.equal(server.generationRequests().length - before, docs.length + 1);
  });
});
