/**
 * `biomed eval deid` through the real bundle (dist/cli.js) on synthetic corpora written here:
 * the PhysioNet layout (Latin-1 bytes, a record cut short, a note without PHI), --json,
 * --errors and --spans, an i2b2 XML folder, and a layout it cannot tell.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCliBuilt, runCli } from '../support/cli';

const NOTE1 = 'Seen by Dr. Okonkwo on 7/22. Caf\u00e9 visit.';
const RECORDS = `START_OF_RECORD=4||||1||||\n${NOTE1}\n||||END_OF_RECORD\n\nSTART_OF_RECORD=4||||2||||\nBP 110/70, HR 88.\n||||END_OF_RECORD\n\nSTART_OF_RECORD=4||||3||||\ncut short\n`;

describe('CLI: eval deid (no model)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    ensureCliBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-eval-deid-'));
    fs.writeFileSync(path.join(dir, 'id.text'), Buffer.from(RECORDS, 'latin1'));
    // A gold the rules miss (the cafe's name), so --errors has a miss to list.
    fs.writeFileSync(path.join(dir, 'id-phi.phrase'), '4 1 12 19 HCPName Okonkwo\n4 1 23 27 Date 7/22\n4 1 29 33 Location Caf\u00e9\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('scores a PhysioNet file as stat.pm, saying what it skipped and read as Latin-1', async () => {
    const r = await runCli(['eval', 'deid', path.join(dir, 'id.text'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual([j.documents, j.gold, j.found, j.detected, j.right], [2, 3, 2, 2, 2]);
    assert.match(r.stderr, /skipped 1 span \(1 record cut short/);
    assert.match(r.stderr, /id\.text: not UTF-8, read as Latin-1/);
    assert.equal(j.published[0].recall, 0.965);
  });

  it('writes the misses in context and the spans found in the .deid layout', async () => {
    const errors = path.join(dir, 'errors.jsonl');
    const spans = path.join(dir, 'found.deid');
    const r = await runCli(['eval', 'deid', path.join(dir, 'id.text'), '--errors', errors, '--spans', spans]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /this run +66\.7 +100\.0/);
    assert.match(r.stdout, /HCPName +1 +1 +100\.0/);
    const e = fs
      .readFileSync(errors, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      e.map((x) => [x.error, x.text]),
      [['missed', 'Caf\u00e9']],
    );
    assert.equal(fs.readFileSync(spans, 'utf8'), 'Patient 4 Note 1\n12 12 19\n23 23 27\nPatient 4 Note 2\n');
  });

  it('reads an i2b2 XML folder, and refuses a layout it cannot tell', async () => {
    const xmlDir = path.join(dir, 'xml');
    fs.mkdirSync(xmlDir);
    fs.writeFileSync(
      path.join(xmlDir, 'a.xml'),
      '<deIdi2b2><TEXT><![CDATA[Mr. Abelard seen 3/4/2090.]]></TEXT><TAGS><NAME start="4" end="11" TYPE="PATIENT" /><DATE start="17" end="25" TYPE="DATE" /></TAGS></deIdi2b2>',
    );
    const r = await runCli(['eval', 'deid', xmlDir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).goldTypes, [
      { type: 'DATE', total: 1, hit: 1 },
      { type: 'PATIENT', total: 1, hit: 1 },
    ]);
    const empty = path.join(dir, 'plain.txt');
    fs.writeFileSync(empty, 'just a note');
    const bad = await runCli(['eval', 'deid', empty]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Cannot tell the layout of .*plain\.txt: give --format physionet, i2b2 or brat/);
  });
});
