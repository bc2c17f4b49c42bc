/**
 * leadingWords: the strings every match of an expression begins a word with, read off its
 * source, and the gate allMatches builds on them (wordStartIndex.ts). What is asserted is the
 * invariant that matters: no match is ever lost (random expressions of the shapes the PHI
 * rules have, on random texts with the characters `\b` and case folding treat apart, against
 * matchAll), and that the gate is reached on both sides, texts with and without such words.
 * Likewise for an expression that opens a line (`opensLines`), tried only at a line's edges.
 */
import * as assert from 'node:assert/strict';
import { leadingWords, opensLines } from '../../../server/src/engine/text/leadingWords';
import { allMatches } from '../../../server/src/engine/text/matches';
import { mulberry32 } from '../../../server/src/engine/random';

describe('the words every match begins with (leadingWords)', () => {
  it('reads them off the first term that takes characters, after a word start (\\b, ^ or a lookbehind refusing a word character)', () => {
    const cases: [RegExp, string[]][] = [
      [/\b(?:funeral[ \t]+homes?|chapels)/gi, ['funeral', 'chapels']],
      [/(?<![\w-])(?:jet ?blue|us ?air(?:ways)?)/gi, ['jet', 'us']],
      [/(?<!\w)mrn/gi, ['mrn']],
      [/^(?=\d)?Baby (Boy|Girl)/gm, ['baby ']],
      [/\bFoo|\bBar/g, ['foo', 'bar']],
      [/\b(?<kin>wife|son)\b/g, ['wife', 'son']],
      [/\b(?:(?:baby|infant)[ \t]+boy|twin[ \t]+a)/giu, ['baby', 'infant', 'twin']],
      [/\bcafé/g, ['caf']],
      [/\b(?:dr|drs)\.? /g, ['dr', 'drs']],
      [/\b(?:4th|1st)\b/g, ['4th', '1st']],
      // An escaped full stop or slash is that character: "w.l. gore", "t.j. maxx", "c/o".
      [/(?<![\w-])(?:w\.l\.? gore|wl\.? gore|t\. ?j|c\/o)/gi, ['w.l', 'wl', 't.', 'c/o']],
    ];
    for (const [re, want] of cases) assert.deepEqual(leadingWords(re), want, String(re));
  });

  it('says nothing where a match may begin otherwise: no word start before it, a class, a dot, an escape, an optional first term, an empty alternative, one character', () => {
    for (const re of [
      /homes?/g,
      /\bfoo|bar/g,
      /(?<!-)foo/g,
      /(?<![^\w])foo/g,
      /\b#foo/g,
      /\b[a-z]+ing/g,
      /\b.foo/g,
      /\b\dfoo/g,
      /\bn\.?h/g,
      /\bk-?mart/g,
      /\b\p{L}+/gu,
      /\b(?:foo)?bar/g,
      /\b(?:foo)*bar/g,
      /\b(?:foo){0,2}bar/g,
      /\bfoo|/g,
      /\b(?:foo|)bar/g,
      /\ba+bc/g,
      /\bab{2}/g,
      /\bx/g,
      /\b(\w)\1/g,
      /(?:)/g,
    ])
      assert.equal(leadingWords(re), undefined, String(re));
  });

  it('loses no match: random expressions on random texts, against matchAll, \\b and case folding included (ſ, K, İ, _, digits, in the first three characters of a word)', () => {
    const rand = mulberry32(23);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    // (Words of three characters or more are looked up by three: ſ and K there too, "ask" as "asK".)
    const words = ['ab', 'ba', 'abc', 'st', 'ke', 'is', 'a b', "o'", 'é', 'sk', '1s', 'a_', '_b', 'a\\.b', 'k\\.', 's\\/', 'ask', 'abs', "is'", 'a1k'];
    // (A word of the source as the text writes it: an escaped character is that character.)
    const written = (w: string) => w.replace(/\\(.)/g, '$1');
    const starts = ['', '\\b', '\\b', '\\b', '^', '(?<![\\w-])', '(?<!\\w)', '(?=a|s)', '(?<=\\s)', '\\B'];
    const tails = ['', '', '\\b', '[ \\t]+\\w', 's?', '(?:c|d)+', '\\d*', '(?!b)'];
    const quantifiers = ['', '', '', '?', '*', '+', '{0,2}', '{1,2}'];
    const term = (): string => {
      const r = rand();
      if (r < 0.45) return pick(words) + pick(quantifiers.slice(0, 4));
      if (r < 0.75)
        return `(?:${Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(starts) + pick(words) + pick(tails)).join('|')})${pick(quantifiers)}`;
      if (r < 0.85) return pick(['[a-c]', '.', '\\w', '\\s']);
      return `(${pick(words)}|${pick(words)})`;
    };
    const alphabet = [
      'a',
      'b',
      'c',
      'A',
      'B',
      's',
      'S',
      'ſ',
      't',
      'T',
      'k',
      'K',
      'K',
      'e',
      'i',
      'I',
      'İ',
      'ı',
      'o',
      "'",
      ' ',
      '\n',
      'é',
      'É',
      '1',
      '_',
      '-',
      '.',
      '/',
    ];
    let gated = 0;
    const reached = { found: 0, none: 0 };
    for (let run = 0; run < 2000; run++) {
      const source = pick(starts) + term() + (rand() < 0.5 ? term() : '') + (rand() < 0.3 ? `|${pick(starts)}${term()}` : '');
      const re = new RegExp(source, pick(['g', 'gi', 'giu', 'gu', 'gim', 'gis']));
      const leading = leadingWords(re);
      if (leading) gated++;
      for (let t = 0; t < 8; t++) {
        // Characters, and the expressions' own words in either case, so that many texts match.
        const piece = () => (rand() < 0.3 ? written(pick(words))[rand() < 0.5 ? 'toUpperCase' : 'toLowerCase']() : pick(alphabet));
        const text = Array.from({ length: Math.floor(rand() * 24) }, piece).join('');
        const want = [...text.matchAll(re)].map((m) => [m.index, m[0]]);
        assert.deepEqual(
          allMatches(re, text).map((m) => [m.index, m[0]]),
          want,
          `${re} on ${JSON.stringify(text)} (leading words ${JSON.stringify(leading)})`,
        );
        if (leading) reached[want.length ? 'found' : 'none']++;
      }
    }
    // The test reaches the gate: many expressions have leading words, on texts with matches and without.
    assert.ok(gated > 400 && reached.found > 200 && reached.none > 1000, `${gated} expressions gated; texts ${JSON.stringify(reached)}`);
  });

  it('reads ſ as s and K as k where the expression ignores case under the u flag, as case folding does; a word start after them is none', () => {
    assert.deepEqual(
      allMatches(/\bst(?:op)?/giu, 'ſtop and ſt').map((m) => m[0]),
      ['ſtop', 'ſt'],
    );
    assert.deepEqual(
      allMatches(/\bke\w*/giu, 'Kelvin').map((m) => m[0]),
      ['Kelvin'],
    );
    // Under iu ſ is a word character, so no word starts after it; without u it is none, and one does.
    assert.deepEqual(allMatches(/\bto/giu, 'ſto to'), [...'ſto to'.matchAll(/\bto/giu)]);
    assert.deepEqual(
      allMatches(/\bto/gi, 'ſto to').map((m) => m.index),
      [1, 4],
    );
    // Without u, ſ is no s: nothing to find, and nothing found.
    assert.deepEqual(allMatches(/\bst/gi, 'ſt'), []);
    // And so as a word's third character, where a leading word of three is looked up by three.
    assert.deepEqual(
      allMatches(/\b(?:ask|tes)\w*/giu, 'as\u212a a\u017fk te\u017ft test').map((m) => m[0]),
      ['as\u212a', 'a\u017fk', 'te\u017ft', 'test'],
    );
    assert.deepEqual(
      allMatches(/\b(?:ask|tes)\w*/gi, 'as\u212a a\u017fk te\u017ft test').map((m) => m[0]),
      ['test'],
    );
  });

  it('says an expression opens a line only where every match must begin at a line edge: its opener, then no other alternative at the top', () => {
    assert.equal(opensLines(/(?<=^|\n)[ \t]*(\p{Lu}\w+)[ \t]+-/gu), true);
    assert.equal(opensLines(/(?:^|\n)[ \t]*-{2,3}[ \t]*([a-z]{2,3})(?=\n)/g), true);
    assert.equal(opensLines(/(?:^|\n)(?:a|b)[|]x\|y/g), true);
    // Another alternative at the top may begin anywhere; so may an expression that only looks for a line break somewhere.
    assert.equal(opensLines(/(?:^|\n)a|b/g), false);
    assert.equal(opensLines(/(?<=^|\n)a|(?<=x)b/g), false);
    assert.equal(opensLines(/a(?:^|\n)b/g), false);
    assert.equal(opensLines(/^a/gm), false);
  });

  it('loses no match of an expression that opens a line: random ones on random texts with \\n, \\r\\n, \\r and \\u2028, against matchAll', () => {
    const rand = mulberry32(31);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const openers = ['(?<=^|\\n)', '(?:^|\\n)'];
    const rests = ['[ \\t]*a+', '[ \\t]*(?:a|b)\\w*', '[ \\t]*', '(?:x|\\n)?b', '\\s*a', '[ \\t]*-{2,3}[ \\t]*(\\w+)(?=\\n|$)', '(?=a)', 'b*'];
    const alphabet = ['a', 'b', 'x', ' ', '\t', '\n', '\r\n', '\r', '\u2028', '-', '--', 'é', '😀'];
    let gated = 0;
    for (let run = 0; run < 600; run++) {
      const re = new RegExp(pick(openers) + pick(rests) + (rand() < 0.3 ? pick(rests) : ''), pick(['g', 'gm', 'gu', 'gmu', 'gi']));
      if (opensLines(re)) gated++;
      for (let t = 0; t < 6; t++) {
        const text = Array.from({ length: Math.floor(rand() * 20) }, () => pick(alphabet)).join('');
        assert.deepEqual(
          allMatches(re, text).map((m) => [m.index, m[0]]),
          [...text.matchAll(re)].map((m) => [m.index, m[0]]),
          `${re} on ${JSON.stringify(text)}`,
        );
      }
    }
    assert.equal(gated, 600, 'every expression of the test opens a line');
  });

  it('gives the places of many words of several keys in order, each once (a long text of the leading words in turn)', () => {
    const rand = mulberry32(5);
    const words = ['ab', 'ba', 'abc', 'abd', 'ask', 'xy'];
    for (let run = 0; run < 40; run++) {
      const text = Array.from({ length: 10 + Math.floor(rand() * 200) }, () => words[Math.floor(rand() * words.length)]).join(rand() < 0.5 ? ' ' : '\n');
      for (const re of [/\b(?:ab|ba|abc|ask)\w*/g, /\b(?:abc|abd|ask)/giu, /(?<!\w)(?:ba|abd)(?:\s+\w+)?/g])
        assert.deepEqual(
          allMatches(re, text).map((m) => [m.index, m[0]]),
          [...text.matchAll(re)].map((m) => [m.index, m[0]]),
          `${re} on a text of ${text.length} characters`,
        );
    }
  });
});
