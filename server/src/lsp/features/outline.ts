/**
 * The Outline (document symbols) and the side panel's overview, both read from the
 * current version's analysis (symbols.ts).
 */
import { CancellationToken } from 'vscode-languageserver';
import { NoteOverviewRequest } from '../../protocol/protocol';
import { ServerContext } from '../context';
import { CurrentAnalysis, NoteSession } from '../noteSession';
import { documentSymbols, noteOverview } from '../symbols';

/** How long the Outline waits for the analysis of a version to exist, then for its entities. */
const OUTLINE_WAIT_FOR_ANALYSIS_MS = 5000;
const OUTLINE_WAIT_FOR_ENTITIES_MS = 10_000;

/**
 * The analysis of the version the note had when asked, once complete, within `timeoutMs`;
 * a settings change may replace the analysis of the same version: it is followed. Whatever
 * is known when the time is up, the version changes or the request is cancelled.
 */
async function completeAnalysis(session: NoteSession, version: number, timeoutMs: number, token: CancellationToken): Promise<CurrentAnalysis | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (let current = session.current(); current && current.doc.version === version && !token.isCancellationRequested; current = session.current()) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    let timer: NodeJS.Timeout | undefined;
    let cancelled: { dispose(): void } | undefined;
    await Promise.race([
      current.analysis.whenComplete(),
      new Promise((r) => (timer = setTimeout(r, left))),
      new Promise((r) => (cancelled = token.onCancellationRequested(r))),
    ]);
    clearTimeout(timer);
    cancelled?.dispose();
    if (current.analysis.isComplete && !current.analysis.isDisposed) break;
  }
  return session.current();
}

export function registerOutline(ctx: ServerContext): void {
  const { connection, runner } = ctx;

  // VS Code asks once per version (the Outline does not ask again when entities arrive), so
  // the answer waits a little for the analysis: up to 5 s for it to exist, then up to 10 s for
  // its entities; later it lists what is known.
  connection.onDocumentSymbol(
    runner.forNote(
      'textDocument/documentSymbol',
      (p) => p.textDocument.uri,
      null,
      async (session, _params, token) => {
        const version = session.doc!.version;
        await session.currentAnalysis(OUTLINE_WAIT_FOR_ANALYSIS_MS, token);
        const latest = await completeAnalysis(session, version, OUTLINE_WAIT_FOR_ENTITIES_MS, token);
        return latest ? documentSymbols(latest.doc, latest.analysis) : null;
      },
    ),
  );

  runner.noteRequest(NoteOverviewRequest, null, (session) => {
    const current = session.current();
    return current ? noteOverview(current.doc, current.analysis) : null;
  });
}
