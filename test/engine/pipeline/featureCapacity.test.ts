/**
 * The per-text feature caches hold a whole note: an LRU smaller than the texts walked in
 * order forgets each text just before it is asked again, so a second pass over a huge note
 * found none (planning NLI again after an edit re-derived every sentence).
 */
import * as assert from 'node:assert/strict';
import { LruCache } from '../../../server/src/engine/lru';
import { FeatureCache } from '../../../server/src/engine/pipeline/features';

function twoPasses(cache: LruCache<number>, keys: string[]): number {
  for (const pass of [0, 1]) {
    if (pass === 1) cache.hits = 0;
    for (const k of keys) if (cache.get(k) === undefined) cache.set(k, 1);
  }
  return cache.hits;
}

describe('feature caches sized to the note', () => {
  const keys = Array.from({ length: 30 }, (_, i) => `sentence ${i}`);

  it('an LRU smaller than the keys walked in order finds none of them the second time; grown, all', () => {
    assert.equal(twoPasses(new LruCache<number>(10), keys), 0);
    const grown = new LruCache<number>(10);
    grown.grow(60);
    assert.equal(twoPasses(grown, keys), keys.length);
    grown.grow(5);
    assert.equal(grown.capacity, 60, 'never shrinks');
  });

  it('FeatureCache.fit keeps twice the texts of the largest note, and terms are then derived once', () => {
    const features = new FeatureCache(10);
    features.fit(30);
    assert.equal(features.capacity, 60);
    features.fit(20);
    assert.equal(features.capacity, 60);
    const first = keys.map((k) => features.terms(k));
    const second = keys.map((k) => features.terms(k));
    second.forEach((t, i) => assert.equal(t, first[i], 'the same object: kept, not derived again'));
  });
});
