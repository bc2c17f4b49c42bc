/** conlleval: chunks, tags and span scores as the reference script counts them. */
import * as assert from 'node:assert/strict';
import { chunks, parseTag, scoreSpans, scoreTags, Span } from '../../../server/src/engine/eval/conlleval';

describe('formats: conlleval', () => {
  it('parses tags', () => {
    assert.deepEqual(parseTag('B-Chemical'), { prefix: 'B', type: 'Chemical' });
    assert.deepEqual(parseTag('I', 'Entity'), { prefix: 'I', type: 'Entity' });
    assert.deepEqual(parseTag('U-Gene'), { prefix: 'S', type: 'Gene' });
    assert.deepEqual(parseTag('O'), { prefix: 'O', type: '' });
    assert.equal(parseTag('X-Foo'), undefined);
    assert.equal(parseTag('O-Foo'), undefined);
    assert.equal(parseTag(''), undefined);
  });

  it('I- after O or after another type starts a chunk; B- after I- of the same type starts a new one', () => {
    assert.deepEqual(chunks(['O', 'I-X', 'I-X', 'O']), [{ start: 1, end: 3, type: 'X' }]);
    assert.deepEqual(chunks(['B-X', 'I-Y', 'I-Y']), [
      { start: 0, end: 1, type: 'X' },
      { start: 1, end: 3, type: 'Y' },
    ]);
    assert.deepEqual(chunks(['B-X', 'I-X', 'B-X']), [
      { start: 0, end: 2, type: 'X' },
      { start: 2, end: 3, type: 'X' },
    ]);
    assert.deepEqual(chunks(['I-X']), [{ start: 0, end: 1, type: 'X' }]);
    assert.deepEqual(chunks(['B', 'I', 'O', 'B'], 'E'), [
      { start: 0, end: 2, type: 'E' },
      { start: 3, end: 4, type: 'E' },
    ]);
    // IOBES: E ends a chunk, S is one on its own.
    assert.deepEqual(chunks(['B-X', 'E-X', 'I-X', 'S-Y', 'S-Y']), [
      { start: 0, end: 2, type: 'X' },
      { start: 2, end: 3, type: 'X' },
      { start: 3, end: 4, type: 'Y' },
      { start: 4, end: 5, type: 'Y' },
    ]);
    assert.deepEqual(chunks([]), []);
  });

  const span = (doc: string, start: number, end: number, type: string): Span => ({ doc, start, end, type });

  it('strict matching needs the same document, start, end and type', () => {
    const gold = [span('a', 0, 2, 'X'), span('a', 5, 6, 'X'), span('b', 0, 2, 'X')];
    const pred = [span('a', 0, 2, 'X'), span('a', 5, 7, 'X'), span('c', 0, 2, 'X')];
    const s = scoreSpans(gold, pred).strict;
    assert.deepEqual(s.micro, { tp: 1, fp: 2, fn: 2, precision: 33.3, recall: 33.3, f1: 33.3 });
  });

  it('a predicted chunk with the wrong type is a false positive of its type and the gold a false negative of its own', () => {
    const r = scoreSpans([span('a', 0, 2, 'Chemical')], [span('a', 0, 2, 'Disease')]);
    for (const m of [r.strict, r.overlap]) {
      assert.deepEqual(m.perType.Chemical, { tp: 0, fp: 0, fn: 1, precision: 0, recall: 0, f1: 0 });
      assert.deepEqual(m.perType.Disease, { tp: 0, fp: 1, fn: 0, precision: 0, recall: 0, f1: 0 });
      assert.deepEqual(m.micro, { tp: 0, fp: 1, fn: 1, precision: 0, recall: 0, f1: 0 });
    }
  });

  it('overlap matching credits partial overlaps of the same type, each span at most once', () => {
    const gold = [span('a', 0, 4, 'X'), span('a', 10, 12, 'X')];
    const pred = [span('a', 2, 6, 'X'), span('a', 3, 5, 'X'), span('a', 12, 14, 'X'), span('a', 10, 12, 'Y')];
    const r = scoreSpans(gold, pred);
    assert.deepEqual(r.overlap.perType.X, { tp: 1, fp: 2, fn: 1, precision: 33.3, recall: 50, f1: 40 });
    assert.deepEqual(r.strict.perType.X, { tp: 0, fp: 3, fn: 2, precision: 0, recall: 0, f1: 0 });
    // A maximum matching: the long prediction must go to the gold only it can reach.
    const g2 = [span('d', 0, 10, 'X'), span('d', 0, 2, 'X')];
    const p2 = [span('d', 0, 2, 'X'), span('d', 5, 10, 'X')];
    assert.equal(scoreSpans(g2, p2).overlap.micro.tp, 2);
    assert.equal(scoreSpans(g2, [...p2].reverse()).overlap.micro.tp, 2);
  });

  it('micro averages come from summed counts; zero division gives 0', () => {
    const gold = [span('a', 0, 1, 'X'), span('a', 2, 3, 'X'), span('a', 4, 5, 'X'), span('a', 6, 7, 'Y')];
    const pred = [span('a', 0, 1, 'X'), span('a', 6, 7, 'Y'), span('a', 8, 9, 'Y'), span('a', 10, 11, 'Y')];
    const s = scoreSpans(gold, pred).strict;
    assert.deepEqual(s.perType.X, { tp: 1, fp: 0, fn: 2, precision: 100, recall: 33.3, f1: 50 });
    assert.deepEqual(s.perType.Y, { tp: 1, fp: 2, fn: 0, precision: 33.3, recall: 100, f1: 50 });
    // Summed counts tp 2, fp 2, fn 2: precision 50, where the mean of the per-type precisions would be 66.7.
    assert.deepEqual(s.micro, { tp: 2, fp: 2, fn: 2, precision: 50, recall: 50, f1: 50 });
    const s2 = scoreSpans(gold, [span('a', 0, 1, 'X')]).strict.micro;
    assert.deepEqual(s2, { tp: 1, fp: 0, fn: 3, precision: 100, recall: 25, f1: 40 });
    const empty = scoreSpans([], []);
    assert.deepEqual(empty.strict.micro, { tp: 0, fp: 0, fn: 0, precision: 0, recall: 0, f1: 0 });
    assert.deepEqual(empty.strict.perType, {});
    assert.deepEqual(scoreSpans([span('a', 0, 1, 'X')], []).overlap.micro, { tp: 0, fp: 0, fn: 1, precision: 0, recall: 0, f1: 0 });
    assert.deepEqual(scoreSpans([], [span('a', 0, 1, 'X')]).overlap.micro, { tp: 0, fp: 1, fn: 0, precision: 0, recall: 0, f1: 0 });
  });

  it('scores tag sequences like conlleval', () => {
    const r = scoreTags(
      [
        ['B-X', 'I-X', 'O', 'B-Y'],
        ['O', 'B-X'],
      ],
      [
        ['B-X', 'I-X', 'O', 'I-Y'],
        ['B-X', 'O'],
      ],
    );
    assert.deepEqual(r.strict.micro, { tp: 2, fp: 1, fn: 1, precision: 66.7, recall: 66.7, f1: 66.7 });
    assert.throws(() => scoreTags([['O']], []));
  });
});
