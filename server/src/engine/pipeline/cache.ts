/**
 * The model results' cache: the key is everything that decides the answer (the sentence
 * text, the model, the profile, the task and the prompt version), hashed, so no key holds
 * note text. In memory a bounded LRU; with a folder (the editor's storage, --cache DIR) the
 * answers also go to disk (answerStore.ts) and outlive the process.
 */
import { createHash } from 'node:crypto';
import { LruCache } from '../lru';
import { AnswerStore, StoreStats } from './answerStore';

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

/** What the engine asks of its cache of model results. */
export interface ModelCache {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  /** Forgets every answer, on disk too; returns how many were held. */
  clear(): number;
  /** Answers kept in memory at most. */
  readonly capacity: number;
  /** Answers held, and on disk what the store counted (undefined in memory only). */
  describe(): { inMemory: number; store?: StoreStats & { dir: string; problem?: string } };
  close(): void;
}

/** Answers in memory only: gone when the process ends. */
export class MemoryCache implements ModelCache {
  private readonly lru: LruCache<unknown>;
  constructor(capacity: number) {
    this.lru = new LruCache<unknown>(capacity);
  }
  get capacity(): number {
    return this.lru.capacity;
  }
  get(key: string): unknown {
    return this.lru.get(key);
  }
  set(key: string, value: unknown): void {
    this.lru.set(key, value);
  }
  clear(): number {
    const n = this.lru.size;
    this.lru.clear();
    return n;
  }
  describe(): { inMemory: number } {
    return { inMemory: this.lru.size };
  }
  close(): void {}
}

/** Answers in memory (the recent ones, parsed) over the answers on disk (all within the bound). */
export class PersistentCache implements ModelCache {
  private readonly lru: LruCache<unknown>;
  readonly store: AnswerStore;

  constructor(capacity: number, dir: string, maxBytes: number) {
    this.lru = new LruCache<unknown>(capacity);
    this.store = new AnswerStore(dir, maxBytes);
  }

  get capacity(): number {
    return this.lru.capacity;
  }

  get(key: string): unknown {
    const hit = this.lru.get(key);
    if (hit !== undefined) {
      this.store.touch(key);
      return hit;
    }
    const json = this.store.read(key);
    if (json === undefined) return undefined;
    const value = revive(JSON.parse(json));
    this.lru.set(key, value);
    return value;
  }

  set(key: string, value: unknown): void {
    this.lru.set(key, value);
    this.store.write(key, JSON.stringify(value));
  }

  clear(): number {
    const n = Math.max(this.lru.size, this.store.snapshot().entries);
    this.lru.clear();
    this.store.clear();
    return n;
  }

  describe(): { inMemory: number; store: StoreStats & { dir: string; problem?: string } } {
    return { inMemory: this.lru.size, store: { ...this.store.snapshot(), dir: this.store.dir, problem: this.store.problem } };
  }

  close(): void {
    this.store.close();
  }
}

/**
 * JSON writes an array's undefined (a relation pair the answer gave no label) as null; an
 * answer read back has it undefined again, as the parser made it. No answer holds null.
 */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = value[i] === null ? undefined : revive(value[i]);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) revive(v);
  }
  return value;
}

// The bounded LRU (engine/lru.ts) is shared with linking (a layer below); the model cache's users import it from here.
export { LruCache } from '../lru';
