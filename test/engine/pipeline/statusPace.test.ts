/**
 * The workspace's status to the front end: counts that change with every answer go at most
 * every 100 ms, the latest always last; a change of state goes at once. Counted on a note of
 * many sentences answered by the Ollama-protocol test server as fast as it can.
 */
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { DEFAULT_ENGINE_CONFIG, EngineConfig } from '../../../server/src/engine/config';
import { analysisConfig, createEngine } from '../../../server/src/engine/pipeline/engine';
import { Workspace, WorkspaceStatus } from '../../../server/src/engine/pipeline/workspace';
import { MEDTUNED_MODEL, OllamaTestServer } from '../../support/ollamaServer';

const SENTENCES = 400;
const TEXT = Array.from({ length: SENTENCES }, (_, i) => `Day ${i + 1}: patient reports chest pain and was given aspirin.`).join('\n') + '\n';

describe('workspace status: counts paced, states at once', function () {
  this.timeout(60_000);
  let server: OllamaTestServer;
  before(async () => (server = await OllamaTestServer.start()));
  after(async () => server.stop());

  it(`${SENTENCES} sentences answered: far fewer statuses than answers, none closer than 100 ms but for a new state, the last one whole`, async () => {
    const config: EngineConfig = {
      ...DEFAULT_ENGINE_CONFIG,
      engine: 'ollama',
      ollama: { host: server.url, keepAlive: '5m' },
      model: MEDTUNED_MODEL.name,
      debounceMs: 0,
      relations: { ...DEFAULT_ENGINE_CONFIG.relations, enabled: false },
      nli: { ...DEFAULT_ENGINE_CONFIG.nli, enabled: false },
    };
    const engine = createEngine(config);
    const statuses: { at: number; status: WorkspaceStatus }[] = [];
    const bugs: Error[] = [];
    const workspace = new Workspace(engine, { onInternalError: (e) => bugs.push(e), onStatus: (status) => statuses.push({ at: performance.now(), status }) });
    try {
      const analysis = workspace.update('file:///paced.note', 1, TEXT, analysisConfig(config, MEDTUNED_MODEL.name), { immediate: true })!;
      await analysis.whenComplete();
      // The last counts come when the pace allows: wait past it.
      await new Promise((r) => setTimeout(r, 250));
      const answers = server.generationRequests().length;
      assert.ok(answers >= SENTENCES, `${answers} answers`);
      assert.ok(statuses.length < answers / 4, `${statuses.length} statuses for ${answers} answers`);
      for (let i = 1; i < statuses.length; i++) {
        const [a, b] = [statuses[i - 1], statuses[i]];
        const newKind = a.status.state !== b.status.state || a.status.message !== b.status.message;
        if (!newKind) assert.ok(b.at - a.at >= 95, `statuses ${i - 1} and ${i} of the same state ${b.at - a.at} ms apart`);
      }
      const last = statuses[statuses.length - 1].status;
      assert.equal(last.state, 'ready');
      assert.equal(last.done, SENTENCES);
      assert.equal(last.total, SENTENCES);
      assert.deepEqual(bugs, []);
    } finally {
      workspace.dispose();
      await engine.dispose();
    }
  });
});
