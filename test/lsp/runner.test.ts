/**
 * How the server answers requests (lsp/runner.ts, lsp/noteSession.ts): a handler's bug is
 * answered as LSP's InternalError, said to be a bug and not the model, with its stack in
 * the log; a request waiting for a note's analysis is answered as soon as the note closes
 * (its session goes with it), a closed note gets the default answer, and the same note
 * opened again is analysed and answered as before.
 */
import * as assert from 'node:assert/strict';
import { MEDTUNED_MODEL } from '../support/ollamaServer';
import { freshServerPerTest, LspTestClient, waitFor } from '../support/lspClient';
import { fixtureNote } from '../support/gold';

function settings(host: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: MEDTUNED_MODEL.name,
    ollama: { host },
    debounceMs: 0,
    retryIntervalMs: 100,
    relations: { enabled: false },
    nli: { enabled: false },
    ...extra,
  };
}

const note = fixtureNote('ed-chest-pain');

describe('LSP: the request runner and note sessions', function () {
  this.timeout(30_000);
  const suite = freshServerPerTest();

  it("a handler's unexpected exception is answered as InternalError, its stack logged", async () => {
    suite.client = await LspTestClient.inProcess(settings(suite.server.url));
    const uri = 'file:///runner/bug.note';
    await suite.client.open(uri, note.text);
    // A range request without its range: the handler reads `range.start` of undefined (a TypeError).
    const err = await suite.client.conn.sendRequest('textDocument/semanticTokens/range', { textDocument: { uri } }).then(
      () => assert.fail('a request that throws is not answered with a result'),
      (e: { code: number; message: string }) => e,
    );
    assert.equal(err.code, -32603, 'LSP InternalError');
    assert.match(err.message, /^Internal error in Biomed NLP \(a bug, not the model\)/);
    assert.doesNotMatch(err.message, /model failed|Generation failed/i);
    const logged = await waitFor('the internal error in the log', () => suite.client!.logs.find((l) => l.includes('[internal error]')));
    assert.match(logged, /TypeError/);
    assert.match(logged, /\n\s+at /, 'the stack is logged');
    // The server goes on: the same note's tokens are answered.
    await waitFor('tokens after the error', async () => (await suite.client!.tokens(uri)).length > 0);
  });

  it('closing a note answers the requests waiting for its analysis at once; reopened, it is analysed again', async () => {
    // A note over maxDocumentLength is not analysed: export waits for an analysis that never comes
    // (the Outline does not wait: its sections need no analysis).
    suite.client = await LspTestClient.inProcess(settings(suite.server.url, { maxDocumentLength: 2_000 }));
    const uri = 'file:///runner/close.note';
    const long = `${note.text}\n`.repeat(Math.ceil(2_500 / note.text.length));
    await suite.client.open(uri, long);
    const started = Date.now();
    const symbols = suite.client.request<{ children?: unknown[] }[] | null>('textDocument/documentSymbol', { textDocument: { uri } });
    const exported = suite.client.request<unknown>('biomedNlp/export', { uri, format: 'jsonl' }).then(
      () => 'answered',
      (e: Error) => e.message,
    );
    await new Promise((r) => setTimeout(r, 200));
    await suite.client.close(uri);
    const sections = await symbols;
    assert.ok(sections && sections.length > 0 && sections.every((x) => x.children?.length === 0), 'the Outline: sections, no entities');
    assert.match(await exported, /changed while it was being exported/);
    // Export waited up to 5 s for an analysis before the note's session answered it on close.
    assert.ok(Date.now() - started < 2_000, `answered when the note closed (${Date.now() - started} ms)`);

    // A closed note gets each request's default answer.
    assert.equal(await suite.client.request('textDocument/documentSymbol', { textDocument: { uri } }), null, 'the Outline of a closed note is empty');
    assert.deepEqual(await suite.client.request('textDocument/semanticTokens/full', { textDocument: { uri } }), { data: [] });
    assert.equal(await suite.client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
    assert.equal(await suite.client.request('biomedNlp/noteOverview', { uri }), null);
    assert.equal(await suite.client.request('biomedNlp/curationReview', { uri }), null);

    // Opened again (now short enough): a new session, analysed and answered.
    await suite.client.open(uri, note.text);
    const outline = await suite.client.request<{ name: string }[] | null>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(outline && outline.length > 0, 'the reopened note has an Outline');
    // (The Outline answers before the entities: the tokens come once the model has answered.)
    await waitFor('tokens of the reopened note', async () => (await suite.client!.tokens(uri)).length > 0);
  });
});
