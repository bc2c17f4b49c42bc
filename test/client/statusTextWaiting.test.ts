/** What the status item says while the model server is overloaded (state `waiting`). */
import * as assert from 'node:assert/strict';
import { blockedBy, progressText, speedText, statusText } from '../../client/src/statusText';
import type { NoteProgress, StatusParams } from '../../server/src/protocol/protocol';

const waiting: StatusParams = {
  state: 'waiting',
  engine: 'ollama',
  model: 'hf.co/x/Llama2-MedTuned-7b-GGUF:Q4_K_M',
  host: 'http://127.0.0.1:11434',
  profile: 'medtuned',
  done: 3,
  total: 13,
  tokensPerSecond: 40,
  message: 'Waiting for the model server, which is overloaded (HTTP 429 too many requests): one request at a time until one succeeds; the next try at 14:03:21',
  wait: { httpStatus: 429, nextTryAt: Date.UTC(2026, 10, 23, 14, 3, 21) },
};
const note: NoteProgress = {
  sentences: { done: 3, total: 13 },
  relations: { found: 0, pending: true, looked: 0, failed: 0 },
  statements: { done: 0, total: 2, failed: 0, planned: true },
};

describe('status text while the model server is overloaded', () => {
  it('says it waits for the server and names the HTTP status, with a watch, not a spinner', () => {
    assert.equal(statusText(waiting, note), '$(watch) Biomed: waiting for the server (HTTP 429) · Llama2-MedTuned-7b-GGUF:Q4_K_M');
    assert.equal(statusText({ ...waiting, wait: { httpStatus: 503 } }), '$(watch) Biomed: waiting for the server (HTTP 503) · Llama2-MedTuned-7b-GGUF:Q4_K_M');
    assert.equal(statusText({ ...waiting, wait: undefined, model: '' }), '$(watch) Biomed: waiting for the server');
  });

  it('the note counts say what the undone work waits for; no speed is shown while nothing is generated', () => {
    assert.equal(blockedBy(waiting), 'the overloaded model server');
    assert.equal(
      progressText(note, waiting),
      '3 of 13 sentences analysed, waiting for the overloaded model server; relations not looked for yet; 0 of 2 summary statements checked, waiting for the overloaded model server',
    );
    assert.equal(speedText(waiting), undefined);
  });
});
