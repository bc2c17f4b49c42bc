/**
 * One sort run as bytes (vocab/runSort.ts): its order is JavaScript's string order (UTF-16
 * code units) although it compares UTF-8 bytes, a line that is another's prefix comes first,
 * a repeat is written once, and a line longer than the writer's buffer is written whole.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sortLines, writeRun } from '../../../../server/src/engine/linking/vocab/runSort';
import { mulberry32 } from '../../../../server/src/engine/random';

/** The lines as a run holds them: UTF-8, each ended by a line break. */
function bytesOf(lines: string[]): Buffer {
  return Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
}

function sortedText(lines: string[]): string[] {
  const data = bytesOf(lines);
  const { starts, ends, order } = sortLines(data, data.length);
  return [...order].map((l) => data.toString('utf8', starts[l], ends[l]));
}

describe('vocabulary build: one sort run as bytes', () => {
  // Characters whose UTF-8 order is not their UTF-16 order (U+E000..U+FFFF against a pair
  // above U+FFFF), with their neighbours, NUL (the build's separator) and ASCII.
  const alphabet = ['\u0000', '1', 'a', 'b', 'é', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uf8ff', '\ufffd', '\uffff', '\u{10000}', '\u{1f600}', '\u{10ffff}'];

  it('random lines over that alphabet: the order of Array.prototype.sort, through the radix buckets and the small ones', () => {
    const rand = mulberry32(23);
    for (const [count, longest] of [
      [20, 6],
      [3000, 4],
      [5000, 40],
    ]) {
      const lines = Array.from({ length: count }, () =>
        Array.from({ length: Math.floor(rand() * longest) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''),
      );
      assert.deepEqual(sortedText(lines), [...lines].sort(), `${count} lines of up to ${longest} characters`);
    }
  });

  it('lines sharing prefixes of 1 to 9 bytes: the order of Array.prototype.sort through radix passes at every depth (4 bytes read at a time), lines ending inside them', () => {
    const rand = mulberry32(5);
    const prefixes = ['K', 'K1:', 'K1:ab', 'K1:abé', 'K2:\u{1f600}\u0000', 'A\ue000\ufffd', 'I12345678'];
    const lines = Array.from(
      { length: 6000 },
      () =>
        prefixes[Math.floor(rand() * prefixes.length)] +
        Array.from({ length: Math.floor(rand() * 5) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''),
    );
    assert.deepEqual(sortedText(lines), [...lines].sort());
  });

  it('a pair above U+FFFF sorts before U+E000 and U+FFFF, as in a string, though its UTF-8 lead byte is larger', () => {
    const lines = ['x\uffff', 'x\u{1f600}', 'x\ue000', 'x\ud7ff', 'x'];
    assert.deepEqual(sortedText(lines), ['x', 'x\ud7ff', 'x\u{1f600}', 'x\ue000', 'x\uffff']);
  });

  it('shared prefixes many levels deep (one radix bucket after another), a prefix before its longer lines, an empty line first', () => {
    const stem = 'K3:chronic obstructive pulmonary diseas';
    const lines = [...Array.from({ length: 200 }, (_, i) => `${stem}\u0000${(i * 7919) % 1000}`), stem, `${stem}\u0000`, ''];
    assert.deepEqual(sortedText(lines), [...lines].sort());
  });

  describe('writing a run', () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-run-'))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('each distinct line once, in order; a line longer than the 1 MB write buffer whole, between its neighbours', () => {
      const long = `A${'x'.repeat(1_500_000)}`;
      const lines = ['K2:b', 'A', 'K1:a\u00001', long, 'K1:a\u00001', 'K2:b', `A${'x'.repeat(10)}`, 'K1:a\u00000'];
      const data = bytesOf(lines);
      const file = path.join(dir, 'run-0.txt');
      writeRun(fs, sortLines, data, data.length, file);
      const written = fs.readFileSync(file, 'utf8').split('\n');
      assert.equal(written.pop(), '', 'every line ends with a line break');
      assert.deepEqual(written, [...new Set(lines)].sort());
    });
  });
});
