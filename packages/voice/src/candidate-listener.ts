import {
  type AudioFrame,
  type STT,
  type SttSession,
  type SttStreamPart,
  type VendorError,
  withFields,
} from '@bot-backend/interfaces';
import { AudioClock } from './audio-clock.js';

export interface CandidateListenerOptions {
  /** Sample rate of the frames pushed. */
  sampleRate: number;
  /** Aborting it closes the STT stream for good. */
  signal: AbortSignal;
  /** Silence before the STT finalizes and marks a pause; the vendor's default when absent. */
  endpointingMs?: number | undefined;
  /** The session clock (ms since the session started): part times are moved onto it. */
  clockMs: () => number;
  /** Each part, its times on the session clock. */
  onPart(part: SttStreamPart): void;
  /** The STT stream failed (never for a cancellation); the next frame opens a new one. */
  onError(error: VendorError): void;
}

/**
 * The candidate's microphone to the STT: a streaming session opened with the
 * first frame (and again after a failure), whose part times, counted from the
 * stream's own audio, are moved onto the session clock through the pushes
 * that carried that audio (audio-clock.ts): no later than it was received.
 */
export class CandidateListener {
  private session: SttSession | undefined;
  private readonly audioClock = new AudioClock();
  private closed = false;

  constructor(
    private readonly stt: STT,
    private readonly options: CandidateListenerOptions,
  ) {}

  /** An STT stream is open. */
  get open(): boolean {
    return this.session !== undefined;
  }

  push(frame: AudioFrame): void {
    if (this.closed) return;
    if (!this.session) this.openStream();
    if (!this.session) return;
    this.audioClock.pushed((frame.samples.length / frame.sampleRate) * 1000, this.options.clockMs());
    this.session.push(frame);
  }

  async close(): Promise<void> {
    this.closed = true;
    const session = this.session;
    this.session = undefined;
    await session?.close().catch(() => {});
  }

  private openStream(): void {
    const { options } = this;
    this.audioClock.reset();
    const session = this.stt.stream({
      sampleRate: options.sampleRate,
      interimResults: true,
      endpointingMs: options.endpointingMs,
      signal: options.signal,
    });
    this.session = session;
    void (async () => {
      for await (const part of session) {
        if (this.closed) break;
        if (part.type === 'error') {
          if (part.error.kind !== 'cancelled') options.onError(part.error);
          break;
        }
        options.onPart(this.shift(part));
      }
      if (this.session === session) this.session = undefined;
    })();
  }

  private shift(part: SttStreamPart): SttStreamPart {
    if (part.type !== 'transcript-final' && part.type !== 'transcript-partial') return part;
    // Heard by now at the latest: an STT's times past the audio it was sent stop at the present.
    const now = this.options.clockMs();
    const at = (t: number) => Math.min(this.audioClock.toClock(t), now);
    return withFields(part, {
      startMs: at(part.startMs),
      endMs: at(part.endMs),
      words: part.words.map((w) => withFields(w, { startMs: at(w.startMs), endMs: at(w.endMs) })),
    });
  }
}
