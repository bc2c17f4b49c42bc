/**
 * What the engine derives from a sentence's text without the generation model, computed
 * once per distinct text and kept across document versions: an edit re-derives only the
 * sentences it changed. Bounded LRUs, so a long session does not grow without limit; the keys
 * are the texts themselves, held in memory only (never logged or written anywhere).
 */
import { classifyError, InternalError } from '../errors';
import { injectionRule, isRoleSection } from '../tasks/injection';
import { Terms, terms } from '../tasks/nli';
import { detectPhi } from '../tasks/phi/detect';
import type { PhiSpan } from '../tasks/phi/types';
import { ModelError } from '../types';
import { cacheKey, CacheKeyParts, LruCache } from './cache';

/** Texts the PHI rules ran on (cache misses), for tests of what an edit costs. */
export const phiWork = { texts: 0, lookups: 0 };

/** Distinct sentence texts remembered: a few 500,000-character notes' worth. */
const CAPACITY = 50_000;

export class FeatureCache {
  private readonly termsByText: LruCache<Terms>;
  private readonly injectionByText: LruCache<string>;
  private readonly phiByText: LruCache<readonly PhiSpan[]>;
  /** Sentence embeddings for NLI evidence retrieval (biomedNlp.nli.embeddingModel). */
  readonly embeddings: EmbeddingStore;

  /** `capacity`: distinct texts remembered (a corpus run keeps fewer: what recurs in nearby documents). */
  constructor(public capacity = CAPACITY) {
    this.termsByText = new LruCache<Terms>(capacity);
    this.injectionByText = new LruCache<string>(capacity);
    this.phiByText = new LruCache<readonly PhiSpan[]>(capacity);
    this.embeddings = new EmbeddingStore(capacity);
  }

  /**
   * Keeps at least twice `texts` texts (a note's segments, with room for its edited versions):
   * an LRU smaller than a note forgets, as it walks the note, each text just before it is
   * needed again, so every later pass over a huge note missed every text (at 50,000
   * sentences, planning NLI after each edit took 10 s instead of one pass of look-ups).
   */
  fit(texts: number): void {
    if (2 * texts <= this.capacity) return;
    this.capacity = 2 * texts;
    this.termsByText.grow(2 * texts);
    this.injectionByText.grow(2 * texts);
    this.phiByText.grow(2 * texts);
    this.embeddings.grow(2 * texts);
  }

  /** Word stems, clinical concepts and measured quantities (NLI evidence retrieval). */
  terms(text: string): Terms {
    let t = this.termsByText.get(text);
    if (!t) this.termsByText.set(text, (t = terms(text)));
    return t;
  }

  /** The injection rule a sentence matches in its section, or undefined (tasks/injection.ts). */
  injection(text: string, section: string): string | undefined {
    // The section decides alone or not at all, so the rule is kept by the text itself: a key
    // joining both was a new string per sentence and pass, copied and hashed each time.
    if (isRoleSection(section)) return 'role-marker';
    let rule = this.injectionByText.get(text);
    if (rule === undefined) this.injectionByText.set(text, (rule = injectionRule(text) ?? ''));
    return rule || undefined;
  }

  /** The PHI the rules find in a segment's text (tasks/phi/detect.ts), segment offsets; one frozen array per text. */
  phi(text: string): readonly PhiSpan[] {
    phiWork.lookups++;
    let spans = this.phiByText.get(text);
    if (!spans) {
      phiWork.texts++;
      this.phiByText.set(text, (spans = Object.freeze(detectPhi(text))));
    }
    return spans;
  }

  /**
   * The model-cache key of a task (a SHA-256 of its parts). Not memoised: a key is made once
   * per item (carry-over moves items with their keys), and a memo keyed by the parts held
   * every sentence's text again and cost more than the hash (a 5M-character note's profile).
   */
  cacheKey(parts: CacheKeyParts): string {
    return cacheKey(parts);
  }
}

/** What can embed texts: a serving backend with an embedding model (models/backend.ts). */
export interface Embedder {
  embed(texts: string[], signal: AbortSignal): Promise<number[][]>;
}

/** Texts per embedding request: one request for a note of ordinary length. */
const BATCH = 64;
/** After a failure (a missing embedding model, a server that cannot embed), how long before trying again. */
const RETRY_MS = 30_000;

/**
 * Embedding vectors per (embedding model, sentence text), fetched in batches and shared by
 * every version of every document: a text is embedded once, and a request in flight is
 * joined rather than repeated. A failure is remembered as `problem` (for the status) and
 * never thrown: retrieval goes on without vectors.
 */
export class EmbeddingStore {
  private readonly vectors: LruCache<Float32Array>;
  private readonly inFlight = new Map<string, Promise<void>>();
  private failure: { model: string; error: ModelError | InternalError; at: number } | undefined;
  /** Requests sent, and texts embedded (the bench and tests read them). */
  readonly stats = { requests: 0, texts: 0 };

  constructor(capacity: number) {
    this.vectors = new LruCache<Float32Array>(capacity);
  }

  /** Keeps at least `capacity` vectors from now on. */
  grow(capacity: number): void {
    this.vectors.grow(capacity);
  }

  get(model: string, text: string): Float32Array | undefined {
    return this.vectors.get(`${model}\u0000${text}`);
  }

  /** The last failure of `model`, while it stands (a success clears it). */
  problem(model: string): ModelError | InternalError | undefined {
    return this.failure?.model === model ? this.failure.error : undefined;
  }

  /**
   * Fetches the vectors `texts` lack; resolves when they are in or failed, or returns
   * undefined when there is nothing to wait for (all known, or the model failed recently).
   */
  fetch(embedder: Embedder, model: string, texts: readonly string[], timeoutMs: number): Promise<void> | undefined {
    if (this.failure?.model === model && Date.now() - this.failure.at < RETRY_MS) return undefined;
    const waits = new Set<Promise<void>>();
    const missing: string[] = [];
    for (const text of new Set(texts)) {
      const key = `${model}\u0000${text}`;
      if (this.vectors.get(key)) continue;
      const pending = this.inFlight.get(key);
      if (pending) waits.add(pending);
      else missing.push(text);
    }
    for (let i = 0; i < missing.length; i += BATCH) {
      const batch = missing.slice(i, i + BATCH);
      const job = this.request(embedder, model, batch, timeoutMs).finally(() => {
        for (const t of batch) this.inFlight.delete(`${model}\u0000${t}`);
      });
      for (const t of batch) this.inFlight.set(`${model}\u0000${t}`, job);
      waits.add(job);
    }
    return waits.size ? Promise.all(waits).then(() => undefined) : undefined;
  }

  private async request(embedder: Embedder, model: string, texts: string[], timeoutMs: number): Promise<void> {
    this.stats.requests++;
    try {
      const vectors = await embedder.embed(texts, AbortSignal.timeout(timeoutMs));
      if (vectors.length !== texts.length)
        throw new ModelError('bad-response', `The embedding model answered ${vectors.length} vectors for ${texts.length} texts.`);
      texts.forEach((t, i) => this.vectors.set(`${model}\u0000${t}`, Float32Array.from(vectors[i])));
      this.stats.texts += texts.length;
      if (this.failure?.model === model) this.failure = undefined;
    } catch (err) {
      // An unexpected error is kept as what it is (a bug, with its stack), not dressed up as the embedding model's.
      const error = classifyError(err, 'sentence embeddings');
      this.failure = { model, error, at: Date.now() };
    }
  }
}
