import * as assert from 'node:assert/strict';
import { tokenize, Token } from '../../server/src/engine/text/tokenize';

const texts = (ts: Token[]) => ts.map((t) => t.text);

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Every token is the slice at its offsets, tokens are ordered and never cut a surrogate pair. */
function checkInvariants(text: string, tokens: Token[], base = 0): void {
  let prev = base;
  for (const t of tokens) {
    assert.ok(t.start >= prev, `token ${JSON.stringify(t)} overlaps the previous one`);
    assert.ok(t.end > t.start);
    assert.equal(text.slice(t.start - base, t.end - base), t.text);
    assert.ok(!/\s/u.test(t.text), `token ${JSON.stringify(t.text)} holds whitespace`);
    assert.ok(!isLow(text.charCodeAt(t.start - base)) || !isHigh(text.charCodeAt(t.start - base - 1)), 'starts inside a pair');
    assert.ok(!isHigh(text.charCodeAt(t.end - base - 1)) || !isLow(text.charCodeAt(t.end - base)), 'ends inside a pair');
    prev = t.end;
  }
  // Tokens cover every non-whitespace character of the text.
  const covered = new Array(text.length).fill(false);
  for (const t of tokens) for (let i = t.start - base; i < t.end - base; i++) covered[i] = true;
  for (let i = 0; i < text.length; i++) {
    if (!covered[i]) assert.match(text[i], /\s/, `character ${i} (${JSON.stringify(text[i])}) is in no token`);
  }
}

describe('tokenize', () => {
  it('returns no tokens for empty or whitespace-only text', () => {
    assert.deepEqual(tokenize(''), []);
    assert.deepEqual(tokenize('  \n\t\r\n '), []);
  });

  it('splits punctuation off words like the corpora: Cisplatin-induced is three tokens', () => {
    const ts = tokenize('Cisplatin-induced');
    assert.deepEqual(ts, [
      { start: 0, end: 9, text: 'Cisplatin' },
      { start: 9, end: 10, text: '-' },
      { start: 10, end: 17, text: 'induced' },
    ]);
  });

  it('splits a sentence into words and single punctuation tokens', () => {
    const s = 'Germline mutations in BRCA1 are responsible for breast and ovarian cancer.';
    assert.deepEqual(texts(tokenize(s)), [
      'Germline', 'mutations', 'in', 'BRCA1', 'are', 'responsible', 'for', 'breast', 'and', 'ovarian', 'cancer', '.',
    ]);
  });

  it('makes each punctuation character its own token, even in runs', () => {
    assert.deepEqual(texts(tokenize('BP 120/80, HR 72...')), ['BP', '120', '/', '80', ',', 'HR', '72', '.', '.', '.']);
    assert.deepEqual(texts(tokenize('(x)')), ['(', 'x', ')']);
    assert.deepEqual(texts(tokenize('10:30')), ['10', ':', '30']);
  });

  it('keeps letters and digits of one run together (BRCA1, 5mg, IL-6 split only at the hyphen)', () => {
    assert.deepEqual(texts(tokenize('BRCA1 5mg IL-6')), ['BRCA1', '5mg', 'IL', '-', '6']);
  });

  it('gives offsets relative to the text plus base', () => {
    const ts = tokenize('  chest pain.', 100);
    assert.deepEqual(ts, [
      { start: 102, end: 107, text: 'chest' },
      { start: 108, end: 112, text: 'pain' },
      { start: 112, end: 113, text: '.' },
    ]);
    checkInvariants('  chest pain.', ts, 100);
  });

  it('base 0 is the default', () => {
    assert.deepEqual(tokenize('a b'), tokenize('a b', 0));
  });

  it('treats line breaks (LF, CRLF) and tabs as separators', () => {
    const s = 'chest\r\npain\nand\tfever';
    const ts = tokenize(s);
    assert.deepEqual(texts(ts), ['chest', 'pain', 'and', 'fever']);
    assert.equal(ts[1].start, 7);
    assert.equal(ts[2].start, 12);
    assert.equal(ts[3].start, 16);
    checkInvariants(s, ts);
  });

  it('keeps a non-BMP letter inside its word: 𝐀spirin is one token of 8 UTF-16 units', () => {
    const s = 'Take 𝐀spirin daily';
    const ts = tokenize(s);
    assert.deepEqual(texts(ts), ['Take', '𝐀spirin', 'daily']);
    assert.deepEqual(ts[1], { start: 5, end: 13, text: '𝐀spirin' });
    assert.deepEqual(ts[2], { start: 14, end: 19, text: 'daily' });
    checkInvariants(s, ts);
  });

  it('keeps CJK extension B letters (𠜎) as letters of a word', () => {
    const s = 'x𠜎y 𠜎';
    const ts = tokenize(s);
    assert.deepEqual(ts, [
      { start: 0, end: 4, text: 'x𠜎y' },
      { start: 5, end: 7, text: '𠜎' },
    ]);
  });

  it('makes an emoji one token of two UTF-16 units, never splitting the surrogate pair', () => {
    const s = 'pain😀fever 😀';
    const ts = tokenize(s);
    assert.deepEqual(ts, [
      { start: 0, end: 4, text: 'pain' },
      { start: 4, end: 6, text: '😀' },
      { start: 6, end: 11, text: 'fever' },
      { start: 12, end: 14, text: '😀' },
    ]);
    checkInvariants(s, ts);
  });

  it('makes consecutive emoji separate tokens, each a whole code point', () => {
    const ts = tokenize('😀😷');
    assert.deepEqual(ts, [
      { start: 0, end: 2, text: '😀' },
      { start: 2, end: 4, text: '😷' },
    ]);
  });

  it('offsets after non-BMP characters count UTF-16 units (string indices)', () => {
    const s = '😀 𝐀 chest';
    const ts = tokenize(s, 10);
    const chest = ts.find((t) => t.text === 'chest')!;
    assert.equal(chest.start, 10 + s.indexOf('chest'));
    assert.equal(chest.start, 16);
  });

  it('keeps combining marks with their base letter (decomposed é)', () => {
    const s = 'cafe\u0301 re\u0301sume\u0301.';
    const ts = tokenize(s);
    assert.deepEqual(texts(ts), ['cafe\u0301', 're\u0301sume\u0301', '.']);
    assert.deepEqual(ts[0], { start: 0, end: 5, text: 'cafe\u0301' });
    checkInvariants(s, ts);
  });

  it('keeps a keycap sequence (digit + variation selector + combining keycap) together', () => {
    const s = '1\uFE0F\u20E3 dose';
    const ts = tokenize(s);
    assert.deepEqual(texts(ts), ['1\uFE0F\u20E3', 'dose']);
  });

  it('keeps accented and non-Latin letters in words', () => {
    assert.deepEqual(texts(tokenize('Sjögren syndrome, α-synuclein')), ['Sjögren', 'syndrome', ',', 'α', '-', 'synuclein']);
  });

  it('satisfies the invariants on a mixed text', () => {
    const s = ' He denied 😀chest-pain\r\n(𝐀spirin 81mg) 𠜎;  cafe\u0301!\n';
    checkInvariants(s, tokenize(s));
    checkInvariants(s, tokenize(s, 7), 7);
  });
});
