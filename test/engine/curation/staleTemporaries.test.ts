/**
 * A writer killed (kill -9) between writing a `.ann`'s temporary file
 * and renaming it leaves `.visit.ann.PID.RANDOM.tmp` beside it. Opening the note's curation
 * store again removes such leftovers: a gone writer's, and any older than the bound; a live
 * writer's recent one, and other files' ones, stay. Real processes and files.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { removeStaleTemporaries, STALE_TEMPORARY_MS } from '../../../server/src/engine/atomicWrite';
import { annPathOf, CurationStore } from '../../../server/src/engine/curation/store';

const TEXT = 'Started aspirin for chest pain.\n';
const ANN = 'T1\tTreatment 8 15\taspirin\n';
const ATOMIC_WRITE_JS = path.resolve(__dirname, '../../../server/src/engine/atomicWrite.js');

/** A process that writes `ann` through writeFileAtomic and is killed with SIGKILL before the rename. */
async function killedWhileWriting(ann: string): Promise<number> {
  const script = `
    const fs = require('node:fs');
    const { writeFileAtomic } = require(${JSON.stringify(ATOMIC_WRITE_JS)});
    writeFileAtomic(${JSON.stringify(ann)}, (fd) => {
      fs.writeSync(fd, 'T1\\tProblem 20 30\\tchest pain\\n');
      process.stdout.write('written\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
    });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('written') && resolve());
    child.on('exit', (code) => reject(new Error(`the writer exited (${code}) before writing`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return child.pid!;
}

describe('engine: stale temporary files of a killed .ann writer', function () {
  this.timeout(20_000);
  let dir: string;
  let note: string;
  let ann: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-stale-'));
    note = path.join(dir, 'visit.note');
    ann = annPathOf(note);
    fs.writeFileSync(note, TEXT);
    fs.writeFileSync(ann, ANN);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const temporaries = () => fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'));

  it('kill -9 while writing leaves a temporary file; opening the note again removes it, and the .ann is the old one', async () => {
    const pid = await killedWhileWriting(ann);
    const left = temporaries();
    assert.equal(left.length, 1);
    assert.match(left[0], new RegExp(`^\\.visit\\.ann\\.${pid}\\.[0-9a-z]+\\.tmp$`));
    const store = CurationStore.open(note, TEXT);
    assert.deepEqual(temporaries(), []);
    assert.equal(fs.readFileSync(ann, 'utf8'), ANN);
    assert.deepEqual(
      store.entities().map((e) => e.text),
      ['aspirin'],
    );
  });

  it('the folder is looked through once per .ann a process: a temporary left after the first open waits for the next process', async () => {
    CurationStore.open(note, TEXT);
    await killedWhileWriting(ann);
    assert.equal(temporaries().length, 1);
    CurationStore.open(note, TEXT);
    assert.equal(temporaries().length, 1, 'not looked for again in this process');
    assert.equal(fs.readFileSync(ann, 'utf8'), ANN);
  });

  it("a live writer's recent temporary stays; one older than the bound goes; another file's stays", async () => {
    const dead = await killedWhileWriting(path.join(dir, 'other.ann'));
    const live = `.visit.ann.${process.pid}.abc123.tmp`;
    const old = `.visit.ann.${process.pid}.old456.tmp`;
    const notATemporary = `.visit.ann.notes.tmp`;
    for (const n of [live, old, notATemporary]) fs.writeFileSync(path.join(dir, n), 'partial');
    const longAgo = (Date.now() - STALE_TEMPORARY_MS - 60_000) / 1000;
    fs.utimesSync(path.join(dir, old), longAgo, longAgo);
    assert.deepEqual(removeStaleTemporaries(ann), [old]);
    const left = temporaries();
    assert.equal(left.length, 3, left.join(' '));
    assert.ok(left.includes(live) && left.includes(notATemporary), left.join(' '));
    assert.ok(
      left.some((n) => n.startsWith(`.other.ann.${dead}.`)),
      left.join(' '),
    );
  });
});
