/**
 * No confident stranger on everyday clinical words: 72 phrases as notes write them
 * (test/fixtures/linking/clinical-phrases.tsv, each with the MEDIC concepts a curator would
 * accept, or none) linked as the editor links a problem against MEDIC (no synonyms, the
 * approximate floor), over an excerpt of MEDIC holding their concepts and the strangers an
 * earlier linker chose for them (Deafness for "bilateral leg swelling", Pulpitis for
 * "palpitations", Disease Progression for "heart failure exacerbation"). At most one wrong
 * link; most of them right; the rest left for the curator.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { takenConcepts } from '../../../server/src/engine/linking/documentLinks';
import { Linker } from '../../../server/src/engine/linking/linker';
import { medicVocabulary } from '../../../server/src/engine/linking/memoryVocabulary';

const FIXTURES = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'linking');

const phrases = fs
  .readFileSync(path.join(FIXTURES, 'clinical-phrases.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => {
    const [phrase, accepted] = l.split('\t');
    return { phrase, accepted: accepted === 'none' ? [] : accepted.split(' ') };
  });

const linker = new Linker(medicVocabulary(path.join(FIXTURES, 'medic-clinical-excerpt.txt')));

describe('linking: everyday clinical words against MEDIC', () => {
  it('at most one wrong link, and most phrases that MEDIC names right', () => {
    const wrong: string[] = [];
    let right = 0;
    for (const { phrase, accepted } of phrases) {
      const [chosen] = takenConcepts(linker.link(phrase, 'problem'));
      if (!chosen) continue;
      if (accepted.some((id) => chosen.id === id || chosen.altIds.includes(id))) right++;
      else wrong.push(`${phrase} -> ${chosen.id} ${chosen.name} (${chosen.method} ${chosen.score.toFixed(2)})`);
    }
    const named = phrases.filter((p) => p.accepted.length > 0).length;
    assert.ok(wrong.length <= 1, `wrong links:\n${wrong.join('\n')}`);
    assert.ok(right >= 0.85 * named, `${right} of ${named} right`);
  });

  it('a candidate shares more than a qualifier: "bilateral leg swelling" is offered no Deafness', () => {
    const link = linker.link('bilateral leg swelling', 'problem');
    assert.deepEqual(link.concepts, []);
    for (const c of link.candidates[0] ?? [])
      assert.ok(
        c.shares?.some((w) => w !== 'bilateral'),
        `${c.name} shares ${c.shares?.join(', ')}`,
      );
    assert.ok(!(link.candidates[0] ?? []).some((c) => c.name === 'Deafness'));
  });
});
