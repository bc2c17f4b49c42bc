/**
 * A bounded LRU of model results, keyed by everything that decides the answer: the
 * sentence text, the model, the profile, the task and the prompt version. The key is a
 * hash, so the cache holds no note text in its keys.
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

export class LruCache<V> {
  private readonly map = new Map<string, V>();
  hits = 0;
  misses = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-insert so the entry becomes the most recently used.
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      this.map.delete(this.map.keys().next().value as string);
    }
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}
