/**
 * A model server's stream line that is not JSON is never printed as is.
 * The `ollama` client prints such a line whole (`invalid json: …`); through dist/cli.js and
 * the test server, a line that quotes the note and carries an `sk-` key shows neither on
 * stdout or stderr, and the document fails with a redacted reason.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliSandbox, showResult } from '../support/cli';
import { loadGoldDocuments, OllamaTestServer } from '../support/ollamaServer';
import { NOTES_DIR } from '../support/gold';

const KEY = 'sk-proj-Zyx987Wvu654Tsr321';
/** A sentence of the note, and a short piece of it (a name would be as short). */
const PIECES = ['metformin', 'amlodipine', 'simvastatin'];

describe('biomed CLI: server text that is not the protocol is redacted', function () {
  this.timeout(60_000);
  let server: OllamaTestServer;
  const { tmp, biomed } = cliSandbox('biomed-servertext-');

  before(async function () {
    this.timeout(120_000);
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
  });
  after(async () => {
    await server.stop();
  });

  it('an unparsable NDJSON line with note text and an sk- key: neither is printed', async () => {
    const dir = tmp();
    const note = path.join(dir, 'ed-chest-pain.note');
    fs.copyFileSync(path.join(NOTES_DIR, 'ed-chest-pain.note'), note);
    const text = fs.readFileSync(note, 'utf8');
    const sentence = text.split('\n').find((l) => PIECES.some((p) => l.includes(p)));
    assert.ok(sentence, 'the note names the medications');
    // The sentence about the medications gets a good line, then one that is not JSON and
    // quotes the input (JSON-escaped, as a proxy would) next to a key.
    server.script((req) => {
      const body = JSON.stringify(req.body);
      if (!PIECES.some((p) => body.includes(p))) return undefined;
      const good = JSON.stringify({ model: 'm', created_at: new Date().toISOString(), response: 'x', done: false });
      const bad = `<proxy> upstream rejected key=${KEY} {"prompt": ${JSON.stringify(sentence)}`;
      return { kind: 'garbage', body: `${good}\n${bad}\n` };
    });
    try {
      const r = await biomed(['annotate', note, '--out', path.join(dir, 'out.jsonl'), '--host', server.url]);
      const all = r.stdout + r.stderr;
      assert.ok(!all.includes(KEY) && !/sk-[A-Za-z0-9]{6}/.test(all), showResult(r));
      for (const p of PIECES) assert.ok(!all.includes(p), `"${p}" printed:\n${showResult(r)}`);
      assert.ok(!all.includes('invalid json'), showResult(r));
      assert.equal(r.code, 1, showResult(r));
      assert.match(all, /failed/);
    } finally {
      server.script(undefined);
    }
  });
});
