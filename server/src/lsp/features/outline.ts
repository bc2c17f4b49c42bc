/**
 * The Outline (document symbols) and the side panel's overview, both read from the
 * current version's analysis as it stands (symbols.ts): neither waits for the model.
 */
import { NoteOverviewRequest } from '../../protocol/protocol';
import { ServerContext } from '../context';
import type { Curation } from '../curation';
import { shownEntities } from '../curatedEntities';
import { documentSymbols, noteOverview } from '../symbols';

/** Where curation is on, both show the entities as curated (a curation action sends biomedNlp/analysisChanged, so the client asks again). */
export function registerOutline(ctx: ServerContext, curation: Curation): void {
  const { connection, runner } = ctx;

  // Answered at once, whatever the model does: the sections need no model (with no analysis
  // of this version yet, they come from the text). Entities come as they are found: VS Code
  // asks once per version, so the client asks again on biomedNlp/analysisChanged
  // (client/src/outlineRefresh.ts); another client asks again when it likes (a new
  // publishDiagnostics or semantic tokens refresh is a good moment: docs/how-to/other-editors.md).
  connection.onDocumentSymbol(
    runner.forNote(
      'textDocument/documentSymbol',
      (p) => p.textDocument.uri,
      null,
      (session) => {
        const doc = session.doc;
        if (!doc) return null;
        // VS Code's Outline shows the detail; other clients' symbol lists show kind and name only.
        const analysis = session.current()?.analysis;
        return documentSymbols(doc, analysis, shownEntities(curation, session.uri, analysis), { typeInName: !ctx.support.custom });
      },
    ),
  );

  runner.noteRequest(NoteOverviewRequest, null, (session) => {
    const current = session.current();
    return current ? noteOverview(current.doc, current.analysis, shownEntities(curation, session.uri, current.analysis), ctx.settings.deidentify.show) : null;
  });
}
