/**
 * Answers for entities in no layout the profile reads (prose from a model that is not one
 * for the profile) are said in the editor's status, as the CLI warns about them: otherwise a
 * note with nothing highlighted looks like a note with nothing in it. Logged once, not once
 * per answer; gone once the note is analysed again by a model that answers in the layout.
 */
import * as assert from 'node:assert/strict';
import { MEDTUNED_MODEL } from '../support/ollamaServer';
import { freshServerPerTest, LspTestClient, waitFor } from '../support/lspClient';
import { fixtureNote } from '../support/gold';
import { kindOf } from '../support/cliSuite';

const NOTICE =
  /^Answers of the model for entities held nothing the medtuned prompt profile reads \(no "word : TAG" line\), so their sentences show no entities: is .+ a model for that profile\? \(biomedNlp\.profile\)$/;

describe('LSP: answers the profile cannot read are said in the status', function () {
  this.timeout(60_000);
  const suite = freshServerPerTest();

  it('prose answers: the status says so (logged once); analysed again with answers in the layout, it no longer does', async () => {
    suite.server.script((req) => (kindOf(req) === 'ner' ? { kind: 'text', text: 'I am not sure.' } : undefined));
    suite.client = await LspTestClient.inProcess({
      model: MEDTUNED_MODEL.name,
      ollama: { host: suite.server.url },
      debounceMs: 0,
      relations: { enabled: false },
      nli: { enabled: false },
    });
    const client = suite.client;
    const uri = 'file:///unreadable/note.note';
    const note = fixtureNote('ed-chest-pain');
    await client.open(uri, note.text);
    const ready = () => {
      const s = client.lastStatus();
      return s?.state === 'ready' && s.total > 0 && s.done === s.total && s;
    };
    const said = await waitFor('the analysis, said to have read nothing', () => {
      const s = ready();
      return s && s.message !== undefined && s;
    });
    assert.match(said.message!, NOTICE);
    assert.equal((await client.tokens(uri)).length, 0);
    const asked = suite.server.generationRequests().filter((r) => kindOf(r) === 'ner').length;
    assert.ok(asked > 1, `${asked} entity requests`);
    const logged = client.logs.filter((l) => l.includes('Answers of the model for entities held nothing'));
    assert.equal(logged.length, 1, logged.join('\n'));

    // The model mended: the note analysed again (ignoring the cache) answers in the layout.
    suite.server.script(undefined);
    await client.request('biomedNlp/analyzeDocument', { uri });
    await waitFor('the entities highlighted', async () => (await client.tokens(uri)).length > 0);
    const after = await waitFor('the analysis, with nothing unread', () => {
      const s = ready();
      return s && s.message === undefined && s;
    });
    assert.equal(after.state, 'ready');
  });
});
