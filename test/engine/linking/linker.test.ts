/**
 * The linker's sieve on an invented vocabulary: synonyms before the vocabulary, exact and
 * normalised keys, composite mentions, approximate candidates for a typo, type filtering,
 * and what each link says about how it was found.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compositeReadings } from '../../../server/src/engine/linking/composite';
import { Linker } from '../../../server/src/engine/linking/linker';
import { medicVocabulary, MemoryVocabulary, NamedConcept } from '../../../server/src/engine/linking/memoryVocabulary';
import { approxKey } from '../../../server/src/engine/linking/normalise';
import { entityGroups, groupsAllow } from '../../../server/src/engine/linking/semanticGroups';
import { synonymVocabulary } from '../../../server/src/engine/linking/synonyms';

const concept = (id: string, name: string, names: string[] = [], types: string[] = [], altIds: string[] = []): NamedConcept => ({
  id,
  name,
  names,
  altIds,
  types,
});

const vocabulary = new MemoryVocabulary('invented', [
  concept('MESH:D001943', 'Breast Neoplasms', ['Breast Cancer', 'Breast Tumor']),
  concept('MESH:D010051', 'Ovarian Neoplasms', ['Ovarian Cancer']),
  concept('MESH:D009369', 'Neoplasms', ['Cancer', 'Tumor', 'Other Cancers']),
  concept('MESH:D003110', 'Colonic Neoplasms', ['Colon Cancer']),
  concept('HGNC:1100', 'BRCA1', [], ['Gene']),
  concept('HGNC:1101', 'BRCA2', [], ['Gene']),
  concept('MESH:D020388', 'Muscular Dystrophy, Duchenne', ['Duchenne Muscular Dystrophy']),
  concept('MESH:C537666', 'Becker Muscular Dystrophy'),
  concept('MESH:D006973', 'Hypertension', ['High Blood Pressure'], ['Disease']),
  concept('CHEBI:1', 'Hypertensin', [], ['Chemical']),
]);

const ids = (link: { concepts: { id: string }[] }) => link.concepts.map((c) => c.id);

describe('linking: the linker', () => {
  it('exact keys first, then normalised ones (word order, plural), each saying so with its score', () => {
    const linker = new Linker(vocabulary);
    const exact = linker.link('breast cancer');
    assert.deepEqual(ids(exact), ['MESH:D001943']);
    assert.equal(exact.method, 'exact');
    assert.equal(exact.concepts[0].score, 1);
    const reordered = linker.link('Cancers of the breast');
    assert.deepEqual(ids(reordered), ['MESH:D001943']);
    assert.equal(reordered.method, 'normalised');
    assert.ok(reordered.concepts[0].score < 1);
  });

  it('the user synonyms are consulted before the vocabulary', () => {
    const synonyms = synonymVocabulary('mine', [{ document: 'a', start: 0, end: 6, text: 'cancer', type: 'Disease', ids: ['D001943'], composite: false }]);
    const link = new Linker(vocabulary, { synonyms }).link('cancer');
    assert.deepEqual(ids(link), ['MESH:D001943'], 'the vocabulary alone says Neoplasms');
    assert.equal(link.method, 'synonym');
    assert.deepEqual(ids(new Linker(vocabulary).link('cancer')), ['MESH:D009369']);
  });

  it('a synonym whose ID the vocabulary lacks is a concept of its own', () => {
    const synonyms = synonymVocabulary('mine', [
      { document: 'a', start: 0, end: 9, text: 'hay fever', type: 'Disease', ids: ['MESH:D999999'], composite: false },
    ]);
    const link = new Linker(vocabulary, { synonyms }).link('Hay fever');
    assert.deepEqual(ids(link), ['MESH:D999999']);
    assert.equal(link.concepts[0].vocabulary, 'mine');
  });

  it("composite mentions: one concept per part, in the mention's order", () => {
    const linker = new Linker(vocabulary);
    const shared = linker.link('breast and ovarian cancer');
    assert.deepEqual(ids(shared), ['MESH:D001943', 'MESH:D010051']);
    assert.equal(shared.method, 'composite');
    assert.equal(shared.candidates.length, 2, 'candidates per part');
    assert.deepEqual(ids(linker.link('Duchenne/Becker muscular dystrophy')), ['MESH:D020388', 'MESH:C537666']);
    assert.deepEqual(ids(linker.link('BRCA1/2')), ['HGNC:1100', 'HGNC:1101']);
    assert.deepEqual(ids(linker.link('colon and some other cancers')), ['MESH:D003110', 'MESH:D009369']);
  });

  it('reads composites several ways, the shared head first', () => {
    assert.deepEqual(compositeReadings('breast and ovarian cancer')[0], ['breast cancer', 'ovarian cancer']);
    assert.deepEqual(compositeReadings('deficiency of C6 and C7')[0], ['deficiency of C6', 'deficiency of C7']);
    assert.deepEqual(compositeReadings('BRCA1/2')[0], ['BRCA1', 'BRCA2']);
    assert.deepEqual(compositeReadings('Huntington disease'), []);
  });

  it('a composite learnt whole from the synonyms links as its parts', () => {
    const synonyms = synonymVocabulary('mine', [
      { document: 'a', start: 0, end: 9, text: 'breast/ovary tumours', type: 'Disease', ids: ['D001943', 'D010051'], composite: true },
    ]);
    const link = new Linker(vocabulary, { synonyms }).link('breast/ovary tumours');
    assert.deepEqual(ids(link), ['MESH:D001943', 'MESH:D010051']);
    assert.equal(link.method, 'synonym');
  });

  it('approximate candidates catch a typo, best first, at most five', () => {
    const link = new Linker(vocabulary).link('hypertnsion');
    assert.equal(link.method, 'approximate');
    assert.deepEqual(ids(link), ['MESH:D006973']);
    assert.ok(link.concepts[0].score > 0 && link.concepts[0].score < 1);
    assert.ok(link.candidates[0].length <= 5);
    const few = new Linker(vocabulary, { candidates: 2 }).link('hypertnsion');
    assert.equal(few.candidates[0].length, 2);
    // The in-memory vocabulary gives the matched name in the form it compares, as a .vocab does.
    assert.equal(vocabulary.approximate('hypertnsion', 1)[0].name, approxKey('Hypertension'));
  });

  it('type filtering by semantic group: a concept of another group is passed over, by default', () => {
    const linker = new Linker(vocabulary);
    assert.deepEqual(ids(linker.link('hypertensin', 'Chemical')), ['CHEBI:1']);
    assert.deepEqual(ids(linker.link('hypertensin', 'Disease')), ['MESH:D006973'], 'the chemical is filtered out; the disease is the nearest');
    assert.equal(linker.link('BRCA1', 'Disease').method !== 'exact', true, 'a gene name is no exact hit for a disease');
    assert.deepEqual(ids(linker.link('BRCA1', 'Gene')), ['HGNC:1100']);
    assert.deepEqual(ids(linker.link('hypertensin', 'Organism')), ['CHEBI:1'], 'an entity type of no known group filters nothing');
    const anyType = new Linker(vocabulary, { typeAllows: () => true });
    assert.deepEqual(ids(anyType.link('hypertensin', 'Disease')), ['CHEBI:1'], 'a caller may turn the test off');
  });

  it('semantic groups: UMLS type names and plain entity types, unknown ones excluding nothing', () => {
    assert.equal(groupsAllow('problem', ['Disease or Syndrome']), true);
    assert.equal(groupsAllow('SpecificDisease', ['Sign or Symptom', 'Finding']), true);
    assert.equal(groupsAllow('Disease', ['Pharmacologic Substance']), false);
    assert.equal(groupsAllow('treatment', ['Pharmacologic Substance']), true);
    assert.equal(groupsAllow('treatment', ['Therapeutic or Preventive Procedure']), true);
    assert.equal(groupsAllow('treatment', ['Disease or Syndrome']), false);
    assert.equal(groupsAllow('test', ['Laboratory Procedure']), true);
    assert.equal(groupsAllow('Chemical', ['Disease or Syndrome', 'Organic Chemical']), true, 'any of the concept types may serve');
    assert.equal(groupsAllow('Disease', []), true, 'a concept without types serves any mention');
    assert.equal(groupsAllow('Disease', ['Quantitative Concept']), true, 'a type of no known group excludes nothing');
    assert.equal(groupsAllow('', ['Organic Chemical']), true, 'a mention without a type is served by any');
    assert.deepEqual(entityGroups('Gene or gene product'), ['GENE', 'CHEM']);
    assert.deepEqual(entityGroups('CompositeMention'), ['DISO']);
  });

  it("the user's synonyms rank a UMLS concept by its source codes, but not a MEDIC concept by its broader alternate IDs", () => {
    const umls = new MemoryVocabulary('umls', [
      concept('UMLS:C0000001', 'Common Cold', ['cold'], [], ['MESH:D003139']),
      concept('UMLS:C0000002', 'Cold Sensation', ['cold'], [], ['MESH:D000002']),
    ]);
    const corpus = synonymVocabulary('synonyms', [
      { document: '1', start: 0, end: 14, text: 'feeling chilly', type: 'Disease', ids: ['MESH:D000002'], composite: false },
    ]);
    assert.deepEqual(ids(new Linker(umls).link('cold')), ['UMLS:C0000001'], 'without synonyms, the vocabulary order');
    assert.deepEqual(ids(new Linker(umls, { synonyms: corpus }).link('cold')), ['UMLS:C0000002']);
    const medic = new MemoryVocabulary('medic', [
      concept('OMIM:239100', 'Osteochondrodysplasias', ['SJS'], [], ['MESH:D000002']),
      concept('OMIM:255800', 'SJS'),
    ]);
    assert.deepEqual(ids(new Linker(medic, { synonyms: corpus }).link('SJS')), ['OMIM:255800'], 'its preferred name decides');
  });

  it('nothing near: no concept, method none', () => {
    const link = new Linker(vocabulary).link('zzqx');
    assert.deepEqual(link.concepts, []);
    assert.equal(link.method, 'none');
  });

  it('the MEDIC layout in memory: bare numbers are OMIM, alternate IDs kept, HTML entities read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-medic-'));
    const file = path.join(dir, 'medic.txt');
    fs.writeFileSync(file, '613097|C567755||Tooth Agenesis, Selective, 6|STHAG6\nD009223||Myotonic Dystrophy|Steinert&apos;s Disease\n');
    const medic = medicVocabulary(file);
    fs.appendFileSync(file, 'D000001 Not MEDIC\n');
    assert.throws(() => medicVocabulary(file), /medic\.txt line 3: no "\|\|"/, 'a line that is not MEDIC is named');
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(medic.label, 'medic.txt');
    assert.equal(medic.size, 2);
    assert.equal(medic.concept(0).id, 'OMIM:613097');
    assert.deepEqual(medic.concept(0).altIds, ['MESH:C567755']);
    assert.equal(medic.byId('C567755'), 0, 'MESH: is optional on input');
    assert.equal(medic.byId('613097'), 0);
    assert.deepEqual(ids(new Linker(medic).link("Steinert's disease")), ['MESH:D009223']);
  });

  it("synonyms written with bare CUIs name the vocabulary's UMLS concepts", () => {
    const umls = new MemoryVocabulary('umls', [concept('UMLS:C0004238', 'Atrial Fibrillation', [], [], ['MESH:D001281'])]);
    const synonyms = synonymVocabulary('corpus', [{ document: 'd', start: 0, end: 2, text: 'AF', type: 'Disease', ids: ['C0004238'], composite: false }]);
    const link = new Linker(umls, { synonyms }).link('AF');
    assert.deepEqual(ids(link), ['UMLS:C0004238']);
    assert.equal(link.concepts[0].vocabulary, 'umls', 'the main concept, not a synonym concept of its own');
    assert.equal(umls.byId('c0004238'), 0);
    assert.equal(umls.byId('MSH:D001281'), 0);
  });

  it('a subtype the vocabulary lacks links its type; a general head links what its words name as a disease', () => {
    const v = new MemoryVocabulary('invented', [
      concept('X:1', 'Glass Bone Disease, Type 2', ['Glass Bone Disease Type II']),
      concept('X:2', 'Glass Bone Diseases'),
      concept('X:3', 'Skin Diseases', ['Skin Disease']),
      concept('X:4', 'Liver Diseases', ['Liver Disease']),
      concept('X:5', 'Liver Injury', ['Hepatic Injury']),
      concept('X:6', 'Wounds and Injuries', ['Injury']),
      concept('X:7', 'Renal Insufficiency', ['Kidney Insufficiency']),
      concept('X:8', 'Kidney Diseases', ['Renal Disease']),
    ]);
    const linker = new Linker(v);
    const typed = linker.link('type IIB glass bone disease', 'disease');
    assert.deepEqual(ids(typed), ['X:1']);
    assert.equal(typed.method, 'normalised');
    assert.ok(typed.concepts[0].score < 1);
    const general = linker.link('skin lesions', 'disease');
    assert.deepEqual(ids(general), ['X:3']);
    assert.equal(general.method, 'normalised');
    assert.deepEqual(ids(linker.link('liver damage', 'disease')), ['X:4']);
    // A name that keeps the head is nearer than the organ's diseases: "liver injury" itself.
    assert.deepEqual(ids(linker.link('acute liver injury', 'disease')), ['X:5']);
    // A function lost, or an impairment: the organ's insufficiency where the vocabulary has one, else its diseases.
    for (const m of ['decreased renal function', 'loss of kidney function', 'renal impairment']) assert.deepEqual(ids(linker.link(m, 'disease')), ['X:7'], m);
    assert.deepEqual(ids(linker.link('skin impairment', 'disease')), ['X:3']);
    assert.deepEqual(ids(linker.link('renal lesions', 'disease')), ['X:8']);
    // Words that name no disease: no link by this step (the approximate step decides).
    assert.notEqual(linker.link('glutamatergic dysfunction', 'disease').method, 'normalised');
  });

  it('the head of a phrase is not generic words alone, nor a lone short form, which a large vocabulary names many things by', () => {
    const v = new MemoryVocabulary('invented', [
      concept('X:1', 'Disease', ['Diseases']),
      concept('X:2', 'Quillen Arteritis'),
      concept('X:3', 'Corvane Hypertension', ['Raised CVP Corvane Level']),
      concept('X:4', 'Cubital Venous Palsy', ['CVP']),
    ]);
    const linker = new Linker(v);
    // "disease" alone names no disease in particular: the nearest name is taken instead.
    assert.deepEqual(ids(linker.link('quillen arteritic disease', 'disease')), ['X:2']);
    // "CVP" is some concept's initialism; the phrase around it says which.
    assert.deepEqual(ids(linker.link('raised CVP', 'disease')), ['X:3']);
    // A head that names something is still taken.
    assert.deepEqual(ids(linker.link('lowland cubital venous palsy', 'disease')), ['X:4']);
  });
});
