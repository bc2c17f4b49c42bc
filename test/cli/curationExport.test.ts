/**
 * `biomed export` through the real bundle (dist/cli.js) on test/fixtures/curation/export: a
 * curated folder as the editor's store writes it. The expected outputs are written out by
 * hand from the fixture, never copied from a run.
 *
 * discharge.note + discharge.ann: problem "Chest pain" 5-15, problem "fever" 28-33 (Negated),
 *   test "ECG" 35-38, problem "ST elevation" 45-57, relation TeRP ECG → ST elevation, and a
 *   Rejected and a Deleted note (not annotations).
 * ward/followup.txt + .ann (an emoji before "aspirin": UTF-16 offsets): problem "nausea" 7-13
 *   (Negated), treatment "aspirin 81 mg" 18-31, a Rejected note.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readBioC } from '../../server/src/engine/formats/bioc';
import { readPubTator } from '../../server/src/engine/formats/pubtator';
import { ensureCliBuilt, ROOT, runCli } from '../support/cli';

const DIR = path.join(ROOT, 'test/fixtures/curation/export');
const DISCHARGE = 'HPI: Chest pain at rest.\nNo fever.\nECG shows ST elevation.\n';
const FOLLOWUP = 'Denies nausea 🙂; aspirin 81 mg given.\n';

const loc = (offset: number, length: number) => [{ offset, length }];

describe('CLI: export a curated folder', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => {
    ensureCliBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-export-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('the fixture texts are what the expectations below are written against', () => {
    assert.equal(fs.readFileSync(path.join(DIR, 'discharge.note'), 'utf8'), DISCHARGE);
    assert.equal(fs.readFileSync(path.join(DIR, 'ward/followup.txt'), 'utf8'), FOLLOWUP);
    assert.equal(FOLLOWUP.indexOf('aspirin'), 18, 'the emoji is two UTF-16 code units');
  });

  it('--format from the .bioc.json name: every curated entity with its status, the relations, no notes', async () => {
    const out = path.join(tmp, 'corpus.bioc.json');
    const r = await runCli(['export', DIR, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim(), `exported 2 documents, 6 entities, 1 relation to ${out}`);
    assert.deepEqual(JSON.parse(fs.readFileSync(out, 'utf8')), {
      source: '',
      date: '',
      key: '',
      infons: {},
      documents: [
        {
          id: 'discharge',
          infons: {},
          passages: [
            {
              offset: 0,
              infons: {},
              text: DISCHARGE,
              sentences: [],
              annotations: [
                { id: 'T1', infons: { type: 'problem' }, text: 'Chest pain', locations: loc(5, 10) },
                { id: 'T3', infons: { type: 'problem', negated: 'true' }, text: 'fever', locations: loc(28, 5) },
                { id: 'T2', infons: { type: 'test' }, text: 'ECG', locations: loc(35, 3) },
                { id: 'T4', infons: { type: 'problem' }, text: 'ST elevation', locations: loc(45, 12) },
              ],
              relations: [
                {
                  id: 'R1',
                  infons: { type: 'TeRP' },
                  nodes: [
                    { refid: 'T2', role: 'head' },
                    { refid: 'T4', role: 'tail' },
                  ],
                },
              ],
            },
          ],
          relations: [],
        },
        {
          id: 'ward/followup',
          infons: {},
          passages: [
            {
              offset: 0,
              infons: {},
              text: FOLLOWUP,
              sentences: [],
              annotations: [
                { id: 'T1', infons: { type: 'problem', negated: 'true' }, text: 'nausea', locations: loc(7, 6) },
                { id: 'T2', infons: { type: 'treatment' }, text: 'aspirin 81 mg', locations: loc(18, 13) },
              ],
              relations: [],
            },
          ],
          relations: [],
        },
      ],
    });
    // Read back by the project's own BioC reader: the same spans.
    const back = readBioC(fs.readFileSync(out, 'utf8'));
    assert.deepEqual(
      back.map((d) => d.entities.map((e) => `${d.id} ${e.type} ${e.start}-${e.end} ${e.text}${e.negated ? ' negated' : ''}`)),
      [
        ['discharge problem 5-15 Chest pain', 'discharge problem 28-33 fever negated', 'discharge test 35-38 ECG', 'discharge problem 45-57 ST elevation'],
        ['ward/followup problem 7-13 nausea negated', 'ward/followup treatment 18-31 aspirin 81 mg'],
      ],
    );
  });

  it('--format pubtator: the note as its title line, one line per entity; relations need concept ids and are not written', async () => {
    const out = path.join(tmp, 'corpus.txt');
    const r = await runCli(['export', DIR, '--format', 'pubtator', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.trim(), `exported 2 documents, 6 entities (1 relation not written: PubTator relations are between concept ids) to ${out}`);
    const expected = [
      'discharge|t|HPI: Chest pain at rest. No fever. ECG shows ST elevation. ',
      'discharge|a|',
      'discharge\t5\t15\tChest pain\tproblem',
      'discharge\t28\t33\tfever\tproblem',
      'discharge\t35\t38\tECG\ttest',
      'discharge\t45\t57\tST elevation\tproblem',
      '',
      'ward/followup|t|Denies nausea 🙂; aspirin 81 mg given. ',
      'ward/followup|a|',
      'ward/followup\t7\t13\tnausea\tproblem',
      'ward/followup\t18\t31\taspirin 81 mg\ttreatment',
      '',
    ].join('\n');
    assert.equal(fs.readFileSync(out, 'utf8'), expected);
    // The offsets are those of the note: read back, each mention is the text at its offsets.
    for (const d of readPubTator(expected)) for (const e of d.entities) assert.equal(d.text.slice(e.start, e.end), e.text, `${d.id} ${e.start}-${e.end}`);
  });

  it('an .ann without its note is reported (exit 1) and the others are still exported', async () => {
    const folder = path.join(tmp, 'partial');
    fs.cpSync(DIR, folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'lost.ann'), 'T1\tproblem 0 4\tcold\n');
    const out = path.join(tmp, 'partial.pubtator');
    const r = await runCli(['export', folder, '--out', out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^not exported: lost\.ann: no lost\.txt, lost\.note, lost\.md beside it$/m);
    assert.deepEqual(
      readPubTator(fs.readFileSync(out, 'utf8')).map((d) => d.id),
      ['discharge', 'ward/followup'],
    );
  });

  it('--strict refuses an .ann with a line the reader skips; without it the line is counted on stderr', async () => {
    const folder = path.join(tmp, 'bad');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'n.txt'), 'Cough.\n');
    fs.writeFileSync(path.join(folder, 'n.ann'), 'T1\tproblem 0 5\tCough\nT2\tproblem 3 99\tgh.\n');
    const out = path.join(tmp, 'bad.bioc.json');
    const lax = await runCli(['export', folder, '--out', out]);
    assert.equal(lax.code, 0, lax.stderr);
    assert.match(lax.stderr, /n\.ann: skipped 1 annotation line \(1 bad offset\)/);
    assert.deepEqual(
      readBioC(fs.readFileSync(out, 'utf8'))[0].entities.map((e) => e.text),
      ['Cough'],
    );
    fs.rmSync(out);
    const strict = await runCli(['export', folder, '--out', out, '--strict']);
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /--strict refuses/);
    assert.equal(fs.existsSync(out), false, 'nothing written');
  });

  it('usage errors: no format to be had from the name, no --out, two folders (exit 2)', async () => {
    const noFormat = await runCli(['export', DIR, '--out', path.join(tmp, 'x.json')]);
    assert.equal(noFormat.code, 2);
    assert.match(noFormat.stderr, /--format bioc or pubtator: "x\.json" does not say which/);
    assert.equal((await runCli(['export', DIR])).code, 2);
    assert.equal((await runCli(['export', DIR, DIR, '--out', path.join(tmp, 'y.pubtator')])).code, 2);
    assert.equal((await runCli(['export', DIR, '--format', 'brat', '--out', path.join(tmp, 'y.pubtator')])).code, 2);
    const help = await runCli(['--help']);
    assert.match(help.stdout, /^ {2}export +export a curated folder/m);
  });
});
