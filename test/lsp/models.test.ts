/**
 * Model management and export through the language server: listing Ollama's models, pulling
 * one with progress and cancellation, and exporting a note through the shared writers.
 */
import * as assert from 'node:assert/strict';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { readBioC } from '../../server/src/engine/formats/bioc';
import { readBratDocument } from '../../server/src/engine/formats/bratDocument';
import { readJsonl } from '../../server/src/engine/formats/jsonl';
import type { ExportResult, ListModelsResult, PullProgressParams } from '../../server/src/protocol/protocol';
import { LspTestClient, waitFor } from '../support/lspClient';
import { fixtureNote, NOTES_DIR, spans } from '../support/gold';
import { LLAMA31_MODEL, loadGoldDocuments, MEDTUNED_MODEL, ModelInfo, OllamaTestServer } from '../support/ollamaServer';

const QWEN: ModelInfo = { name: 'qwen2.5:7b', size: 4683087332, family: 'qwen2', parameterSize: '7.6B', quantization: 'Q4_K_M' };

describe('LSP: model management and export', function () {
  this.timeout(30_000);
  let server: OllamaTestServer;
  let client: LspTestClient;
  const progress: PullProgressParams[] = [];

  beforeEach(async () => {
    progress.length = 0;
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR), pullable: [QWEN], pullStepMs: 20 });
    client = await LspTestClient.start({ model: MEDTUNED_MODEL.name, ollama: { host: server.url }, debounceMs: 10, retryIntervalMs: 100 });
    client.conn.onNotification('biomedNlp/pullProgress', (p: PullProgressParams) => void progress.push(p));
  });
  afterEach(async () => {
    await client.stop();
    await server.stop();
  });

  it('lists the models with size, quantisation and the profile each would get', async () => {
    const result = await client.request<ListModelsResult>('biomedNlp/listModels');
    assert.equal(result.current, MEDTUNED_MODEL.name);
    const byName = Object.fromEntries(result.models.map((m) => [m.name, m]));
    assert.equal(byName[MEDTUNED_MODEL.name].profile, 'medtuned');
    assert.equal(byName[MEDTUNED_MODEL.name].quantization, 'Q4_K_M');
    assert.equal(byName[MEDTUNED_MODEL.name].size, MEDTUNED_MODEL.size);
    assert.equal(byName[LLAMA31_MODEL.name].profile, 'json');
  });

  it('pulls a model with per-layer byte progress, then it is listed', async () => {
    const result = await client.request<{ pulled: string }>('biomedNlp/pullModel', { model: QWEN.name });
    assert.equal(result.pulled, QWEN.name);
    assert.equal(progress[0].status, 'pulling manifest');
    const layers = progress.filter((p) => p.total !== undefined && p.completed !== undefined);
    assert.ok(layers.length >= 2, 'byte progress of the layers');
    assert.ok(layers.some((p) => p.completed === p.total));
    assert.equal(progress.at(-1)!.status, 'success');
    const listed = await client.request<ListModelsResult>('biomedNlp/listModels');
    assert.ok(listed.models.some((m) => m.name === QWEN.name));
  });

  it("an unknown model's pull fails with Ollama's error", async () => {
    await assert.rejects(client.request('biomedNlp/pullModel', { model: 'no-such-model:1b' }), /no-such-model:1b.*file does not exist/);
    assert.equal(client.exited, null);
  });

  it('a cancelled pull closes the connection and installs nothing', async () => {
    const source = new CancellationTokenSource();
    const pending = client.conn.sendRequest('biomedNlp/pullModel', { model: QWEN.name }, source.token);
    await waitFor('the pull to start', () => progress.length > 0);
    source.cancel();
    await assert.rejects(pending);
    await waitFor('the pull request closed', () => server.requests.some((r) => r.path === '/api/pull' && r.aborted));
    const listed = await client.request<ListModelsResult>('biomedNlp/listModels');
    assert.ok(!listed.models.some((m) => m.name === QWEN.name));
  });

  it('pulling the missing model resumes the waiting notes', async () => {
    await client.stop();
    server.removeModel(MEDTUNED_MODEL.name);
    await server.stop();
    server = await OllamaTestServer.start({ port: server.port, gold: loadGoldDocuments(NOTES_DIR), pullable: [MEDTUNED_MODEL], models: [LLAMA31_MODEL] });
    client = await LspTestClient.start({ model: MEDTUNED_MODEL.name, ollama: { host: server.url }, debounceMs: 10, retryIntervalMs: 60_000 });
    const note = fixtureNote('ed-chest-pain');
    await client.open('file:///models/waiting.note', note.text);
    await waitFor('model missing', () => client.lastStatus()?.state === 'model-missing');
    await client.request('biomedNlp/pullModel', { model: MEDTUNED_MODEL.name });
    await waitFor('ready', () => client.lastStatus()?.state === 'ready' && client.lastStatus()!.done === client.lastStatus()!.total);
    assert.deepEqual(spans(await client.tokens('file:///models/waiting.note')), note.gold);
  });

  it('exports the current note as BioC, BRAT and JSON lines that read back to the same annotations', async () => {
    const note = fixtureNote('discharge-heart-failure');
    const uri = 'file:///models/discharge-heart-failure.note';
    await client.open(uri, note.text);
    const results: Record<string, ExportResult> = {};
    for (const format of ['bioc', 'brat', 'jsonl']) results[format] = await client.request<ExportResult>('biomedNlp/export', { uri, format });
    const fromJsonl = readJsonl(results.jsonl.files[0].content)[0];
    const fromBioc = readBioC(results.bioc.files[0].content)[0];
    const [ann, txt] = results.brat.files;
    assert.deepEqual([ann.suffix, txt.suffix], ['.ann', '.txt']);
    const fromBrat = readBratDocument('x', txt.content, ann.content);
    const shape = (d: typeof fromJsonl) => d.entities.map((e) => `${e.start}:${e.end}:${e.type.toLowerCase()}`).sort();
    const gold = note.gold.map((g) => `${g.start}:${g.end}:${g.type}`).sort();
    assert.deepEqual(shape(fromJsonl), gold);
    assert.deepEqual(shape(fromBioc), gold);
    assert.deepEqual(shape(fromBrat), gold);
    assert.equal(fromJsonl.relations.length, note.relations.length);
    assert.equal(fromBioc.relations.length, note.relations.length);
    assert.equal(fromBrat.relations.length, note.relations.length);
    assert.deepEqual(
      fromJsonl.findings?.map((f) => f.label).filter((l) => l !== 'entailment'),
      ['contradiction', 'contradiction'],
    );
    assert.equal(results.jsonl.entities, note.gold.length);
    // BRAT holds no NLI findings: the export says it wrote none and left these out.
    assert.equal(results.brat.findings, 0);
    assert.equal(results.brat.omitted?.findings, fromJsonl.findings?.length);
    assert.equal(results.jsonl.omitted, undefined);
    assert.equal(txt.content, note.text);
  });
});
