/**
 * The open documents and their analyses, the model's health and the overall state.
 * Decides when work happens: an edit makes a new analysis at once (cache hits only, so
 * highlights of unchanged sentences stay), model work starts after the debounce, and the
 * previous version's jobs are released (a job still needed by the new version lives on).
 */
import { EngineConfig, retryCapMs } from '../config';
import { ServingBackend } from '../models/backend';
import { ModelError, ModelErrorKind } from '../types';
import { AnalysisConfig, DocumentAnalysis } from './analysis';
import { Engine } from './engine';
import { EngineContext } from './modelCall';
import { InternalError } from '../errors';

export type WorkspaceState = 'idle' | 'analysing' | 'ready' | 'unreachable' | 'model-missing' | 'remote-refused' | 'error';

export interface WorkspaceStatus {
  state: WorkspaceState;
  done: number;
  total: number;
  message?: string;
  tokensPerSecond?: number;
}

export interface WorkspaceEvents {
  /** New results for the current version of `uri`. */
  onResults?(uri: string, analysis: DocumentAnalysis): void;
  /** The overall state or counts changed. */
  onStatus?(status: WorkspaceStatus): void;
  /** Analysis of `uri` needs model work / finished it (for progress reporting). */
  onWorkStarted?(uri: string, analysis: DocumentAnalysis): void;
  /** An unexpected error (a bug, errors.ts): the server logs it with its stack. */
  onInternalError?(error: InternalError): void;
}

interface OpenDocument {
  uri: string;
  analysis?: DocumentAnalysis;
  timer?: NodeJS.Timeout;
  visible?: { start: number; end: number };
  /** Why the document is not analysed (too large, binary). */
  notice?: string;
}

/** States in which sending more work is pointless until the server is back. */
const BLOCKING: ReadonlySet<ModelErrorKind> = new Set(['unreachable', 'model-missing', 'remote-refused']);

/** How far a recovery check's wait may stray from the schedule, either way (a fraction). */
export const RETRY_JITTER = 0.2;

/**
 * The wait before recovery check `attempt` (0, 1, ...): `baseMs` doubling per failed
 * check up to `capMs`, then ±`jitter` at random, so that many clients do not probe in step.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, jitter = RETRY_JITTER, random: () => number = Math.random): number {
  const delay = Math.min(baseMs * 2 ** Math.max(0, attempt), capMs);
  return Math.max(1, Math.round(delay * (1 - jitter + 2 * jitter * random())));
}

/** `ms` as the status says it: "0.4 s", "4 s", "60 s". */
function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 10 ? String(Math.max(0.1, Math.round(s * 10) / 10)) : String(Math.round(s));
}

/** A generation failure as the status says it: the operation, the HTTP status, the error. */
function generationFailure(error: ModelError): string {
  return `${error.status ? `HTTP ${error.status} ` : ''}${error.message}`;
}

export class Workspace {
  private readonly docs = new Map<string, OpenDocument>();
  private blocked: ModelError | undefined;
  private lastError: ModelError | undefined;
  /** The last failure of relation or NLI work, which leaves entities standing. */
  private lastSecondaryError: { task: 're' | 'nli'; error: ModelError } | undefined;
  /** The next recovery check, and how long it waits. */
  private checkTimer: NodeJS.Timeout | undefined;
  private checkDelayMs = 0;
  /** The recovery check in flight (its probe request closes when this aborts). */
  private checking: AbortController | undefined;
  /** Failed recovery checks in a row: the next wait is retryIntervalMs · 2^retryAttempt (capped). */
  private retryAttempt = 0;
  /** The blocking error came from a generation (not from listing the models). */
  private blockedByGeneration = false;
  private lastStatus = '';
  private recentSpeed: number | undefined;

  constructor(
    readonly engine: Engine,
    private readonly events: WorkspaceEvents = {},
  ) {}

  get ctx(): EngineContext {
    return this.engine.ctx;
  }

  get backend(): ServingBackend {
    return this.engine.backend;
  }

  private get options(): EngineConfig {
    return this.engine.config;
  }

  /** Settings changed: a new backend and options; old results stay cached, keyed by model. */
  reconfigure(config: EngineConfig): void {
    this.engine.reconfigure(config);
    this.blocked = undefined;
    this.lastError = undefined;
    this.lastSecondaryError = undefined;
    this.retryAttempt = 0;
    this.stopChecks();
  }

  current(uri: string): DocumentAnalysis | undefined {
    return this.docs.get(uri)?.analysis;
  }

  /**
   * A document opened or changed. Results for unchanged sentences are available at once;
   * model work starts after the debounce (or now, for `immediate`).
   */
  update(uri: string, version: number, text: string, config: AnalysisConfig, opts: { immediate?: boolean; ignoreCache?: boolean } = {}): DocumentAnalysis | undefined {
    const doc = this.docs.get(uri) ?? { uri };
    this.docs.set(uri, doc);
    clearTimeout(doc.timer);
    const previous = doc.analysis;
    doc.notice = this.refusal(text);
    if (doc.notice) {
      doc.analysis = undefined;
      previous?.dispose();
      this.publishStatus();
      return undefined;
    }
    const analysis = new DocumentAnalysis(uri, version, text, config, this.ctx, {
      onProgress: (a) => this.progress(a),
      onError: (a, e, task) => this.failed(a, e, task),
    }, { ignoreCache: opts.ignoreCache, previous });
    doc.analysis = analysis;
    // Released only now, so jobs the new version adopted keep running.
    previous?.dispose();
    const start = () => {
      doc.timer = undefined;
      if (doc.analysis !== analysis || this.blocked) return;
      analysis.start(doc.visible);
      if (!analysis.isComplete) this.events.onWorkStarted?.(uri, analysis);
    };
    if (opts.immediate || this.options.debounceMs === 0) start();
    else doc.timer = setTimeout(start, this.options.debounceMs);
    this.events.onResults?.(uri, analysis);
    this.publishStatus();
    return analysis;
  }

  /** The client looks at `range` (document offsets): that work goes first. */
  prioritise(uri: string, range: { start: number; end: number }): void {
    const doc = this.docs.get(uri) ?? { uri };
    this.docs.set(uri, doc);
    doc.visible = range;
    doc.analysis?.prioritise(range);
  }

  close(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    clearTimeout(doc.timer);
    doc.analysis?.dispose();
    this.docs.delete(uri);
    this.publishStatus();
  }

  dispose(): void {
    for (const uri of [...this.docs.keys()]) this.close(uri);
    this.stopChecks();
  }

  /**
   * The user asks to try again: checks the server now and, if it is there, resumes all
   * unfinished work at once; the backoff starts over.
   */
  async retry(): Promise<WorkspaceStatus> {
    this.stopChecks();
    this.retryAttempt = 0;
    const probe = await this.backend.probe();
    if (probe.reachable && probe.modelPresent) this.recover();
    else if (!probe.error || BLOCKING.has(probe.error.kind)) this.block(probe.error, false);
    else {
      // Another failure (e.g. a 401 from an OpenAI-compatible server): an error, not a wait.
      this.lastError = probe.error;
      this.publishStatus();
    }
    return this.status();
  }

  status(): WorkspaceStatus {
    let done = 0;
    let total = 0;
    let failed = 0;
    let relationsFailed = 0;
    let nliFailed = 0;
    let pending = 0;
    for (const doc of this.docs.values()) {
      const a = doc.analysis;
      if (!a) continue;
      done += a.sentencesDone();
      total += a.sentences.length;
      failed += a.failedOf('ner');
      relationsFailed += a.failedOf('re');
      nliFailed += a.failedOf('nli');
      pending += a.pending;
    }
    const speed = this.recentSpeed;
    const retrying = this.checkTimer ? ` (retrying in ${seconds(this.checkDelayMs)} s)` : '';
    if (this.blocked) {
      const b = this.blocked;
      const state: WorkspaceState = BLOCKING.has(b.kind) ? (b.kind as WorkspaceState) : 'error';
      const message = this.blockedByGeneration ? `Generation failed: ${generationFailure(b)}${retrying}` : `${b.message}${retrying}`;
      return { state, done, total, message, tokensPerSecond: speed };
    }
    if (pending > 0) return { state: 'analysing', done, total, tokensPerSecond: speed };
    if (failed > 0 && this.lastError) {
      const message = `Generation failed for ${failed} request(s): ${generationFailure(this.lastError)}${retrying}`;
      return { state: 'error', done, total, message, tokensPerSecond: speed };
    }
    const secondary = this.lastSecondaryError;
    if (relationsFailed + nliFailed > 0 && secondary) {
      const what = [relationsFailed ? `relations failed for ${relationsFailed}` : '', nliFailed ? `NLI checks failed for ${nliFailed}` : '']
        .filter(Boolean)
        .join(' and ');
      const message = `Entities are shown, but ${what} request(s): ${generationFailure(secondary.error)}${retrying}`;
      return { state: 'error', done, total, message, tokensPerSecond: speed };
    }
    const notices = [...this.docs.values()].map((d) => d.notice).filter((n): n is string => !!n);
    if (this.docs.size === 0) return { state: 'idle', done, total };
    return { state: 'ready', done, total, message: notices[0], tokensPerSecond: speed };
  }

  private refusal(text: string): string | undefined {
    if (text.length > this.options.maxDocumentLength) {
      return `This document has ${text.length} characters, more than biomedNlp.maxDocumentLength (${this.options.maxDocumentLength}); it is not analysed.`;
    }
    // NUL characters do not occur in text notes: this is a binary file opened as text.
    if (text.slice(0, 8192).includes('\u0000')) return 'This looks like a binary file; it is not analysed.';
    return undefined;
  }

  private progress(analysis: DocumentAnalysis): void {
    const stats = this.ctx.stats;
    if (stats.evalMs > 0) this.recentSpeed = (stats.evalTokens / stats.evalMs) * 1000;
    if (this.current(analysis.uri) === analysis) this.events.onResults?.(analysis.uri, analysis);
    // A success while an error was shown means the trouble is over.
    if (analysis.done > 0 && !this.blocked && analysis.failed === 0) {
      this.lastError = undefined;
      this.lastSecondaryError = undefined;
    }
    // Work finished without a failure: the trouble is over, the next one backs off from the start.
    if (analysis.isComplete && analysis.failed === 0 && !this.blocked && !this.hasFailedWork()) {
      this.retryAttempt = 0;
      this.stopChecks();
    }
    this.publishStatus();
  }

  private failed(_analysis: DocumentAnalysis, error: ModelError, task: 'ner' | 're' | 'nli'): void {
    if (task === 'ner') this.lastError = error;
    else this.lastSecondaryError = { task, error };
    if (BLOCKING.has(error.kind)) this.block(error, true);
    else {
      // Transient (a 500, a cut stream, a timeout): the failed work is tried again after a wait.
      this.scheduleCheck();
      this.publishStatus();
    }
  }

  /** The server is down or lacks the model: wait for it instead of failing every request. */
  private block(error: ModelError | undefined, byGeneration: boolean): void {
    this.blocked = error ?? new ModelError('unreachable', `The model server is not usable: ${this.backend.description}`);
    this.blockedByGeneration = byGeneration && !!error;
    this.lastError = this.blocked;
    if (this.blocked.kind !== 'remote-refused') this.scheduleCheck();
    this.publishStatus();
  }

  private hasFailedWork(): boolean {
    for (const doc of this.docs.values()) if (doc.analysis && !doc.analysis.isDisposed && doc.analysis.failed > 0) return true;
    return false;
  }

  /** The next recovery check, after the backoff wait (one at a time). */
  private scheduleCheck(): void {
    if (this.checkTimer || this.checking) return;
    if (this.blocked?.kind === 'remote-refused') return;
    const cap = retryCapMs(this.options);
    this.checkDelayMs = backoffDelay(this.retryAttempt, this.options.retryIntervalMs, cap);
    this.checkTimer = setTimeout(() => void this.check(), this.checkDelayMs);
  }

  /**
   * A recovery check: judged by the operation that failed. The model listing says whether
   * the server is there with the model; a generation failure is judged by sending the
   * request that failed once more (one request, not all the work). Only if it is answered
   * does all unfinished work resume; otherwise the next check waits twice as long.
   */
  private async check(): Promise<void> {
    this.checkTimer = undefined;
    const controller = new AbortController();
    this.checking = controller;
    let outcome: 'recovered' | 'failing' | 'nothing';
    try {
      outcome = await this.probe(controller.signal);
    } catch {
      outcome = 'failing';
    } finally {
      if (this.checking === controller) this.checking = undefined;
    }
    if (controller.signal.aborted) return;
    if (outcome === 'recovered') return this.recover();
    if (outcome === 'failing') {
      this.retryAttempt++;
      this.scheduleCheck();
    }
    this.publishStatus();
  }

  private async probe(signal: AbortSignal): Promise<'recovered' | 'failing' | 'nothing'> {
    const failure = this.ctx.lastFailure;
    let listed = false;
    if (this.blocked) {
      const probe = await this.backend.probe(signal).catch(() => ({ reachable: false, modelPresent: false, error: undefined }));
      if (signal.aborted || !this.blocked) return 'nothing';
      if (!(probe.reachable && probe.modelPresent)) {
        // The reason may change (the server came back without the model): say the new one.
        if (probe.error && BLOCKING.has(probe.error.kind)) {
          this.blocked = probe.error;
          this.blockedByGeneration = false;
          this.lastError = probe.error;
        }
        return 'failing';
      }
      // Listed and reachable: that says nothing about a generation that failed.
      if (!this.blockedByGeneration || !failure) return 'recovered';
      listed = true;
    } else if (!this.hasFailedWork() || !failure) {
      return this.hasFailedWork() ? 'recovered' : 'nothing';
    }
    try {
      await this.backend.generate(failure.request, signal);
      return 'recovered';
    } catch (err) {
      if (signal.aborted) return 'nothing';
      let error = err instanceof ModelError ? err : new ModelError('server-error', String(err));
      if (listed && error.kind === 'model-missing') {
        // Not something `ollama pull` mends: the server lists the model but will not run it.
        const { model } = this.backend.serving();
        error = new ModelError('server-error', `model "${model}" not found, although the server lists it`, error.status ?? 404);
      }
      failure.error = error;
      if (this.blocked || BLOCKING.has(error.kind)) {
        this.blocked = error;
        this.blockedByGeneration = true;
        this.lastError = error;
      } else if (failure.task === 'ner') this.lastError = error;
      else if (failure.task === 're' || failure.task === 'nli') this.lastSecondaryError = { task: failure.task, error };
      return 'failing';
    }
  }

  private stopChecks(): void {
    clearTimeout(this.checkTimer);
    this.checkTimer = undefined;
    this.checking?.abort();
    this.checking = undefined;
  }

  private recover(): void {
    this.blocked = undefined;
    this.blockedByGeneration = false;
    this.lastError = undefined;
    this.lastSecondaryError = undefined;
    this.stopChecks();
    for (const doc of this.docs.values()) {
      const a = doc.analysis;
      if (!a || a.isDisposed || doc.timer) continue;
      a.start(doc.visible, { retryFailed: true });
      if (!a.isComplete) this.events.onWorkStarted?.(doc.uri, a);
    }
    this.publishStatus();
  }

  private publishStatus(): void {
    const status = this.status();
    const key = JSON.stringify({ ...status, tokensPerSecond: status.tokensPerSecond?.toFixed(0) });
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.events.onStatus?.(status);
  }
}
