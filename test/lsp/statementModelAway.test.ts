/**
 * A statement check while no model answers: answered with the code of
 * its own (MODEL_UNAVAILABLE_CODE) and the failure's kind, not as a bug, so that the client
 * shows the ways forward and checks again once the status says a model is back; and once it
 * is, the same check answers.
 */
import * as assert from 'node:assert/strict';
import { MODEL_UNAVAILABLE_CODE, type CheckStatementResult, type NoteOverview } from '../../server/src/protocol/protocol';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import { LspTestClient, waitFor } from '../support/lspClient';
import { fixtureNote, NOTES_DIR } from '../support/gold';

describe('LSP: a statement check with the model away', function () {
  this.timeout(30_000);
  let client: LspTestClient | undefined;
  let down: OllamaTestServer | undefined;
  afterEach(async () => {
    await client?.stop();
    await down?.stop().catch(() => undefined);
  });

  it('fails with MODEL_UNAVAILABLE_CODE and kind "unreachable"; answers once the server is back', async () => {
    const note = fixtureNote('discharge-heart-failure');
    down = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
    await down.stop();
    client = await LspTestClient.inProcess({ model: MEDTUNED_MODEL.name, ollama: { host: down.url }, debounceMs: 10, retryIntervalMs: 200 });
    const uri = 'file:///statement/away.note';
    await client.open(uri, note.text);
    await waitFor('the status to say unreachable', () => client!.lastStatus()?.state === 'unreachable');
    // The summary statements are known while the model is away, and none is checked: each waits (failed or pending).
    const findings = await waitFor('the summary statements planned', async () => {
      const o = await client!.request<NoteOverview | null>('biomedNlp/noteOverview', { uri });
      return o && o.findings.length > 0 ? o.findings : undefined;
    });
    assert.ok(
      findings.every((f) => f.state !== 'done'),
      JSON.stringify(findings.map((f) => f.state)),
    );
    const hypothesis = 'His renal function is normal.';
    await assert.rejects(client.request('biomedNlp/checkStatement', { uri, hypothesis }), (err: { code: number; message: string; data?: { kind: string } }) => {
      assert.equal(err.code, MODEL_UNAVAILABLE_CODE);
      assert.deepEqual(err.data, { kind: 'unreachable' });
      assert.match(err.message, /not reachable/);
      assert.doesNotMatch(err.message, /internal error|bug/i);
      return true;
    });
    // Back: the status says so, and the same check now answers.
    await down.restart();
    await waitFor('the status to say a model answers', () => ['ready', 'analysing', 'idle'].includes(client!.lastStatus()?.state ?? ''), 20_000);
    const result = await client.request<CheckStatementResult | null>('biomedNlp/checkStatement', { uri, hypothesis });
    assert.ok(result && ['entailment', 'contradiction', 'neutral'].includes(result.label), JSON.stringify(result));
  });
});
