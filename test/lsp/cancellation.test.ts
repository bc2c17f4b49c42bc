/**
 * Cancellation: a user's check outranks background work only while the user waits. A
 * cancelled biomedNlp/checkStatement releases its model jobs (those nobody else holds leave
 * the queue), closing a note drops its queued jobs, and statements longer than the limit
 * are refused before anything reaches the model.
 */
import * as assert from 'node:assert/strict';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { MEDTUNED_MODEL } from '../support/ollamaServer';
import { freshServerPerTest, LspTestClient, waitFor } from '../support/lspClient';
import { fixtureNote } from '../support/gold';
import { PRIORITY_USER_REQUEST } from '../../server/src/engine/pipeline/taskTable';
import { MAX_STATEMENT_LENGTH } from '../../server/src/engine/pipeline/analysis';

const note = fixtureNote('ed-chest-pain');

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

const MARK = 'Zyxoquatrine';

describe('LSP: cancellation and the statement limit', function () {
  this.timeout(30_000);
  const suite = freshServerPerTest();

  function scheduler() {
    return suite.client!.server!.workspace.ctx.scheduler;
  }

  it('cancelled checks release their jobs: the next highlight is not queued behind them', async () => {
    suite.client = await LspTestClient.inProcess(settings(suite.server.url, { maxConcurrentRequests: 1 }));
    const uri = 'file:///cancel/checks.note';
    await suite.client.open(uri, note.text);
    await waitFor('analysed', () => suite.client!.server!.workspace.current(uri)?.isComplete);

    suite.server.setTiming({ firstTokenMs: 150, perTokenMs: 1 });
    const sources = Array.from({ length: 10 }, () => new CancellationTokenSource());
    const checks = sources.map((source, i) =>
      suite.client!.conn.sendRequest('biomedNlp/checkStatement', { uri, hypothesis: `The patient was given ${MARK} ${i} for chest pain.` }, source.token).then(
        () => 'answered',
        (err: { code?: number }) => err.code,
      ),
    );
    const isCheck = (r: { body: unknown }) => JSON.stringify(r.body).includes(MARK);
    await waitFor('the first check reaches the model', () => suite.server.generationRequests().some(isCheck));
    const queuedForUser = scheduler()
      .jobs()
      .filter((j) => j.priority >= PRIORITY_USER_REQUEST);
    assert.ok(queuedForUser.length > 1, `the checks queued user-priority jobs (${queuedForUser.length})`);

    for (const s of sources) s.cancel();
    const codes = await Promise.all(checks);
    for (const code of codes) assert.equal(code, -32800, 'a cancelled check answers RequestCancelled');
    const cutAt = suite.server.generationRequests().length;
    assert.deepEqual(
      scheduler()
        .jobs()
        .filter((j) => j.priority >= PRIORITY_USER_REQUEST),
      [],
      'nothing of the checks stays queued at user priority',
    );
    assert.equal(scheduler().queued, 0, 'no job of the cancelled checks is queued');

    // An edit: its entity work goes out at once, not behind forty NLI prompts.
    const at = note.text.indexOf('chest pain');
    await suite.client.edit(uri, at, at, 'severe ');
    await waitFor('the edit analysed', () => {
      const a = suite.client!.server!.workspace.current(uri);
      return a?.version === 2 && a.isComplete;
    });
    const after = suite.server.generationRequests().slice(cutAt);
    assert.ok(after.length > 0, 'the edit reached the model');
    assert.equal(after.filter(isCheck).length, 0, 'no prompt of a cancelled check was sent after the cancellation');
    const before = suite.server.generationRequests().slice(0, cutAt).filter(isCheck);
    assert.ok(before.length <= 1, `at most the check in flight when cancelled was sent (${before.length})`);
    assert.ok(before.every((r) => r.aborted || r.finished));
  });

  it('closing a note drops its queued jobs and closes the one in flight', async () => {
    suite.server.setTiming({ firstTokenMs: 150, perTokenMs: 1 });
    suite.client = await LspTestClient.inProcess(settings(suite.server.url, { maxConcurrentRequests: 1 }));
    const uri = 'file:///cancel/close.note';
    await suite.client.open(uri, note.text);
    await waitFor('the first request', () => suite.server.generationRequests().length > 0);
    assert.ok(scheduler().queued > 0, 'work is queued behind the first request');
    await suite.client.close(uri);
    await waitFor('the queue emptied', () => scheduler().jobs().length === 0);
    const sent = suite.server.generationRequests().length;
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(suite.server.generationRequests().length, sent, 'nothing more is sent for the closed note');
    await waitFor('the request in flight closed', () => suite.server.generationRequests().every((r) => r.aborted || r.finished));
  });

  it(`a statement longer than ${MAX_STATEMENT_LENGTH} characters is refused; nothing is sent`, async () => {
    suite.client = await LspTestClient.inProcess(settings(suite.server.url));
    const uri = 'file:///cancel/long.note';
    await suite.client.open(uri, note.text);
    await waitFor('analysed', () => suite.client!.server!.workspace.current(uri)?.isComplete);
    const sent = suite.server.generationRequests().length;
    const hypothesis = 'The patient has chest pain. '.repeat(80);
    assert.ok(hypothesis.trim().length > MAX_STATEMENT_LENGTH);
    await assert.rejects(suite.client.request('biomedNlp/checkStatement', { uri, hypothesis }), (err: { code: number; message: string }) => {
      assert.equal(err.code, -32602);
      assert.match(err.message, /2,000 characters/);
      return true;
    });
    assert.equal(suite.server.generationRequests().length, sent, 'nothing was sent to the model');
    assert.deepEqual(scheduler().jobs(), []);
  });
});
