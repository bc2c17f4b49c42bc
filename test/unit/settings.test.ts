import * as assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, readSettings } from '../../server/src/lsp/settings';
import { resolveProfileName } from '../../server/src/engine/profiles/profile';

describe('readSettings', () => {
  it('gives the package.json defaults for no settings', () => {
    for (const raw of [undefined, null, {}]) {
      const s = readSettings(raw);
      assert.deepEqual(s.languages, ['clinical-note']);
      assert.deepEqual(s.entityTypes, ['problem', 'treatment', 'test']);
      assert.equal(s.promptProfile, 'auto');
      assert.equal(s.model, 'hf.co/mradermacher/Llama2-MedTuned-7b-GGUF:Q4_K_M');
      assert.equal(s.ollama.host, 'http://127.0.0.1:11434');
      assert.equal(s.ollama.numCtx, 4096);
      assert.equal(s.ollama.keepAlive, '30m');
      assert.equal(s.debounceMs, 400);
      assert.equal(s.maxConcurrentRequests, 2);
      assert.equal(s.allowRemoteHost, false);
      assert.equal(s.requestTimeoutMs, 120000);
      assert.equal(s.retryIntervalMs, 5000);
      assert.equal(s.maxDocumentLength, 500000);
      assert.equal(s.trace, 'off');
      assert.deepEqual(s, DEFAULT_SETTINGS);
    }
  });

  it('the defaults match the defaults declared in package.json', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../../package.json');
    const props = pkg.contributes.configuration.properties;
    const d = DEFAULT_SETTINGS;
    assert.deepEqual(props['biomedNlp.languages'].default, d.languages);
    assert.deepEqual(props['biomedNlp.entityTypes'].default, d.entityTypes);
    assert.equal(props['biomedNlp.promptProfile'].default, d.promptProfile);
    assert.equal(props['biomedNlp.model'].default, d.model);
    assert.equal(props['biomedNlp.ollama.host'].default, d.ollama.host);
    assert.equal(props['biomedNlp.ollama.numCtx'].default, d.ollama.numCtx);
    assert.equal(props['biomedNlp.ollama.keepAlive'].default, d.ollama.keepAlive);
    assert.equal(props['biomedNlp.allowRemoteHost'].default, d.allowRemoteHost);
    assert.equal(props['biomedNlp.debounceMs'].default, d.debounceMs);
    assert.equal(props['biomedNlp.maxConcurrentRequests'].default, d.maxConcurrentRequests);
    assert.equal(props['biomedNlp.requestTimeoutMs'].default, d.requestTimeoutMs);
    assert.equal(props['biomedNlp.retryIntervalMs'].default, d.retryIntervalMs);
    assert.equal(props['biomedNlp.maxDocumentLength'].default, d.maxDocumentLength);
    assert.equal(props['biomedNlp.trace.server'].default, d.trace);
  });

  it('reads valid values', () => {
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
      relations: { enabled: false, maxPairsPerSentence: 3 },
      nli: { enabled: false, sections: ['findings'], maxPremises: 2, severity: { contradiction: 'error', unsupported: 'hint' } },
      trace: { server: 'verbose' },
    });
    assert.deepEqual(s, {
      languages: ['clinical-note', 'markdown'],
      entityTypes: ['disease', 'gene'],
      promptProfile: 'json',
      model: 'llama3.1:8b',
      ollama: { host: 'http://localhost:11434', numCtx: 8192, keepAlive: '5m' },
      engine: 'auto',
      openai: { baseUrl: '', model: '' },
      embedded: { modelPath: '/models/tiny.gguf' },
      allowRemoteHost: true,
      debounceMs: 0,
      maxConcurrentRequests: 4,
      requestTimeoutMs: 1000,
      retryIntervalMs: 100,
      maxDocumentLength: 10,
      relations: { enabled: false, maxPairsPerSentence: 3 },
      nli: { enabled: false, sections: ['findings'], maxPremises: 2, severity: { contradiction: 'error', unsupported: 'hint' } },
      trace: 'verbose',
    });
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
    assert.deepEqual(readSettings({ ollama: null }).ollama, DEFAULT_SETTINGS.ollama);
  });

  it('out-of-range and non-finite numbers fall back', () => {
    const s = readSettings({
      ollama: { numCtx: 100 },
      debounceMs: -1,
      maxConcurrentRequests: 0,
      requestTimeoutMs: 50,
      retryIntervalMs: Number.NaN,
      maxDocumentLength: Number.POSITIVE_INFINITY,
    });
    assert.equal(s.ollama.numCtx, 4096);
    assert.equal(s.debounceMs, 400);
    assert.equal(s.maxConcurrentRequests, 2);
    assert.equal(s.requestTimeoutMs, 120000);
    assert.equal(s.retryIntervalMs, 5000);
    assert.equal(s.maxDocumentLength, 500000);
  });

  it('maxConcurrentRequests is a whole number', () => {
    assert.equal(readSettings({ maxConcurrentRequests: 3.7 }).maxConcurrentRequests, 3);
  });

  it('blank strings fall back', () => {
    const s = readSettings({ model: '   ', ollama: { host: '' } });
    assert.equal(s.model, DEFAULT_SETTINGS.model);
    assert.equal(s.ollama.host, DEFAULT_SETTINGS.ollama.host);
  });

  it('unknown entity types are filtered out, duplicates removed, order kept', () => {
    assert.deepEqual(readSettings({ entityTypes: ['gene', 'PROBLEM', 'symptom', 3, 'problem', 'gene', null] }).entityTypes, ['gene', 'problem']);
    assert.deepEqual(readSettings({ entityTypes: [] }).entityTypes, []);
  });

  it('non-string languages are filtered out', () => {
    assert.deepEqual(readSettings({ languages: ['markdown', 1, null, 'plaintext'] }).languages, ['markdown', 'plaintext']);
  });

  it('an unknown prompt profile falls back to auto', () => {
    assert.equal(readSettings({ promptProfile: 'alpaca' }).promptProfile, 'auto');
    assert.equal(readSettings({ promptProfile: 'medtuned' }).promptProfile, 'medtuned');
  });

  it('trace is off unless messages or verbose', () => {
    assert.equal(readSettings({ trace: { server: 'messages' } }).trace, 'messages');
    assert.equal(readSettings({ trace: { server: 'everything' } }).trace, 'off');
  });

  it('does not share the default arrays with callers', () => {
    const s = readSettings({});
    s.entityTypes.push('gene');
    assert.deepEqual(DEFAULT_SETTINGS.entityTypes, ['problem', 'treatment', 'test']);
    assert.deepEqual(readSettings({}).entityTypes, ['problem', 'treatment', 'test']);
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
