/**
 * Learning from curation in the engine, over real HTTP to the Ollama-protocol test server:
 * under the json profile the entity prompts carry the curated sentences most like each
 * sentence as earlier turns, adding a curated sentence re-asks only the sentences whose
 * examples it changes, and the medtuned profile sends exactly the prompts it sends without
 * curation (the root hook also fails any medtuned prompt off the training layout).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FewShotExample, FolderExamples, selectExamples } from '../../../server/src/engine/curation/fewShot';
import { AnalysisConfig, DocumentAnalysis } from '../../../server/src/engine/pipeline/analysis';
import { JsonProfile } from '../../../server/src/engine/profiles/json';
import { fewShotBudgetTokens } from '../../../server/src/engine/profiles/limits';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { Profile } from '../../../server/src/engine/profiles/profile';
import { EntityType } from '../../../server/src/engine/types';
import { NOTES_DIR } from '../../support/gold';
import { LLAMA31_MODEL, loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer, RecordedRequest } from '../../support/ollamaServer';
import { engineContext, ollamaBackend } from '../../support/engine';
import type { EngineContext } from '../../../server/src/engine/pipeline/modelCall';

const TYPES: EntityType[] = ['problem', 'treatment', 'test'];
const NOTE = 'ed-chest-pain';
const CURATED = ['discharge-heart-failure', 'progress-diabetes-ckd'];

describe('engine: curated sentences as few-shot examples', function () {
  this.timeout(60_000);
  let server: OllamaTestServer;
  let dir: string;
  let pool: readonly FewShotExample[];
  let text: string;

  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
    // A curated folder: two fixture notes with their gold .ann as the curator's.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-fewshot-'));
    for (const name of CURATED) for (const ext of ['.note', '.ann']) fs.copyFileSync(path.join(NOTES_DIR, name + ext), path.join(dir, name + ext));
    pool = new FolderExamples(dir).examples();
    text = fs.readFileSync(path.join(NOTES_DIR, `${NOTE}.note`), 'utf8');
  });
  after(async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const context = (model: string) => engineContext(ollamaBackend(server.url, model));
  const config = (profile: Profile, model: string, examples?: readonly FewShotExample[]): AnalysisConfig => ({
    model,
    profile,
    entityTypes: TYPES,
    ...(examples ? { curation: { examples, fewShot: 3 } } : {}),
  });
  async function run(ctx: EngineContext, c: AnalysisConfig): Promise<{ analysis: DocumentAnalysis; requests: RecordedRequest[] }> {
    const mark = server.generationRequests().length;
    const analysis = new DocumentAnalysis(`file:///${NOTE}.note`, 1, text, c, ctx);
    analysis.start();
    await analysis.whenComplete();
    assert.equal(analysis.failed, 0, analysis.lastError?.message);
    return { analysis, requests: server.generationRequests().slice(mark) };
  }
  const lastUser = (r: RecordedRequest): string => r.body.messages.filter((m: { role: string }) => m.role === 'user').at(-1).content;
  const nerOnly = (rs: RecordedRequest[]) => rs.filter((r) => r.path === '/api/chat' && /^Entity types: /.test(lastUser(r)));

  it('json: each entity prompt carries the curated sentences most like its sentence, as user/assistant turns; entities are unchanged', async () => {
    const json = new JsonProfile({ numCtx: 4096 });
    const plain = await run(context(LLAMA31_MODEL.name), config(json, LLAMA31_MODEL.name));
    const shot = await run(context(LLAMA31_MODEL.name), config(json, LLAMA31_MODEL.name, pool));
    assert.deepEqual(shot.analysis.entities(), plain.analysis.entities());
    const requests = nerOnly(shot.requests);
    assert.equal(requests.length, shot.analysis.sentences.length);
    const byText = new Map(pool.map((e) => [e.text, e]));
    let withExamples = 0;
    for (const [i, s] of shot.analysis.sentences.entries()) {
      const r = requests.find((q) => lastUser(q) === `Entity types: ${TYPES.join(', ')}\nText: ${JSON.stringify(s.text)}`);
      assert.ok(r, `sentence ${i} was asked`);
      const turns = r.body.messages.slice(1, -1) as { role: string; content: string }[];
      const expected = selectExamples(s.text, pool, {
        k: 3,
        types: TYPES,
        budgetTokens: fewShotBudgetTokens(4096, s.text),
        cost: (e) => json.exampleTokens(TYPES, e),
      });
      assert.equal(turns.length, 2 * expected.length, s.text);
      assert.ok(expected.length <= 3);
      turns.forEach((t, k) => assert.equal(t.role, k % 2 === 0 ? 'user' : 'assistant'));
      for (let k = 0; k < turns.length; k += 2) {
        const shown = JSON.parse(/\nText: (.*)$/s.exec(turns[k].content)![1]) as string;
        const example = byText.get(shown);
        assert.ok(example, `an example is a curated sentence: ${shown}`);
        assert.deepEqual(
          JSON.parse(turns[k + 1].content).entities,
          example.entities.filter((e) => TYPES.includes(e.type)),
        );
      }
      if (expected.length) withExamples++;
    }
    assert.ok(withExamples >= shot.analysis.sentences.length / 2, `most sentences get examples (${withExamples}/${shot.analysis.sentences.length})`);
  });

  it('json: a new curated sentence re-asks exactly the sentences whose examples it changes', async () => {
    const json = new JsonProfile({ numCtx: 4096 });
    const ctx = context(LLAMA31_MODEL.name);
    const first = await run(ctx, config(json, LLAMA31_MODEL.name, pool));
    // A curated sentence close to one sentence of the note (its own words, and more).
    const target = first.analysis.sentences.find((s) => /troponin/i.test(s.text)) ?? first.analysis.sentences[1];
    const added: FewShotExample = { text: `${target.text} Repeat troponin ordered.`, entities: [{ text: 'Repeat troponin', type: 'test' }] };
    const grown = [...pool, added];
    const changed = first.analysis.sentences.filter((s) => {
      const pick = (p: readonly FewShotExample[]) =>
        JSON.stringify(
          selectExamples(s.text, p, { k: 3, types: TYPES, budgetTokens: fewShotBudgetTokens(4096, s.text), cost: (e) => json.exampleTokens(TYPES, e) }),
        );
      return pick(pool) !== pick(grown);
    });
    assert.ok(
      changed.some((s) => s.text === target.text),
      'the close sentence gets the new example',
    );
    const second = await run(ctx, config(json, LLAMA31_MODEL.name, grown));
    assert.deepEqual(
      nerOnly(second.requests).map(lastUser).sort(),
      changed.map((s) => `Entity types: ${TYPES.join(', ')}\nText: ${JSON.stringify(s.text)}`).sort(),
    );
    // The same pool again (a new array of equal content): nothing is asked.
    const third = await run(
      ctx,
      config(
        json,
        LLAMA31_MODEL.name,
        grown.map((e) => ({ ...e })),
      ),
    );
    assert.equal(nerOnly(third.requests).length, 0);
  });

  it('medtuned: curation adds nothing, the prompts are exactly those without it', async () => {
    const medtuned = new MedtunedProfile({ numCtx: 4096 });
    const plain = await run(context(MEDTUNED_MODEL.name), config(medtuned, MEDTUNED_MODEL.name));
    const shot = await run(context(MEDTUNED_MODEL.name), config(medtuned, MEDTUNED_MODEL.name, pool));
    const bodies = (rs: RecordedRequest[]) => rs.map((r) => JSON.stringify(r.body)).sort();
    assert.ok(plain.requests.length > 0);
    assert.deepEqual(bodies(shot.requests), bodies(plain.requests));
    assert.deepEqual(shot.analysis.entities(), plain.analysis.entities());
  });
});
