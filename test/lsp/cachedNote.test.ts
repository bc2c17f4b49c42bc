/**
 * A note whose answers are all in the model cache (biomedNlp.cache.*) is shown with the model
 * server down: dist/server.js over stdio, the model hosts refusing every connection. Its
 * semantic tokens come back as the session that asked the model showed them, and no outage
 * is told (no status "unreachable", no warning), since no question had to be sent.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixtureNote } from '../support/gold';
import { goldServer } from '../support/goldServer';
import { LspTestClient, waitFor, whenAnalysed } from '../support/lspClient';
import { MEDTUNED_MODEL } from '../support/ollamaServer';
import { refusingHost } from '../support/refusingHost';

describe('LSP: a note answered from the cache with the model server down', function () {
  this.timeout(40_000);
  const server = goldServer();
  let dir: string;
  let down: string;
  const clients: LspTestClient[] = [];
  before(async () => {
    down = await refusingHost();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-lsp-cached-'));
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const note = fixtureNote('discharge-heart-failure');
  const uri = 'file:///notes/discharge-heart-failure.note';
  async function start(host: string, custom: boolean, extra: Record<string, unknown> = {}): Promise<LspTestClient> {
    const settings = { model: MEDTUNED_MODEL.name, ollama: { host }, debounceMs: 20, retryIntervalMs: 100, ...extra };
    const client = await LspTestClient.start(settings, undefined, { initializationOptions: { settings, biomedNlpClient: custom, cacheDir: dir } });
    clients.push(client);
    return client;
  }

  /** The tokens of the note as a session with the model up shows them, its answers left in the cache. */
  async function answeredOnce(extra: Record<string, unknown> = {}) {
    const first = await start(server.url, true, extra);
    await first.open(uri, note.text);
    await whenAnalysed(first, uri);
    const tokens = await first.tokens(uri);
    assert.ok(tokens.length > 5, `${tokens.length} tokens`);
    await first.stop();
    return tokens;
  }

  for (const [chain, extra] of [
    ['Ollama alone', {}],
    ['engine auto with an OpenAI-compatible server too', { engine: 'auto', openai: { baseUrl: 'BASE' } }],
  ] as const) {
    it(`${chain}: the tokens and a ready status, never "unreachable"; with the server up, no request of any path`, async () => {
      const settings = (base: string) => JSON.parse(JSON.stringify(extra).replace('BASE', `${base}/v1`)) as Record<string, unknown>;
      const shown = await answeredOnce(settings(server.url));
      const requests = server.requests.length;
      const second = await start(down, true, settings(down));
      await second.open(uri, note.text);
      await whenAnalysed(second, uri);
      assert.deepEqual(await second.tokens(uri), shown);
      // Time for a check of the server to come, if one were made.
      await new Promise((r) => setTimeout(r, 500));
      const outages = second.statuses.filter((s) => ['unreachable', 'model-missing', 'error'].includes(s.state));
      assert.deepEqual(outages, [], JSON.stringify(outages));
      await second.stop();
      // The same with the server up, recording every request: none, of any path (no /api/tags, no /v1/models).
      const third = await start(server.url, true, settings(server.url));
      await third.open(uri, note.text);
      await whenAnalysed(third, uri);
      assert.deepEqual(await third.tokens(uri), shown);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(
        server.requests.slice(requests).map((r) => r.path),
        [],
        third.stderr,
      );
    });
  }

  it('a client without the status item: the tokens, and no outage warning', async () => {
    const shown = await answeredOnce();
    const second = await start(down, false);
    await second.open(uri, note.text);
    // Relations come after entities: the tokens as shown once both are in.
    await waitFor('the cached tokens', async () => JSON.stringify(await second.tokens(uri)) === JSON.stringify(shown));
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(second.messages, []);
  });

  it('an edit the cache has no answer for: then, and only then, the outage is told', async () => {
    await answeredOnce();
    const second = await start(down, true);
    await second.open(uri, note.text);
    await whenAnalysed(second, uri);
    assert.ok(!second.statuses.some((s) => s.state === 'unreachable'));
    await second.edit(uri, note.text.length, note.text.length, '\nThe patient reports a new rash on both arms.\n');
    await waitFor('the outage status', () => second.statuses.some((s) => s.state === 'unreachable'));
  });
});
