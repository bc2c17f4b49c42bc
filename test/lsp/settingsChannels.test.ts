/**
 * The settings' one shape, `{ biomedNlp: {…} }`, in each channel a client may use
 * (initializationOptions, workspace/didChangeConfiguration, workspace/configuration),
 * merged in the stated order (lsp/settings.ts), and the log line at start that names the
 * model server and model in use and where the settings came from. The server
 * is started as the docs say for other editors: `biomed lsp --stdio` (dist/cli.js).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { mergeRawSettings, initializationSettings, sectionOf, answeredSection } from '../../server/src/lsp/settings';
import { EDITOR_NOTE, editorNoteGold } from '../support/editorNote';
import { ClientOptions, LspTestClient, waitFor } from '../support/lspClient';
import { MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import { ROOT } from '../support/paths';

const CLI_JS = path.join(ROOT, 'dist/cli.js');
const URI = 'file:///editors/settings.note';
const NO_CONFIGURATION: ClientOptions['capabilities'] = { workspace: { configuration: false } };

/** The log line at start (or after a change of the model in use). */
function modelLines(client: LspTestClient): string[] {
  return client.logs.filter((l) => l.startsWith('Biomed NLP language server: '));
}

describe('settings: one shape in every channel', function () {
  this.timeout(30_000);
  let server: OllamaTestServer;
  let client: LspTestClient | undefined;
  before(async () => {
    server = await OllamaTestServer.start({ gold: [editorNoteGold()] });
  });
  after(async () => server.stop());
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  /** `biomed lsp --stdio`, `answer` being what the client answers workspace/configuration (where it declares it). */
  const start = (answer: Record<string, unknown> | null, options: ClientOptions) =>
    LspTestClient.spawn(answer as Record<string, unknown>, [CLI_JS, 'lsp', '--stdio'], options);
  const ours = () => ({ model: MEDTUNED_MODEL.name, ollama: { host: server.url }, debounceMs: 10 });

  /** The note is analysed against the test server: its findings come. */
  async function analysed(c: LspTestClient): Promise<void> {
    let count = 0;
    c.conn.onNotification(
      'textDocument/publishDiagnostics',
      (p: { uri: string; diagnostics: unknown[] }) => void (p.uri === URI && (count = p.diagnostics.length)),
    );
    const before = server.generationRequests().length;
    await c.open(URI, EDITOR_NOTE, 'text');
    await waitFor('the findings', () => count === 2);
    assert.ok(server.generationRequests().length > before);
  }

  it('initializationOptions { biomedNlp } alone (Neovim 0.7: no workspace/configuration): analysed with them; the log names host and model', async () => {
    client = await start(null, { initializationOptions: { biomedNlp: ours() }, capabilities: NO_CONFIGURATION });
    await analysed(client);
    assert.deepEqual(modelLines(client), [
      `Biomed NLP language server: engine auto: Ollama at ${server.url} (model ${MEDTUNED_MODEL.name}); settings from initializationOptions`,
    ]);
    assert.ok(!client.logs.some((l) => l.includes('apixaban') || l.includes('Okafor')), 'no note text in the log');
  });

  it('a null answer to workspace/configuration (eglot with only :initializationOptions) falls back to the initialization options', async () => {
    client = await start(null, { initializationOptions: { biomedNlp: ours() } });
    await analysed(client);
    assert.deepEqual(modelLines(client), [
      `Biomed NLP language server: engine auto: Ollama at ${server.url} (model ${MEDTUNED_MODEL.name}); settings from initializationOptions`,
    ]);
  });

  it('workspace/configuration merges over the initialization options, leaf by leaf', async () => {
    // The host from initializationOptions, the engine and model from the answer.
    client = await start({ engine: 'ollama', model: 'other-model:7b' }, { initializationOptions: { biomedNlp: { ollama: { host: server.url } } } });
    await waitFor('the log line', () => modelLines(client!).length > 0);
    assert.deepEqual(modelLines(client), [
      `Biomed NLP language server: Ollama at ${server.url} (model other-model:7b); settings from initializationOptions, workspace/configuration`,
    ]);
  });

  it('workspace/didChangeConfiguration { settings: { biomedNlp } } (nvim-lspconfig, Helix) applies to a client without workspace/configuration', async () => {
    client = await start(null, { initializationOptions: {}, capabilities: NO_CONFIGURATION });
    await waitFor('the log line', () => modelLines(client!).length > 0);
    assert.match(modelLines(client)[0], /Ollama at http:\/\/127\.0\.0\.1:11434 .*; no settings received: all defaults$/);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { biomedNlp: ours() } });
    await waitFor('a second log line', () => modelLines(client!).length > 1);
    assert.equal(
      modelLines(client)[1],
      `Biomed NLP language server: engine auto: Ollama at ${server.url} (model ${MEDTUNED_MODEL.name}); settings from workspace/didChangeConfiguration`,
    );
    await analysed(client);
  });

  it('a host with a password is logged without it', async () => {
    const host = server.url.replace('http://', 'http://nurse:secret@');
    client = await start(null, { initializationOptions: { biomedNlp: { engine: 'ollama', ollama: { host } } }, capabilities: NO_CONFIGURATION });
    await waitFor('the log line', () => modelLines(client!).length > 0);
    assert.ok(!modelLines(client)[0].includes('secret'), modelLines(client)[0]);
    assert.ok(modelLines(client)[0].includes(`Ollama at ${server.url}/`), modelLines(client)[0]);
  });
});

describe('settings: the layers and their shape (lsp/settings.ts)', () => {
  it('merges leaf by leaf, later over earlier; arrays and values are replaced whole', () => {
    assert.deepEqual(
      mergeRawSettings({ ollama: { host: 'a', keepAlive: '5m' }, entityTypes: ['problem', 'test'] }, undefined, {
        ollama: { host: 'b' },
        entityTypes: ['gene'],
      }),
      { ollama: { host: 'b', keepAlive: '5m' }, entityTypes: ['gene'] },
    );
  });

  it('reads { biomedNlp } in initializationOptions over the VS Code client’s { settings }, dotted keys as nested ones', () => {
    assert.deepEqual(initializationSettings({ settings: { model: 'm1', debounceMs: 5 }, biomedNlp: { model: 'm2', 'ollama.host': 'h' } }), {
      model: 'm2',
      debounceMs: 5,
      ollama: { host: 'h' },
    });
    assert.equal(initializationSettings({ biomedNlpClient: true }), undefined);
    assert.equal(initializationSettings(null), undefined);
  });

  it('a section is an object or nothing: null, a list or a string add nothing', () => {
    assert.deepEqual(sectionOf({ biomedNlp: { 'nli.severity.contradiction': 'error' } }), { nli: { severity: { contradiction: 'error' } } });
    for (const v of [null, undefined, [], 'biomedNlp', { biomedNlp: null }, { other: {} }]) assert.equal(sectionOf(v), undefined, JSON.stringify(v));
    for (const v of [null, undefined, [1], 'x', 3]) assert.equal(answeredSection(v), undefined, JSON.stringify(v));
    assert.deepEqual(mergeRawSettings(JSON.parse('{"__proto__": {"polluted": true}}')), {});
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
