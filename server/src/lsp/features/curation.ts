/**
 * Curation requests (lsp/curation.ts holds each note's store, curationActions.ts what an
 * action does): curate, the review's progress and the agreement with the model. A curation
 * change restyles the tokens, changes the panel's figures and may change the few-shot
 * examples of the note's folder.
 */
import {
  CurateParams,
  CurateRequest,
  CurateResult,
  CurationAgreementRequest,
  CurationChangedNotification,
  CurationReviewRequest,
} from '../../protocol/protocol';
import { ServerContext } from '../context';
import { Curation } from '../curation';
import { executeCuration } from '../curationActions';
import { folderOf } from './examples';

export interface CurationFeature {
  readonly curation: Curation;
  /** One curation action (a code action's command, or the client's keyboard commands). */
  curate(params: CurateParams): CurateResult;
}

export function registerCuration(ctx: ServerContext): CurationFeature {
  const curationEnabled = async (uri: string) => (await ctx.settingsFor(uri)).curation.enabled;
  const curation = new Curation(ctx.connection, ctx.notify, ctx.documents, ctx.sessions, curationEnabled);

  function curate(params: CurateParams): CurateResult {
    const result = executeCuration(curation, params);
    const folder = folderOf(params.uri);
    if (result.changed && folder !== undefined) curation.examplesChanged.fire(folder);
    // The store changed (a quick fix's command as much as a keyboard command): every count
    // shown of it (the status bar's review, the panel) is asked again now, not when next asked.
    if (result.changed) ctx.notify(CurationChangedNotification, { uri: params.uri, enabled: true });
    return result;
  }

  // A note that is not open is refused with a message (curate), or has no review (null).
  ctx.runner.request(CurateRequest, (params) => curate(params));
  ctx.runner.noteRequest(CurationReviewRequest, null, (session) => curation.review(session.uri));
  ctx.runner.noteRequest(CurationAgreementRequest, null, (session) => curation.agreement(session.uri));
  // What typing moved is written before the server goes.
  ctx.shuttingDown.event(() => curation.flushAll());
  return { curation, curate };
}
