/**
 * `biomed deid` through the real bundle (dist/cli.js) on synthetic notes written here: tags
 * and surrogates over a folder (a BRAT .ann beside a note), a patient's notes sharing
 * surrogates, the key file kept apart from the outputs, a rerun that skips what is done,
 * shards that split the notes, a PhysioNet file in Latin-1 with a record cut short, a note
 * without PHI, a 5 MB note, and a write that fails leaving nothing half-written. The
 * PhysioNet development set, where this machine has it, is written whole.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliSandbox, filesBelow, showResult } from '../support/cli';
import { absentLine, missingShared, sharedFile } from '../support/sharedData';

const A1 = 'Seen by Dr. Okonkwo on 7/22/2019. Called (301) 555-1212. Admitted 2019-01-05.\n';
const A2 = 'Dr. Okonkwo reviewed on 8/1/2019.\n';
const B1 = 'Dr. Okonkwo reviewed the chart on 7/22/2019.\n';
const CLEAN = 'BP 110/70, HR 88, afebrile.\n';

describe('CLI: deid (no model)', function () {
  this.timeout(120_000);
  const { tmp, biomed } = cliSandbox('biomed-deid-');

  /** A folder of two patients' notes (pa: two notes and an .ann, pb: one) and a note without PHI. */
  function notes(): string {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'in', 'pa'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'in', 'pb'));
    fs.writeFileSync(path.join(dir, 'in', 'pa', 'n1.txt'), A1);
    fs.writeFileSync(path.join(dir, 'in', 'pa', 'n1.ann'), `T1\tPerson ${A1.indexOf('Okonkwo')} ${A1.indexOf('Okonkwo') + 7}\tOkonkwo\n`);
    fs.writeFileSync(path.join(dir, 'in', 'pa', 'n2.note'), A2);
    fs.writeFileSync(path.join(dir, 'in', 'pb', 'n3.txt'), B1);
    fs.writeFileSync(path.join(dir, 'in', 'clean.txt'), CLEAN);
    return dir;
  }
  const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, 'out', f), 'utf8');

  it('writes tagged copies in the same layout, the .ann moved onto them, and says what it replaced', async () => {
    const dir = notes();
    const r = await biomed(['deid', path.join(dir, 'in'), '--out', path.join(dir, 'out')]);
    assert.equal(r.code, 0, showResult(r));
    assert.deepEqual(filesBelow(path.join(dir, 'out')), ['clean.txt', 'pa/n1.ann', 'pa/n1.txt', 'pa/n2.note', 'pb/n3.txt']);
    const n1 = read(dir, 'pa/n1.txt');
    assert.equal(n1, 'Seen by Dr. [**Name**] on [**Date**]. Called [**Telephone/Fax**]. Admitted [**Date**].\n');
    assert.equal(read(dir, 'pa/n1.ann'), `T1\tPerson 12 22\t[**Name**]\n`);
    assert.equal(read(dir, 'clean.txt'), CLEAN);
    assert.match(r.stdout, /4 notes written, 0 skipped .* 8 PHI replaced \(date 4, name 3, phone 1\)/);
  });

  it("gives a patient's notes the same surrogates, another patient others; the same seed the same output", async () => {
    const dir = notes();
    const key = path.join(dir, 'key.json');
    const args = ['deid', path.join(dir, 'in'), '--out', path.join(dir, 'out'), '--style', 'surrogates', '--seed', '9', '--patient-of', 'folder'];
    const r = await biomed([...args, '--key', key]);
    assert.equal(r.code, 0, showResult(r));
    const k = JSON.parse(fs.readFileSync(key, 'utf8'));
    const sa = k.patients.pa.names.okonkwo;
    const sb = k.patients.pb.names.okonkwo;
    assert.ok(sa && sb && sa !== sb, JSON.stringify(k));
    assert.ok(read(dir, 'pa/n1.txt').startsWith(`Seen by Dr. ${sa} on `));
    assert.ok(read(dir, 'pa/n2.note').startsWith(`Dr. ${sa} reviewed`));
    assert.ok(read(dir, 'pb/n3.txt').startsWith(`Dr. ${sb} reviewed the chart`));
    // The 10 days between the two notes of pa survive.
    const date = (f: string) => {
      const m = /(\d+)\/(\d+)\/(\d{4})/.exec(read(dir, f))!;
      return Date.UTC(+m[3], +m[1] - 1, +m[2]) / 86_400_000;
    };
    assert.equal(date('pa/n2.note') - date('pa/n1.txt'), 10);
    assert.equal(date('pa/n1.txt') - Date.UTC(2019, 6, 22) / 86_400_000, k.patients.pa.dateShiftDays);
    const ann = read(dir, 'pa/n1.ann').split('\t');
    assert.equal(ann[2], `${sa}\n`);
    const again = tmp();
    const r2 = await biomed(['deid', path.join(dir, 'in'), '--out', path.join(again, 'out'), '--style', 'surrogates', '--seed', '9', '--patient-of', 'folder']);
    assert.equal(r2.code, 0, showResult(r2));
    assert.equal(read(again, 'pa/n1.txt'), read(dir, 'pa/n1.txt'));
    const other = tmp();
    await biomed(['deid', path.join(dir, 'in'), '--out', path.join(other, 'out'), '--style', 'surrogates', '--seed', '10', '--patient-of', 'folder']);
    assert.notEqual(read(other, 'pa/n1.txt'), read(dir, 'pa/n1.txt'));
  });

  it('refuses a key file inside --out unless asked, and surrogates without a seed', async () => {
    const dir = notes();
    const out = path.join(dir, 'out');
    const inside = path.join(out, 'key.json');
    const r = await biomed(['deid', path.join(dir, 'in'), '--out', out, '--style', 'surrogates', '--seed', '1', '--key', inside]);
    assert.equal(r.code, 2, showResult(r));
    assert.match(r.stderr, /is inside --out .*--key-beside-output/);
    assert.ok(!fs.existsSync(out), 'nothing written');
    const noSeed = await biomed(['deid', path.join(dir, 'in'), '--out', out, '--style', 'surrogates']);
    assert.equal(noSeed.code, 2);
    assert.match(noSeed.stderr, /needs --seed/);
    const ok = await biomed(['deid', path.join(dir, 'in'), '--out', out, '--style', 'surrogates', '--seed', '1', '--key', inside, '--key-beside-output']);
    assert.equal(ok.code, 0, showResult(ok));
    assert.ok(fs.existsSync(inside));
  });

  it('skips on a rerun what it wrote, and writes again a note changed since', async () => {
    const dir = notes();
    const args = ['deid', path.join(dir, 'in'), '--out', path.join(dir, 'out')];
    assert.equal((await biomed(args)).code, 0);
    const r = await biomed(args);
    assert.match(r.stdout, /0 notes written, 4 skipped \(done earlier\)/, showResult(r));
    const later = new Date(Date.now() + 5000);
    fs.writeFileSync(path.join(dir, 'in', 'clean.txt'), 'Seen by Dr. Halvorsen.\n');
    fs.utimesSync(path.join(dir, 'in', 'clean.txt'), later, later);
    const r2 = await biomed(args);
    assert.match(r2.stdout, /1 note written, 3 skipped/, showResult(r2));
    assert.equal(read(dir, 'clean.txt'), 'Seen by Dr. [**Name**].\n');
  });

  it('splits the notes between shards without overlap', async () => {
    const dir = notes();
    const out = path.join(dir, 'out');
    const r1 = await biomed(['deid', path.join(dir, 'in'), '--out', out, '--shard', '1/2']);
    const first = filesBelow(out).filter((f) => !f.endsWith('.ann'));
    const r2 = await biomed(['deid', path.join(dir, 'in'), '--out', out, '--shard', '2/2']);
    assert.equal(r1.code + r2.code, 0, showResult(r2));
    const all = filesBelow(out).filter((f) => !f.endsWith('.ann'));
    const second = all.filter((f) => !first.includes(f));
    assert.ok(first.length > 0 && second.length > 0, `${first} | ${second}`);
    assert.equal(first.length + second.length, 4);
    assert.match(r2.stdout, /Shard 2\/2: \d notes in this shard, \d left to the other shards/);
    assert.match(r2.stdout, /0 skipped/, 'shard 2 found none of shard 1 to skip');
  });

  it('writes a PhysioNet file in Latin-1 back in Latin-1 with its headers, counting a record cut short', async () => {
    const dir = tmp();
    const records = `START_OF_RECORD=4||||1||||\nSeen by Dr. Okonkwo on 7/22. Caf\u00e9.\n||||END_OF_RECORD\nSTART_OF_RECORD=4||||2||||\nBP 110/70.\n||||END_OF_RECORD\nSTART_OF_RECORD=5||||1||||\ncut short\n`;
    fs.writeFileSync(path.join(dir, 'id.text'), Buffer.from(records, 'latin1'));
    const r = await biomed(['deid', path.join(dir, 'id.text'), '--out', path.join(dir, 'out')]);
    assert.equal(r.code, 0, showResult(r));
    assert.deepEqual(filesBelow(path.join(dir, 'out')), ['id.text']);
    const bytes = fs.readFileSync(path.join(dir, 'out', 'id.text'));
    assert.equal(
      bytes.toString('latin1'),
      'START_OF_RECORD=4||||1||||\nSeen by Dr. [**Name**] on [**Date**]. Caf\u00e9.\n||||END_OF_RECORD\nSTART_OF_RECORD=4||||2||||\nBP 110/70.\n||||END_OF_RECORD\n',
    );
    assert.match(r.stderr, /skipped 1 line \(1 record cut short/);
    assert.match(r.stderr, /id\.text: not UTF-8, read as Latin-1/);
    assert.match(r.stdout, /2 notes written.* 2 PHI replaced/);
    const again = await biomed(['deid', path.join(dir, 'id.text'), '--out', path.join(dir, 'out')]);
    assert.match(again.stdout, /0 notes written, 2 skipped/, showResult(again));
  });

  it('writes a 5 MB note whole', async () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'in'));
    const big = 'Seen by Dr. Okonkwo on 7/22. BP 110/70, stable overnight, plan unchanged.\n'.repeat(Math.ceil(5e6 / 75));
    fs.writeFileSync(path.join(dir, 'in', 'big.txt'), big);
    const r = await biomed(['deid', path.join(dir, 'in'), '--out', path.join(dir, 'out')]);
    assert.equal(r.code, 0, showResult(r));
    const out = read(dir, 'big.txt');
    assert.ok(!out.includes('Okonkwo') && !out.includes('7/22'));
    assert.equal(out.split('\n').length, big.split('\n').length);
  });

  it('names a note it cannot write and leaves nothing half-written, the others written', async () => {
    const dir = notes();
    const out = path.join(dir, 'out');
    // A folder where n3's copy goes: the rename over it fails.
    fs.mkdirSync(path.join(out, 'pb', 'n3.txt'), { recursive: true });
    const r = await biomed(['deid', path.join(dir, 'in'), '--out', out, '--force']);
    assert.equal(r.code, 1, showResult(r));
    assert.match(r.stdout, /3 notes written.*1 failed/);
    assert.match(r.stdout, /failed: pb\/n3: /);
    assert.deepEqual(
      filesBelow(out).filter((f) => f.endsWith('.tmp')),
      [],
    );
    assert.ok(fs.existsSync(path.join(out, 'pa', 'n1.txt')));
  });

  it('writes the PhysioNet development set with its record headers', async function () {
    const file = sharedFile('deid/id.text');
    const missing = missingShared([file]);
    if (missing.length) {
      console.log(`      ${absentLine('The PhysioNet deid development set', missing)}`);
      return this.skip();
    }
    const dir = tmp();
    const r = await biomed(['deid', file, '--out', dir, '--style', 'surrogates', '--seed', '1']);
    assert.equal(r.code, 0, showResult(r));
    const headers = (t: string) => t.match(/START_OF_RECORD=\d+\|\|\|\|\d+\|\|\|\|/g);
    const source = fs.readFileSync(file, 'latin1');
    const written = fs.readFileSync(path.join(dir, 'id.text'), 'latin1');
    assert.deepEqual(headers(written), headers(source));
    assert.match(r.stdout, /891 notes written/);
    assert.notEqual(written, source);
  });
});
