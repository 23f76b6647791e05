/** Conversation actions, run one at a time in the order queued; a failed one does not stop the next. */
export class ActionQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private running = 0;

  /** An action is running or waiting. */
  get busy(): boolean {
    return this.running > 0;
  }

  run<T>(action: () => Promise<T>): Promise<T> {
    this.running += 1;
    const counted = async () => {
      try {
        return await action();
      } finally {
        this.running -= 1;
      }
    };
    const run = this.tail.then(counted, counted);
    this.tail = run.catch(() => {});
    return run;
  }
}
