/**
 * The queue behind a stream's async iterator. Producers (socket callbacks,
 * timers) push parts and never block; one `for await` reads them in order.
 *
 * Semantics, the same for every vendor:
 * - One consumer. A second `[Symbol.asyncIterator]()` throws: parts are taken
 *   as they are read, so two readers would each get an arbitrary half of the
 *   stream (half a transcript, every other audio frame) and neither would
 *   notice. Failing loudly at the second loop is the only safe answer; a caller
 *   that needs two readers tees the stream itself.
 * - `end()`: no more parts; the reader gets what is queued, then stops.
 *   Parts pushed after `end()` are dropped.
 * - `abort(last?)`: stop now (barge-in, cancellation); unread parts are
 *   dropped and `last`, when given, is the only part still read.
 * - A reader that stops early (`break`, `return`, a throw in its loop) ends the
 *   queue and runs `onReturn`, so the owner can release its connection.
 */
export class PartQueue<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #ended = false;
  #iterated = false;
  #wake: (() => void) | undefined;
  readonly #onReturn: (() => void) | undefined;

  constructor(onReturn?: () => void) {
    this.#onReturn = onReturn;
  }

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

  abort(last?: T): void {
    if (this.#ended) return;
    this.#items = last === undefined ? [] : [last];
    this.end();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.#iterated) throw new Error('This stream has one reader and is already being read');
    this.#iterated = true;
    return {
      next: async (): Promise<IteratorResult<T>> => {
        for (;;) {
          if (this.#items.length > 0) return { value: this.#items.shift() as T, done: false };
          if (this.#ended) return { value: undefined, done: true };
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
          });
        }
      },
      return: async (): Promise<IteratorResult<T>> => {
        const early = !this.#ended || this.#items.length > 0;
        this.#items = [];
        this.end();
        if (early) this.#onReturn?.();
        return { value: undefined, done: true };
      },
    };
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
