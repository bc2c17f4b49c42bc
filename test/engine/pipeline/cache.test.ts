import * as assert from 'node:assert/strict';
import { cacheKey, CacheKeyParts, LruCache } from '../../../server/src/engine/pipeline/cache';

const base: CacheKeyParts = {
  text: 'He denied chest pain.',
  model: 'hf.co/mradermacher/Llama2-MedTuned-7b-GGUF:Q4_K_M',
  profile: 'medtuned',
  task: 'ner:clinical',
  promptVersion: 'medtuned-ner-1',
};

describe('cacheKey', () => {
  it('is deterministic', () => {
    assert.equal(cacheKey(base), cacheKey({ ...base }));
  });

  it('is a hex hash that holds no note text', () => {
    const k = cacheKey(base);
    assert.match(k, /^[0-9a-f]{64}$/);
    assert.ok(!k.includes('chest'));
  });

  for (const part of ['text', 'model', 'profile', 'task', 'promptVersion'] as const) {
    it(`changes when ${part} changes`, () => {
      assert.notEqual(cacheKey({ ...base, [part]: base[part] + 'x' }), cacheKey(base));
      assert.notEqual(cacheKey({ ...base, [part]: '' }), cacheKey(base));
    });
  }

  it('does not confuse where one part ends and the next begins', () => {
    const a = cacheKey({ ...base, text: 'ab', model: 'c' });
    const b = cacheKey({ ...base, text: 'a', model: 'bc' });
    assert.notEqual(a, b);
    const c = cacheKey({ ...base, task: 'ner', promptVersion: '1' });
    const d = cacheKey({ ...base, task: 'ner1', promptVersion: '' });
    assert.notEqual(c, d);
  });

  it('depends on exact text (whitespace and case)', () => {
    assert.notEqual(cacheKey({ ...base, text: 'chest pain' }), cacheKey({ ...base, text: 'chest  pain' }));
    assert.notEqual(cacheKey({ ...base, text: 'chest pain' }), cacheKey({ ...base, text: 'Chest pain' }));
  });
});

describe('LruCache', () => {
  it('stores and returns values', () => {
    const c = new LruCache<number>(3);
    c.set('a', 1);
    assert.equal(c.get('a'), 1);
    assert.equal(c.size, 1);
    assert.equal(c.capacity, 3);
  });

  it('never holds more than its capacity and evicts the least recently used', () => {
    const c = new LruCache<number>(3);
    c.set('a', 1);
    c.set('b', 2);
    c.set('c', 3);
    c.set('d', 4);
    assert.equal(c.size, 3);
    assert.equal(c.get('a'), undefined);
    assert.equal(c.get('b'), 2);
    assert.equal(c.get('c'), 3);
    assert.equal(c.get('d'), 4);
  });

  it('evicts in insertion order when nothing is read', () => {
    const c = new LruCache<string>(2);
    for (const k of ['a', 'b', 'c', 'd', 'e']) c.set(k, k);
    assert.equal(c.size, 2);
    assert.deepEqual(
      ['a', 'b', 'c', 'd', 'e'].map((k) => c.get(k)),
      [undefined, undefined, undefined, 'd', 'e'],
    );
  });

  it('get refreshes recency', () => {
    const c = new LruCache<number>(3);
    c.set('a', 1);
    c.set('b', 2);
    c.set('c', 3);
    assert.equal(c.get('a'), 1); // a is now the most recent; b the least
    c.set('d', 4);
    assert.equal(c.get('b'), undefined);
    assert.equal(c.get('a'), 1);
    assert.equal(c.get('c'), 3);
    assert.equal(c.get('d'), 4);
  });

  it('set of an existing key replaces the value and refreshes recency without growing', () => {
    const c = new LruCache<number>(2);
    c.set('a', 1);
    c.set('b', 2);
    c.set('a', 10);
    assert.equal(c.size, 2);
    c.set('c', 3); // evicts b, the least recent
    assert.equal(c.get('b'), undefined);
    assert.equal(c.get('a'), 10);
    assert.equal(c.get('c'), 3);
  });

  it('a miss does not change recency', () => {
    const c = new LruCache<number>(2);
    c.set('a', 1);
    c.set('b', 2);
    c.get('zzz');
    c.set('c', 3);
    assert.equal(c.get('a'), undefined);
    assert.equal(c.get('b'), 2);
  });

  it('counts hits and misses', () => {
    const c = new LruCache<number>(2);
    assert.equal(c.hits, 0);
    assert.equal(c.misses, 0);
    c.get('a');
    c.set('a', 1);
    c.get('a');
    c.get('a');
    c.get('b');
    assert.equal(c.hits, 2);
    assert.equal(c.misses, 2);
  });

  it('stores falsy values other than undefined (0, "", null) as hits', () => {
    const c = new LruCache<unknown>(5);
    c.set('zero', 0);
    c.set('empty', '');
    c.set('null', null);
    assert.equal(c.get('zero'), 0);
    assert.equal(c.get('empty'), '');
    assert.equal(c.get('null'), null);
    assert.equal(c.hits, 3);
  });

  it('delete and clear remove entries', () => {
    const c = new LruCache<number>(3);
    c.set('a', 1);
    c.set('b', 2);
    c.delete('a');
    assert.equal(c.size, 1);
    assert.equal(c.get('a'), undefined);
    c.delete('nothing');
    assert.equal(c.size, 1);
    c.clear();
    assert.equal(c.size, 0);
    assert.equal(c.get('b'), undefined);
  });

  it('capacity 1 keeps only the last value', () => {
    const c = new LruCache<number>(1);
    c.set('a', 1);
    c.set('b', 2);
    assert.equal(c.size, 1);
    assert.equal(c.get('a'), undefined);
    assert.equal(c.get('b'), 2);
  });

  it('a long random workload matches a reference LRU model', () => {
    const cap = 5;
    const c = new LruCache<number>(cap);
    let order: string[] = []; // least recent first
    const values = new Map<string, number>();
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 2000; i++) {
      const k = `k${Math.floor(rnd() * 9)}`;
      if (rnd() < 0.5) {
        c.set(k, i);
        order = order.filter((x) => x !== k);
        order.push(k);
        values.set(k, i);
        while (order.length > cap) values.delete(order.shift()!);
      } else {
        const expected = values.get(k);
        assert.equal(c.get(k), expected);
        if (expected !== undefined) {
          order = order.filter((x) => x !== k);
          order.push(k);
        }
      }
      assert.equal(c.size, order.length);
    }
  });
});
