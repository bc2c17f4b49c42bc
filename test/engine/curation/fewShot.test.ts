/**
 * Learning from curation (engine/curation/fewShot.ts): which curated sentences become
 * examples of a json entity prompt, within what budget, how they enter the prompt and the
 * cache key, and that the medtuned layout never carries any.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { examplesId, examplesOfNote, FewShotExample, FolderExamples, selectExamples } from '../../../server/src/engine/curation/fewShot';
import { TASKS, Task } from '../../../server/src/engine/pipeline/taskTable';
import { JsonProfile, nerUserMessage } from '../../../server/src/engine/profiles/json';
import { fewShotBudgetTokens, requestPromptTokens } from '../../../server/src/engine/profiles/limits';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { EntityType } from '../../../server/src/engine/types';

const TYPES: EntityType[] = ['problem', 'treatment', 'test'];
const ex = (text: string, ...entities: [string, EntityType][]): FewShotExample => ({ text, entities: entities.map(([t, type]) => ({ text: t, type })) });

const POOL: FewShotExample[] = [
  ex('Metformin was continued for type 2 diabetes.', ['Metformin', 'treatment'], ['type 2 diabetes', 'problem']),
  ex('Chest x-ray showed a left lower lobe pneumonia.', ['Chest x-ray', 'test'], ['a left lower lobe pneumonia', 'problem']),
  ex('Aspirin was started for chest pain.', ['Aspirin', 'treatment'], ['chest pain', 'problem']),
  ex('Creatinine rose to 2.1 with acute kidney injury.', ['Creatinine', 'test'], ['acute kidney injury', 'problem']),
  ex('Cisplatin induced nephrotoxicity.', ['Cisplatin', 'chemical'], ['nephrotoxicity', 'disease']),
  ex('Insulin glargine was started for uncontrolled diabetes.', ['Insulin glargine', 'treatment'], ['uncontrolled diabetes', 'problem']),
];
const json = new JsonProfile({ numCtx: 4096 });
const cost = (e: FewShotExample) => json.exampleTokens(TYPES, e);
const select = (sentence: string, k = 3, budgetTokens = 10_000, pool = POOL) => selectExamples(sentence, pool, { k, types: TYPES, budgetTokens, cost });

describe('few-shot examples from curation', () => {
  it('picks the curated sentences sharing the most stems, most similar last; none that share nothing', () => {
    const chosen = select('Metformin was held for worsening diabetes and kidney injury.');
    // diabetes+metformin (2 stems), then kidney+injury (2), then diabetes (1): ties keep pool order.
    assert.deepEqual(
      chosen.map((e) => e.text),
      [POOL[5].text, POOL[3].text, POOL[0].text],
    );
    assert.deepEqual(
      select('Metformin was held.', 3).map((e) => e.text),
      [POOL[0].text],
    );
    assert.deepEqual(select('Zorblax fizzlewhump.'), []);
    assert.deepEqual(select('Metformin was held for diabetes.', 0), []);
  });

  it('never gives a sentence itself, nor examples without an entity of the asked types (other types left out)', () => {
    assert.deepEqual(
      select(POOL[2].text)
        .map((e) => e.text)
        .includes(POOL[2].text),
      false,
    );
    // The literature example holds no clinical type: not an example for a clinical prompt.
    assert.deepEqual(select('Cisplatin nephrotoxicity was severe.'), []);
    const mixed = [ex('Cisplatin caused nephrotoxicity and vomiting.', ['Cisplatin', 'chemical'], ['vomiting', 'problem'])];
    const [only] = select('Cisplatin and vomiting.', 3, 10_000, mixed);
    assert.deepEqual(only.entities, [{ text: 'vomiting', type: 'problem' }]);
  });

  it('stays within the token budget, skipping an example too long for what is left', () => {
    const sentence = 'Metformin was held for worsening diabetes and kidney injury.';
    const all = select(sentence);
    const two = cost(all[1]) + cost(all[2]);
    const fit = select(sentence, 3, two);
    assert.ok(fit.reduce((n, e) => n + cost(e), 0) <= two);
    assert.deepEqual(
      fit.map((e) => e.text),
      [all[1].text, all[2].text],
    );
    assert.deepEqual(select(sentence, 3, Math.min(...all.map(cost)) - 1).length, 0, 'not even the cheapest fits');
    // The budget: a quarter of the context, and never what the sentence needs for itself.
    assert.equal(fewShotBudgetTokens(4096, 'x'.repeat(100)), 1024);
    assert.equal(fewShotBudgetTokens(1024, 'x'.repeat(200)), 104);
    assert.equal(fewShotBudgetTokens(512, 'x'.repeat(200)), 0);
  });

  it('the json request carries them as earlier user/assistant turns in the same layout; the answer room is unchanged', () => {
    const group = json.nerGroups(TYPES)[0];
    const sentence = 'Metformin was held for worsening diabetes.';
    const examples = select(sentence);
    const plain = json.nerRequest(sentence, group);
    const shown = json.nerRequest(sentence, group, undefined, examples);
    assert.ok(plain.kind === 'chat' && shown.kind === 'chat');
    assert.equal(shown.messages.length, plain.messages.length + 2 * examples.length);
    assert.deepEqual(shown.messages[0], plain.messages[0]);
    assert.deepEqual(shown.messages.at(-1), plain.messages.at(-1));
    assert.equal(shown.messages[1].role, 'user');
    assert.equal(shown.messages[1].content, nerUserMessage(group.types, examples[0].text));
    assert.equal(shown.messages[2].role, 'assistant');
    assert.deepEqual(JSON.parse(shown.messages[2].content), { entities: examples[0].entities });
    assert.equal(shown.numPredict, plain.numPredict);
    assert.equal(
      requestPromptTokens(shown) - requestPromptTokens(plain),
      examples.reduce((n, e) => n + json.exampleTokens(group.types, e), 0),
    );
    // With statuses asked, the example answers show the field too.
    const withStatuses = new JsonProfile({ numCtx: 4096, assertionStatuses: true }).nerRequest(sentence, group, undefined, examples);
    assert.ok(withStatuses.kind === 'chat');
    assert.deepEqual(JSON.parse(withStatuses.messages[2].content).entities[0].statuses, []);
  });

  it('the cache key part changes exactly when the chosen examples change', () => {
    const group = json.nerGroups(TYPES)[0];
    const task = (examples?: FewShotExample[]): Extract<Task, { kind: 'ner' }> => ({
      kind: 'ner',
      text: 'Metformin was held.',
      group,
      ...(examples ? { examples } : {}),
    });
    const a = select('Metformin was held for worsening diabetes.');
    assert.equal(TASKS.ner.id(task()), TASKS.ner.id(task([])), 'no examples: the key of before');
    assert.equal(
      TASKS.ner.id(task(a)),
      TASKS.ner.id(task(a.map((e) => ({ text: e.text, entities: e.entities.map((m) => ({ ...m })) })))),
      'equal content: equal key',
    );
    assert.notEqual(TASKS.ner.id(task(a)), TASKS.ner.id(task()));
    assert.notEqual(TASKS.ner.id(task(a)), TASKS.ner.id(task([...a].reverse())), 'order is part of the prompt');
    const corrected = a.map((e, i) => (i === 0 ? { ...e, entities: e.entities.map((m) => ({ ...m, type: 'test' as EntityType })) } : e));
    assert.notEqual(TASKS.ner.id(task(a)), TASKS.ner.id(task(corrected)), 'a corrected type changes it');
    assert.notEqual(examplesId(a), examplesId(a.slice(1)));
  });

  it('medtuned: a task with examples asks exactly the training-layout prompt of one without', () => {
    const medtuned = new MedtunedProfile();
    for (const group of medtuned.nerGroups(TYPES)) {
      const t: Task = { kind: 'ner', text: 'Metformin was held for worsening diabetes.', group, examples: POOL };
      assert.deepEqual(TASKS.ner.request(medtuned, t), medtuned.nerRequest(t.text, group));
    }
  });

  it('a folder: curated sentences of each note with an .ann, the editor text of open notes, the same array while nothing changed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-fewshot-'));
    try {
      const text = 'Chest pain resolved.\nStarted aspirin 81 mg.\nFollow up in clinic.\n';
      fs.writeFileSync(path.join(dir, 'a.note'), text);
      const at = (s: string) => text.indexOf(s);
      fs.writeFileSync(
        path.join(dir, 'a.ann'),
        `T1\tPROBLEM ${at('Chest pain')} ${at('Chest pain') + 10}\tChest pain\nT2\ttreatment ${at('aspirin')} ${at('aspirin') + 7}\taspirin\nT3\tOrganization 0 5\tChest\n`,
      );
      fs.writeFileSync(path.join(dir, 'b.note'), 'No .ann beside this one.');
      const folder = new FolderExamples(dir);
      const first = folder.examples();
      assert.deepEqual(first, [ex('Chest pain resolved.', ['Chest pain', 'problem']), ex('Started aspirin 81 mg.', ['aspirin', 'treatment'])]);
      assert.equal(folder.examples(), first, 'unchanged: the same array');
      // The .ann follows the editor text of an open note (two characters inserted at the start).
      const open = new Map([[path.join(dir, 'a.note'), '  ' + text]]);
      assert.deepEqual(folder.examples(open), [], 'offsets no longer fit the text: nothing is taken');
      assert.deepEqual(examplesOfNote(text, fs.readFileSync(path.join(dir, 'a.ann'), 'utf8')), first);
      // The same note also kept as a.txt: the .ann is read once, against the .txt (noteFiles.ts order).
      fs.writeFileSync(path.join(dir, 'a.txt'), text);
      assert.deepEqual(new FolderExamples(dir).examples(), first);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an .ann counted in code points (as brat writes it) past an emoji gives the same examples as one counted in UTF-16 units', () => {
    const text = 'Patient 👍 tolerated diet.\nDenies chest pain 😀 today.\nStarted aspirin 81 mg.\n';
    const line = (id: string, type: string, word: string, codePoints: boolean) => {
      const at = text.indexOf(word);
      const count = (s: string) => (codePoints ? [...s].length : s.length);
      return `${id}\t${type} ${count(text.slice(0, at))} ${count(text.slice(0, at)) + count(word)}\t${word}`;
    };
    const ann = (codePoints: boolean) => [line('T1', 'problem', 'chest pain', codePoints), line('T2', 'treatment', 'aspirin', codePoints)].join('\n') + '\n';
    const expected = [ex('Denies chest pain 😀 today.', ['chest pain', 'problem']), ex('Started aspirin 81 mg.', ['aspirin', 'treatment'])];
    assert.deepEqual(examplesOfNote(text, ann(false)), expected);
    assert.notEqual(ann(true), ann(false));
    assert.deepEqual(examplesOfNote(text, ann(true)), expected);
  });
});
