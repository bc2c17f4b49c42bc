/**
 * A linker's sieve results kept by mention text, type and the document's sure concepts (they
 * depend on nothing else: a linker's vocabularies do not change). A note's links are made
 * again after each edit, and most of its mentions are as before, so only the changed ones
 * are looked up in the vocabulary again.
 */
import { LruCache } from '../lru';
import type { MentionLink } from './linkResult';

/** Results a linker keeps. */
const KEPT = 50_000;

/** The work done, for tests: mention texts sieved afresh (not found among those kept). */
export const linkerWork = { sieved: 0 };

export class SieveMemo {
  private readonly kept = new LruCache<MentionLink>(KEPT);

  /** The result kept for `key`, else `sieve()`'s, kept. */
  of(key: string, sieve: () => MentionLink): MentionLink {
    let link = this.kept.get(key);
    if (!link) {
      linkerWork.sieved++;
      this.kept.set(key, (link = sieve()));
    }
    return link;
  }
}
