/**
 * biomedNlp.nli.embeddingModel names a model the server does not have: NLI still runs
 * (premises ranked by words, concepts and quantities), the diagnostics come, and the
 * status says why premises are ranked without embeddings.
 */
import * as assert from 'node:assert/strict';
import { freshServerPerTest, LspTestClient, waitFor } from '../support/lspClient';
import { fixtureNote } from '../support/gold';
import { MEDTUNED_MODEL } from '../support/ollamaServer';

const NOTE = 'discharge-heart-failure';

describe('LSP: a missing embedding model is a status message, never a failure of NLI', function () {
  this.timeout(60_000);
  const suite = freshServerPerTest();

  it('findings are published and the status names the missing embedding model', async () => {
    suite.client = await LspTestClient.inProcess({
      model: MEDTUNED_MODEL.name,
      ollama: { host: suite.server.url },
      debounceMs: 0,
      relations: { enabled: false },
      nli: { enabled: true, embeddingModel: 'no-such-embedder' },
    });
    const uri = `file:///embedding/${NOTE}.note`;
    await suite.client.open(uri, fixtureNote(NOTE).text);
    const status = await waitFor('a status about embeddings', () =>
      suite.client!.statuses.find((s) => /NLI premises are ranked without embeddings/.test(s.message ?? '')),
    );
    assert.match(status.message!, /no-such-embedder/);
    assert.notEqual(status.state, 'error');
    const findings = suite.client.server!.workspace.current(uri)!;
    await waitFor('the NLI findings', () => findings.nliFindings()?.length && findings.nliFindings()!.every((f) => f.state === 'done'));
    assert.ok(
      findings.nliFindings()!.some((f) => f.label === 'contradiction' || f.label === 'neutral'),
      'verdicts were reached without embeddings',
    );
  });
});
