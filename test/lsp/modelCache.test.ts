/**
 * The model's answers kept between editor sessions (biomedNlp.cache.*): dist/server.js over
 * stdio, the cache folder the client names at initialize (VS Code's storageUri), the gold
 * test server counting requests. A reopened note costs no model call.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixtureNote } from '../support/gold';
import { goldServer } from '../support/goldServer';
import { LspTestClient, waitFor, whenAnalysed } from '../support/lspClient';
import { MEDTUNED_MODEL } from '../support/ollamaServer';

describe('LSP: the model cache on disk', function () {
  this.timeout(40_000);
  const server = goldServer();
  let dir: string;
  const clients: LspTestClient[] = [];
  beforeEach(() => {
    server.script(undefined);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-lsp-cache-'));
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const settings = (extra: Record<string, unknown> = {}) => ({
    model: MEDTUNED_MODEL.name,
    ollama: { host: server.url },
    debounceMs: 20,
    retryIntervalMs: 100,
    ...extra,
  });
  async function start(extra: Record<string, unknown> = {}, init: Record<string, unknown> = {}): Promise<LspTestClient> {
    const s = settings(extra);
    const client = await LspTestClient.start(s, undefined, { initializationOptions: { settings: s, biomedNlpClient: true, cacheDir: dir, ...init } });
    clients.push(client);
    return client;
  }
  const calls = () => server.generationRequests().length;
  const note = fixtureNote('discharge-heart-failure');
  const uri = 'file:///notes/discharge-heart-failure.note';

  /** Opens the note, waits for entities, relations and NLI, and gives what the editor shows. */
  async function analyse(client: LspTestClient) {
    await client.open(uri, note.text);
    const relations = await whenAnalysed(client, uri);
    return { tokens: await client.tokens(uri), relations: relations.relations };
  }

  it('a note reopened in a new session is analysed in full with no model call, and shows the same', async () => {
    const first = await start();
    const before = calls();
    const shown = await analyse(first);
    const asked = calls() - before;
    assert.ok(asked > 5, `${asked} model calls the first time`);
    assert.ok(shown.tokens.length > 5 && shown.relations.length > 0);
    await first.stop();
    assert.ok(fs.statSync(path.join(dir, 'answers.log')).size > 1000, 'the answers are on disk');

    const second = await start();
    const again = await analyse(second);
    assert.equal(calls() - before, asked, 'no model call in the new session');
    assert.deepEqual(again, shown);
    // No note text in the log of a session that found everything on disk.
    assert.ok(!second.logs.some((l) => l.includes('furosemide')), second.logs.join('\n'));
  });

  it('Clear the Model Cache: emptied on disk, the next session asks the model again', async () => {
    const first = await start();
    await analyse(first);
    const result = await first.request<{ cleared: number; dir?: string }>('biomedNlp/clearModelCache');
    assert.ok(result.cleared > 5, `${result.cleared} cleared`);
    assert.equal(result.dir, dir);
    assert.equal(fs.readFileSync(path.join(dir, 'answers.log'), 'utf8').split('\n').filter(Boolean).length, 1, 'only the header stays');
    await first.stop();
    const second = await start();
    const before = calls();
    await analyse(second);
    assert.ok(calls() - before > 5, 'asked again');
  });

  it('any LSP client clears it by workspace/executeCommand (Neovim, Emacs) and is told in a message', async () => {
    const s = settings();
    const client = await LspTestClient.start(s, undefined, { initializationOptions: { biomedNlp: s, biomedNlpClient: true, cacheDir: dir } });
    clients.push(client);
    await analyse(client);
    await client.request('workspace/executeCommand', { command: 'biomedNlp.clearModelCache', arguments: [] });
    const message = await waitFor('the message', () => client.messages.find((m) => /model cache is empty/.test(m.message)));
    assert.match(message.message, /\(\d+ answers removed from .*biomed-lsp-cache-/);
  });

  it('biomedNlp.cache.persist false: nothing is written to disk, and a new session asks again', async () => {
    const first = await start({ cache: { persist: false } });
    await analyse(first);
    assert.ok(!fs.existsSync(path.join(dir, 'answers.log')));
    await first.stop();
    const second = await start({ cache: { persist: false } });
    const before = calls();
    await analyse(second);
    assert.ok(calls() - before > 5);
  });

  it('a cache file of another program is moved aside and said in the log; the note is analysed as usual', async () => {
    const foreign = 'not the cache of this extension\n';
    fs.writeFileSync(path.join(dir, 'answers.log'), foreign);
    const client = await start();
    const shown = await analyse(client);
    assert.ok(shown.tokens.length > 5);
    assert.equal(fs.readFileSync(path.join(dir, 'answers.log.foreign'), 'utf8'), foreign);
    await waitFor('the log line', () => client.logs.some((l) => /held a file of another format or version; it was moved aside/.test(l)));
  });
});
