/** A .vocab built from each fixture and opened again: concepts, exact keys, IDs, approximate search, refusals. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { approxKey, nameKeys, NORMALISER_VERSION } from '../../../../server/src/engine/linking/normalise';
import { Vocabulary } from '../../../../server/src/engine/linking/types';
import { buildVocabulary, BuildOptions } from '../../../../server/src/engine/linking/vocab/build';
import { TYPE_TABLE_MAX } from '../../../../server/src/engine/linking/vocab/fileLayout';
import { openVocabulary, readVocabHeader } from '../../../../server/src/engine/linking/vocab/open';
import { FIXTURES } from '../../../support/paths';

const DIR = path.join(FIXTURES, 'linking', 'vocab');

let tmp: string;
const opened: Vocabulary[] = [];
before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vocab-roundtrip-'))));
after(() => {
  for (const v of opened) v.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function build(name: string, options: Omit<BuildOptions, 'out'>): Vocabulary {
  const out = path.join(tmp, `${name}.vocab`);
  buildVocabulary({ ...options, out, tmpDir: tmp });
  const v = openVocabulary(out);
  opened.push(v);
  return v;
}

/** The IDs of the concepts one of whose names has the text's first (most exact) key. */
const exactIds = (v: Vocabulary, text: string) => v.exact(nameKeys(text)[0]).map((o) => v.concept(o).id);

describe('.vocab build and open', () => {
  it('MEDIC: exact keys, byId with and without MESH:, OMIM numbers, concepts as read', () => {
    const v = build('medic', { sources: [path.join(DIR, 'medic_excerpt.txt')], format: 'medic', label: 'MEDIC' });
    assert.equal(v.label, 'MEDIC');
    assert.equal(v.size, 9);
    assert.deepEqual(exactIds(v, 'auricular fibrillation'), ['MESH:D001281']);
    assert.deepEqual(exactIds(v, 'FIBRILLATION, ATRIAL'), ['MESH:D001281']);
    assert.deepEqual(exactIds(v, "gunther's disease"), ['MESH:D017092']);
    assert.deepEqual(exactIds(v, 'atrial flutter'), []);
    const af = v.byId('MESH:D001281')!;
    assert.equal(v.byId('D001281'), af);
    assert.equal(v.byId('mesh:D001281'), af);
    assert.deepEqual(v.concept(af), { id: 'MESH:D001281', name: 'Atrial Fibrillation', altIds: [], types: [] });
    assert.equal(v.concept(v.byId('OMIM:613097')!).id, 'MESH:C567755', 'an alternate ID finds its concept');
    assert.equal(v.byId('613097'), v.byId('OMIM:613097'));
    assert.equal(v.byId('D999999'), undefined);
    assert.throws(() => v.concept(9), RangeError);
  });

  it('approximate search finds a typo and a word-order variant, best first, one candidate per concept', () => {
    const v = build('medic-approx', { sources: [path.join(DIR, 'medic_excerpt.txt')], format: 'medic' });
    const typo = v.approximate('atrail fibrilation', 3);
    assert.equal(v.concept(typo[0].concept).id, 'MESH:D001281');
    assert.ok(typo[0].score > 0.5 && typo[0].score < 1, String(typo[0].score));
    assert.equal(new Set(typo.map((c) => c.concept)).size, typo.length);
    for (let i = 1; i < typo.length; i++) assert.ok(typo[i - 1].score >= typo[i].score);
    const liver = v.approximate('enlarged livers', 1);
    assert.equal(v.concept(liver[0].concept).id, 'MESH:D006529');
    // The index gives the name in the approximate form it compares (approxKey).
    assert.equal(liver[0].name, approxKey('Enlarged Liver'));
    assert.deepEqual(v.approximate('', 5), []);
    assert.deepEqual(v.approximate('hepatomegaly', 0), []);
  });

  it('approximate search reads postings a piece at a time: the same answers however small the pieces', () => {
    // One name in 150 has "syndrome", so its trigrams' postings are two-byte varints that
    // pieces of 1 to 7 bytes cut in every place; the answers must be those of one whole read.
    const letters = (i: number) => [...i.toString(26).padStart(3, '0')].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');
    const rows = Array.from({ length: 3_000 }, (_, i) => `X:${i}	${i % 150 === 0 ? 'syndrome' : 'other'} ${letters(i)}vo${letters(2_999 - i)}`);
    const file = path.join(tmp, 'pieces.tsv');
    fs.writeFileSync(file, rows.join('\n') + '\n');
    const whole = build('pieces', { sources: [file], format: 'tsv' });
    const answers = (v: Vocabulary, query: string) => v.approximate(query, 5).map((c) => [v.concept(c.concept).id, c.score]);
    const queries = ['syndrom abevoeip', 'syndrome', 'othr bzzvo', `syndrome ${letters(2_850)}vo${letters(149)}`];
    assert.equal(whole.concept(whole.approximate(queries[3], 1)[0].concept).id, 'X:2850');
    for (const chunk of [1, 2, 3, 7]) {
      const pieces = openVocabulary(path.join(tmp, 'pieces.vocab'), { postingsChunk: chunk });
      opened.push(pieces);
      for (const q of queries) assert.deepEqual(answers(pieces, q), answers(whole, q), `${q}, read ${chunk} bytes at a time`);
    }
  });

  it('UMLS: CUIs with source codes found by byId, semantic types, the same answers however many sort runs', () => {
    const source = { sources: [path.join(DIR, 'umls', 'MRCONSO.RRF')], format: 'umls' as const };
    const v = build('umls', source);
    // A tiny sort budget: every few lines a run file, merged at the end.
    const runs = build('umls-runs', { ...source, sortBudgetBytes: 200 });
    for (const u of [v, runs]) {
      const af = u.byId('UMLS:C0004238')!;
      assert.equal(u.byId('C0004238'), af);
      assert.equal(u.byId('MESH:D001281'), af);
      assert.equal(u.byId('D001281'), af);
      assert.equal(u.byId('SNOMEDCT_US:49436004'), af);
      assert.equal(u.concept(u.byId('RXNORM:11289')!).name, 'Warfarin');
      assert.deepEqual(u.concept(u.byId('UMLS:C0043031')!).types, ['Organic Chemical', 'Pharmacologic Substance']);
      assert.deepEqual(exactIds(u, 'fibrilacion atrial'), ['UMLS:C0004238']);
      assert.deepEqual(exactIds(u, 'coumadin anticoagulant'), ['UMLS:C0043031']);
    }
    for (const key of ['1:diabetes mellitus', '2:atrial fibrillation', '1:warfarin']) assert.deepEqual(runs.exact(key), v.exact(key));
    // Runs sorted on the worker thread (the default) or on the caller's: the same file, after its header.
    build('umls-runs-here', { ...source, sortBudgetBytes: 200, sortOnWorker: false });
    const body = (name: string) =>
      fs.readFileSync(path.join(tmp, `${name}.vocab`)).subarray(readVocabHeader(path.join(tmp, `${name}.vocab`)).sections.conceptData[0]);
    assert.ok(body('umls-runs').length > 1000);
    assert.ok(body('umls-runs').equals(body('umls-runs-here')), 'the same index sorted on either thread');
    assert.ok(body('umls-runs').equals(body('umls')), 'the same index in one run or many');
  });

  it('a name several concepts share gives all their ordinals, in order', () => {
    const tsv = path.join(tmp, 'shared.tsv');
    fs.writeFileSync(tsv, 'A:1\tcold\nA:2\tcommon cold\nA:2\tcold\nA:3\tchills\n');
    const v = build('shared', { sources: [tsv], format: 'tsv' });
    assert.deepEqual(
      v.exact(nameKeys('Cold')[0]).map((o) => v.concept(o).id),
      ['A:1', 'A:2'],
    );
  });

  it("types are written once, each concept giving them by number; past the table's size, by name, read back alike", () => {
    // A TSV's type column may hold any number of distinct types: the last ones are past the table.
    const tsv = path.join(tmp, 'types.tsv');
    const rows = ['T:0\tfirst\tDisease or Syndrome', 'T:1\tsecond\tDisease or Syndrome'];
    for (let i = 0; i < TYPE_TABLE_MAX + 2; i++) rows.push(`U:${i}\tname ${i}\ttype number ${i}`);
    fs.writeFileSync(tsv, rows.join('\n') + '\n');
    const v = build('types', { sources: [tsv], format: 'tsv' });
    assert.deepEqual(v.concept(v.byId('T:1')!).types, ['Disease or Syndrome']);
    for (const i of [0, TYPE_TABLE_MAX - 2, TYPE_TABLE_MAX - 1, TYPE_TABLE_MAX + 1])
      assert.deepEqual(v.concept(v.byId(`U:${i}`)!).types, [`type number ${i}`], `U:${i}`);
    const bytes = fs.readFileSync(path.join(tmp, 'types.vocab'));
    const once = (text: string) => bytes.indexOf(text) >= 0 && bytes.indexOf(text) === bytes.lastIndexOf(text);
    assert.ok(once('"Disease or Syndrome"'), 'a type name shared by two concepts is written once');
    assert.ok(once(`"type number ${TYPE_TABLE_MAX + 1}"`), 'one past the table is written in its concept');
  });

  it('the header carries the magic, counts, label and name-key version', () => {
    build('hdr', { sources: [path.join(DIR, 'terms.obo')], format: 'obo', label: 'HPO' });
    const h = readVocabHeader(path.join(tmp, 'hdr.vocab'));
    assert.equal(h.label, 'HPO');
    assert.equal(h.format, 'obo');
    assert.equal(h.concepts, 2);
    assert.equal(h.normaliserVersion, NORMALISER_VERSION);
    assert.equal(h.names, 6);
  });

  it('refuses a file that is not a .vocab, and one built with other name keys', () => {
    const notVocab = path.join(tmp, 'not.vocab');
    fs.writeFileSync(notVocab, Buffer.alloc(70_000, 0x41));
    assert.throws(() => openVocabulary(notVocab), /not\.vocab: not a \.vocab file \(build one with biomed vocab build\)/);
    build('old', { sources: [path.join(DIR, 'local.tsv')], format: 'tsv' });
    const file = path.join(tmp, 'old.vocab');
    const bytes = fs.readFileSync(file);
    const at = bytes.indexOf(`"normaliserVersion":${NORMALISER_VERSION}`);
    bytes.write(`"normaliserVersion":${(NORMALISER_VERSION + 1) % 10}`, at);
    fs.writeFileSync(file, bytes);
    assert.throws(() => openVocabulary(file), /built with name keys of version \d; this version uses \d: build it again/);
  });

  it('an ID given to two concepts apart is refused with both places; the output is not left behind', () => {
    const tsv = path.join(tmp, 'split.tsv');
    fs.writeFileSync(tsv, 'A:1\tcold\nA:2\tfever\nA:1\tchill\n');
    const out = path.join(tmp, 'split.vocab');
    assert.throws(() => buildVocabulary({ sources: [tsv], format: 'tsv', out, tmpDir: tmp }), {
      message: `${tsv} line 3: the ID A:1 is already the ID of the concept at ${tsv} line 1 (a concept's rows must come together)`,
    });
    assert.ok(!fs.existsSync(out));
    assert.deepEqual(
      fs.readdirSync(tmp).filter((f) => f.includes('partial') || f.startsWith('biomed-vocab-')),
      [],
    );
  });
});
