/**
 * The approximate texts' trigram sections (vocab/gramPostings.ts, textGrams.ts): gathered on
 * a worker thread in many batches or on the caller's thread, the same bytes, and those bytes
 * read back are grams.ts's trigrams of each text in order (non-BMP characters included, whose
 * surrogate halves a trigram may split); a whole build writes the same file either way.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ByteReader } from '../../../../server/src/engine/linking/vocab/binary';
import { buildVocabulary } from '../../../../server/src/engine/linking/vocab/build';
import { GramPostings } from '../../../../server/src/engine/linking/vocab/gramPostings';
import { trigrams } from '../../../../server/src/engine/linking/vocab/grams';
import { readVocabHeader } from '../../../../server/src/engine/linking/vocab/open';
import { mulberry32 } from '../../../../server/src/engine/random';
import { FIXTURES } from '../../../support/paths';

let dir: string;
before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-grams-'))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Distinct random texts in string order, as the merge gives them: ASCII, accents, U+E000-U+FFFF and characters above U+FFFF. */
function randomTexts(seed: number, n: number): string[] {
  const rand = mulberry32(seed);
  const alphabet = ['a', 'b', 'c', 'e', ' ', '1', 'é', 'ß', '\uE000', '\uFFFD', '\u{1F600}', '\u{10437}', '\u{20000}'];
  const texts = new Set<string>();
  while (texts.size < n) {
    let t = '';
    const length = 1 + Math.floor(rand() * 12);
    for (let i = 0; i < length; i++) t += alphabet[Math.floor(rand() * alphabet.length)];
    texts.add(t);
  }
  return [...texts].sort();
}

/** The three sections written by `grams` for `texts` at a position past some bytes already in the file. */
function written(
  grams: GramPostings,
  texts: readonly string[],
  cap: number,
): { bytes: Buffer; lengths: { counts: number; postings: number; directory: number } } {
  const file = path.join(dir, `grams-${Math.random()}.bin`);
  const fd = fs.openSync(file, 'w+');
  try {
    fs.writeSync(fd, Buffer.from('before'), 0, 6, 0);
    for (const t of texts) grams.add(t);
    const lengths = grams.write(fd, 6, cap);
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.toString('latin1', 0, 6), 'before');
    assert.equal(bytes.length, 6 + lengths.counts + lengths.postings + lengths.directory);
    return { bytes: bytes.subarray(6), lengths };
  } finally {
    fs.closeSync(fd);
    grams.dispose();
  }
}

/** The sections read back: each text's count, and the directory's entries in order (texts undefined where capped). */
function readBack(bytes: Buffer, lengths: { counts: number; postings: number }) {
  const counts = [...bytes.subarray(0, lengths.counts)];
  const postings = bytes.subarray(lengths.counts, lengths.counts + lengths.postings);
  const dir = new ByteReader(bytes.subarray(lengths.counts + lengths.postings));
  const entries: { name: string; count: number; texts?: number[] }[] = [];
  while (!dir.done) {
    const name = dir.bytes(dir.varint()).toString('utf8');
    const count = dir.varint();
    const offset = dir.varint();
    const length = dir.varint();
    if (length === 0) entries.push({ name, count });
    else {
      const r = new ByteReader(postings.subarray(offset, offset + length));
      const texts: number[] = [];
      let last = 0;
      while (!r.done) texts.push((last += r.varint()));
      entries.push({ name, count, texts });
    }
  }
  return { counts, entries };
}

describe('vocabulary build: the texts’ trigram postings', () => {
  const texts = randomTexts(11, 4000);
  const cap = 300;

  it('on a worker in many batches: the bytes written on the caller’s thread', () => {
    const here = written(new GramPostings(false), texts, cap);
    const worker = written(new GramPostings(true, 64), texts, cap);
    assert.ok(here.bytes.length > 4000);
    assert.deepEqual(worker.lengths, here.lengths);
    assert.ok(worker.bytes.equals(here.bytes), 'the same sections either way');
  });

  for (const [how, make] of [
    ['on a worker in batches of 64 bytes', () => new GramPostings(true, 64)],
    ['on the caller’s thread', () => new GramPostings(false)],
  ] as const) {
    it(`${how}: each text's distinct trigrams, each trigram's texts in order, lists past the cap kept as counts`, () => {
      const { bytes, lengths } = written(make(), texts, cap);
      const { counts, entries } = readBack(bytes, lengths);
      const expected = new Map<string, number[]>();
      texts.forEach((text, t) => {
        const grams = trigrams(text);
        assert.equal(counts[t], Math.min(255, grams.size), `count of text ${t}`);
        for (const g of grams) expected.set(g, [...(expected.get(g) ?? []), t]);
      });
      assert.equal(counts.length, texts.length);
      // The trigrams in string order (UTF-16 code units); one holding half a surrogate pair is named by its UTF-8, U+FFFD there.
      const want = [...expected.keys()].sort().map((g) => {
        const list = expected.get(g)!;
        const name = Buffer.from(g, 'utf8').toString('utf8');
        return list.length <= cap ? { name, count: list.length, texts: list } : { name, count: list.length };
      });
      assert.ok(want.some((e) => !e.texts) && want.some((e) => e.texts));
      assert.ok(want.some((e) => e.name.includes('\uFFFD')) && want.some((e) => /[\u{10000}-\u{10FFFF}]/u.test(e.name)));
      assert.equal(entries.length, want.length);
      entries.forEach((e, i) => assert.deepEqual(e, want[i], `trigram ${i}, ${JSON.stringify(want[i].name)}`));
    });
  }

  it('no text: empty sections, either way', () => {
    for (const grams of [new GramPostings(true), new GramPostings(false)]) {
      const { lengths } = written(grams, [], cap);
      assert.deepEqual(lengths, { counts: 0, postings: 0, directory: 0 });
    }
  });

  it('a file that cannot be written fails the write with the file system’s code, on either thread', () => {
    const file = path.join(dir, 'read-only.bin');
    fs.writeFileSync(file, '');
    for (const grams of [new GramPostings(true, 64), new GramPostings(false)]) {
      const fd = fs.openSync(file, 'r');
      try {
        for (const t of texts.slice(0, 100)) grams.add(t);
        assert.throws(() => grams.write(fd, 0, cap), { code: 'EBADF' });
      } finally {
        fs.closeSync(fd);
        grams.dispose();
      }
    }
  });

  it('a build writes the same file with the postings on a worker or on its own thread', () => {
    const source = { sources: [path.join(FIXTURES, 'linking', 'vocab', 'umls', 'MRCONSO.RRF')], format: 'umls' as const, label: 'u', tmpDir: dir };
    const body = (out: string) => fs.readFileSync(out).subarray(readVocabHeader(out).sections.conceptData[0]);
    const a = path.join(dir, 'worker.vocab');
    const b = path.join(dir, 'here.vocab');
    buildVocabulary({ ...source, out: a });
    buildVocabulary({ ...source, out: b, gramsOnWorker: false });
    assert.ok(readVocabHeader(a).texts > 5);
    assert.deepEqual(readVocabHeader(a).sections, readVocabHeader(b).sections);
    assert.ok(body(a).equals(body(b)));
  });
});
