/** What the status item says: counts of the active note, named; a speed only when measured. */
import * as assert from 'node:assert/strict';
import { blockedBy, phiText, progressText, speedText, statusText, tooltipParagraphs, tooltipTitle, workText } from '../../client/src/statusText';
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
  relations: { found: 4, pending: false, looked: 6, failed: 0 },
  statements: { done: 2, total: 2, failed: 0, planned: true },
  ...p,
});

describe('status text', () => {
  it('counts the active note, not every open note, and says what is counted', () => {
    const s = { ...base, state: 'analysing' as const };
    assert.equal(
      statusText(s, note({ sentences: { done: 5, total: 13 } })),
      '$(loading~spin) Biomed: analysing 5/13 sentences · Llama2-MedTuned-7b-GGUF:Q4_K_M',
    );
    assert.match(statusText(s, note({ statements: { done: 1, total: 2, failed: 0, planned: true } })), /checking 1\/2 statements/);
    assert.match(statusText(s, note({ relations: { found: 3, pending: true, looked: 4, failed: 0 } })), /finding relations \(3 so far\)/);
    // The active note is done while another note is analysed: not the other note's counts.
    assert.match(statusText(s, note({})), /analysing other notes/);
    assert.doesNotMatch(statusText(s, note({})), /37\/38/);
  });

  it('recorded answers (engine recorded): the item says "Recorded answers" where it names the model', () => {
    assert.equal(statusText({ ...base, engine: 'recorded', model: 'recorded' }), '$(file-text) Biomed: ready · Recorded answers');
    assert.doesNotMatch(statusText(base), /Recorded/);
  });

  it('formats a measured speed as "42 tok/s" and hides it unless the model is in use', () => {
    assert.equal(speedText({ ...base, tokensPerSecond: 41.6 }), '42 tok/s');
    assert.equal(speedText({ ...base, tokensPerSecond: 7.25 }), '7.3 tok/s');
    assert.equal(speedText({ ...base, tokensPerSecond: undefined }), undefined);
    assert.equal(speedText({ ...base, tokensPerSecond: Infinity }), undefined);
    assert.equal(speedText({ ...base, state: 'unreachable', tokensPerSecond: 41.6 }), undefined);
    assert.equal(speedText({ ...base, state: 'model-missing', tokensPerSecond: 41.6 }), undefined);
    assert.equal(statusText({ ...base, tokensPerSecond: 41.6 }), '$(file-text) Biomed: ready · Llama2-MedTuned-7b-GGUF:Q4_K_M · 42 tok/s');
    assert.doesNotMatch(statusText({ ...base, state: 'unreachable', tokensPerSecond: 41.6 }), /tok\/s/);
  });

  it('describes the note in words for the tooltip', () => {
    assert.equal(progressText(note({})), '13 of 13 sentences analysed; 4 relations found; 2 of 2 summary statements checked');
    assert.equal(
      progressText(note({ relations: { found: 1, pending: true, looked: 2, failed: 0 }, statements: { done: 0, total: 0, failed: 0, planned: true } })),
      '13 of 13 sentences analysed; 1 relation found so far; no summary statements to check',
    );
    assert.equal(workText(note({})), undefined);
  });

  it('with the model unreachable, says what was done and what waits for it, never undone work as done', () => {
    // What the server sends for a note while Ollama refuses: nothing answered, the checks failed (they run again on recovery).
    const down = note({
      sentences: { done: 0, total: 13 },
      relations: { found: 0, pending: true, looked: 0, failed: 0 },
      statements: { done: 0, total: 3, failed: 3, planned: true },
    });
    const unreachable = { ...base, state: 'unreachable' as const };
    const text = progressText(down, unreachable);
    assert.equal(text, '0 of 13 sentences analysed, waiting for Ollama; relations not looked for yet; 0 of 3 summary statements checked, waiting for Ollama');
    assert.doesNotMatch(text, /3\/3|3 of 3|0 relations found/);
    assert.equal(blockedBy({ ...unreachable, engine: 'openai' }), 'the OpenAI-compatible server');
    assert.equal(blockedBy({ ...base, state: 'model-missing' }), 'the model Llama2-MedTuned-7b-GGUF:Q4_K_M');
    assert.equal(blockedBy(base), undefined);
    // A failed check that will not run again by itself is named as failed, not checked.
    assert.equal(
      progressText(note({ statements: { done: 2, total: 3, failed: 1, planned: true } }), { ...base, state: 'error' }),
      '13 of 13 sentences analysed; 4 relations found; 2 of 3 summary statements checked, 1 failed',
    );
    // Relations that all failed are not "0 found"; a finished note with no pair to ask about has none.
    assert.equal(progressText(note({ relations: { found: 0, pending: false, looked: 0, failed: 2 } })).split('; ')[1], 'relations not found: 2 checks failed');
    assert.equal(progressText(note({ relations: { found: 0, pending: false, looked: 0, failed: 0 } })).split('; ')[1], 'no relations found');
    // Every request failed, so nothing is left running (not pending): still no relation was looked for.
    assert.equal(
      progressText(note({ sentences: { done: 0, total: 16 }, relations: { found: 0, pending: false, looked: 0, failed: 0 } }), unreachable).split('; ')[1],
      'relations not looked for yet',
    );
    // Opened while the server was already away: nothing planned yet, so not "no summary statements".
    const unplanned = note({
      sentences: { done: 0, total: 9 },
      relations: { found: 0, pending: true, looked: 0, failed: 0 },
      statements: { done: 0, total: 0, failed: 0, planned: false },
    });
    assert.equal(
      progressText(unplanned, unreachable),
      '0 of 9 sentences analysed, waiting for Ollama; relations not looked for yet; summary statements not checked yet, waiting for Ollama',
    );
    // Failed checks are not "checking": the item does not spin for them.
    assert.equal(workText(note({ statements: { done: 2, total: 3, failed: 1, planned: true } })), undefined);
  });

  it('the tooltip names the extension with its version (package.json), the name alone where none is known', () => {
    assert.equal(tooltipTitle('0.1.0'), 'Biomed NLP 0.1.0');
    assert.equal(tooltipTitle('1.2.3-beta.1'), 'Biomed NLP 1.2.3-beta.1');
    assert.equal(tooltipTitle(''), 'Biomed NLP');
  });

  it("counts the note's PHI in words in the tooltip, only where the server counted it", () => {
    const phi = { total: 4, byType: { name: 2, date: 1, phone: 1 } };
    assert.equal(phiText(phi), '4 found by the rules: 2 names, 1 date, 1 phone number');
    assert.equal(phiText({ total: 0, byType: {} }), 'none found by the rules');
    assert.equal(phiText(undefined), undefined);
    const note: NoteProgress = {
      sentences: { done: 3, total: 3 },
      relations: { found: 0, pending: false, looked: 1, failed: 0 },
      statements: { done: 0, total: 0, failed: 0, planned: true },
      phi,
    };
    const s = { state: 'ready', done: 3, total: 3, model: 'm', profile: 'json', host: 'http://127.0.0.1:11434' } as StatusParams;
    const text = tooltipParagraphs(s, note)
      .map((p) => p.join(' '))
      .join('\n');
    assert.match(text, /PHI: 4 found by the rules: 2 names, 1 date, 1 phone number \(de-identify before sharing: Save a De-identified Copy\)/);
    assert.doesNotMatch(
      tooltipParagraphs(s, { ...note, phi: undefined })
        .flat()
        .join(' '),
      /PHI/,
    );
  });
});
