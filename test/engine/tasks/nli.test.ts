import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  aggregate,
  DEFAULT_NLI_SECTIONS,
  hypothesisIndexes,
  isPlanSentence,
  matchNliLabel,
  normaliseSection,
  Terms,
  terms,
} from '../../../server/src/engine/tasks/nli';
import { lexicalReasons, rankEvidence, selectEvidence } from '../../../server/src/engine/retrieval/evidence';
import { Segment, segment } from '../../../server/src/engine/text/segment';
import { MEDTUNED_STOP, MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { JsonProfile, NLI_SCHEMA } from '../../../server/src/engine/profiles/json';
import { nliInput } from '../../../server/src/engine/profiles/profile';
import { ModelAnswer } from '../../../server/src/engine/types';
import { NliFinding, NliPremise } from '../../../server/src/engine/pipeline/analysis';
import { findingActions, NLI_SOURCE, nliDiagnostics } from '../../../server/src/lsp/diagnostics';
import { oneLine } from '../../../server/src/protocol/protocol';
import { DEFAULT_SETTINGS } from '../../../server/src/lsp/settings';
import { ROOT } from '../../support/paths';

/** How related a premise is to a hypothesis by their texts alone: the weight of the lexical reasons. */
function relevance(hypothesis: Terms, premise: Terms): number {
  return lexicalReasons({ text: '', features: hypothesis }, { text: '', features: premise }).reduce((sum, r) => sum + r.weight, 0);
}

interface PremiseCandidate {
  index: number;
  text: string;
}

/** The premises chosen by text alone (no entities, no embeddings), as the engine ranks and selects them. */
function selectPremises(hypothesis: string, candidates: readonly PremiseCandidate[], max: number, budgetChars: number): number[] {
  const ranked = rankEvidence(
    { text: hypothesis, features: terms(hypothesis) },
    candidates.map((c) => ({ ...c, features: terms(c.text) })),
  );
  return selectEvidence(ranked, max, budgetChars).map((r) => r.index);
}

const NOTES = path.join(ROOT, 'test/fixtures/notes');

interface GoldHypothesis {
  hypothesis: string;
  start: number;
  end: number;
  label: string;
}
interface GoldEvidence {
  hypothesis: string;
  evidence: string[];
}

const NOTE_NAMES = ['discharge-heart-failure', 'ed-chest-pain', 'progress-diabetes-ckd'];

function readNote(name: string): { text: string; gold: GoldHypothesis[]; evidence: GoldEvidence[] } {
  return {
    text: fs.readFileSync(path.join(NOTES, `${name}.note`), 'utf8'),
    gold: JSON.parse(fs.readFileSync(path.join(NOTES, `${name}.nli.json`), 'utf8')),
    evidence: JSON.parse(fs.readFileSync(path.join(NOTES, `${name}.nli-evidence.json`), 'utf8')),
  };
}

const sentencesOf = (text: string): Segment[] => segment(text).filter((s) => s.kind === 'sentence');
const span = (s: { start: number; end: number; text: string }) => ({ start: s.start, end: s.end, text: s.text });

function hypothesesOf(text: string, sections: readonly string[] = DEFAULT_NLI_SECTIONS): string[] {
  const sentences = sentencesOf(text);
  return hypothesisIndexes(sentences, sections).map((i) => sentences[i].text);
}

/** Where `needle` occurs in `text`, asserting that it occurs exactly once. */
function uniqueSpan(text: string, needle: string): { start: number; end: number; text: string } {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, `fixture lacks ${JSON.stringify(needle)}`);
  assert.equal(text.indexOf(needle, start + 1), -1, `fixture has ${JSON.stringify(needle)} more than once`);
  return { start, end: start + needle.length, text: needle };
}

/**
 * Statements of `discharge diagnoses` / `assessment and plan` sections that are checked besides
 * the gold hypotheses of the `.nli.json` files (which only cover the prose summary sections).
 */
const EXTRA_HYPOTHESES: Record<string, string[]> = {
  'discharge-heart-failure': ['Acute on chronic systolic heart failure', 'Acute kidney injury on chronic kidney disease', 'Atrial fibrillation'],
  'ed-chest-pain': [],
  'progress-diabetes-ckd': [
    'Type 2 diabetes, poorly controlled.',
    // A dose change written in the passive: the plan heuristic only looks at the first word,
    // so this one is a statement to check.
    'Because of the reduced eGFR, metformin is reduced to 500 mg twice daily.',
    'Diabetic nephropathy with albuminuria.',
    'Peripheral neuropathy.',
  ],
};

/** Plan sentences of the assessment-and-plan sections: never hypotheses. */
const PLAN_SENTENCES: Record<string, string[]> = {
  'discharge-heart-failure': [],
  'ed-chest-pain': [],
  'progress-diabetes-ckd': [
    'Start empagliflozin 10 mg daily for glycemic control and renal protection.',
    'Continue losartan 100 mg daily.',
    'Repeat basic metabolic panel in two weeks.',
    'Start gabapentin 300 mg at bedtime for neuropathic pain.',
    'Refer to podiatry.',
  ],
};

describe('nli: header detection and hypotheses', () => {
  for (const name of NOTE_NAMES) {
    it(`${name}: the gold hypotheses plus the non-plan diagnosis/assessment statements, nothing else`, () => {
      const { text, gold } = readNote(name);
      for (const g of gold) assert.equal(text.slice(g.start, g.end), g.hypothesis, 'gold offsets match the note');
      const sentences = sentencesOf(text);
      const actual = hypothesisIndexes(sentences, DEFAULT_NLI_SECTIONS).map((i) => span(sentences[i]));
      const expected = [
        ...gold.map((g) => ({ start: g.start, end: g.end, text: g.hypothesis })),
        ...EXTRA_HYPOTHESES[name].map((t) => uniqueSpan(text, t)),
      ].sort((a, b) => a.start - b.start);
      assert.deepEqual(actual, expected);
    });

    if (PLAN_SENTENCES[name].length > 0) {
      it(`${name}: plan sentences are sentences of the assessment-and-plan section but not hypotheses`, () => {
        const { text } = readNote(name);
        const sentences = sentencesOf(text);
        const hypotheses = new Set(hypothesisIndexes(sentences, DEFAULT_NLI_SECTIONS));
        for (const plan of PLAN_SENTENCES[name]) {
          const index = sentences.findIndex((s) => s.text === plan);
          assert.ok(index >= 0, `${plan} is a sentence of its own`);
          assert.equal(sentences[index].section, 'assessment and plan');
          assert.ok(isPlanSentence(plan), plan);
          assert.ok(!hypotheses.has(index), `${plan} is not checked`);
        }
      });
    }
  }

  it('a header line ending in a colon starts a section: ASSESSMENT:', () => {
    const text = 'HISTORY:\nCough for a week.\n\nASSESSMENT:\nCommunity acquired pneumonia. Fever resolved.\n';
    assert.deepEqual(hypothesesOf(text), ['Community acquired pneumonia.', 'Fever resolved.']);
  });

  it('an all-capitals line without a colon starts a section: IMPRESSION', () => {
    const text = 'FINDINGS\nThere is a right lower lobe opacity.\n\nIMPRESSION\nRight lower lobe pneumonia.\n';
    const sentences = sentencesOf(text);
    assert.equal(sentences.find((s) => s.text === 'Right lower lobe pneumonia.')?.section, 'impression');
    assert.deepEqual(hypothesesOf(text), ['Right lower lobe pneumonia.']);
  });

  it('inline labels start a section: Summary: and Impression: with text on the same line', () => {
    const text =
      'History: Fever and cough for three days.\n' +
      'Summary: Symptoms are improving. No fever today.\n' +
      'Exam: Lungs clear.\n' +
      'Impression: Viral bronchitis.\n';
    assert.deepEqual(hypothesesOf(text), ['Symptoms are improving.', 'No fever today.', 'Viral bronchitis.']);
    // The label is a header segment, not part of the statement.
    const headers = segment(text)
      .filter((s) => s.kind === 'header')
      .map((s) => s.text);
    assert.deepEqual(headers, ['History:', 'Summary:', 'Exam:', 'Impression:']);
  });

  it('a section ends at the next header; text before any header is never checked', () => {
    const text =
      'The patient is well known to us.\n\n' +
      'ASSESSMENT:\nPneumonia is resolving.\n\n' +
      'PLAN:\nOxygen was weaned off. The patient is stable.\n\n' +
      'ASSESSMENT AND PLAN:\nHypertension, controlled. Continue amlodipine.\n';
    assert.deepEqual(hypothesesOf(text), ['Pneumonia is resolving.', 'Hypertension, controlled.']);
  });

  it('prose that merely mentions a section word is not a header', () => {
    const text = 'HPI:\nOverall impression of the family: worried.\nMy assessment was shared with the patient.\n';
    assert.deepEqual(hypothesesOf(text), []);
  });

  it('header case does not matter: assessment:, Assessment:, ASSESSMENT: and DISCHARGE DIAGNOSES', () => {
    for (const header of ['assessment:', 'Assessment:', 'ASSESSMENT:', 'Discharge Diagnoses:', 'DISCHARGE DIAGNOSES']) {
      const text = `HPI: Chest pain.\n\n${header}\nStable angina.\n`;
      assert.deepEqual(hypothesesOf(text), ['Stable angina.'], header);
    }
  });

  it('configured section names are matched whatever their case, colon and spacing', () => {
    const text = 'ASSESSMENT:\nStable angina.\n\nHOSPITAL COURSE:\nChest pain resolved with rest. Troponin stayed normal.\n';
    assert.deepEqual(hypothesesOf(text, ['Hospital Course']), ['Chest pain resolved with rest.', 'Troponin stayed normal.']);
    assert.deepEqual(hypothesesOf(text, ['  HOSPITAL   course : ']), ['Chest pain resolved with rest.', 'Troponin stayed normal.']);
    assert.deepEqual(hypothesesOf(text, ['Assessment:', 'hospital course']), ['Stable angina.', 'Chest pain resolved with rest.', 'Troponin stayed normal.']);
    assert.deepEqual(hypothesesOf(text, []), []);
    assert.deepEqual(hypothesesOf(text, ['impression']), []);
  });

  it('custom sections on a fixture: the hospital course of the heart failure note', () => {
    const { text } = readNote('discharge-heart-failure');
    assert.deepEqual(hypothesesOf(text, ['Hospital Course:']), [
      'A chest x-ray showed pulmonary edema and small bilateral pleural effusions.',
      'BNP was 2140 pg/mL.',
      'An echocardiogram revealed an ejection fraction of 25%.',
      'He was treated with intravenous furosemide with good diuresis, and his dyspnea improved.',
      'Creatinine rose from 1.6 to 2.1 mg/dL, so lisinopril was held.',
      'Warfarin was continued for atrial fibrillation with a goal INR of 2-3.',
    ]);
  });

  it('header segments are never hypotheses even when given among the sentences', () => {
    const all = segment('ASSESSMENT:\nStable angina.\n');
    assert.deepEqual(
      hypothesisIndexes(all, DEFAULT_NLI_SECTIONS).map((i) => all[i].text),
      ['Stable angina.'],
    );
  });

  it('normaliseSection lower-cases, drops trailing colons and collapses whitespace', () => {
    assert.equal(normaliseSection('ASSESSMENT:'), 'assessment');
    assert.equal(normaliseSection('Assessment and   Plan:'), 'assessment and plan');
    assert.equal(normaliseSection('  Discharge\tDiagnoses ::  '), 'discharge diagnoses');
    assert.equal(normaliseSection('impression'), 'impression');
    assert.equal(normaliseSection('A/P:'), 'a/p');
    // Idempotent, and agrees with the section names segment() gives.
    for (const s of DEFAULT_NLI_SECTIONS) assert.equal(normaliseSection(normaliseSection(s.toUpperCase() + ':')), s);
    const seg = segment('ASSESSMENT   AND PLAN:\nStable.\n');
    assert.equal(seg[1].section, normaliseSection('ASSESSMENT   AND PLAN:'));
  });

  it('isPlanSentence: an imperative plan verb first, whatever case and list marker', () => {
    for (const plan of [
      'Start gabapentin 300 mg at bedtime.',
      'Refer to podiatry.',
      'Continue losartan 100 mg daily.',
      'Repeat basic metabolic panel in two weeks.',
      'HOLD lisinopril.',
      '1. Follow up in clinic in 2 weeks.',
      '- Monitor renal function.',
      '(Consider statin.)',
      'Discontinue metformin.',
    ]) {
      assert.equal(isPlanSentence(plan), true, plan);
    }
    for (const statement of [
      'Type 2 diabetes, poorly controlled.',
      'Kidney function is declining.',
      'Restart of warfarin was deferred.',
      'He will start insulin.',
      // Past participles report findings, they are not plans.
      'Continued chest pain overnight.',
      'Started on warfarin in 2019.',
      'Starting dose was low.',
      'Atrial fibrillation',
      '',
      '123.',
    ]) {
      assert.equal(isPlanSentence(statement), false, statement);
    }
  });
});

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

describe('nli: aggregation and labels', () => {
  it('contradiction wins over entailment over neutral; the evidence is the premises with that label', () => {
    assert.deepEqual(
      aggregate([
        { premise: 'a', label: 'entailment' },
        { premise: 'b', label: 'contradiction' },
        { premise: 'c', label: 'neutral' },
        { premise: 'd', label: 'contradiction' },
      ]),
      { label: 'contradiction', evidence: ['b', 'd'] },
    );
    assert.deepEqual(
      aggregate([
        { premise: 'a', label: 'neutral' },
        { premise: 'b', label: 'entailment' },
        { premise: 'c', label: 'entailment' },
      ]),
      { label: 'entailment', evidence: ['b', 'c'] },
    );
  });

  it('all neutral: neutral with every premise as evidence', () => {
    assert.deepEqual(
      aggregate([
        { premise: 1, label: 'neutral' },
        { premise: 2, label: 'neutral' },
      ]),
      { label: 'neutral', evidence: [1, 2] },
    );
  });

  it('no verdicts: neutral with no evidence', () => {
    assert.deepEqual(aggregate([]), { label: 'neutral', evidence: [] });
  });

  it('property: the label is the strongest present, the evidence exactly its premises in order', () => {
    const labelArb = fc.constantFrom('entailment' as const, 'contradiction' as const, 'neutral' as const);
    fc.assert(
      fc.property(fc.array(labelArb, { maxLength: 8 }), (labels) => {
        const verdicts = labels.map((label, premise) => ({ premise, label }));
        const got = aggregate(verdicts);
        const expected = labels.includes('contradiction') ? 'contradiction' : labels.includes('entailment') ? 'entailment' : 'neutral';
        assert.equal(got.label, expected);
        const evidence = expected === 'neutral' ? verdicts.map((v) => v.premise) : verdicts.filter((v) => v.label === expected).map((v) => v.premise);
        assert.deepEqual(got.evidence, evidence);
      }),
    );
  });

  it('matchNliLabel reads labels in any casing, with stray words and from JSON', () => {
    assert.equal(matchNliLabel('Entailment'), 'entailment');
    assert.equal(matchNliLabel('CONTRADICTION'), 'contradiction');
    assert.equal(matchNliLabel('neutral'), 'neutral');
    assert.equal(matchNliLabel('  Contradiction.\n'), 'contradiction');
    assert.equal(matchNliLabel('The answer is: Neutral'), 'neutral');
    assert.equal(matchNliLabel('Answer: entailment (sentence 2 follows)'), 'entailment');
    assert.equal(matchNliLabel('{"label": "contradiction", "evidence": "x"}'), 'contradiction');
    // The first label named is the answer.
    assert.equal(matchNliLabel('Entailment. Not a contradiction.'), 'entailment');
  });

  it('matchNliLabel: no label → undefined', () => {
    assert.equal(matchNliLabel(''), undefined);
    assert.equal(matchNliLabel('I am not sure.'), undefined);
    assert.equal(matchNliLabel('Contradictory'), undefined);
    assert.equal(matchNliLabel('{"label": "unknown"}'), undefined);
  });
});

const answer = (text: string): ModelAnswer => ({ text, doneReason: 'stop', promptTokens: 0, evalTokens: 0, evalMs: 0 });

describe('nli: profiles', () => {
  const premise = 'Creatinine rose from 1.6 to 2.1 mg/dL.';
  const hypothesis = 'His renal function is normal.';

  it('nliInput is "Sentence 1: ...\\nSentence 2: ..."', () => {
    assert.equal(nliInput(premise, hypothesis), `Sentence 1: ${premise}\nSentence 2: ${hypothesis}`);
  });

  it('medtuned: a raw generate prompt in the ### Instruction / Input / Output layout with a stop', () => {
    const req = new MedtunedProfile().nliRequest(premise, hypothesis);
    assert.equal(req.kind, 'generate');
    if (req.kind !== 'generate') return;
    assert.equal(req.raw, true);
    const m = /^### Instruction: ([\s\S]+?)\n ### Input: ([\s\S]*)\n ### Output:$/.exec(req.prompt);
    assert.ok(m, JSON.stringify(req.prompt));
    assert.equal(m[2], `Sentence 1: ${premise}\nSentence 2: ${hypothesis}`);
    for (const label of ['Entailment', 'Contradiction', 'Neutral']) assert.ok(m[1].includes(label), label);
    assert.ok(req.stop.length > 0);
    assert.ok(req.stop.includes('###'));
    assert.deepEqual(req.stop, MEDTUNED_STOP);
    assert.ok(req.numPredict > 0);
  });

  it('json: a chat with a flat schema (label enum, evidence string) and the Sentence 1/2 user message', () => {
    const req = new JsonProfile().nliRequest(premise, hypothesis);
    assert.equal(req.kind, 'chat');
    if (req.kind !== 'chat') return;
    assert.deepEqual(
      req.messages.map((m) => m.role),
      ['system', 'user'],
    );
    // Both sentences fenced as data: JSON strings.
    assert.equal(req.messages[1].content, `Sentence 1: ${JSON.stringify(premise)}\nSentence 2: ${JSON.stringify(hypothesis)}`);
    assert.deepEqual(req.format, {
      type: 'object',
      properties: {
        label: { type: 'string', enum: ['entailment', 'contradiction', 'neutral'] },
        evidence: { type: 'string' },
      },
      required: ['label', 'evidence'],
    });
    assert.deepEqual(req.format, NLI_SCHEMA);
    assert.ok(req.numPredict > 0);
  });

  const profiles = [new MedtunedProfile(), new JsonProfile()];
  for (const profile of profiles) {
    it(`${profile.name}: parseNli reads messy answers`, () => {
      const cases: [string, string | undefined][] = [
        ['Contradiction.', 'contradiction'],
        ['The answer is entailment', 'entailment'],
        ['{"label":"neutral","evidence":""}', 'neutral'],
        ['```json\n{"label": "contradiction", "evidence": "creatinine rose"}\n```', 'contradiction'],
        ['  NEUTRAL  ', 'neutral'],
      ];
      for (const [text, label] of cases) {
        assert.deepEqual(profile.parseNli(answer(text)), { label, dropped: 0 }, text);
      }
    });

    it(`${profile.name}: parseNli on garbage gives no label and counts it dropped`, () => {
      for (const text of ['', 'Sentence 2 is about the kidneys.', '{"label": "maybe"}', '```\n```']) {
        assert.deepEqual(profile.parseNli(answer(text)), { label: undefined, dropped: 1 }, text);
      }
    });
  }

  it('json: the JSON label wins over label words quoted in the evidence', () => {
    const p = new JsonProfile();
    assert.equal(p.parseNli(answer('{"evidence": "no entailment here", "label": "contradiction"}')).label, 'contradiction');
    assert.equal(p.parseNli(answer('{"label": "neutral", "evidence": "contradiction of terms"}')).label, 'neutral');
    // A cut JSON answer still yields the label written before the cut.
    assert.equal(p.parseNli(answer('{"label": "entailment", "evidence": "ST elev')).label, 'entailment');
  });
});

describe('nli: diagnostics mapping', () => {
  const URI = 'file:///notes/discharge-heart-failure.note';
  const { text } = readNote('discharge-heart-failure');
  const doc = TextDocument.create(URI, 'clinical-note', 1, text);
  const sentences = sentencesOf(text);
  const sentence = (t: string): Segment => {
    const s = sentences.find((x) => x.text === t);
    assert.ok(s, t);
    return s;
  };
  const SEVERITY = DEFAULT_SETTINGS.severity;
  /** The message as plain text (these diagnostics never use markup). */
  const msg = (d: Diagnostic): string => {
    assert.equal(typeof d.message, 'string');
    return d.message as string;
  };
  const NONE = new Set<string>();

  /** Line and character of an offset, counted here rather than by the document. */
  const pos = (offset: number) => {
    const lines = text.slice(0, offset).split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
  };
  const rangeOf = (s: { start: number; end: number }) => ({ start: pos(s.start), end: pos(s.end) });

  const renal = sentence('His renal function is normal.');
  const creatinine = sentence('Creatinine rose from 1.6 to 2.1 mg/dL, so lisinopril was held.');
  const arrhythmia = sentence('He has no history of arrhythmia.');
  const hpi = sentence(
    '72-year-old man with ischemic cardiomyopathy, atrial fibrillation and chronic kidney disease stage 3 presented with three days of worsening dyspnea and bilateral leg swelling.',
  );
  const warfarin = sentence('Warfarin was continued for atrial fibrillation with a goal INR of 2-3.');
  const hf = sentence("The patient's heart failure exacerbation was caused by running out of diuretics.");
  const runOut = sentence('He had run out of furosemide one week before admission.');

  it('contradiction: a warning by default, code contradiction, the first evidence quoted, related information at the evidence', () => {
    const [d, ...rest] = nliDiagnostics(doc, [{ hypothesis: renal, state: 'done', label: 'contradiction', evidence: [creatinine] }], SEVERITY, NONE);
    assert.equal(rest.length, 0);
    assert.equal(d.severity, 2);
    assert.equal(d.source, NLI_SOURCE);
    assert.equal(d.source, 'biomed-nli');
    assert.equal(d.code, 'contradiction');
    assert.deepEqual(d.range, rangeOf(renal));
    assert.ok(msg(d).includes(`“${creatinine.text}”`), msg(d));
    assert.deepEqual(d.data, { sentence: renal.text });
    assert.deepEqual(
      d.relatedInformation?.map((r) => ({ uri: r.location.uri, range: r.location.range })),
      [{ uri: URI, range: rangeOf(creatinine) }],
    );
  });

  it('contradiction with several premises: quotes the first in full enough to read, relates all', () => {
    const [d] = nliDiagnostics(doc, [{ hypothesis: arrhythmia, state: 'done', label: 'contradiction', evidence: [hpi, warfarin] }], SEVERITY, NONE);
    assert.equal(d.code, 'contradiction');
    assert.deepEqual(
      d.relatedInformation?.map((r) => r.location.range),
      [rangeOf(hpi), rangeOf(warfarin)],
    );
    // The HPI sentence (175 characters) is quoted whole, on one line; the second is counted, not quoted.
    assert.ok(hpi.text.length > 150);
    assert.equal(msg(d), `“${arrhythmia.text}”: contradicted by the note: “${hpi.text}” (line ${pos(hpi.start).line + 1}) and 1 more sentence`);
    assert.ok(!msg(d).includes('\n'));
    assert.ok(!msg(d).includes(warfarin.text));
    assert.deepEqual(
      d.relatedInformation?.map((r) => r.message),
      ['Contradicts the statement', 'Contradicts the statement'],
    );
  });

  it('related information holds only what decides: the contradicting sentence; for unsupported the nearest by retrieval score', () => {
    const line = pos(creatinine.start).line + 1;
    const premises: NliPremise[] = [
      { sentence: hpi, label: 'neutral', score: 1.5, reasons: [{ kind: 'concepts', detail: 'renal', weight: 1.5 }] },
      {
        sentence: creatinine,
        label: 'contradiction',
        score: 2.5,
        reasons: [
          { kind: 'quantity', detail: 'creatinine', weight: 1.5 },
          { kind: 'value', detail: 'creatinine', weight: 1 },
        ],
      },
      { sentence: warfarin, score: 0, reasons: [{ kind: 'unrelated', detail: '', weight: 0 }] },
    ];
    const [d] = nliDiagnostics(doc, [{ hypothesis: renal, state: 'done', label: 'contradiction', evidence: [creatinine], premises }], SEVERITY, NONE);
    assert.equal(msg(d), `“${renal.text}”: contradicted by the note: “${creatinine.text}” (line ${line})`);
    assert.deepEqual(
      d.relatedInformation?.map((r) => [r.location.range, r.message]),
      [[rangeOf(creatinine), 'Contradicts the statement']],
    );
    // Unsupported: checked against the three that answered; related, the two with the highest
    // retrieval score, best first (not document order); the one that shares nothing is near nothing.
    const neutral: NliPremise[] = [
      { sentence: hpi, label: 'neutral', score: 1.5, reasons: [{ kind: 'concepts', detail: 'arrhythmia', weight: 1.5 }] },
      { sentence: warfarin, label: 'neutral', score: 3, reasons: [{ kind: 'embedding', detail: '0.812', weight: 3 }] },
      { sentence: runOut, label: 'neutral', score: 0, reasons: [{ kind: 'unrelated', detail: '', weight: 0 }] },
      { sentence: creatinine, score: 2 },
    ];
    const [u] = nliDiagnostics(
      doc,
      [{ hypothesis: arrhythmia, state: 'done', label: 'neutral', evidence: [hpi, warfarin, runOut], premises: neutral }],
      SEVERITY,
      NONE,
    );
    assert.equal(msg(u), `“${arrhythmia.text}”: not supported by the note: checked against 3 sentences; none decides it.`);
    assert.deepEqual(
      u.relatedInformation?.map((r) => [r.location.range, r.message]),
      [
        [rangeOf(warfarin), 'Nearest sentence checked; it does not decide it'],
        [rangeOf(hpi), 'Nearest sentence checked; it does not decide it'],
      ],
    );
    // Nothing of retrieval's machinery in any diagnostic.
    for (const x of [d, u]) {
      const all = [msg(x), ...(x.relatedInformation ?? []).map((r) => r.message)].join('\n');
      assert.ok(!/chosen for|shared words|concepts:|quantity:|cosine|score|room/i.test(all), all);
    }
  });

  it('contradiction evidence over wrapped lines is quoted on one line', () => {
    const wrapped = 'A1c rose.\nGlucose is\n   above 300 mg/dL today.\nSummary: Glycemic control improved.\n';
    const wdoc = TextDocument.create('file:///w.note', 'clinical-note', 1, wrapped);
    const segs = sentencesOf(wrapped);
    const glucose = segs.find((s) => s.text.startsWith('Glucose'))!;
    assert.ok(glucose.text.includes('\n'));
    const hyp = segs.find((s) => s.text.startsWith('Glycemic'))!;
    const [d] = nliDiagnostics(wdoc, [{ hypothesis: hyp, state: 'done', label: 'contradiction', evidence: [glucose] }], SEVERITY, NONE);
    assert.ok(msg(d).includes('“Glucose is above 300 mg/dL today.”'), msg(d));
  });

  it('a shortened quote does not cut a surrogate pair in two', () => {
    // 198 letters, then an emoji (two UTF-16 code units) across the cut at 199 (evidence is quoted up to 200).
    const ev = `${'a'.repeat(198)}\u{1F600} and more words after it.`;
    const t = `${ev}\nAssessment: Fine.\n`;
    const edoc = TextDocument.create('file:///e.note', 'clinical-note', 1, t);
    const evidence: Segment = { start: 0, end: ev.length, text: ev, kind: 'sentence', section: '' };
    const hyp: Segment = { start: t.indexOf('Fine.'), end: t.indexOf('Fine.') + 5, text: 'Fine.', kind: 'sentence', section: 'assessment' };
    const [d] = nliDiagnostics(edoc, [{ hypothesis: hyp, state: 'done', label: 'contradiction', evidence: [evidence] }], SEVERITY, NONE);
    assert.ok(msg(d).includes('…'));
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    assert.ok(!lone.test(msg(d)), `lone surrogate in ${JSON.stringify(msg(d))}`);
  });

  it('severity follows the settings', () => {
    const findings: NliFinding[] = [
      { hypothesis: renal, state: 'done', label: 'contradiction', evidence: [creatinine] },
      { hypothesis: arrhythmia, state: 'done', label: 'neutral', evidence: [] },
    ];
    assert.deepEqual(
      nliDiagnostics(doc, findings, { contradiction: 'error', unsupported: 'hint' }, NONE).map((d) => d.severity),
      [1, 4],
    );
    assert.deepEqual(
      nliDiagnostics(doc, findings, { contradiction: 'information', unsupported: 'warning' }, NONE).map((d) => d.severity),
      [3, 2],
    );
  });

  it('neutral: unsupported, information by default; the message says whether sentences were checked', () => {
    const [none, one, two] = nliDiagnostics(
      doc,
      [
        { hypothesis: arrhythmia, state: 'done', label: 'neutral', evidence: [] },
        { hypothesis: renal, state: 'done', label: 'neutral', evidence: [creatinine] },
        { hypothesis: hf, state: 'done', label: 'neutral', evidence: [runOut, hpi] },
      ],
      SEVERITY,
      NONE,
    );
    for (const d of [none, one, two]) {
      assert.equal(d.code, 'unsupported');
      assert.equal(d.severity, 3);
      assert.equal(d.source, 'biomed-nli');
    }
    assert.notEqual(msg(none), msg(one));
    assert.notEqual(msg(one), msg(two));
    assert.ok(!/\d/.test(msg(none)), msg(none));
    assert.ok(msg(one).includes('checked against 1 sentence; none decides it'), msg(one));
    assert.ok(msg(two).includes('checked against 2 sentences; none decides it'), msg(two));
    // The message names the claim.
    assert.ok(msg(two).startsWith(`“${hf.text.slice(0, 40)}`), msg(two));
    assert.deepEqual(none.relatedInformation, []);
    // Without retrieval's scores, the nearest are the first two the finding gives.
    assert.deepEqual(
      two.relatedInformation?.map((r) => r.location.range),
      [rangeOf(runOut), rangeOf(hpi)],
    );
    assert.deepEqual(two.range, rangeOf(hf));
    assert.deepEqual(two.data, { sentence: hf.text });
  });

  it('entailment, pending, failed and label-less findings give no diagnostic', () => {
    const findings: NliFinding[] = [
      { hypothesis: hf, state: 'done', label: 'entailment', evidence: [runOut] },
      { hypothesis: renal, state: 'pending', evidence: [] },
      { hypothesis: arrhythmia, state: 'failed', evidence: [] },
      { hypothesis: renal, state: 'done', evidence: [] },
      // A stale label on a finding that is not done is not shown either.
      { hypothesis: arrhythmia, state: 'pending', label: 'contradiction', evidence: [hpi] },
    ];
    assert.deepEqual(nliDiagnostics(doc, findings, SEVERITY, NONE), []);
  });

  it('ignored sentence texts give no diagnostic, others still do', () => {
    const findings: NliFinding[] = [
      { hypothesis: renal, state: 'done', label: 'contradiction', evidence: [creatinine] },
      { hypothesis: arrhythmia, state: 'done', label: 'contradiction', evidence: [warfarin] },
      { hypothesis: hf, state: 'done', label: 'neutral', evidence: [] },
    ];
    const out = nliDiagnostics(doc, findings, SEVERITY, new Set([renal.text, hf.text]));
    assert.deepEqual(
      out.map((d) => (d.data as { sentence: string }).sentence),
      [arrhythmia.text],
    );
    // Ignoring is by exact text, not by part of it.
    assert.equal(nliDiagnostics(doc, findings, SEVERITY, new Set(['renal function'])).length, 3);
  });

  it('findingActions: per biomed-nli diagnostic, "Ignore this finding: “statement”" and "Show how this was checked", each with [uri, sentence]', () => {
    const nli = nliDiagnostics(
      doc,
      [
        { hypothesis: renal, state: 'done', label: 'contradiction', evidence: [creatinine] },
        { hypothesis: hf, state: 'done', label: 'neutral', evidence: [] },
      ],
      SEVERITY,
      NONE,
    );
    const other: Diagnostic = { range: rangeOf(renal), message: 'spelling', source: 'cSpell', data: { sentence: renal.text } };
    const noData: Diagnostic = { range: rangeOf(renal), message: 'x', source: NLI_SOURCE };
    const actions = findingActions(URI, [nli[0], other, nli[1], noData]);
    const ignore = (text: string) => `Ignore this finding: “${oneLine(text, 50)}”`;
    assert.deepEqual(
      actions.map((a) => [a.title, a.command]),
      [
        [ignore(renal.text), { title: ignore(renal.text), command: 'biomedNlp.ignoreFinding', arguments: [URI, renal.text] }],
        ['Show how this was checked', { title: 'Show how this was checked', command: 'biomedNlp.showNliCheck', arguments: [URI, renal.text] }],
        [ignore(hf.text), { title: ignore(hf.text), command: 'biomedNlp.ignoreFinding', arguments: [URI, hf.text] }],
        ['Show how this was checked', { title: 'Show how this was checked', command: 'biomedNlp.showNliCheck', arguments: [URI, hf.text] }],
      ],
    );
    assert.ok(actions.every((a) => a.kind === 'quickfix'));
    assert.deepEqual(
      actions.map((a) => a.diagnostics),
      [[nli[0]], [nli[0]], [nli[1]], [nli[1]]],
    );
    assert.deepEqual(findingActions(URI, [other]), []);
    assert.deepEqual(findingActions(URI, []), []);
  });
});
