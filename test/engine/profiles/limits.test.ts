/**
 * Prompts fit the context: numPredict is capped to numCtx minus the estimated prompt, a
 * sentence too long for the context is split by segmentation, and no request the test
 * server receives has prompt + num_predict over num_ctx (engine over HTTP, numCtx 512).
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ENGINE_CONFIG, EngineConfig, maxSentenceChars } from '../../../server/src/engine/config';
import { createEngine } from '../../../server/src/engine/pipeline/engine';
import { fitToContext, maxSentenceCharsFor, requestPromptTokens } from '../../../server/src/engine/profiles/limits';
import { JsonProfile } from '../../../server/src/engine/profiles/json';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { ModelError, ModelRequest } from '../../../server/src/engine/types';
import { estimatePromptTokens, LLAMA31_MODEL, MEDTUNED_MODEL, OllamaTestServer, RecordedRequest } from '../../support/ollamaServer';
import { FAIL_ON_BUG } from '../../support/engine';

const group = { id: 'clinical', types: ['problem', 'treatment', 'test'] as const };

function words(n: number): string {
  const vocab = ['patient', 'reports', 'worsening', 'dyspnea', 'and', 'edema', 'hydrochlorothiazide', 'x'];
  return Array.from({ length: n }, (_, i) => vocab[i % vocab.length] + (i % 5 === 0 ? String(i) : '')).join(' ');
}

describe('context limits', () => {
  it('the sentence limit follows numCtx and leaves room for the medtuned NER answer', () => {
    assert.equal(maxSentenceChars({ numCtx: 4096 }), 1258);
    assert.equal(maxSentenceChars({ numCtx: 512 }), 64);
    assert.equal(maxSentenceCharsFor(256), 64);
    // A sentence at the limit under the default context gets its whole answer budget.
    const sentence = words(400).slice(0, maxSentenceChars({ numCtx: 4096 }));
    const capped = new MedtunedProfile({ numCtx: 4096 }).nerRequest(sentence, { ...group, types: [...group.types] });
    const free = new MedtunedProfile().nerRequest(sentence, { ...group, types: [...group.types] });
    assert.equal(capped.numPredict, free.numPredict, 'not cut under the default context');
    assert.ok(requestPromptTokens(capped) + capped.numPredict <= 4096);
  });

  it('numPredict is capped to numCtx minus the prompt, in both layouts and every task', () => {
    const sentence = words(60);
    for (const profile of [new MedtunedProfile({ numCtx: 512 }), new JsonProfile({ numCtx: 512 })]) {
      const requests: ModelRequest[] = [
        profile.nerRequest(sentence, { ...group, types: [...group.types] }),
        profile.nliRequest(sentence, 'Patient has edema.'),
      ];
      for (const r of requests) {
        assert.ok(r.numPredict >= 8, `${profile.name}: some room is left`);
        assert.ok(requestPromptTokens(r) + r.numPredict <= 512, `${profile.name} ${r.kind}: ${requestPromptTokens(r)} + ${r.numPredict}`);
      }
    }
  });

  it('the medtuned prompt text is not changed by the cap', () => {
    const s = 'Patient with chest pain.';
    const a = new MedtunedProfile({ numCtx: 512 }).nerRequest(s, { ...group, types: [...group.types] });
    const b = new MedtunedProfile().nerRequest(s, { ...group, types: [...group.types] });
    assert.equal(a.kind === 'generate' && a.prompt, b.kind === 'generate' && b.prompt);
  });

  it('a prompt that leaves no room for an answer is not sent: a ModelError says so', () => {
    const request: ModelRequest = { kind: 'generate', prompt: 'x'.repeat(3000), raw: true, stop: [], numPredict: 16 };
    assert.throws(
      () => fitToContext(request, 512),
      (e: unknown) => e instanceof ModelError && /no room/.test(e.message),
    );
    assert.equal(fitToContext(request, undefined), request);
  });

  describe('through the engine with numCtx 512', function () {
    this.timeout(60_000);
    let server: OllamaTestServer;
    before(async () => {
      server = await OllamaTestServer.start({});
    });
    after(async () => server.stop());

    for (const model of [MEDTUNED_MODEL.name, LLAMA31_MODEL.name]) {
      it(`${model}: no request has prompt + num_predict over num_ctx, a 30,000-character line included`, async () => {
        const config: EngineConfig = {
          ...DEFAULT_ENGINE_CONFIG,
          engine: 'ollama',
          model,
          numCtx: 512,
          ollama: { host: server.url, keepAlive: '5m' },
          relations: { ...DEFAULT_ENGINE_CONFIG.relations, enabled: false },
        };
        const text = `HISTORY:\n${words(4000)}\nAssessment:\nPatient has edema and dyspnea.\n`;
        assert.ok(text.length > 30_000);
        const engine = createEngine(config);
        const before = server.generationRequests().length;
        const analysis = engine.analyse('long', text, await engine.analysisConfig(), FAIL_ON_BUG);
        assert.ok(analysis.sentences.every((s) => s.text.length <= 64));
        analysis.start();
        await analysis.whenComplete();
        await engine.dispose();
        const sent: RecordedRequest[] = server.generationRequests().slice(before);
        assert.ok(sent.length > 400, `every piece was asked (${sent.length})`);
        assert.ok(analysis.isComplete);
        for (const r of sent) {
          const b = r.body;
          assert.equal(b.options.num_ctx, 512);
          const prompt = b.prompt ?? b.messages.map((m: { content: string }) => m.content).join('');
          const total = estimatePromptTokens(prompt) + b.options.num_predict;
          assert.ok(total <= 512, `prompt ${estimatePromptTokens(prompt)} + num_predict ${b.options.num_predict} > 512`);
        }
        assert.equal(analysis.failed, 0, analysis.lastError?.message);
      });
    }
  });
});
