import { DeepgramClient } from '@deepgram/sdk';
import type { ResolvedDeepgramSettings } from './deepgram-options.js';

/** The official SDK client, pointed where the settings say, with its hidden retries off. */
export function createDeepgramClient(settings: ResolvedDeepgramSettings): DeepgramClient {
  return new DeepgramClient({
    apiKey: settings.apiKey,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.headers ? { headers: settings.headers } : {}),
    // One retry policy, in the factory: the SDK would otherwise retry 408/429/5xx twice.
    maxRetries: 0,
    // Our own reconnect resends uncovered audio; the SDK wrapper's would not.
    reconnect: false,
  });
}

/** Aborts when the caller's signal does, or when no first byte arrived within `timeoutMs`. */
export class CallGuard {
  readonly controller = new AbortController();
  reason: 'cancelled' | 'timeout' | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly onAbort = () => this.abort('cancelled');

  constructor(
    private readonly signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
  ) {
    if (signal?.aborted) this.abort('cancelled');
    else signal?.addEventListener('abort', this.onAbort, { once: true });
    if (timeoutMs !== undefined && !this.reason)
      this.timer = setTimeout(() => this.abort('timeout'), timeoutMs);
  }

  /** The first byte arrived: the timeout no longer applies. */
  firstByte(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  abort(reason: 'cancelled' | 'timeout'): void {
    if (this.reason) return;
    this.reason = reason;
    this.controller.abort(reason);
  }

  dispose(): void {
    this.firstByte();
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}
