import { estimateFrequency, frameDurationMs, rms } from '@bot-backend/audio';
import type { AudioFrame, TTS, TtsSession, TtsStreamPart } from '@bot-backend/interfaces';
import { describe, expect, it } from 'vitest';
import type { TtsConformanceHarness } from './harness.js';
import {
  CALL_DEADLINE_MS,
  CANCEL_DEADLINE_MS,
  SHORT_TIMEOUT_MS,
  TIMEOUT_SLACK_MS,
} from './support/constants.js';
import { isolateTests } from './support/lifecycle.js';
import { recordStream } from './support/stream-recorder.js';
import { eventually, within } from './support/timing.js';
import {
  abortedSignal,
  expectStatusMapped,
  expectVendorError,
  RETRY_AFTER_SEC,
  statusCases,
} from './support/vendor-error-checks.js';

const TEXT = 'Tell me about a project you are proud of.';
const LONG_TEXT =
  'Let us talk about distributed systems. Describe how you would design a rate limiter for a public API, ' +
  'what state it keeps, where that state lives, and how it behaves when one of the nodes goes away.';

type Audio = Extract<TtsStreamPart, { type: 'audio' }>;

function audioFrames(parts: readonly TtsStreamPart[]): AudioFrame[] {
  return parts.filter((p): p is Audio => p.type === 'audio').map((p) => p.frame);
}

function joinSamples(frames: readonly AudioFrame[]): Int16Array {
  const out = new Int16Array(frames.reduce((n, f) => n + f.samples.length, 0));
  let offset = 0;
  for (const frame of frames) {
    out.set(frame.samples, offset);
    offset += frame.samples.length;
  }
  return out;
}

/** Audio frames, then exactly one finish that is last; returns the frames. */
function expectAudioThenFinish(parts: readonly TtsStreamPart[], sampleRate: number): AudioFrame[] {
  const errors = parts.filter((p) => p.type === 'error');
  expect(
    errors.map((p) => (p.type === 'error' ? `${p.error.kind}: ${p.error.message}` : '')),
    'no error parts',
  ).toEqual([]);
  expect(
    parts.filter((p) => p.type === 'finish'),
    'exactly one finish',
  ).toHaveLength(1);
  expect(parts.at(-1)?.type, 'finish is the last part').toBe('finish');
  const frames = audioFrames(parts);
  expect(frames.length, 'at least one audio frame').toBeGreaterThan(0);
  expect(
    parts.slice(0, -1).every((p) => p.type === 'audio'),
    'only audio before finish',
  ).toBe(true);
  for (const frame of frames) {
    expect(frame.samples, 'frames hold Int16Array samples').toBeInstanceOf(Int16Array);
    expect(frame.sampleRate, 'frames are at the requested sample rate').toBe(sampleRate);
  }
  const finish = parts.at(-1);
  if (finish?.type === 'finish') {
    const ms = frames.reduce((sum, f) => sum + frameDurationMs(f), 0);
    expect(
      Math.abs(finish.audioMs - ms),
      `finish.audioMs (${finish.audioMs}) matches the frames (${ms})`,
    ).toBeLessThan(Math.max(20, ms * 0.02));
    expect(finish.characters).toBeGreaterThan(0);
  }
  return frames;
}

/**
 * The TTS contract, run against an implementation pointed at its fake: PCM16
 * frames at the requested rate then finish, incremental sessions,
 * cancellation (signal and close()), error kinds and timeouts.
 */
export function describeTtsConformance(harness: TtsConformanceHarness): void {
  describe(`TTS conformance: ${harness.name}`, () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    isolateTests(harness, cleanups);
    const create = (timeoutMs?: number): TTS => harness.create(timeoutMs === undefined ? {} : { timeoutMs });
    const open = (tts: TTS, options: Parameters<TTS['stream']>[0]): TtsSession => {
      const session = tts.stream(options);
      cleanups.push(() => within(session.close(), CANCEL_DEADLINE_MS, 'session.close() in cleanup'));
      return session;
    };

    describe('identity', () => {
      it('declares specificationVersion v1, a provider, a model id and its native rate', () => {
        const tts = create();
        expect(tts.specificationVersion).toBe('v1');
        expect(tts.provider.length).toBeGreaterThan(0);
        expect(tts.modelId.length).toBeGreaterThan(0);
        expect(typeof tts.capabilities.incrementalText).toBe('boolean');
        expect(tts.capabilities.nativeSampleRate).toBe(harness.nativeSampleRate);
      });
    });

    describe('synthesize()', () => {
      for (const sampleRate of [16_000, 24_000]) {
        it(`yields PCM16 frames at ${sampleRate} Hz, then one finish`, async () => {
          const parts = recordStream(create().synthesize(TEXT, { sampleRate }));
          await parts.ended(CALL_DEADLINE_MS);
          expect(parts.thrown, 'a stream never throws').toBeUndefined();
          const frames = expectAudioThenFinish(parts.values(), sampleRate);
          const samples = joinSamples(frames);
          const ms = (samples.length * 1000) / sampleRate;
          expect(ms, 'a sentence lasts more than 200 ms').toBeGreaterThan(200);
          expect(rms(samples), 'the audio is not silent').toBeGreaterThan(0.01);
          if (harness.toneHz !== undefined) {
            const middle = samples.subarray(
              Math.floor(samples.length * 0.1),
              Math.floor(samples.length * 0.9),
            );
            const hz = estimateFrequency(middle, sampleRate);
            expect(Math.abs(hz - harness.toneHz) / harness.toneHz, `tone at ${hz} Hz`).toBeLessThan(0.01);
          }
        });
      }

      it('the same text lasts as long at 16 kHz as at 24 kHz (real conversion, not relabelling)', async () => {
        const durations: number[] = [];
        for (const sampleRate of [16_000, 24_000]) {
          const parts = recordStream(create().synthesize(TEXT, { sampleRate }));
          await parts.ended(CALL_DEADLINE_MS);
          durations.push(audioFrames(parts.values()).reduce((sum, f) => sum + frameDurationMs(f), 0));
        }
        const [at16, at24] = durations as [number, number];
        expect(at16).toBeGreaterThan(0);
        expect(Math.abs(at16 - at24) / at24, `${at16} ms vs ${at24} ms`).toBeLessThan(0.05);
      });
    });

    describe('stream()', () => {
      it('text pushed sentence by sentence comes out as frames, then one finish after end()', async () => {
        const session = open(create(), { sampleRate: 24_000 });
        const parts = recordStream(session);
        session.pushText('Thanks for joining today. ');
        session.pushText('Let us start with your background. ');
        session.pushText('What did you build last?');
        session.end();
        await parts.ended(CALL_DEADLINE_MS);
        expect(parts.thrown, 'a stream never throws').toBeUndefined();
        const frames = expectAudioThenFinish(parts.values(), 24_000);
        expect(rms(joinSamples(frames))).toBeGreaterThan(0.01);
      });

      it('the first audio leaves before end() when text keeps coming', async () => {
        const session = open(create(), { sampleRate: 16_000 });
        const parts = recordStream(session);
        session.pushText('This first sentence should be spoken right away. ');
        await parts.waitFor(
          (p) => p.type === 'audio' || p.type === 'error',
          CALL_DEADLINE_MS,
          'the first audio',
        );
        expect(parts.values().some((p) => p.type === 'error')).toBe(false);
        session.pushText('And this one comes later.');
        session.end();
        await parts.ended(CALL_DEADLINE_MS);
        expect(parts.values().at(-1)?.type).toBe('finish');
      });
    });

    describe('cancellation', () => {
      it('aborting mid-synthesis: no audio after the abort, the stream ends, the connection closes', async () => {
        harness.slow({ chunkDelayMs: 40 });
        const controller = new AbortController();
        const parts = recordStream(
          create().synthesize(LONG_TEXT, { sampleRate: 16_000, signal: controller.signal }),
        );
        await parts.waitFor((p) => p.type === 'audio', CALL_DEADLINE_MS, 'the first audio');
        const abortedAt = performance.now();
        controller.abort();
        await parts.ended(CANCEL_DEADLINE_MS);
        expect(parts.thrown, 'a stream never throws').toBeUndefined();
        const after = parts.parts.filter((p) => p.at >= abortedAt).map((p) => p.part);
        expect(
          after.filter((p) => p.type === 'audio' || p.type === 'finish').map((p) => p.type),
          'no audio or finish after abort',
        ).toEqual([]);
        for (const part of after) {
          if (part.type === 'error') expectVendorError(part.error, 'cancelled');
        }
        await eventually(
          () => harness.openConnections() === 0,
          CANCEL_DEADLINE_MS,
          () => `fake still has ${harness.openConnections()} open connection(s) after abort`,
        );
      });

      it('session.close() mid-synthesis (barge-in): no audio after it, the stream ends, the connection closes', async () => {
        harness.slow({ chunkDelayMs: 40 });
        const session = open(create(), { sampleRate: 16_000 });
        const parts = recordStream(session);
        session.pushText(LONG_TEXT);
        session.end();
        await parts.waitFor((p) => p.type === 'audio', CALL_DEADLINE_MS, 'the first audio');
        const closedAt = performance.now();
        await within(session.close(), CANCEL_DEADLINE_MS, 'session.close()');
        await parts.ended(CANCEL_DEADLINE_MS);
        const after = parts.parts.filter((p) => p.at >= closedAt).map((p) => p.part);
        expect(after.filter((p) => p.type === 'audio').length, 'no audio after close()').toBe(0);
        await eventually(
          () => harness.openConnections() === 0,
          CANCEL_DEADLINE_MS,
          () => `fake still has ${harness.openConnections()} open connection(s) after close()`,
        );
      });

      it('an already-aborted signal yields one cancelled error part and nothing else', async () => {
        const parts = recordStream(
          create().synthesize(TEXT, { sampleRate: 16_000, signal: abortedSignal() }),
        );
        await parts.ended(CANCEL_DEADLINE_MS);
        expect(parts.thrown, 'a stream never throws').toBeUndefined();
        const values = parts.values();
        expect(values.map((p) => p.type)).toEqual(['error']);
        if (values[0]?.type === 'error') expectVendorError(values[0].error, 'cancelled');
      });
    });

    describe('errors mapped to kinds', () => {
      for (const expected of statusCases) {
        it(`HTTP ${expected.status} -> one ${expected.kind} error part (retryable: ${expected.retryable})`, async () => {
          harness.fail(
            expected.status,
            expected.status === 429 ? { retryAfterSec: RETRY_AFTER_SEC } : undefined,
          );
          const parts = recordStream(create().synthesize(TEXT, { sampleRate: 16_000 }));
          await parts.ended(CALL_DEADLINE_MS);
          expect(parts.thrown, 'a stream never throws').toBeUndefined();
          const values = parts.values();
          expect(values.map((p) => p.type)).toEqual(['error']);
          if (values[0]?.type === 'error') expectStatusMapped(values[0].error, expected);
        });
      }
    });

    describe('timeouts', () => {
      it('a stalled fake yields one timeout error part and closes the connection', async () => {
        harness.stall();
        const parts = recordStream(
          create(SHORT_TIMEOUT_MS).synthesize(TEXT, { sampleRate: 16_000, timeoutMs: SHORT_TIMEOUT_MS }),
        );
        await parts.ended(SHORT_TIMEOUT_MS + TIMEOUT_SLACK_MS);
        expect(parts.thrown, 'a stream never throws').toBeUndefined();
        const values = parts.values();
        expect(values.map((p) => p.type)).toEqual(['error']);
        if (values[0]?.type === 'error') expectVendorError(values[0].error, 'timeout');
        await eventually(
          () => harness.openConnections() === 0,
          CANCEL_DEADLINE_MS,
          () => `fake still has ${harness.openConnections()} open connection(s) after the timeout`,
        );
      });
    });
  });
}
