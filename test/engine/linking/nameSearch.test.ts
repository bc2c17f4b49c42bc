/**
 * Searching a vocabulary's names as a user types (linking/nameSearch.ts): names that start
 * with the text, then names with its words, then look-alikes; each concept once. Run over a
 * `.vocab` file (its sorted key table read a block at a time) and the same vocabulary in
 * memory, which must answer alike. The vocabulary is generated: many names sharing a start,
 * spread over many key blocks, and the name wanted last in the file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryVocabulary, NamedConcept } from '../../../server/src/engine/linking/memoryVocabulary';
import { NameHit, searchNames } from '../../../server/src/engine/linking/nameSearch';
import { fold } from '../../../server/src/engine/linking/normalise';
import { Vocabulary } from '../../../server/src/engine/linking/types';
import { buildVocabulary } from '../../../server/src/engine/linking/vocab/build';
import { openVocabulary } from '../../../server/src/engine/linking/vocab/open';
import { mulberry32 } from '../../../server/src/engine/random';

/** Invented names: 600 starting "Dia" (more than a key block holds), 900 others, and Zygomycosis last. */
function concepts(): NamedConcept[] {
  const rand = mulberry32(48);
  const syllable = () => ['ba', 'ko', 'ri', 'mu', 'te', 'lo', 'sa', 'ne', 'vi', 'pu'][Math.floor(rand() * 10)];
  const word = (n: number) => Array.from({ length: n }, syllable).join('');
  const out: NamedConcept[] = [];
  const names = new Set<string>();
  const add = (name: string, more: string[] = []) => {
    if (names.has(fold(name))) return;
    names.add(fold(name));
    out.push({ id: `TEST:${out.length + 1}`, name, names: [name, ...more], altIds: [], types: ['disease'] });
  };
  while (out.length < 600) add(`Dia${word(2)} ${word(3)}`);
  while (out.length < 1500) add(`${word(1).toUpperCase()}${word(3)} ${word(2)}`);
  add('Contusions', ['Bruise']);
  add('Motion Sickness');
  add('Zygomycosis', ['Mucormycosis']);
  return out;
}

describe('linking: searching the names of a vocabulary', () => {
  let dir: string;
  let file: Vocabulary;
  let memory: MemoryVocabulary;
  const all = concepts();
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-name-search-'));
    const tsv = path.join(dir, 'names.tsv');
    fs.writeFileSync(tsv, all.flatMap((c) => c.names.map((n) => `${c.id}\t${n}\tdisease`)).join('\n') + '\n');
    buildVocabulary({ sources: [tsv], format: 'tsv', out: path.join(dir, 'names.vocab'), tmpDir: dir });
    file = openVocabulary(path.join(dir, 'names.vocab'));
    memory = new MemoryVocabulary('names', all);
  });
  after(() => {
    file.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const shown = (v: Vocabulary, hits: NameHit[]) => hits.map((h) => `${h.how} ${v.concept(h.concept).name}`);

  it('the name wanted is the last concept of the file: found by its start, by a word of another of its names, and misspelt', () => {
    for (const v of [file, memory]) {
      assert.equal(v.concept(v.size - 1).name, 'Zygomycosis');
      assert.deepEqual(shown(v, searchNames(v, 'zygo', 5)), ['prefix Zygomycosis']);
      assert.deepEqual(shown(v, searchNames(v, 'ZYGOMYCOSIS', 5)).slice(0, 1), ['prefix Zygomycosis'], 'folded as names are');
      // "Mucormycosis" is a name of it too: its start finds the concept, saying which name matched.
      const mucor = searchNames(v, 'mucor', 5);
      assert.deepEqual([shown(v, mucor)[0], mucor[0].matched], ['prefix Zygomycosis', 'mucormycosis']);
      assert.deepEqual(shown(v, searchNames(v, 'zygomycosys', 5)).slice(0, 1), ['word Zygomycosis'], 'a misspelt word is the word');
    }
  });

  it('a start many names share: the first names in name order, each concept once, all of them prefix matches; typing on narrows it', () => {
    const dia = all
      .filter((c) => c.name.startsWith('Dia'))
      .map((c) => fold(c.name))
      .sort();
    assert.equal(dia.length, 600);
    for (const v of [file, memory]) {
      const hits = searchNames(v, 'dia', 25);
      assert.equal(hits.length, 25);
      assert.deepEqual(
        hits.map((h) => [h.how, h.matched]),
        dia.slice(0, 25).map((name) => ['prefix', name]),
      );
      assert.equal(new Set(hits.map((h) => h.concept)).size, 25);
      // The 600th of them in name order, typed out: found first.
      const last: string = dia[dia.length - 1];
      assert.deepEqual(searchNames(v, last, 3)[0].matched, last);
    }
  });

  it('a word of the name after the names that start with the text; look-alikes last; nothing for nothing typed', () => {
    for (const v of [file, memory]) {
      const sick = shown(v, searchNames(v, 'sickness', 10));
      assert.equal(sick[0], 'word Motion Sickness');
      assert.ok(
        sick.slice(1).every((s) => s.startsWith('approximate ')),
        sick.join('; '),
      );
      // The last word as typed so far is a word's start.
      assert.equal(shown(v, searchNames(v, 'motion sick', 3))[0], 'prefix Motion Sickness');
      assert.equal(shown(v, searchNames(v, 'sick', 3))[0], 'word Motion Sickness');
      // "bruising" is a word of Contusions' name "Bruise" (one stem).
      assert.equal(shown(v, searchNames(v, 'bruising', 3))[0], 'word Contusions');
      assert.deepEqual(searchNames(v, '  ', 5), []);
      assert.deepEqual(searchNames(v, 'dia', 0), []);
    }
  });

  it('a .vocab and the same vocabulary in memory answer alike', () => {
    for (const query of ['dia', 'diako', 'ba', 'zyg', 'sickness', 'contusion', 'mycosis', 'motion', 'xq']) {
      const a = searchNames(file, query, 30).map((h) => [h.how, file.concept(h.concept).id, h.matched]);
      const b = searchNames(memory, query, 30).map((h) => [h.how, memory.concept(h.concept).id, h.matched]);
      assert.deepEqual(a, b, query);
    }
  });
});
