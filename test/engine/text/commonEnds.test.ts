/**
 * commonEnds: the shared start and end of two texts, found by blocks that halve, equal to a
 * character-by-character count; differences put where blocks meet (64 K, 32 K ... 64) and at
 * the very ends first, then at random, in texts of a few characters to a few hundred thousand.
 */
import * as assert from 'node:assert/strict';
import { commonPrefixLength, commonSuffixLength } from '../../../server/src/engine/text/commonEnds';
import { mulberry32 } from '../../../server/src/engine/random';

function naivePrefix(a: string, b: string, max = Math.min(a.length, b.length)): number {
  let i = 0;
  while (i < max && a[i] === b[i]) i++;
  return i;
}
function naiveSuffix(a: string, b: string, max = Math.min(a.length, b.length)): number {
  let i = 0;
  while (i < max && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

describe('the start and end two texts share (commonEnds)', () => {
  const rand = mulberry32(7);
  const base = Array.from({ length: 300_000 }, () => 'ab c\n😀é'[Math.floor(rand() * 7)]).join('');

  it('a difference at a block edge, at either end or nowhere: the same counts as character by character', () => {
    const places = [0, 1, 63, 64, 65, 4095, 4096, 32767, 32768, 65535, 65536, 65537, 131072, base.length - 1];
    for (const at of places) {
      const edited = base.slice(0, at) + (base[at] === 'x' ? 'y' : 'x') + base.slice(at + 1);
      assert.equal(commonPrefixLength(base, edited), at, `prefix, changed at ${at}`);
      assert.equal(commonSuffixLength(base, edited), base.length - 1 - at, `suffix, changed at ${at}`);
    }
    assert.equal(commonPrefixLength(base, base.slice()), base.length);
    assert.equal(commonSuffixLength(base, base + ''), base.length);
  });

  it('random insertions and deletions, with the suffix bounded by what the prefix left', () => {
    for (let k = 0; k < 300; k++) {
      const n = [5, 100, 5000, 70_000, 300_000][k % 5];
      const a = base.slice(0, n);
      const at = Math.floor(rand() * (n + 1));
      const cut = Math.floor(rand() * 3);
      const b = a.slice(0, at) + ['', 'x', '\n\n', '😀'][k % 4] + a.slice(at + cut);
      const p = commonPrefixLength(a, b);
      assert.equal(p, naivePrefix(a, b), `prefix ${k}`);
      const room = Math.min(a.length, b.length) - p;
      assert.equal(commonSuffixLength(a, b, room), naiveSuffix(a, b, room), `suffix ${k}`);
      assert.ok(commonSuffixLength(a, b, room) <= room, 'never past the bound');
    }
  });
});
