/**
 * When an approximate candidate shares meaning with the mention (linking/sharedWords.ts): the
 * words it may never treat as one, and the forms of one word it must.
 */
import * as assert from 'node:assert/strict';
import { approxKey } from '../../../server/src/engine/linking/normalise';
import { sameWord, wordMatch } from '../../../server/src/engine/linking/sharedWords';

const match = (mention: string, name: string) => wordMatch(approxKey(mention), approxKey(name));

describe('linking: shared words between a mention and a candidate name', () => {
  it('letters in common are not a word in common', () => {
    assert.equal(match('ptosis', 'Wandering Spleen').shares, false);
    assert.equal(match('easy bruising', 'Bruxism').shares, false);
    assert.equal(match('hypertension', 'Hypotension').shares, false);
    assert.equal(match('metformin', 'Aspirin').shares, false);
    // Numbers and single letters say nothing: "type 2" is not a match for "C2 deficiency".
    assert.equal(match('type 2 x', 'complement 2 y').shares, false);
  });

  it('one word in its forms: stems, level-5 readings, prefixes, misspellings, a long common start', () => {
    assert.ok(sameWord('carcinoma', 'tumor'), 'tumour words read as one');
    assert.ok(sameWord('renal', 'kidne'), "an organ's adjective is the organ");
    assert.ok(sameWord('olfact', 'olfactor'), 'one the start of the other');
    assert.ok(sameWord('heparin', 'heparn'), 'a letter dropped');
    assert.ok(sameWord('adenoviru', 'adenovirida'), 'most of the shorter is their common start');
    assert.ok(!sameWord('cardiomyopathi', 'cardiovascular'), 'a shared prefix that is a small part of the word');
  });

  it('the head word and generic words: "disease" alone is a weaker match than the word that names it', () => {
    const viral = match('adenovirus disease', 'Virus Diseases');
    assert.deepEqual([viral.shares, viral.specific], [true, false]);
    const adeno = match('adenovirus disease', 'Adenoviridae Infections');
    assert.deepEqual([adeno.shares, adeno.specific, adeno.head], [true, true, false]);
    assert.equal(match('nonocular tumors', 'nonocular').head, false);
    assert.equal(match('nonocular tumors', 'Neoplasms').head, true);
  });
});
