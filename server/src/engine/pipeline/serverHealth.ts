/**
 * The model server's health as the workspace sees it: working, failing (a transient error:
 * the failed request is tried again after a backoff wait), blocked (down, without the model,
 * or a refused remote host: no new work is sent until a recovery check succeeds), and what
 * the status says about it. One recovery check at a time; its wait doubles per failed check
 * up to a cap, with jitter. Knows nothing of documents: the workspace says whether failed
 * work remains and resumes it when the server is back.
 *
 * An unexpected error (errors.ts) is no health state: it is shown as a bug of the extension
 * until work succeeds again, never blocks, and never starts a recovery check.
 */
import { EngineConfig, retryCapMs } from '../config';
import { classifyError, InternalError, internalErrorMessage } from '../errors';
import { ServingBackend } from '../models/backend';
import { ModelError, ModelErrorKind } from '../types';
import { backoffDelay } from './backoff';
import { EngineContext, gateOf } from './modelCall';
import type { Pass } from './serverGate';

/** States in which sending more work is pointless until the server is back. */
export const BLOCKING: ReadonlySet<ModelErrorKind> = new Set(['unreachable', 'model-missing', 'remote-refused']);

/** What the health needs of the workspace around it. */
export interface HealthHost {
  backend(): ServingBackend;
  ctx(): EngineContext;
  options(): EngineConfig;
  /** Some open document has failed work. */
  hasFailedWork(): boolean;
  /** The server is back: start the failed and waiting work again. */
  resume(): void;
  /** The health changed: the status should be published again. */
  changed(): void;
  /** An unexpected error, to be logged with its stack. */
  internalError(error: InternalError): void;
}

/** The work counts the status is made from. */
export interface WorkCounts {
  failed: number;
  relationsFailed: number;
  nliFailed: number;
  pending: number;
}

/** The health's part of the status: a state and a message, or nothing to say. */
export interface HealthStatus {
  state: 'unreachable' | 'model-missing' | 'remote-refused' | 'error' | 'analysing';
  message?: string;
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

export class ServerHealth {
  private blocked: ModelError | undefined;
  /** The blocking error came from a generation (not from listing the models). */
  private blockedByGeneration = false;
  private lastError: ModelError | undefined;
  /** The last failure of relation or NLI work, which leaves entities standing. */
  private lastSecondaryError: { task: 're' | 'nli'; error: ModelError } | undefined;
  /** The last unexpected error, shown until work succeeds again. */
  private lastInternal: InternalError | undefined;
  /** The next recovery check, and how long it waits. */
  private checkTimer: NodeJS.Timeout | undefined;
  private checkDelayMs = 0;
  /** The recovery check in flight (its probe request closes when this aborts). */
  private checking: AbortController | undefined;
  /** Failed recovery checks in a row: the next wait is retryIntervalMs · 2^retryAttempt (capped). */
  private retryAttempt = 0;

  constructor(private readonly host: HealthHost) {}

  get isBlocked(): boolean {
    return this.blocked !== undefined;
  }

  /** New settings: a new backend, nothing known of it yet. */
  reset(): void {
    this.blocked = undefined;
    this.lastError = undefined;
    this.lastSecondaryError = undefined;
    this.lastInternal = undefined;
    this.retryAttempt = 0;
    this.stop();
  }

  stop(): void {
    clearTimeout(this.checkTimer);
    this.checkTimer = undefined;
    this.checking?.abort();
    this.checking = undefined;
  }

  /** A request failed for good (after its own retry). */
  failed(error: ModelError, task: 'ner' | 're' | 'nli'): void {
    if (task === 'ner') this.lastError = error;
    else this.lastSecondaryError = { task, error };
    if (BLOCKING.has(error.kind)) this.block(error, true);
    else {
      // Transient (a 500, a cut stream, a timeout): the failed work is tried again after a wait.
      this.scheduleCheck();
      this.host.changed();
    }
  }

  /** An unexpected error failed a request: a bug to show and log, not the server's state. */
  internalError(error: InternalError): void {
    this.lastInternal = error;
    this.host.internalError(error);
    this.host.changed();
  }

  /**
   * Work went well: `answered` (a success while an error was shown) means the trouble is
   * over; `allClear` (work finished without a failure anywhere) also restarts the backoff.
   */
  succeeded(answered: boolean, allClear: boolean): void {
    if (this.blocked) return;
    if (answered) {
      this.lastError = undefined;
      this.lastSecondaryError = undefined;
      this.lastInternal = undefined;
    }
    if (allClear) {
      this.retryAttempt = 0;
      this.stop();
    }
  }

  /**
   * The user asks to try again: checks the server now and, if it is there, resumes all
   * unfinished work at once; the backoff starts over.
   */
  async retry(): Promise<void> {
    this.stop();
    this.retryAttempt = 0;
    const probe = await this.host.backend().probe();
    if (probe.reachable && probe.modelPresent) this.recover();
    else if (!probe.error || BLOCKING.has(probe.error.kind)) this.block(probe.error, false);
    else {
      // Another failure (e.g. a 401 from an OpenAI-compatible server): an error, not a wait.
      this.lastError = probe.error;
      this.host.changed();
    }
  }

  /** The health's word on the status, given the work counts; undefined when all is well. */
  status(counts: WorkCounts): HealthStatus | undefined {
    // No countdown: a toast or tooltip showing it is not redrawn as the seconds pass, so it goes stale.
    const retrying = this.checkTimer ? ' (checking again automatically)' : '';
    if (this.blocked) {
      const b = this.blocked;
      const state = BLOCKING.has(b.kind) ? (b.kind as HealthStatus['state']) : 'error';
      return { state, message: this.blockedByGeneration ? `Generation failed: ${generationFailure(b)}${retrying}` : `${b.message}${retrying}` };
    }
    if (counts.pending > 0) {
      // Work waits at the gate (serverGate.ts): say why it is slow, and when the next request goes.
      const gate = gateOf(this.host.ctx());
      const overload = gate.overload;
      if (!overload) return { state: 'analysing' };
      const wait = gate.waitMs();
      const next = wait > 0 ? `the next in ${seconds(wait)} s` : 'the next now';
      return { state: 'analysing', message: `The model server is overloaded (${generationFailure(overload)}): one request at a time, ${next}` };
    }
    const anyFailed = counts.failed + counts.relationsFailed + counts.nliFailed > 0;
    if (anyFailed && this.lastInternal) return { state: 'error', message: internalErrorMessage(this.lastInternal) };
    if (counts.failed > 0 && this.lastError) {
      return { state: 'error', message: `Generation failed for ${counts.failed} request(s): ${generationFailure(this.lastError)}${retrying}` };
    }
    const secondary = this.lastSecondaryError;
    if (counts.relationsFailed + counts.nliFailed > 0 && secondary) {
      const what = [
        counts.relationsFailed ? `relations failed for ${counts.relationsFailed}` : '',
        counts.nliFailed ? `NLI checks failed for ${counts.nliFailed}` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      return { state: 'error', message: `Entities are shown, but ${what} request(s): ${generationFailure(secondary.error)}${retrying}` };
    }
    return undefined;
  }

  /** The server is down or lacks the model: wait for it instead of failing every request. */
  private block(error: ModelError | undefined, byGeneration: boolean): void {
    this.blocked = error ?? new ModelError('unreachable', `The model server is not usable: ${this.host.backend().description}`);
    this.blockedByGeneration = byGeneration && !!error;
    this.lastError = this.blocked;
    if (this.blocked.kind !== 'remote-refused') this.scheduleCheck();
    this.host.changed();
  }

  /** The next recovery check, after the backoff wait (one at a time). */
  private scheduleCheck(): void {
    if (this.checkTimer || this.checking) return;
    if (this.blocked?.kind === 'remote-refused') return;
    const options = this.host.options();
    // Never before the server's own Retry-After (or the gate's backoff) is over.
    const gateWait = gateOf(this.host.ctx()).waitMs();
    this.checkDelayMs = Math.max(gateWait, backoffDelay(this.retryAttempt, options.retryIntervalMs, retryCapMs(options)));
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
    } catch (err) {
      // A model failure is one more failed check; anything else is a bug, logged (never taken for the server's answer).
      const error = classifyError(err, 'recovery check');
      if (error instanceof InternalError) this.host.internalError(error);
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
    this.host.changed();
  }

  private async probe(signal: AbortSignal): Promise<'recovered' | 'failing' | 'nothing'> {
    const failure = this.host.ctx().lastFailure;
    const backend = this.host.backend();
    let listed = false;
    if (this.blocked) {
      const probe = await backend.probe(signal).catch((err: unknown) => {
        // A model failure here (a cancelled or broken listing) reads as "not there"; anything else is a bug (check() logs it).
        const error = classifyError(err, 'model server probe');
        if (error instanceof InternalError) throw error;
        return { reachable: false, modelPresent: false, error: undefined };
      });
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
    } else if (!this.host.hasFailedWork() || !failure) {
      return this.host.hasFailedWork() ? 'recovered' : 'nothing';
    }
    // The request goes through the gate like any other (Retry-After, one at a time).
    let pass: Pass | undefined;
    try {
      pass = await gateOf(this.host.ctx()).acquire(signal);
      await backend.generate(failure.request, signal);
      pass.succeeded();
      return 'recovered';
    } catch (err) {
      pass?.failed(err);
      if (signal.aborted) return 'nothing';
      const classified = classifyError(err, 'recovery check generation');
      if (classified instanceof InternalError) throw classified;
      let error = classified;
      if (listed && error.kind === 'model-missing') {
        // Not something `ollama pull` mends: the server lists the model but will not run it.
        const { model } = backend.serving();
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

  private recover(): void {
    this.blocked = undefined;
    this.blockedByGeneration = false;
    this.lastError = undefined;
    this.lastSecondaryError = undefined;
    this.stop();
    this.host.resume();
    this.host.changed();
  }
}
