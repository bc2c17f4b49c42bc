/**
 * The label a model chose, read from prose as general models write it
 * (engine/tasks/answerLabels.ts): other forms of a label, the answer after the reasoning,
 * labels rejected or hedged, scores per label, relation descriptions. Answers written for
 * this project in the ways 7B models answer.
 */
import * as assert from 'node:assert/strict';
import { matchLabel, matchNliLabel } from '../../../server/src/engine/tasks/answerLabels';

const CLINICAL = ['TrIP', 'TrWP', 'TrCP', 'TrAP', 'TrNAP', 'TeRP', 'TeCP', 'PIP', 'No Relations'];

describe('answer labels: NLI', () => {
  it('other forms of a label: verbs, participles, "contradictory", "neither ... nor ..."', () => {
    assert.equal(matchNliLabel('Sentence 1 contradicts sentence 2.'), 'contradiction');
    assert.equal(matchNliLabel('The second sentence is entailed by the first.'), 'entailment');
    assert.equal(matchNliLabel('Verdict - contradictory'), 'contradiction');
    assert.equal(matchNliLabel('It is neither entailment nor contradiction.'), 'neutral');
  });

  it('a label said to be the answer wins over labels the reasoning names before it', () => {
    assert.equal(matchNliLabel('One might read a contradiction here, but the timing differs. Final answer: neutral'), 'neutral');
    assert.equal(matchNliLabel('Step 1: entailment needs the dose. Step 2: the dose is not given.\nThe label is **Neutral**.'), 'neutral');
  });

  it('a rejected label is no answer; the one kept is', () => {
    assert.equal(matchNliLabel('Not entailment: the first sentence says nothing of her diet. Neutral.'), 'neutral');
    assert.equal(matchNliLabel('There is no contradiction; the lactate of 4 implies the hypoperfusion, so it is entailed.'), 'entailment');
    assert.equal(matchNliLabel('The claim is *not* entailed; it is **contradicted** by the normal ejection fraction.'), 'contradiction');
    assert.equal(matchNliLabel('Not a contradiction.'), undefined);
  });

  it('the choices listed back, or a hedge between two, is no answer', () => {
    assert.equal(matchNliLabel('Entailment / Contradiction / Neutral'), undefined);
    assert.equal(matchNliLabel('Could be entailment or neutral depending on the timing of the culture.'), undefined);
    assert.equal(matchNliLabel('Either neutral or contradiction.'), undefined);
  });

  it('scores per label: the highest', () => {
    assert.equal(matchNliLabel('{"entailment": 0.10, "neutral": 0.15, "contradiction": 0.75}'), 'contradiction');
    assert.equal(matchNliLabel("{'entailment': .6, 'neutral': .3, 'contradiction': .1}"), 'entailment');
  });

  it('a label first and its reason after: the first', () => {
    assert.equal(matchNliLabel('Contradiction. If the potassium were normal this would be entailment, but it is 6.1.'), 'contradiction');
  });
});

describe('answer labels: relations', () => {
  it('a code wins; a rejected code is no answer; the answer after "Answer:" wins', () => {
    assert.equal(matchLabel('TeRP', CLINICAL), 'TeRP');
    assert.equal(matchLabel('It is not TrAP; the drug caused the rash. Answer: TrCP', CLINICAL), 'TrCP');
    assert.equal(matchLabel('Not TrIP.', CLINICAL), undefined);
  });

  it('a hedge between two codes is no answer', () => {
    assert.equal(matchLabel('TrAP or TrIP', CLINICAL), undefined);
    assert.equal(matchLabel('Possibly TrIP (it improved) or maybe TrAP (it was given for it); unclear.', CLINICAL), undefined);
  });

  it('the words that describe a label, among the labels allowed for the pair', () => {
    assert.equal(matchLabel('The treatment was administered for the problem.', CLINICAL), 'TrAP');
    assert.equal(matchLabel('Treatment is not administered because of the medical problem', CLINICAL), 'TrNAP');
    assert.equal(matchLabel('The test revealed the problem', ['TeRP', 'TeCP', 'No Relations']), 'TeRP');
    assert.equal(matchLabel('Test conducted to investigate the problem.', ['TeRP', 'TeCP', 'No Relations']), 'TeCP');
    assert.equal(matchLabel('None.', CLINICAL), 'No Relations');
    assert.equal(matchLabel('These two are unrelated.', CLINICAL), 'No Relations');
    // "reveals" names no label a treatment and a problem may have.
    assert.equal(matchLabel('The x-ray reveals it.', ['TrIP', 'TrAP', 'No Relations']), undefined);
  });
});
