/**
 * Semantic tokens: the entities of the note's current version (or, where curation is on,
 * its curated entities and unreviewed suggestions) and the PHI the rules find, in full, as a delta against what was
 * sent last, or for a range (which the analysis then works on first).
 */
import { SemanticTokens, SemanticTokensDelta, SemanticTokensDeltaParams, SemanticTokensParams, SemanticTokensRangeParams } from 'vscode-languageserver';
import { Curation } from '../curation';
import { ServerContext } from '../context';
import { NoteSession } from '../noteSession';
import { offsetSpan, Span } from '../ranges';
import { encode, plainArray, sentenceTokens, toLineTokens } from '../semanticTokens';
import { NoteTokens } from '../tokenSplice';
import { phiMentions, SegmentPhi, withPhi } from '../phi';
import { NoteAnalysis } from '../../engine';

/** Results arrive one sentence at a time; the client re-requests tokens at most this often. */
const REFRESH_EVERY_MS = 150;

export interface TokensFeature {
  /** Asks the client to request tokens again (at most every 150 ms). */
  scheduleRefresh(): void;
}

export function registerSemanticTokens(ctx: ServerContext, curation: Curation): TokensFeature {
  const { connection, runner } = ctx;
  const empty: SemanticTokens = { data: [] };

  let refreshTimer: NodeJS.Timeout | undefined;
  function scheduleRefresh(): void {
    if (!ctx.support.refresh || refreshTimer || ctx.shutDown) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      if (!ctx.shutDown) void connection.languages.semanticTokens.refresh();
    }, REFRESH_EVERY_MS);
  }
  ctx.shuttingDown.event(() => clearTimeout(refreshTimer));

  function wholeSoFar(analysis: NoteAnalysis): readonly SegmentPhi[] {
    const known = analysis.knownPhi();
    if (known) return known;
    const soFar = analysis.phiSoFar();
    if (!analysis.knownPhi()) void analysis.wholePhi().then((all) => all && scheduleRefresh());
    return soFar;
  }

  /** Each note's tokens as last made in full, so that the next are made only where the note changed. */
  const kept = new WeakMap<NoteSession, NoteTokens>();

  /** The note's tokens (those of `range`, or all), encoded; only results of exactly this version are shown. */
  function noteTokens(session: NoteSession, range?: Span): ArrayLike<number> {
    const doc = session.doc;
    if (!doc) return [];
    const analysis = session.current()?.analysis;
    // PHI (phi.ts): the rules' spans of the segments, cached per segment text by the engine.
    // The whole note's as far as found: a huge note's are found in slices, and the tokens asked again when all are.
    const phi = ctx.settings.deidentify.show && analysis ? (range ? analysis.sentencePhi(range) : wholeSoFar(analysis)) : [];
    const curated = curation.mentions(session.uri, range);
    if (curated) return encode(toLineTokens(doc, phi.length ? [...phiMentions(phi), ...curated] : curated, range));
    const entities = analysis?.sentenceEntities(range);
    if (!entities) return [];
    const sentences = phi.length ? withPhi(entities, phi) : entities;
    if (range) return encode(sentenceTokens(doc, sentences, range));
    let tokens = kept.get(session);
    if (!tokens) kept.set(session, (tokens = new NoteTokens()));
    return tokens.encoded(doc, sentences);
  }

  const uriOf = (p: { textDocument: { uri: string } }) => p.textDocument.uri;
  connection.languages.semanticTokens.on(
    runner.forNote<SemanticTokensParams, SemanticTokens>('textDocument/semanticTokens/full', uriOf, empty, (session) => {
      const data = noteTokens(session);
      return { resultId: session.tokensSent(data), data: plainArray(data) };
    }),
  );

  connection.languages.semanticTokens.onDelta(
    runner.forNote<SemanticTokensDeltaParams, SemanticTokens | SemanticTokensDelta>(
      'textDocument/semanticTokens/full/delta',
      uriOf,
      empty,
      (session, params) => {
        // The editor's tokens are those of the result it names, or it gets them all.
        return session.tokenDelta(params.previousResultId, noteTokens(session));
      },
    ),
  );

  connection.languages.semanticTokens.onRange(
    runner.forNote<SemanticTokensRangeParams, SemanticTokens>('textDocument/semanticTokens/range', uriOf, empty, (session, params) => {
      const doc = session.doc!;
      const range = offsetSpan(doc, params.range);
      // Remembered even before the first analysis exists: its work will start with this range.
      ctx.workspace.prioritise(doc.uri, range);
      return { data: plainArray(noteTokens(session, range)) };
    }),
  );

  ctx.results.event(() => scheduleRefresh());
  return { scheduleRefresh };
}
