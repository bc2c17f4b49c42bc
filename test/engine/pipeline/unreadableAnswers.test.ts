/**
 * An answer in no layout the prompt profile reads ("I am not sure.") is counted and not
 * cached: once the model answers in its layout, the same sentences are asked again and get
 * their entities (a cached unreadable answer kept a note without highlights for good).
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ENGINE_CONFIG, EngineConfig } from '../../../server/src/engine/config';
import { createEngine, Engine } from '../../../server/src/engine/pipeline/engine';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../../support/ollamaServer';
import { FAIL_ON_BUG } from '../../support/engine';
import { fixtureNote, NOTES_DIR } from '../../support/gold';

describe('unreadable model answers', function () {
  this.timeout(30_000);
  let server: OllamaTestServer;
  let engine: Engine;
  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
    const config: EngineConfig = {
      ...DEFAULT_ENGINE_CONFIG,
      engine: 'ollama',
      model: MEDTUNED_MODEL.name,
      ollama: { host: server.url, keepAlive: '5m' },
      debounceMs: 0,
      relations: { ...DEFAULT_ENGINE_CONFIG.relations, enabled: false },
      nli: { ...DEFAULT_ENGINE_CONFIG.nli, enabled: false },
    };
    engine = createEngine(config);
  });
  after(async () => {
    await engine.dispose();
    await server.stop();
  });

  async function entities(text: string) {
    const analysis = engine.analyse('note', text, await engine.analysisConfig(), FAIL_ON_BUG);
    analysis.start();
    await analysis.whenComplete();
    return analysis.entities().length;
  }

  it('are counted, not cached: the next analysis asks again and gets the entities', async () => {
    const { text } = fixtureNote('ed-chest-pain');
    server.script(() => ({ kind: 'text', text: 'I am not sure.' }));
    const asked = server.generationRequests().length;
    assert.equal(await entities(text), 0);
    const unreadable = engine.stats().unreadable;
    assert.equal(unreadable, server.generationRequests().length - asked, 'each answer counted');
    assert.ok(unreadable > 1);

    server.script(undefined);
    const before = server.generationRequests().length;
    const found = await entities(text);
    assert.ok(found > 0, `asked again, answered in the layout: ${found} entities, ${server.generationRequests().length - before} requests`);
    assert.equal(server.generationRequests().length - before, unreadable, 'the unreadable sentences asked again');
    // A readable answer is cached as before: the third analysis asks nothing.
    const again = server.generationRequests().length;
    await entities(text);
    assert.equal(server.generationRequests().length, again);
  });
});
