/** What a command's model cache did, for its summary: reused answers, and what it could not trust or use. */
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
  const out = `Model cache ${store.dir}: ${engine.stats().cacheHits} answers reused, ${store.entries} kept (${mb} MB).`;
  return { out, err };
}
