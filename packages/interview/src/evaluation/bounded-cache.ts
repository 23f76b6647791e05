/**
 * Work that depends only on a question or a word (its stems, its compiled
 * keywords), done once and kept: the same questions and words come back
 * request after request. Bounded in entries and in key length, oldest out
 * first, so no caller can grow it without limit. Never keyed by a whole answer.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly size: number,
    /** Longer keys are worked out every time and not kept. */
    private readonly maxKeyLength = Number.POSITIVE_INFINITY,
  ) {}

  get(key: string, make: (key: string) => V): V {
    const found = this.entries.get(key);
    if (found !== undefined) return found;
    const made = make(key);
    if (key.length > this.maxKeyLength) return made;
    if (this.entries.size >= this.size) this.entries.delete(this.entries.keys().next().value ?? '');
    this.entries.set(key, made);
    return made;
  }
}
