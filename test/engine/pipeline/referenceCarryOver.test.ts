/**
 * Carry-over and reference windows (carryOver.ts): a text without a reference window is
 * taken over whole by an edit inside a paragraph, and only the sentences near the edit are
 * read for a new one. Whatever the edit, the new version's relation units are those a
 * fresh layout of its text has: a reference window the edit made is there, near the edit
 * or far from it, and none appears that the text does not have. No model is asked here.
 */
import * as assert from 'node:assert/strict';
import { AnalysisConfig, DocumentAnalysis } from '../../../server/src/engine/pipeline/analysis';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { engineContext, ollamaBackend } from '../../support/engine';

const config = (): AnalysisConfig => ({
  model: 'unused',
  profile: new MedtunedProfile(),
  entityTypes: ['problem', 'treatment', 'test'],
  relations: { enabled: true, maxPairsPerSentence: 12, sentenceWindow: 1 },
});

// Paragraphs of plain sentences that name nothing back, the first with a finding a later sentence may name.
const filler = (n: number) => Array.from({ length: n }, (_, i) => `Vital signs were stable on day ${i + 1}. She walked ${i + 2} laps.`).join('\n\n');
const BASE = `CT showed a 3 cm lung mass in the right upper lobe.\n\n${filler(3)}\n\nDischarged home with her daughter.`;

const units = (a: DocumentAnalysis) => a.units.map((u) => `${u.start}-${u.end}${u.refers ? ' refers' : u.across ? ' across' : ''}`);

describe('carry-over: reference windows an edit makes', () => {
  const ctx = engineContext(ollamaBackend('http://127.0.0.1:9', 'unused'));

  function edited(text: string, from: string, to: string): { next: DocumentAnalysis; fresh: DocumentAnalysis } {
    const first = new DocumentAnalysis('file:///r.note', 1, text, config(), ctx);
    assert.ok(!first.units.some((u) => u.refers), 'test set-up: the first text has no reference window');
    const at = text.indexOf(from);
    assert.ok(at >= 0, from);
    const changed = text.slice(0, at) + to + text.slice(at + from.length);
    const next = new DocumentAnalysis('file:///r.note', 2, changed, config(), ctx, {}, { previous: first });
    first.dispose();
    return { next, fresh: new DocumentAnalysis('file:///r.note', 1, changed, config(), ctx) };
  }

  it('a sentence that names the mass, added in a later paragraph: its reference window is there, as in a fresh layout', () => {
    const { next, fresh } = edited(BASE, 'She walked 4 laps.', 'Biopsy of the mass was scheduled.');
    assert.ok(
      fresh.units.some((u) => u.refers),
      'the fresh layout has the reference window',
    );
    assert.deepEqual(units(next), units(fresh));
  });

  it('an edit far from a reference it makes possible: the earlier finding edited in, sentences before the naming one', () => {
    const text = `The chest was clear.\n\n${filler(2)}\n\nBiopsy of the mass was scheduled.`;
    const { next, fresh } = edited(text, 'The chest was clear.', 'The chest film showed a lung mass.');
    assert.ok(fresh.units.some((u) => u.refers));
    assert.deepEqual(units(next), units(fresh));
  });

  it('an edit that names nothing: the same units as a fresh layout, and no reference window', () => {
    const { next, fresh } = edited(BASE, 'She walked 4 laps.', 'She walked 4 laps twice.');
    assert.ok(!next.units.some((u) => u.refers));
    assert.deepEqual(units(next), units(fresh));
  });
});
