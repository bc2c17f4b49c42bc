/**
 * An approximate name meets the mention's head (linking/heads.ts), never only a qualifier, a
 * body site, a letter changed or a generic head. Names are given in `approxKey` form, as the
 * approximate search gives them.
 */
import * as assert from 'node:assert/strict';
import { headRule, meetsHead } from '../../../server/src/engine/linking/heads';
import { approxKey } from '../../../server/src/engine/linking/normalise';

const meets = (mention: string, name: string, close = false) => meetsHead(headRule(mention), approxKey(name), close);

describe('linking: an approximate name meets the head of the mention', () => {
  it('the head, not a shared qualifier or the word after a preposition', () => {
    assert.equal(meets('bilateral leg swelling', 'bilateral deafness'), false);
    assert.equal(meets('cardiac risk factors', 'cardiac tumor'), false);
    assert.equal(meets('cellulitis of the left leg', 'cellulitis'), true);
    assert.equal(meets('shortness of breath on exertion', 'shortness of breath', true), true);
  });

  it('after a generic head the word before it; after a general head either', () => {
    assert.equal(meets('hypoglycemic episodes', 'episodic ataxia'), false);
    assert.equal(meets('hypoglycemic episodes', 'hypoglycemia'), true);
    assert.equal(meets('glomerular lesions', 'glomerular injury'), true);
  });

  it('a body site needs the word that says what is wrong with it', () => {
    assert.equal(meets('swollen ankles', 'sprained ankle'), false);
    assert.equal(meets('leg ulcers', 'ulcer of leg'), true);
  });

  it('a letter changed or another ending only when the whole is close; a letter dropped always', () => {
    assert.equal(meets('palpitations', 'pulpitis'), false);
    assert.equal(meets('diaphoresis', 'diaphorase deficiency'), false);
    assert.equal(meets('heparn', 'heparin'), true);
  });

  it('adjectives alone take no name with another content word; the opposite direction never', () => {
    assert.equal(meets('febrile', 'febrile seizures', true), false);
    assert.equal(meets('elevated blood pressure', 'low blood pressure', true), false);
    assert.equal(meets('elevated blood pressure', 'high blood pressure', true), true);
  });

  it('two fifths of the words shared: one common word is not enough', () => {
    assert.equal(meets('cardiac risk factors', 'car factor deficiency'), false);
  });
});
