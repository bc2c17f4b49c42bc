/**
 * The open documents and their analyses, the model's health and the overall state.
 * Decides when work happens: an edit makes a new analysis at once (cache hits only, so
 * highlights of unchanged sentences stay), model work starts after the debounce, and the
 * previous version's jobs are released (a job still needed by the new version lives on).
 */
import { EngineConfig } from '../config';
import { ServingBackend } from '../models/backend';
import { ModelError, ModelErrorKind } from '../types';
import { AnalysisConfig, DocumentAnalysis } from './analysis';
import { Engine } from './engine';
import { EngineContext } from './modelCall';

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

export class Workspace {
  private readonly docs = new Map<string, OpenDocument>();
  private blocked: ModelError | undefined;
  private lastError: ModelError | undefined;
  /** The last failure of relation or NLI work, which leaves entities standing. */
  private lastSecondaryError: { task: 're' | 'nli'; error: ModelError } | undefined;
  private healthTimer: NodeJS.Timeout | undefined;
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
    this.stopHealthChecks();
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
    }, { ignoreCache: opts.ignoreCache });
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
    this.stopHealthChecks();
  }

  /** Checks the server now and, if it is back, resumes all unfinished work. */
  async retry(): Promise<WorkspaceStatus> {
    const probe = await this.backend.probe();
    if (probe.reachable && probe.modelPresent) this.recover();
    else if (!probe.error || BLOCKING.has(probe.error.kind)) this.block(probe.error);
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
    if (this.blocked) {
      return { state: this.blocked.kind as WorkspaceState, done, total, message: this.blocked.message, tokensPerSecond: speed };
    }
    if (pending > 0) return { state: 'analysing', done, total, tokensPerSecond: speed };
    if (failed > 0 && this.lastError) {
      return { state: 'error', done, total, message: `${failed} request(s) failed: ${this.lastError.message}`, tokensPerSecond: speed };
    }
    const secondary = this.lastSecondaryError;
    if (relationsFailed + nliFailed > 0 && secondary) {
      const what = [relationsFailed ? `relations failed for ${relationsFailed}` : '', nliFailed ? `NLI checks failed for ${nliFailed}` : '']
        .filter(Boolean)
        .join(' and ');
      const message = `Entities are shown, but ${what} request(s): ${secondary.error.message}`;
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
    this.publishStatus();
  }

  private failed(_analysis: DocumentAnalysis, error: ModelError, task: 'ner' | 're' | 'nli'): void {
    if (task === 'ner') this.lastError = error;
    else this.lastSecondaryError = { task, error };
    if (BLOCKING.has(error.kind)) this.block(error);
    else this.publishStatus();
  }

  /** The server is down or lacks the model: wait for it instead of failing every request. */
  private block(error: ModelError | undefined): void {
    this.blocked = error ?? new ModelError('unreachable', `The model server is not usable: ${this.backend.description}`);
    this.lastError = this.blocked;
    if (this.blocked.kind !== 'remote-refused') this.startHealthChecks();
    this.publishStatus();
  }

  private startHealthChecks(): void {
    if (this.healthTimer) return;
    const tick = async () => {
      this.healthTimer = undefined;
      if (!this.blocked) return;
      const probe = await this.backend.probe().catch(() => ({ reachable: false, modelPresent: false, error: undefined }));
      if (!this.blocked) return;
      if (probe.reachable && probe.modelPresent) return this.recover();
      // The reason may change (the server came back without the model): say the new one.
      if (probe.error && BLOCKING.has(probe.error.kind) && probe.error.kind !== this.blocked.kind) {
        this.blocked = probe.error;
        this.publishStatus();
      }
      this.healthTimer = setTimeout(tick, this.options.retryIntervalMs);
    };
    this.healthTimer = setTimeout(tick, this.options.retryIntervalMs);
  }

  private stopHealthChecks(): void {
    clearTimeout(this.healthTimer);
    this.healthTimer = undefined;
  }

  private recover(): void {
    this.blocked = undefined;
    this.lastError = undefined;
    this.lastSecondaryError = undefined;
    this.stopHealthChecks();
    for (const doc of this.docs.values()) {
      const a = doc.analysis;
      if (!a || a.isDisposed || doc.timer) continue;
      a.start(doc.visible);
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
