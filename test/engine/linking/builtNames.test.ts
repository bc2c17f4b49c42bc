/**
 * The user's names decide at every scale: names a `.vocab`'s build brought (`vocab build
 * --synonyms`) are the user's own, as `eval link --synonyms` are, and `--own-sources` says
 * which sources the user annotates in when there are no names. In each vocabulary here the
 * stranger is written first, holds the name as its preferred name and has the better semantic
 * group (a disorder; the user's concept has no type), so that every later tie rule (file
 * order, preferred name, semantic group) would give it the mention.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Linker } from '../../../server/src/engine/linking/linker';
import { Vocabulary } from '../../../server/src/engine/linking/types';
import { buildVocabulary, BuildOptions } from '../../../server/src/engine/linking/vocab/build';
import { openVocabulary } from '../../../server/src/engine/linking/vocab/open';

/** One MRCONSO row: CUI|LAT|TS|LUI|STT|SUI|ISPREF|AUI|SAUI|SCUI|SDUI|SAB|TTY|CODE|STR|SRL|SUPPRESS|CVF| */
const row = (cui: string, sab: string, tty: string, code: string, name: string, n: number) =>
  `${cui}|ENG|P|L${n}|PF|S${n}|Y|A${n}||${code}|${code}|${sab}|${tty}|${code}|${name}|0|N||`;

/** The strangers first (SNOMED CT, disorders, the name their preferred term); the user's MeSH and OMIM concepts last, of no type. */
const UMLS_ROWS: [string, string, string, string, string][] = [
  ['C0000001', 'SNOMEDCT_US', 'PT', '1001', 'Chondrodysplasia'],
  ['C0000002', 'SNOMEDCT_US', 'PT', '2001', 'Immunodeficiency,'],
  ['C0000003', 'SNOMEDCT_US', 'PT', '3001', 'Genetic Disease'],
  ['C0000009', 'MSH', 'MH', 'D010009', 'Osteochondrodysplasias'],
  ['C0000009', 'MSH', 'ET', 'D010009', 'Chondrodysplasia'],
  ['C0000010', 'MSH', 'MH', 'D007153', 'Immunologic Deficiency Syndromes'],
  ['C0000011', 'MSH', 'MH', 'D030342', 'Genetic Diseases, Inborn'],
  ['C0000012', 'OMIM', 'PT', '106210', 'Aniridia'],
];
const STY = ['C0000001', 'C0000002', 'C0000003'].map((cui, i) => `${cui}|T047|A${i}|Disease or Syndrome|AT${i}|256|`);

/** Training mentions in the concept layout, IDs as NCBI-disease and BC5CDR write them (bare) or prefixed. */
const corpus = (prefix: string) =>
  [
    ['chondrodysplasia', 'D010009'],
    ['immunodeficiency', 'D007153'],
    ['genetic disease', 'D030342'],
    ['genetic disease', 'D030342'],
    ['familial aniridia', '106210'],
  ]
    .map(([text, id], i) => `${i}||0|${text.length}||Disease||${text}||${prefix && /^\d/.test(id) ? 'OMIM:' : prefix}${id}`)
    .join('\n') + '\n';

let tmp: string;
const opened: Vocabulary[] = [];

function umls(name: string, options: Partial<BuildOptions> = {}): Vocabulary {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'MRCONSO.RRF'), UMLS_ROWS.map((r, i) => row(...r, i + 1)).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'MRSTY.RRF'), STY.join('\n') + '\n');
  const out = path.join(tmp, `${name}.vocab`);
  buildVocabulary({ sources: [path.join(dir, 'MRCONSO.RRF')], format: 'umls', out, tmpDir: tmp, ...options });
  const v = openVocabulary(out);
  opened.push(v);
  return v;
}

function synonymsFile(name: string, prefix: string): string {
  const file = path.join(tmp, `${name}.concept`);
  fs.writeFileSync(file, corpus(prefix));
  return file;
}

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'built-names-'));
});
after(() => {
  for (const v of opened) v.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const linked = (v: Vocabulary, text: string) => new Linker(v).link(text, 'Disease');

describe("linking: the user's names decide, whatever else holds the same key", () => {
  for (const [spelling, prefix] of [
    ['bare IDs (D010009, 106210)', ''],
    ['prefixed IDs (MESH:D010009, OMIM:106210)', 'MESH:'],
  ]) {
    it(`names a UMLS build brought with ${spelling} link to their concepts, not to the stranger written first`, () => {
      const v = umls(`syn-${prefix ? 'prefixed' : 'bare'}`, { synonyms: [synonymsFile(prefix ? 'prefixed' : 'bare', prefix)] });
      const link = linked(v, 'chondrodysplasia');
      assert.deepEqual(
        link.concepts.map((c) => c.id),
        ['UMLS:C0000009'],
      );
      assert.equal(link.tie, 'user sources');
      assert.deepEqual(
        linked(v, 'Immunodeficiency').concepts.map((c) => c.id),
        ['UMLS:C0000010'],
      );
      assert.deepEqual(
        linked(v, 'genetic disease').concepts.map((c) => c.id),
        ['UMLS:C0000011'],
      );
      assert.deepEqual(
        linked(v, 'familial aniridia').concepts.map((c) => c.id),
        ['UMLS:C0000012'],
      );
    });
  }

  it('the same vocabulary built without the names gives the mention to the stranger (what the names change)', () => {
    const v = umls('plain');
    const link = linked(v, 'chondrodysplasia');
    assert.deepEqual(
      link.concepts.map((c) => c.id),
      ['UMLS:C0000001'],
    );
    assert.deepEqual(
      linked(v, 'genetic disease').concepts.map((c) => c.id),
      ['UMLS:C0000003'],
    );
  });

  it('--own-sources MSH,OMIM without any synonyms: a concept with a code in them is taken over one without', () => {
    const v = umls('own', { ownSources: ['MSH', 'OMIM'] });
    const link = linked(v, 'chondrodysplasia');
    assert.deepEqual(
      link.concepts.map((c) => c.id),
      ['UMLS:C0000009'],
    );
    assert.equal(link.tie, 'user sources');
    // A name only other sources hold is still linked to them.
    assert.deepEqual(
      linked(v, 'Immunodeficiency').concepts.map((c) => c.id),
      ['UMLS:C0000002'],
    );
  });

  it('in a vocabulary of one source (a TSV), a name the build brought beats the stranger that holds it as its preferred name, first', () => {
    const tsv = path.join(tmp, 'local.tsv');
    fs.writeFileSync(tsv, 'X:1\tChondrodysplasia\tDisease or Syndrome\nMESH:D010009\tOsteochondrodysplasias\n');
    const out = path.join(tmp, 'local.vocab');
    buildVocabulary({ sources: [tsv], format: 'tsv', out, tmpDir: tmp, synonyms: [synonymsFile('local', '')] });
    const v = openVocabulary(out);
    opened.push(v);
    const link = linked(v, 'chondrodysplasia');
    assert.deepEqual(
      link.concepts.map((c) => c.id),
      ['MESH:D010009'],
    );
    assert.equal(link.tie, 'user name');
  });
});
