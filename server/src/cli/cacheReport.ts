/**
 * What a command's model cache did, for its summary: the answers used, how many came from
 * the cache and how many from the model (the two add up), what is kept, and what it could
 * not trust or use.
 */
import type { Engine } from '../engine';

/** Lines for stdout (what was reused) and stderr (what went wrong); none without --cache / $BIOMED_CACHE_DIR. */
export function cacheReport(engine: Engine): { out?: string; err: string[] } {
  const { store } = engine.cache.describe();
  if (!store) return { err: [] };
  const err: string[] = [];
  if (store.problem) err.push(store.problem);
  if (store.corrupt) err.push(`Model cache: ${store.corrupt} answer(s) in ${store.dir} were torn or changed on disk and were dropped (asked again).`);
  if (store.foreign) err.push(`Model cache: ${store.dir} held a file of another format or version; it was moved aside (answers.log.foreign) and not read.`);
  const mb = (store.bytes / 1024 / 1024).toFixed(1);
  const { cacheHits, answered } = engine.stats();
  const out = `Model cache ${store.dir}: ${cacheHits + answered} answers used, ${cacheHits} from the cache and ${answered} from the model; ${store.entries} kept (${mb} MB).`;
  return { out, err };
}
