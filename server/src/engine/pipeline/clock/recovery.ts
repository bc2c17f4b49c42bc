/**
 * The clock's recovery (serverClock.ts owns it): a server that failed work for good is
 * blocked (down, without the model, or a refused remote host: no new work is sent until a
 * recovery check succeeds) or failing (a request failed after every try: the failed work is
 * sent again once a check succeeds). One recovery check at a time; its wait doubles per
 * failed check up to the cap, with jitter, and never ends before admission's wait
 * (Retry-After). Knows nothing of documents: the host (the workspace) says whether failed
 * work remains and resumes it when the server is back.
 *
 * An unexpected error (errors.ts) is no state of the server: it is shown as a bug of the
 * extension until work succeeds again, never blocks, and never starts a recovery check.
 */
import { TASK_KINDS, TaskKind } from '../taskTable';
import { classifyError, InternalError } from '../../errors';
import { ServingBackend } from '../../models/backend';
import { ModelError, ModelRequest } from '../../types';
import type { Admission, Pass } from './admission';
import { BLOCKING } from './failures';
import { backoffDelay, ClockOptions } from './waits';

/** What recovery needs of the workspace around it. */
export interface RecoveryHost {
  backend(): ServingBackend;
  /** Some open document has failed work. */
  hasFailedWork(): boolean;
  /** The server is back: start the failed and waiting work again. */
  resume(): void;
  /** An unexpected error, to be logged with its stack. */
  internalError(error: InternalError): void;
}

/** The last request that failed for good (after its tries), with why: a recovery check sends it again. */
export interface FailedRequest {
  /** A task of the table, or another caller's name for its request (`ask`). */
  task: string;
  request: ModelRequest;
  error: ModelError;
}

/** What the failures say, for the status. */
export interface FailureNotes {
  /** The server is blocked by this; `byGeneration`: a generation said so (not the model listing). */
  blocked?: { error: ModelError; byGeneration: boolean };
  /** The last failure of entity work. */
  lastError?: ModelError;
  /** The last failure of relation or NLI work, which leaves entities standing. */
  lastSecondary?: { task: Exclude<TaskKind, 'ner'>; error: ModelError };
  /** The last unexpected error, shown until work succeeds again. */
  lastInternal?: InternalError;
  /** A recovery check is scheduled or under way. */
  checking: boolean;
}

export class Recovery {
  private blocked: ModelError | undefined;
  private blockedByGeneration = false;
  private lastError: ModelError | undefined;
  private lastSecondary: { task: Exclude<TaskKind, 'ner'>; error: ModelError } | undefined;
  private lastInternal: InternalError | undefined;
  private checkTimer: NodeJS.Timeout | undefined;
  /** The recovery check in flight (its probe request closes when this aborts). */
  private checking: AbortController | undefined;
  /** Failed recovery checks in a row: the next wait is probeBaseMs · 2^attempt (capped). */
  private attempt = 0;

  constructor(
    private readonly admission: Admission,
    private readonly options: () => ClockOptions,
    private readonly lastFailure: () => FailedRequest | undefined,
    private readonly changed: () => void,
    private host: RecoveryHost | undefined = undefined,
  ) {}

  attach(host: RecoveryHost | undefined): void {
    this.host = host;
  }

  get isBlocked(): boolean {
    return this.blocked !== undefined;
  }

  get notes(): FailureNotes {
    return {
      blocked: this.blocked ? { error: this.blocked, byGeneration: this.blockedByGeneration } : undefined,
      lastError: this.lastError,
      lastSecondary: this.lastSecondary,
      lastInternal: this.lastInternal,
      checking: this.checkTimer !== undefined,
    };
  }

  reset(): void {
    this.blocked = undefined;
    this.lastError = undefined;
    this.lastSecondary = undefined;
    this.lastInternal = undefined;
    this.attempt = 0;
    this.stop();
  }

  stop(): void {
    clearTimeout(this.checkTimer);
    this.checkTimer = undefined;
    this.checking?.abort();
    this.checking = undefined;
  }

  failed(error: ModelError, task: TaskKind): void {
    if (task === 'ner') this.lastError = error;
    else this.lastSecondary = { task, error };
    if (BLOCKING.has(error.kind)) this.block(error, true);
    else {
      // Transient (a 500 after every try, a timeout): the failed work is tried again after a wait.
      this.scheduleCheck();
      this.changed();
    }
  }

  internalError(error: InternalError): void {
    this.lastInternal = error;
    this.host?.internalError(error);
    this.changed();
  }

  succeeded(answered: boolean, allClear: boolean): void {
    if (this.blocked) return;
    if (answered) {
      this.lastError = undefined;
      this.lastSecondary = undefined;
      this.lastInternal = undefined;
    }
    if (allClear) {
      this.attempt = 0;
      this.stop();
    }
  }

  async retry(): Promise<void> {
    const host = this.host;
    if (!host) return;
    this.stop();
    this.attempt = 0;
    const probe = await host.backend().probe();
    if (probe.reachable && probe.modelPresent) this.recover();
    else if (!probe.error || BLOCKING.has(probe.error.kind)) this.block(probe.error, false);
    else {
      // Another failure (e.g. a 401 from an OpenAI-compatible server): an error, not a wait.
      this.lastError = probe.error;
      this.changed();
    }
  }

  /** The server is down or lacks the model: wait for it instead of failing every request. */
  private block(error: ModelError | undefined, byGeneration: boolean): void {
    const description = this.host?.backend().description ?? 'the model server';
    this.blocked = error ?? new ModelError('unreachable', `The model server is not usable: ${description}`);
    this.blockedByGeneration = byGeneration && !!error;
    this.lastError = this.blocked;
    if (this.blocked.kind !== 'remote-refused') this.scheduleCheck();
    this.changed();
  }

  /** The next recovery check, after the backoff wait (one at a time); none without a host to resume. */
  private scheduleCheck(): void {
    if (!this.host || this.checkTimer || this.checking) return;
    if (this.blocked?.kind === 'remote-refused') return;
    const { probeBaseMs, capMs } = this.options();
    // Never before the server's own Retry-After (or admission's backoff) is over.
    const delay = Math.max(this.admission.waitMs(), backoffDelay(this.attempt, probeBaseMs, capMs));
    this.checkTimer = setTimeout(() => void this.check(), delay);
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
      if (error instanceof InternalError) this.host?.internalError(error);
      outcome = 'failing';
    } finally {
      if (this.checking === controller) this.checking = undefined;
    }
    if (controller.signal.aborted) return;
    if (outcome === 'recovered') return this.recover();
    if (outcome === 'failing') {
      this.attempt++;
      this.scheduleCheck();
    }
    this.changed();
  }

  private async probe(signal: AbortSignal): Promise<'recovered' | 'failing' | 'nothing'> {
    const host = this.host;
    if (!host) return 'nothing';
    const failure = this.lastFailure();
    const backend = host.backend();
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
    } else if (!host.hasFailedWork() || !failure) {
      return host.hasFailedWork() ? 'recovered' : 'nothing';
    }
    // The request goes through admission like any other (Retry-After, one at a time).
    let pass: Pass | undefined;
    try {
      pass = await this.admission.acquire(signal);
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
      else if (isSecondary(failure.task)) this.lastSecondary = { task: failure.task, error };
      return 'failing';
    }
  }

  private recover(): void {
    this.blocked = undefined;
    this.blockedByGeneration = false;
    this.lastError = undefined;
    this.lastSecondary = undefined;
    this.stop();
    this.host?.resume();
    this.changed();
  }
}

/** A task of the table other than entities (whose failures the status names apart). */
function isSecondary(task: string): task is Exclude<TaskKind, 'ner'> {
  return task !== 'ner' && (TASK_KINDS as readonly string[]).includes(task);
}
