/** A bounded map that forgets the least recently used entry first (model results, a note's concept links). */
export class LruCache<V> {
  private readonly map = new Map<string, V>();
  hits = 0;
  misses = 0;

  constructor(private cap: number) {}

  get capacity(): number {
    return this.cap;
  }

  /** Holds at least `capacity` entries from now on (never fewer than before). */
  grow(capacity: number): void {
    this.cap = Math.max(this.cap, capacity);
  }

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
    while (this.map.size > this.cap) {
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
