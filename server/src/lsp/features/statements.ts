/** The user's own statement checked against the note (NLI), at user priority while the user waits. */
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { ModelError, NoteAnalysis, statementRefusal } from '../../engine';
import { CheckStatementRequest, MODEL_UNAVAILABLE_CODE, ModelUnavailableData } from '../../protocol/protocol';
import { ServerContext } from '../context';
import { lspRange, offsetSpan } from '../ranges';
import { cancelledError } from '../runner';

export function registerStatementChecks(ctx: ServerContext): void {
  ctx.runner.request(CheckStatementRequest, async (params, token) => {
    // A statement, not a document: a longer text is refused before anything reaches the model.
    const refused = typeof params.hypothesis === 'string' ? statementRefusal(params.hypothesis.trim()) : undefined;
    if (refused) throw new ResponseError(ErrorCodes.InvalidParams, refused);
    const current = ctx.sessions.get(params.uri)?.current();
    if (!current || !params.hypothesis?.trim()) return null;
    const { doc, analysis } = current;
    const within = params.range && offsetSpan(doc, params.range);
    // The user's priority lasts while the user waits: a cancelled request releases its jobs.
    const controller = new AbortController();
    const listener = token.onCancellationRequested(() => controller.abort());
    if (token.isCancellationRequested) controller.abort();
    let result: Awaited<ReturnType<NoteAnalysis['checkStatement']>>;
    try {
      result = await analysis.checkStatement(
        params.hypothesis.trim(),
        { within: within && within.end > within.start ? within : undefined, exclude: params.exclude && offsetSpan(doc, params.exclude) },
        controller.signal,
      );
    } catch (err) {
      if (controller.signal.aborted) throw cancelledError();
      // No model answered: a code of its own, so that the client waits for one (not a bug, not the statement's fault).
      if (err instanceof ModelError && err.kind !== 'cancelled')
        throw new ResponseError<ModelUnavailableData>(MODEL_UNAVAILABLE_CODE, err.message, { kind: err.kind });
      throw err;
    } finally {
      listener.dispose();
    }
    return {
      label: result.label,
      evidence: result.evidence.map((e) => ({ range: lspRange(doc, e), text: e.text })),
    };
  });
}
