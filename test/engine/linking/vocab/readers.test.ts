/** Each vocabulary format's reader on its fixture (test/fixtures/linking/vocab), and its messages for bad input (file and line). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../../../../server/src/engine/errors';
import { SourceConcept } from '../../../../server/src/engine/linking/vocab/sourceConcept';
import { VocabFormat, VOCAB_READERS } from '../../../../server/src/engine/linking/vocab/sources/readers';
import { FIXTURES } from '../../../support/paths';

const DIR = path.join(FIXTURES, 'linking', 'vocab');

function read(
  format: VocabFormat,
  file: string,
  options: { sab?: string[]; lang?: string[]; suppressed?: boolean; broadSynonyms?: boolean } = {},
): { concepts: SourceConcept[]; notes: string[] } {
  const concepts: SourceConcept[] = [];
  const notes: string[] = [];
  VOCAB_READERS[format](file, { ...options, note: (m) => notes.push(m) }, (c) => concepts.push(c));
  return { concepts, notes };
}

let tmp: string;
before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vocab-readers-'))));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
/** A file of `text` in the temporary folder (in a folder of its own when `dir` is given). */
function write(name: string, text: string, dir?: string): string {
  const folder = dir ? path.join(tmp, dir) : tmp;
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, name), text);
  return path.join(folder, name);
}

describe('vocabulary readers', () => {
  describe('umls (MRCONSO.RRF)', () => {
    const file = path.join(DIR, 'umls', 'MRCONSO.RRF');

    it('makes one concept per CUI with its names, source codes and MRSTY types', () => {
      const { concepts } = read('umls', file);
      assert.deepEqual(
        concepts.map((c) => [c.id, c.name, c.line]),
        [
          ['UMLS:C0004238', 'Atrial Fibrillation', 1],
          ['UMLS:C0011849', 'Diabetes Mellitus', 5],
          ['UMLS:C0043031', 'Warfarin', 7],
        ],
      );
      assert.deepEqual(concepts[0].names, ['Atrial Fibrillation', 'Auricular Fibrillation', 'Atrial fibrillation (disorder)', 'Fibrilación Atrial']);
      assert.deepEqual(concepts[0].altIds, ['MESH:D001281', 'SNOMEDCT_US:49436004', 'MSHSPA:D001281']);
      assert.deepEqual(concepts[2].altIds, ['RXNORM:11289'], 'NOCODE is no code');
      assert.deepEqual(concepts[2].types, ['Organic Chemical', 'Pharmacologic Substance']);
      assert.deepEqual(concepts[1].types, ['Disease or Syndrome']);
    });

    it('--sab and --lang keep only the rows of those sources and languages', () => {
      const { concepts } = read('umls', file, { sab: ['MSH', 'MSHSPA'], lang: ['ENG'] });
      assert.deepEqual(
        concepts.map((c) => c.id),
        ['UMLS:C0004238', 'UMLS:C0011849'],
      );
      assert.deepEqual(concepts[0].names, ['Atrial Fibrillation', 'Auricular Fibrillation']);
      assert.deepEqual(concepts[0].altIds, ['MESH:D001281']);
    });

    it('names marked suppressible or obsolete (SUPPRESS O, E, Y) are left out and counted; with `suppressed` they are kept', () => {
      const row = (cui: string, str: string, code: string, suppress: string) => `${cui}|ENG|S|L1|PF|S1|N|A1|||${code}|MSH|ET|${code}|${str}|0|${suppress}|256|`;
      const rrf = write(
        'MRCONSO.RRF',
        [
          row('C0000001', 'Heart failure', 'D006333', 'N'),
          row('C0000001', 'Heart failure, NOS', 'D006333', 'Y'),
          row('C0000001', 'HF', 'D006333', 'E'),
          row('C0000002', 'Retired name', 'D000002', 'O'),
          row('C0000003', 'Cardiac arrest', 'D006323', ''),
        ].join('\n'),
        'suppress',
      );
      const plain = read('umls', rrf);
      assert.deepEqual(
        plain.concepts.map((c) => [c.id, c.names]),
        [
          ['UMLS:C0000001', ['Heart failure']],
          ['UMLS:C0000003', ['Cardiac arrest']],
        ],
        'a concept whose every name is suppressed is no concept; an empty SUPPRESS field is not suppressed',
      );
      assert.match(plain.notes.join('\n'), /: 3 names marked suppressible or obsolete \(SUPPRESS O, E, Y\) left out \(--suppressed keeps them\)/);
      const all = read('umls', rrf, { suppressed: true });
      assert.deepEqual(
        all.concepts.map((c) => c.names.length),
        [3, 1, 1],
      );
      assert.doesNotMatch(all.notes.join('\n'), /suppressible/);
    });

    it('without MRSTY.RRF beside it, concepts have no types and the build says so', () => {
      const lone = write('MRCONSO.RRF', fs.readFileSync(file, 'utf8'), 'lone');
      const { concepts, notes } = read('umls', lone);
      assert.deepEqual(concepts[0].types, []);
      assert.match(notes.join('\n'), /no MRSTY\.RRF/);
    });

    it('a row with too few fields, a file that is not MRCONSO and one out of CUI order are refused with file and line', () => {
      const short = write(
        'MRCONSO.RRF',
        'C0000005|ENG|P|L0270109|PF|S0007492|Y|A26634265||M0019694|D012711|MSH|PEP|D012711|(131)I-Macroaggregated Albumin|0|N|256|\nC0000039|ENG|P|L0000039\n',
        'short',
      );
      assert.throws(() => read('umls', short), InputError, "a source the reader cannot read is the user's input, not a bug");
      assert.throws(() => read('umls', short), {
        message: `${short} line 2: 4 fields where MRCONSO.RRF rows have 18 (CUI|LAT|TS|...|STR|...): is it MRCONSO.RRF?`,
      });
      const medic = path.join(DIR, 'medic_excerpt.txt');
      assert.throws(() => read('umls', medic), new RegExp(`^VocabInputError: ${medic.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} line 1: 3 fields`));
      const rows = fs.readFileSync(file, 'utf8').split('\n');
      const unsorted = write('MRCONSO.RRF', [rows[4], rows[0]].join('\n'), 'unsorted');
      assert.throws(() => read('umls', unsorted), {
        message: `${unsorted} line 2: C0004238 comes after C0011849: MRCONSO.RRF must be sorted by CUI, as UMLS ships it (sort -t'|' -k1,1)`,
      });
    });
  });

  describe('medic', () => {
    it('reads the ID|ALT||name|synonym layout: bare OMIM numbers, HTML entities unescaped', () => {
      const { concepts } = read('medic', path.join(DIR, 'medic_excerpt.txt'));
      assert.equal(concepts.length, 9);
      const tooth = concepts.find((c) => c.id === 'MESH:C567755')!;
      assert.deepEqual([tooth.name, tooth.names, tooth.altIds], ['Tooth Agenesis, Selective, 6', ['STHAG6'], ['OMIM:613097']]);
      const porphyria = concepts.find((c) => c.id === 'MESH:D017092')!;
      assert.ok(porphyria.names.includes("Gunther's Disease"), porphyria.names.join('|'));
      assert.ok(!porphyria.names.some((n) => n.includes('&apos;')));
    });

    it('reads CTD_diseases.tsv: alternate IDs, synonyms, slim mappings as types', () => {
      const { concepts } = read('medic', path.join(DIR, 'CTD_diseases.tsv'));
      assert.deepEqual(
        concepts.map((c) => [c.id, c.name, c.line]),
        [
          ['MESH:D001281', 'Atrial Fibrillation', 5],
          ['OMIM:613097', 'Tooth Agenesis, Selective, 6', 6],
          ['MESH:D017092', "Gunther's Disease", 7],
        ],
      );
      assert.deepEqual(concepts[0].names, ['Auricular Fibrillation', 'Fibrillation, Atrial']);
      assert.deepEqual(concepts[0].altIds, ['DO:DOID:0060224']);
      assert.deepEqual(concepts[1].types, ['Congenital abnormality', 'Mouth and tooth disease']);
      assert.deepEqual(concepts[2].altIds, ['OMIM:263700']);
    });

    it('refuses a row without "||", a row of CTD_diseases.tsv with too few fields, and an empty name', () => {
      const noPipes = write('medic.txt', 'D001281||Atrial Fibrillation\nD003920|Diabetes Mellitus\n');
      assert.throws(() => read('medic', noPipes), {
        message: `${noPipes} line 2: no "||" where MEDIC rows are ID[|ALT...]||name|synonym|... (or tab-separated CTD_diseases.tsv)`,
      });
      const short = write('CTD_diseases.tsv', '# header\nAtrial Fibrillation\tMESH:D001281\t\t\t\t\t\tAF\t\nDiabetes Mellitus\tMESH:D003920\n');
      assert.throws(() => read('medic', short), {
        message: `${short} line 3: 2 fields where CTD_diseases.tsv rows have 8 or more (DiseaseName, DiseaseID, AltDiseaseIDs, ..., Synonyms)`,
      });
      const noName = write('medic2.txt', 'D001281||\n');
      assert.throws(() => read('medic', noName), { message: `${noName} line 1: no name after "||"` });
    });
  });

  describe('ctd-chemicals', () => {
    it('reads CTD_chemicals.tsv: MeSH IDs, CAS numbers as alternate IDs, synonyms', () => {
      const { concepts } = read('ctd-chemicals', path.join(DIR, 'CTD_chemicals.tsv'));
      assert.deepEqual(
        concepts.map((c) => [c.id, c.name, c.altIds, c.names.length]),
        [
          ['MESH:D014859', 'Warfarin', ['CAS:81-81-2'], 3],
          ['MESH:D009270', 'Naloxone', ['CAS:465-65-6'], 1],
        ],
      );
    });

    it('refuses a row with too few fields, with file and line', () => {
      const short = write('CTD_chemicals.tsv', '# x\nWarfarin\tMESH:D014859\t81-81-2\n');
      assert.throws(() => read('ctd-chemicals', short), {
        message: `${short} line 2: 3 fields where CTD_chemicals.tsv rows have 8 (ChemicalName, ChemicalID, CasRN, ..., Synonyms)`,
      });
    });
  });

  describe('mesh-xml', () => {
    it("reads descriptors: the record UI (not a pharmacological action's), terms, semantic types", () => {
      const { concepts } = read('mesh-xml', path.join(DIR, 'desc.xml'));
      assert.deepEqual(
        concepts.map((c) => [c.id, c.name, c.names, c.types, c.line]),
        [
          ['MESH:D001281', 'Atrial Fibrillation', ['Atrial Fibrillation', 'Auricular Fibrillation'], ['Pathologic Function'], 4],
          ['MESH:D006529', 'Hepatomegaly', ['Hepatomegaly', 'Liver, Enlarged'], [], 37],
        ],
      );
    });

    it('reads supplementary concept records', () => {
      const { concepts } = read('mesh-xml', path.join(DIR, 'supp.xml'));
      assert.deepEqual(
        concepts.map((c) => [c.id, c.name, c.names]),
        [['MESH:C567755', 'Tooth Agenesis, Selective, 6', ['Tooth Agenesis, Selective, 6', 'STHAG6']]],
      );
    });

    it('reads names and terms written as CDATA sections, and entities outside them', () => {
      const xml = write(
        'desc-cdata.xml',
        [
          '<DescriptorRecordSet>',
          '<DescriptorRecord>',
          '<DescriptorUI>D006973</DescriptorUI>',
          '<DescriptorName><String><![CDATA[Hypertension]]></String></DescriptorName>',
          '<ConceptList><Concept><TermList>',
          '<Term><String><![CDATA[High Blood Pressure]]></String></Term>',
          '<Term><String>Blood Pressure &amp; <![CDATA[<Tension>]]></String></Term>',
          '</TermList></Concept></ConceptList>',
          '</DescriptorRecord>',
          '</DescriptorRecordSet>',
        ].join('\n'),
      );
      const [c] = read('mesh-xml', xml).concepts;
      assert.deepEqual([c.id, c.name, c.names], ['MESH:D006973', 'Hypertension', ['High Blood Pressure', 'Blood Pressure & <Tension>']]);
    });

    it('refuses a file that is not MeSH XML, a record without its UI, and a file cut inside a record', () => {
      const obo = path.join(DIR, 'terms.obo');
      assert.throws(() => read('mesh-xml', obo), { message: `${obo}: no <DescriptorRecordSet> or <SupplementalRecordSet>: is it MeSH XML (desc/supp)?` });
      const noUi = write(
        'desc-noui.xml',
        '<DescriptorRecordSet>\n<DescriptorRecord>\n<DescriptorName><String>X</String></DescriptorName>\n</DescriptorRecord>\n</DescriptorRecordSet>\n',
      );
      assert.throws(() => read('mesh-xml', noUi), { message: `${noUi} line 2: a record without its <DescriptorUI> or <SupplementalRecordUI>` });
      const cut = write('desc-cut.xml', '<DescriptorRecordSet>\n<DescriptorRecord>\n<DescriptorUI>D1</DescriptorUI>\n');
      assert.throws(() => read('mesh-xml', cut), { message: `${cut} line 2: the file ends inside a record (is it cut short?)` });
    });
  });

  describe('obo', () => {
    it('reads [Term] stanzas: id, name, quoted synonyms, alt_id; obsolete terms left out and counted', () => {
      const { concepts, notes } = read('obo', path.join(DIR, 'terms.obo'));
      assert.deepEqual(
        concepts.map((c) => [c.id, c.name, c.names, c.altIds]),
        [
          ['HP:0001250', 'Seizure', ['Epileptic seizure', 'Seizures', 'Fits "convulsions"'], ['HP:0002279']],
          ['HP:0002240', 'Hepatomegaly', ['Enlarged liver'], []],
        ],
      );
      assert.deepEqual(notes, [`${path.join(DIR, 'terms.obo')}: 1 obsolete term left out`]);
    });

    it('BROAD synonyms are left out and counted; EXACT, RELATED, NARROW and unscoped ones are names; `broadSynonyms` keeps BROAD ones', () => {
      const obo = write(
        'scopes.obo',
        [
          '[Term]',
          'id: MONDO:0000001',
          'name: ductal carcinoma',
          'synonym: "ductal cancer" EXACT []',
          'synonym: "cancer" BROAD [MONDO:x]',
          'synonym: "breast ductal carcinoma" NARROW []',
          'synonym: "carcinoma of ducts" RELATED []',
          'synonym: "duct carcinoma"',
          'synonym: "carcinoma" BROAD []',
        ].join('\n'),
      );
      const plain = read('obo', obo);
      assert.deepEqual(plain.concepts[0].names, ['ductal cancer', 'breast ductal carcinoma', 'carcinoma of ducts', 'duct carcinoma']);
      assert.deepEqual(plain.notes, [`${obo}: 2 BROAD synonyms left out (--broad-synonyms keeps them)`]);
      const all = read('obo', obo, { broadSynonyms: true });
      assert.deepEqual(all.concepts[0].names, ['ductal cancer', 'cancer', 'breast ductal carcinoma', 'carcinoma of ducts', 'duct carcinoma', 'carcinoma']);
      assert.deepEqual(all.notes, []);
    });

    it('a name ends at a trailing "! comment"; an escaped "\\!" is part of it', () => {
      const obo = write(
        'comments.obo',
        ['[Term]', 'id: HP:0002315 ! Headache', 'name: Headache ! the old label', '', '[Term]', 'id: X:1', 'name: Yes\\! sign'].join('\n'),
      );
      assert.deepEqual(
        read('obo', obo).concepts.map((c) => [c.id, c.name]),
        [
          ['HP:0002315', 'Headache'],
          ['X:1', 'Yes! sign'],
        ],
      );
    });

    it('refuses a term without an id, a synonym without quotes, and a file without [Term]', () => {
      const noId = write('noid.obo', '[Term]\nname: Seizure\n');
      assert.throws(() => read('obo', noId), { message: `${noId} line 1: [Term] without an "id:" line` });
      const badSynonym = write('syn.obo', '[Term]\nid: HP:1\nname: A\nsynonym: Epileptic seizure EXACT []\n');
      assert.throws(() => read('obo', badSynonym), { message: `${badSynonym} line 4: a synonym not in quotes (synonym: "text" EXACT [])` });
      const tsv = path.join(DIR, 'local.tsv');
      assert.throws(() => read('obo', tsv), { message: `${tsv}: no [Term] stanza: is it an OBO file?` });
    });
  });

  describe('tsv', () => {
    it('reads id<TAB>name[<TAB>type]: rows of one ID make one concept, a bare MeSH code gets MESH:', () => {
      const { concepts } = read('tsv', path.join(DIR, 'local.tsv'));
      assert.deepEqual(
        concepts.map((c) => [c.id, c.name, c.names, c.types, c.line]),
        [
          ['LOCAL:1', 'chest pain', ['thoracic pain'], ['Symptom'], 2],
          ['LOCAL:2', 'shortness of breath', ['dyspnoea'], ['Symptom'], 4],
          ['MESH:D003920', 'diabetes', [], ['Disease'], 6],
        ],
      );
    });

    it('refuses a row with one field or an empty name, with file and line', () => {
      const spaces = write('spaces.tsv', 'LOCAL:1\tchest pain\nLOCAL:2 dyspnoea\n');
      assert.throws(() => read('tsv', spaces), { message: `${spaces} line 2: one field where a row has id<TAB>name[<TAB>type] (is it tab-separated?)` });
      const empty = write('empty.tsv', 'LOCAL:1\t \n');
      assert.throws(() => read('tsv', empty), { message: `${empty} line 1: the name (second field) is empty` });
    });
  });
});
