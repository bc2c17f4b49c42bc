/** The hover on an entity (as curated, where curation is on) or on PHI, and the relations of the note for the client's views. */
import { RelationsRequest } from '../../protocol/protocol';
import { ServerContext } from '../context';
import { Curation } from '../curation';
import { entityHover, plainTextHover, relationCommandLinks } from '../hover';
import { lspRange, Span } from '../ranges';
import { phiAt, withPhiHover } from '../phi';

export function registerHover(ctx: ServerContext, curation: Curation): void {
  const { connection, runner } = ctx;

  connection.onHover(
    runner.forNote(
      'textDocument/hover',
      (p) => p.textDocument.uri,
      null,
      (session, params) => {
        const current = session.current();
        if (!current) return null;
        // Where curation is on, each relation can be accepted or rejected from the hover itself
        // (links to commands of Biomed NLP's client: for no other client, nor in plain text).
        const links = curation.isActive(session.uri) && ctx.support.custom && !ctx.support.plainHover;
        const relationActions = links ? relationCommandLinks(current.doc) : undefined;
        // The hover follows the curation store (a rejected suggestion is no entity); none while its text lags the note's.
        const store = curation.storeOf(session.uri);
        const offset = current.doc.offsetAt(params.position);
        const entity = entityHover(current.doc, current.analysis, offset, { relationActions, curation: store });
        const phi = ctx.settings.deidentify.show ? phiAt(current.analysis.sentencePhi({ start: offset, end: offset + 1 }), offset) : undefined;
        const hover = phi ? withPhiHover(current.doc, phi, entity) : entity;
        if (!hover) return null;
        return ctx.support.plainHover ? plainTextHover(hover) : hover;
      },
    ),
  );

  runner.noteRequest(RelationsRequest, null, (session) => {
    const current = session.current();
    if (!current) return null;
    const { doc, analysis } = current;
    const range = (r: Span) => lspRange(doc, r);
    const end = (m: { start: number; end: number; text: string; type: string }) => ({ range: range(m), text: m.text, type: m.type });
    return {
      version: doc.version,
      // Relations are looked for once the analysis starts (after the debounce).
      pending: !analysis.isComplete || !analysis.isStarted,
      relations: analysis.relations().map((r) => ({
        label: r.label,
        head: end(r.head),
        tail: end(r.tail),
        sentence: range(r.sentence),
        sentences: r.sentences.map(range),
        ...(r.untrained ? { untrained: true } : {}),
      })),
    };
  });
}
