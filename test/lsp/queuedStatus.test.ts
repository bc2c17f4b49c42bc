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
});
