/**
 * The command line's flags map into the same engine configuration as the editor's
 * settings: one type, one set of defaults, one derivation of what follows from them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliEngine, CORPUS_CACHE_SIZE, CORPUS_FEATURE_CAPACITY, engineConfigFromFlags } from '../../server/src/cli/engineOptions';
import { UsageError } from '../../server/src/cli/args';
import { DEFAULT_ENGINE_CONFIG } from '../../server/src/engine/config';
import { DEFAULT_MODEL_FILE } from '../../server/src/engine/models/embedded/download';
import { analysisConfig } from '../../server/src/engine/pipeline/engine';
import { FallbackBackend, selectBackend } from '../../server/src/engine/models/select';
import { EmbeddedRuntime } from '../../server/src/engine/models/embedded/runtime';
import { readSettings } from '../../server/src/lsp/settings';

const HELP = 'help';
const flags = (values: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) => engineConfigFromFlags(values, HELP, env);

describe('CLI flags -> engine configuration', () => {
  it('no flags: the engine defaults the editor uses, auto from Ollama at the default host', () => {
    const { config, download } = flags({}, { BIOMED_NLP_CACHE: fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-nocache-')) });
    assert.equal(download, false);
    for (const key of [
      'model',
      'promptProfile',
      'numCtx',
      'ollama',
      'entityTypes',
      'relations',
      'nli',
      'maxConcurrentRequests',
      'requestTimeoutMs',
      'allowRemoteHost',
    ] as const) {
      assert.deepEqual(config[key], DEFAULT_ENGINE_CONFIG[key], key);
    }
    assert.equal(config.engine, 'auto');
    assert.deepEqual(config.embedded, { modelPath: '' }, 'no model on disk: auto has no embedded engine to fall back on');
    assert.equal(config.openai.baseUrl, '');
  });

  it('auto falls back on what is configured: $BIOMED_OPENAI_BASE_URL, the default embedded model when it is on disk', () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-cache-'));
    try {
      fs.writeFileSync(path.join(cache, DEFAULT_MODEL_FILE), 'GGUF');
      const env = { BIOMED_NLP_CACHE: cache, BIOMED_OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' };
      const auto = flags({}, env).config;
      assert.equal(auto.engine, 'auto');
      assert.equal(auto.openai.baseUrl, 'http://127.0.0.1:8000/v1');
      assert.equal(auto.embedded.modelPath, path.join(cache, DEFAULT_MODEL_FILE));
      const backend = selectBackend(auto, () => new EmbeddedRuntime());
      assert.ok(backend instanceof FallbackBackend);
      assert.deepEqual(
        backend.members().map((m) => m.serving().engine),
        ['ollama', 'openai', 'embedded'],
      );
      // An explicit engine is as before: Ollama alone, whatever the environment names.
      const ollama = flags({ engine: 'ollama' }, env).config;
      assert.equal(ollama.openai.baseUrl, '');
      assert.equal(ollama.embedded.modelPath, '');
      assert.equal(flags({ engine: 'openai' }, env).config.openai.baseUrl, 'http://127.0.0.1:8000/v1');
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });

  it('the same context length gives the same NLI premise budget in the CLI and the editor', () => {
    for (const numCtx of [1024, 4096, 16384]) {
      const cli = analysisConfig(flags({ 'num-ctx': String(numCtx) }).config, 'llama3.1:8b');
      const editor = analysisConfig(readSettings({ ollama: { numCtx } }).engine, 'llama3.1:8b');
      assert.equal(cli.nli?.budgetChars, numCtx * 2);
      assert.deepEqual(cli.nli, editor.nli);
    }
  });

  it('the engine follows the flags given: --base-url openai, --model-path embedded, --engine auto', () => {
    assert.equal(flags({ 'base-url': 'http://127.0.0.1:8000/v1' }).config.engine, 'openai');
    const embedded = flags({ 'model-path': 'models/x.gguf' }).config;
    assert.equal(embedded.engine, 'embedded');
    assert.equal(embedded.embedded.modelPath, path.resolve('models/x.gguf'));
    const download = flags({ download: true }, { BIOMED_NLP_CACHE: '/tmp/biomed-cache' });
    assert.equal(download.download, true);
    assert.equal(download.config.embedded.modelPath, path.join('/tmp/biomed-cache', 'Llama2-MedTuned-7b.Q4_K_M.gguf'));

    const auto = flags({ engine: 'auto', host: 'http://127.0.0.1:9', 'base-url': 'http://127.0.0.1:8000/v1', 'model-path': 'x.gguf' }).config;
    let runtimes = 0;
    const backend = selectBackend(auto, () => (runtimes++, new EmbeddedRuntime()));
    assert.ok(backend instanceof FallbackBackend);
    assert.deepEqual(
      backend.members().map((m) => m.serving()),
      [
        { engine: 'ollama', host: 'http://127.0.0.1:9', model: DEFAULT_ENGINE_CONFIG.model },
        { engine: 'openai', host: 'http://127.0.0.1:8000/v1', model: DEFAULT_ENGINE_CONFIG.model },
        { engine: 'embedded', host: 'this process (node-llama-cpp)', model: path.resolve('x.gguf') },
      ],
    );
    assert.equal(runtimes, 1);
  });

  it('OLLAMA_HOST is the default host; --host wins; the API key comes from the environment', () => {
    assert.equal(flags({}, { OLLAMA_HOST: '127.0.0.1:5555' }).config.ollama.host, 'http://127.0.0.1:5555');
    assert.equal(flags({ host: 'http://localhost:7' }, { OLLAMA_HOST: '127.0.0.1:5555' }).config.ollama.host, 'http://localhost:7');
    assert.equal(flags({ 'base-url': 'http://127.0.0.1:8000/v1' }, { OPENAI_API_KEY: 'k' }).config.openai.apiKey, 'k');
  });

  it('contradictory or wrong flags are usage errors', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ engine: 'vllm' }, /--engine must be/],
      [{ engine: 'openai' }, /needs --base-url/],
      [{ engine: 'ollama', 'model-path': 'x.gguf' }, /--model-path and --download are for --engine embedded/],
      [{ engine: 'embedded', host: 'http://127.0.0.1:1' }, /the embedded engine runs in this process/],
      [{ engine: 'embedded', model: 'x' }, /--model names a model a server serves/],
      [{ 'model-path': 'x.gguf', download: true }, /either --download or --model-path/],
      [{ concurrency: '0' }, /--concurrency must be a whole number of at least 1/],
      [{ 'num-ctx': 'lots' }, /--num-ctx must be a whole number/],
      [{ profile: 'alpaca' }, /--profile must be medtuned, json or auto/],
      // auto sends notes to every server it may choose: each is checked.
      [{ engine: 'auto', 'base-url': 'http://10.1.2.3:8000/v1' }, /--allow-remote-host/],
    ];
    for (const [values, message] of cases) {
      assert.throws(
        () => flags(values),
        (err: unknown) => err instanceof UsageError && message.test(err.message),
        JSON.stringify(values),
      );
    }
    assert.equal(flags({ engine: 'auto', 'base-url': 'http://10.1.2.3:8000/v1', 'allow-remote-host': true }).config.allowRemoteHost, true);
  });

  it('a corpus run (annotate) bounds its caches by what is near, not by the corpus', async () => {
    const values = { 'base-url': 'http://127.0.0.1:8000/v1' };
    const other = cliEngine(values, HELP);
    const corpus = cliEngine(values, HELP, { corpus: true });
    try {
      assert.equal(other.config.cacheSize, 50_000);
      assert.equal(corpus.config.cacheSize, CORPUS_CACHE_SIZE);
      assert.equal(corpus.engine.ctx.cache.capacity, CORPUS_CACHE_SIZE);
      // Only the answer bound differs: the same server, model and questions.
      const { featureCapacity, ...rest } = corpus.config;
      assert.equal(featureCapacity, CORPUS_FEATURE_CAPACITY);
      assert.deepEqual({ ...rest, cacheSize: 0 }, { ...other.config, cacheSize: 0 });
      // Per-text features likewise: a bounded memo of what recurs nearby.
      assert.equal(corpus.engine.ctx.features?.capacity, CORPUS_FEATURE_CAPACITY);
      assert.ok(
        other.engine.ctx.features === undefined || other.engine.ctx.features.capacity > CORPUS_FEATURE_CAPACITY,
        'other commands keep the engine default',
      );
    } finally {
      await other.dispose();
      await corpus.dispose();
    }
  });
});
