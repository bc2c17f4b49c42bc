/**
 * One open note's server-side state. Everything the server keeps per note lives in its
 * NoteSession, private, behind methods that say what a feature may do with it (publish
 * diagnostics once per change, answer tokens with a delta, schedule a notice or a write),
 * and goes in one `close()`: a feature that needs a new per-note value adds a private
 * field and its methods here (and, if it holds a timer or a reporter, a line to `close`),
 * never a map of its own keyed by URI. The registry creates a session when the editor opens a note and
 * drops it when the editor closes it; a request for a note without a session gets its
 * default answer.
 */
import {
  CancellationToken,
  Diagnostic,
  PublishDiagnosticsParams,
  SemanticTokens,
  SemanticTokensDelta,
  TextDocuments,
  WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CurationStore, NoteAnalysis, FewShotExample, Workspace } from '../engine';
import { plainArray, tokenEdits } from './semanticTokens';
import type { Settings } from './settings';

/**
 * A work-done progress (LSP window/workDoneProgress) shown for a note, and its update timer.
 * Not the protocol's NoteProgress, which counts the note's work done for the status item.
 */
export interface WorkProgress {
  reporter: WorkDoneProgressServerReporter;
  timer?: NodeJS.Timeout;
}

/** The note's text as the editor has it, with the analysis of exactly that version. */
export interface CurrentAnalysis {
  doc: TextDocument;
  analysis: NoteAnalysis;
}

/** Ids of the token results sent, across sessions: a reopened note never reuses an id its editor may still name. */
let tokenResults = 0;

export class NoteSession {
  // Every per-note value is private: features read and change it through the methods below.
  /** This note's own settings (resource scope), asked of the client once per settings change. */
  private settings?: Promise<Settings>;
  /** The few-shot examples its current analysis was planned with (compared by identity). */
  private examplesUsed?: readonly FewShotExample[];
  /** What the published diagnostics were built from, and what they were: nothing is sent twice. */
  private diagnosticsState?: string;
  private diagnosticsSent?: string;
  /** The instruction-like sentences last logged (logged once per change of them). */
  private injectionsLogged = '';
  /** The semantic tokens last sent, so that the next request can be answered with a delta. */
  private sentTokens?: { resultId: string; data: ArrayLike<number> };
  /** What waits to go, by kind: the analysis-changed notice, the diagnostics (one of each at a time). */
  private readonly waiting = new Map<'overview' | 'diagnostics', NodeJS.Timeout>();
  /** The work-done progress shown while the model works on this note, and its update timer. */
  private shownProgress?: WorkProgress;
  /** The note's curation store (curation.ts), where curation is on for it, and its write waiting for typing to pause. */
  private store?: CurationStore;
  private storeWrite?: NodeJS.Timeout;
  /** Why its store was refused (another note owns the .ann), and the refusals already shown to the user. */
  private storeRefused?: string;
  private readonly refusalsShown = new Set<string>();
  /** What closing the note runs to write what typing moved (the first store's; set once). */
  private closingWrite?: () => void;
  /** Waiters for an analysis of the note's current version (currentAnalysis). */
  private readonly waiters = new Set<() => void>();
  private closedFlag = false;

  constructor(
    readonly uri: string,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly workspace: Workspace,
    private readonly onClose: (session: NoteSession) => void,
    /** Where diagnostics go (the connection). */
    private readonly sendDiagnostics: (params: PublishDiagnosticsParams) => Promise<void>,
  ) {}

  /** The note's own settings: those asked already, or `ask()`'s, kept until `forgetSettings()`. */
  settingsOr(ask: () => Promise<Settings>): Promise<Settings> {
    return (this.settings ??= ask());
  }

  /** Settings changed: the note asks for its own again. */
  forgetSettings(): void {
    this.settings = undefined;
  }

  /** The analysis of the note now is planned with `examples` (curated few-shot examples, or none). */
  plannedWith(examples: readonly FewShotExample[] | undefined): void {
    this.examplesUsed = examples;
  }

  /** Whether the note's analysis was planned with exactly `examples` (by identity). */
  isPlannedWith(examples: readonly FewShotExample[] | undefined): boolean {
    return this.examplesUsed === examples;
  }

  /** Whether the diagnostics need building again: what they are built from (`state`) changed since last asked. */
  diagnosticsNeeded(state: string): boolean {
    if (this.diagnosticsState === state) return false;
    this.diagnosticsState = state;
    return true;
  }

  /** Publishes the diagnostics of `version`, unless they are those sent last. */
  publishDiagnostics(version: number, diagnostics: Diagnostic[]): Promise<void> {
    const key = JSON.stringify([version, diagnostics]);
    if (this.diagnosticsSent === key || this.closedFlag) return Promise.resolve();
    this.diagnosticsSent = key;
    return this.sendDiagnostics({ uri: this.uri, version, diagnostics });
  }

  /** Whether `line` (the instruction-like sentences, or '' for none) differs from the one logged last; remembers it. */
  injectionsChanged(line: string): boolean {
    if (this.injectionsLogged === line) return false;
    this.injectionsLogged = line;
    return true;
  }

  /** The note's tokens as sent now, in full: their result id, remembered for the next delta. */
  tokensSent(data: ArrayLike<number>): string {
    const resultId = String(++tokenResults);
    this.sentTokens = { resultId, data };
    return resultId;
  }

  /** The note's tokens now against those of `previousResultId`: as edits when that is what the editor has, else in full. */
  tokenDelta(previousResultId: string, data: ArrayLike<number>): SemanticTokens | SemanticTokensDelta {
    const before = this.sentTokens;
    const resultId = this.tokensSent(data);
    return before?.resultId === previousResultId ? { resultId, edits: tokenEdits(before.data, data) } : { resultId, data: plainArray(data) };
  }

  /** Runs `notice` after `ms`, unless one is waiting already (then that one goes). */
  scheduleOverview(ms: number, notice: () => void): void {
    this.after('overview', ms, notice);
  }

  /** Publishes the diagnostics after `ms`, unless a publication is waiting already (a burst of answers is one). */
  scheduleDiagnostics(ms: number, publish: () => void): void {
    this.after('diagnostics', ms, publish);
  }

  private after(kind: 'overview' | 'diagnostics', ms: number, run: () => void): void {
    if (this.waiting.has(kind) || this.closedFlag) return;
    this.waiting.set(
      kind,
      setTimeout(() => {
        this.waiting.delete(kind);
        run();
      }, ms),
    );
  }

  /** The work-done progress shown for the note, if any. */
  get progress(): WorkProgress | undefined {
    return this.shownProgress;
  }

  /** Shows `progress` for the note (it ends with the note, or with `endProgress`). */
  showProgress(progress: WorkProgress): void {
    this.shownProgress = progress;
  }

  /** `progress` ended (its timer is cleared by whoever ends it). */
  endProgress(progress: WorkProgress): void {
    if (this.shownProgress === progress) this.shownProgress = undefined;
  }

  /** The note's curation store, where curation is on for it. */
  get curation(): CurationStore | undefined {
    return this.store;
  }

  /** Curation opened (a store) or closed (undefined) for the note; an open store clears an earlier refusal. */
  setCuration(store: CurationStore | undefined): void {
    this.store = store;
    this.storeRefused = undefined;
  }

  /** Why curation was refused for the note (another note owns its .ann), if it was. */
  get curationRefused(): string | undefined {
    return this.storeRefused;
  }

  refuseCuration(reason: string | undefined): void {
    this.storeRefused = reason;
  }

  /** Whether `message` is shown to the user for the first time while the note is open (then it counts as shown). */
  firstShown(message: string): boolean {
    if (this.refusalsShown.has(message)) return false;
    this.refusalsShown.add(message);
    return true;
  }

  /** Runs `write` after `ms`, in place of a write waiting already (typing pauses). */
  scheduleCurationWrite(ms: number, write: () => void): void {
    clearTimeout(this.storeWrite);
    this.storeWrite = setTimeout(write, ms);
  }

  /** `write` runs when the note closes (set once: a later call keeps the first). */
  writeCurationOnClose(write: () => void): void {
    this.closingWrite ??= write;
  }

  /** Cancels the write waiting, if one is; says whether one was. */
  takeCurationWrite(): boolean {
    const waiting = this.storeWrite !== undefined;
    clearTimeout(this.storeWrite);
    this.storeWrite = undefined;
    return waiting;
  }

  get isClosed(): boolean {
    return this.closedFlag;
  }

  get doc(): TextDocument | undefined {
    return this.closedFlag ? undefined : this.documents.get(this.uri);
  }

  /** The current version's analysis, or undefined when there is none (yet) for this text. */
  current(): CurrentAnalysis | undefined {
    const doc = this.doc;
    const analysis = doc && this.workspace.current(this.uri);
    return doc && analysis && analysis.version === doc.version ? { doc, analysis } : undefined;
  }

  /**
   * The analysis of the note's current version: at once if there is one, else once the
   * Workspace reports one (its results event), giving up after `timeoutMs`, on
   * cancellation or when the note closes (then undefined).
   */
  currentAnalysis(timeoutMs: number, token: CancellationToken = CancellationToken.None): Promise<CurrentAnalysis | undefined> {
    const now = this.current();
    if (now || this.closedFlag || token.isCancellationRequested) return Promise.resolve(now);
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(deadline);
        cancelled.dispose();
        this.waiters.delete(check);
        resolve(this.current());
      };
      const check = () => {
        if (this.closedFlag || this.current()) finish();
      };
      const deadline = setTimeout(finish, timeoutMs);
      const cancelled = token.onCancellationRequested(finish);
      this.waiters.add(check);
    });
  }

  /** The Workspace has new results for this note (a new analysis or more of one). */
  analysisChanged(): void {
    for (const check of [...this.waiters]) check();
  }

  /** Stops what would send later (the server shuts down: nothing is sent after that). */
  stopTimers(): void {
    for (const timer of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
    clearInterval(this.shownProgress?.timer);
    this.shownProgress = undefined;
  }

  /** The note closed: every timer stops, every waiter is answered, the registry forgets it. */
  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    const progress = this.shownProgress;
    this.stopTimers();
    progress?.reporter.done();
    // What typing moved is written before the store goes.
    this.closingWrite?.();
    this.store = undefined;
    this.sentTokens = undefined;
    this.analysisChanged();
    this.onClose(this);
  }
}

/** The open notes' sessions, by URI. */
export class NoteSessions {
  private readonly sessions = new Map<string, NoteSession>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly workspace: Workspace,
    private readonly sendDiagnostics: (params: PublishDiagnosticsParams) => Promise<void>,
  ) {}

  /** The session of a note the editor opened (a second open of the same URI keeps the first). */
  open(uri: string): NoteSession {
    let session = this.sessions.get(uri);
    if (!session) {
      session = new NoteSession(
        uri,
        this.documents,
        this.workspace,
        (s) => {
          if (this.sessions.get(s.uri) === s) this.sessions.delete(s.uri);
        },
        this.sendDiagnostics,
      );
      this.sessions.set(uri, session);
    }
    return session;
  }

  get(uri: string): NoteSession | undefined {
    return this.sessions.get(uri);
  }

  all(): NoteSession[] {
    return [...this.sessions.values()];
  }

  /** The server shuts down: no session sends anything later. */
  stopAll(): void {
    for (const s of this.all()) s.stopTimers();
  }
}
