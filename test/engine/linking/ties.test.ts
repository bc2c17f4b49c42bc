/**
 * What decides among concepts holding a mention's name alike (linking/ties.ts), each rule on
 * a UMLS-layout vocabulary (MRCONSO.RRF sorted by CUI, MRSTY.RRF beside) in which the right
 * concept is written LAST, so that file order alone would choose wrong: the sources the user's
 * names link into, a name the user brought, the semantic group, the preferred name (TTY), the
 * source ranked first, several names, the document; file order only when nothing else tells
 * them apart. The link says
 * which rule decided (`tie`). The in-memory vocabulary decides the rules it can hold alike.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Linker, MentionLink } from '../../../server/src/engine/linking/linker';
import { MemoryVocabulary } from '../../../server/src/engine/linking/memoryVocabulary';
import { synonymVocabulary } from '../../../server/src/engine/linking/synonyms';
import { Vocabulary } from '../../../server/src/engine/linking/types';
import { buildVocabulary } from '../../../server/src/engine/linking/vocab/build';
import { openVocabulary } from '../../../server/src/engine/linking/vocab/open';

/** One MRCONSO row: CUI|LAT|TS|LUI|STT|SUI|ISPREF|AUI|SAUI|SCUI|SDUI|SAB|TTY|CODE|STR|SRL|SUPPRESS|CVF| */
const row = (cui: string, sab: string, tty: string, code: string, name: string, n: number) =>
  `${cui}|ENG|P|L${n}|PF|S${n}|Y|A${n}||${code}|${code}|${sab}|${tty}|${code}|${name}|0|N||`;

/** [CUI, SAB, TTY, CODE, name] rows, in CUI order; each rule's right concept has the higher CUI. */
const ROWS: [string, string, string, string, string][] = [
  // user name: "cold" held by a finding (feeling cold) first, by the common cold last (the user's corpus names it); both in MeSH.
  ['C0000001', 'MSH', 'MH', 'D001001', 'Cold'],
  ['C0000009', 'MSH', 'MH', 'D003139', 'Common Cold'],
  ['C0000009', 'MSH', 'ET', 'D003139', 'Cold'],
  // semantic group: "depression" held by a drug (ruled out), a concept of no type, then a disorder.
  ['C0000002', 'MDR', 'PT', '2001', 'Depression'],
  ['C0000003', 'RXNORM', 'PT', '3001', 'Depression'],
  ['C0000008', 'MSH', 'MH', 'D003866', 'Depression'],
  // preferred name: "discharge" a lesser synonym first, a preferred term last.
  ['C0000004', 'NCI', 'PT', '4001', 'Bodily discharge finding'],
  ['C0000004', 'NCI', 'SY', '4001', 'Discharge'],
  ['C0000007', 'HPO', 'PT', '7001', 'Discharge'],
  // source rank: "MS" preferred in SNOMED CT first, in MeSH last (the user ranks MeSH first).
  ['C0000005', 'SNOMEDCT_US', 'PT', '5001', 'MS'],
  ['C0000006', 'MSH', 'MH', 'D009103', 'MS'],
  // several names: "polyp" one name first, two names last.
  ['C0000010', 'NCI', 'PT', '10001', 'Polyp'],
  ['C0000011', 'MSH', 'MH', 'D011127', 'Polyp'],
  ['C0000011', 'MSH', 'ET', 'D011127', 'Polyps'],
  // document: "leukodystrophy" a class first, Krabbe's (named in full elsewhere in the text) last.
  ['C0000012', 'NCI', 'PT', '12001', 'Leukodystrophy'],
  ['C0000013', 'MSH', 'MH', 'D007965', 'Globoid cell leukodystrophy'],
  ['C0000013', 'MSH', 'PT', 'D007965', 'Leukodystrophy'],
  // user sources: "retinopathy" as written held by an NCI concept first; the MeSH concept, last, holds only its plural.
  ['C0000014', 'NCI', 'PT', '14001', 'Retinopathy'],
  ['C0000015', 'MSH', 'MH', 'D012164', 'Retinal Diseases'],
  ['C0000015', 'MSH', 'ET', 'D012164', 'Retinopathies'],
];

const TYPES: Record<string, string> = {
  C0000001: 'Finding',
  C0000002: '',
  C0000003: 'Pharmacologic Substance',
  C0000004: 'Finding',
  C0000005: 'Disease or Syndrome',
  C0000006: 'Disease or Syndrome',
  C0000007: 'Finding',
  C0000008: 'Mental or Behavioral Dysfunction',
  C0000009: 'Disease or Syndrome',
  C0000010: 'Finding',
  C0000011: 'Finding',
  C0000012: 'Disease or Syndrome',
  C0000013: 'Disease or Syndrome',
  C0000014: 'Disease or Syndrome',
  C0000015: 'Disease or Syndrome',
};

let tmp: string;
let plain: Vocabulary;
let meshFirst: Vocabulary;

function build(name: string, prefer?: string[]): Vocabulary {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  const rows = [...ROWS].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  fs.writeFileSync(path.join(dir, 'MRCONSO.RRF'), rows.map((r, i) => row(...r, i + 1)).join('\n') + '\n');
  const sty = Object.entries(TYPES)
    .filter(([, t]) => t)
    .map(([cui, t], i) => `${cui}|T${i}|A1|${t}|AT${i}|256|`);
  fs.writeFileSync(path.join(dir, 'MRSTY.RRF'), sty.join('\n') + '\n');
  const out = path.join(tmp, `${name}.vocab`);
  buildVocabulary({ sources: [path.join(dir, 'MRCONSO.RRF')], format: 'umls', out, tmpDir: tmp, prefer });
  return openVocabulary(out);
}

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ties-'));
  plain = build('plain');
  meshFirst = build('mesh-first', ['MSH']);
});
after(() => {
  plain.close();
  meshFirst.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const chosen = (link: MentionLink) => link.concepts.map((c) => c.id);

describe('linking: ties decided by evidence, never by file order', () => {
  it('a name the user brought: their "cold" is the common cold, written last', () => {
    const synonyms = synonymVocabulary('mine', [{ document: 'd', start: 0, end: 4, text: 'cold', type: 'Disease', ids: ['D003139'], composite: false }]);
    const link = new Linker(plain, { synonyms }).link('cold', 'problem');
    assert.deepEqual(chosen(link), ['UMLS:C0000009']);
    assert.equal(link.tie, 'user name');
    // Without them the next rule decides: "Cold" is the finding's preferred term, the common cold's entry term.
    const bare = new Linker(plain).link('cold', 'problem');
    assert.deepEqual(chosen(bare), ['UMLS:C0000001']);
    assert.equal(bare.tie, 'preferred name');
  });

  it("the user's sources: where their names are MeSH codes, the MeSH concept over another source's, at any key level", () => {
    const mesh = synonymVocabulary('mine', [{ document: 'd', start: 0, end: 4, text: 'cold', type: 'Disease', ids: ['D003139'], composite: false }]);
    const link = new Linker(plain, { synonyms: mesh }).link('retinopathy', 'problem');
    assert.deepEqual(chosen(link), ['UMLS:C0000015']);
    assert.equal(link.tie, 'user sources');
    // Without names, or with names that are CUIs, the name as written (one concept's preferred term) comes first.
    assert.deepEqual(chosen(new Linker(plain).link('retinopathy', 'problem')), ['UMLS:C0000014']);
    const cuis = synonymVocabulary('mine', [{ document: 'd', start: 0, end: 4, text: 'cold', type: 'Disease', ids: ['UMLS:C0000009'], composite: false }]);
    assert.deepEqual(chosen(new Linker(plain, { synonyms: cuis }).link('retinopathy', 'problem')), ['UMLS:C0000014']);
  });

  it('the semantic group: a disorder over a concept of no type; a drug is never a problem', () => {
    const link = new Linker(plain).link('depression', 'problem');
    assert.deepEqual(chosen(link), ['UMLS:C0000008']);
    assert.equal(link.tie, 'semantic group');
    assert.ok(!link.candidates[0].some((c) => c.id === 'UMLS:C0000003'), 'the drug is no candidate for a problem');
  });

  it('the preferred name: a source preferred term (TTY PT) over a lesser synonym (SY)', () => {
    const link = new Linker(plain).link('Discharge', 'problem');
    assert.deepEqual(chosen(link), ['UMLS:C0000007']);
    assert.equal(link.tie, 'preferred name');
  });

  it('the source the user ranks first (vocab build --prefer), else file order', () => {
    const link = new Linker(meshFirst).link('MS', 'problem');
    assert.deepEqual(chosen(link), ['UMLS:C0000006']);
    assert.equal(link.tie, 'source rank');
    const unranked = new Linker(plain).link('MS', 'problem');
    assert.deepEqual(chosen(unranked), ['UMLS:C0000005']);
    assert.equal(unranked.tie, 'file order');
  });

  it('several names giving the key over one', () => {
    const link = new Linker(plain).link('polyp', 'problem');
    assert.deepEqual(chosen(link), ['UMLS:C0000011']);
    assert.equal(link.tie, 'more names');
  });

  it('the document: a name several concepts share takes the one the text names in full', () => {
    const links = new Linker(plain).linkDocument(undefined, [
      { text: 'globoid cell leukodystrophy', type: 'problem' },
      { text: 'leukodystrophy', type: 'problem' },
    ]);
    assert.deepEqual(links.map(chosen), [['UMLS:C0000013'], ['UMLS:C0000013']]);
    assert.equal(links[1].tie, 'document');
  });

  it('a concept the user names elsewhere beats an unrelated one holding a stricter key', () => {
    // "Prostate carcinomas": a concept written first holds the words in another order (level 2);
    // the one the user's corpus names holds them only as a tumour of the prostate (level 5).
    const vocabulary = new MemoryVocabulary('big', [
      { id: 'X:1', name: 'Carcinomas, Prostate', names: [], altIds: [], types: [] },
      { id: 'MESH:D011471', name: 'Prostatic Neoplasms', names: [], altIds: [], types: [] },
    ]);
    const synonyms = synonymVocabulary('mine', [
      { document: 'd', start: 0, end: 15, text: 'prostate tumour', type: 'Disease', ids: ['D011471'], composite: false },
    ]);
    const link = new Linker(vocabulary, { synonyms }).link('prostate carcinomas', 'Disease');
    assert.deepEqual(chosen(link), ['MESH:D011471']);
    assert.equal(link.tie, 'user name');
    // The name as written, held by one concept alone, still comes first.
    const written = new Linker(vocabulary, { synonyms }).link('Carcinomas, Prostate', 'Disease');
    assert.deepEqual(chosen(written), ['X:1']);
  });

  it('the in-memory vocabulary decides as the .vocab does where it holds the same facts', () => {
    const memory = new MemoryVocabulary('mem', [
      { id: 'UMLS:C0000010', name: 'Polyp', names: [], altIds: [], types: ['Finding'] },
      { id: 'UMLS:C0000011', name: 'Polyp', names: ['Polyps'], altIds: [], types: ['Finding'] },
      { id: 'UMLS:C0000002', name: 'Depression', names: [], altIds: [], types: [] },
      { id: 'UMLS:C0000008', name: 'Depression', names: [], altIds: [], types: ['Mental or Behavioral Dysfunction'] },
    ]);
    for (const [text, type] of [
      ['polyp', 'problem'],
      ['depression', 'problem'],
    ]) {
      const fromMemory = new Linker(memory).link(text, type);
      const fromFile = new Linker(plain).link(text, type);
      assert.deepEqual(chosen(fromMemory), chosen(fromFile), text);
      assert.equal(fromMemory.tie, fromFile.tie, text);
    }
  });
});
