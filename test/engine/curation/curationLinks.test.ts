/**
 * Link decisions in the curation store: accepting the linker's concept,
 * choosing another, or marking that none fits, stored as brat's `N` lines beside the `T`
 * lines (a `NoConcept` note for none), read back, kept through other changes, and read by
 * the BRAT corpus reader. Real files in a temporary folder.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCuration, writeCuration } from '../../../server/src/engine/curation/annFile';
import { annPathOf, CurationStore } from '../../../server/src/engine/curation/store';
import { readBratDocument } from '../../../server/src/engine/formats/bratDocument';
import { nameKeys } from '../../../server/src/engine/linking/normalise';
import { buildVocabulary } from '../../../server/src/engine/linking/vocab/build';
import { openVocabulary } from '../../../server/src/engine/linking/vocab/open';

const TEXT = 'Known CHF and gout.\nNew zorblax rash today.\n';
const span = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });

describe('engine: link decisions in the curation store', () => {
  let dir: string;
  let note: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-curation-links-'));
    note = path.join(dir, 'visit.txt');
    fs.writeFileSync(note, TEXT);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const ann = () => fs.readFileSync(annPathOf(note), 'utf8');

  it('accept, choose another, none: N lines and a NoConcept note beside the T lines, read back by a new store and by the BRAT reader', () => {
    const s = CurationStore.open(note, TEXT);
    const chf = s.accept({ ...span('CHF'), type: 'problem' });
    const gout = s.accept({ ...span('gout'), type: 'problem' });
    const rash = s.accept({ ...span('zorblax rash'), type: 'problem' });
    s.setLink(chf.id, [{ id: 'MESH:D006333', name: 'Heart Failure' }]);
    s.setLink(gout.id, [{ id: 'MESH:D006073', name: 'Gout' }]);
    // The annotator picks another candidate for gout: the decision is replaced, not added to.
    s.setLink(gout.id, [{ id: 'LOCAL:G2', name: 'Gouty arthritis' }]);
    s.setLink(rash.id, []);
    const lines = ann().trimEnd().split('\n');
    assert.deepEqual(lines, [
      `T1\tproblem ${span('CHF').start} ${span('CHF').end}\tCHF`,
      `T2\tproblem ${span('gout').start} ${span('gout').end}\tgout`,
      `T3\tproblem ${span('zorblax rash').start} ${span('zorblax rash').end}\tzorblax rash`,
      'N1\tReference T1 MESH:D006333\tHeart Failure',
      'N2\tReference T2 LOCAL:G2\tGouty arthritis',
      '#1\tNoConcept T3\tno concept fits',
    ]);
    const again = CurationStore.open(note, TEXT);
    assert.deepEqual(
      again.entities().map((e) => e.link),
      [[{ id: 'MESH:D006333', name: 'Heart Failure' }], [{ id: 'LOCAL:G2', name: 'Gouty arthritis' }], []],
    );
    // The corpus reader (eval, agreement, export) sees the IDs and the decided none.
    assert.deepEqual(
      readBratDocument('visit', TEXT, ann()).entities.map((e) => e.ids),
      [['MESH:D006333'], ['LOCAL:G2'], []],
    );
  });

  it('links accepted in curation are synonyms of the next vocabulary build (--synonyms on the curated folder)', () => {
    const s = CurationStore.open(note, TEXT);
    s.setLink(s.accept({ ...span('gout'), type: 'problem' }).id, [{ id: 'LOCAL:G2', name: 'Gouty arthritis' }]);
    s.setLink(s.accept({ ...span('zorblax rash'), type: 'problem' }).id, []);
    const tsv = path.join(dir, 'local.tsv');
    fs.writeFileSync(tsv, 'LOCAL:G2\tGouty arthritis\tproblem\nLOCAL:R1\tRash\tproblem\n');
    const out = path.join(dir, 'local.vocab');
    const built = buildVocabulary({ sources: [tsv], format: 'tsv', out, synonyms: [dir] });
    assert.equal(built.synonymNames, 1, 'the decided "none" adds no name');
    const v = openVocabulary(out);
    try {
      assert.deepEqual(
        v.exact(nameKeys('gout')[0]).map((o) => v.concept(o).id),
        ['LOCAL:G2'],
      );
      assert.deepEqual(v.exact(nameKeys('zorblax rash')[0]), []);
    } finally {
      v.close();
    }
  });

  it('clearing a decision takes its lines away; a type change keeps the link; a rejected entity takes its link with it', () => {
    const s = CurationStore.open(note, TEXT);
    const chf = s.accept({ ...span('CHF'), type: 'problem' });
    const gout = s.accept({ ...span('gout'), type: 'problem' });
    s.setLink(chf.id, [{ id: 'MESH:D006333', name: 'Heart Failure' }]);
    s.setLink(gout.id, []);
    s.changeType(chf.id, 'disease');
    assert.match(ann(), /^N1\tReference T1 MESH:D006333\tHeart Failure$/m);
    s.setLink(gout.id, undefined);
    assert.doesNotMatch(ann(), /NoConcept/);
    s.reject({ ...span('CHF'), type: 'disease' });
    assert.doesNotMatch(ann(), /^N/m);
    assert.equal(s.entity(gout.id)?.link, undefined);
  });

  it('a composite keeps one N line per concept; decisions written by another tool are read wherever they stand', () => {
    const t = `T1\tproblem ${span('CHF').start} ${span('CHF').end}\tCHF\nT2\tproblem ${span('gout').start} ${span('gout').end}\tgout\n`;
    // Before their T lines, a composite's two concepts, and a NoConcept beside a concept (kept as written).
    const hand = `N7\tReference T1 MESH:D001\tOne\n#4\tNoConcept T1\tno concept fits\n${t}N8\tReference T1 MESH:D002\tTwo\nN9\tReference T5 MESH:D003\tOrphan\n#5\tNoConcept T2\n`;
    const data = parseCuration(hand);
    assert.deepEqual(
      data.entities.map((e) => e.link),
      [
        [
          { id: 'MESH:D001', name: 'One' },
          { id: 'MESH:D002', name: 'Two' },
        ],
        [],
      ],
    );
    assert.deepEqual(data.other.sort(), ['#4\tNoConcept T1\tno concept fits', 'N9\tReference T5 MESH:D003\tOrphan']);
    const written = writeCuration(data, TEXT);
    assert.deepEqual(parseCuration(written).entities, data.entities);
    assert.match(written, /^N1\tReference T1 MESH:D001\tOne\nN2\tReference T1 MESH:D002\tTwo$/m);
  });
});
