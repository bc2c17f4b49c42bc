/**
 * Sentence embeddings in the embedded engine (biomedNlp.nli.embeddingModel = a GGUF file):
 * llama.cpp embeds with the tiny random-weight llama this test writes, so the vectors mean
 * nothing, but their shape, their determinism and the errors are real.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedBackend, EmbeddedSettings } from '../../../server/src/engine/models/embedded/backend';
import { EmbeddedRuntime } from '../../../server/src/engine/models/embedded/runtime';
import { ModelError } from '../../../server/src/engine/types';
import { writeTinyLlamaGguf } from '../../support/ggufWriter';

describe('embedded engine: sentence embeddings from a GGUF file', function () {
  this.timeout(120_000);
  let dir: string;
  let modelFile: string;
  let embeddingFile: string;
  let runtime: EmbeddedRuntime;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-embed-'));
    modelFile = path.join(dir, 'tiny-llama.gguf');
    embeddingFile = path.join(dir, 'tiny-embed.gguf');
    writeTinyLlamaGguf(modelFile, { seed: 2 });
    writeTinyLlamaGguf(embeddingFile, { seed: 9, embeddingLength: 32 });
    runtime = new EmbeddedRuntime();
  });
  after(async () => {
    await runtime.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const backend = (overrides: Partial<EmbeddedSettings> = {}) =>
    new EmbeddedBackend(
      { modelPath: modelFile, contextSize: 512, requestTimeoutMs: 60_000, gpu: false, embeddingModelPath: embeddingFile, ...overrides },
      runtime,
    );

  it("one vector per text, of the model's width, the same for the same text and different for another", async () => {
    const b = backend();
    try {
      const [first, other, again] = await b.embed(
        ['Heart rate 128 on arrival.', 'Continued on apixaban.', 'Heart rate 128 on arrival.'],
        new AbortController().signal,
      );
      assert.equal(first.length, 32);
      assert.ok(first.every((x) => Number.isFinite(x)));
      assert.deepEqual(again, first);
      assert.notDeepEqual(other, first);
    } finally {
      await b.dispose();
    }
  });

  it('no embedding model, or a file that is not a GGUF: a model-missing error that names the setting', async () => {
    for (const embeddingModelPath of ['', path.join(dir, 'absent.gguf'), modelFile.replace(/\.gguf$/, '.txt')]) {
      const b = backend({ embeddingModelPath });
      await assert.rejects(
        () => b.embed(['x'], new AbortController().signal),
        (err: unknown) => err instanceof ModelError && err.kind === 'model-missing' && /biomedNlp\.nli\.embeddingModel/.test(err.message),
      );
    }
  });

  it('a cancelled request embeds nothing', async () => {
    const b = backend();
    try {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(
        () => b.embed(['Chest pain resolved.'], controller.signal),
        (err: unknown) => err instanceof ModelError && err.kind === 'cancelled',
      );
    } finally {
      await b.dispose();
    }
  });
});
