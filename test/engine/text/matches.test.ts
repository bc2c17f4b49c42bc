/**
 * allMatches: every match of a global expression, read with `exec` on the expression itself,
 * as `String.prototype.matchAll` gives them (the same matches, groups and indices, in the
 * same order), on random texts with astral characters and expressions that match empty
 * strings first; never through a copy of the expression; lastIndex 0 afterwards.
 */
import * as assert from 'node:assert/strict';
import { allMatches } from '../../../server/src/engine/text/matches';
import { mulberry32 } from '../../../server/src/engine/random';

/** What a match is, in plain data: where, what, its groups and (with the d flag) their places. */
const plain = (m: RegExpExecArray | RegExpMatchArray) => ({
  index: m.index,
  groups: [...m],
  named: { ...m.groups },
  indices: m.indices?.map((x) => x && [...x]),
});

describe('every match of an expression (allMatches)', () => {
  // Empty matches first: where stepping past one decides whether a later match is found at all.
  const expressions = [
    /(?:)/gu,
    /(?:)/g,
    /\b/g,
    /x*/gu,
    /(?=\p{L})/gu,
    /\p{L}*/gu,
    /./gsu,
    /./gs,
    /(?<word>\p{L}+)|(\d+)/dgu,
    /😀|é+/g,
    /\s+|$/gm,
    /^/gm,
    /(a)|(b)?c/gi,
    /(?<=\d)(?=(\d{3})+(?!\d))/g,
    /\uD83D/g,
    /\uD83D/gu,
    /[^]/g,
  ];

  it('the same matches as matchAll, in the same order, on random texts with astral characters and line breaks', () => {
    const rand = mulberry32(11);
    const alphabet = ['a', 'b', 'c', 'A', '1', '2', '3', ' ', '\n', '\r\n', 'é', '😀', '\uD83D', '𝔸', '.'];
    for (let run = 0; run < 400; run++) {
      const text = Array.from({ length: Math.floor(rand() * 40) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      for (const re of expressions) {
        const want = [...text.matchAll(re)].map(plain);
        assert.deepEqual(allMatches(re, text).map(plain), want, `${re} on ${JSON.stringify(text)}`);
        assert.equal(re.lastIndex, 0, `${re}: lastIndex back to 0`);
      }
    }
  });

  it('reads an expression tried everywhere itself, never a copy (a copy is compiled again after two major collections; one tried at words is read through the one copy kept for its source)', () => {
    const seen = new Set<RegExp>();
    class Counted extends RegExp {
      exec(s: string): RegExpExecArray | null {
        seen.add(this);
        return super.exec(s);
      }
    }
    const re = new Counted('\\d+', 'g');
    assert.deepEqual(
      allMatches(re, 'a1 b22 c333').map((m) => m[0]),
      ['1', '22', '333'],
    );
    assert.deepEqual([...seen], [re]);
    // (matchAll makes a copy through the species constructor: the test would notice a return to it.)
    seen.clear();
    assert.equal([...'a1'.matchAll(re)].length, 1);
    assert.ok(seen.size === 1 && !seen.has(re), 'matchAll reads a copy');
  });

  it('a caller that runs the same expression while reading the matches does not change them', () => {
    const re = /\d+/g;
    const got: string[] = [];
    for (const m of allMatches(re, '1 22 333')) {
      got.push(m[0]);
      allMatches(re, '4444 55555');
      re.exec('7');
    }
    assert.deepEqual(got, ['1', '22', '333']);
  });

  it('refuses an expression without the global flag, as matchAll does', () => {
    assert.throws(() => allMatches(/a/, 'aaa'), TypeError);
    assert.throws(() => 'aaa'.matchAll(/a/), TypeError);
  });
});
