/**
 * The model results' cache key: everything that decides the answer (the sentence text, the
 * model, the profile, the task and the prompt version), hashed, so the cache (an LruCache)
 * holds no note text in its keys.
 */
import { createHash } from 'node:crypto';

export interface CacheKeyParts {
  text: string;
  model: string;
  profile: string;
  task: string;
  promptVersion: string;
}

export function cacheKey(parts: CacheKeyParts): string {
  const h = createHash('sha256');
  for (const v of [parts.text, parts.model, parts.profile, parts.task, parts.promptVersion]) {
    h.update(v);
    h.update('\u0000');
  }
  return h.digest('hex');
}

// The bounded LRU (engine/lru.ts) is shared with linking (a layer below); the model cache's users import it from here.
export { LruCache } from '../lru';
