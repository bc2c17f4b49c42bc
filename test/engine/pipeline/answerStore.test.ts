/**
 * The model's answers on disk (engine/pipeline/answerStore.ts, PersistentCache): what a new
 * process finds, what is evicted first, and what is never trusted (a torn line, a flipped
 * byte, another program's file).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnswerStore, STORE_FILE } from '../../../server/src/engine/pipeline/answerStore';
import { cacheKey, PersistentCache } from '../../../server/src/engine/pipeline/cache';

const key = (i: number) => cacheKey({ text: `sentence ${i}`, model: 'm', profile: 'json', task: 'ner:clinical', promptVersion: '1' });
const answer = (i: number) => ({ mentions: [{ start: 0, end: 8, type: 'problem', text: `sentence ${i}` }], dropped: 0, truncated: false });

describe('the model answers on disk (answerStore)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-answers-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a new process finds every answer the last one wrote, equal to what was parsed (an unlabelled pair stays undefined)', () => {
    const first = new PersistentCache(10, dir, 1 << 20);
    for (let i = 0; i < 50; i++) first.set(key(i), answer(i));
    const relations = { labels: ['Treatment administered for problem', undefined, 'none'], dropped: 1 };
    first.set(key(999), relations);
    first.close();
    const second = new PersistentCache(10, dir, 1 << 20);
    // The last written first, then the oldest: both from disk (the memory holds none yet).
    assert.deepEqual(second.get(key(999)), relations);
    assert.equal((second.get(key(999)) as { labels: unknown[] }).labels.length, 3);
    assert.ok(1 in (second.get(key(999)) as { labels: unknown[] }).labels, 'a real undefined, not a hole');
    for (let i = 0; i < 50; i++) assert.deepEqual(second.get(key(i)), answer(i));
    assert.equal(second.get(key(1234)), undefined);
    assert.equal(second.describe().store.entries, 51);
    second.close();
  });

  it('keeps no note text in keys, and writes nothing outside its folder', () => {
    const cache = new PersistentCache(10, dir, 1 << 20);
    cache.set(key(1), answer(1));
    cache.close();
    assert.deepEqual(fs.readdirSync(dir), [STORE_FILE]);
    const line = fs.readFileSync(path.join(dir, STORE_FILE), 'utf8').split('\n')[1];
    assert.match(line, /^[0-9a-f]{64}\t[0-9a-f]{16}\t\{/);
  });

  it('evicts the least recently used, not the first written: an old answer used again stays', () => {
    const store = new AnswerStore(dir, 20_000);
    const body = JSON.stringify({ mentions: [], dropped: 0, pad: 'x'.repeat(300) });
    for (let i = 0; i < 20; i++) store.write(key(i), body);
    // The first written is used again: it is now the most recent.
    assert.ok(store.read(key(0)));
    // Past the bound once (about 48 answers of 412 bytes): a rewrite keeps the newest 3/4.
    for (let i = 20; i < 50; i++) store.write(key(i), body);
    const stats = store.snapshot();
    assert.ok(stats.evicted > 0, 'the bound was reached');
    assert.ok(stats.bytes <= 20_000, `${stats.bytes} bytes on disk, bound 20000`);
    assert.ok(fs.statSync(store.file).size <= 20_000);
    assert.equal(stats.evicted, 13);
    assert.ok(store.has(key(49)), 'the newest stays');
    assert.ok(store.has(key(0)), 'the first written, used again, stays');
    assert.ok(!store.has(key(1)), 'the second written, never used again, goes');
    store.close();
    // The order survives a new process: touches are written too.
    const again = new AnswerStore(dir, 20_000);
    assert.ok(again.has(key(0)) && !again.has(key(1)));
    assert.equal(again.read(key(49)), body);
    again.close();
  });

  it('an answer used again in an earlier process outlives newer ones never used again', () => {
    const a = new AnswerStore(dir, 1 << 20);
    const body = JSON.stringify({ pad: 'y'.repeat(500) });
    for (let i = 0; i < 10; i++) a.write(key(i), body);
    a.close();
    const b = new AnswerStore(dir, 1 << 20);
    assert.ok(b.read(key(0)));
    b.close();
    // A bound that holds about half: the touched first answer is kept with the newest.
    const c = new AnswerStore(dir, 4_800);
    assert.ok(c.has(key(0)), 'used again in the last process');
    assert.ok(c.has(key(9)));
    assert.ok(!c.has(key(1)));
    c.close();
  });

  it('answers read again and again from memory add one touch line each per flush, in the order of their last use', () => {
    const cache = new PersistentCache(10, dir, 1 << 20);
    for (let i = 0; i < 3; i++) cache.set(key(i), answer(i));
    cache.store.flush();
    const before = fs.readFileSync(cache.store.file, 'utf8').split('\n').length;
    // A 500 KB note re-highlighted after each keystroke reads the same answers every time.
    for (let n = 0; n < 1000; n++) for (const i of [0, 2, 1]) assert.deepEqual(cache.get(key(i)), answer(i));
    assert.deepEqual(cache.get(key(0)), answer(0));
    cache.store.flush();
    const touches = fs
      .readFileSync(cache.store.file, 'utf8')
      .split('\n')
      .slice(before - 1, -1);
    assert.deepEqual(touches, [key(2), key(1), key(0)]);
    cache.close();
  });

  it('drops and counts a line torn by a crash, and trusts the rest', () => {
    const a = new AnswerStore(dir, 1 << 20);
    for (let i = 0; i < 3; i++) a.write(key(i), JSON.stringify(answer(i)));
    a.close();
    const file = path.join(dir, STORE_FILE);
    // A crash halfway through writing a fourth line.
    fs.appendFileSync(file, `${key(3)}\t0123456789abcdef\t{"mentions":[{"sta`);
    const cache = new PersistentCache(10, dir, 1 << 20);
    assert.equal(cache.describe().store.corrupt, 1);
    assert.equal(cache.get(key(3)), undefined);
    assert.deepEqual(cache.get(key(2)), answer(2));
    // New answers after the torn line are read back whole.
    cache.set(key(4), answer(4));
    cache.close();
    const again = new PersistentCache(10, dir, 1 << 20);
    assert.deepEqual(again.get(key(4)), answer(4));
    again.close();
  });

  it('never trusts an answer whose bytes changed on disk: dropped, counted, asked again', () => {
    const a = new AnswerStore(dir, 1 << 20);
    a.write(key(1), JSON.stringify(answer(1)));
    a.write(key(2), JSON.stringify(answer(2)));
    a.close();
    const file = path.join(dir, STORE_FILE);
    // One character of the first answer changes (a disk fault, an editor): same length, same shape.
    const text = fs.readFileSync(file, 'utf8').replace('"sentence 1"', '"sentence 7"');
    fs.writeFileSync(file, text);
    const cache = new PersistentCache(10, dir, 1 << 20);
    assert.equal(cache.get(key(1)), undefined);
    assert.equal(cache.describe().store.corrupt, 1);
    assert.deepEqual(cache.get(key(2)), answer(2));
    cache.close();
  });

  it('another program’s file (or another version’s) is moved aside, not read and not overwritten', () => {
    const file = path.join(dir, STORE_FILE);
    const foreign = `${key(1)}\t0000000000000000\t{"mentions":[],"dropped":0}\n`;
    fs.writeFileSync(file, foreign);
    const cache = new PersistentCache(10, dir, 1 << 20);
    assert.equal(cache.get(key(1)), undefined);
    assert.equal(cache.describe().store.foreign, 1);
    assert.equal(fs.readFileSync(`${file}.foreign`, 'utf8'), foreign);
    cache.set(key(2), answer(2));
    assert.deepEqual(cache.get(key(2)), answer(2));
    cache.close();
  });

  it('clear() forgets every answer, in memory and on disk', () => {
    const cache = new PersistentCache(10, dir, 1 << 20);
    for (let i = 0; i < 5; i++) cache.set(key(i), answer(i));
    assert.equal(cache.clear(), 5);
    assert.equal(cache.get(key(1)), undefined);
    cache.close();
    const again = new PersistentCache(10, dir, 1 << 20);
    assert.equal(again.describe().store.entries, 0);
    assert.equal(again.get(key(1)), undefined);
    again.close();
  });

  it('a folder it cannot write turns it to memory only, with the reason, and answers still work', () => {
    const blocked = path.join(dir, 'blocked');
    // A file where the folder should be: mkdir fails for any user, root included.
    fs.writeFileSync(blocked, 'not a folder');
    const cache = new PersistentCache(10, blocked, 1 << 20);
    assert.match(cache.describe().store.problem ?? '', /cannot be used \(EEXIST|ENOTDIR/);
    cache.set(key(1), answer(1));
    assert.deepEqual(cache.get(key(1)), answer(1));
    cache.close();
  });

  it('a rare key among many: the answer written first of 20,000 is found by a new process (within the bound)', () => {
    const a = new AnswerStore(dir, 64 << 20);
    for (let i = 0; i < 20_000; i++) a.write(key(i), JSON.stringify(answer(i)));
    a.close();
    const b = new PersistentCache(10, dir, 64 << 20);
    assert.deepEqual(b.get(key(0)), answer(0));
    assert.deepEqual(b.get(key(19_999)), answer(19_999));
    assert.equal(b.describe().store.entries, 20_000);
    b.close();
  });
});
