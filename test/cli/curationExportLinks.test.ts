/**
 * `biomed export` of a curated folder carries the curators' link decisions, through
 * dist/cli.js: the store's N lines become BioC's `identifier` infon and
 * PubTator's ID column (a composite's IDs joined by `|`); "no concept fits" and an entity
 * without a decision carry none.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CurationStore } from '../../server/src/engine/curation/store';
import { ensureCliBuilt, runCli } from '../support/cli';

const TEXT = 'Known CHF; breast and ovarian cancer; zorblax rash; gout.\n';
const span = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });

describe('CLI: export a curated folder with link decisions', function () {
  this.timeout(60_000);
  let root: string;
  let folder: string;
  before(() => {
    ensureCliBuilt();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-export-links-'));
    folder = path.join(root, 'curated');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'visit.txt'), TEXT);
    const s = CurationStore.open(path.join(folder, 'visit.txt'), TEXT);
    const accept = (text: string) => s.accept({ ...span(text), type: 'problem' }).id;
    s.setLink(accept('CHF'), [{ id: 'MESH:D006333', name: 'Heart Failure' }]);
    s.setLink(accept('breast and ovarian cancer'), [
      { id: 'MESH:D001943', name: 'Breast Neoplasms' },
      { id: 'MESH:D010051', name: 'Ovarian Neoplasms' },
    ]);
    s.setLink(accept('zorblax rash'), []);
    accept('gout');
    // Between two entities with IDs: still no PubTator relation (it would relate the concepts, not these mentions).
    const sug = (text: string) => ({ ...span(text), type: 'problem', text });
    s.acceptRelation({ label: 'PIP', head: sug('CHF'), tail: sug('breast and ovarian cancer') });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('BioC: the identifier infon per decided entity', async () => {
    const out = path.join(root, 'corpus.bioc.json');
    const r = await runCli(['export', folder, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const annotations = JSON.parse(fs.readFileSync(out, 'utf8')).documents[0].passages[0].annotations;
    assert.deepEqual(
      annotations.map((a: { text: string; infons: Record<string, string> }) => [a.text, a.infons.identifier]),
      [
        ['CHF', 'MESH:D006333'],
        ['breast and ovarian cancer', 'MESH:D001943|MESH:D010051'],
        ['zorblax rash', undefined],
        ['gout', undefined],
      ],
    );
  });

  it('PubTator: the ID column; the relation is not written, and said so', async () => {
    const out = path.join(root, 'corpus.pubtator');
    const r = await runCli(['export', folder, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.trim(), `exported 1 document, 4 entities (1 relation not written: PubTator relations are between concept ids) to ${out}`);
    assert.equal(
      fs
        .readFileSync(out, 'utf8')
        .split('\n')
        .filter((l) => l.split('\t').length === 4).length,
      0,
    );
    const mentions = fs
      .readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => /^visit\t\d/.test(l))
      .map((l) => l.split('\t').slice(3));
    assert.deepEqual(mentions, [
      ['CHF', 'problem', 'MESH:D006333'],
      ['breast and ovarian cancer', 'problem', 'MESH:D001943|MESH:D010051'],
      ['zorblax rash', 'problem'],
      ['gout', 'problem'],
    ]);
  });
});
