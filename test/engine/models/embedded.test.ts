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
import * as os from 'node:os';
import * as path from 'node:path';
import { JsonProfile, nerSchema } from '../../../server/src/engine/profiles/json';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { CLINICAL_TYPES, EntityType, ModelError, ModelRequest } from '../../../server/src/engine/types';
import { tinyLlamaGguf } from '../../support/ggufWriter';
import { NOTE, SENTENCE, analyse, backend, chatRequest, dir, modelFile, rejectsWith, useTinyModel, validate } from './embeddedSuite';

describe('embedded engine (node-llama-cpp, a tiny GGUF written by the test)', function () {
  this.timeout(120_000);
  useTinyModel();

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
});
