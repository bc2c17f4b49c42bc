/** What the status item says: counts of the active note, named; a speed only when measured. */
import * as assert from 'node:assert/strict';
import { progressText, speedText, statusText, workText } from '../../client/src/statusText';
import type { NoteProgress, StatusParams } from '../../server/src/protocol/protocol';

const base: StatusParams = {
  state: 'ready',
  engine: 'ollama',
  model: 'hf.co/x/Llama2-MedTuned-7b-GGUF:Q4_K_M',
  host: 'http://127.0.0.1:11434',
  profile: 'medtuned',
  done: 37,
  total: 38,
};
const note = (p: Partial<NoteProgress>): NoteProgress => ({
  sentences: { done: 13, total: 13 },
  relations: { found: 4, pending: false },
  statements: { done: 2, total: 2 },
  ...p,
});

describe('status text', () => {
  it('counts the active note, not every open note, and says what is counted', () => {
    const s = { ...base, state: 'analysing' as const };
    assert.equal(
      statusText(s, note({ sentences: { done: 5, total: 13 } })),
      '$(loading~spin) Biomed: analysing 5/13 sentences · Llama2-MedTuned-7b-GGUF:Q4_K_M',
    );
    assert.match(statusText(s, note({ statements: { done: 1, total: 2 } })), /checking 1\/2 statements/);
    assert.match(statusText(s, note({ relations: { found: 3, pending: true } })), /finding relations \(3 so far\)/);
    // The active note is done while another note is analysed: not the other note's counts.
    assert.match(statusText(s, note({})), /analysing other notes/);
    assert.doesNotMatch(statusText(s, note({})), /37\/38/);
  });

  it('formats a measured speed as "42 tok/s" and hides it unless the model is in use', () => {
    assert.equal(speedText({ ...base, tokensPerSecond: 41.6 }), '42 tok/s');
    assert.equal(speedText({ ...base, tokensPerSecond: 7.25 }), '7.3 tok/s');
    assert.equal(speedText({ ...base, tokensPerSecond: undefined }), undefined);
    assert.equal(speedText({ ...base, tokensPerSecond: Infinity }), undefined);
    assert.equal(speedText({ ...base, state: 'unreachable', tokensPerSecond: 41.6 }), undefined);
    assert.equal(speedText({ ...base, state: 'model-missing', tokensPerSecond: 41.6 }), undefined);
    assert.equal(statusText({ ...base, tokensPerSecond: 41.6 }), '$(beaker) Biomed: ready · Llama2-MedTuned-7b-GGUF:Q4_K_M · 42 tok/s');
    assert.doesNotMatch(statusText({ ...base, state: 'unreachable', tokensPerSecond: 41.6 }), /tok\/s/);
  });

  it('describes the note in words for the tooltip', () => {
    assert.equal(progressText(note({})), '13/13 sentences analysed, 4 relations found, 2/2 summary statements checked');
    assert.equal(
      progressText(note({ relations: { found: 1, pending: true }, statements: { done: 0, total: 0 } })),
      '13/13 sentences analysed, 1 relation found so far, no summary statements to check',
    );
    assert.equal(workText(note({})), undefined);
  });
});
