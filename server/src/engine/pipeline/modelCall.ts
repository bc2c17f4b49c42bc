/**
 * One model call, the same for every task and both front-ends: sent through the model
 * server's clock (clock/serverClock.ts: admission, Retry-After, one at a time after an
 * overload answer, transient retries), counted, parsed. Work items of a document analysis
 * and the command line's single questions (`Engine.ask`) both come through here.
 */
import type { ModelCache } from './cache';
import { Scheduler } from './scheduler';
import { ServerClock } from './clock/serverClock';
import type { FeatureCache } from './features';
import type { VocabularyShelf } from '../linking/noteLinks';
import type { PhiShield } from './phiShield';
import { ModelAnswer, ModelBackend, ModelError, ModelRequest } from '../types';

/** What the model work cost, in all and per task kind. */
export interface EngineStats {
  modelCalls: number;
  promptTokens: number;
  evalTokens: number;
  evalMs: number;
  /** Answers taken from the cache (a question asked again by the same run counts each time). */
  cacheHits: number;
  /** Answers the model gave (a request tried again after a dropped connection is one answer, two calls). */
  answered: number;
  /** Answers (or parts of them) that named nothing in the text: never shown. */
  dropped: number;
  /** Answers cut by the token limit. */
  truncated: number;
  /** Answers that held nothing the prompt profile's layout reads (counted for entities). */
  unreadable: number;
  /** Calls and prompt tokens per task kind (entities, relations, NLI, single questions). */
  byTask: Record<string, { calls: number; promptTokens: number }>;
}

export function newStats(): EngineStats {
  return { modelCalls: 0, promptTokens: 0, evalTokens: 0, evalMs: 0, cacheHits: 0, answered: 0, dropped: 0, truncated: 0, unreadable: 0, byTask: {} };
}

/** What every document analysis of an engine shares: the backend, the scheduler, the cache, the counters. */
export interface EngineContext {
  /** Generation is all an analysis needs of the model server. */
  backend: ModelBackend;
  scheduler: Scheduler;
  cache: ModelCache;
  stats: EngineStats;
  /**
   * The one object that decides when the model server gets a request (clock/serverClock.ts);
   * made with default waits on first use when absent.
   */
  clock?: ServerClock;
  /** Per-sentence derivations shared by every version of every document (made on first use). */
  features?: FeatureCache;
  /** The user's vocabularies, open, for the links of a note's entities (no model call). */
  vocabularies?: VocabularyShelf;
  /**
   * What must hold before a request goes to the model server (the command line's check that
   * a model serves), awaited by every request: nothing is asked of the server while every
   * answer comes from the cache. Engine.checkOnFirstRequest sets it.
   */
  ready?: () => Promise<void>;
  /** PHI kept from a model host not on this machine (phiShield.ts); absent: texts go as they are. */
  phiShield?: PhiShield;
}

/** A parse result's accounting: what the answer named that could not be used. */
export interface Parsed {
  dropped: number;
  truncated?: boolean;
  unreadable?: boolean;
}

/** The clock of a context that was made without one: waits from half a second up to a minute. */
export function clockOf(ctx: EngineContext): ServerClock {
  return (ctx.clock ??= new ServerClock({ retryBaseMs: 500, probeBaseMs: 5_000, capMs: 60_000 }));
}

/**
 * Sends `request` when the clock lets it (retried there, clock/serverClock.ts), parses the
 * answer with `parse`, counts it under `task`.
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
  if (ctx.ready) await ctx.ready();
  const answer = await clockOf(ctx).send(task, request, signal, () => {
    stats.modelCalls++;
    perTask.calls++;
    return backend.generate(request, signal);
  });
  stats.answered++;
  stats.promptTokens += answer.promptTokens;
  perTask.promptTokens += answer.promptTokens;
  stats.evalTokens += answer.evalTokens;
  stats.evalMs += answer.evalMs;
  const result = parse(answer);
  stats.dropped += result.dropped;
  if (result.truncated) stats.truncated++;
  if (result.unreadable) stats.unreadable++;
  return result;
}

/** Caches `result` under `key`, unless unreadable: once the model (or its settings) is mended, the question is asked again. */
export function keep(ctx: EngineContext, key: string, result: Parsed): void {
  if (!result.unreadable) ctx.cache.set(key, result);
}

/**
 * `callModel` through the scheduler and the cache under `key`: a cached result costs
 * nothing, the same question in flight is joined, and the answer is cached (unless unreadable). `cancel`
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
  if (cached) {
    ctx.stats.cacheHits++;
    return cached;
  }
  if (cancel?.aborted) throw new ModelError('cancelled', 'cancelled');
  const ticket = ctx.scheduler.request<R>(key, priority, async (signal) => {
    const result = await callModel(ctx, task, request, parse, signal);
    keep(ctx, key, result);
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
