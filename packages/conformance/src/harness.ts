import type { AudioFrame, AudioSink, Avatar, LLM, STT, TTS } from '@bot-backend/interfaces';

/**
 * What an implementation's test hands a conformance suite: a way to build the
 * implementation pointed at its loopback fake, and a way to script that fake.
 * Scripting applies to the next request (or connection) the fake receives.
 * Scripting calls queue in order: two reply() calls answer the next two
 * requests, one each (the structured-output repair test relies on it).
 * The suites call the harness only inside tests, so a harness may point at a
 * fake that is started in the caller's beforeAll.
 */
export interface FakeControls {
  /** Next request fails with this HTTP status (429 carries Retry-After when retryAfterSec is given). */
  fail(status: 400 | 401 | 403 | 429 | 500 | 503, options?: { retryAfterSec?: number }): void;
  /** Next request is accepted but no byte of the answer is ever sent. */
  stall(): void;
  /** Requests or sockets currently open at the fake; 0 once cancelled work is really gone. */
  openConnections(): number;
  /**
   * Optional: forget scripted replies and faults that were not used. The suites
   * call it before every test, so a test that failed early leaves nothing behind.
   */
  reset?(): void;
}

/**
 * A loopback fake's controls for a harness, bound late: the fake may be started
 * in the caller's beforeAll, after the suite is declared.
 */
export function fakeControls(fake: () => Required<FakeControls>): Required<FakeControls> {
  return {
    fail: (status, options) => fake().fail(status, options),
    stall: () => fake().stall(),
    openConnections: () => fake().openConnections(),
    reset: () => fake().reset(),
  };
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
  /**
   * Optional: when the fake synthesizes a pure tone of this frequency, the suite
   * also checks that the tone keeps its frequency at every requested sample rate.
   */
  toneHz?: number;
}

export interface AvatarConformanceHarness extends FakeControls {
  name: string;
  create(options?: CreateOptions): Avatar;
}

/** A sink under test and a view of what reached its far side. */
export interface AudioSinkUnderTest {
  sink: AudioSink;
  /**
   * Every frame that has left the sink so far, as the far side got it (decoded
   * from the wire or the file), as PCM16 frames in order. May be async.
   */
  received(): Promise<readonly AudioFrame[]> | readonly AudioFrame[];
  /** Release what create() opened (servers, sockets, files). Called after each test, after sink.close(). */
  dispose?(): Promise<void> | void;
}

export interface AudioSinkConformanceHarness {
  name: string;
  /**
   * A fresh sink for frames at `sampleRate`. Paced sinks should run faster
   * than real time here (e.g. `realtimeFactor: 20`) to keep the suite fast.
   */
  create(options: { sampleRate: number }): Promise<AudioSinkUnderTest> | AudioSinkUnderTest;
  /**
   * True when the sink holds audio back (paced to real time, or queued behind
   * its transport), so clear() right after a large burst of writes must drop
   * most of it. False for sinks that hand each frame straight to the transport.
   */
  holdsBacklog: boolean;
}
