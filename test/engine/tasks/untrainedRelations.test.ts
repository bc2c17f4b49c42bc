/**
 * Llama2-MedTuned was trained on i2b2-2010 relations only: no BC5CDR CID, no ChemProt, and
 * GAD was commented out of its final mix. Under the medtuned profile, other pairs are not
 * asked in its layout: `biomedNlp.relations.untrainedKinds` skips them (default) or asks
 * the same model in the json layout, marking each such relation as untrained. Through the
 * engine built by createEngine, over HTTP to the Ollama-protocol test server.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ENGINE_CONFIG, EngineConfig, UntrainedKinds } from '../../../server/src/engine/config';
import { createEngine } from '../../../server/src/engine/pipeline/engine';
import { Relation } from '../../../server/src/engine/pipeline/analysis';
import { EntityType } from '../../../server/src/engine/types';
import { fixtureNote } from '../../support/gold';
import { MEDTUNED_MODEL, RecordedRequest } from '../../support/ollamaServer';
import { goldServer } from '../../support/goldServer';
import { FAIL_ON_BUG } from '../../support/engine';

const isRelationPrompt = (r: RecordedRequest) => /@(problem|treatment|test|CHEMICAL|DISEASE|GENE)\$|<e1>/.test(JSON.stringify(r.body));

function goldOf(name: string): string[] {
  return fixtureNote(name)
    .relations.map((r) => `${r.label} ${r.head.start}-${r.head.end} ${r.tail.start}-${r.tail.end}`)
    .sort();
}
function found(relations: Relation[]): string[] {
  return relations.map((r) => `${r.label} ${r.head.start}-${r.head.end} ${r.tail.start}-${r.tail.end}`).sort();
}

describe('relations the medtuned layout was not trained on', function () {
  this.timeout(60_000);
  const server = goldServer();

  async function analyse(name: string, types: EntityType[], untrainedKinds: UntrainedKinds) {
    const config: EngineConfig = {
      ...DEFAULT_ENGINE_CONFIG,
      engine: 'ollama',
      model: MEDTUNED_MODEL.name,
      ollama: { host: server.url, keepAlive: '5m' },
      entityTypes: types,
      relations: { ...DEFAULT_ENGINE_CONFIG.relations, untrainedKinds },
      nli: { ...DEFAULT_ENGINE_CONFIG.nli, enabled: false },
    };
    const engine = createEngine(config);
    const before = server.generationRequests().length;
    const analysis = engine.analyse(name, fixtureNote(name).text, await engine.analysisConfig(), FAIL_ON_BUG);
    assert.equal(analysis.config.profile.name, 'medtuned');
    analysis.start();
    await analysis.whenComplete();
    assert.equal(analysis.failed, 0, analysis.lastError?.message);
    const sent = server.generationRequests().slice(before).filter(isRelationPrompt);
    await engine.dispose();
    return { relations: analysis.relations(), sent };
  }

  it('skip (the default): no chemical-disease or gene-disease prompt is sent, no such relation shown', async () => {
    const { relations, sent } = await analyse('abstract-cisplatin', ['disease', 'chemical', 'gene'], 'skip');
    assert.deepEqual(sent, []);
    assert.deepEqual(relations, []);
  });

  it('json-prompt: the same model is asked in the json layout, and every such relation is marked untrained', async () => {
    const { relations, sent } = await analyse('abstract-cisplatin', ['disease', 'chemical', 'gene'], 'json-prompt');
    assert.ok(sent.length > 0);
    assert.ok(
      sent.every((r) => r.path === '/api/chat' && r.body.model === MEDTUNED_MODEL.name),
      'json layout, same model',
    );
    assert.ok(!sent.some((r) => typeof r.body.prompt === 'string'), 'nothing untrained reaches the medtuned layout');
    assert.deepEqual(found(relations), goldOf('abstract-cisplatin'));
    assert.ok(relations.every((r) => r.untrained === true));
  });

  it('clinical pairs stay in the trained layout and are not marked, whatever the setting', async () => {
    const name = 'discharge-heart-failure';
    const { relations, sent } = await analyse(name, ['problem', 'treatment', 'test'], 'json-prompt');
    assert.ok(sent.length > 0 && sent.every((r) => r.path === '/api/generate' && r.body.raw === true));
    assert.deepEqual(found(relations), goldOf(name));
    assert.ok(relations.every((r) => r.untrained === undefined));
  });
});
