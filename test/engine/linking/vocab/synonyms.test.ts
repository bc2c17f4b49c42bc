/** --synonyms: an annotated corpus's mentions as names of their concepts, and IDs the vocabulary lacks as concepts of their own. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readLinkedMentions } from '../../../../server/src/engine/formats/linkedMentions';
import { nameKeys } from '../../../../server/src/engine/linking/normalise';
import { buildVocabulary } from '../../../../server/src/engine/linking/vocab/build';
import { openVocabulary } from '../../../../server/src/engine/linking/vocab/open';
import { synonymFormat } from '../../../../server/src/engine/linking/vocab/synonyms';
import { FIXTURES } from '../../../support/paths';

const DIR = path.join(FIXTURES, 'linking', 'vocab');

let tmp: string;
before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vocab-synonyms-'))));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('synonym corpora', () => {
  it('reads mentions of PubTator, the concept layout and BRAT N lines', () => {
    const pubtator = readLinkedMentions(fs.readFileSync(path.join(DIR, 'synonyms.pubtator'), 'utf8'), 'pubtator');
    assert.deepEqual(
      pubtator.map((m) => [m.text, m.ids, m.composite]),
      [
        ['Auricular fibrilation', ['D001281'], false],
        ['liver enlargement', ['D006529'], false],
        ['breast and ovarian cancer', ['D001943', 'D010051'], true],
        ['skin finding', [], false],
        ['new lesions', ['MESH:D999999'], false],
      ],
    );
    const concept = readLinkedMentions(fs.readFileSync(path.join(DIR, 'synonyms.concept'), 'utf8'), 'concept');
    assert.deepEqual(concept[0], { document: '900002', start: 4, end: 16, text: 'sugar disease', type: 'Disease', ids: ['D003920'], composite: false });
    const brat = readLinkedMentions(fs.readFileSync(path.join(DIR, 'synonyms.ann'), 'utf8'), 'brat');
    assert.deepEqual(
      brat.map((m) => [m.text, m.type, m.start, m.end, m.ids]),
      [
        ['sugar illness', 'Disease', 0, 12, ['MESH:D003920']],
        ['AF spell', 'Disease', 20, 28, ['MESH:D001281']],
      ],
    );
  });

  it('tells a corpus layout from its first lines, and refuses a file that is none', () => {
    assert.equal(synonymFormat(path.join(DIR, 'synonyms.pubtator')), 'pubtator');
    assert.equal(synonymFormat(path.join(DIR, 'synonyms.concept')), 'concept');
    assert.equal(synonymFormat(path.join(DIR, 'synonyms.ann')), 'brat');
    const medic = path.join(DIR, 'medic_excerpt.txt');
    assert.throws(() => synonymFormat(medic), new RegExp(`${path.basename(medic)}: not a synonym corpus`));
  });

  it('adds names to the concepts with those IDs (own or alternate), makes concepts of unknown IDs, and leaves composites out', () => {
    const synonyms = [path.join(DIR, 'synonyms.pubtator'), path.join(DIR, 'synonyms.concept'), path.join(DIR, 'synonyms.ann')];
    const out = path.join(tmp, 'medic-syn.vocab');
    const summary = buildVocabulary({ sources: [path.join(DIR, 'medic_excerpt.txt')], format: 'medic', out, synonyms, tmpDir: tmp });
    assert.deepEqual(summary.synonymConcepts, ['MESH:D999999']);
    assert.equal(summary.concepts, 10);
    assert.equal(summary.synonymNames, 6);
    assert.ok(summary.notes.includes('1 composite mention not added (a composite names no single concept)'), summary.notes.join('\n'));
    assert.ok(summary.notes.includes('1 mention without an ID not added'), summary.notes.join('\n'));
    const v = openVocabulary(out);
    try {
      const ids = (text: string) => v.exact(nameKeys(text)[0]).map((o) => v.concept(o).id);
      assert.deepEqual(ids('auricular fibrilation'), ['MESH:D001281']);
      assert.deepEqual(ids('AF spell'), ['MESH:D001281']);
      assert.deepEqual(ids('sugar disease'), ['MESH:D003920']);
      assert.deepEqual(ids('sugar illness'), ['MESH:D003920']);
      assert.deepEqual(ids('tooth agenesis 6'), ['MESH:C567755'], 'OMIM:613097 is an alternate ID of C567755');
      assert.deepEqual(ids('breast and ovarian cancer'), []);
      assert.deepEqual(ids('skin finding'), []);
      const lesions = v.concept(v.byId('MESH:D999999')!);
      assert.deepEqual(lesions, { id: 'MESH:D999999', name: 'new lesions', altIds: [], types: ['DiseaseClass'] });
    } finally {
      v.close();
    }
  });
});
