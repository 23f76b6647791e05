import type { Avatar, LLM, STT, TTS } from '@bot-backend/interfaces';

/**
 * What an implementation's test hands a conformance suite: a way to build the
 * implementation pointed at its loopback fake, and a way to script that fake.
 * Scripting applies to the next request (or connection) the fake receives.
 */
export interface FakeControls {
  /** Next request fails with this HTTP status (429 carries Retry-After when retryAfterSec is given). */
  fail(status: 400 | 401 | 403 | 429 | 500 | 503, options?: { retryAfterSec?: number }): void;
  /** Next request is accepted but no byte of the answer is ever sent. */
  stall(): void;
  /** Requests or sockets currently open at the fake; 0 once cancelled work is really gone. */
  openConnections(): number;
}

export interface CreateOptions {
  /** First-byte timeout handed to the implementation. */
  timeoutMs?: number;
}

export interface LlmConformanceHarness extends FakeControls {
  name: string;
  create(options?: CreateOptions): LLM;
  /**
   * Next request is answered with this text, streamed in several deltas
   * (or as one JSON body for non-streaming calls).
   */
  reply(text: string, options?: { firstTokenDelayMs?: number; tokenDelayMs?: number }): void;
}

export interface SttConformanceHarness extends FakeControls {
  name: string;
  create(options?: CreateOptions): STT;
  /** The transcript the fake returns for the audio it receives next. */
  script(text: string): void;
}

export interface TtsConformanceHarness extends FakeControls {
  name: string;
  create(options?: CreateOptions): TTS;
  /** The fake's native output rate (before the implementation converts). */
  nativeSampleRate: number;
  /** Optional: the next synthesis answers slowly, one chunk per interval, so cancellation can land mid-stream. */
  slow(options: { chunkDelayMs: number }): void;
}

export interface AvatarConformanceHarness extends FakeControls {
  name: string;
  create(options?: CreateOptions): Avatar;
}
