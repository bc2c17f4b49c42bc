/**
 * The scoring rules of `biomed eval link` (eval/linking.ts): own and alternate IDs, `MESH:`
 * optional, bare numbers as OMIM, bare CUIs as UMLS, composites right only when every part is, `-1` counted
 * and left out, accuracy@5 from the candidates.
 */
import * as assert from 'node:assert/strict';
import { LinkedMention } from '../../../server/src/engine/formats/linkedMentions';
import { carries, linkPrecision, rightAt1, rightAt5, scoreLinks } from '../../../server/src/engine/eval/linking';
import { LinkedConcept, MentionLink } from '../../../server/src/engine/linking/linker';

const c = (id: string, altIds: string[] = []): LinkedConcept => ({ id, name: id, vocabulary: 'v', altIds, score: 1, method: 'exact' });
const gold = (ids: string[]): LinkedMention => ({ document: 'd', start: 0, end: 1, text: 'x', type: 'Disease', ids, composite: ids.length > 1 });
const link = (concepts: LinkedConcept[], candidates: LinkedConcept[][] = concepts.map((x) => [x])): MentionLink => ({
  concepts,
  method: concepts.length ? 'exact' : 'none',
  candidates,
});

describe('eval link: scoring', () => {
  it('a concept carries its own ID, an alternate ID, MESH: optional, bare numbers as OMIM', () => {
    const breast = c('OMIM:114480', ['MESH:D001943']);
    assert.equal(carries(breast, 'D001943'), true);
    assert.equal(carries(breast, 'MESH:D001943'), true);
    assert.equal(carries(breast, '114480'), true);
    assert.equal(carries(breast, 'OMIM:114480'), true);
    assert.equal(carries(breast, 'D010051'), false);
    assert.equal(carries(c('UMLS:C0004238', ['SNOMEDCT_US:49436004']), 'SNOMEDCT_US:49436004'), true, 'a UMLS source code');
  });

  it('gold IDs are read as the vocabulary writes its own (vocab/ids.ts): a bare CUI is UMLS, MSH: is MESH:, case folded', () => {
    const asthma = c('UMLS:C0004238', ['MESH:D001249']);
    assert.equal(carries(asthma, 'C0004238'), true, 'C and seven digits is a CUI, not a MeSH code');
    assert.equal(carries(asthma, 'MSH:D001249'), true);
    assert.equal(carries(asthma, 'd001249'), true);
    assert.equal(carries(c('MESH:C567755'), 'C567755'), true, 'C and six digits stays MeSH');
    assert.equal(rightAt1(gold(['C0004238']), link([asthma])), true);
  });

  it('a composite gold is right only when every part is, in any order, and no part is extra', () => {
    const both = gold(['D001943', 'D010051']);
    assert.equal(rightAt1(both, link([c('MESH:D010051'), c('MESH:D001943')])), true);
    assert.equal(rightAt1(both, link([c('MESH:D001943')])), false, 'one part missing');
    assert.equal(rightAt1(both, link([c('MESH:D001943'), c('MESH:D009369')])), false, 'one part wrong');
    assert.equal(rightAt1(gold(['D001943']), link([c('MESH:D001943'), c('MESH:D010051')])), false, 'a composite link for a single gold');
  });

  it('accuracy@5: the gold among the candidates; a composite needs each part there', () => {
    const g = gold(['D006973']);
    assert.equal(rightAt5(g, link([c('MESH:D000001')], [[c('MESH:D000001'), c('MESH:D006973')]])), true);
    assert.equal(rightAt5(g, link([c('MESH:D000001')], [[c('MESH:D000001'), c('MESH:D000002')]])), false);
    const both = gold(['D001943', 'D010051']);
    assert.equal(rightAt5(both, link([c('MESH:D001943'), c('MESH:D000003')], [[c('MESH:D001943')], [c('MESH:D000003'), c('MESH:D010051')]])), true);
  });

  it('mentions without a gold ID are counted and not scored; unlinked counts scored mentions with no concept, wrong those given a concept not right at 1', () => {
    const golds = [gold(['D1']), gold([]), gold(['D2']), gold(['D3'])];
    const links = [link([c('D1')]), link([c('D9')]), link([]), link([c('D9')], [[c('D9'), c('D3')]])];
    assert.deepEqual(scoreLinks(golds, links), { mentions: 4, scored: 3, accuracy1: 33.3, accuracy5: 66.7, unlinked: 1, wrong: 1 });
  });

  it('precision: right at 1 of the scored mentions given a concept; coverage: those given a concept of the scored', () => {
    assert.deepEqual(linkPrecision({ scored: 3, unlinked: 1, wrong: 1 }), { precision: 50, coverage: 66.7 });
    assert.deepEqual(linkPrecision({ scored: 8, unlinked: 0, wrong: 0 }), { precision: 100, coverage: 100 });
    assert.deepEqual(linkPrecision({ scored: 2, unlinked: 2, wrong: 0 }), { precision: undefined, coverage: 0 }, 'no link given: no precision');
  });
});
