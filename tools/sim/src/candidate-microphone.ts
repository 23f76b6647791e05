import { rms } from '@bot-backend/audio';
import type { AudioFrame } from '@bot-backend/interfaces';
import { frameMs, micSampleRate, type Speech, voicedRms } from './speech-synthesizer.js';

type Queued = { speech: Speech; offset: number } | { silenceMs: number };

/** What the microphone did, in wall ms on the run's clock. */
export interface VoicedInterval {
  startMs: number;
  endMs: number;
}

/**
 * A microphone that never stops: one 20 ms frame every 20 ms of wall time
 * (drift-corrected), speech from its queue, silence otherwise, as a real
 * browser microphone streams. Keeps the intervals in which it was voiced.
 */
export class CandidateMicrophone {
  readonly voiced: VoicedInterval[] = [];
  private queue: Queued[] = [];
  private drained: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private frames = 0;
  private startedAt = 0;
  private stopped = false;
  private readonly samplesPerFrame = (micSampleRate * frameMs) / 1000;

  constructor(
    private readonly push: (frame: AudioFrame) => void,
    private readonly clock: () => number,
  ) {}

  start(): void {
    this.startedAt = this.clock();
    this.tick();
  }

  /** Queues speech (and silences); resolves when all of it was sent, or it was dropped. */
  say(items: Array<Speech | { silenceMs: number }>): Promise<void> {
    for (const item of items) this.queue.push('samples' in item ? { speech: item, offset: 0 } : item);
    return new Promise((resolve) => {
      if (this.queue.length === 0) resolve();
      else this.drained.push(resolve);
    });
  }

  /** Is speech still queued? */
  get speaking(): boolean {
    return this.queue.length > 0;
  }

  /** Stop talking now (the interviewer came in); what was not said is dropped. */
  hush(): void {
    this.queue = [];
    this.resolveDrained();
  }

  /** Was the last frame voiced? */
  get voicedNow(): boolean {
    const last = this.voiced.at(-1);
    return last !== undefined && last.endMs >= this.clock() - frameMs * 1.5;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.hush();
  }

  private tick(): void {
    if (this.stopped) return;
    const frame = this.nextFrame();
    const at = this.startedAt + this.frames * frameMs;
    if (rms(frame) >= voicedRms) {
      const last = this.voiced.at(-1);
      if (last && last.endMs >= at) last.endMs = at + frameMs;
      else this.voiced.push({ startMs: at, endMs: at + frameMs });
    }
    this.frames += 1;
    this.push({ samples: frame, sampleRate: micSampleRate });
    const due = this.startedAt + this.frames * frameMs;
    this.timer = setTimeout(() => this.tick(), Math.max(0, due - this.clock()));
  }

  private nextFrame(): Int16Array {
    const frame = new Int16Array(this.samplesPerFrame);
    let filled = 0;
    while (filled < frame.length && this.queue.length > 0) {
      const head = this.queue[0]!;
      if ('silenceMs' in head) {
        const samples = Math.round((head.silenceMs / 1000) * micSampleRate);
        const take = Math.min(samples, frame.length - filled);
        filled += take;
        head.silenceMs -= (take / micSampleRate) * 1000;
        if (head.silenceMs <= 0.01) this.queue.shift();
        continue;
      }
      const take = Math.min(head.speech.samples.length - head.offset, frame.length - filled);
      frame.set(head.speech.samples.subarray(head.offset, head.offset + take), filled);
      filled += take;
      head.offset += take;
      if (head.offset >= head.speech.samples.length) this.queue.shift();
    }
    if (this.queue.length === 0) this.resolveDrained();
    return frame;
  }

  private resolveDrained(): void {
    const waiting = this.drained;
    this.drained = [];
    for (const resolve of waiting) resolve();
  }
}
