/**
 * The open documents and their analyses, and the overall state (what the model server's
 * clock says, clock/serverClock.ts, with the work counts: clock/clockStatus.ts).
 * Decides when work happens: an edit makes a new analysis at once (cache hits only, so
 * highlights of unchanged sentences stay), model work starts after the debounce, and the
 * previous version's jobs are released (a job still needed by the new version lives on).
 */
import { performance } from 'node:perf_hooks';
import { MAX_TIMER_MS } from '../models/deadline';
import { EngineConfig } from '../config';
import { InternalError } from '../errors';
import { ServingBackend } from '../models/backend';
import { AnalysisConfig, DocumentAnalysis } from './analysis';
import { Engine } from './engine';
import type { NoteAnalysis } from './noteAnalysis';
import type { CurationConfig } from '../curation/fewShot';
import { EngineContext } from './modelCall';
import { clockStatus, ServerWait } from './clock/clockStatus';
import { ServerClock } from './clock/serverClock';
import { TASK_KINDS, TaskKind } from './taskTable';

/** `waiting`: work waits on an overloaded model server (429/503); the status names the HTTP status and the next try. */
export type WorkspaceState = 'idle' | 'analysing' | 'waiting' | 'ready' | 'unreachable' | 'model-missing' | 'remote-refused' | 'error';

export interface WorkspaceStatus {
  state: WorkspaceState;
  done: number;
  total: number;
  message?: string;
  tokensPerSecond?: number;
  /** While `waiting`: the server's HTTP status and when the next try goes. */
  wait?: ServerWait;
}

export interface WorkspaceEvents {
  /** New results for the current version of `uri`. */
  onResults?(uri: string, analysis: DocumentAnalysis): void;
  /** The overall state or counts changed. */
  onStatus?(status: WorkspaceStatus): void;
  /** Analysis of `uri` needs model work / finished it (for progress reporting). */
  onWorkStarted?(uri: string, analysis: DocumentAnalysis): void;
  /** An unexpected error (a bug, errors.ts): the server logs it with its stack. Required: a bug must never pass in silence. */
  onInternalError(error: InternalError): void;
}

interface OpenDocument {
  uri: string;
  analysis?: DocumentAnalysis;
  timer?: NodeJS.Timeout;
  visible?: { start: number; end: number };
  /** Why the document is not analysed (too large, binary). */
  notice?: string;
}

/** How often a status whose counts alone changed goes to the front end (ms). */
const STATUS_INTERVAL_MS = 100;

export class Workspace {
  private readonly docs = new Map<string, OpenDocument>();
  private lastStatus = '';
  /** The state and message of the last status sent, when, and the timer of the counts waiting (publishStatus). */
  private lastKind = '';
  private lastSentAt = -Infinity;
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  private recentSpeed: number | undefined;
  private readonly stopListening: () => void;

  constructor(
    readonly engine: Engine,
    private readonly events: WorkspaceEvents,
  ) {
    this.health.attach({
      backend: () => this.backend,
      hasFailedWork: () => this.hasFailedWork(),
      resume: () => this.resume(),
      internalError: (error) => this.events.onInternalError(error),
    });
    this.stopListening = this.health.onChange(() => this.publishStatus());
    // The status carries the requests in flight and queued (a front end reads them with it).
    this.ctx.scheduler.onCountsChanged = () => this.publishStatus();
  }

  /** The model server's clock: admission, waits, recovery (clock/serverClock.ts). */
  private get health(): ServerClock {
    return this.engine.clock;
  }

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
    // The engine resets the server's clock with the new settings.
    this.engine.reconfigure(config);
  }

  current(uri: string): DocumentAnalysis | undefined {
    return this.docs.get(uri)?.analysis;
  }

  /**
   * A document opened or changed. Results for unchanged sentences are available at once;
   * model work starts after the debounce (or now, for `immediate`).
   */
  update(
    uri: string,
    version: number,
    text: string,
    config: AnalysisConfig,
    opts: { immediate?: boolean; ignoreCache?: boolean } = {},
  ): DocumentAnalysis | undefined {
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
    const analysis = new DocumentAnalysis(
      uri,
      version,
      text,
      config,
      this.ctx,
      {
        onProgress: (a) => this.progress(a),
        onError: (_a, error, task) => this.health.failed(error, task),
        onInternalError: (_a, error) => this.health.internalError(error),
      },
      { ignoreCache: opts.ignoreCache, previous },
    );
    doc.analysis = analysis;
    // Released only now, so jobs the new version adopted keep running.
    previous?.dispose();
    const start = () => {
      doc.timer = undefined;
      if (doc.analysis !== analysis || this.health.isBlocked) return;
      analysis.start(doc.visible);
      if (!analysis.isComplete) this.events.onWorkStarted?.(uri, analysis);
    };
    if (opts.immediate || this.options.debounceMs === 0) start();
    else doc.timer = setTimeout(start, Math.min(this.options.debounceMs, MAX_TIMER_MS));
    this.events.onResults?.(uri, analysis);
    this.publishStatus();
    return analysis;
  }

  /**
   * A note opened or changed, with its own settings: the front end says what it wants, the
   * engine derives what the analysis asks for (profile, limits) with the model serving now
   * (await `engine.serving()` first, for an `auto` chain to choose). Curated examples go
   * only to the json layout: the medtuned training layout has none.
   */
  updateNote(
    uri: string,
    version: number,
    text: string,
    settings: EngineConfig,
    opts: { immediate?: boolean; ignoreCache?: boolean; curation?: CurationConfig } = {},
  ): NoteAnalysis | undefined {
    const { curation, ...rest } = opts;
    const config = this.engine.analysisConfigOf(settings);
    return this.update(uri, version, text, curation && config.profile.name === 'json' ? { ...config, curation } : config, rest);
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
    clearTimeout(this.statusTimer);
    this.health.stop();
    this.health.attach(undefined);
    this.stopListening();
    this.ctx.scheduler.onCountsChanged = undefined;
  }

  /**
   * The user asks to try again: checks the server now and, if it is there, resumes all
   * unfinished work at once; the backoff starts over.
   */
  async retry(): Promise<WorkspaceStatus> {
    await this.health.retry();
    return this.status();
  }

  status(): WorkspaceStatus {
    let done = 0;
    let total = 0;
    let pending = 0;
    const failed = Object.fromEntries(TASK_KINDS.map((kind) => [kind, 0])) as Record<TaskKind, number>;
    for (const doc of this.docs.values()) {
      const a = doc.analysis;
      if (!a) continue;
      done += a.sentencesDone();
      total += a.sentences.length;
      for (const kind of TASK_KINDS) failed[kind] += a.failedOf(kind);
      pending += a.pending;
    }
    const speed = this.recentSpeed;
    const health = clockStatus(this.health, { failed, pending });
    if (health) return { ...health, done, total, tokensPerSecond: speed };
    const notices = [...this.docs.values()].map((d) => d.notice).filter((n): n is string => !!n);
    if (this.docs.size === 0) return { state: 'idle', done, total };
    return { state: 'ready', done, total, message: notices[0] ?? this.unreadableNotice(), tokensPerSecond: speed };
  }

  /**
   * Answers in no layout the profile reads look like "no entities": said, so that notes with
   * nothing highlighted are not taken for notes with nothing in them (the CLI warns alike).
   */
  private unreadableNotice(): string | undefined {
    const doc = [...this.docs.values()].find((d) => (d.analysis?.unreadableAnswers() ?? 0) > 0);
    if (!doc) return undefined;
    const { profile, model } = doc.analysis!.config;
    // No count: the status is logged once for each message, not once for each answer.
    return (
      `Answers of the model for entities held nothing the ${profile.name} prompt profile reads (no ${profile.nerLayout}), ` +
      `so their sentences show no entities: is ${model} a model for that profile? (biomedNlp.profile)`
    );
  }

  private refusal(text: string): string | undefined {
    if (text.length > this.options.maxDocumentLength) {
      // Not its exact length: the message stays the same while the note is typed in.
      return `This document is longer than biomedNlp.maxDocumentLength (${this.options.maxDocumentLength} characters); it is not analysed.`;
    }
    // NUL characters do not occur in text notes: this is a binary file opened as text.
    // Looked for in the whole text (one pass, bounded by maxDocumentLength above): a NUL
    // past the first few kilobytes was once sent to the model.
    if (text.includes('\u0000')) return 'This looks like a binary file (it holds a NUL character); it is not analysed.';
    return undefined;
  }

  private progress(analysis: DocumentAnalysis): void {
    const stats = this.ctx.stats;
    if (stats.evalMs > 0) this.recentSpeed = (stats.evalTokens / stats.evalMs) * 1000;
    if (this.current(analysis.uri) === analysis) this.events.onResults?.(analysis.uri, analysis);
    // A success while an error was shown means the trouble is over; work finished without
    // a failure anywhere also restarts the backoff.
    const answered = analysis.done > 0 && analysis.failed === 0;
    const allClear = analysis.isComplete && analysis.failed === 0 && !this.hasFailedWork();
    if (answered || allClear) this.health.succeeded(answered, allClear);
    this.publishStatus();
  }

  private hasFailedWork(): boolean {
    for (const doc of this.docs.values()) if (doc.analysis && !doc.analysis.isDisposed && doc.analysis.failed > 0) return true;
    return false;
  }

  /** The server is back: the failed and waiting work of every open document starts again. */
  private resume(): void {
    for (const doc of this.docs.values()) {
      const a = doc.analysis;
      if (!a || a.isDisposed || doc.timer) continue;
      a.start(doc.visible, { retryFailed: true });
      if (!a.isComplete) this.events.onWorkStarted?.(doc.uri, a);
    }
  }

  /**
   * The status to the front end when it changed. Counts (sentences done, requests in flight)
   * change with every answer and every request: those go at most every STATUS_INTERVAL_MS,
   * the latest always last (a timer), so a fast model does not make the front end redraw, nor
   * the server serialise, hundreds of statuses a second beside the user's keystrokes. A new
   * state or message goes at once, and takes the place of any count still waiting.
   */
  private publishStatus(): void {
    const status = this.status();
    const key = JSON.stringify({ ...status, tokensPerSecond: status.tokensPerSecond?.toFixed(0), requests: this.engine.requests() });
    if (key === this.lastStatus) return;
    // The monotonic clock: a wall clock that a time service steps lets two counts through closer
    // than the interval (91 ms once, on a busy CI machine), or holds them for a step back.
    const now = performance.now();
    const sameKind = `${status.state}\u0000${status.message ?? ''}` === this.lastKind;
    if (sameKind && now - this.lastSentAt < STATUS_INTERVAL_MS) {
      this.statusTimer ??= setTimeout(
        () => {
          this.statusTimer = undefined;
          this.publishStatus();
        },
        STATUS_INTERVAL_MS - (now - this.lastSentAt),
      );
      return;
    }
    clearTimeout(this.statusTimer);
    this.statusTimer = undefined;
    this.lastStatus = key;
    this.lastKind = `${status.state}\u0000${status.message ?? ''}`;
    this.lastSentAt = now;
    this.events.onStatus?.(status);
  }
}
