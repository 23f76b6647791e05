export type ShutdownHook = (signal: AbortSignal) => Promise<void> | void;

/**
 * Shutdown state shared by the server and the modules that hold long-lived
 * work (websockets, outbox flushers): they register a hook, /readyz turns 503
 * while draining.
 */
export class Lifecycle {
  #draining = false;
  readonly #hooks: { name: string; hook: ShutdownHook }[] = [];

  get draining(): boolean {
    return this.#draining;
  }

  onShutdown(name: string, hook: ShutdownHook): void {
    this.#hooks.push({ name, hook });
  }

  /** Marks draining and runs every hook; hooks should finish before `signal` aborts. */
  async shutdown(signal: AbortSignal): Promise<{ name: string; error: unknown }[]> {
    this.#draining = true;
    const failures: { name: string; error: unknown }[] = [];
    await Promise.all(
      this.#hooks.map(async ({ name, hook }) => {
        try {
          await hook(signal);
        } catch (error) {
          failures.push({ name, error });
        }
      }),
    );
    return failures;
  }
}
