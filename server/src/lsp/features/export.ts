/** The export command: the note's complete analysis through the writers the CLI uses (export.ts). */
import { ExportRequest } from '../../protocol/protocol';
import { ServerContext } from '../context';
import { exportDocument } from '../export';

/** How long an export waits for the analysis of a note just opened to start (its settings arrive first). */
const EXPORT_WAIT_FOR_ANALYSIS_MS = 5000;

export function registerExport(ctx: ServerContext): void {
  ctx.runner.noteRequest(ExportRequest, null, async (session, params, token) => {
    const version = session.doc!.version;
    await session.currentAnalysis(EXPORT_WAIT_FOR_ANALYSIS_MS, token);
    // A settings change may replace the analysis of the same version: follow it.
    for (let current = session.current(); current; current = session.current()) {
      if (current.doc.version !== version) break;
      await current.analysis.whenComplete();
      if (!current.analysis.isDisposed) return exportDocument(params.uri, current.analysis, params.format);
    }
    throw new Error('The note changed while it was being exported; export again.');
  });
}
