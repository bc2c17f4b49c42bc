/**
 * `biomed agreement` counts link decisions, through dist/cli.js: folder A
 * written by the editor's curation store (N lines, a NoConcept note), folder B by hand as
 * another brat user would. Expected counts from the hand table below.
 *
 *   mention          A                 B                    compared  agreed
 *   CHF              MESH:D006333      MESH:D006333         yes       yes
 *   gout             LOCAL:G2          MESH:D006073         yes       no
 *   zorblax rash     none (NoConcept)  none (NoConcept)     yes       yes
 *   breast/ovarian   D001943+D010051   D010051+D001943      yes       yes (any order)
 *   fever            MESH:D005334      (no decision)        no
 *   cough            (not in A)        MESH:D003371         no (no match)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CurationStore } from '../../server/src/engine/curation/store';
import { ensureCliBuilt, runCli } from '../support/cli';

const TEXT = 'Known CHF and gout. New zorblax rash; breast and ovarian cancer; fever, cough.\n';
const span = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });
const tLine = (id: string, s: string) => `${id}\tproblem ${span(s).start} ${span(s).end}\t${s}`;

describe('CLI: agreement counts link decisions', function () {
  this.timeout(60_000);
  let root: string;
  let a: string;
  let b: string;
  before(() => {
    ensureCliBuilt();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-agree-links-'));
    a = path.join(root, 'a');
    b = path.join(root, 'b');
    fs.mkdirSync(a);
    fs.mkdirSync(b);
    fs.writeFileSync(path.join(a, 'visit.txt'), TEXT);
    const s = CurationStore.open(path.join(a, 'visit.txt'), TEXT);
    const link = (text: string, concepts: { id: string; name: string }[] | undefined) => {
      const e = s.accept({ ...span(text), type: 'problem' });
      if (concepts) s.setLink(e.id, concepts);
    };
    link('CHF', [{ id: 'MESH:D006333', name: 'Heart Failure' }]);
    link('gout', [{ id: 'LOCAL:G2', name: 'Gouty arthritis' }]);
    link('zorblax rash', []);
    link('breast and ovarian cancer', [
      { id: 'MESH:D001943', name: 'Breast Neoplasms' },
      { id: 'MESH:D010051', name: 'Ovarian Neoplasms' },
    ]);
    link('fever', [{ id: 'MESH:D005334', name: 'Fever' }]);
    fs.writeFileSync(
      path.join(b, 'visit.ann'),
      [
        tLine('T1', 'CHF'),
        tLine('T2', 'gout'),
        tLine('T3', 'zorblax rash'),
        tLine('T4', 'breast and ovarian cancer'),
        tLine('T5', 'fever'),
        tLine('T6', 'cough'),
        'N1\tReference T1 MESH:D006333\tHeart Failure',
        'N2\tReference T2 MESH:D006073\tGout',
        'N3\tReference T4 MESH:D010051\tOvarian Neoplasms',
        'N4\tReference T4 MESH:D001943\tBreast Neoplasms',
        'N5\tReference T6 MESH:D003371\tCough',
        '#1\tNoConcept T3\tno concept fits',
      ].join('\n') + '\n',
    );
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('--json: links compared over the entities both matched and both decided, agreed as sets of IDs', async () => {
    const r = await runCli(['agreement', a, b, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.links, { compared: 4, agreed: 3, accuracy: 75, decidedA: 5, decidedB: 5 });
    assert.deepEqual(Object.keys(out), ['documents', 'strict', 'overlap', 'kappa', 'links']);
  });

  it('the table says it in words', async () => {
    const r = await runCli(['agreement', a, b]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Concept links: 3 of 4 agree \(75\.0%\): entities with the same span and type that both linked or marked none; 5 decided in A, 5 in B\.$/m,
    );
  });

  it('folders without link decisions: no links key, no line', async () => {
    const plain = path.join(root, 'plain');
    fs.mkdirSync(plain);
    fs.writeFileSync(path.join(plain, 'visit.ann'), tLine('T1', 'CHF') + '\n');
    fs.copyFileSync(path.join(a, 'visit.txt'), path.join(plain, 'visit.txt'));
    const r = await runCli(['agreement', plain, plain, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(Object.keys(JSON.parse(r.stdout)), ['documents', 'strict', 'overlap', 'kappa']);
  });
});
