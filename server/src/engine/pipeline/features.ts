/**
 * What the engine derives from a sentence's text without the model, computed once per
 * distinct text and kept across document versions: an edit re-derives only the sentences
 * it changed. Bounded LRUs, so a long session does not grow without limit; the keys are
 * the texts themselves, held in memory only (never logged or written anywhere).
 */
import { injectionRule } from '../tasks/injection';
import { Terms, terms } from '../tasks/nli';
import { cacheKey, CacheKeyParts, LruCache } from './cache';

/** Distinct sentence texts remembered: a few 500,000-character notes' worth. */
const CAPACITY = 50_000;

export class FeatureCache {
  private readonly termsByText = new LruCache<Terms>(CAPACITY);
  private readonly injectionByText = new LruCache<string>(CAPACITY);
  private readonly keys = new LruCache<string>(CAPACITY * 2);

  /** Word stems and clinical concepts (NLI premise choice). */
  terms(text: string): Terms {
    let t = this.termsByText.get(text);
    if (!t) this.termsByText.set(text, (t = terms(text)));
    return t;
  }

  /** The injection rule a sentence matches in its section, or undefined (tasks/injection.ts). */
  injection(text: string, section: string): string | undefined {
    const key = `${section}\u0000${text}`;
    let rule = this.injectionByText.get(key);
    if (rule === undefined) this.injectionByText.set(key, (rule = injectionRule(text, section) ?? ''));
    return rule || undefined;
  }

  /** The model-cache key of a task (a SHA-256 of its parts), hashed once per distinct text. */
  cacheKey(parts: CacheKeyParts): string {
    const memo = `${parts.model}\u0000${parts.profile}\u0000${parts.task}\u0000${parts.promptVersion}\u0000${parts.text}`;
    let key = this.keys.get(memo);
    if (!key) this.keys.set(memo, (key = cacheKey(parts)));
    return key;
  }
}
