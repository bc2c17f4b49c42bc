/**
 * Raw answers as 7B-13B instruction models write them (Llama-2 fine-tunes, Llama 3.1,
 * Mistral, Qwen), written with the label a careful reader gives each by a helper session that
 * never saw the parsers (test/fixtures/answers/unseen-answers.json): every NLI and relation
 * label, and every entity list, is read as that reader reads it, in both prompt layouts.
 * Its first run read 28, 32 and 29 of the 42 of each task.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JsonProfile } from '../../../server/src/engine/profiles/json';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { CandidatePair } from '../../../server/src/engine/tasks/relations';
import { EntityType, ModelAnswer } from '../../../server/src/engine/types';
import { ROOT } from '../../support/paths';

interface Case {
  id: string;
  task: 'nli' | 'relation' | 'ner-json';
  input: { sentence?: string; first?: string; second?: string; types?: EntityType[] };
  answer: string;
  expected: string | null | [string, string][];
}

const CASES = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/answers/unseen-answers.json'), 'utf8')) as Case[];
const answer = (text: string): ModelAnswer => ({ text, doneReason: 'stop', promptTokens: 1, evalTokens: 1, evalMs: 1 });

/** The pair's types as its gold label implies them (any clinical pair where the gold is none or unreadable). */
function pairFor(c: Case): CandidatePair {
  const gold = c.expected as string | null;
  const [head, tail]: EntityType[] = gold?.startsWith('Te') ? ['test', 'problem'] : gold === 'PIP' ? ['problem', 'problem'] : ['treatment', 'problem'];
  return { kind: 'clinical', head: { start: 0, end: 1, type: head, text: c.input.first! }, tail: { start: 2, end: 3, type: tail, text: c.input.second! } };
}

describe('answers no one here wrote, read as a careful reader reads them', () => {
  const medtuned = new MedtunedProfile();
  const json = new JsonProfile();
  const of = (task: Case['task']) => CASES.filter((c) => c.task === task);

  it('holds about 40 cases of each task', () => {
    for (const task of ['nli', 'relation', 'ner-json'] as const) assert.ok(of(task).length >= 40, task);
  });

  it('NLI: the label chosen, or none where the answer chose none, in both layouts', () => {
    const wrong = of('nli').flatMap((c) =>
      [medtuned, json].map((p) => [c.id, p.name, p.parseNli(answer(c.answer)).label ?? null, c.expected]).filter(([, , got, want]) => got !== want),
    );
    assert.deepEqual(wrong, []);
  });

  it('relations: the label chosen among those the pair allows, or none', () => {
    const wrong = of('relation')
      .map((c) => {
        const label = medtuned.parseRelations({ id: c.id, pairs: [pairFor(c)] }, answer(c.answer)).labels[0];
        return [c.id, label === 'No Relations' ? 'none' : (label ?? null), c.expected];
      })
      .filter(([, got, want]) => got !== want);
    assert.deepEqual(wrong, []);
  });

  it('json entities: exactly the mentions present in the sentence, typed as asked', () => {
    const wrong = of('ner-json')
      .map((c) => {
        const r = json.parseNer(c.input.sentence!, { id: 'unseen', types: c.input.types! }, answer(c.answer));
        for (const m of r.mentions) assert.equal(m.text, c.input.sentence!.slice(m.start, m.end));
        return [c.id, r.mentions.map((m) => [m.text, m.type]), c.expected];
      })
      .filter(([, got, want]) => JSON.stringify(got) !== JSON.stringify(want));
    assert.deepEqual(wrong, []);
  });
});
