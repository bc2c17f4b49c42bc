/**
 * A note's words as the PHI rules read them (words.ts): a possessive 's is no part of the word
 * and is kept as a flag, so that every rule asks the word and none looks at the text after it;
 * an apostrophe inside a name stays, a closing quote or a plural's apostrophe goes unflagged.
 */
import * as assert from 'node:assert/strict';
import { mulberry32 } from '../../../server/src/engine/random';
import { firstWordFrom, wordEndingAt, wordsOf } from '../../../server/src/engine/tasks/phi/words';

const of = (text: string) => wordsOf(text).map((w) => `${w.text}${w.possessive ? "+'s" : ''}@${w.start}-${w.end}`);

describe("A note's words", () => {
  it("drops a possessive 's in any case and flags the word, its offsets its own letters", () => {
    assert.deepEqual(of("pt's wife"), ["pt+'s@0-2", 'wife@5-9']);
    assert.deepEqual(of("PT'S SON"), ["PT+'s@0-2", 'SON@5-8']);
    assert.deepEqual(of("Children's"), ["Children+'s@0-8"]);
  });

  it("keeps an apostrophe inside a name, and flags no closing quote or plural's apostrophe", () => {
    assert.deepEqual(of("O'Brien's"), ["O'Brien+'s@0-7"]);
    assert.deepEqual(of("friend 'Tony' called"), ['friend@0-6', 'Tony@8-12', 'called@14-20']);
    assert.deepEqual(of("the sons' visit"), ['the@0-3', 'sons@4-8', 'visit@10-15']);
  });

  it('reads case and sentence starts by characters as the expressions would, on random notes of any script and punctuation', () => {
    // The expressions the character loops stand for (a word's capital, all capitals, a start after its gap).
    const starts = (gap: string, before: string) => /[!?:;\n>*-]\s*$/.test(gap) || (/\.\s*$/.test(gap) && !/^[A-Z][a-z]?[a-z]?$/.test(before));
    const words = [
      'pt',
      'PT',
      'Dr',
      'St',
      'Mrs',
      'SMITH',
      'Smith',
      "O'BRIEN",
      'José',
      'JOSÉ',
      'straße',
      'STRASSE',
      'ǅemal',
      'Ωmega',
      'ΩMEGA',
      'élan',
      'a',
      'I',
      'x-ray',
      'X-RAY',
    ];
    const gaps = [
      ' ',
      '  ',
      '. ',
      '.\n',
      ', ',
      '\n',
      '\r\n',
      '! ',
      '? ',
      ': ',
      '; ',
      '> ',
      '* ',
      '- ',
      '.\u00a0',
      '.\u2003',
      '\u2014 ',
      ' (',
      '.\t',
      '. \u3000',
      '',
      '\u00a0',
    ];
    const rand = mulberry32(58);
    for (let n = 0; n < 300; n++) {
      let text = '';
      for (let k = 0; k < 12; k++) text += gaps[Math.floor(rand() * gaps.length)] + words[Math.floor(rand() * words.length)];
      const found = wordsOf(text);
      found.forEach((w, i) => {
        const context = `${JSON.stringify(text)} word ${i} ${w.text}`;
        assert.equal(w.gap, text.slice(i === 0 ? 0 : found[i - 1].end + (found[i - 1].possessive ? 2 : 0), w.start), context);
        assert.equal(w.cap, /^\p{Lu}/u.test(w.text), context);
        assert.equal(w.allCaps, w.text.length > 1 && w.text === w.text.toUpperCase(), context);
        assert.equal(w.starts, i === 0 || starts(w.gap, found[i - 1].text), context);
      });
    }
  });

  it('finds the words the expression for them would, by code point, on random texts of letters, marks, astral letters, apostrophes and hyphens', () => {
    const pieces = [
      'a',
      'Z',
      'é',
      'e\u0301',
      '\u0301',
      'ß',
      '𝔸',
      '𐐀',
      '😀',
      '\ud835',
      '\udd38',
      "'",
      "'s",
      '-',
      '--',
      ' ',
      '\n',
      '1',
      '_',
      'ǅ',
      'Ω',
      '\u0903',
      'x-\u0301',
    ];
    const rand = mulberry32(61);
    for (let n = 0; n < 500; n++) {
      const text = Array.from({ length: Math.floor(rand() * 16) }, () => pieces[Math.floor(rand() * pieces.length)]).join('');
      const want = [...text.matchAll(/\p{L}[\p{L}\p{M}']*(?:-\p{L}[\p{L}\p{M}]*)*/gu)].map((m) => {
        const w = m[0].replace(/'s$|'$/i, '');
        return [m.index, m.index + w.length];
      });
      assert.deepEqual(
        wordsOf(text).map((w) => [w.start, w.end]),
        want,
        JSON.stringify(text),
      );
    }
  });

  it('finds a word by its end, and the first word from an offset, as a look through every word would', () => {
    const rand = mulberry32(9);
    for (let n = 0; n < 200; n++) {
      const text = Array.from(
        { length: Math.floor(rand() * 12) },
        () => ['pt', 'Rose', "O'Neil's", ' ', '  ', ', ', '\n', 'x-ray'][Math.floor(rand() * 8)],
      ).join(' ');
      const words = wordsOf(text);
      for (let offset = 0; offset <= text.length + 1; offset++) {
        const ends = words.findIndex((w) => w.end === offset);
        assert.equal(wordEndingAt(words, offset), ends < 0 ? undefined : ends, `${JSON.stringify(text)} end ${offset}`);
        const from = words.findIndex((w) => w.start >= offset);
        assert.equal(firstWordFrom(words, offset), from < 0 ? words.length : from, `${JSON.stringify(text)} from ${offset}`);
      }
    }
  });
});
