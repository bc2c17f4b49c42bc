/**
 * The engine's model evaluations (eval/nerEvaluation.ts, eval/pairEvaluation.ts) as a front
 * end calls them: an engine from createEngine over HTTP to the Ollama-protocol test server,
 * plain-data reports back, progress and bugs through the hooks, inputs the evaluation cannot
 * score refused before any request.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ENGINE_CONFIG, EngineConfig } from '../../../server/src/engine/config';
import { parseBratDocument } from '../../../server/src/engine/formats/bratDocument';
import { readNliPairs } from '../../../server/src/engine/formats/nliPairs';
import { evaluateNer } from '../../../server/src/engine/pipeline/evaluation/nerEvaluation';
import { nerPlan } from '../../../server/src/engine/eval/nerPlan';
import { InputError } from '../../../server/src/engine/errors';
import { EvaluationHooks } from '../../../server/src/engine/pipeline/evaluation/modelRuns';
import { evaluateNli, evaluateRelations, relationItems } from '../../../server/src/engine/pipeline/evaluation/pairEvaluation';
import { createEngine, Engine } from '../../../server/src/engine/pipeline/engine';
import { NLI_PAIRS } from '../../support/cliSuite';
import { NOTES_DIR } from '../../support/gold';
import { LLAMA31_MODEL, loadGoldDocuments, loadNliPairs, MEDTUNED_MODEL, OllamaTestServer } from '../../support/ollamaServer';

/** Hooks that record what the evaluation reported; a bug fails the test unless `bugs` collects it. */
function recordingHooks(bugs?: string[]): EvaluationHooks & { passes: number[]; items: number } {
  const hooks = {
    passes: [] as number[],
    items: 0,
    onStart: (passes: number) => void hooks.passes.push(passes),
    onItem: () => void hooks.items++,
    onBug: (where: string, error: unknown) => {
      if (!bugs) throw error;
      bugs.push(where);
      return `bug at ${where}`;
    },
  };
  return hooks;
}

describe('engine: model evaluations (eval ner, re, nli behind the face)', function () {
  this.timeout(60_000);
  let server: OllamaTestServer;
  const engines: Engine[] = [];
  const pairs = readNliPairs(fs.readFileSync(NLI_PAIRS, 'utf8'));

  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR), nliPairs: loadNliPairs(NLI_PAIRS) });
  });
  afterEach(() => server.script(undefined));
  after(async () => {
    await Promise.all(engines.map((e) => e.dispose()));
    await server.stop();
  });

  function engineFor(model: string, config: Partial<EngineConfig> = {}): Engine {
    const engine = createEngine({ ...DEFAULT_ENGINE_CONFIG, engine: 'ollama', model, ollama: { host: server.url, keepAlive: '5m' }, ...config });
    engines.push(engine);
    return engine;
  }

  it('NLI, every variant: one pass per MedNLI instruction, each scored, the spread and the published figure in the report', async () => {
    const hooks = recordingHooks();
    const report = await evaluateNli(engineFor(MEDTUNED_MODEL.name), pairs, { allVariants: true }, hooks);
    assert.deepEqual(report.variants, [1, 2, 3, 4, 5]);
    assert.deepEqual(hooks.passes, [5]);
    assert.equal(hooks.items, pairs.length * 5);
    assert.equal(report.profile, 'medtuned');
    assert.equal(report.model, MEDTUNED_MODEL.name);
    assert.deepEqual(
      report.runs.map((r) => [r.variant, r.accuracy, r.answered, r.failed.length]),
      [1, 2, 3, 4, 5].map((v) => [v, 100, pairs.length, 0]),
    );
    assert.deepEqual(report.summary, { metric: 'accuracy', statistic: report.statistic, values: [100, 100, 100, 100, 100], mean: 100, sd: 0 });
    assert.equal(report.published.dataset, 'MedNLI');
  });

  it('NLI: a pair the server refuses is a failed item with its message, not a bug; accuracy over the answered pairs', async () => {
    const refused = pairs[3].hypothesis;
    server.script((req) =>
      JSON.stringify(req.body).includes(JSON.stringify(refused).slice(1, -1))
        ? { kind: 'http-error', status: 400, error: 'bad request for this pair' }
        : undefined,
    );
    const bugs: string[] = [];
    const report = await evaluateNli(engineFor(LLAMA31_MODEL.name), pairs, {}, recordingHooks(bugs));
    const [run] = report.runs;
    assert.deepEqual(bugs, []);
    assert.equal(run.failed.length, 1);
    assert.match(run.failed[0], /^3: .*bad request for this pair/);
    assert.equal(run.answered, pairs.length - 1);
    assert.equal(run.accuracy, 100);
    assert.equal(report.failed, 1);
  });

  it('NLI: an error of the code (a gold label the confusion matrix has no row for) goes to the bug hook, with the item', async () => {
    const bugs: string[] = [];
    const odd = [...pairs.slice(0, 2), { ...pairs[2], label: 'not-a-label' }];
    const report = await evaluateNli(engineFor(LLAMA31_MODEL.name), odd, {}, recordingHooks(bugs));
    assert.deepEqual(bugs, ['item 2']);
    assert.deepEqual(report.runs[0].failed, ['2: bug at item 2']);
  });

  it('every variant in a layout without training instructions is refused before any request', async () => {
    const before = server.generationRequests().length;
    await assert.rejects(evaluateNli(engineFor(LLAMA31_MODEL.name), pairs, { allVariants: true }, recordingHooks()), (err: Error) => {
      assert.ok(err instanceof InputError);
      assert.match(err.message, /json profile has none/);
      return true;
    });
    assert.equal(server.generationRequests().length, before);
  });

  it('ChemProt pairs under the medtuned layout are refused (no ChemProt in its training mix)', () => {
    assert.throws(() => relationItems(engineFor(MEDTUNED_MODEL.name), { chemProt: '' }), InputError);
  });

  it('relations of a BRAT document: the medtuned layout asks i2b2-2010 pairs only; every variant scored', async () => {
    const name = 'ed-chest-pain';
    const doc = parseBratDocument(
      name,
      fs.readFileSync(path.join(NOTES_DIR, `${name}.note`), 'utf8'),
      fs.readFileSync(path.join(NOTES_DIR, `${name}.ann`), 'utf8'),
    ).document;
    const engine = engineFor(MEDTUNED_MODEL.name);
    const read = relationItems(engine, { brat: [doc] });
    assert.ok(read.items.length > 0);
    assert.deepEqual([...new Set(read.items.map((i) => i.pair.kind))], ['clinical']);
    const hooks = recordingHooks();
    const report = await evaluateRelations(engine, read, { allVariants: true }, hooks);
    assert.deepEqual(report.variants, [1, 2, 3]);
    assert.equal(hooks.items, read.items.length * 3);
    for (const run of report.runs) assert.equal(run.micro.f1, 100, `variant ${run.variant}`);
    assert.equal(report.summary?.mean, 100);
    assert.equal(report.datasetName, 'i2b2-2010');
  });

  it('NER: the documents analysed for entities only, scored against the plan; a failed document is named', async () => {
    const names = ['discharge-heart-failure', 'ed-fall-anticoagulation'];
    const docs = names.map(
      (n) =>
        parseBratDocument(n, fs.readFileSync(path.join(NOTES_DIR, `${n}.note`), 'utf8'), fs.readFileSync(path.join(NOTES_DIR, `${n}.ann`), 'utf8')).document,
    );
    const plan = nerPlan(docs, 'clinical notes');
    assert.deepEqual([...plan.types].sort(), ['problem', 'test', 'treatment']);
    const engine = engineFor(LLAMA31_MODEL.name, {
      relations: { ...DEFAULT_ENGINE_CONFIG.relations, enabled: true },
      nli: { ...DEFAULT_ENGINE_CONFIG.nli, enabled: true },
    });
    const before = server.generationRequests().length;
    const report = await evaluateNer(engine, docs, plan, {}, recordingHooks());
    assert.equal(report.runs[0].score.strict.micro.f1, 100);
    assert.deepEqual(report.runs[0].failed, []);
    // Entities only, whatever the engine's own settings: no relation or NLI prompt was sent.
    const prompts = server
      .generationRequests()
      .slice(before)
      .map((r) => JSON.stringify(r.body));
    assert.ok(prompts.length > 0);
    assert.ok(!prompts.some((p) => /relation|entail|contradict/i.test(p)), 'a relation or NLI prompt was sent');

    server.script((req) => (JSON.stringify(req.body).includes('anticoagul') ? { kind: 'http-error', status: 400, error: 'refused' } : undefined));
    const again = await evaluateNer(engineFor(LLAMA31_MODEL.name, { cacheSize: 0 }), docs, plan, {}, recordingHooks());
    assert.ok(
      again.runs[0].failed.some((f) => f.startsWith('ed-fall-anticoagulation: ')),
      again.runs[0].failed.join('\n'),
    );
  });
});
