/**
 * The language suite.server in this process (`startServer` over in-memory streams), so that the
 * engine's Workspace behind the protocol can be looked into: the debounce, stale versions,
 * blocking while the model suite.server is down and recovering, settings mapped into the engine
 * configuration. The stdio tests beside this file drive the bundled suite.server the same way.
 */
import * as assert from 'node:assert/strict';
import { LLAMA31_MODEL, MEDTUNED_MODEL } from '../support/ollamaServer';
import { freshServerPerTest, LspTestClient, waitFor } from '../support/lspClient';
import { fixtureNote, spans } from '../support/gold';

function settings(host: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: MEDTUNED_MODEL.name, ollama: { host }, retryIntervalMs: 100, relations: { enabled: false }, nli: { enabled: false }, ...extra };
}

const note = fixtureNote('ed-chest-pain');

describe('LSP in process: the workspace behind the protocol', function () {
  this.timeout(30_000);
  const suite = freshServerPerTest();

  function workspace() {
    return suite.client!.server!.workspace;
  }

  it('model work waits for the debounce; edits inside it never reach the model', async () => {
    suite.client = await LspTestClient.inProcess(settings(suite.server.url, { debounceMs: 300 }));
    const uri = 'file:///in-process/debounce.note';
    await suite.client.open(uri, note.text);
    await waitFor('the analysis of version 1', () => workspace().current(uri)?.version === 1);
    assert.equal(suite.server.generationRequests().length, 0, 'nothing is sent during the debounce');
    assert.equal(workspace().current(uri)!.isComplete, false);

    // Typing inside the debounce: five versions, each replacing the last.
    const at = note.text.indexOf('chest pain');
    assert.ok(at > 0);
    for (let i = 1; i <= 5; i++) {
      await suite.client.edit(uri, at, at + (i === 1 ? 0 : 'typed'.length + i - 2), `typed${'x'.repeat(i - 1)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await waitFor('the analysis of version 6', () => workspace().current(uri)?.version === 6);
    await waitFor('analysis complete', () => workspace().current(uri)?.isComplete);
    const prompts = suite.server.generationRequests().map((r) => JSON.stringify(r.body));
    const typed = prompts.flatMap((p) => [...p.matchAll(/typed(x*)/g)].map((m) => m[1].length));
    assert.ok(typed.length > 0, 'the final text is analysed');
    assert.deepEqual([...new Set(typed)], [4], 'no intermediate version reached the model');
  });

  it('an edit replaces the analysis: the old version is disposed, results belong to the current version only', async () => {
    suite.client = await LspTestClient.inProcess(settings(suite.server.url, { debounceMs: 0 }));
    const uri = 'file:///in-process/stale.note';
    await suite.client.open(uri, note.text);
    await waitFor('analysis complete', () => workspace().current(uri)?.isComplete);
    const first = workspace().current(uri)!;
    assert.deepEqual(spans(await suite.client.tokens(uri)), note.gold);

    await suite.client.edit(uri, 0, 0, 'Addendum.\n');
    await waitFor('version 2', () => workspace().current(uri)?.version === 2);
    assert.ok(first.isDisposed, 'the analysis of version 1 is given up');
    const second = workspace().current(uri)!;
    await waitFor('analysis complete', () => second.isComplete);
    // Unchanged sentences came from the cache: shifted, never re-asked.
    const shifted = note.gold.map((g) => ({ ...g, start: g.start + 10, end: g.end + 10 }));
    assert.deepEqual(spans(await suite.client.tokens(uri)), shifted);
    for (const e of second.entities()) assert.equal(suite.client.text(uri).slice(e.start, e.end), e.text);

    await suite.client.close(uri);
    await waitFor('the document to be closed', () => workspace().current(uri) === undefined);
    assert.ok(second.isDisposed);
  });

  it('blocks while the model server is down (no requests pile up) and resumes when it is back', async () => {
    await suite.server.stop();
    suite.client = await LspTestClient.inProcess(settings(suite.server.url, { debounceMs: 0 }));
    const uri = 'file:///in-process/blocked.note';
    await suite.client.open(uri, note.text);
    await waitFor('unreachable', () => workspace().status().state === 'unreachable');
    const analysis = workspace().current(uri)!;
    // Nothing answered; what was tried stays failed (the recovery check resends it), the rest waits.
    assert.equal(analysis.done, 0);
    assert.equal(analysis.failed + analysis.pending, analysis.total);
    assert.ok(analysis.total > 0);
    assert.match(workspace().status().message!, /not reachable/);

    await suite.server.restart();
    // The settings arriving after `initialized` may re-plan the same version: follow the current analysis.
    await waitFor('ready', () => workspace().status().state === 'ready' && workspace().current(uri)?.isComplete);
    assert.equal(workspace().current(uri)!.version, 1, 'the version opened resumes');
    assert.deepEqual(spans(await suite.client.tokens(uri)), note.gold);
  });

  it('settings reach the engine configuration; a change reconfigures the engine', async () => {
    suite.client = await LspTestClient.inProcess(settings(suite.server.url, { ollama: { host: suite.server.url, numCtx: 1024 }, maxConcurrentRequests: 3 }));
    const engine = workspace().engine;
    await waitFor('settings from the client', () => engine.config.numCtx === 1024);
    assert.equal(engine.config.maxConcurrentRequests, 3);
    assert.equal(engine.ctx.scheduler.capacity, 3);
    assert.equal((await engine.analysisConfig()).nli?.budgetChars, 2048);
    assert.deepEqual(engine.backend.serving(), { engine: 'ollama', host: suite.server.url, model: MEDTUNED_MODEL.name });

    await suite.client.changeSettings(settings(suite.server.url, { model: LLAMA31_MODEL.name, maxConcurrentRequests: 1 }));
    await waitFor('the new model', () => engine.backend.serving().model === LLAMA31_MODEL.name);
    assert.equal(engine.ctx.scheduler.capacity, 1);
    assert.equal((await engine.analysisConfig()).profile.name, 'json', 'the profile follows the model that serves');
  });

  it('model management says which engine has its own models instead of failing on Ollama commands', async () => {
    suite.client = await LspTestClient.inProcess(
      settings(suite.server.url, { engine: 'openai', openai: { baseUrl: `${suite.server.url}/v1`, model: LLAMA31_MODEL.name } }),
    );
    await waitFor('the openai engine', () => workspace().engine.backend.serving().engine === 'openai');
    await assert.rejects(suite.client.request('biomedNlp/listModels'), /managed with Ollama.*OpenAI-compatible server/);
    await assert.rejects(suite.client.request('biomedNlp/pullModel', { model: 'x' }), /OpenAI-compatible server/);
    assert.equal(suite.server.generationRequests().length, 0);
  });

  it('a request whose params arrive as [params, null] (a client passing an undefined token) is still answered', async () => {
    suite.client = await LspTestClient.inProcess(settings(suite.server.url, { debounceMs: 0, nli: { enabled: true } }));
    const uri = 'file:///in-process/params.note';
    await suite.client.open(uri, note.text);
    await waitFor('analysis complete', () => workspace().current(uri)?.isComplete);
    const params = { uri, hypothesis: 'The patient has chest pain.' };
    // What vscode-languageclient sends for sendRequest(method, params, undefined).
    const send = suite.client.conn.sendRequest.bind(suite.client.conn) as (method: string, ...params: unknown[]) => Promise<unknown>;
    const result = (await send('biomedNlp/checkStatement', params, null)) as { label: string } | null;
    assert.ok(result && ['entailment', 'contradiction', 'neutral'].includes(result.label), JSON.stringify(result));
  });
});
