/**
 * A one-consumer async queue behind a session's async iterator: producers push
 * parts (never blocking), `end()` lets the iterator finish after what is queued.
 */
export class PartQueue<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #ended = false;
  #wake: (() => void) | undefined;

  get ended(): boolean {
    return this.#ended;
  }

  push(item: T): void {
    if (this.#ended) return;
    this.#items.push(item);
    this.#notify();
  }

  end(): void {
    this.#ended = true;
    this.#notify();
  }

  /** Stop now: parts not yet read are dropped (barge-in, cancellation); `last`, if given, is the final part. */
  abort(last?: T): void {
    if (this.#ended) return;
    this.#items = last === undefined ? [] : [last];
    this.end();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const item = this.#items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.#ended) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
