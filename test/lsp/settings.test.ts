import * as assert from 'node:assert/strict';
import { DEFAULT_ENGINE_CONFIG } from '../../server/src/engine/config';
import { analysisConfig } from '../../server/src/engine/pipeline/engine';
import { DEFAULT_SETTINGS, MAX_TIMER_MS, readSettings } from '../../server/src/lsp/settings';
import { DEFAULT_LANGUAGES } from '../../server/src/protocol/protocol';
import { resolveProfileName } from '../../server/src/engine/profiles/profile';

describe('readSettings', () => {
  it('gives the package.json defaults for no settings', () => {
    for (const raw of [undefined, null, {}]) {
      const s = readSettings(raw);
      const e = s.engine;
      assert.deepEqual(e.entityTypes, ['problem', 'treatment', 'test']);
      assert.equal(e.promptProfile, 'auto');
      assert.equal(e.model, 'hf.co/mradermacher/Llama2-MedTuned-7b-GGUF:Q4_K_M');
      assert.equal(e.ollama.host, 'http://127.0.0.1:11434');
      assert.equal(e.numCtx, 4096);
      assert.equal(e.ollama.keepAlive, '30m');
      assert.equal(e.debounceMs, 400);
      assert.equal(e.maxConcurrentRequests, 2);
      assert.equal(e.allowRemoteHost, false);
      assert.equal(e.requestTimeoutMs, 120000);
      assert.equal(e.retryIntervalMs, 5000);
      assert.equal(e.maxDocumentLength, 500000);
      assert.equal(s.trace, 'off');
      assert.deepEqual(s, DEFAULT_SETTINGS);
      assert.deepEqual(e, DEFAULT_ENGINE_CONFIG, "no settings: the engine's own defaults");
    }
  });

  it('the defaults match the defaults declared in package.json', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../../package.json');
    const props = pkg.contributes.configuration.properties;
    const d = DEFAULT_SETTINGS;
    assert.deepEqual(props['biomedNlp.languages'].default, DEFAULT_LANGUAGES);
    assert.deepEqual(props['biomedNlp.entityTypes'].default, d.engine.entityTypes);
    assert.equal(props['biomedNlp.promptProfile'].default, d.engine.promptProfile);
    assert.equal(props['biomedNlp.model'].default, d.engine.model);
    assert.equal(props['biomedNlp.ollama.host'].default, d.engine.ollama.host);
    assert.equal(props['biomedNlp.ollama.numCtx'].default, d.engine.numCtx);
    assert.equal(props['biomedNlp.ollama.keepAlive'].default, d.engine.ollama.keepAlive);
    assert.equal(props['biomedNlp.allowRemoteHost'].default, d.engine.allowRemoteHost);
    assert.equal(props['biomedNlp.debounceMs'].default, d.engine.debounceMs);
    assert.equal(props['biomedNlp.maxConcurrentRequests'].default, d.engine.maxConcurrentRequests);
    assert.equal(props['biomedNlp.requestTimeoutMs'].default, d.engine.requestTimeoutMs);
    assert.equal(props['biomedNlp.retryIntervalMs'].default, d.engine.retryIntervalMs);
    for (const key of ['debounceMs', 'requestTimeoutMs', 'retryIntervalMs']) assert.equal(props[`biomedNlp.${key}`].maximum, MAX_TIMER_MS, key);
    assert.equal(props['biomedNlp.maxDocumentLength'].default, d.engine.maxDocumentLength);
    assert.equal(props['biomedNlp.trace.server'].default, d.trace);
    assert.equal(props['biomedNlp.curation.enabled'].default, d.curation.enabled);
    assert.equal(props['biomedNlp.assertion.enabled'].default, d.engine.assertion.enabled);
    assert.equal(props['biomedNlp.assertion.extraTermsFile'].default, d.engine.assertion.extraTermsFile);
    assert.equal(props['biomedNlp.assertion.source'].default, d.engine.assertion.source);
    assert.deepEqual(props['biomedNlp.assertion.source'].enum, ['rules', 'rules+model']);
    assert.deepEqual(props['biomedNlp.linking.vocabularies'].default, d.engine.linking!.vocabularies);
    assert.equal(props['biomedNlp.deidentify.show'].default, d.deidentify.show);
    assert.equal(props['biomedNlp.deidentify.beforeRemote'].default, d.engine.deidentify!.beforeRemote);
  });

  it('linking.vocabularies: entries with a path, their string types kept (none: every type); anything else dropped', () => {
    const s = readSettings({
      linking: {
        vocabularies: [{ path: ' ~/v/medic.vocab ', types: ['problem', 3, ' disease '] }, { types: ['x'] }, 'x.vocab', { path: 'chem.vocab' }, { path: '  ' }],
      },
    });
    assert.deepEqual(s.engine.linking, {
      vocabularies: [
        { path: '~/v/medic.vocab', types: ['problem', 'disease'] },
        { path: 'chem.vocab', types: [] },
      ],
    });
    assert.deepEqual(readSettings({ linking: { vocabularies: 'medic.vocab' } }).engine.linking, { vocabularies: [] });
  });

  it('assertion settings: a wrong type or an unknown source falls back to the default', () => {
    const a = readSettings({ assertion: { enabled: 'no', extraTermsFile: 3, source: 'model' } }).engine.assertion;
    assert.deepEqual(a, { enabled: true, extraTermsFile: '', source: 'rules' });
  });

  it("reads valid values into the engine configuration and the editor's own fields", () => {
    const s = readSettings({
      languages: ['clinical-note', 'markdown'],
      entityTypes: ['disease', 'gene'],
      promptProfile: 'json',
      model: '  llama3.1:8b  ',
      ollama: { host: 'http://localhost:11434', numCtx: 8192, keepAlive: '5m' },
      embedded: { modelPath: ' /models/tiny.gguf ' },
      allowRemoteHost: true,
      debounceMs: 0,
      maxConcurrentRequests: 4,
      requestTimeoutMs: 1000,
      retryIntervalMs: 100,
      maxDocumentLength: 10,
      relations: { enabled: false, maxPairsPerSentence: 3, untrainedKinds: 'json-prompt', sentenceWindow: 2 },
      medtuned: { instructionVariant: 3 },
      nli: {
        enabled: false,
        sections: ['findings'],
        maxPremises: 2,
        embeddingModel: ' nomic-embed-text ',
        severity: { contradiction: 'error', unsupported: 'hint' },
      },
      assertion: { enabled: false, extraTermsFile: ' /terms/extra.json ', source: 'rules+model' },
      curation: { enabled: true, fewShot: 5 },
      cache: { persist: false, maxMegabytes: 64 },
      deidentify: { show: false, beforeRemote: false },
      trace: { server: 'verbose' },
    });
    assert.deepEqual(s, {
      engine: {
        engine: 'auto',
        model: 'llama3.1:8b',
        promptProfile: 'json',
        numCtx: 8192,
        ollama: { host: 'http://localhost:11434', keepAlive: '5m' },
        openai: { baseUrl: '', model: '' },
        embedded: { modelPath: '/models/tiny.gguf' },
        allowRemoteHost: true,
        deidentify: { beforeRemote: false },
        requestTimeoutMs: 1000,
        medtuned: { instructionVariant: 3 },
        entityTypes: ['disease', 'gene'],
        relations: { enabled: false, maxPairsPerSentence: 3, untrainedKinds: 'json-prompt', sentenceWindow: 2 },
        nli: { enabled: false, sections: ['findings'], maxPremises: 2, embeddingModel: 'nomic-embed-text' },
        assertion: { enabled: false, extraTermsFile: '/terms/extra.json', source: 'rules+model' },
        curation: { fewShot: 5 },
        linking: { vocabularies: [] },
        maxConcurrentRequests: 4,
        retryIntervalMs: 100,
        debounceMs: 0,
        maxDocumentLength: 10,
        cacheSize: DEFAULT_ENGINE_CONFIG.cacheSize,
      },
      severity: { contradiction: 'error', unsupported: 'hint' },
      trace: 'verbose',
      curation: { enabled: true },
      cache: { persist: false, maxMegabytes: 64 },
      deidentify: { show: false },
    });
  });

  it('the model cache: persisted by default within 256 MB; a bound below 1 MB or not a number falls back', () => {
    assert.deepEqual(readSettings({}).cache, { persist: true, maxMegabytes: 256 });
    for (const v of [0, -5, '64', null, Number.NaN]) assert.equal(readSettings({ cache: { maxMegabytes: v } }).cache.maxMegabytes, 256, String(v));
    assert.equal(readSettings({ cache: { persist: 'no' } }).cache.persist, true);
  });

  it('the instruction variant is 1-5 and the untrained relation kinds skip or json-prompt; anything else falls back', () => {
    for (const v of [0, 6, 2.5, '3', null])
      assert.equal(readSettings({ medtuned: { instructionVariant: v } }).engine.medtuned.instructionVariant, 1, String(v));
    assert.equal(readSettings({ medtuned: { instructionVariant: 5 } }).engine.medtuned.instructionVariant, 5);
    assert.equal(readSettings({ relations: { untrainedKinds: 'ask' } }).engine.relations.untrainedKinds, 'skip');
    assert.equal(readSettings({ relations: { untrainedKinds: 'json-prompt' } }).engine.relations.untrainedKinds, 'json-prompt');
  });

  it('the medtuned profile asks the configured variant; json-prompt gives untrained pairs the json layout, never under json itself', () => {
    const medtuned = 'llama2-medtuned:7b';
    const a = analysisConfig(readSettings({ medtuned: { instructionVariant: 4 } }).engine, medtuned);
    assert.equal(a.profile.name, 'medtuned');
    assert.match(a.profile.promptVersion, /:v4:/);
    assert.equal(a.relations?.untrainedLayout, undefined, 'skip by default');
    const b = analysisConfig(readSettings({ relations: { untrainedKinds: 'json-prompt' } }).engine, medtuned);
    assert.equal(b.relations?.untrainedLayout?.name, 'json');
    const c = analysisConfig(readSettings({ relations: { untrainedKinds: 'json-prompt' } }).engine, 'llama3.1:8b');
    assert.equal(c.profile.name, 'json');
    assert.equal(c.relations?.untrainedLayout, undefined, 'the json layout asks every kind itself');
  });

  it('curation.fewShot is a whole number 0-10 (default 3); anything else falls back or is capped', () => {
    assert.equal(DEFAULT_SETTINGS.engine.curation?.fewShot, 3);
    assert.equal(readSettings({ curation: { fewShot: 0 } }).engine.curation?.fewShot, 0);
    assert.equal(readSettings({ curation: { fewShot: 4.7 } }).engine.curation?.fewShot, 4);
    assert.equal(readSettings({ curation: { fewShot: 50 } }).engine.curation?.fewShot, 10);
    for (const v of [-1, '3', null, NaN]) assert.equal(readSettings({ curation: { fewShot: v } }).engine.curation?.fewShot, 3, String(v));
  });

  it('the NLI premise budget follows biomedNlp.ollama.numCtx', () => {
    const s = readSettings({ ollama: { numCtx: 1024 } });
    assert.equal(analysisConfig(s.engine, 'llama3.1:8b').nli?.budgetChars, 2048);
    assert.equal(analysisConfig(DEFAULT_SETTINGS.engine, 'llama3.1:8b').nli?.budgetChars, 8192);
  });

  it('entity types in any case are read; a list with no type this project knows falls back to the defaults; [] is none', () => {
    assert.deepEqual(readSettings({ entityTypes: ['Problem', ' TREATMENT ', 'bogus'] }).engine.entityTypes, ['problem', 'treatment']);
    assert.deepEqual(readSettings({ entityTypes: ['bogus', 7, null] }).engine.entityTypes, DEFAULT_SETTINGS.engine.entityTypes);
    assert.deepEqual(readSettings({ entityTypes: [] }).engine.entityTypes, []);
  });

  it('milliseconds past what a timer can wait (2^31 - 1) are read as that longest wait, not as "at once"', () => {
    const e = readSettings({ requestTimeoutMs: 3e9, debounceMs: 3e9, retryIntervalMs: 1e12 }).engine;
    assert.deepEqual([e.requestTimeoutMs, e.debounceMs, e.retryIntervalMs], [MAX_TIMER_MS, MAX_TIMER_MS, MAX_TIMER_MS]);
  });

  it('wrong types fall back to the defaults', () => {
    const s = readSettings({
      languages: 'clinical-note',
      entityTypes: 'problem',
      promptProfile: 42,
      model: 7,
      ollama: { host: false, numCtx: '4096', keepAlive: 30 },
      allowRemoteHost: 'true',
      debounceMs: '400',
      maxConcurrentRequests: null,
      requestTimeoutMs: {},
      retryIntervalMs: [],
      maxDocumentLength: true,
      trace: 'verbose',
    });
    assert.deepEqual(s, DEFAULT_SETTINGS);
  });

  it('an ollama value that is not an object falls back entirely', () => {
    const s = readSettings({ ollama: null });
    assert.deepEqual(s.engine.ollama, DEFAULT_SETTINGS.engine.ollama);
    assert.equal(s.engine.numCtx, DEFAULT_SETTINGS.engine.numCtx);
  });

  it('out-of-range and non-finite numbers fall back', () => {
    const s = readSettings({
      ollama: { numCtx: 100 },
      debounceMs: -1,
      maxConcurrentRequests: 0,
      requestTimeoutMs: 50,
      retryIntervalMs: Number.NaN,
      maxDocumentLength: Number.POSITIVE_INFINITY,
    }).engine;
    assert.equal(s.numCtx, 4096);
    assert.equal(s.debounceMs, 400);
    assert.equal(s.maxConcurrentRequests, 2);
    assert.equal(s.requestTimeoutMs, 120000);
    assert.equal(s.retryIntervalMs, 5000);
    assert.equal(s.maxDocumentLength, 500000);
  });

  it('maxConcurrentRequests is a whole number', () => {
    assert.equal(readSettings({ maxConcurrentRequests: 3.7 }).engine.maxConcurrentRequests, 3);
  });

  it('blank strings fall back', () => {
    const s = readSettings({ model: '   ', ollama: { host: '' } });
    assert.equal(s.engine.model, DEFAULT_SETTINGS.engine.model);
    assert.equal(s.engine.ollama.host, DEFAULT_SETTINGS.engine.ollama.host);
  });

  it('unknown entity types are filtered out, duplicates removed, order kept', () => {
    assert.deepEqual(readSettings({ entityTypes: ['gene', 'PROBLEM', 'symptom', 3, 'problem', 'gene', null] }).engine.entityTypes, ['gene', 'problem']);
    assert.deepEqual(readSettings({ entityTypes: [] }).engine.entityTypes, []);
  });

  it('an unknown prompt profile falls back to auto', () => {
    assert.equal(readSettings({ promptProfile: 'alpaca' }).engine.promptProfile, 'auto');
    assert.equal(readSettings({ promptProfile: 'medtuned' }).engine.promptProfile, 'medtuned');
  });

  it('trace is off unless messages or verbose', () => {
    assert.equal(readSettings({ trace: { server: 'messages' } }).trace, 'messages');
    assert.equal(readSettings({ trace: { server: 'everything' } }).trace, 'off');
  });

  it('does not share the default arrays with callers', () => {
    const s = readSettings({});
    s.engine.entityTypes.push('gene');
    s.engine.nli.sections.push('findings');
    assert.deepEqual(DEFAULT_SETTINGS.engine.entityTypes, ['problem', 'treatment', 'test']);
    assert.deepEqual(readSettings({}).engine.entityTypes, ['problem', 'treatment', 'test']);
    assert.ok(!readSettings({}).engine.nli.sections.includes('findings'));
  });
});

describe('resolveProfileName', () => {
  it('auto picks medtuned for a model whose name contains MedTuned, in any case', () => {
    assert.equal(resolveProfileName('auto', 'hf.co/mradermacher/Llama2-MedTuned-7b-GGUF:Q4_K_M'), 'medtuned');
    assert.equal(resolveProfileName('auto', 'llama2-medtuned:13b'), 'medtuned');
    assert.equal(resolveProfileName('auto', 'MEDTUNED'), 'medtuned');
  });

  it('auto picks json for any other model', () => {
    assert.equal(resolveProfileName('auto', 'llama3.1:8b'), 'json');
    assert.equal(resolveProfileName('auto', 'qwen2.5:7b-instruct'), 'json');
    assert.equal(resolveProfileName('auto', 'medgemma:4b'), 'json');
    assert.equal(resolveProfileName('auto', 'med-tuned'), 'json');
  });

  it('an explicit setting wins over the model name', () => {
    assert.equal(resolveProfileName('json', 'Llama2-MedTuned-7b'), 'json');
    assert.equal(resolveProfileName('medtuned', 'llama3.1:8b'), 'medtuned');
  });
});
