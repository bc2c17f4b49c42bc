/**
 * Status and progress: the status bar's notification (with the open notes' own counts; to
 * other clients, an outage as a warning message, outageMessage.ts),
 * a work-done progress for analyses that still need the model a while after they start
 * (LTeX-style), and the side panel's notice that a note's overview changed.
 */
import { MessageType, ShowMessageNotification } from 'vscode-languageserver';
import { NoteAnalysis, serverClock, WorkspaceStatus } from '../../engine';
import { AnalysisChangedNotification, NotesProgressNotification, StatusNotification, StatusParams } from '../../protocol/protocol';
import { ServerContext } from '../context';
import { NoteSession, WorkProgress } from '../noteSession';
import { isOutage, outageMessage } from '../outageMessage';
import { noteProgress } from '../symbols';

/** How long an analysis works before it shows a progress, and how often that is updated. */
const PROGRESS_AFTER_MS = 500;
const PROGRESS_EVERY_MS = 250;
/** The panel hears of a note's changes at most this often. */
const OVERVIEW_NOTICE_MS = 250;

export interface StatusFeature {
  sendStatus(status: WorkspaceStatus): void;
  /** Tells the client (at most every 250 ms per note) that a note's overview changed. */
  scheduleOverviewNotice(uri: string): void;
}

export function registerStatus(ctx: ServerContext): StatusFeature {
  const { connection, workspace } = ctx;

  /**
   * The speed only when it was measured: generated tokens over at least 0.2 s of generation
   * as the model server timed it (a stand-in server or cached answers give none).
   */
  function measuredSpeed(status: WorkspaceStatus): number | undefined {
    const { evalTokens, evalMs } = workspace.engine.stats();
    return evalTokens > 0 && evalMs >= 200 && Number.isFinite(status.tokensPerSecond) ? status.tokensPerSecond : undefined;
  }

  /** The last status sent: a work-done progress says what the analysis waits for. */
  let lastStatus: WorkspaceStatus | undefined;

  function sendStatus(status: WorkspaceStatus): void {
    lastStatus = status;
    if (ctx.shutDown) return;
    const settings = ctx.settings;
    const serving = workspace.backend.serving();
    const profile = workspace.engine.profile(settings.engine).name;
    const requests = workspace.engine.requests();
    const params: StatusParams = { ...status, ...serving, profile, tokensPerSecond: measuredSpeed(status), requests };
    // A missing embedding model never fails NLI; the status says why premises are ranked without it.
    const embeddingModel = settings.engine.nli.embeddingModel;
    const embedProblem = embeddingModel ? workspace.engine.embeddingProblem(embeddingModel) : undefined;
    if (embedProblem && status.state === 'ready' && !status.message) {
      params.message = `NLI premises are ranked without embeddings: ${embedProblem}`;
    }
    ctx.notify(StatusNotification, params);
    if (!ctx.support.custom) showOutage(params);
    sendNotesProgress();
    // Said in the log once, not again for each status that repeats it (a keystroke in a note too long to analyse).
    const line = status.message && status.state !== 'analysing' ? `[status] ${status.state}: ${status.message}` : undefined;
    if (line && line !== lastLogged) connection.console.info(line);
    lastLogged = line;
  }
  let lastLogged: string | undefined;

  /**
   * A client without Biomed NLP's status item is told of an outage once, as a warning with
   * the way forward: again only after the model answered ("ready", or "idle" with nothing left
   * to ask) or for another kind of outage. A note analysed again while the model is still away
   * ("analysing", "waiting") keeps the outage, as the server's own checks do.
   */
  let outageShown: string | undefined;
  function showOutage(params: StatusParams): void {
    if (!isOutage(params.state)) {
      if (params.state === 'ready' || params.state === 'idle') outageShown = undefined;
      return;
    }
    if (outageShown === params.state) return;
    outageShown = params.state;
    const message = outageMessage(params);
    // A notification: a request (showMessageRequest) would wait on the user, and some clients prompt for it.
    if (message) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  }

  /** Each open note's own counts, so that the status speaks of the note in front of the user. */
  let lastNotesProgress = '';
  /**
   * Each open note's counts to the client. The PHI is counted only where found already, never
   * found here (finding it inside a change of state made the real editor's statement check wait
   * for the model's return, test/e2e/roughEdges.test.ts; why was not traced). The overview's
   * timer has it found in slices first (wholePhi).
   */
  function sendNotesProgress(): void {
    if (!ctx.support.custom) return;
    const notes: Record<string, ReturnType<typeof noteProgress>> = {};
    for (const session of ctx.sessions.all()) {
      const current = session.current();
      if (current) notes[session.uri] = noteProgress(current.analysis, ctx.settings.deidentify.show && 'known');
    }
    const key = JSON.stringify(notes);
    if (key === lastNotesProgress) return;
    lastNotesProgress = key;
    ctx.notify(NotesProgressNotification, { notes });
  }

  async function reportProgress(session: NoteSession, analysis: NoteAnalysis): Promise<void> {
    if (!ctx.support.progress || session.progress) return;
    await new Promise((r) => setTimeout(r, PROGRESS_AFTER_MS));
    if (analysis.isComplete || analysis.isDisposed || ctx.shutDown || session.isClosed || session.progress) return;
    const reporter = await connection.window.createWorkDoneProgress();
    if (session.isClosed || session.progress) return reporter.done();
    const progress: WorkProgress = { reporter };
    session.showProgress(progress);
    reporter.begin('Biomed NLP', 0, 'analysing', false);
    progress.timer = setInterval(() => {
      const current = workspace.current(session.uri);
      if (!current || current.isComplete || current.isDisposed || ctx.shutDown) {
        clearInterval(progress.timer);
        if (!ctx.shutDown) reporter.done();
        session.endProgress(progress);
        return;
      }
      const percent = current.sentences.length ? Math.round((100 * current.sentencesDone()) / current.sentences.length) : 100;
      const counts = `${current.sentencesDone()}/${current.sentences.length} sentences`;
      reporter.report(percent, [waitingFor(lastStatus), counts].filter(Boolean).join(' · '));
    }, PROGRESS_EVERY_MS);
  }

  function scheduleOverviewNotice(uri: string): void {
    const session = ctx.sessions.get(uri);
    if (!ctx.support.custom || ctx.shutDown || !session) return;
    session.scheduleOverview(OVERVIEW_NOTICE_MS, () => {
      const current = session.current();
      if (!current || ctx.shutDown) return;
      // The PHI counted once found in slices: a huge note's rules would hold every request for seconds.
      if (ctx.settings.deidentify.show) void current.analysis.wholePhi().then((all) => all && !ctx.shutDown && sendNotesProgress());
      else sendNotesProgress();
      ctx.notify(AnalysisChangedNotification, { uri, version: current.doc.version });
    });
  }

  ctx.status.event((status) => sendStatus(status));
  ctx.results.event(({ uri }) => scheduleOverviewNotice(uri));
  ctx.workStarted.event(({ uri, analysis }) => {
    const session = ctx.sessions.get(uri);
    if (session) void reportProgress(session, analysis);
  });
  return { sendStatus, scheduleOverviewNotice };
}

/** What an analysis waits for, in a progress's few words: an overloaded server and its next try, or an outage. */
function waitingFor(status: WorkspaceStatus | undefined): string | undefined {
  if (status?.state === 'waiting') {
    const http = status.wait?.httpStatus ? ` (HTTP ${status.wait.httpStatus})` : '';
    const next = status.wait?.nextTryAt ? `, next try at ${serverClock.timeOfDay(status.wait.nextTryAt)}` : '';
    return `waiting for the model server${http}${next}`;
  }
  return status && isOutage(status.state) ? `paused: ${status.state.replace('-', ' ')}` : undefined;
}
