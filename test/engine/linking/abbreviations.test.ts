/**
 * Abbreviations a document defines (Schwartz & Hearst), read from its text or, for corpora
 * without text, from its mentions; and the linker reading a short form as its long form.
 * Sentences written for this project.
 */
import * as assert from 'node:assert/strict';
import { abbreviationsFromMentions, expandAbbreviations, findAbbreviations } from '../../../server/src/engine/linking/abbreviations';
import { Linker } from '../../../server/src/engine/linking/linker';
import { MemoryVocabulary } from '../../../server/src/engine/linking/memoryVocabulary';

const vocabulary = new MemoryVocabulary('test', [
  { id: 'MESH:D001281', name: 'Atrial Fibrillation', names: ['Auricular Fibrillation'], altIds: [], types: [] },
  { id: 'MESH:D009223', name: 'Myotonic Dystrophy', names: ['Dystrophia Myotonica'], altIds: [], types: [] },
  // A vocabulary may itself list the short form under another concept: the document's definition wins.
  { id: 'OMIM:999001', name: 'Dermal melanosis', names: ['DM'], altIds: [], types: [] },
]);

describe('linking: abbreviations', () => {
  it('finds "long form (SF)" and where the long form starts', () => {
    const text = 'Older patients with myotonic dystrophy (DM) were seen. Their DM was mild.';
    const found = findAbbreviations(text);
    assert.deepEqual(found, [{ short: 'DM', long: 'myotonic dystrophy', start: text.indexOf('myotonic') }]);
  });

  it('takes the shortest long form whose words start the letters, not the whole clause', () => {
    const [a] = findAbbreviations('We enrolled adults with new-onset atrial fibrillation (AF) last year.');
    assert.equal(a.long, 'atrial fibrillation');
  });

  it("takes capitals that start the last words in another order (a Latin name's short form)", () => {
    const [a] = findAbbreviations('Patients with myotonic dystrophy (DM) were seen.');
    assert.equal(a.long, 'myotonic dystrophy');
    assert.deepEqual(findAbbreviations('Patients with muscle weakness (DM) were seen.'), [], 'the letters must match');
  });

  it('finds a short form listed after another name in a longer parenthesis, and its parts; not other words there', () => {
    const text = 'Two sisters had late onset brindle cell atrophy (Marrow disease; LO-BCA); their cousin had IF-BCA.';
    const start = text.indexOf('late onset');
    assert.deepEqual(findAbbreviations(text), [
      { short: 'LO-BCA', long: 'late onset brindle cell atrophy', start },
      { short: 'LO', long: 'late onset', start },
      { short: 'BCA', long: 'brindle cell atrophy', start },
    ]);
    assert.deepEqual(
      findAbbreviations('Enzyme activity fell (i. e. in all three lines).'),
      [],
      'a longer parenthesis defines only what looks like a short form',
    );
    // The linker reads the short form, and a compound with one of its parts, as the long form, not as a vocabulary's initialism.
    const v = new MemoryVocabulary('test', [
      { id: 'X:1', name: 'Brindle Cell Atrophy', names: [], altIds: [], types: [] },
      { id: 'X:2', name: 'Bracken Atrophy', names: ['BCA', 'LO-BCA'], altIds: [], types: [] },
    ]);
    const links = new Linker(v).linkDocument(text, [{ text: 'late onset brindle cell atrophy' }, { text: 'LO-BCA' }, { text: 'IF-BCA' }]);
    assert.deepEqual(
      links.map((l) => l.concepts[0]?.id),
      ['X:1', 'X:1', 'X:1'],
    );
    assert.equal(expandAbbreviations('RCC- and VHL-related', new Map([['RCC', 'renal cell carcinoma']])), undefined, 'a suspended hyphen is left');
  });

  it('passes over parentheses that are not definitions', () => {
    assert.deepEqual(findAbbreviations('The dose (10 mg) was given twice (see above).'), []);
    assert.deepEqual(findAbbreviations('Fever was noted (XQZ) without cause.'), [], 'no long form has those letters');
  });

  it('expands a short form inside a longer mention and its plural', () => {
    const map = new Map([['DM', 'myotonic dystrophy']]);
    assert.equal(expandAbbreviations('DM patients', map), 'myotonic dystrophy patients');
    assert.equal(expandAbbreviations('DMs', map), 'myotonic dystrophy');
    assert.equal(expandAbbreviations('DMX', map), undefined, 'only whole words');
  });

  it('reads a short-form mention as another mention of the document that spells it out', () => {
    const map = abbreviationsFromMentions(['atrial fibrillation', 'stroke', 'AF', 'AFs']);
    assert.equal(map.get('AF'), 'atrial fibrillation');
    assert.equal(map.size, 1);
    assert.equal(abbreviationsFromMentions(['stroke', 'AF']).size, 0, 'no mention spells it out');
  });

  it('the linker links every later use of the short form as its long form, before the vocabulary', () => {
    const linker = new Linker(vocabulary);
    const text = 'Adults with myotonic dystrophy (DM) were followed. DM progressed slowly.';
    const [first, later] = linker.linkDocument(text, [{ text: 'myotonic dystrophy' }, { text: 'DM' }]);
    assert.equal(first.concepts[0].id, 'MESH:D009223');
    assert.equal(first.method, 'exact');
    assert.equal(later.concepts[0].id, 'MESH:D009223');
    assert.equal(later.method, 'abbreviation');
    // Without the definition the vocabulary's own "DM" answers.
    const [alone] = linker.linkDocument('DM progressed slowly.', [{ text: 'DM' }]);
    assert.equal(alone.concepts[0].id, 'OMIM:999001');
  });

  it('without text, the mentions give the abbreviation', () => {
    const links = new Linker(vocabulary).linkDocument(undefined, [{ text: 'auricular fibrillation' }, { text: 'AF' }]);
    assert.equal(links[1].concepts[0].id, 'MESH:D001281');
    assert.equal(links[1].method, 'abbreviation');
  });

  it('a hyphenated short form defines its parts when its long form is hyphenated alike', () => {
    const text = 'Members carried the renal-bone marrow anomaly (RBM-A), and RBM was seen in two; the kidney-gut disorder (KG-XY) was not found.';
    const found = new Map(findAbbreviations(text).map((a) => [a.short, a.long]));
    assert.equal(found.get('RBM-A'), 'renal-bone marrow anomaly');
    // Not: "RBM-A" has two parts and its long form two segments, "renal" and "bone marrow anomaly".
    assert.equal(found.get('RBM'), undefined);
    const spelt = new Map(findAbbreviations('Families with tubular nephritis-gut lymphoma syndrome (TN-GL) were seen.').map((a) => [a.short, a.long]));
    assert.equal(spelt.get('TN-GL'), 'tubular nephritis-gut lymphoma syndrome');
    // Each part the fewest first words of its segment that spell it.
    assert.equal(spelt.get('TN'), 'tubular nephritis');
    assert.equal(spelt.get('GL'), 'gut lymphoma');
    // A part the words of its segment do not spell: no parts at all ("KG-XY").
    assert.ok(![...found.keys()].some((k) => k === 'KG' || k === 'XY'));
  });
});
