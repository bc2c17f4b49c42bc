/**
 * The server as a client other than Biomed NLP's own sees it: a client that sets
 * no `biomedNlpClient` and handles no `biomedNlp/*` notification, configured the documented
 * way (`initializationOptions: { biomedNlp: … }`), shaped after eglot 1.9 (plain-text
 * hovers, workspace/configuration, no work-done progress) or Neovim 0.7 (markdown hovers).
 * Over the invented note of test/support/editorNote.ts, with its own gold.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EDITOR_NOTE, editorNoteGold, STATEMENTS } from '../support/editorNote';
import { ClientOptions, LspTestClient, SERVER_JS, waitFor } from '../support/lspClient';
import { MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  source?: string;
  data?: unknown;
}
interface Published {
  uri: string;
  diagnostics: Diagnostic[];
}
interface Action {
  title: string;
  command: { title: string; command: string; arguments: unknown[] };
}
interface Symbol {
  name: string;
  detail?: string;
  kind: number;
  children?: Symbol[];
}

const URI = 'file:///editors/clinic-visit.note';
const doc = TextDocument.create(URI, 'text', 1, EDITOR_NOTE);

/** eglot 1.9 without markdown-mode: plain text first, workspace/configuration, no progress. */
const EGLOT_LIKE: ClientOptions['capabilities'] = {
  window: { workDoneProgress: false },
  textDocument: { hover: { contentFormat: ['plaintext'] } },
};
/** Neovim 0.7: markdown first (then plain text), no workspace/configuration. */
const NEOVIM_LIKE: ClientOptions['capabilities'] = {
  workspace: { configuration: false },
  textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } },
};

/** What a client of another editor receives: every notification by method, diagnostics as published, and the order of events. */
function record(client: LspTestClient) {
  const custom: string[] = [];
  const published: Published[] = [];
  const events: string[] = [];
  // Methods without a handler of their own (the test client handles biomedNlp/status: counted apart).
  client.conn.onUnhandledNotification((m) => void (m.method.startsWith('biomedNlp/') && custom.push(m.method)));
  client.conn.onNotification('textDocument/publishDiagnostics', (p: Published) => {
    published.push(p);
    events.push(`publish ${p.diagnostics.length}`);
  });
  return { custom, published, events, last: () => published.filter((p) => p.uri === URI).at(-1) };
}

async function hoverAt(client: LspTestClient, surface: string, n = 0): Promise<{ kind: string; value: string } | undefined> {
  let at = -1;
  for (let i = 0; i <= n; i++) at = EDITOR_NOTE.indexOf(surface, at + 1);
  const hover = await client.request<{ contents: { kind: string; value: string } } | null>('textDocument/hover', {
    textDocument: { uri: URI },
    position: doc.positionAt(at + 1),
  });
  return hover?.contents;
}

/** The hover once its relations are computed. */
function settledHover(client: LspTestClient, surface: string) {
  return waitFor(`the hover of ${surface}`, async () => {
    const h = await hoverAt(client, surface);
    return h && !/still being computed/.test(h.value) && h;
  });
}

describe('LSP: a client other than VS Code', function () {
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

  const settings = () => ({ model: MEDTUNED_MODEL.name, ollama: { host: server.url }, debounceMs: 10, retryIntervalMs: 100 });
  // The configuration answer is null (the client has nothing for the section): the initialization options count.
  const start = (capabilities: ClientOptions['capabilities'], init: Record<string, unknown> = { biomedNlp: settings() }) =>
    LspTestClient.start(null as never, SERVER_JS, { initializationOptions: init, capabilities });

  it('eglot-like: the NLI findings, no biomedNlp/* notification, hovers in plain text without escapes, symbols named with their type', async () => {
    client = await start(EGLOT_LIKE);
    const seen = record(client);
    await client.open(URI, EDITOR_NOTE, 'text');
    const last = await waitFor('both findings', () => seen.last()?.diagnostics.length === 2 && seen.last());
    assert.deepEqual(
      last.diagnostics.map((d) => doc.getText(d.range)),
      [STATEMENTS.potassium.hypothesis, STATEMENTS.fibrillation.hypothesis],
    );
    assert.ok(last.diagnostics[0].message.includes(`contradicted by the note: “${STATEMENTS.potassium.evidence}”`), last.diagnostics[0].message);

    const apixaban = await settledHover(client, 'apixaban');
    assert.equal(apixaban.kind, 'plaintext');
    assert.ok(!apixaban.value.includes('\\'), apixaban.value);
    assert.ok(!/\*|`/.test(apixaban.value), apixaban.value);
    assert.match(apixaban.value, /^treatment “apixaban”/);
    assert.ok(apixaban.value.includes('“apixaban” (treatment, line 5) is administered for “atrial fibrillation” (problem, line 5) TrAP'), apixaban.value);
    assert.ok(apixaban.value.includes('Evidence: “He takes apixaban for atrial fibrillation (non-valvular).”'), apixaban.value);
    const chestPain = await settledHover(client, 'chest pain');
    assert.ok(chestPain.value.includes('negated by denies'), chestPain.value);

    const symbols = await client.request<Symbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
    const names = symbols.flatMap((s) => [s.name, ...(s.children ?? []).map((c) => `${s.name} > ${c.name}`)]);
    for (const name of ['HISTORY > apixaban (treatment)', 'HISTORY > chest pain (problem · negated)', 'HISTORY > potassium levels (test)', 'ASSESSMENT'])
      assert.ok(names.includes(name), `${name} in ${JSON.stringify(names)}`);

    assert.deepEqual(seen.custom, []);
    assert.deepEqual(client.statuses, []);
    assert.equal(client.progressCreated, 0, 'no work-done progress for a client that did not declare it');
  });

  it('Neovim-like (markdown first, plain text too): plain text, since it shows markdown escapes as typed; markdown only to a client that takes nothing else', async () => {
    client = await start(NEOVIM_LIKE);
    await client.open(URI, EDITOR_NOTE, 'text');
    const plain = await settledHover(client, 'apixaban');
    assert.equal(plain.kind, 'plaintext');
    assert.ok(plain.value.includes('Evidence: “He takes apixaban for atrial fibrillation (non-valvular).”'), plain.value);
    await client.stop();

    client = await start({ ...NEOVIM_LIKE, textDocument: { hover: { contentFormat: ['markdown'] } } });
    await client.open(URI, EDITOR_NOTE, 'text');
    const markdown = await settledHover(client, 'apixaban');
    assert.equal(markdown.kind, 'markdown');
    assert.ok(markdown.value.includes('Evidence: “He takes apixaban for atrial fibrillation \\(non\\-valvular\\)\\.”'), markdown.value);
    assert.ok(markdown.value.startsWith('**treatment** “apixaban”'), markdown.value);
  });

  it('a client that declared window.workDoneProgress (not Biomed NLP’s) sees a long analysis as standard progress', async () => {
    const slow = await OllamaTestServer.start({ gold: [editorNoteGold()] });
    try {
      slow.setTiming({ firstTokenMs: 60, perTokenMs: 1 });
      client = await start(
        { window: { workDoneProgress: true } },
        { biomedNlp: { model: MEDTUNED_MODEL.name, ollama: { host: slow.url }, maxConcurrentRequests: 1 } },
      );
      const seen = record(client);
      await client.open(URI, EDITOR_NOTE, 'text');
      await waitFor('progress end', () => client!.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'end'), 20_000);
      const kinds = client.progress.map((p) => (p as { value: { kind: string } }).value.kind);
      assert.equal(client.progressCreated, 1);
      assert.equal(kinds[0], 'begin');
      assert.ok(kinds.includes('report'), JSON.stringify(kinds));
      assert.deepEqual(client.statuses, []);
      assert.deepEqual(seen.custom, []);
    } finally {
      await slow.stop();
    }
  });

  it('while the model server is overloaded, the standard progress says so with the next try, and ends when the note is analysed', async () => {
    const busy = await OllamaTestServer.start({ gold: [editorNoteGold()] });
    try {
      let refused = 0;
      busy.script((req) =>
        req.path === '/api/generate' && refused++ < 6
          ? { kind: 'http-error', status: 429, error: 'too many requests', headers: { 'Retry-After': '1' } }
          : undefined,
      );
      client = await start(
        { window: { workDoneProgress: true } },
        { biomedNlp: { model: MEDTUNED_MODEL.name, ollama: { host: busy.url }, maxConcurrentRequests: 1 } },
      );
      await client.open(URI, EDITOR_NOTE, 'text');
      const messages = () => client!.progress.map((p) => (p as { value: { message?: string } }).value.message ?? '');
      const waiting = await waitFor('a progress that says it waits', () => messages().find((m) => /^waiting for the model server/.test(m)), 20_000);
      assert.match(waiting, /^waiting for the model server \(HTTP 429\), next try at \d\d:\d\d:\d\d · \d+\/\d+ sentences$/);
      await waitFor('progress end', () => client!.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'end'), 20_000).catch((e: Error) => {
        // What the analysis was at, should this ever time out again (it did once in CI, session 10).
        const tried = busy.generationRequests().length;
        throw new Error(`${e.message}; ${tried} generation requests, ${refused} refused; last progress: ${messages().slice(-3).join(' | ')}`);
      });
    } finally {
      await busy.stop();
    }
  });

  it('code actions: titles name the statement; "Ignore this finding" publishes before it answers; "Show how this was checked" answers as a message', async () => {
    client = await start(EGLOT_LIKE);
    const seen = record(client);
    await client.open(URI, EDITOR_NOTE, 'text');
    const last = await waitFor('both findings', () => seen.last()?.diagnostics.length === 2 && seen.last());
    // Both statements are on one line: a client lists both findings' actions there.
    const actions = await client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: last.diagnostics[0].range,
      context: { diagnostics: last.diagnostics },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        `Ignore this finding: “${STATEMENTS.potassium.hypothesis}”`,
        'Show how this was checked',
        `Ignore this finding: “${STATEMENTS.fibrillation.hypothesis}”`,
        'Show how this was checked',
      ],
    );

    await client.request('workspace/executeCommand', actions[1].command);
    const shown = await waitFor('the account as a message', () => client!.messages.find((m) => m.type === 3));
    assert.ok(shown.message.includes(`Statement (line 10): “${STATEMENTS.potassium.hypothesis}”`), shown.message);
    assert.ok(shown.message.includes('Verdict: contradicted by the note'), shown.message);

    await client.request('workspace/executeCommand', actions[0].command);
    seen.events.push('answer');
    // The new diagnostics came before the answer, on the same stream.
    assert.deepEqual(seen.events.slice(-2), ['publish 1', 'answer']);
    assert.equal(doc.getText(seen.last()!.diagnostics[0].range), STATEMENTS.fibrillation.hypothesis);
  });

  it('an unreachable model: one warning with the way forward per outage (retries are no new outage); none to Biomed NLP’s own client', async () => {
    const gone = await OllamaTestServer.start({ gold: [] });
    const { url: host, port } = gone;
    await gone.stop();
    client = await start(EGLOT_LIKE, { biomedNlp: { model: MEDTUNED_MODEL.name, ollama: { host }, debounceMs: 10, retryIntervalMs: 50 } });
    const seen = record(client);
    const warnings = () => client!.messages.filter((m) => m.type === 2);
    await client.open(URI, EDITOR_NOTE, 'text');
    const [warning] = await waitFor('a warning', () => warnings().length > 0 && warnings());
    assert.ok(warning.message.startsWith(`Biomed NLP: no model can analyse notes: Ollama is not reachable at ${host}.`), warning.message);
    assert.ok(warning.message.includes('Start Ollama (https://ollama.com/download), or set biomedNlp.ollama.host'), warning.message);
    assert.ok(!client.logs.some((l) => l.includes('apixaban')), 'no note text in the log');

    // The model comes back (the server checks again by itself): the note is analysed, nothing more is said.
    const back = await OllamaTestServer.start({ gold: [editorNoteGold()], port });
    try {
      await waitFor('the findings', () => seen.last()?.diagnostics.length === 2, 20_000);
      assert.equal(warnings().length, 1, JSON.stringify(client.messages));
      // The analysis settles before the server goes (a request cut mid-answer is another outage, "dropped the connection").
      let asked = -1;
      await waitFor(
        'no model request for a while',
        async () => {
          const now = back.generationRequests().length;
          const quiet = back.openGenerations === 0 && now === asked;
          asked = now;
          await new Promise((r) => setTimeout(r, 300));
          return quiet;
        },
        20_000,
      );
    } finally {
      await back.stop();
    }
    // It goes away again: a new outage, told once more when an edit needs the model.
    await client.edit(URI, EDITOR_NOTE.indexOf('takes'), EDITOR_NOTE.indexOf('takes'), 'still ');
    await waitFor('a second warning', () => warnings().length === 2);
    assert.equal(warnings()[1].message, warning.message);
    await client.stop();

    // Biomed NLP's own client shows the outage in its status item (biomedNlp/status) instead.
    client = await LspTestClient.start({ ollama: { host }, debounceMs: 10, retryIntervalMs: 50 });
    await client.open(URI, EDITOR_NOTE, 'text');
    await waitFor('the unreachable status', () => client!.lastStatus()?.state === 'unreachable');
    assert.deepEqual(client.messages, []);
  });
});
