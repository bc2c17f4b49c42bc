/**
 * The embedded engine on the real node-llama-cpp (llama.cpp's prebuilt CPU binary), with a
 * tiny llama model this test writes itself (test/support/ggufWriter.ts): random weights, so
 * what it says is noise, and the engine must turn noise into nothing false. Nothing is
 * mocked: requests go through EmbeddedBackend into llama.cpp, the CLI and the language
 * server run as the bundles in dist/, and downloads go over HTTP to a server on 127.0.0.1.
 * Each EmbeddedRuntime is its own llama.cpp runtime: two of them, side by side, share nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnalysisConfig, DocumentAnalysis } from '../../../server/src/engine/pipeline/analysis';
import { LruCache } from '../../../server/src/engine/pipeline/cache';
import { EngineContext, newStats } from '../../../server/src/engine/pipeline/modelCall';
import { EmbeddedBackend, EmbeddedSettings } from '../../../server/src/engine/models/embedded/backend';
import { DEFAULT_MODEL_FILE, DEFAULT_MODEL_URL, DownloadError, downloadModel } from '../../../server/src/engine/models/embedded/download';
import { EmbeddedRuntime, NODE_LLAMA_CPP_VERSION, NOT_INSTALLED_MESSAGE } from '../../../server/src/engine/models/embedded/runtime';
import { FallbackBackend, selectBackend } from '../../../server/src/engine/models/select';
import { DEFAULT_ENGINE_CONFIG } from '../../../server/src/engine/config';
import { JsonProfile, nerSchema } from '../../../server/src/engine/profiles/json';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { Profile } from '../../../server/src/engine/profiles/profile';
import { Scheduler } from '../../../server/src/engine/pipeline/scheduler';
import { CLINICAL_TYPES, EntityType, ModelError, ModelRequest } from '../../../server/src/engine/types';
import { tinyLlamaGguf, writeTinyLlamaGguf } from '../../support/ggufWriter';
import { LspTestClient, waitFor } from '../../support/lspClient';
import { CLI, ensureCliBuilt, ROOT, runCli } from '../../support/cli';

const SENTENCE = 'The patient denies chest pain and was given aspirin for fever.';
const NOTE = `${SENTENCE}\nHistory of fever, treated with aspirin.\n\nAssessment:\nNo chest pain today.\n`;

function tmpDir(prefix = 'biomed-embedded-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A small JSON-schema check, for the subset the profiles use: object, array, string, enum, required. */
function validate(value: unknown, schema: Record<string, unknown>, at = '$'): string[] {
  const errors: string[] = [];
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: not an object`];
      const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const key of (schema.required ?? []) as string[]) if (!(key in value)) errors.push(`${at}: "${key}" is missing`);
      for (const [key, v] of Object.entries(value)) {
        if (props[key]) errors.push(...validate(v, props[key], `${at}.${key}`));
        else if (schema.additionalProperties === false) errors.push(`${at}: unexpected "${key}"`);
      }
      break;
    }
    case 'array':
      if (!Array.isArray(value)) return [`${at}: not an array`];
      value.forEach((v, i) => errors.push(...validate(v, schema.items as Record<string, unknown>, `${at}[${i}]`)));
      break;
    case 'string':
      if (typeof value !== 'string') errors.push(`${at}: not a string`);
      break;
  }
  return errors;
}

function context(backend: EngineContext['backend']): EngineContext {
  return { backend, scheduler: new Scheduler(2), cache: new LruCache<unknown>(1000), stats: newStats() };
}

async function analyse(backend: EngineContext['backend'], model: string, profile: Profile, text: string): Promise<DocumentAnalysis> {
  const config: AnalysisConfig = {
    model,
    profile,
    entityTypes: CLINICAL_TYPES,
    relations: { enabled: true, maxPairsPerSentence: 4 },
    nli: { enabled: true, sections: ['assessment'], maxPremises: 2, budgetChars: 2000 },
  };
  const analysis = new DocumentAnalysis('file:///embedded.note', 1, text, config, context(backend));
  analysis.start();
  await analysis.whenComplete();
  return analysis;
}

async function rejectsWith(promise: Promise<unknown>, kind: string, message?: RegExp): Promise<ModelError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ModelError, `a ModelError, not ${err}`);
    assert.equal(err.kind, kind, err.message);
    if (message) assert.match(err.message, message);
    return err;
  }
  assert.fail(`expected a ModelError of kind ${kind}`);
}

const chatRequest = (sentence: string): ModelRequest => {
  const profile = new JsonProfile();
  const groups = profile.nerGroups(CLINICAL_TYPES);
  return profile.nerRequest(sentence, groups[0]);
};

describe('embedded engine (node-llama-cpp, a tiny GGUF written by the test)', function () {
  this.timeout(120_000);
  let dir: string;
  let modelFile: string;
  let runtime: EmbeddedRuntime;

  before(() => {
    dir = tmpDir();
    modelFile = path.join(dir, 'tiny-llama.gguf');
    writeTinyLlamaGguf(modelFile, { seed: 2 });
    runtime = new EmbeddedRuntime();
  });
  after(async () => {
    await runtime.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const settings = (overrides: Partial<EmbeddedSettings> = {}): EmbeddedSettings => ({
    modelPath: modelFile,
    contextSize: 1024,
    requestTimeoutMs: 60_000,
    gpu: false,
    ...overrides,
  });
  const backend = (overrides: Partial<EmbeddedSettings> = {}, on: EmbeddedRuntime = runtime) => new EmbeddedBackend(settings(overrides), on);

  describe('the GGUF writer', () => {
    it('writes GGUF v3 with ne0-first shapes, 32-byte aligned data and a byte-covering vocabulary', () => {
      const m = tinyLlamaGguf({ seed: 3 });
      assert.equal(m.bytes.toString('latin1', 0, 4), 'GGUF');
      assert.equal(m.bytes.readUInt32LE(4), 3);
      assert.equal(m.metadata['general.architecture'], 'llama');
      assert.equal(m.bytes.length % 32, 0);
      const vocab = m.tokens.length;
      assert.deepEqual(m.tensors.find((t) => t.name === 'token_embd.weight')!.shape, [64, vocab]);
      assert.deepEqual(m.tensors.find((t) => t.name === 'blk.0.ffn_down.weight')!.shape, [128, 64]);
      assert.deepEqual(m.tensors.find((t) => t.name === 'blk.1.attn_k.weight')!.shape, [64, 32]);
      for (let b = 0; b < 256; b++) assert.ok(m.tokens.includes(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`));
      assert.deepEqual(m.tokens.slice(0, 3), ['<unk>', '<s>', '</s>']);
      assert.deepEqual(tinyLlamaGguf({ seed: 3 }).bytes, m.bytes, 'the same seed writes the same file');
    });
  });

  describe('requests', () => {
    it('a chat request with the NER schema answers JSON that is valid under the schema', async () => {
      const b = backend();
      const probe = await b.probe();
      assert.deepEqual({ reachable: probe.reachable, modelPresent: probe.modelPresent }, { reachable: true, modelPresent: true });
      const request = chatRequest(SENTENCE);
      assert.equal(request.kind, 'chat');
      const schema = nerSchema(CLINICAL_TYPES);
      if (request.kind === 'chat') assert.deepEqual(request.format, schema);
      for (const sentence of [SENTENCE, 'Aspirin was given for fever.', 'No chest pain.']) {
        const answer = await b.generate(chatRequest(sentence), new AbortController().signal);
        assert.equal(answer.doneReason, 'stop', `not cut by numPredict: ${answer.text}`);
        const parsed = JSON.parse(answer.text);
        assert.deepEqual(validate(parsed, schema as Record<string, unknown>), [], answer.text);
        assert.ok(answer.evalTokens > 0 && answer.promptTokens > 0, JSON.stringify(answer));
      }
    });

    it('a raw generate request stops at numPredict or a stop string, which it leaves out', async () => {
      const b = backend();
      const cut = await b.generate({ kind: 'generate', prompt: 'the patient denies', raw: true, stop: [], numPredict: 12 }, new AbortController().signal);
      assert.equal(cut.doneReason, 'length');
      assert.equal(cut.evalTokens, 12);
      const stopped = await b.generate(
        { kind: 'generate', prompt: 'the patient denies', raw: true, stop: ['}'], numPredict: 200 },
        new AbortController().signal,
      );
      assert.equal(stopped.doneReason, 'stop');
      assert.ok(!stopped.text.includes('}'), stopped.text);
      assert.ok(stopped.evalTokens < 200);
    });

    it('says what serves: the engine, this process and the GGUF file (expanded from ~)', () => {
      assert.deepEqual(backend().serving(), { engine: 'embedded', host: 'this process (node-llama-cpp)', model: modelFile });
      assert.deepEqual(backend({ modelPath: '' }).serving(), { engine: 'embedded', host: 'this process (node-llama-cpp)', model: '(no GGUF file set)' });
      assert.equal(backend({ modelPath: '~/models/x.gguf' }).serving().model, path.join(os.homedir(), 'models', 'x.gguf'));
      assert.equal(backend().description, 'tiny-llama.gguf in the embedded engine');
    });

    it('answers the same request the same way (greedy decoding)', async () => {
      const b = backend();
      const request = chatRequest('History of fever, treated with aspirin.');
      const first = await b.generate(request, new AbortController().signal);
      const second = await b.generate(request, new AbortController().signal);
      assert.equal(second.text, first.text);
    });
  });

  describe('document analysis end to end', () => {
    for (const [name, profile] of [
      ['json', new JsonProfile()],
      ['medtuned', new MedtunedProfile()],
    ] as const) {
      it(`the ${name} profile: no failure, and every entity shown is exactly the text at its offsets`, async () => {
        const analysis = await analyse(backend(), modelFile, profile, NOTE);
        assert.equal(analysis.failed, 0, analysis.lastError?.message);
        assert.ok(analysis.isComplete);
        assert.equal(analysis.sentencesDone(), analysis.sentences.length);
        for (const e of analysis.entities()) {
          assert.equal(NOTE.slice(e.start, e.end), e.text, JSON.stringify(e));
          assert.ok((CLINICAL_TYPES as readonly EntityType[]).includes(e.type), e.type);
        }
        for (const r of analysis.relations()) {
          assert.equal(NOTE.slice(r.head.start, r.head.end), r.head.text);
          assert.equal(NOTE.slice(r.tail.start, r.tail.end), r.tail.text);
        }
      });
    }
  });

  describe('cancellation', () => {
    const endless: ModelRequest = { kind: 'generate', prompt: 'the patient', raw: true, stop: [], numPredict: 1_000_000 };

    it('an abort mid-generation rejects with "cancelled" at once', async () => {
      const b = backend();
      await b.generate({ ...endless, numPredict: 1 }, new AbortController().signal); // loaded
      const controller = new AbortController();
      const pending = b.generate(endless, controller.signal).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 300));
      const abortedAt = Date.now();
      controller.abort();
      const err = (await pending) as ModelError;
      const took = Date.now() - abortedAt;
      assert.ok(err instanceof ModelError, String(err));
      assert.equal(err.kind, 'cancelled');
      assert.ok(took < 1000, `stopped ${took} ms after the abort`);
      // The engine is free again.
      const next = await b.generate({ ...endless, numPredict: 3 }, new AbortController().signal);
      assert.equal(next.evalTokens, 3);
    });

    it('a request cancelled while it waits for its turn rejects at once and never runs', async () => {
      const b = backend();
      const first = new AbortController();
      const running = b.generate(endless, first.signal).catch((e: unknown) => e);
      const second = new AbortController();
      const waiting = b.generate({ ...endless, numPredict: 5 }, second.signal).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 100));
      const t = Date.now();
      second.abort();
      const err = (await waiting) as ModelError;
      assert.equal(err.kind, 'cancelled');
      assert.ok(Date.now() - t < 200);
      first.abort();
      assert.equal(((await running) as ModelError).kind, 'cancelled');
    });

    it('requestTimeoutMs gives a request up with "timeout"', async () => {
      await rejectsWith(backend({ requestTimeoutMs: 300 }).generate(endless, new AbortController().signal), 'timeout', /300 ms/);
    });
  });

  describe('model files that cannot be used', () => {
    it('no file set, a missing file, a folder: "model-missing", saying what to do', async () => {
      await rejectsWith(
        backend({ modelPath: '' }).generate(chatRequest(SENTENCE), new AbortController().signal),
        'model-missing',
        /No model file is set.*biomedNlp\.embedded\.modelPath/,
      );
      const missing = path.join(dir, 'nowhere.gguf');
      await rejectsWith(
        backend({ modelPath: missing }).generate(chatRequest(SENTENCE), new AbortController().signal),
        'model-missing',
        /nowhere\.gguf does not exist/,
      );
      const probe = await backend({ modelPath: missing }).probe();
      assert.equal(probe.reachable, true);
      assert.equal(probe.modelPresent, false);
      assert.match(probe.error!.message, /does not exist/);
      await rejectsWith(backend({ modelPath: dir }).generate(chatRequest(SENTENCE), new AbortController().signal), 'model-missing', /is not a file/);
    });

    it('random bytes: "not a GGUF file"', async () => {
      const file = path.join(dir, 'random.gguf');
      fs.writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
      await rejectsWith(backend({ modelPath: file }).generate(chatRequest(SENTENCE), new AbortController().signal), 'model-missing', /is not a GGUF file/);
      assert.equal((await backend({ modelPath: file }).probe()).modelPresent, false);
    });

    it('a truncated GGUF (in its tensors, in its metadata), a GGUF header followed by garbage: clear errors, once per file', async () => {
      const whole = fs.readFileSync(modelFile);
      const truncated = path.join(dir, 'truncated.gguf');
      fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
      const err = await rejectsWith(
        backend({ modelPath: truncated }).generate(chatRequest(SENTENCE), new AbortController().signal),
        'model-missing',
        new RegExp(`truncated\\.gguf is incomplete: it has ${Math.floor(whole.length / 2)} bytes, its tensors need at least ${whole.length}.*cut short`),
      );
      // The broken file is not read again for every request: the probe says so from the last try.
      const probe = await backend({ modelPath: truncated }).probe();
      assert.equal(probe.modelPresent, false);
      assert.equal(probe.error?.message, err.message);
      const cutInMetadata = path.join(dir, 'cut-in-metadata.gguf');
      fs.writeFileSync(cutInMetadata, whole.subarray(0, 3000));
      await rejectsWith(
        backend({ modelPath: cutInMetadata }).generate(chatRequest(SENTENCE), new AbortController().signal),
        'model-missing',
        /cut-in-metadata\.gguf is incomplete/,
      );
      const headerOnly = path.join(dir, 'header-garbage.gguf');
      fs.writeFileSync(headerOnly, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(4000, 0xab)]));
      await rejectsWith(
        backend({ modelPath: headerOnly }).generate(chatRequest(SENTENCE), new AbortController().signal),
        'model-missing',
        /not a valid GGUF file: its header cannot be read/,
      );
      // A good file loads again afterwards.
      const answer = await backend().generate(chatRequest(SENTENCE), new AbortController().signal);
      JSON.parse(answer.text);
    });
  });

  describe('a whole GGUF that llama.cpp refuses', () => {
    it('an unknown architecture: "model-missing" with llama.cpp\'s reason, and a good file loads afterwards', async () => {
      const bytes = Buffer.from(fs.readFileSync(modelFile));
      // general.architecture's value, "llama", becomes "llamb" (same length, same layout).
      const key = bytes.indexOf('general.architecture');
      const value = key + 'general.architecture'.length + 4 + 8;
      assert.equal(bytes.toString('latin1', value, value + 5), 'llama');
      bytes.write('llamb', value, 'latin1');
      const file = path.join(dir, 'unknown-architecture.gguf');
      fs.writeFileSync(file, bytes);
      await rejectsWith(
        backend({ modelPath: file }).generate(chatRequest(SENTENCE), new AbortController().signal),
        'model-missing',
        /could not be loaded.*unknown model architecture: 'llamb'/,
      );
      JSON.parse((await backend().generate(chatRequest(SENTENCE), new AbortController().signal)).text);
    });
  });

  describe('two runtimes, side by side', () => {
    let otherFile: string;
    let a: EmbeddedRuntime;
    let b: EmbeddedRuntime;
    const prompt: ModelRequest = { kind: 'generate', prompt: 'the patient denies chest pain', raw: true, stop: [], numPredict: 16 };
    const endless: ModelRequest = { ...prompt, numPredict: 1_000_000 };
    const signal = () => new AbortController().signal;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    /** `promise`, or a failure naming `what` when it takes longer than `ms` (a runtime waiting on the other's queue never answers). */
    async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new assert.AssertionError({ message: `${what} took over ${ms} ms` })), ms)),
      );
      try {
        return await Promise.race([promise, late]);
      } finally {
        clearTimeout(timer);
      }
    }

    /** A request's outcome, and whether it has one yet. */
    function track<T>(promise: Promise<T>): { settled: boolean; outcome: Promise<T | unknown> } {
      const t = { settled: false, outcome: promise.catch((e: unknown) => e) };
      void t.outcome.then(() => (t.settled = true));
      return t;
    }

    before(() => {
      otherFile = path.join(dir, 'tiny-llama-other.gguf');
      writeTinyLlamaGguf(otherFile, { seed: 7 });
    });
    beforeEach(() => {
      a = new EmbeddedRuntime();
      b = new EmbeddedRuntime();
    });
    afterEach(async () => {
      await Promise.all([a.dispose(), b.dispose()]);
    });

    it('each loads its own GGUF file and keeps it loaded while the other loads another', async () => {
      const onA = backend({}, a);
      const onB = backend({ modelPath: otherFile }, b);
      const first = await onA.generate(prompt, signal());
      const other = await onB.generate(prompt, signal());
      assert.ok(first.promptTokens > 0, JSON.stringify(first));
      assert.notEqual(other.text, first.text, 'two models with different weights answer differently');
      // A's model stayed loaded while B loaded its own: A's sequence still holds the prompt.
      const again = await onA.generate(prompt, signal());
      assert.equal(again.text, first.text);
      assert.equal(again.promptTokens, 0, 'runtime A kept its model and the evaluated prompt');
      const [x, y] = await Promise.all([onA.generate(prompt, signal()), onB.generate(prompt, signal())]);
      assert.equal(x.text, first.text);
      assert.equal(y.text, other.text);
      // The contrast: one runtime holds one model, so there the two files take turns and each is loaded again.
      const shared = new EmbeddedRuntime();
      try {
        const sharedA = backend({}, shared);
        const sharedB = backend({ modelPath: otherFile }, shared);
        assert.equal((await sharedA.generate(prompt, signal())).text, first.text);
        assert.equal((await sharedB.generate(prompt, signal())).text, other.text);
        const reloaded = await sharedA.generate(prompt, signal());
        assert.equal(reloaded.text, first.text);
        assert.equal(reloaded.promptTokens, first.promptTokens, 'on one runtime the model was loaded again');
      } finally {
        await shared.dispose();
      }
    });

    it('releasing or disposing one runtime leaves the requests and the model of the other alone', async () => {
      const onA = backend({}, a);
      const onB = backend({ modelPath: otherFile }, b);
      const fromA = await onA.generate(prompt, signal());
      const fromB = await onB.generate(prompt, signal());
      const controller = new AbortController();
      const running = track(onB.generate(endless, controller.signal));
      await sleep(200);
      // Releasing A waits for A's requests only (none), not for B's.
      await within(onA.dispose(), 2000, "releasing runtime A's model");
      await within(a.dispose(), 5000, 'disposing runtime A');
      await sleep(200);
      assert.equal(running.settled, false, "B's generation goes on");
      controller.abort();
      const err = (await running.outcome) as ModelError;
      assert.ok(err instanceof ModelError, String(err));
      assert.equal(err.kind, 'cancelled', err.message);
      // B's model is still loaded (its prompt is kept); A loads its model again.
      const nextB = await onB.generate(prompt, signal());
      assert.equal(nextB.text, fromB.text);
      assert.equal(nextB.promptTokens, 0);
      const nextA = await onA.generate(prompt, signal());
      assert.equal(nextA.text, fromA.text);
      assert.equal(nextA.promptTokens, fromA.promptTokens, "A's model was released and loaded again");
    });

    it("the queue of one runtime does not hold up the other's requests", async () => {
      const onA = backend({}, a);
      const onB = backend({ modelPath: otherFile }, b);
      const five: ModelRequest = { ...prompt, numPredict: 5 };
      // Loaded, and what each answers alone.
      const [aloneA, aloneB] = await Promise.all([onA.generate(five, signal()), onB.generate(five, signal())]);
      const controller = new AbortController();
      const running = track(onA.generate(endless, controller.signal));
      await sleep(200);
      const quick = await within(onB.generate(five, signal()), 10_000, "B's request while A generates");
      assert.equal(quick.text, aloneB.text);
      assert.equal(quick.doneReason, 'length');
      assert.equal(running.settled, false, "A's generation is still running");
      // The contrast: on A's own runtime a second request waits for its turn.
      const waiting = track(backend({}, a).generate(five, signal()));
      await sleep(500);
      assert.equal(waiting.settled, false, 'a second request on runtime A waits for the first');
      controller.abort();
      assert.equal(((await running.outcome) as ModelError).kind, 'cancelled');
      const waited = await waiting.outcome;
      assert.equal((waited as { text?: string }).text, aloneA.text, String(waited));
    });

    it('a file that failed to load in one runtime is not taken as broken by the other', async () => {
      const whole = fs.readFileSync(modelFile);
      const truncated = path.join(dir, 'truncated-in-one.gguf');
      fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
      const failed = await rejectsWith(backend({ modelPath: truncated }, a).generate(prompt, signal()), 'model-missing', /is incomplete/);
      const probeA = await backend({ modelPath: truncated }, a).probe();
      assert.equal(probeA.modelPresent, false);
      assert.equal(probeA.error?.message, failed.message);
      // Runtime B has not tried it: its probe sees a GGUF file, and its own load says what is wrong.
      const probeB = await backend({ modelPath: truncated }, b).probe();
      assert.deepEqual(
        { reachable: probeB.reachable, modelPresent: probeB.modelPresent, error: probeB.error },
        { reachable: true, modelPresent: true, error: undefined },
      );
      await rejectsWith(backend({ modelPath: truncated }, b).generate(prompt, signal()), 'model-missing', /is incomplete/);
      assert.equal((await backend({ modelPath: truncated }, b).probe()).modelPresent, false);
    });
  });

  describe('engine auto: Ollama first, the embedded engine when Ollama does not answer', () => {
    it('takes the embedded engine when nothing listens at the Ollama host', async () => {
      const config = {
        ...DEFAULT_ENGINE_CONFIG,
        engine: 'auto' as const,
        model: 'x',
        numCtx: 1024,
        requestTimeoutMs: 60_000,
        ollama: { host: 'http://127.0.0.1:9', keepAlive: '1m' },
        embedded: { modelPath: modelFile },
      };
      let made = 0;
      const auto = selectBackend(config, () => (made++, runtime));
      assert.ok(auto instanceof FallbackBackend);
      assert.deepEqual(
        auto.members().map((m) => m.serving().engine),
        ['ollama', 'embedded'],
      );
      assert.equal(made, 1, 'the chain asks for the runtime once');
      assert.equal(auto.serving().engine, 'ollama', 'Ollama until the choice is made');
      await auto.resolve!();
      assert.deepEqual(auto.serving(), { engine: 'embedded', host: 'this process (node-llama-cpp)', model: modelFile });
      const probe = await auto.probe();
      assert.ok(probe.reachable && probe.modelPresent);
      JSON.parse((await auto.generate(chatRequest(SENTENCE), new AbortController().signal)).text);
      // Without a model file, auto is Ollama alone: no chain, no runtime.
      const plain = selectBackend({ ...config, embedded: { modelPath: '' } }, () => assert.fail('no runtime without a model file'));
      assert.equal(plain.serving().engine, 'ollama');
      assert.equal(plain.members, undefined);
    });
  });

  describe('downloading the default model', () => {
    let server: http.Server;
    let base: string;
    let folder: string;
    const tiny = tinyLlamaGguf({ seed: 5 }).bytes;
    const requests: string[] = [];

    before(async () => {
      server = http.createServer((req, res) => {
        requests.push(req.url ?? '');
        if (req.url === '/ok/model.gguf') {
          res.writeHead(200, { 'content-length': tiny.length, 'content-type': 'application/octet-stream' });
          // In pieces, so progress is reported more than once.
          let at = 0;
          const next = () => {
            if (at >= tiny.length) return void res.end();
            res.write(tiny.subarray(at, at + 65536), () => setTimeout(next, 5));
            at += 65536;
          };
          next();
        } else if (req.url === '/cut/model.gguf') {
          // Promises 1 MB, sends a few bytes, then closes the connection.
          res.writeHead(200, { 'content-length': 1_000_000 });
          res.write(Buffer.from('GGUF\x03\x00\x00\x00 a few bytes'), () => setTimeout(() => res.socket?.destroy(), 20));
        } else if (req.url === '/slow/model.gguf') {
          res.writeHead(200, { 'content-length': 10_000_000 });
          res.write(Buffer.alloc(1000, 1));
        } else if (req.url === '/html/model.gguf') {
          const page = Buffer.from('<!doctype html><p>Sign in to download this file.</p>');
          res.writeHead(200, { 'content-length': page.length, 'content-type': 'text/html' });
          res.end(page);
        } else if (req.url?.startsWith('/redirect/')) {
          res.writeHead(302, { location: '/ok/model.gguf' });
          res.end();
        } else {
          res.writeHead(404);
          res.end('Entry not found');
        }
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    beforeEach(() => (folder = tmpDir('biomed-download-')));
    afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));
    after(() => {
      server.closeAllConnections();
      server.close();
    });

    async function failsWith(promise: Promise<unknown>, reason: string, message: RegExp): Promise<void> {
      try {
        await promise;
      } catch (err) {
        assert.ok(err instanceof DownloadError, String(err));
        assert.equal(err.reason, reason, err.message);
        assert.match(err.message, message);
        return;
      }
      assert.fail(`expected a DownloadError (${reason})`);
    }

    it('the install instructions name the node-llama-cpp version package.json depends on', () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
      assert.equal(manifest.dependencies['node-llama-cpp'].replace(/^[\^~]/, ''), NODE_LLAMA_CPP_VERSION);
      assert.ok(NOT_INSTALLED_MESSAGE.includes(`node-llama-cpp@${NODE_LLAMA_CPP_VERSION}`));
    });

    it("the default is mradermacher's Q4_K_M file of Llama2-MedTuned-7b", () => {
      assert.equal(DEFAULT_MODEL_URL, 'https://huggingface.co/mradermacher/Llama2-MedTuned-7b-GGUF/resolve/main/Llama2-MedTuned-7b.Q4_K_M.gguf');
      assert.equal(DEFAULT_MODEL_FILE, 'Llama2-MedTuned-7b.Q4_K_M.gguf');
    });

    it('a connection that closes after a few bytes: an error, and no file left behind', async () => {
      await failsWith(downloadModel({ folder, url: `${base}/cut/model.gguf` }), 'incomplete', /broke off|ended after/);
      assert.deepEqual(fs.readdirSync(folder), []);
    });

    it('a 404, an HTML page instead of a model, a server that is not there: clear errors, no file', async () => {
      await failsWith(downloadModel({ folder, url: `${base}/missing/model.gguf` }), 'http', /answered 404/);
      await failsWith(downloadModel({ folder, url: `${base}/html/model.gguf` }), 'not-gguf', /not a GGUF file/);
      const closed = http.createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((r) => closed.close(r));
      await failsWith(
        downloadModel({ folder, url: `http://127.0.0.1:${port}/model.gguf` }),
        'network',
        /ECONNREFUSED.*GGUF file that is already on this machine/,
      );
      assert.deepEqual(fs.readdirSync(folder), []);
    });

    it('not enough disk space: said before anything is fetched', async () => {
      const before = requests.length;
      await failsWith(downloadModel({ folder, url: `${base}/ok/model.gguf`, expectedBytes: 1e18 }), 'disk-space', /Not enough free disk space.*needs .* GB/);
      assert.equal(requests.length, before);
      assert.deepEqual(fs.readdirSync(folder), []);
    });

    it('a cancelled download leaves no file', async () => {
      const controller = new AbortController();
      const pending = downloadModel({
        folder,
        url: `${base}/slow/model.gguf`,
        signal: controller.signal,
        onProgress: () => controller.abort(),
        progressIntervalMs: 0,
      });
      await failsWith(pending, 'cancelled', /cancelled/);
      assert.deepEqual(fs.readdirSync(folder), []);
    });

    it('biomed --download: a broken download fails the run and leaves nothing; a complete one is used', async function () {
      ensureCliBuilt();
      const note = path.join(ROOT, 'test/fixtures/notes/ed-chest-pain.note');
      const broken = await runCli(['annotate', note, '--out', path.join(folder, 'out'), '--download'], {
        env: { BIOMED_NLP_CACHE: folder, BIOMED_NLP_MODEL_URL: `${base}/cut/model.gguf` },
      });
      assert.equal(broken.code, 1, broken.stderr);
      assert.match(broken.stderr, /Downloading the default model from .*\/cut\/model\.gguf[\s\S]*broke off after/);
      assert.deepEqual(fs.readdirSync(folder), []);
      const ok = await runCli(['annotate', note, '--out', path.join(folder, 'out'), '--download', '--no-relations', '--no-nli'], {
        env: { BIOMED_NLP_CACHE: folder, BIOMED_NLP_MODEL_URL: `${base}/ok/model.gguf` },
      });
      assert.equal(ok.code, 0, ok.stderr);
      assert.deepEqual(fs.readFileSync(path.join(folder, DEFAULT_MODEL_FILE)), tiny);
      assert.deepEqual(fs.readdirSync(folder).sort(), [DEFAULT_MODEL_FILE, 'out'].sort());
    });

    it('a complete download (through a redirect) lands under its name, with progress, and loads', async () => {
      const progress: { received: number; total?: number }[] = [];
      const file = await downloadModel({
        folder,
        url: `${base}/redirect/model.gguf`,
        fileName: 'downloaded.gguf',
        onProgress: (p) => progress.push(p),
        progressIntervalMs: 0,
      });
      assert.equal(file, path.join(folder, 'downloaded.gguf'));
      assert.deepEqual(fs.readdirSync(folder), ['downloaded.gguf']);
      assert.deepEqual(fs.readFileSync(file), tiny);
      assert.ok(progress.length >= 2);
      assert.deepEqual(progress.at(-1), { received: tiny.length, total: tiny.length });
      // Already there: not fetched again.
      const before = requests.length;
      assert.equal(await downloadModel({ folder, url: `${base}/redirect/model.gguf`, fileName: 'downloaded.gguf' }), file);
      assert.equal(requests.length, before);
      const answer = await backend({ modelPath: file }).generate(chatRequest(SENTENCE), new AbortController().signal);
      // It loads and generates under the schema's grammar. A random-weight model may write one
      // string until numPredict cuts it: then the answer is a prefix of the schema's JSON.
      assert.ok(answer.evalTokens > 0);
      if (answer.doneReason === 'stop') JSON.parse(answer.text);
      else assert.match(answer.text, /^\{"entities":\[/);
    });
  });

  describe('the bundles', () => {
    before(() => ensureCliBuilt());

    it('keep node-llama-cpp out: imported at run time, not bundled', () => {
      for (const bundle of ['server.js', 'cli.js']) {
        const code = fs.readFileSync(path.join(ROOT, 'dist', bundle), 'utf8');
        assert.ok(code.includes('import("node-llama-cpp")'), `${bundle} imports node-llama-cpp at run time`);
        assert.ok(!/class LlamaCompletion\b/.test(code), `${bundle} does not bundle node-llama-cpp`);
      }
    });

    it('biomed annotate --engine embedded --model-path FILE annotates with the real engine', async () => {
      const out = tmpDir('biomed-embedded-cli-');
      const note = path.join(out, 'note.txt');
      fs.writeFileSync(note, NOTE);
      const r = await runCli(['annotate', note, '--out', path.join(out, 'result'), '--engine', 'embedded', '--model-path', modelFile, '--no-relations'], {
        env: { BIOMED_NLP_CACHE: out },
      });
      assert.equal(r.code, 0, r.stderr);
      const written = fs.readdirSync(path.join(out, 'result'));
      assert.ok(written.length > 0);
      const doc = JSON.parse(
        fs.readFileSync(
          path.join(
            out,
            'result',
            written.find((f) => f.endsWith('.json'))!,
          ),
          'utf8',
        ),
      );
      for (const e of doc.entities ?? []) assert.equal(NOTE.slice(e.start, e.end), e.text);
      fs.rmSync(out, { recursive: true, force: true });
    });

    it('the CLI says what to do without a model file, and refuses options of other engines', async () => {
      const cache = tmpDir();
      const none = await runCli(
        ['annotate', path.join(ROOT, 'test/fixtures/notes/ed-chest-pain.note'), '--out', path.join(cache, 'o'), '--engine', 'embedded'],
        { env: { BIOMED_NLP_CACHE: cache } },
      );
      assert.equal(none.code, 1, none.stderr);
      assert.match(none.stderr, /--model-path FILE.*--download/);
      const mixed = await runCli([
        'annotate',
        path.join(ROOT, 'test/fixtures/notes/ed-chest-pain.note'),
        '--out',
        path.join(cache, 'o'),
        '--model-path',
        modelFile,
        '--host',
        'http://127.0.0.1:11434',
      ]);
      assert.equal(mixed.code, 2);
      assert.match(mixed.stderr, /embedded engine runs in this process/);
      fs.rmSync(cache, { recursive: true, force: true });
    });

    it('a bundle without node-llama-cpp beside it still runs, and the engine says it is not installed', async () => {
      const alone = tmpDir('biomed-alone-');
      const cli = path.join(alone, 'cli.js');
      fs.copyFileSync(CLI, cli);
      const help = await runCli(['annotate', '--help'], { env: {}, cli });
      assert.equal(help.code, 0);
      assert.match(help.stdout, /--model-path FILE/);
      const r = await runCli(
        ['annotate', path.join(ROOT, 'test/fixtures/notes/ed-chest-pain.note'), '--out', path.join(alone, 'o'), '--model-path', modelFile],
        { env: { BIOMED_NLP_CACHE: alone }, cli },
      );
      assert.equal(r.code, 1, r.stderr);
      assert.ok(r.stderr.includes(NOT_INSTALLED_MESSAGE), r.stderr);
      // Installed in the runtime folder the README names, it is found there.
      const runtime = path.join(alone, 'runtime', 'node_modules');
      fs.mkdirSync(runtime, { recursive: true });
      fs.symlinkSync(path.join(ROOT, 'node_modules', 'node-llama-cpp'), path.join(runtime, 'node-llama-cpp'), 'dir');
      const found = await runCli(
        [
          'annotate',
          path.join(ROOT, 'test/fixtures/notes/ed-chest-pain.note'),
          '--out',
          path.join(alone, 'o'),
          '--model-path',
          modelFile,
          '--no-relations',
          '--no-nli',
        ],
        { env: { BIOMED_NLP_CACHE: alone }, cli },
      );
      assert.equal(found.code, 0, found.stderr);
      fs.rmSync(alone, { recursive: true, force: true });
    });

    it('the language server: engine embedded, the status names it, every highlight is the text at its offsets', async () => {
      const client = await LspTestClient.start({ engine: 'embedded', embedded: { modelPath: modelFile }, promptProfile: 'json', debounceMs: 0 });
      try {
        await client.open('file:///embedded.note', NOTE);
        await waitFor(
          'the analysis to finish',
          () => {
            const s = client.lastStatus();
            return s?.state === 'ready' && s.total > 0 && s.done === s.total;
          },
          60_000,
        );
        const status = client.lastStatus()!;
        assert.equal(status.engine, 'embedded');
        assert.equal(status.model, modelFile);
        assert.match(status.host, /this process/);
        for (const t of await client.tokens('file:///embedded.note')) assert.equal(NOTE.slice(t.start, t.end), t.text);
      } finally {
        await client.stop();
      }
    });

    it('the language server with engine auto: Ollama not answering, the embedded engine serves', async () => {
      const client = await LspTestClient.start({
        engine: 'auto',
        ollama: { host: 'http://127.0.0.1:9' },
        embedded: { modelPath: modelFile },
        promptProfile: 'json',
        debounceMs: 0,
      });
      try {
        await client.open('file:///auto.note', SENTENCE);
        await waitFor(
          'the analysis to finish',
          () => {
            const s = client.lastStatus();
            return s?.state === 'ready' && s.total > 0 && s.done === s.total;
          },
          60_000,
        );
        assert.equal(client.lastStatus()!.engine, 'embedded');
      } finally {
        await client.stop();
      }
    });

    it('the language server with engine embedded and no node-llama-cpp: "unreachable", saying how to install it', async () => {
      const alone = tmpDir('biomed-alone-server-');
      fs.copyFileSync(path.join(ROOT, 'dist', 'server.js'), path.join(alone, 'server.js'));
      const previous = process.env.BIOMED_NLP_CACHE;
      process.env.BIOMED_NLP_CACHE = alone; // inherited by the server process
      const client = await LspTestClient.start(
        { engine: 'embedded', embedded: { modelPath: modelFile }, debounceMs: 0, retryIntervalMs: 60_000 },
        path.join(alone, 'server.js'),
      );
      try {
        await client.open('file:///alone.note', SENTENCE);
        await waitFor('the unreachable status', () => client.lastStatus()?.state === 'unreachable', 30_000);
        assert.match(client.lastStatus()!.message ?? '', /node-llama-cpp.*not installed/);
        assert.equal(client.exited, null);
      } finally {
        await client.stop();
        if (previous === undefined) delete process.env.BIOMED_NLP_CACHE;
        else process.env.BIOMED_NLP_CACHE = previous;
        fs.rmSync(alone, { recursive: true, force: true });
      }
    });
  });
});
