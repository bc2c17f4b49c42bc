/** Concept IDs written SOURCE:CODE, whatever way a vocabulary or corpus writes them. */
import * as assert from 'node:assert/strict';
import { normaliseId, sabPrefix } from '../../../../server/src/engine/linking/vocab/ids';

describe('concept IDs', () => {
  it('gives a bare MeSH code MESH:, a bare CUI UMLS:, a bare number OMIM:', () => {
    assert.equal(normaliseId('D001281'), 'MESH:D001281');
    assert.equal(normaliseId('C567755'), 'MESH:C567755');
    assert.equal(normaliseId('C000589657'), 'MESH:C000589657', 'a nine-digit supplementary concept');
    assert.equal(normaliseId('C0004238'), 'UMLS:C0004238', 'C and seven digits is a CUI');
    assert.equal(normaliseId('613097'), 'OMIM:613097');
    assert.equal(normaliseId(' d001281 '), 'MESH:D001281');
  });

  it('writes a known prefix one way and keeps others as written', () => {
    assert.equal(normaliseId('mesh:D001281'), 'MESH:D001281');
    assert.equal(normaliseId('MSH:D001281'), 'MESH:D001281');
    assert.equal(normaliseId('MIM:613097'), 'OMIM:613097');
    assert.equal(normaliseId('SNOMEDCT_US:49436004'), 'SNOMEDCT_US:49436004');
    assert.equal(normaliseId('RXNORM:11289'), 'RXNORM:11289');
    assert.equal(normaliseId('HP:0001250'), 'HP:0001250');
    assert.equal(normaliseId('DO:DOID:0060224'), 'DO:DOID:0060224');
  });

  it("keeps a bare number when told (a TSV's own codes)", () => {
    assert.equal(normaliseId('12345', 'keep'), '12345');
    assert.equal(normaliseId('LOCAL:1', 'keep'), 'LOCAL:1');
  });

  it('names UMLS sources by their usual prefixes', () => {
    assert.equal(sabPrefix('MSH'), 'MESH');
    assert.equal(sabPrefix('SNOMEDCT_US'), 'SNOMEDCT_US');
    assert.equal(sabPrefix('RXNORM'), 'RXNORM');
  });
});
