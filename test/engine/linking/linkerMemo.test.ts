/**
 * A linker keeps each mention text's sieve result (a note's links are made again after each
 * edit): the links of a document are the same as a fresh linker's, through abbreviations the
 * text defines, placement, coherence and ambiguous keys, and after an edit only the changed
 * mentions are sieved again. Sentences written for this project.
 */
import * as assert from 'node:assert/strict';
import { Linker } from '../../../server/src/engine/linking/linker';
import { linkerWork } from '../../../server/src/engine/linking/sieveMemo';
import { MemoryVocabulary } from '../../../server/src/engine/linking/memoryVocabulary';
import { mulberry32 } from '../../../server/src/engine/random';

const vocabulary = new MemoryVocabulary('test', [
  { id: 'MESH:D000010', name: 'Liver Diseases', names: ['hepatic disease'], altIds: [], types: [] },
  { id: 'MESH:D000011', name: 'Liver Failure', names: ['hepatic failure'], altIds: [], types: [] },
  { id: 'MESH:D000012', name: 'Gout', names: [], altIds: [], types: [] },
  { id: 'MESH:D000013', name: 'Hereditary Hemochromatosis', names: ['HH'], altIds: [], types: [] },
  { id: 'MESH:D000014', name: 'Atrial Fibrillation', names: ['AF', 'auricular fibrillation'], altIds: [], types: [] },
  { id: 'X:1', name: 'Glandular Lymph Disorder', names: ['GLD'], altIds: [], types: [] },
  { id: 'X:2', name: 'Globoid Cell Leukodystrophy', names: ['GLD', 'Krabbe disease'], altIds: [], types: [] },
  { id: 'MESH:D000015', name: 'Chest Pain', names: ['thoracic pain'], altIds: [], types: [] },
]);

const PHRASES = [
  'hepatic breakdown',
  'hepatic failure',
  'gout',
  'HH',
  'hereditary hemochromatosis',
  'AF',
  'atrial fibrilation',
  'GLD',
  'Krabbe disease',
  'chest pain',
  'sporadic gout',
  'renal impairment',
  'xyz',
];

/** A document of `n` mentions among filler, some written as "long form (SF)". */
function documentOf(phrases: string[]): { text: string; mentions: { start: number; end: number; text: string; type: string }[] } {
  let text = '';
  const mentions: { start: number; end: number; text: string; type: string }[] = [];
  for (const phrase of phrases) {
    text += 'Patient has ';
    mentions.push({ start: text.length, end: text.length + phrase.length, text: phrase, type: 'problem' });
    text += phrase + (phrase === 'hereditary hemochromatosis' ? ' (HH). ' : '. ');
  }
  return { text, mentions };
}

describe('linking: sieve results kept per linker', () => {
  it('a document links the same with a linker that linked others before as with a fresh one, edit after edit', () => {
    const rand = mulberry32(11);
    const kept = new Linker(vocabulary);
    for (let round = 0; round < 40; round++) {
      const phrases = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => PHRASES[Math.floor(rand() * PHRASES.length)]);
      for (let step = 0; step < 10; step++) {
        phrases[Math.floor(rand() * phrases.length)] = PHRASES[Math.floor(rand() * PHRASES.length)];
        const { text, mentions } = documentOf(phrases);
        for (const t of [text, undefined])
          assert.deepEqual(kept.linkDocument(t, mentions), new Linker(vocabulary).linkDocument(t, mentions), JSON.stringify({ text: t, phrases }));
      }
    }
  });

  it('after an edit, only the edited mention is sieved again, not every mention of the note', () => {
    const phrases = Array.from({ length: 600 }, (_, i) => `${PHRASES[i % PHRASES.length]}${i % 3 === 0 ? '' : ` ${i}`}`);
    const linker = new Linker(vocabulary);
    linker.linkDocument(documentOf(phrases).text, documentOf(phrases).mentions);
    phrases[300] = 'hepatic failur';
    const { text, mentions } = documentOf(phrases);
    const before = linkerWork.sieved;
    linker.linkDocument(text, mentions);
    const sieved = linkerWork.sieved - before;
    assert.ok(sieved >= 1 && sieved <= 5, `${sieved} mention texts sieved after one edit`);
  });
});
