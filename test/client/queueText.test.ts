/** The status tooltip's line on waiting model requests: behind one slot, or behind several; none when nothing waits. */
import * as assert from 'node:assert/strict';
import { queueText } from '../../client/src/statusText';
import type { StatusParams } from '../../server/src/protocol/protocol';

const base: StatusParams = { state: 'analysing', engine: 'ollama', model: 'm', host: 'http://127.0.0.1:11434', profile: 'medtuned', done: 3, total: 40 };

describe('status tooltip: queued model requests', () => {
  it('requests queued behind one slot say so, and with Ollama that its OLLAMA_NUM_PARALLEL and the setting go together', () => {
    assert.equal(
      queueText({ ...base, requests: { inFlight: 1, queued: 37, slots: 1 } }),
      '37 model requests queued behind one slot (biomedNlp.maxConcurrentRequests is 1), one answered at a time. ' +
        'Ollama decodes as many together as its OLLAMA_NUM_PARALLEL slots: set the two alike.',
    );
    assert.equal(
      queueText({ ...base, engine: 'openai', requests: { inFlight: 1, queued: 1, slots: 1 } }),
      '1 model request queued behind one slot (biomedNlp.maxConcurrentRequests is 1), one answered at a time.',
    );
  });

  it('several slots: how many wait and how many are in flight', () => {
    assert.equal(
      queueText({ ...base, engine: 'embedded', requests: { inFlight: 4, queued: 12, slots: 4 } }),
      '12 model requests queued, 4 in flight in 4 slots (biomedNlp.maxConcurrentRequests).',
    );
  });

  it('nothing waiting, or an older server that does not send the counts: no line', () => {
    assert.equal(queueText({ ...base, requests: { inFlight: 1, queued: 0, slots: 1 } }), undefined);
    assert.equal(queueText(base), undefined);
  });
});
