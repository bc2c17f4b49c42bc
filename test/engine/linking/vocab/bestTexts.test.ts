/** The approximate search's bounded selection: the same texts, in the same order, as sorting them all. */
import * as assert from 'node:assert/strict';
import { bestTexts, TextList } from '../../../../server/src/engine/linking/vocab/bestTexts';

/** A seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('linking: the best texts of an approximate search', () => {
  it('keeps the n best by coarse Dice, ties by text number, among those sharing half the most trigrams', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const next = random(seed);
      const texts = 5_000;
      const counts = new Uint8Array(texts);
      const textGrams = new Uint8Array(texts).map(() => 1 + Math.floor(next() * 20));
      const list = new TextList();
      for (let t = 0; t < texts; t++) {
        if (next() < 0.6) continue;
        counts[t] = 1 + Math.floor(next() * 8);
        list.push(t);
      }
      const querySize = 10;
      const most = Math.max(...counts);
      const expected = [...Array(texts).keys()]
        .filter((t) => counts[t] >= Math.max(1, most >> 1))
        .map((t) => ({ t, score: (2 * counts[t]) / (querySize + textGrams[t]) }))
        .sort((a, b) => b.score - a.score || a.t - b.t);
      for (const n of [1, 64, 120, 100_000]) assert.deepEqual(bestTexts(list, counts, textGrams, querySize, n), expected.slice(0, n), `seed ${seed}, n ${n}`);
      assert.deepEqual(bestTexts(list, counts, textGrams, querySize, 0), []);
    }
  });

  it('the list grows past its first size and is emptied for the next search', () => {
    const list = new TextList();
    for (let t = 0; t < 5_000; t++) list.push(t * 3);
    assert.equal(list.length, 5_000);
    assert.equal(list.at(4_999), 14_997);
    list.clear();
    assert.equal(list.length, 0);
  });
});
