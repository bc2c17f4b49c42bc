/** NLI: which sentences of the note each statement is checked against (premise selection). */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { DEFAULT_NLI_SECTIONS, hypothesisIndexes, terms } from '../../../server/src/engine/tasks/nli';
import { rankEvidence } from '../../../server/src/engine/retrieval/evidence';
import { DEFAULT_SETTINGS } from '../../../server/src/lsp/settings';
import { NOTE_NAMES, PremiseCandidate, readNote, relevance, selectPremises, sentencesOf } from './nliNotes';

describe('nli: premise selection', () => {
  const MAX = DEFAULT_SETTINGS.engine.nli.maxPremises;
  const BUDGET = DEFAULT_SETTINGS.engine.numCtx * 2; // what the server passes as budgetChars

  it('uses the defaults the server uses (6 premises)', () => {
    assert.equal(MAX, 6);
  });

  // The diagnostics rely on this: a statement is only flagged as contradicted when the
  // sentence that contradicts it is among the premises it is checked against, so the
  // sentences that decide each gold label must be selected (from the rest of the note, the
  // hypotheses left out as analysis does, at most 4).
  for (const name of NOTE_NAMES) {
    it(`${name}: the evidence sentences of each gold hypothesis are among its selected premises`, () => {
      const { text, evidence } = readNote(name);
      const sentences = sentencesOf(text);
      const hypotheses = new Set(hypothesisIndexes(sentences, DEFAULT_NLI_SECTIONS));
      const candidates: PremiseCandidate[] = sentences.map((s, index) => ({ index, text: s.text })).filter((c) => !hypotheses.has(c.index));
      let checked = 0;
      for (const e of evidence) {
        const chosen = selectPremises(e.hypothesis, candidates, MAX, BUDGET);
        assert.ok(chosen.length <= MAX);
        const chosenTexts = chosen.map((i) => sentences[i].text);
        for (const ev of e.evidence) {
          assert.ok(
            candidates.some((c) => c.text === ev),
            `${ev} is a premise candidate`,
          );
          assert.ok(chosenTexts.includes(ev), `${e.hypothesis}: ${ev} not among ${JSON.stringify(chosenTexts)}`);
          checked++;
        }
      }
      assert.ok(checked > 0);
    });
  }

  it('an unrelated sentence of a fixture scores 0 and is ranked after every related one', () => {
    const { text } = readNote('discharge-heart-failure');
    const sentences = sentencesOf(text);
    const hypotheses = new Set(hypothesisIndexes(sentences, DEFAULT_NLI_SECTIONS));
    const candidates = sentences.map((s, index) => ({ index, text: s.text, features: terms(s.text) })).filter((c) => !hypotheses.has(c.index));
    const hypothesis = 'His renal function is normal.';
    const admission = sentences.findIndex((s) => s.text.startsWith('Admission Date'));
    assert.equal(relevance(terms(hypothesis), terms(sentences[admission].text)), 0);
    const ranked = rankEvidence({ text: hypothesis, features: terms(hypothesis) }, candidates);
    const at = ranked.findIndex((r) => r.index === admission);
    assert.deepEqual(
      ranked[at].reasons.map((r) => r.kind),
      ['unrelated'],
    );
    assert.ok(ranked.slice(at).every((r) => r.score === 0));
    assert.ok(ranked.filter((r) => r.score > 0).length >= 2, 'the creatinine and chronic kidney disease sentences come first');
  });

  it('more candidates than max: related ones first, then unrelated ones while there is room (no silent zero)', () => {
    const hypothesis = 'Creatinine is elevated.';
    const texts = [
      'Creatinine rose to 2.1.',
      'She enjoys gardening.',
      'The weather was cold.',
      'Hair is brown.',
      'Eyes are blue.',
      'Kidney ultrasound was unremarkable.',
    ];
    const candidates = texts.map((text, index) => ({ index, text }));
    const h = terms(hypothesis);
    assert.deepEqual(
      texts.map((t) => relevance(h, terms(t)) > 0),
      [true, false, false, false, false, true],
    );
    assert.deepEqual(selectPremises(hypothesis, candidates, 2, 10_000), [0, 5]);
    assert.deepEqual(selectPremises(hypothesis, candidates, 4, 10_000), [0, 1, 2, 5]);
    // Nothing related at all: still asked, in document order, rather than a silent "unsupported".
    assert.deepEqual(selectPremises('Zebra stripes.', candidates, 4, 10_000), [0, 1, 2, 3]);
  });

  it('at most max candidates: all are chosen, related or not', () => {
    const candidates = ['She enjoys gardening.', 'The weather was cold.', 'Creatinine rose to 2.1.'].map((text, i) => ({ index: i + 10, text }));
    assert.deepEqual(selectPremises('Creatinine is elevated.', candidates, 3, 10_000), [10, 11, 12]);
    assert.deepEqual(selectPremises('Zebra stripes.', candidates, 4, 10_000), [10, 11, 12]);
    assert.deepEqual(selectPremises('Zebra stripes.', [], 4, 10_000), []);
  });

  it('the best max by score, returned in document order', () => {
    const hypothesis = 'Atrial fibrillation with rapid ventricular rate on warfarin.';
    const candidates = [
      { index: 0, text: 'Warfarin was held.' }, // 1 word + anticoagulation concept
      { index: 1, text: 'Atrial fibrillation with rapid ventricular rate.' }, // many words + rhythm
      { index: 2, text: 'She likes tea.' },
      { index: 3, text: 'Palpitations overnight.' }, // rhythm concept only
      { index: 4, text: 'INR is 2.5.' }, // anticoagulation concept only
    ];
    assert.deepEqual(selectPremises(hypothesis, candidates, 2, 10_000), [0, 1]);
  });

  it('ties are broken by document order (the index), not by the order given', () => {
    const candidates = [
      { index: 7, text: 'Creatinine 2.0.' },
      { index: 3, text: 'Creatinine 1.9.' },
      { index: 5, text: 'Creatinine 1.8.' },
      { index: 9, text: 'Creatinine 1.7.' },
      { index: 1, text: 'Unrelated words here.' },
    ];
    assert.deepEqual(selectPremises('Creatinine high.', candidates, 2, 10_000), [3, 5]);
  });

  it('budgetChars limits the total text of the premises', () => {
    const long = 'Creatinine rose sharply after contrast and remained elevated for several days afterwards.'; // best
    const candidates = [
      { index: 0, text: long },
      { index: 1, text: 'Creatinine 1.9.' },
      { index: 2, text: 'Creatinine 1.8.' },
      { index: 3, text: 'Unrelated words here.' },
      { index: 4, text: 'More unrelated words.' },
    ];
    const h = 'Creatinine rose after contrast.';
    assert.deepEqual(selectPremises(h, candidates, 3, 10_000), [0, 1, 2]);
    assert.deepEqual(selectPremises(h, candidates, 4, 10_000), [0, 1, 2, 3]);
    // Room for the best (long) one and one short one: the second short one is left out.
    const budget = long.length + 'Creatinine 1.9.'.length;
    const chosen = selectPremises(h, candidates, 4, budget);
    assert.deepEqual(chosen, [0, 1]);
    const total = chosen.reduce((n, i) => n + candidates[i].text.length, 0);
    assert.ok(total <= budget);
  });

  it('budgetChars never leaves the list empty: the best premise is kept even when longer than the budget', () => {
    const candidates = [
      { index: 0, text: 'Creatinine rose sharply after contrast.' },
      { index: 1, text: 'Creatinine 1.9.' },
      { index: 2, text: 'Unrelated words here.' },
      { index: 3, text: 'More unrelated words.' },
      { index: 4, text: 'Other unrelated words.' },
    ];
    assert.deepEqual(selectPremises('Creatinine rose after contrast.', candidates, 4, 5), [0]);
  });

  it('Porter2 stems plus clinical folding meet inflected and derived forms', () => {
    for (const [a, b] of [
      ['tachycardic', 'tachycardia'],
      ['nephropathic', 'nephropathy'],
      ['anemic', 'anemia'],
      ['hypoxic', 'hypoxia'],
      ['studies', 'study'],
      ['diuretics', 'diuretic'],
    ]) {
      assert.deepEqual([...terms(a).stems], [...terms(b).stems], `${a} ~ ${b}`);
    }
    assert.notDeepEqual([...terms('renal').stems], [...terms('rental').stems]);
  });

  it('stems meet inflected forms: running/run, improved/improves', () => {
    assert.ok(terms('running').stems.has('run'));
    assert.deepEqual([...terms('run').stems], ['run']);
    assert.deepEqual([...terms('improved').stems], [...terms('improves').stems]);
    assert.equal(relevance(terms('He was running out of pills.'), terms('He had run out of furosemide.')) > 0, true);
    assert.equal(relevance(terms('Dyspnea improved.'), terms('Dyspnea improves with diuresis.')) >= 1, true);
    assert.equal(relevance(terms('Glycemic control improved.'), terms('Her mood improves.')), 1);
  });

  it('stopwords and bare numbers are not terms', () => {
    assert.equal(terms('The patient has 3 of them and it was not there.').stems.size, 0);
    assert.equal(relevance(terms('The patient was seen.'), terms('The patient was admitted.')), 0);
  });

  it('concepts meet words that share nothing: renal/creatinine, arrhythmia/fibrillation', () => {
    assert.ok(terms('His renal function is normal.').concepts.has('renal'));
    assert.ok(terms('Creatinine rose to 2.1.').concepts.has('renal'));
    // The renal concept (1.5), and creatinine as the measured quantity renal function names (1.5) with a value (1).
    assert.equal(relevance(terms('His renal function is normal.'), terms('Creatinine rose to 2.1.')), 4);
    assert.equal(relevance(terms('He has no history of arrhythmia.'), terms('Atrial fibrillation on telemetry.')), 1.5);
    assert.equal(relevance(terms('His renal function is normal.'), terms('Atrial fibrillation on telemetry.')), 0);
  });

  const WORDS = [
    'creatinine',
    'renal',
    'kidney',
    'warfarin',
    'inr',
    'fibrillation',
    'cough',
    'fever',
    'tea',
    'garden',
    'running',
    'run',
    'the',
    'was',
    '12',
    'pain',
  ];
  const sentenceArb = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }).map((w) => `${w.join(' ')}.`);

  it('property: bounded, sorted, best first, ties by index, unrelated last in document order, within budget', () => {
    fc.assert(
      fc.property(
        sentenceArb,
        fc.array(sentenceArb, { maxLength: 10 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 200 }),
        (hypothesis, texts, max, budget) => {
          const candidates = texts.map((text, i) => ({ index: i * 2 + 1, text }));
          const h = terms(hypothesis);
          const score = new Map(candidates.map((c) => [c.index, relevance(h, terms(c.text))]));
          const chosen = selectPremises(hypothesis, candidates, max, budget);
          assert.ok(chosen.length <= max);
          assert.deepEqual(
            chosen,
            [...new Set(chosen)].sort((a, b) => a - b),
          );
          assert.equal(chosen.length > 0, candidates.length > 0);
          const total = chosen.reduce((n, i) => n + candidates.find((c) => c.index === i)!.text.length, 0);
          assert.ok(total <= budget || chosen.length === 1);
          // With a budget that fits everything: the top `max` by score, ties (and the unrelated) by index.
          const wide = selectPremises(hypothesis, candidates, max, 1e9);
          assert.equal(wide.length, Math.min(max, candidates.length));
          for (const c of wide) {
            for (const d of candidates) {
              if (wide.includes(d.index)) continue;
              const sc = score.get(c)!;
              const sd = score.get(d.index)!;
              assert.ok(sd < sc || (sd === sc && d.index > c), `${d.index} (${sd}) left out for ${c} (${sc})`);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
