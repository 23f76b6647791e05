/** A single-consumer queue: producers push, one async iterator reads; end() ends it after what is queued. */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private ended = false;
  private wake: (() => void) | undefined;
  private readonly onReturn: () => void;

  /** `onReturn` runs when the consumer stops early (break or throw in its loop). */
  constructor(onReturn: () => void = () => {}) {
    this.onReturn = onReturn;
  }

  push(item: T): void {
    if (this.ended) return;
    this.items.push(item);
    this.notify();
  }

  /** No more items; what is queued is still read. */
  end(): void {
    this.ended = true;
    this.notify();
  }

  /** Drop what is queued and end now. */
  abort(): void {
    this.items.length = 0;
    this.end();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let finished = false;
    try {
      while (true) {
        const item = this.items.shift();
        if (item !== undefined) {
          yield item;
          continue;
        }
        if (this.ended) {
          finished = true;
          return;
        }
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } finally {
      if (!finished) this.onReturn();
    }
  }
}
