/**
 * The ConText assertion engine (engine/tasks/assertion): each category, scopes and their
 * ends, pseudo-triggers, section context, de-identification placeholders, capitals, user
 * terms, the rules+model decision, and offsets that never move.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locateCondition, parseContextTsv } from '../../../server/src/engine/formats/contextTsv';
import { JsonProfile, nerSchema } from '../../../server/src/engine/profiles/json';
import { findTriggers, markAssertions, sectionTitle } from '../../../server/src/engine/tasks/assertion/context';
import { compileTerms, defaultTerms, loadTerms, termsFromText } from '../../../server/src/engine/tasks/assertion/terms';
import { jsonErrorOffset } from '../../../server/src/engine/text/jsonPosition';
import { segment } from '../../../server/src/engine/text/segment';
import { ASSERTION_STATUSES, AssertionStatus, EntityType, Mention } from '../../../server/src/engine/types';
import { SchemaNode } from '../../support/schemaNode';

/** A mention of the first occurrence (or the nth) of `text` in the sentence. */
function at(sentence: string, text: string, type: EntityType = 'problem', nth = 0): Mention {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = sentence.indexOf(text, start + 1);
  assert.ok(start >= 0, `test set-up: ${text} not in ${sentence}`);
  return { start, end: start + text.length, type, text };
}

/** The statuses of each named mention, as a list ([] = affirmed, the patient's, now). */
function statuses(sentence: string, texts: string[], context: Parameters<typeof markAssertions>[2] = {}): Record<string, AssertionStatus[]> {
  const marked = markAssertions(
    sentence,
    texts.map((t) => at(sentence, t)),
    context,
  );
  return Object.fromEntries(marked.map((m, i) => [texts[i], ASSERTION_STATUSES.filter((s) => m[s])]));
}
const one = (sentence: string, text: string, context: Parameters<typeof markAssertions>[2] = {}) => statuses(sentence, [text], context)[text];
const cue = (sentence: string, text: string, status: AssertionStatus, context: Parameters<typeof markAssertions>[2] = {}) =>
  markAssertions(sentence, [at(sentence, text)], context)[0].assertion?.triggers[status];

describe('assertion (ConText): categories', () => {
  it('negated: forward, backward and bidirectional triggers', () => {
    assert.deepEqual(one('The patient denies chest pain.', 'chest pain'), ['negated']);
    assert.deepEqual(one('No JVD.', 'JVD'), ['negated']);
    assert.deepEqual(one('Murmur not appreciated on exam.', 'Murmur'), ['negated']);
    assert.deepEqual(one('Pulmonary embolism was ruled out.', 'Pulmonary embolism'), ['negated']);
    assert.deepEqual(one('CT ruled out pulmonary embolism.', 'pulmonary embolism'), ['negated']);
  });

  it('possible: suspicious for, concerning for, rule out, cannot be excluded; negation wins over possible', () => {
    assert.deepEqual(one('Lesion suspicious for malignancy.', 'malignancy'), ['possible']);
    assert.deepEqual(one('Findings concerning for appendicitis.', 'appendicitis'), ['possible']);
    assert.deepEqual(one('Admitted to rule out MI.', 'MI'), ['possible']);
    assert.deepEqual(one('Sepsis cannot be excluded.', 'Sepsis'), ['possible']);
    assert.deepEqual(one('No possible pneumonia.', 'pneumonia'), ['negated']);
  });

  it('historical: history of, status post, s/p, years ago', () => {
    assert.deepEqual(one('She has a history of stroke.', 'stroke'), ['historical']);
    assert.deepEqual(one('He is status post cholecystectomy.', 'cholecystectomy'), ['historical']);
    assert.deepEqual(one('S/P CABG in 2010.', 'CABG'), ['historical']);
    assert.deepEqual(one('Treated for tuberculosis 20 years ago.', 'tuberculosis'), ['historical']);
  });

  it('hypothetical: return if, call for, as needed for', () => {
    assert.deepEqual(one('Return to the ED if she experiences any chest pain.', 'chest pain'), ['hypothetical']);
    assert.deepEqual(one('Call for fever above 38.5.', 'fever'), ['hypothetical']);
    assert.deepEqual(one('Oxycodone 5 mg as needed for pain.', 'pain'), ['hypothetical']);
    assert.deepEqual(one('Should she notice any bleeding, stop warfarin.', 'bleeding'), ['hypothetical']);
  });

  it('family (experiencer other than the patient): before and after the relative', () => {
    assert.deepEqual(one('Mother had breast cancer.', 'breast cancer'), ['family']);
    assert.deepEqual(one('Colon cancer in her sister.', 'Colon cancer'), ['family']);
    assert.deepEqual(one('Family history of diabetes.', 'diabetes'), ['family']);
    // Both: the relative's condition is negated.
    assert.deepEqual(one('No family history of coronary artery disease.', 'coronary artery disease'), ['negated', 'family']);
  });

  it('affirmed mentions have every status false and no assertion detail', () => {
    const [m] = markAssertions('Patient has diabetes.', [at('Patient has diabetes.', 'diabetes')]);
    for (const s of ASSERTION_STATUSES) assert.equal(m[s], false, s);
    assert.equal(m.uncertain, false);
    assert.equal(m.assertion, undefined);
  });

  it('possible after the finding ("Pneumonia is likely.", "PE felt to be unlikely.") and "Doubt PE"; a likely cause after a comma leaves the finding before it', () => {
    assert.deepEqual(one('Pneumonia is likely.', 'Pneumonia'), ['possible']);
    assert.deepEqual(one('Pulmonary embolism felt to be unlikely.', 'Pulmonary embolism'), ['possible']);
    assert.deepEqual(one('Sepsis was doubtful on admission.', 'Sepsis'), ['possible']);
    assert.deepEqual(one('Doubt pulmonary embolism.', 'pulmonary embolism'), ['possible']);
    // The cue alone at the sentence's end.
    assert.deepEqual(one('Pneumonia likely.', 'Pneumonia'), ['possible']);
    assert.deepEqual(one('Sepsis suspected.', 'Sepsis'), ['possible']);
    assert.deepEqual(one('Pulmonary embolism doubtful.', 'Pulmonary embolism'), ['possible']);
    // A cause the finding is likely due to is what is possible, not the finding.
    assert.deepEqual(one('Dyspnea is likely due to heart failure.', 'heart failure'), ['possible']);
    assert.deepEqual(one('Dyspnea is likely due to heart failure.', 'Dyspnea'), []);
    assert.deepEqual(one('There is no doubt the fracture healed.', 'fracture'), []);
    assert.deepEqual(one('Cough improved, likely viral.', 'Cough'), []);
  });

  it("in a note typed in lower case, negation ends at the full stop of a word; not at an abbreviation's", () => {
    assert.deepEqual(one('no chest pain. palpitations for two days.', 'palpitations'), []);
    assert.deepEqual(one('no chest pain. palpitations for two days.', 'chest pain'), ['negated']);
    assert.deepEqual(one('subjective: no fever. cough improving.', 'cough'), []);
    // A dotted or known abbreviation is no sentence's end.
    assert.deepEqual(one('no meds p.o. overnight or iv fluids.', 'iv fluids'), ['negated']);
    assert.deepEqual(one('denies dizziness, approx. headache once.', 'headache'), ['negated']);
  });

  it('uncertain is kept as an alias of possible', () => {
    const s = 'Possible pneumonia; no effusion.';
    const [p, e] = markAssertions(s, [at(s, 'pneumonia'), at(s, 'effusion')]);
    assert.deepEqual([p.possible, p.uncertain, e.possible, e.uncertain], [true, true, false, false]);
  });

  it('each status carries the trigger as written, the nearest one', () => {
    assert.deepEqual(cue('He DENIED chest pain.', 'chest pain', 'negated'), { by: 'trigger', text: 'DENIED' });
    assert.deepEqual(cue('No fever, denies chills.', 'chills', 'negated'), { by: 'trigger', text: 'denies' });
    assert.deepEqual(cue('Lesion suspicious for malignancy.', 'malignancy', 'possible'), { by: 'trigger', text: 'suspicious for' });
  });
});

describe('assertion (ConText): scope', () => {
  it('ends at a conjunction that changes topic: but, however, although, except', () => {
    assert.deepEqual(statuses('Denies chest pain but reports dyspnea.', ['chest pain', 'dyspnea']), { 'chest pain': ['negated'], dyspnea: [] });
    assert.deepEqual(statuses('No fever, however cough persists.', ['fever', 'cough']), { fever: ['negated'], cough: [] });
    assert.deepEqual(statuses('No rash although pruritus continues.', ['rash', 'pruritus']), { rash: ['negated'], pruritus: [] });
    assert.deepEqual(statuses('Denies symptoms except nausea.', ['nausea']), { nausea: [] });
  });

  it('covers a list after a forward trigger, and stops at a semicolon or a full stop before a new sentence', () => {
    assert.deepEqual(statuses('Denies fever, chills or night sweats.', ['fever', 'chills', 'night sweats']), {
      fever: ['negated'],
      chills: ['negated'],
      'night sweats': ['negated'],
    });
    assert.deepEqual(one('No nausea; vomiting since morning.', 'vomiting'), []);
    assert.deepEqual(one('No rash. Headache present.', 'Headache'), []);
    // A full stop inside an abbreviation does not end it.
    assert.deepEqual(one('No aspirin p.o. since bleeding.', 'bleeding'), ['negated']);
  });

  it('ends after the window (8 words by default)', () => {
    assert.deepEqual(one('No sign at all of rash.', 'rash'), ['negated']);
    assert.deepEqual(one('No complaints were voiced by the patient or her family about rash.', 'rash'), []);
  });

  it('category terminations: "now presents" ends a history, "he" ends a relative\'s scope', () => {
    assert.deepEqual(statuses('History of stroke, now presents with chest pain.', ['stroke', 'chest pain']), { stroke: ['historical'], 'chest pain': [] });
    assert.deepEqual(statuses('His brother has diabetes and he has asthma.', ['diabetes', 'asthma']), { diabetes: ['family'], asthma: [] });
  });

  it('a forward trigger after a mention does not reach back to it', () => {
    assert.deepEqual(statuses('Fever, no cough.', ['Fever', 'cough']), { Fever: [], cough: ['negated'] });
  });

  it('findTriggers: the token range of each scope', () => {
    const [t] = findTriggers('Denies fever but reports cough.');
    assert.deepEqual([t.category, t.text, t.first, t.last, t.from, t.to], ['negated', 'Denies', 0, 0, 0, 2]);
  });
});

describe('assertion (ConText): pseudo-triggers', () => {
  it('no increase, not only, gram negative, without difficulty trigger nothing', () => {
    assert.deepEqual(one('No increase in edema.', 'edema'), []);
    assert.deepEqual(one('Not only fatigue but also weight loss.', 'fatigue'), []);
    assert.deepEqual(one('Gram-negative bacteremia was treated.', 'bacteremia'), []);
    assert.deepEqual(one('Gram negative rods in the urine.', 'rods'), []);
    assert.deepEqual(statuses('Walks without difficulty and without dyspnea.', ['difficulty', 'dyspnea']), { difficulty: [], dyspnea: ['negated'] });
  });

  it('"not ruled out" is possible, never negated', () => {
    assert.deepEqual(one('MI not ruled out.', 'MI'), ['possible']);
    assert.deepEqual(one('Myocardial infarction has not been ruled out.', 'Myocardial infarction'), ['possible']);
  });

  it('history of present illness, ages, recent durations and informants are no triggers', () => {
    assert.deepEqual(one('History of present illness: chest pain since morning.', 'chest pain'), []);
    assert.deepEqual(one('A 45-year-old man with chest pain.', 'chest pain'), []);
    assert.deepEqual(one('Headache for the past three days.', 'Headache'), []);
    assert.deepEqual(one('Per mother, the child has had fever since yesterday.', 'fever'), []);
    assert.deepEqual(one('She may be discharged once pain is controlled.', 'pain'), []);
  });
});

describe('assertion (ConText): section context', () => {
  it('Past Medical History makes an entity historical, with the section as its cue', () => {
    const s = 'Diabetes mellitus type 2.';
    assert.deepEqual(one(s, 'Diabetes mellitus', { section: 'past medical history' }), ['historical']);
    assert.deepEqual(cue(s, 'Diabetes mellitus', 'historical', { section: 'past medical history' }), { by: 'section', text: 'Past Medical History' });
    assert.deepEqual(one(s, 'Diabetes mellitus', { section: 'pmh' }), ['historical']);
    assert.deepEqual(one(s, 'Diabetes mellitus'), [], 'the same sentence outside the section');
    assert.deepEqual(one(s, 'Diabetes mellitus', { section: 'hospital course' }), []);
  });

  it("a section is known by the canonical section its header names (the section vocabulary's spellings)", () => {
    const s = 'Diabetes mellitus type 2.';
    for (const section of ['past medical hx', 'significant past medical history', 'past surgical hx'])
      assert.deepEqual(one(s, 'Diabetes mellitus', { section }), ['historical'], section);
    assert.deepEqual(one('Breast cancer at 52.', 'Breast cancer', { section: 'fam hx' }), ['family']);
    assert.deepEqual(one(s, 'Diabetes mellitus', { section: 'interval history' }), [], 'what happened since the last visit is not past history');
  });

  it("a note's problem list in capitals is historical by its section; a section name alone ends Family History", () => {
    const note = 'Past Medical History:\nCOPD\nCAD\n\nFamily History: Mother with breast cancer.\n\nPhysical Exam\nMurmur present.\n';
    const statuses = segment(note)
      .filter((s) => s.kind === 'sentence')
      .map((s) => {
        const word = s.text.split(' ')[0];
        const text = word === 'Mother' ? 'breast cancer' : word;
        return [text, one(s.text, text, { section: s.section })];
      });
    assert.deepEqual(statuses, [
      ['COPD', ['historical']],
      ['CAD', ['historical']],
      ['breast cancer', ['family']],
      ['Murmur', []],
    ]);
  });

  it("Family History makes an entity another person's; a trigger stays its cue", () => {
    assert.deepEqual(one('Breast cancer at 52.', 'Breast cancer', { section: 'family history' }), ['family']);
    assert.deepEqual(cue('Colon cancer in sister.', 'Colon cancer', 'family', { section: 'family history' }), { by: 'trigger', text: 'sister' });
  });

  // An allergy, like social history, is a standing fact of the record (historical); triggers still apply.
  it('Allergies: historical by the section; triggers still apply', () => {
    assert.deepEqual(one('Penicillin causes hives.', 'hives', { section: 'allergies' }), ['historical']);
    assert.deepEqual(cue('Penicillin causes hives.', 'hives', 'historical', { section: 'allergies' }), { by: 'section', text: 'Allergies' });
    assert.deepEqual(one('No known drug allergies.', 'drug allergies', { section: 'allergies' }), ['negated', 'historical']);
  });

  it('section titles for hovers', () => {
    assert.equal(sectionTitle('family history'), 'Family History');
    assert.equal(sectionTitle('pmh'), 'PMH');
    assert.equal(sectionTitle('allergies and adverse reactions'), 'Allergies and Adverse Reactions');
  });
});

describe('assertion (ConText): placeholders and capitals', () => {
  it('de-identification placeholders are one word and never a trigger', () => {
    assert.deepEqual(one('[**Name**] denies fever.', 'fever'), ['negated']);
    assert.deepEqual(one('***NAME*** denies cough.', 'cough'), ['negated']);
    assert.deepEqual(one('[NAME] had no [**Hospital 123**] fracture.', 'fracture'), ['negated']);
    // Words inside a placeholder are not triggers.
    assert.deepEqual(one('Seen by [**Doctor No History**] for pneumonia.', 'pneumonia'), []);
    assert.deepEqual(one('Seen by [**Doctor**] for possible pneumonia.', 'pneumonia'), ['possible']);
  });

  it('ALL-CAPITALS text reads like any other', () => {
    assert.deepEqual(one('PATIENT DENIES SHORTNESS OF BREATH.', 'SHORTNESS OF BREATH'), ['negated']);
    assert.deepEqual(one('HISTORY OF CVA IN 2012.', 'CVA'), ['historical']);
    assert.deepEqual(one('MOTHER WITH BREAST CANCER.', 'BREAST CANCER'), ['family']);
    assert.deepEqual(one('The patient denies CHEST PAIN.', 'CHEST PAIN'), ['negated']);
  });

  it('CRLF and emoji: the trigger text is sliced at exact offsets', () => {
    const s = '😀 Denies chest\r\npain.';
    const [m] = markAssertions(s, [{ start: s.indexOf('chest'), end: s.indexOf('.'), type: 'problem', text: 'chest\r\npain' }]);
    assert.equal(m.negated, true);
    assert.deepEqual(m.assertion?.triggers.negated, { by: 'trigger', text: 'Denies' });
  });
});

describe('assertion: settings and terms', () => {
  it('enabled false: no statuses at all, offsets kept', () => {
    const s = 'Denies chest pain.';
    const [m] = markAssertions(s, [at(s, 'chest pain')], { enabled: false });
    assert.deepEqual(m, at(s, 'chest pain'));
  });

  it('the default terms are compiled once', () => {
    assert.equal(defaultTerms(), defaultTerms());
    assert.ok(defaultTerms().size > 300);
  });

  it('extra terms are merged: new triggers, a window, removed terms', () => {
    const { terms, error } = termsFromText(
      JSON.stringify({ window: 3, categories: { negated: { forward: ['rules against'] }, possible: { backward: ['on the differential'] } }, remove: ['may'] }),
      'extra.json',
    );
    assert.equal(error, undefined);
    assert.deepEqual(one('Exam rules against appendicitis.', 'appendicitis', { terms }), ['negated']);
    assert.deepEqual(one('Exam rules against appendicitis.', 'appendicitis'), [], 'not a default trigger');
    assert.deepEqual(one('Lupus is on the differential.', 'Lupus', { terms }), ['possible']);
    assert.deepEqual(one('May have pneumonia.', 'pneumonia', { terms }), []);
    assert.deepEqual(one('May have pneumonia.', 'pneumonia'), ['possible']);
    // window 3: "No sign at all of rash" puts rash 5 words away.
    assert.deepEqual(one('No sign at all of rash.', 'rash', { terms }), []);
    // The defaults stay.
    assert.deepEqual(one('Denies fever.', 'fever', { terms }), ['negated']);
  });

  it('extra sections: a named section becomes historical', () => {
    const { terms } = termsFromText(JSON.stringify({ sections: { historical: ['Prior Problems'] } }), 'x');
    assert.deepEqual(one('Gout.', 'Gout', { terms, section: 'prior problems' }), ['historical']);
  });

  it('a bad terms file gives the defaults and a clear message, never a throw', () => {
    const cases: [string, RegExp][] = [
      ['{ "categories": ', /x\.json is not valid JSON/],
      ['[1, 2]', /x\.json: it is not a JSON object/],
      [
        '{"categories": {"negation": {"forward": ["nope"]}}}',
        /categories\.negation is not a ConText category \(negated, possible, historical, hypothetical, family\)/,
      ],
      ['{"categories": {"negated": {"forward": [1]}}}', /categories\.negated\.forward must be a list of strings/],
      ['{"categories": {"negated": {"forwards": []}}}', /categories\.negated\.forwards is not a list of the layout/],
      ['{"window": 0}', /window must be a whole number from 1 to 100/],
      ['{"sections": {"past": []}}', /sections\.past is not one of historical, family, asWritten/],
      ['{"triggers": []}', /"triggers" is not a field of the terms layout/],
    ];
    for (const [text, says] of cases) {
      const r = termsFromText(text, 'x.json');
      assert.match(r.error ?? '', says, text);
      assert.match(r.error ?? '', /the default assertion terms are used/);
      assert.equal(r.terms, defaultTerms());
    }
  });

  it('a terms file that cannot be used is never quoted: a parse error says where, a schema error names the key path', () => {
    // Any local file could be named: its text must not reach a hover.
    const secret = 'Ann Lee MRN 4471923 sk-proj-Abc123Def456';
    const cases: [string, string][] = [
      [`${secret}\nmore`, 'x.json is not valid JSON at line 1 column 1; the default assertion terms are used.'],
      [`{\n  "window": 3,\n  "remove": [${secret}]\n}`, 'x.json is not valid JSON at line 3 column 14; the default assertion terms are used.'],
      [`{"remove": ["${secret}"`, `x.json is not valid JSON at line 1 column ${`{"remove": ["${secret}"`.length + 1}; the default assertion terms are used.`],
      [`{"a": "\\q ${secret}"}`, 'x.json is not valid JSON at line 1 column 9; the default assertion terms are used.'],
      [
        `{"${secret}": 1}`,
        'x.json: "(a key)" is not a field of the terms layout (window, termination, categories, sections, conditions, background, listEnds, remove); the default assertion terms are used.',
      ],
      [
        `{"categories": {"${secret}": {}}}`,
        'x.json: categories.(a key) is not a ConText category (negated, possible, historical, hypothetical, family); the default assertion terms are used.',
      ],
      [`{"window": "${secret}"}`, 'x.json: window must be a whole number from 1 to 100; the default assertion terms are used.'],
      [`{"remove": ["ok", {"${secret}": "${secret}"}]}`, 'x.json: remove must be a list of strings; the default assertion terms are used.'],
    ];
    for (const [text, says] of cases) {
      const r = termsFromText(text, 'x.json');
      assert.equal(r.error, says, text);
      for (const piece of ['Ann', '4471923', 'sk-proj']) assert.ok(!r.error?.includes(piece), r.error);
    }
    // A byte order mark is not counted as a column.
    assert.equal(termsFromText('\ufeff{,}', 'x.json').error, 'x.json is not valid JSON at line 1 column 2; the default assertion terms are used.');
    // Every text JSON.parse refuses has a position; every text it takes has none.
    for (const text of [
      '',
      ' ',
      '{',
      '{"a":1,}',
      '[1,]',
      '01',
      '1.',
      '-',
      '"\\u12"',
      '"a\u0001"',
      'tru',
      '{"a" 1}',
      '[1 2]',
      '"\n\t"',
      '{"a":[1,{"b":null}],"c":-1.5e+3}',
    ]) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      assert.equal(jsonErrorOffset(text) === undefined, valid, JSON.stringify(text));
    }
  });

  it('loadTerms: a missing file is reported; a file is read again when it changes', () => {
    const missing = loadTerms(path.join(os.tmpdir(), 'biomed-no-such-terms.json'));
    assert.match(
      missing.error ?? '',
      /biomedNlp\.assertion\.extraTermsFile .*biomed-no-such-terms\.json does not exist; the default assertion terms are used\./,
    );
    assert.equal(loadTerms('').error, undefined);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-terms-'));
    try {
      const file = path.join(dir, 'extra.json');
      fs.writeFileSync(file, JSON.stringify({ categories: { negated: { forward: ['rules against'] } } }));
      const first = loadTerms(file);
      assert.equal(first.error, undefined);
      assert.equal(loadTerms(file), first, 'unchanged: the same compiled terms');
      assert.deepEqual(one('Exam rules against appendicitis.', 'appendicitis', { terms: first.terms }), ['negated']);
      fs.writeFileSync(file, '{ broken');
      fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
      assert.match(loadTerms(file).error ?? '', /is not valid JSON/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('terms serialise as a digest: equal terms equal, a changed term of the same count differs', () => {
    const a = termsFromText(JSON.stringify({ categories: { negated: { forward: ['rules against'] } } }), 'a').terms;
    const b = termsFromText(JSON.stringify({ categories: { negated: { forward: ['rules against'] } } }), 'b').terms;
    const c = termsFromText(JSON.stringify({ categories: { negated: { forward: ['argues against'] } } }), 'c').terms;
    assert.equal(a.size, c.size);
    assert.equal(JSON.stringify({ terms: a }), JSON.stringify({ terms: b }));
    assert.notEqual(JSON.stringify({ terms: a }), JSON.stringify({ terms: c }));
    assert.notEqual(JSON.stringify(a), JSON.stringify(defaultTerms()));
  });

  it('compileTerms: a term listed for two categories triggers both', () => {
    const terms = compileTerms({ categories: { negated: { forward: ['never had'] }, historical: { forward: ['never had'] } } });
    assert.deepEqual(one('Never had surgery.', 'surgery', { terms }), ['negated', 'historical']);
  });
});

describe('assertion: rules+model', () => {
  const s = 'Denies chest pain.';
  const withModel = (modelStatuses: AssertionStatus[] | undefined) =>
    markAssertions(s, [{ ...at(s, 'chest pain'), ...(modelStatuses ? { modelStatuses } : {}) }], { source: 'rules+model' })[0];

  it('a status the model confirms stands, and the detail says the model confirmed it', () => {
    const m = withModel(['negated']);
    assert.equal(m.negated, true);
    assert.deepEqual(m.assertion, { triggers: { negated: { by: 'trigger', text: 'Denies' } }, source: 'rules', confirmed: true });
    assert.equal(m.modelStatuses, undefined, "the model's raw answer is not kept on the result");
  });

  it('a status the model does not confirm is dropped: the model decided', () => {
    const m = withModel([]);
    assert.equal(m.negated, false);
    assert.deepEqual(m.assertion, { triggers: {}, source: 'model', overruled: { negated: { by: 'trigger', text: 'Denies' } } });
  });

  it('the model adds no status the rules did not mark; without its answer the rules decide', () => {
    assert.equal(withModel(['negated', 'family']).family, false);
    assert.deepEqual(withModel(undefined).assertion, { triggers: { negated: { by: 'trigger', text: 'Denies' } }, source: 'rules' });
    // Under source rules the model's answer is ignored.
    const rulesOnly = markAssertions(s, [{ ...at(s, 'chest pain'), modelStatuses: [] }], { source: 'rules' })[0];
    assert.equal(rulesOnly.negated, true);
  });

  it('the json profile asks for statuses in the entity request only when told to, and reads them', () => {
    const plain = new JsonProfile();
    const asking = new JsonProfile({ assertionStatuses: true });
    assert.notEqual(plain.promptVersion, asking.promptVersion, 'cached answers of the two layouts never mix');
    const group = asking.nerGroups(['problem'])[0];
    const req = asking.nerRequest(s, group);
    assert.equal(req.kind, 'chat');
    if (req.kind !== 'chat') return;
    assert.deepEqual(req.format, nerSchema(['problem'], true));
    assert.deepEqual((nerSchema(['problem'], true) as SchemaNode).properties.entities.items.required, ['text', 'type', 'statuses']);
    assert.match(req.messages[0].content, /"statuses"/);
    const plainReq = plain.nerRequest(s, group);
    assert.ok(plainReq.kind === 'chat' && !plainReq.messages[0].content.includes('statuses'));
    const answer = (text: string) => ({ text, doneReason: 'stop', promptTokens: 1, evalTokens: 1, evalMs: 1 });
    const json = JSON.stringify({ entities: [{ text: 'chest pain', type: 'problem', statuses: ['Negated', 'other', 'bogus'] }] });
    assert.deepEqual(asking.parseNer(s, group, answer(json)).mentions[0].modelStatuses, ['negated', 'family']);
    assert.equal(plain.parseNer(s, group, answer(json)).mentions[0].modelStatuses, undefined);
    const none = JSON.stringify({ entities: [{ text: 'chest pain', type: 'problem' }] });
    assert.equal(asking.parseNer(s, group, answer(none)).mentions[0].modelStatuses, undefined, 'no answer: the rules decide');
  });
});

describe('assertion: offsets never move (property)', () => {
  const words = [
    'no',
    'denies',
    'fever',
    'chest',
    'pain',
    'but',
    'history',
    'of',
    'mother',
    'if',
    'possible',
    'not',
    'ruled',
    'out',
    'gram',
    '-',
    'negative',
    '.',
    ';',
    ',',
    'NO',
    'DENIES',
    'PMH',
    's/p',
    '45',
    'year',
    'old',
    '[**Name**]',
    '***NAME***',
    '[NAME]',
    '😀',
    '𝐀',
    'é',
    '\r\n',
    '\n',
    '  ',
    'return',
    'for',
    'call',
    'Family',
    'History',
    'as',
    'needed',
    '(',
    ')',
  ];
  const sentenceArb = fc.array(fc.constantFrom(...words), { minLength: 0, maxLength: 30 }).map((ws) => ws.join(' '));
  const caseArb = sentenceArb.chain((sentence) =>
    fc.record({
      sentence: fc.constant(sentence),
      spans: fc.array(fc.tuple(fc.nat({ max: sentence.length }), fc.nat({ max: sentence.length })), { maxLength: 6 }),
      section: fc.constantFrom(undefined, 'past medical history', 'family history', 'allergies', 'plan'),
      source: fc.constantFrom<'rules' | 'rules+model'>('rules', 'rules+model'),
      model: fc.option(fc.subarray([...ASSERTION_STATUSES]), { nil: undefined }),
    }),
  );

  it('every mention keeps its start, end, type and text; statuses are booleans; possible equals uncertain', () => {
    fc.assert(
      fc.property(caseArb, ({ sentence, spans, section, source, model }) => {
        const mentions: Mention[] = spans.map(([a, b]) => {
          const start = Math.min(a, b);
          const end = Math.max(a, b);
          return { start, end, type: 'problem', text: sentence.slice(start, end), ...(model ? { modelStatuses: model } : {}) };
        });
        const out = markAssertions(sentence, mentions, { section, source });
        assert.equal(out.length, mentions.length);
        out.forEach((m, i) => {
          assert.deepEqual([m.start, m.end, m.type, m.text], [mentions[i].start, mentions[i].end, mentions[i].type, mentions[i].text]);
          assert.equal(sentence.slice(m.start, m.end), m.text);
          for (const s of ASSERTION_STATUSES) assert.equal(typeof m[s], 'boolean');
          assert.equal(m.possible, m.uncertain);
          // Every status that is set has its cue, and the cue of a trigger is text of the sentence.
          for (const s of ASSERTION_STATUSES) {
            const c = m.assertion?.triggers[s];
            assert.equal(!!c, m[s], s);
            if (c?.by === 'trigger') assert.ok(sentence.includes(c.text), c.text);
          }
        });
        assert.deepEqual(markAssertions(sentence, mentions, { section, source }), out, 'deterministic');
      }),
      { numRuns: 500 },
    );
  });
});

describe('formats: context-tsv', () => {
  it('locates the condition case-insensitively, whitespace normalised, preferring an occurrence in capitals', () => {
    assert.deepEqual(locateCondition('Pain now; no CHEST  PAIN before.', 'chest pain'), { start: 13, end: 24 });
    assert.deepEqual(locateCondition('chest pain and Chest pain', 'CHEST PAIN'), { start: 0, end: 10 });
    assert.deepEqual(locateCondition('ALL CAPS CHEST PAIN AND CHEST PAIN', 'chest pain'), { start: 9, end: 19 }, 'all capitals: the first');
    assert.equal(locateCondition('no such thing', 'fever'), undefined);
  });

  it('reads columns by header name, skips and counts bad rows', () => {
    const tsv = [
      'Sentence\tID\tCondition\tExperiencer\tNegation\tTemporality',
      'No FEVER.\t1\tfever\tPatient\tNegated\tRecent',
      'Mother had CANCER.\t2\tcancer\tFamily member\tAffirmed\tNot particular',
      'Cough.\t3\tfever\tPatient\tAffirmed\tRecent',
      'Cough.\t4\tcough\tPatient\tMaybe\tRecent',
      'short\t5',
    ].join('\r\n');
    const r = parseContextTsv(tsv);
    assert.deepEqual(
      r.rows.map((x) => [x.id, x.start, x.end, x.negation, x.temporality, x.experiencer]),
      [
        ['1', 3, 8, 'negated', 'recent', 'patient'],
        ['2', 11, 17, 'affirmed', 'hypothetical', 'other'],
      ],
    );
    assert.deepEqual(r.skips, { 'unlocated condition': 1, 'unknown value': 1, 'missing field': 1 });
  });
});
