import * as assert from 'node:assert/strict';
import { alignTokenLines, locateInOrder, onTokenBoundaries } from '../../../server/src/engine/text/align';
import { tokenize } from '../../../server/src/engine/text/tokenize';

function ls(...pairs: [string, string][]): { token: string; label: string }[] {
  return pairs.map(([token, label]) => ({ token, label }));
}

describe('alignTokenLines', () => {
  const toks = tokenize('He denied chest pain .');

  it('assigns lines in order one to one', () => {
    const r = alignTokenLines(toks, ls(['He', 'O'], ['denied', 'O'], ['chest', 'B'], ['pain', 'I'], ['.', 'O']));
    assert.deepEqual(r.labels, ['O', 'O', 'B', 'I', 'O']);
    assert.equal(r.matched, 5);
    assert.equal(r.lastMatched, 4);
  });

  it('no lines: nothing labelled, lastMatched -1', () => {
    assert.deepEqual(alignTokenLines(toks, []), { labels: [undefined, undefined, undefined, undefined, undefined], matched: 0, lastMatched: -1 });
  });

  it('no tokens: nothing matched', () => {
    assert.deepEqual(alignTokenLines([], ls(['a', 'O'])), { labels: [], matched: 0, lastMatched: -1 });
  });

  it('skips tokens the model left out', () => {
    const r = alignTokenLines(toks, ls(['He', 'O'], ['pain', 'I'], ['.', 'O']));
    assert.deepEqual(r.labels, ['O', undefined, undefined, 'I', 'O']);
    assert.equal(r.matched, 3);
    assert.equal(r.lastMatched, 4);
  });

  it('ignores repeated and invented lines', () => {
    const r = alignTokenLines(toks, ls(['He', 'O'], ['He', 'X'], ['denied', 'O'], ['tachycardia', 'B'], ['chest', 'B'], ['chest', 'B'], ['pain', 'I']));
    assert.deepEqual(r.labels, ['O', 'O', 'B', 'I', undefined]);
    assert.equal(r.matched, 4);
    assert.equal(r.lastMatched, 3);
  });

  it('matches tokens case-insensitively and after NFC normalisation', () => {
    const t = tokenize('Café CHEST');
    const r = alignTokenLines(t, ls(['cafe\u0301', 'O'], ['chest', 'B']));
    assert.deepEqual(r.labels, ['O', 'B']);
  });

  it('aligns repeated token texts by position', () => {
    const t = tokenize('pain , pain , pain');
    const r = alignTokenLines(t, ls(['pain', 'a'], [',', 'b'], ['pain', 'c'], [',', 'd'], ['pain', 'e']));
    assert.deepEqual(r.labels, ['a', 'b', 'c', 'd', 'e']);
  });

  it('never goes backwards: a line for an earlier token after a later one is ignored', () => {
    const r = alignTokenLines(toks, ls(['chest', 'B'], ['He', 'O'], ['pain', 'I']));
    assert.deepEqual(r.labels, [undefined, undefined, 'B', 'I', undefined]);
    assert.equal(r.matched, 2);
  });

  it('looks ahead only a few tokens: a line far beyond the cursor does not match', () => {
    const words = Array.from({ length: 30 }, (_, i) => `w${i}`);
    const t = tokenize(words.join(' '));
    // Nothing matched yet: the cursor is at 0, so w25 is too far ahead to trust.
    const far = alignTokenLines(t, ls(['w25', 'B']));
    assert.equal(far.matched, 0);
    // A small gap is fine.
    const near = alignTokenLines(t, ls(['w3', 'B']));
    assert.equal(near.lastMatched, 3);
    // Walking forward line by line reaches any token.
    const all = alignTokenLines(
      t,
      words.map((w) => ({ token: w, label: w })),
    );
    assert.deepEqual(all.labels, words);
  });

  it('lastMatched is the index of the last input token that got a line', () => {
    const r = alignTokenLines(toks, ls(['He', 'O'], ['denied', 'O'], ['chest', 'B']));
    assert.equal(r.lastMatched, 2);
    assert.deepEqual(r.labels, ['O', 'O', 'B', undefined, undefined]);
  });
});

describe('onTokenBoundaries', () => {
  const s = 'A painful knee; pain.';

  it('accepts spans on word edges', () => {
    assert.equal(onTokenBoundaries(s, 0, 1), true);
    assert.equal(onTokenBoundaries(s, 2, 9), true); // painful
    assert.equal(onTokenBoundaries(s, 16, 20), true); // pain
    assert.equal(onTokenBoundaries(s, 14, 15), true); // ;
    assert.equal(onTokenBoundaries(s, 10, 15), true); // knee;
  });

  it('rejects spans that cut a word at the start or at the end', () => {
    assert.equal(onTokenBoundaries(s, 2, 6), false); // pain|ful
    assert.equal(onTokenBoundaries(s, 3, 9), false); // p|ainful
    assert.equal(onTokenBoundaries(s, 11, 14), false); // k|nee
  });

  it('treats punctuation next to a word as a boundary', () => {
    const t = 'Cisplatin-induced';
    assert.equal(onTokenBoundaries(t, 0, 9), true);
    assert.equal(onTokenBoundaries(t, 10, 17), true);
    assert.equal(onTokenBoundaries(t, 9, 10), true);
    assert.equal(onTokenBoundaries(t, 0, 5), false);
  });

  it('the text edges are boundaries', () => {
    assert.equal(onTokenBoundaries('pain', 0, 4), true);
  });

  it('digits count as word characters (5mg)', () => {
    assert.equal(onTokenBoundaries('5mg', 1, 3), false);
    assert.equal(onTokenBoundaries('5mg', 0, 3), true);
  });

  it('a combining mark belongs to its word', () => {
    const t = 'cafe\u0301 x';
    assert.equal(onTokenBoundaries(t, 0, 4), false); // cuts before the combining accent
    assert.equal(onTokenBoundaries(t, 0, 5), true);
  });

  it('a non-BMP letter before a word joins it (𝐀spirin)', () => {
    const t = '𝐀spirin';
    assert.equal(onTokenBoundaries(t, 2, 8), false); // 'spirin' after the 𝐀 letter
    assert.equal(onTokenBoundaries(t, 0, 8), true);
    assert.equal(onTokenBoundaries('x𠜎', 0, 1), false); // x before a CJK ext. B letter
  });

  it('an emoji is not a word character', () => {
    const t = '😀pain😀';
    assert.equal(onTokenBoundaries(t, 2, 6), true);
    assert.equal(onTokenBoundaries(t, 0, 2), true);
  });

  it('agrees with tokenize: every run of whole tokens is on boundaries', () => {
    const t = 'He  denied 😀chest-pain\r\n(𝐀spirin 81mg) 𠜎; cafe\u0301!';
    const toks = tokenize(t);
    for (let i = 0; i < toks.length; i++) {
      for (let j = i; j < toks.length; j++) {
        assert.equal(onTokenBoundaries(t, toks[i].start, toks[j].end), true, `${toks[i].text}..${toks[j].text}`);
      }
    }
  });
});

describe('locateInOrder', () => {
  it('finds surfaces in order, repeated ones at successive occurrences', () => {
    const t = 'pain, fever, pain';
    assert.deepEqual(locateInOrder(t, ['pain', 'fever', 'pain']), [
      { start: 0, end: 4 },
      { start: 6, end: 11 },
      { start: 13, end: 17 },
    ]);
  });

  it('returns undefined for empty, blank or missing surfaces without consuming anything', () => {
    const t = 'pain and fever';
    assert.deepEqual(locateInOrder(t, ['', '   ', 'cough', 'fever']), [undefined, undefined, undefined, { start: 9, end: 14 }]);
  });

  it('never returns two overlapping spans', () => {
    const t = 'chest pain';
    const r = locateInOrder(t, ['chest pain', 'pain', 'chest']);
    assert.deepEqual(r, [{ start: 0, end: 10 }, undefined, undefined]);
  });

  it('prefers the first occurrence after the previous match, then earlier unused ones', () => {
    const t = 'a fever, a cough, a fever';
    assert.deepEqual(locateInOrder(t, ['cough', 'fever', 'fever']), [
      { start: 11, end: 16 },
      { start: 20, end: 25 },
      { start: 2, end: 7 },
    ]);
  });

  it('prefers an exact-case occurrence after the cursor to a case-insensitive one', () => {
    assert.deepEqual(locateInOrder('Pain and pain', ['pain']), [{ start: 9, end: 13 }]);
    assert.deepEqual(locateInOrder('Pain and PAIN', ['pain']), [{ start: 0, end: 4 }]);
  });

  it('trims the surface and tolerates different whitespace', () => {
    const t = 'shortness\r\nof  breath';
    assert.deepEqual(locateInOrder(t, ['  shortness of breath ']), [{ start: 0, end: t.length }]);
    assert.deepEqual(locateInOrder('shortness of breath', ['shortness\n of\tbreath']), [{ start: 0, end: 19 }]);
  });

  it('does not match across missing whitespace or inside words', () => {
    assert.deepEqual(locateInOrder('chestpain', ['chest pain', 'pain']), [undefined, undefined]);
    assert.deepEqual(locateInOrder('painful', ['pain']), [undefined]);
  });

  it('matches surfaces made of punctuation or emoji', () => {
    const t = 'x (😀) y';
    assert.deepEqual(locateInOrder(t, ['😀', '(', ')']), [
      { start: 3, end: 5 },
      { start: 2, end: 3 },
      { start: 5, end: 6 },
    ]);
  });

  it('skips matches that are already taken when searching from the start', () => {
    const t = 'pain pain';
    assert.deepEqual(locateInOrder(t, ['pain', 'pain', 'pain']), [{ start: 0, end: 4 }, { start: 5, end: 9 }, undefined]);
  });

  it('does not throw on regex syntax in a surface', () => {
    assert.doesNotThrow(() => locateInOrder('a (b) [c] {d} e*f+g? ^h$ i|j \\k', ['(b)', '[c]', '{d}', 'e*f+g?', '^h$', 'i|j', '\\k', '(', '\\']));
    assert.deepEqual(locateInOrder('a (b) [c] {d} e*f+g? ^h$ i|j \\k', ['{d}', '^h$', '\\k']), [
      { start: 10, end: 13 },
      { start: 21, end: 24 },
      { start: 29, end: 31 },
    ]);
  });
});
