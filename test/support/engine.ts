/**
 * The engine as the engine tests use it: an analysis context over a real Ollama backend
 * pointed at the test server, and an analysis run to completion.
 */
import * as assert from 'node:assert/strict';
import { OllamaBackend } from '../../server/src/engine/models/ollama';
import type { DocumentAnalysis } from '../../server/src/engine/pipeline/analysis';
import { MemoryCache } from '../../server/src/engine/pipeline/cache';
import { EngineContext, newStats } from '../../server/src/engine/pipeline/modelCall';
import { Scheduler } from '../../server/src/engine/pipeline/scheduler';

/** An Ollama backend for `model` at the test server `host`. */
export function ollamaBackend(host: string, model: string, embeddingModel?: string): OllamaBackend {
  return new OllamaBackend({ host, model, numCtx: 4096, keepAlive: '30m', requestTimeoutMs: 20_000, allowRemoteHost: false, embeddingModel });
}

/** A fresh context (its own cache and scheduler) over `backend`. */
export function engineContext(backend: EngineContext['backend'], concurrency = 4): EngineContext {
  return { backend, scheduler: new Scheduler(concurrency), cache: new MemoryCache(20_000), stats: newStats() };
}

/** Starts `a`, waits for all its work and checks that none failed. */
export async function complete(a: DocumentAnalysis): Promise<DocumentAnalysis> {
  a.start();
  await a.whenComplete();
  assert.equal(a.failed, 0, a.lastError?.message);
  return a;
}

/**
 * The internal-error hook of a test that expects no bug: one is rethrown outside the
 * engine, where mocha reports it as the test's failure (with its stack).
 */
export const FAIL_ON_BUG = {
  onInternalError(error: Error): void {
    process.nextTick(() => {
      throw error;
    });
  },
};
