/**
 * Carry-over and reference windows (carryOver.ts): a text is taken over whole by an edit
 * inside a paragraph, with or without reference windows, and only the sentences near the
 * edit are read for new ones. Whatever the edit, the new version's relation units are those
 * a fresh layout of its text has: a reference window the edit made is there, near the edit
 * or far from it, one it unmade is gone, and the others move with their sentences. No model
 * is asked here.
 */
import * as assert from 'node:assert/strict';
import { AnalysisConfig, DocumentAnalysis } from '../../../server/src/engine/pipeline/analysis';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { mulberry32 } from '../../../server/src/engine/random';
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

const units = (a: DocumentAnalysis) => a.units.map((u) => `${u.start}-${u.end} [${u.sentences.join(',')}]${u.refers ? ' refers' : u.across ? ' across' : ''}`);

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

  // A text with reference windows from the start: the finding, then paragraphs, then sentences naming it.
  const NAMED = `She was admitted for a cough.\n\nCT showed a 3 cm lung mass in the right upper lobe.\n\n${filler(2)}\n\nBiopsy of the mass was scheduled.\n\n${filler(2)}\n\nThe mass was discussed with her daughter.`;

  function editedWithReferences(text: string, from: string, to: string) {
    const first = new DocumentAnalysis('file:///r.note', 1, text, config(), ctx);
    assert.ok(
      first.units.some((u) => u.refers),
      'test set-up: the first text has reference windows',
    );
    const at = text.indexOf(from);
    assert.ok(at >= 0, from);
    const changed = text.slice(0, at) + to + text.slice(at + from.length);
    const next = new DocumentAnalysis('file:///r.note', 2, changed, config(), ctx, {}, { previous: first });
    const reused = next.units.filter((u) => first.units.includes(u)).length;
    first.dispose();
    return { next, fresh: new DocumentAnalysis('file:///r.note', 1, changed, config(), ctx), reused };
  }

  for (const [what, from, to] of [
    ['a sentence added between the finding and the sentence naming it (the window shifts)', 'She walked 2 laps.', 'She walked 2 laps. She rested after.'],
    ['a sentence removed between them', 'Vital signs were stable on day 2. ', ''],
    ['the naming sentence edited to name nothing (its windows go)', 'Biopsy of the mass was scheduled.', 'Biopsy was scheduled.'],
    ['the finding edited to name no mass (the windows back to it go)', 'a 3 cm lung mass', 'a clear lung'],
    ['an edit after every reference window', 'The mass was discussed with her daughter.', 'The mass was discussed with her son.'],
    // The first paragraph is segmented again as the text's start (its first line may be a title).
    ['an edit in the first paragraph', 'admitted for a cough', 'admitted for a dry cough'],
  ]) {
    it(`a text with reference windows, ${what}: taken over, with a fresh layout's units`, () => {
      const { next, fresh, reused } = editedWithReferences(NAMED, from, to);
      assert.deepEqual(units(next), units(fresh));
      assert.ok(reused > 0, "units away from the edit are the previous version's own (taken over, not laid out again)");
    });
  }

  it("seeded random edits, one after another, each version with a fresh layout's units", () => {
    const random = mulberry32(31);
    const lines = [
      'Biopsy of the mass was scheduled.',
      'The mass was smaller on repeat CT.',
      'She walked 3 laps.',
      'Vital signs were stable.',
      'CT showed a lung mass.',
      'The nodule was stable.',
      'A 2 cm nodule was seen in the liver.',
    ];
    let text = NAMED;
    let previous = new DocumentAnalysis('file:///r.note', 1, text, config(), ctx);
    for (let version = 2; version < 40; version++) {
      const sentences = previous.sentences;
      const s = sentences[Math.floor(random() * sentences.length)];
      const line = lines[Math.floor(random() * lines.length)];
      const edit = random();
      // Replace a sentence, add one after it, or remove it.
      const changed =
        edit < 0.4
          ? text.slice(0, s.start) + line + text.slice(s.end)
          : edit < 0.8
            ? text.slice(0, s.end) + ' ' + line + text.slice(s.end)
            : sentences.length > 4
              ? text.slice(0, s.start) + text.slice(s.end).replace(/^ /, '')
              : text;
      const next = new DocumentAnalysis('file:///r.note', version, changed, config(), ctx, {}, { previous });
      previous.dispose();
      assert.deepEqual(units(next), units(new DocumentAnalysis('file:///r.note', 1, changed, config(), ctx)), `version ${version}`);
      text = changed;
      previous = next;
    }
    previous.dispose();
  });
});
