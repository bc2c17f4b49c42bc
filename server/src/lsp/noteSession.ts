/**
 * One open note's server-side state. Everything the server keeps per note lives in its
 * NoteSession and goes in one `close()`: a feature that needs a new per-note value adds a
 * field here (and, if it holds a timer or a reporter, a line to `close`), never a map of
 * its own keyed by URI. The registry creates a session when the editor opens a note and
 * drops it when the editor closes it; a request for a note without a session gets its
 * default answer.
 */
import { CancellationToken, Disposable, TextDocuments, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CurationStore, NoteAnalysis, FewShotExample, Workspace } from '../engine';
import type { Settings } from './settings';

/** The note's text as the editor has it, with the analysis of exactly that version. */
export interface CurrentAnalysis {
  doc: TextDocument;
  analysis: NoteAnalysis;
}

export class NoteSession {
  /** This note's own settings (resource scope), asked of the client once per settings change. */
  settings?: Promise<Settings>;
  /** The few-shot examples its current analysis was planned with (compared by identity). */
  examplesUsed?: readonly FewShotExample[];
  /** What the published diagnostics were built from, and what they were: nothing is sent twice. */
  diagnosticsState?: string;
  diagnosticsSent?: string;
  /** The instruction-like sentences last logged (logged once per change of them). */
  injectionsLogged = '';
  /** The semantic tokens last sent, so that the next request can be answered with a delta. */
  sentTokens?: { resultId: string; data: number[] };
  /** The analysis-changed notice waiting to go (at most one per 250 ms). */
  overviewTimer?: NodeJS.Timeout;
  /** The work-done progress shown while the model works on this note, and its update timer. */
  progress?: { reporter: WorkDoneProgressServerReporter; timer?: NodeJS.Timeout };
  /** The note's curation store (curation.ts), where curation is on for it, and its write waiting for typing to pause. */
  curation?: CurationStore;
  curationWrite?: NodeJS.Timeout;
  /** Why its store was refused (another note owns the .ann), and the refusals already shown to the user. */
  curationRefused?: string;
  curationShown?: Set<string>;
  /** Run once on close: what other modules hold for the note (the curation store's pending write). */
  private readonly disposables: Disposable[] = [];
  /** Waiters for an analysis of the note's current version (currentAnalysis). */
  private readonly waiters = new Set<() => void>();
  private closedFlag = false;

  constructor(
    readonly uri: string,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly workspace: Workspace,
    private readonly onClose: (session: NoteSession) => void,
  ) {}

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

  /** Something to release when the note closes. */
  onDispose(disposable: Disposable): void {
    this.disposables.push(disposable);
  }

  /** Stops what would send later (the server shuts down: nothing is sent after that). */
  stopTimers(): void {
    clearTimeout(this.overviewTimer);
    this.overviewTimer = undefined;
    clearInterval(this.progress?.timer);
    this.progress = undefined;
  }

  /** The note closed: every timer stops, every waiter is answered, the registry forgets it. */
  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    const progress = this.progress;
    this.stopTimers();
    progress?.reporter.done();
    for (const d of this.disposables.splice(0)) d.dispose();
    // (Its pending write went out with the disposables above.)
    this.curation = undefined;
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
  ) {}

  /** The session of a note the editor opened (a second open of the same URI keeps the first). */
  open(uri: string): NoteSession {
    let session = this.sessions.get(uri);
    if (!session) {
      session = new NoteSession(uri, this.documents, this.workspace, (s) => {
        if (this.sessions.get(s.uri) === s) this.sessions.delete(s.uri);
      });
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
