/** The embedded engine: two runtimes side by side share nothing; engine auto falls back to it when Ollama does not answer. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmbeddedRuntime } from '../../../server/src/engine/models/embedded/runtime';
import { FallbackBackend, selectBackend } from '../../../server/src/engine/models/select';
import { DEFAULT_ENGINE_CONFIG } from '../../../server/src/engine/config';
import { ModelError, ModelRequest } from '../../../server/src/engine/types';
import { writeTinyLlamaGguf } from '../../support/ggufWriter';
import { SENTENCE, backend, chatRequest, dir, modelFile, rejectsWith, runtime, useTinyModel } from './embeddedSuite';

describe('embedded engine (node-llama-cpp, a tiny GGUF written by the test)', function () {
  this.timeout(120_000);
  useTinyModel();

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
      // B's model is still loaded: some of its prompt is kept (all of it, unless the endless
      // answer ran long enough, on a slow machine, to shift the context past the prompt's start);
      // a model loaded again evaluates the whole prompt. A loads its model again.
      const nextB = await onB.generate(prompt, signal());
      assert.equal(nextB.text, fromB.text);
      assert.ok(nextB.promptTokens < fromB.promptTokens, `B evaluated ${nextB.promptTokens} of the prompt's ${fromB.promptTokens} tokens again`);
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
});
