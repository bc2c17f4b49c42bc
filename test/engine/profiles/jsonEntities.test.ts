/**
 * Entity answers of the json layout in the shapes models write without a schema
 * (engine/profiles/jsonEntities.ts), read through JsonProfile.parseNer: other key names,
 * entities grouped by type, pairs, tables, lists, bare keys, types in the model's own words.
 * Answers written for this project; every mention lands at its exact offsets.
 */
import * as assert from 'node:assert/strict';
import { JsonProfile } from '../../../server/src/engine/profiles/json';
import { entityTypeFor } from '../../../server/src/engine/profiles/jsonEntities';
import { NerGroup } from '../../../server/src/engine/profiles/profile';
import { CLINICAL_TYPES, ModelAnswer } from '../../../server/src/engine/types';

const CLINICAL: NerGroup = { id: 'problem+test+treatment', types: CLINICAL_TYPES };
const SENTENCE = 'A chest CT showed a pulmonary embolism, so heparin was started.';
const GOLD = [
  ['A chest CT', 'test'],
  ['a pulmonary embolism', 'problem'],
  ['heparin', 'treatment'],
];

function parsed(answer: string, sentence = SENTENCE, group = CLINICAL): string[][] {
  const ans: ModelAnswer = { text: answer, doneReason: 'stop', promptTokens: 1, evalTokens: 1, evalMs: 1 };
  const r = new JsonProfile().parseNer(sentence, group, ans);
  for (const m of r.mentions) assert.equal(m.text, sentence.slice(m.start, m.end));
  return r.mentions.map((m) => [m.text, m.type]);
}

describe('json entity answers in the shapes models write', () => {
  it('other key names for the text, the type and the list', () => {
    const entities = GOLD.map(([name, category]) => ({ name, category }));
    assert.deepEqual(parsed(JSON.stringify({ entities })), GOLD);
    assert.deepEqual(parsed(JSON.stringify({ results: GOLD.map(([text, type]) => ({ text, type })) })), GOLD);
  });

  it('entities grouped by type, at the top or under "entities", as strings or objects', () => {
    assert.deepEqual(parsed('{"test": ["A chest CT"], "problem": ["a pulmonary embolism"], "treatment": ["heparin"]}'), GOLD);
    assert.deepEqual(parsed('{"entities": {"problem": [{"text": "a pulmonary embolism"}], "treatment": [{"text": "heparin"}], "test": []}}'), GOLD.slice(1));
  });

  it('pairs, a markdown table, a bulleted or numbered list, bare keys', () => {
    assert.deepEqual(parsed(JSON.stringify(GOLD)), GOLD);
    assert.deepEqual(parsed('| Entity | Type |\n|---|---|\n| A chest CT | Test |\n| a pulmonary embolism | Problem |\n| heparin | Treatment |'), GOLD);
    assert.deepEqual(parsed('Entities:\n- A chest CT (test)\n- a pulmonary embolism (problem)\n- heparin (treatment)'), GOLD);
    assert.deepEqual(parsed('1. A chest CT: test\n2. a pulmonary embolism: problem\n3. heparin: treatment'), GOLD);
    assert.deepEqual(parsed('{entities: [{text: "heparin", type: "treatment"}]}'), [['heparin', 'treatment']]);
  });

  it("types in the model's own words, by the type asked", () => {
    const entities = [
      { text: 'A chest CT', type: 'Imaging' },
      { text: 'a pulmonary embolism', type: 'Diagnosis' },
      { text: 'heparin', type: 'Treatment/Medication' },
    ];
    assert.deepEqual(parsed(JSON.stringify({ entities })), GOLD);
    assert.equal(entityTypeFor('lab tests', CLINICAL_TYPES), 'test');
    assert.equal(entityTypeFor('Symptoms', CLINICAL_TYPES), 'problem');
    assert.equal(entityTypeFor('drug', CLINICAL_TYPES), 'treatment');
    assert.equal(entityTypeFor('disease', ['disease']), 'disease', 'a type asked is itself');
    assert.equal(entityTypeFor('disease', CLINICAL_TYPES), 'problem', 'a disease is a problem where diseases are not asked');
    assert.equal(entityTypeFor('drug', ['chemical']), undefined, 'no word stands for a type that is not asked');
    assert.equal(entityTypeFor('anatomy', CLINICAL_TYPES), undefined);
  });

  it('punctuation the model added to a surface: found without it when the note does not hold it', () => {
    const sentence = 'Labs showed anemia and thrombocytopenia on admission.';
    const answer = JSON.stringify({
      entities: [
        { text: 'anemia,', type: 'problem' },
        { text: 'Thrombocytopenia.', type: 'problem' },
      ],
    });
    assert.deepEqual(parsed(answer, sentence), [
      ['anemia', 'problem'],
      ['thrombocytopenia', 'problem'],
    ]);
    // At the end of the sentence the full stop is in the note: the entity is the word.
    assert.deepEqual(parsed('{"entities": [{"text": "admission.", "type": "problem"}]}', sentence), [['admission', 'problem']]);
  });
});
