/**
 * The key tables of a .vocab (vocab/binary.ts): keys of any length and script written in
 * front-coded blocks and read back one block at a time, each with its values; keys that are
 * not there are not found. The writer encodes each key into buffers it reuses and grows.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSink, KeyTable, KeyTableWriter, readAt } from '../../../../server/src/engine/linking/vocab/binary';
import { mulberry32 } from '../../../../server/src/engine/random';

describe('.vocab key tables', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-keys-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keys of 1 to 3,000 characters (ASCII, accents, CJK, astral), short after long and long after short, read back with their values', () => {
    const rand = mulberry32(3);
    const alphabet = ['a', 'b', 'z', ' ', 'é', '日', '𝔸', '1'];
    const word = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    // Long keys that share long prefixes, so front coding and the buffers' growth both count.
    const keys = new Set<string>();
    while (keys.size < 2000) {
      const length = rand() < 0.1 ? 200 + Math.floor(rand() * 2800) : 1 + Math.floor(rand() * 40);
      keys.add(rand() < 0.3 ? `${'shared prefix é'.repeat(Math.floor(rand() * 20))}${word(length)}` : word(length));
    }
    const sorted = [...keys].sort();
    const values = sorted.map((_, i) => Array.from({ length: 1 + (i % 4) }, (_, j) => i * 7 + j * 1000));

    const file = path.join(dir, 'keys.bin');
    const fd = fs.openSync(file, 'w+');
    try {
      const sink = new FileSink(fd, 16);
      const writer = new KeyTableWriter(sink);
      sorted.forEach((k, i) => writer.add(k, values[i]));
      const { blocks, index } = writer.finish();
      sink.flush();
      assert.equal(writer.entries, sorted.length);
      const table = new KeyTable(fd, blocks[0], readAt(fd, index[0], index[1]));
      sorted.forEach((k, i) => assert.deepEqual(table.get(k), values[i], `key ${i} (${k.length} characters)`));
      for (const absent of ['', ' ', `${sorted[0]}x`, sorted[5].slice(0, -1) + '\uFFFF', 'zzzzzzzzzzzzzzzzzzzzzzzz'])
        if (!keys.has(absent)) assert.equal(table.get(absent), undefined, JSON.stringify(absent));
    } finally {
      fs.closeSync(fd);
    }
  });

  it('the keys that start with a prefix, in order, to a limit: across blocks, at the start and the very end of the table, flagged or not', () => {
    const rand = mulberry32(48);
    const keys = new Set<string>();
    while (keys.size < 3000) keys.add(Array.from({ length: 2 + Math.floor(rand() * 12) }, () => 'abcé'[Math.floor(rand() * 4)]).join(''));
    const sorted = [...keys].sort();
    for (const flagged of [false, true]) {
      const file = path.join(dir, `prefix-${flagged}.bin`);
      const fd = fs.openSync(file, 'w+');
      try {
        const sink = new FileSink(fd, 0);
        const writer = new KeyTableWriter(sink, flagged);
        // Some keys with several values, so that flagged tables carry flag bytes to skip.
        sorted.forEach((k, i) => writer.add(k, i % 3 === 0 ? [i, i + 1, i + 2] : [i], i % 3 === 0 ? [1, 2, 3] : undefined));
        const { blocks, index } = writer.finish();
        sink.flush();
        const table = new KeyTable(fd, blocks[0], readAt(fd, index[0], index[1]), flagged);
        const last = sorted[sorted.length - 1];
        for (const prefix of ['a', 'ab', 'bca', 'cc', 'é', sorted[0], last, last.slice(0, 2), 'éééééééééééééé', 'd', '']) {
          const want = sorted.filter((k) => k.startsWith(prefix));
          for (const limit of [1, 7, 10_000]) {
            const got = table.startingWith(prefix, limit);
            assert.deepEqual(
              got.map((e) => e.key),
              want.slice(0, limit),
              `${flagged ? 'flagged ' : ''}"${prefix}" to ${limit}`,
            );
            got.forEach((e) => assert.deepEqual(e.values, table.get(e.key)));
          }
        }
        assert.deepEqual(table.startingWith('a', 0), []);
      } finally {
        fs.closeSync(fd);
      }
    }
  });
});
