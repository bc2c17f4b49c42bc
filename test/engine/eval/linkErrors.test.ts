/**
 * eval link's error records (engine/eval/linkErrors.ts): only scored mentions not right at 1,
 * the gold names looked up in the vocabulary, the tie rule passed on, the candidates capped.
 */
import * as assert from 'node:assert/strict';
import { linkErrors } from '../../../server/src/engine/eval/linkErrors';
import { LinkedMention } from '../../../server/src/engine/formats/linkedMentions';
import { LinkedConcept, MentionLink } from '../../../server/src/engine/linking/linker';
import { Concept, Vocabulary } from '../../../server/src/engine/linking/types';
import { normaliseId } from '../../../server/src/engine/linking/vocab/ids';

const CONCEPTS: Concept[] = [
  { id: 'MESH:D001943', name: 'Breast Neoplasms', altIds: ['OMIM:114480'], types: [] },
  { id: 'MESH:D010051', name: 'Ovarian Neoplasms', altIds: [], types: [] },
  { id: 'MESH:D009369', name: 'Neoplasms', altIds: [], types: [] },
];
const vocabulary: Vocabulary = {
  label: 'v',
  size: CONCEPTS.length,
  concept: (i) => CONCEPTS[i],
  exact: () => [],
  holders: () => [],
  byId: (id) => {
    const i = CONCEPTS.findIndex((c) => [c.id, ...c.altIds].includes(normaliseId(id)));
    return i < 0 ? undefined : i;
  },
  startingWith: () => [],
  approximate: () => [],
  close: () => undefined,
};

const c = (id: string, score = 1, method: LinkedConcept['method'] = 'exact'): LinkedConcept => ({
  id,
  name: CONCEPTS.find((x) => x.id === id)?.name ?? id,
  vocabulary: 'v',
  altIds: [],
  score,
  method,
});
const gold = (text: string, ids: string[]): LinkedMention => ({
  document: 'd',
  start: 0,
  end: text.length,
  text,
  type: 'Disease',
  ids,
  composite: ids.length > 1,
});

describe('eval link: error records', () => {
  it('lists the scored mentions not right at 1, in order, wrong or unlinked; right ones and those without a gold ID are left out', () => {
    const golds = [gold('breast cancer', ['D001943']), gold('cancer', ['114480']), gold('tumour', []), gold('qx', ['D010051']), gold('steinert', ['D999999'])];
    const links: MentionLink[] = [
      { concepts: [c('MESH:D001943')], method: 'exact', candidates: [[c('MESH:D001943')]] },
      { concepts: [c('MESH:D009369')], method: 'exact', candidates: [[c('MESH:D009369'), c('MESH:D001943', 0.6, 'approximate')]], tie: 'preferred name' },
      { concepts: [c('MESH:D009369')], method: 'exact', candidates: [[c('MESH:D009369')]] },
      { concepts: [], method: 'none', candidates: [] },
      { concepts: [c('MESH:D009369', 0.3333, 'approximate')], method: 'approximate', candidates: [[c('MESH:D009369', 0.3333, 'approximate')]] },
    ];
    const records = linkErrors(golds, links, vocabulary);
    assert.deepEqual(
      records.map((r) => [r.text, r.error]),
      [
        ['cancer', 'wrong'],
        ['qx', 'unlinked'],
        ['steinert', 'wrong'],
      ],
    );
    const [wrong, unlinked, missing] = records;
    assert.deepEqual(wrong.gold, [{ id: '114480', name: 'Breast Neoplasms' }], 'a bare OMIM number found through the alternate ID');
    assert.deepEqual(wrong.chosen, [{ id: 'MESH:D009369', name: 'Neoplasms' }]);
    assert.equal(wrong.tie, 'preferred name', "the link's tie rule passed on");
    assert.equal(wrong.why, 'preferred name', 'and said in words');
    assert.deepEqual(wrong.candidates[1], { id: 'MESH:D001943', name: 'Breast Neoplasms', score: 0.6, method: 'approximate' });
    assert.deepEqual([unlinked.chosen, unlinked.score, unlinked.tie, unlinked.why, unlinked.candidates], [[], undefined, undefined, undefined, []]);
    assert.deepEqual(missing.gold, [{ id: 'D999999', name: undefined }], 'the vocabulary lacks it');
    assert.equal(missing.score, 0.333, 'rounded to three decimals');
  });

  it("a composite: every gold part named, the lowest part's score, each part's first five candidates", () => {
    const g = gold('breast and ovarian cancer', ['D001943', 'D010051']);
    const many = (n: number) => Array.from({ length: n }, (_, i) => c(`MESH:X${i}`, 0.5, 'approximate'));
    const link: MentionLink = {
      concepts: [c('MESH:D001943', 0.9, 'composite'), c('MESH:D009369', 0.8, 'composite')],
      method: 'composite',
      candidates: [[c('MESH:D001943', 0.9, 'composite'), ...many(6)], [c('MESH:D009369', 0.8, 'composite')]],
    };
    const [r] = linkErrors([g], [link], vocabulary);
    assert.equal(r.error, 'wrong', 'one part wrong');
    assert.deepEqual(r.gold, [
      { id: 'D001943', name: 'Breast Neoplasms' },
      { id: 'D010051', name: 'Ovarian Neoplasms' },
    ]);
    assert.equal(r.score, 0.8);
    assert.deepEqual(
      r.candidates.map((x) => x.id),
      ['MESH:D001943', 'MESH:X0', 'MESH:X1', 'MESH:X2', 'MESH:X3', 'MESH:D009369'],
    );
  });
});
