/**
 * The model cache in the editor: *Clear the Model Cache* (biomedNlp/clearModelCache, or the
 * command for other clients), and what the cache on disk could not trust or use, said in
 * the log once per change (counts and the folder; never an answer).
 */
import { ClearModelCacheRequest, ClearModelCacheResult } from '../../protocol/protocol';
import { ServerContext } from '../context';

export interface ModelCacheFeature {
  clear(): ClearModelCacheResult;
  /** The message a client without Biomed NLP's own command shows for a clearing. */
  clearedMessage(result: ClearModelCacheResult): string;
}

export function registerModelCache(ctx: ServerContext): ModelCacheFeature {
  const { connection, runner, workspace } = ctx;
  let logged = '';

  function clear(): ClearModelCacheResult {
    const cache = workspace.engine.cache;
    const { store } = cache.describe();
    const cleared = cache.clear();
    connection.console.info(`Biomed NLP: the model cache was cleared (${cleared} answers${store ? ` in ${store.dir}` : ', in memory'}).`);
    return { cleared, dir: store?.dir };
  }

  /** Problems of the cache on disk, once per change of what there is to say. */
  function report(): void {
    const { store } = workspace.engine.cache.describe();
    if (!store) return;
    const lines = [
      store.problem,
      store.corrupt ? `Model cache: ${store.corrupt} answer(s) in ${store.dir} were torn or changed on disk; dropped, they will be asked again.` : '',
      store.foreign ? `Model cache: ${store.dir} held a file of another format or version; it was moved aside (answers.log.foreign) and not read.` : '',
    ].filter(Boolean);
    const said = lines.join('\n');
    if (said === logged || ctx.shutDown) return;
    logged = said;
    for (const line of lines) connection.console.warn(line!);
  }

  runner.request(ClearModelCacheRequest, () => clear());
  ctx.settingsApplied.event(report);
  ctx.documents.onDidOpen(report);
  return {
    clear,
    clearedMessage: (r) =>
      `Biomed NLP: the model cache is empty (${r.cleared} answers removed${r.dir ? ` from ${r.dir}` : ''}); every sentence will be asked again.`,
  };
}
