import * as assert from 'node:assert/strict';
import { BioTag, decodeBio, parseBioTag } from '../../../server/src/engine/text/bio';

/** Tags from strings like 'B-X', 'I-Y', 'O'. */
function tags(...raw: string[]): BioTag[] {
  return raw.map((r) => {
    const t = parseBioTag(r);
    if (!t) throw new Error(`bad tag ${r}`);
    return t;
  });
}

describe('decodeBio', () => {
  it('returns no chunks for no tags or only O', () => {
    assert.deepEqual(decodeBio([]), []);
    assert.deepEqual(decodeBio(tags('O', 'O', 'O')), []);
  });

  it('decodes B I I as one chunk', () => {
    assert.deepEqual(decodeBio(tags('O', 'B-PROBLEM', 'I-PROBLEM', 'I-PROBLEM', 'O')), [{ first: 1, last: 3, type: 'PROBLEM' }]);
  });

  it('a single B token is a one-token chunk', () => {
    assert.deepEqual(decodeBio(tags('B-TEST')), [{ first: 0, last: 0, type: 'TEST' }]);
    assert.deepEqual(decodeBio(tags('O', 'B-TEST', 'O')), [{ first: 1, last: 1, type: 'TEST' }]);
  });

  it('a single I token is a one-token chunk too (conlleval)', () => {
    assert.deepEqual(decodeBio(tags('I-TEST')), [{ first: 0, last: 0, type: 'TEST' }]);
  });

  it('I after O starts a chunk (conlleval)', () => {
    assert.deepEqual(decodeBio(tags('O', 'I-PROBLEM', 'I-PROBLEM', 'O')), [{ first: 1, last: 2, type: 'PROBLEM' }]);
  });

  it('I-X after B-Y starts a new chunk of type X', () => {
    assert.deepEqual(decodeBio(tags('B-TREATMENT', 'I-PROBLEM', 'I-PROBLEM')), [
      { first: 0, last: 0, type: 'TREATMENT' },
      { first: 1, last: 2, type: 'PROBLEM' },
    ]);
  });

  it('I-X after I-Y starts a new chunk of type X', () => {
    assert.deepEqual(decodeBio(tags('B-TEST', 'I-TEST', 'I-PROBLEM')), [
      { first: 0, last: 1, type: 'TEST' },
      { first: 2, last: 2, type: 'PROBLEM' },
    ]);
  });

  it('B after B starts a new chunk even of the same type', () => {
    assert.deepEqual(decodeBio(tags('B-PROBLEM', 'B-PROBLEM', 'I-PROBLEM')), [
      { first: 0, last: 0, type: 'PROBLEM' },
      { first: 1, last: 2, type: 'PROBLEM' },
    ]);
  });

  it('B-X after I-X starts a new chunk', () => {
    assert.deepEqual(decodeBio(tags('B-X', 'I-X', 'B-X')), [
      { first: 0, last: 1, type: 'X' },
      { first: 2, last: 2, type: 'X' },
    ]);
  });

  it('bare B/I (literature) decode with an empty type', () => {
    assert.deepEqual(decodeBio(tags('O', 'B', 'I', 'I', 'O', 'B', 'B', 'I')), [
      { first: 1, last: 3, type: '' },
      { first: 5, last: 5, type: '' },
      { first: 6, last: 7, type: '' },
    ]);
  });

  it('an entity that runs to the end of the sentence is closed', () => {
    assert.deepEqual(decodeBio(tags('O', 'B-PROBLEM', 'I-PROBLEM')), [{ first: 1, last: 2, type: 'PROBLEM' }]);
  });

  it('O inside a run splits it: B I O I gives two chunks', () => {
    assert.deepEqual(decodeBio(tags('B-P', 'I-P', 'O', 'I-P')), [
      { first: 0, last: 1, type: 'P' },
      { first: 3, last: 3, type: 'P' },
    ]);
  });

  it('chunks are returned in order and never overlap', () => {
    const seq = tags('B-A', 'I-A', 'I-B', 'B-B', 'O', 'I-A', 'B-A', 'I-A', 'I-A');
    const chunks = decodeBio(seq);
    assert.deepEqual(
      chunks.map((c) => [c.first, c.last, c.type]),
      [
        [0, 1, 'A'],
        [2, 2, 'B'],
        [3, 3, 'B'],
        [5, 5, 'A'],
        [6, 8, 'A'],
      ],
    );
  });
});

describe('parseBioTag', () => {
  it('parses a typed B tag', () => {
    assert.deepEqual(parseBioTag('B-PROBLEM'), { prefix: 'B', type: 'PROBLEM' });
  });

  it('parses lower case, upper-casing prefix and type', () => {
    assert.deepEqual(parseBioTag('i-problem'), { prefix: 'I', type: 'PROBLEM' });
    assert.deepEqual(parseBioTag('b-Treatment'), { prefix: 'B', type: 'TREATMENT' });
  });

  it('accepts an underscore separator', () => {
    assert.deepEqual(parseBioTag('B_Disease'), { prefix: 'B', type: 'DISEASE' });
  });

  it('accepts types with underscores (CLINICAL_DEPT)', () => {
    assert.deepEqual(parseBioTag('I-CLINICAL_DEPT'), { prefix: 'I', type: 'CLINICAL_DEPT' });
  });

  it('parses bare B and I with an empty type', () => {
    assert.deepEqual(parseBioTag('B'), { prefix: 'B', type: '' });
    assert.deepEqual(parseBioTag('I'), { prefix: 'I', type: '' });
    assert.deepEqual(parseBioTag('b'), { prefix: 'B', type: '' });
  });

  it('parses O (and o) with an empty type', () => {
    assert.deepEqual(parseBioTag('O'), { prefix: 'O', type: '' });
    assert.deepEqual(parseBioTag('o'), { prefix: 'O', type: '' });
  });

  it('trims surrounding whitespace', () => {
    assert.deepEqual(parseBioTag('  B-TEST \r'), { prefix: 'B', type: 'TEST' });
  });

  it('returns undefined for garbage', () => {
    for (const raw of ['', 'X', 'X-PROBLEM', 'BI', 'B-', 'B-1', 'Output', 'problem', 'B--PROBLEM', 'B-PROBLEM extra', '0']) {
      assert.equal(parseBioTag(raw), undefined, `parseBioTag(${JSON.stringify(raw)})`);
    }
  });
});
