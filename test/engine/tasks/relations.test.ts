import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import {
  allowedLabels,
  CandidatePair,
  candidatePairs,
  CHEMPROT_RELATIONS,
  I2B2_RELATIONS,
  LABEL_WORDS,
  LABELS,
  matchLabel,
  noneLabel,
  PairKind,
} from '../../../server/src/engine/tasks/relations';
import { ENTITY_TYPES, EntityType, Mention } from '../../../server/src/engine/types';

/** The mention of `text` (its `occurrence`-th appearance) in `sentence`. */
function mention(sentence: string, text: string, type: EntityType, occurrence = 0): Mention {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = sentence.indexOf(text, start + 1);
  assert.ok(start >= 0, `test set-up: "${text}" not in the sentence`);
  return { start, end: start + text.length, type, text };
}

function span(at: number, length: number, type: EntityType): Mention {
  return { start: at, end: at + length, type, text: 'x'.repeat(length) };
}

const ALL_KINDS: PairKind[] = ['clinical', 'chemical-disease', 'gene-disease', 'chemical-gene'];

/** Which (head type, tail type) pairs are allowed, and their kind. */
const COMPATIBLE: Record<string, PairKind> = {
  'treatment>problem': 'clinical',
  'test>problem': 'clinical',
  'problem>problem': 'clinical',
  'chemical>disease': 'chemical-disease',
  'gene>disease': 'gene-disease',
  'chemical>gene': 'chemical-gene',
};

function gap(p: CandidatePair): number {
  return Math.max(0, Math.max(p.head.start, p.tail.start) - Math.min(p.head.end, p.tail.end));
}

function overlaps(a: Mention, b: Mention): boolean {
  return a.start < b.end && b.start < a.end;
}

function show(pairs: CandidatePair[]): string[] {
  return pairs.map((p) => `${p.head.text}(${p.head.type}) -> ${p.tail.text}(${p.tail.type}) [${p.kind}]`);
}

describe('relations: candidatePairs', () => {
  it('pairs a treatment with a problem, head the treatment, whatever the text order', () => {
    const s = 'For atrial fibrillation warfarin was continued.';
    const af = mention(s, 'atrial fibrillation', 'problem');
    const warfarin = mention(s, 'warfarin', 'treatment');
    const pairs = candidatePairs([af, warfarin], 10);
    assert.equal(pairs.length, 1);
    assert.equal(pairs[0].kind, 'clinical');
    assert.equal(pairs[0].head, warfarin);
    assert.equal(pairs[0].tail, af);
  });

  it('pairs a test with a problem (test as head), and two problems with the earlier as head', () => {
    const s = 'Chest pain with dyspnea; ECG showed ST elevation.';
    const pain = mention(s, 'Chest pain', 'problem');
    const dyspnea = mention(s, 'dyspnea', 'problem');
    const ecg = mention(s, 'ECG', 'test');
    const st = mention(s, 'ST elevation', 'problem');
    // Given in reverse text order, so order of the input cannot decide the head.
    const pairs = candidatePairs([st, ecg, dyspnea, pain], 100);
    const got = new Set(show(pairs));
    const expected = [
      'ECG(test) -> ST elevation(problem) [clinical]',
      'ECG(test) -> dyspnea(problem) [clinical]',
      'ECG(test) -> Chest pain(problem) [clinical]',
      'Chest pain(problem) -> dyspnea(problem) [clinical]',
      'Chest pain(problem) -> ST elevation(problem) [clinical]',
      'dyspnea(problem) -> ST elevation(problem) [clinical]',
    ];
    assert.deepEqual(got, new Set(expected));
    assert.equal(pairs.length, expected.length, 'each pair once');
    for (const p of pairs) if (p.head.type === 'problem') assert.ok(p.head.start < p.tail.start, 'earlier problem is the head');
  });

  it('pairs the literature types: chemical->disease, gene->disease, chemical->gene', () => {
    const s = 'Tamoxifen inhibits CYP2D6 and ESR1 variants predict endometrial cancer.';
    const tam = mention(s, 'Tamoxifen', 'chemical');
    const cyp = mention(s, 'CYP2D6', 'gene');
    const esr = mention(s, 'ESR1', 'gene');
    const cancer = mention(s, 'endometrial cancer', 'disease');
    const got = new Set(show(candidatePairs([cancer, esr, cyp, tam], 100)));
    assert.deepEqual(
      got,
      new Set([
        'Tamoxifen(chemical) -> endometrial cancer(disease) [chemical-disease]',
        'CYP2D6(gene) -> endometrial cancer(disease) [gene-disease]',
        'ESR1(gene) -> endometrial cancer(disease) [gene-disease]',
        'Tamoxifen(chemical) -> CYP2D6(gene) [chemical-gene]',
        'Tamoxifen(chemical) -> ESR1(gene) [chemical-gene]',
      ]),
    );
  });

  it('makes no pair of incompatible types (treatment-test, treatment-treatment, disease-disease, clinical with literature)', () => {
    const s = 'Aspirin and heparin after CT angiography; cisplatin with nephrotoxicity and anemia.';
    const ms = [
      mention(s, 'Aspirin', 'treatment'),
      mention(s, 'heparin', 'treatment'),
      mention(s, 'CT angiography', 'test'),
      mention(s, 'nephrotoxicity', 'disease'),
      mention(s, 'anemia', 'disease'),
    ];
    assert.deepEqual(candidatePairs(ms, 100), []);
    // A chemical with a problem (clinical tail) is not a pair either.
    const mixed = [mention(s, 'cisplatin', 'chemical'), mention(s, 'anemia', 'problem')];
    assert.deepEqual(candidatePairs(mixed, 100), []);
  });

  it('never pairs a mention with itself, nor two overlapping mentions', () => {
    const s = 'Warfarin for atrial fibrillation.';
    const af = mention(s, 'atrial fibrillation', 'problem');
    const fib = mention(s, 'fibrillation', 'problem');
    const copy = { ...af };
    assert.deepEqual(candidatePairs([af], 10), [], 'one problem alone');
    assert.deepEqual(candidatePairs([af, copy], 10), [], 'the same span twice');
    assert.deepEqual(candidatePairs([af, fib], 10), [], 'nested problems');
    // A treatment overlapping a problem is one phrase, not two participants.
    const treatmentInside = { ...fib, type: 'treatment' as const };
    assert.deepEqual(candidatePairs([af, treatmentInside], 10), []);
    // Touching (end === start) is not overlapping.
    const t2 = 'Warfarin/AF';
    const w = mention(t2, 'Warfarin', 'treatment');
    const slash = span(8, 3, 'problem');
    assert.equal(candidatePairs([w, slash], 10).length, 1);
  });

  it('orders pairs nearest first by the character gap between the mentions', () => {
    const s = 'Lisinopril was started; for years hypertension and, as noted before, diabetes and then gout.';
    const lis = mention(s, 'Lisinopril', 'treatment');
    const htn = mention(s, 'hypertension', 'problem');
    const dm = mention(s, 'diabetes', 'problem');
    const gout = mention(s, 'gout', 'problem');
    const pairs = candidatePairs([gout, dm, lis, htn], 100);
    const gaps = pairs.map(gap);
    assert.deepEqual(
      gaps,
      [...gaps].sort((a, b) => a - b),
      `gaps ${gaps}`,
    );
    assert.equal(show(pairs)[0], 'diabetes(problem) -> gout(problem) [clinical]');
    assert.equal(pairs.length, 6);
  });

  it('keeps only the `max` nearest pairs; 0 (or less) gives none', () => {
    const s = 'Lisinopril was started; for years hypertension and, as noted before, diabetes and then gout.';
    const ms = [mention(s, 'Lisinopril', 'treatment'), mention(s, 'hypertension', 'problem'), mention(s, 'diabetes', 'problem'), mention(s, 'gout', 'problem')];
    const all = candidatePairs(ms, 100);
    assert.equal(all.length, 6);
    assert.deepEqual(show(candidatePairs(ms, 2)), show(all).slice(0, 2));
    assert.deepEqual(candidatePairs(ms, 1).length, 1);
    assert.deepEqual(candidatePairs(ms, 0), []);
    assert.deepEqual(candidatePairs(ms, -3), []);
  });

  it('`kinds` limits the pair kinds: the medtuned set leaves chemical-gene out', () => {
    const s = 'Tamoxifen inhibits CYP2D6 in breast cancer.';
    const ms = [mention(s, 'Tamoxifen', 'chemical'), mention(s, 'CYP2D6', 'gene'), mention(s, 'breast cancer', 'disease')];
    const medtunedKinds = new Set<PairKind>(['clinical', 'chemical-disease', 'gene-disease']);
    const kinds = candidatePairs(ms, 100, medtunedKinds)
      .map((p) => p.kind)
      .sort();
    assert.deepEqual(kinds, ['chemical-disease', 'gene-disease']);
    assert.deepEqual(
      candidatePairs(ms, 100, new Set<PairKind>(['chemical-gene'])).map((p) => p.kind),
      ['chemical-gene'],
    );
    assert.deepEqual(candidatePairs(ms, 100, new Set<PairKind>()), []);
    assert.equal(candidatePairs(ms, 100).length, 3, 'no filter: all kinds');
  });

  it('property: every pair is type-compatible, disjoint, unique, nearest first and at most `max`', () => {
    const mentionArb = fc
      .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 8 }), fc.constantFrom(...ENTITY_TYPES))
      .map(([at, len, type]) => span(at, len, type));
    const kindsArb = fc.option(fc.subarray(ALL_KINDS), { nil: undefined });
    fc.assert(
      fc.property(fc.array(mentionArb, { maxLength: 9 }), fc.integer({ min: -1, max: 40 }), kindsArb, (ms, max, kindList) => {
        const kinds = kindList ? new Set(kindList) : undefined;
        const pairs = candidatePairs(ms, max, kinds);
        assert.ok(pairs.length <= Math.max(0, max));
        // The full list (no cap) is what the capped list must be a prefix of.
        const full = candidatePairs(ms, 1000, kinds);
        assert.deepEqual(pairs, full.slice(0, Math.max(0, max)));
        let expectedCount = 0;
        for (const h of ms)
          for (const t of ms) {
            const kind = COMPATIBLE[`${h.type}>${t.type}`];
            if (!kind || h === t || overlaps(h, t) || (kinds && !kinds.has(kind))) continue;
            if (h.type === t.type && t.start <= h.start) continue;
            expectedCount++;
          }
        assert.equal(full.length, expectedCount);
        const seen = new Set<string>();
        for (const p of full) {
          assert.equal(p.kind, COMPATIBLE[`${p.head.type}>${p.tail.type}`]);
          assert.ok(ms.includes(p.head) && ms.includes(p.tail), 'pairs hold the given mention objects');
          assert.notEqual(p.head, p.tail);
          assert.ok(!overlaps(p.head, p.tail));
          if (p.head.type === p.tail.type) assert.ok(p.head.start < p.tail.start);
          const key = `${ms.indexOf(p.head)}>${ms.indexOf(p.tail)}`;
          assert.ok(!seen.has(key), 'no pair twice');
          seen.add(key);
        }
        for (let i = 1; i < full.length; i++) assert.ok(gap(full[i - 1]) <= gap(full[i]), 'nearest first');
      }),
      { numRuns: 300 },
    );
  });
});

describe('relations: labels', () => {
  const s = 'Chest x-ray after aspirin showed pneumonia and sepsis; tamoxifen, ESR1, cancer.';
  const aspirin = mention(s, 'aspirin', 'treatment');
  const cxr = mention(s, 'Chest x-ray', 'test');
  const pneumonia = mention(s, 'pneumonia', 'problem');
  const sepsis = mention(s, 'sepsis', 'problem');
  const tam = mention(s, 'tamoxifen', 'chemical');
  const esr = mention(s, 'ESR1', 'gene');
  const cancer = mention(s, 'cancer', 'disease');

  it('allowedLabels depends on the clinical pair types (i2b2-2010)', () => {
    assert.deepEqual([...allowedLabels({ kind: 'clinical', head: aspirin, tail: pneumonia })], ['TrIP', 'TrWP', 'TrCP', 'TrAP', 'TrNAP', 'No Relations']);
    assert.deepEqual([...allowedLabels({ kind: 'clinical', head: cxr, tail: pneumonia })], ['TeRP', 'TeCP', 'No Relations']);
    assert.deepEqual([...allowedLabels({ kind: 'clinical', head: pneumonia, tail: sepsis })], ['PIP', 'No Relations']);
  });

  it('allowedLabels for the literature kinds', () => {
    assert.deepEqual([...allowedLabels({ kind: 'chemical-disease', head: tam, tail: cancer })], ['CID', 'No Relations']);
    assert.deepEqual([...allowedLabels({ kind: 'gene-disease', head: esr, tail: cancer })], ['Positive', 'Negative']);
    assert.deepEqual([...allowedLabels({ kind: 'chemical-gene', head: tam, tail: esr })], [...CHEMPROT_RELATIONS, 'none']);
    assert.equal(CHEMPROT_RELATIONS.length, 12);
  });

  it("allowedLabels of every candidate pair ends with its kind's none label", () => {
    for (const p of candidatePairs([aspirin, cxr, pneumonia, sepsis, tam, esr, cancer], 100)) {
      const labels = allowedLabels(p);
      assert.equal(labels[labels.length - 1], noneLabel(p.kind), show([p])[0]);
      for (const l of labels) assert.ok(LABELS[p.kind].includes(l), `${l} is a label of ${p.kind}`);
    }
  });

  it('noneLabel per kind', () => {
    assert.equal(noneLabel('clinical'), 'No Relations');
    assert.equal(noneLabel('chemical-disease'), 'No Relations');
    assert.equal(noneLabel('gene-disease'), 'Negative');
    assert.equal(noneLabel('chemical-gene'), 'none');
  });

  it('LABEL_WORDS has plain words for every label of every kind except the none labels', () => {
    for (const kind of ALL_KINDS) {
      for (const label of LABELS[kind]) {
        if (label === noneLabel(kind)) continue;
        const words = LABEL_WORDS[label];
        assert.equal(typeof words, 'string', `${kind}: ${label} has words`);
        assert.ok(words.trim().length > 0);
        assert.notEqual(words, label, `${label}: words, not the code`);
        assert.match(words, /^[a-z][a-z -]*$/, `${label}: "${words}" reads as plain lower-case words`);
      }
    }
    assert.equal(LABEL_WORDS.TrAP, 'is administered for');
    assert.equal(LABEL_WORDS.TeRP, 'reveals');
    assert.equal(LABEL_WORDS.PIP, 'indicates');
    assert.equal(LABEL_WORDS.CID, 'induces');
    assert.equal(LABEL_WORDS.INHIBITOR, 'inhibits');
    assert.equal(LABEL_WORDS['INDIRECT-UPREGULATOR'], 'indirectly upregulates');
    for (const l of I2B2_RELATIONS) assert.ok(LABEL_WORDS[l]);
  });
});

describe('relations: matchLabel', () => {
  const clinical = LABELS.clinical;
  const tp = ['TrIP', 'TrWP', 'TrCP', 'TrAP', 'TrNAP', 'No Relations'];
  const chemprot = LABELS['chemical-gene'];

  it('reads a label in other casing', () => {
    assert.equal(matchLabel('trap', clinical), 'TrAP');
    assert.equal(matchLabel('TRAP', clinical), 'TrAP');
    assert.equal(matchLabel('TrAP', clinical), 'TrAP');
    assert.equal(matchLabel('trnap', tp), 'TrNAP');
    assert.equal(matchLabel('terp', clinical), 'TeRP');
    assert.equal(matchLabel('cid', LABELS['chemical-disease']), 'CID');
    assert.equal(matchLabel('positive', LABELS['gene-disease']), 'Positive');
    assert.equal(matchLabel('NEGATIVE', LABELS['gene-disease']), 'Negative');
    assert.equal(matchLabel('inhibitor', chemprot), 'INHIBITOR');
  });

  it('reads a label among stray words and punctuation', () => {
    assert.equal(matchLabel('The answer is TrAP.', clinical), 'TrAP');
    assert.equal(matchLabel('Label: TeRP', clinical), 'TeRP');
    assert.equal(matchLabel('  TrIP\n', clinical), 'TrIP');
    assert.equal(matchLabel('"PIP"', clinical), 'PIP');
    assert.equal(matchLabel('Relation: TrCP </s>', clinical), 'TrCP');
    assert.equal(matchLabel('**TrWP** (the treatment worsens the problem)', clinical), 'TrWP');
  });

  it('does not read a label inside another word', () => {
    // "trap" the word is fine, but "entrapment" is not TrAP; "pipe" is not PIP.
    assert.equal(matchLabel('entrapment', clinical), undefined);
    assert.equal(matchLabel('pipeline', clinical), undefined);
    assert.equal(matchLabel('TrAPs', tp), undefined);
  });

  it('reads "No relation" variants as No Relations', () => {
    for (const answer of ['No Relations', 'no relations', 'No relation', 'NO RELATION', 'No relation.', 'There is no relation between them.', 'No_Relations']) {
      assert.equal(matchLabel(answer, clinical), 'No Relations', answer);
      assert.equal(matchLabel(answer, LABELS['chemical-disease']), 'No Relations', `${answer} (chemical-disease)`);
    }
  });

  it('reads hyphen/underscore spellings of "No relation" as No Relations', () => {
    // The labels are matched after punctuation is normalised; the "no relation" fallback should be too.
    for (const answer of ['No-relation', 'no_relation', 'No-Relation.']) {
      assert.equal(matchLabel(answer, clinical), 'No Relations', answer);
    }
  });

  it('the longest label wins over a label it contains', () => {
    assert.equal(matchLabel('INDIRECT-UPREGULATOR', chemprot), 'INDIRECT-UPREGULATOR');
    assert.equal(matchLabel('indirect-upregulator', chemprot), 'INDIRECT-UPREGULATOR');
    assert.equal(matchLabel('INDIRECT-DOWNREGULATOR', chemprot), 'INDIRECT-DOWNREGULATOR');
    assert.equal(matchLabel('AGONIST-ACTIVATOR', chemprot), 'AGONIST-ACTIVATOR');
    assert.equal(matchLabel('Answer: agonist-activator.', chemprot), 'AGONIST-ACTIVATOR');
    assert.equal(matchLabel('SUBSTRATE_PRODUCT-OF', chemprot), 'SUBSTRATE_PRODUCT-OF');
    assert.equal(matchLabel('PRODUCT-OF', chemprot), 'PRODUCT-OF');
    assert.equal(matchLabel('UPREGULATOR', chemprot), 'UPREGULATOR');
    assert.equal(matchLabel('AGONIST', chemprot), 'AGONIST');
    assert.equal(matchLabel('ACTIVATOR', chemprot), 'ACTIVATOR');
  });

  it('every label of every kind is read back from itself, lower-cased, and among stray words', () => {
    for (const kind of ALL_KINDS) {
      for (const label of LABELS[kind]) {
        assert.equal(matchLabel(label, LABELS[kind]), label, `${kind}: ${label}`);
        assert.equal(matchLabel(label.toLowerCase(), LABELS[kind]), label, `${kind}: ${label} lower-cased`);
        assert.equal(matchLabel(`The relation is ${label}.`, LABELS[kind]), label, `${kind}: ${label} in prose`);
      }
    }
  });

  it('unknown labels give undefined', () => {
    assert.equal(matchLabel('TrXP', clinical), undefined);
    assert.equal(matchLabel('', clinical), undefined);
    assert.equal(matchLabel('I am not sure.', clinical), undefined);
    assert.equal(matchLabel('CID', clinical), undefined);
    assert.equal(matchLabel('TeRP', tp), undefined, 'a label not in the list given');
    assert.equal(matchLabel('BINDER', chemprot), undefined);
    assert.equal(matchLabel('Maybe', LABELS['gene-disease']), undefined);
  });
});
