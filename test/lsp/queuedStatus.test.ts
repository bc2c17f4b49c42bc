/**
 * The status says how many model requests wait: the server sends the scheduler's requests in
 * flight, queued and slots (biomedNlp.maxConcurrentRequests), which the tooltip words
 * (client/src/statusText.ts queueText); with one slot, a note's requests queue behind it.
 */
import * as assert from 'node:assert/strict';
import { freshServerPerTest, LspTestClient, waitFor } from '../support/lspClient';
import { fixtureNote } from '../support/gold';
import { MEDTUNED_MODEL } from '../support/ollamaServer';

describe('LSP: the status counts the model requests queued behind the slots', function () {
  this.timeout(60_000);
  const suite = freshServerPerTest();

  for (const slots of [1, 3]) {
    it(`maxConcurrentRequests ${slots}: requests queued behind ${slots} slot(s), never more than ${slots} in flight, none left at the end`, async () => {
      suite.server.setTiming({ firstTokenMs: 5, perTokenMs: 1 });
      suite.client = await LspTestClient.inProcess({
        model: MEDTUNED_MODEL.name,
        ollama: { host: suite.server.url },
        debounceMs: 0,
        maxConcurrentRequests: slots,
        relations: { enabled: false },
        nli: { enabled: false },
      });
      await suite.client.open('file:///queued/note.note', fixtureNote('discharge-heart-failure').text);
      const queued = await waitFor('a status with requests queued', () => suite.client!.statuses.find((s) => (s.requests?.queued ?? 0) > 0));
      assert.equal(queued.requests!.slots, slots);
      await waitFor('the analysis to finish', () => suite.client!.lastStatus()?.state === 'ready' && suite.client!.lastStatus()!.requests?.queued === 0);
      for (const s of suite.client.statuses) {
        if (!s.requests) continue;
        assert.equal(s.requests.slots, slots);
        assert.ok(s.requests.inFlight <= slots, JSON.stringify(s.requests));
      }
    });
  }

  const settings = () => ({
    model: MEDTUNED_MODEL.name,
    ollama: { host: suite.server.url },
    debounceMs: 0,
    maxConcurrentRequests: 1,
    relations: { enabled: false },
    nli: { enabled: false },
  });

  it('a request the model server holds shows as in flight, though nothing was answered yet', async () => {
    suite.server.script(() => ({ kind: 'hang' }));
    suite.client = await LspTestClient.inProcess(settings());
    await suite.client.open('file:///queued/held.note', fixtureNote('ed-chest-pain').text);
    await waitFor('the model server to hold a request', () => suite.server.generationRequests().length >= 1);
    // The status in the editor now, not one that passed: it says what waits on the server.
    const held = await waitFor('the last status with the held requests in flight', () => {
      const s = suite.client!.lastStatus();
      return s?.requests?.inFlight === 1 && s;
    });
    assert.equal(held.done, 0);
    assert.equal(held.state, 'analysing');
  });

  it('once the last answer is in, the status says no request is in flight or queued', async () => {
    suite.server.setTiming({ firstTokenMs: 5, perTokenMs: 1 });
    suite.client = await LspTestClient.inProcess(settings());
    await suite.client.open('file:///queued/idle.note', fixtureNote('ed-chest-pain').text);
    await waitFor('the analysis to finish', () => {
      const s = suite.client!.lastStatus();
      return s?.state === 'ready' && s.total > 0 && s.done === s.total;
    });
    await waitFor('a last status with nothing in flight', () => {
      const r = suite.client!.lastStatus()?.requests;
      return r?.inFlight === 0 && r.queued === 0;
    });
  });
});
