/**
 * One model call, the same for every task and both front-ends: send the request through
 * the server's gate (serverGate.ts: one at a time after an overload answer, Retry-After
 * obeyed, backoff), try a transient failure again up to REQUEST_TRIES tries in all, count
 * what it cost, parse the answer. Work items of a document analysis and the command
 * line's single questions (`Engine.ask`) both come through here.
 */
import { REQUEST_TRIES } from '../config';
import { LruCache } from './cache';
import { Scheduler } from './scheduler';
import { isOverload, isTransient, Pass, ServerGate } from './serverGate';
import type { FeatureCache } from './features';
import { ModelAnswer, ModelBackend, ModelError, ModelRequest } from '../types';

/** What the model work cost, in all and per task kind. */
export interface EngineStats {
  modelCalls: number;
  promptTokens: number;
  evalTokens: number;
  evalMs: number;
  cacheHits: number;
  /** Answers (or parts of them) that named nothing in the text: never shown. */
  dropped: number;
  /** Answers cut by the token limit. */
  truncated: number;
  /** Calls and prompt tokens per task kind (entities, relations, NLI, single questions). */
  byTask: Record<string, { calls: number; promptTokens: number }>;
}

export function newStats(): EngineStats {
  return { modelCalls: 0, promptTokens: 0, evalTokens: 0, evalMs: 0, cacheHits: 0, dropped: 0, truncated: 0, byTask: {} };
}

/** What every document analysis of an engine shares: the backend, the scheduler, the cache, the counters. */
export interface EngineContext {
  /** Generation is all an analysis needs of the model server. */
  backend: ModelBackend;
  scheduler: Scheduler;
  cache: LruCache<unknown>;
  stats: EngineStats;
  /**
   * The way to the model server every request takes (serverGate.ts); made with default
   * waits on first use when absent.
   */
  gate?: ServerGate;
  /** Per-sentence derivations shared by every version of every document (made on first use). */
  features?: FeatureCache;
  /**
   * The last request that failed for good (after its retries), with why: the workspace's
   * recovery check sends this real request again instead of only listing the models.
   */
  lastFailure?: { task: string; request: ModelRequest; error: ModelError };
}

/** A parse result's accounting: what the answer named that could not be used. */
export interface Parsed {
  dropped: number;
  truncated?: boolean;
}

/** Waits `ms`, or less when `signal` aborts (the next try then fails as cancelled at the gate). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The gate of a context that was made without one: waits from half a second up to a minute. */
export function gateOf(ctx: EngineContext): ServerGate {
  return (ctx.gate ??= new ServerGate({ baseMs: 500, capMs: 60_000 }));
}

/**
 * Sends `request` when the gate lets it, parses the answer with `parse`, counts it under
 * `task`; a transient failure (serverGate.ts isTransient) is tried again, REQUEST_TRIES
 * tries in all, each after the gate's wait.
 */
export async function callModel<R extends Parsed>(
  ctx: EngineContext,
  task: string,
  request: ModelRequest,
  parse: (answer: ModelAnswer) => R,
  signal: AbortSignal,
): Promise<R> {
  const { backend, stats } = ctx;
  const perTask = (stats.byTask[task] ??= { calls: 0, promptTokens: 0 });
  const gate = gateOf(ctx);
  for (let attempt = 1; ; attempt++) {
    let pass: Pass | undefined;
    try {
      pass = await gate.acquire(signal);
      stats.modelCalls++;
      perTask.calls++;
      const answer = await backend.generate(request, signal);
      pass.succeeded();
      stats.promptTokens += answer.promptTokens;
      perTask.promptTokens += answer.promptTokens;
      stats.evalTokens += answer.evalTokens;
      stats.evalMs += answer.evalMs;
      const result = parse(answer);
      stats.dropped += result.dropped;
      if (result.truncated) stats.truncated++;
      return result;
    } catch (err) {
      pass?.failed(err);
      if (isTransient(err) && attempt < REQUEST_TRIES && !signal.aborted) {
        // An overload answer: the gate spaces the tries (one at a time, Retry-After); any other: this request's own backoff.
        if (!isOverload(err)) await sleep(gate.retryDelay(attempt), signal);
        continue;
      }
      if (err instanceof ModelError && err.kind !== 'cancelled' && !signal.aborted) ctx.lastFailure = { task, request, error: err };
      throw err;
    }
  }
}

/**
 * `callModel` through the scheduler and the cache under `key`: a cached result costs
 * nothing, the same question in flight is joined, and the answer is cached. `cancel`
 * (the asker gave up) releases the job at once: a job nobody else holds leaves the queue
 * or is aborted, and one shared with others drops back to their priority.
 */
export async function cachedCall<R extends Parsed>(
  ctx: EngineContext,
  key: string,
  priority: number,
  task: string,
  request: ModelRequest,
  parse: (answer: ModelAnswer) => R,
  cancel?: AbortSignal,
): Promise<R> {
  const cached = ctx.cache.get(key) as R | undefined;
  if (cached) return cached;
  if (cancel?.aborted) throw new ModelError('cancelled', 'cancelled');
  const ticket = ctx.scheduler.request<R>(key, priority, async (signal) => {
    const result = await callModel(ctx, task, request, parse, signal);
    ctx.cache.set(key, result);
    return result;
  });
  let onCancel: (() => void) | undefined;
  const cancelled = new Promise<never>((_, reject) => {
    if (!cancel) return;
    onCancel = () => {
      ticket.release();
      reject(new ModelError('cancelled', 'cancelled'));
    };
    cancel.addEventListener('abort', onCancel, { once: true });
  });
  cancelled.catch(() => undefined);
  try {
    return await Promise.race([ticket.promise, cancelled]);
  } finally {
    if (onCancel) cancel!.removeEventListener('abort', onCancel);
    ticket.release();
  }
}
