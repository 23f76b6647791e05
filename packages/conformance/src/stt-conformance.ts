import type { STT, SttSession, SttStreamPart } from '@bot-backend/interfaces';
import { describe, expect, it } from 'vitest';
import type { SttConformanceHarness } from './harness.js';
import {
  CALL_DEADLINE_MS,
  CANCEL_DEADLINE_MS,
  SHORT_TIMEOUT_MS,
  TIMEOUT_SLACK_MS,
} from './support/constants.js';
import { isolateTests } from './support/lifecycle.js';
import { normalizeText, speechFrame, speechFrames, speechWav } from './support/speech.js';
import { recordStream } from './support/stream-recorder.js';
import { eventually, rejectionOf, within } from './support/timing.js';
import {
  abortedSignal,
  expectStatusMapped,
  expectVendorError,
  RETRY_AFTER_SEC,
  statusCases,
} from './support/vendor-error-checks.js';

const SAMPLE_RATE = 16_000;
const FIRST = 'I have worked with Kafka for three years.';
const SECOND = 'Mostly on the consumer side of things.';

type Final = Extract<SttStreamPart, { type: 'transcript-final' }>;

function finals(parts: readonly SttStreamPart[]): Final[] {
  return parts.filter((p): p is Final => p.type === 'transcript-final');
}

function joined(parts: readonly Final[]): string {
  return normalizeText(parts.map((p) => p.text).join(' '));
}

function expectTranscriptSpan(part: Final): void {
  expect(Number.isFinite(part.startMs) && Number.isFinite(part.endMs), 'startMs/endMs are numbers').toBe(
    true,
  );
  expect(part.startMs).toBeGreaterThanOrEqual(0);
  expect(part.endMs).toBeGreaterThanOrEqual(part.startMs);
  for (const word of part.words) {
    expect(word.endMs, `word "${word.word}" ends after it starts`).toBeGreaterThanOrEqual(word.startMs);
  }
}

/**
 * The STT contract, run against an implementation pointed at its fake (which
 * answers any audio with the scripted text): streaming order across turns,
 * whole-utterance transcription, cancellation, error kinds and timeouts.
 */
export function describeSttConformance(harness: SttConformanceHarness): void {
  describe(`STT conformance: ${harness.name}`, () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    isolateTests(harness, cleanups);
    const create = (timeoutMs?: number): STT => harness.create(timeoutMs === undefined ? {} : { timeoutMs });
    const open = (stt: STT, options: Parameters<STT['stream']>[0]): SttSession => {
      const session = stt.stream(options);
      cleanups.push(() => within(session.close(), CANCEL_DEADLINE_MS, 'session.close() in cleanup'));
      return session;
    };
    const pushSpeech = (session: SttSession, durationMs: number) => {
      for (const frame of speechFrames({ durationMs, sampleRate: SAMPLE_RATE })) session.push(frame);
    };

    describe('identity', () => {
      it('declares specificationVersion v1, a provider, a model id and capabilities', () => {
        const stt = create();
        expect(stt.specificationVersion).toBe('v1');
        expect(stt.provider.length).toBeGreaterThan(0);
        expect(stt.modelId.length).toBeGreaterThan(0);
        for (const key of ['streaming', 'interimResults', 'wordTimings', 'endOfTurn'] as const) {
          expect(typeof stt.capabilities[key], `capabilities.${key}`).toBe('boolean');
        }
      });
    });

    describe('stream()', () => {
      it('finals carry the transcript, end-of-turn follows them, finish comes after close()', async () => {
        harness.script(FIRST);
        const stt = create();
        const session = open(stt, { sampleRate: SAMPLE_RATE, interimResults: true });
        const parts = recordStream(session);
        pushSpeech(session, 1200);
        session.finalize();
        await parts.waitFor(
          (p) => p.type === 'end-of-turn' || p.type === 'error',
          CALL_DEADLINE_MS,
          'end-of-turn',
        );
        expect(parts.done, 'the stream stays open until close()').toBe(false);
        const closedAt = performance.now();
        await within(session.close(), CALL_DEADLINE_MS, 'close()');
        await parts.ended(CANCEL_DEADLINE_MS);
        expect(parts.thrown, 'the session iterator never throws').toBeUndefined();

        const values = parts.values();
        expect(
          values.filter((p) => p.type === 'error'),
          'no error parts',
        ).toEqual([]);
        const eotIndex = values.findIndex((p) => p.type === 'end-of-turn');
        const turnFinals = finals(values);
        expect(turnFinals.length, 'at least one final').toBeGreaterThan(0);
        expect(joined(turnFinals)).toBe(normalizeText(FIRST));
        expect(
          values.findLastIndex((p) => p.type === 'transcript-final'),
          'every final precedes end-of-turn',
        ).toBeLessThan(eotIndex);
        expect(
          values.filter((p) => p.type === 'end-of-turn'),
          'exactly one end-of-turn',
        ).toHaveLength(1);
        const eot = values[eotIndex];
        if (eot?.type === 'end-of-turn') expect(normalizeText(eot.text)).toBe(normalizeText(FIRST));
        turnFinals.forEach(expectTranscriptSpan);
        if (stt.capabilities.wordTimings) {
          // A vendor that declares word timings gives them: the words spell the transcript.
          const words = turnFinals.flatMap((p) => p.words.map((w) => w.word));
          expect(normalizeText(words.join(' ')), 'words of the finals').toBe(normalizeText(FIRST));
        }

        expect(
          values.filter((p) => p.type === 'finish'),
          'exactly one finish',
        ).toHaveLength(1);
        expect(values.at(-1)?.type, 'finish is last').toBe('finish');
        const finishAt = parts.parts.at(-1)?.at ?? 0;
        expect(finishAt, 'finish arrives after close() was called').toBeGreaterThanOrEqual(closedAt);
      });

      it('two turns in one session: finals in order, one end-of-turn after each', async () => {
        const session = open(create(), { sampleRate: SAMPLE_RATE });
        const parts = recordStream(session);
        harness.script(FIRST);
        pushSpeech(session, 900);
        session.finalize();
        await parts.waitFor(
          (p) => p.type === 'end-of-turn' || p.type === 'error',
          CALL_DEADLINE_MS,
          'first end-of-turn',
        );
        harness.script(SECOND);
        pushSpeech(session, 900);
        session.finalize();
        await eventually(
          () => parts.values().filter((p) => p.type === 'end-of-turn' || p.type === 'error').length >= 2,
          CALL_DEADLINE_MS,
          () =>
            `second end-of-turn never came; got ${parts
              .values()
              .map((p) => p.type)
              .join(', ')}`,
        );
        await within(session.close(), CALL_DEADLINE_MS, 'close()');
        await parts.ended(CANCEL_DEADLINE_MS);

        const values = parts.values();
        expect(
          values.filter((p) => p.type === 'error'),
          'no error parts',
        ).toEqual([]);
        const eots = values.flatMap((p, i) => (p.type === 'end-of-turn' ? [i] : []));
        expect(eots, 'exactly two end-of-turns').toHaveLength(2);
        const firstTurn = finals(values.slice(0, eots[0]));
        const secondTurn = finals(values.slice(eots[0]! + 1, eots[1]));
        expect(joined(firstTurn)).toBe(normalizeText(FIRST));
        expect(joined(secondTurn)).toBe(normalizeText(SECOND));
        expect(finals(values.slice(eots[1]! + 1)), 'no final after the last end-of-turn').toEqual([]);
        expect(values.at(-1)?.type).toBe('finish');
      });

      it('close() with no audio ends the stream with finish alone', async () => {
        const session = open(create(), { sampleRate: SAMPLE_RATE });
        const parts = recordStream(session);
        await within(session.close(), CALL_DEADLINE_MS, 'close()');
        await parts.ended(CANCEL_DEADLINE_MS);
        const values = parts.values();
        expect(values.filter((p) => p.type === 'transcript-final' || p.type === 'error')).toEqual([]);
        expect(values.at(-1)?.type).toBe('finish');
        await eventually(
          () => harness.openConnections() === 0,
          CANCEL_DEADLINE_MS,
          () => `fake still has ${harness.openConnections()} open connection(s) after close()`,
        );
      });
    });

    describe('transcribe()', () => {
      it('transcribes a PCM16 frame', async () => {
        harness.script(FIRST);
        const result = await within(
          create().transcribe(speechFrame(1500, SAMPLE_RATE)),
          CALL_DEADLINE_MS,
          'transcribe()',
        );
        expect(normalizeText(result.text)).toBe(normalizeText(FIRST));
        expect(Array.isArray(result.words)).toBe(true);
        if (result.durationMs !== undefined) expect(result.durationMs).toBeGreaterThan(0);
      });

      it('transcribes a WAV file', async () => {
        harness.script(SECOND);
        const result = await within(
          create().transcribe(speechWav(1500, SAMPLE_RATE)),
          CALL_DEADLINE_MS,
          'transcribe()',
        );
        expect(normalizeText(result.text)).toBe(normalizeText(SECOND));
      });
    });

    describe('cancellation', () => {
      it('aborting a streaming session ends it promptly with no transcript after the abort', async () => {
        const stt = create();
        // A whole-utterance STT only connects at finalize(): hold that request open instead.
        if (stt.capabilities.streaming) harness.script(FIRST);
        else harness.stall();
        const controller = new AbortController();
        const session = open(stt, { sampleRate: SAMPLE_RATE, signal: controller.signal });
        const parts = recordStream(session);
        pushSpeech(session, 600);
        if (!stt.capabilities.streaming) session.finalize();
        await eventually(
          () => harness.openConnections() > 0 || parts.done,
          CALL_DEADLINE_MS,
          () => 'no connection reached the fake',
        );
        const abortedAt = performance.now();
        controller.abort();
        await parts.ended(CANCEL_DEADLINE_MS);
        expect(parts.thrown, 'the session iterator never throws').toBeUndefined();
        const after = parts.parts.filter((p) => p.at >= abortedAt).map((p) => p.part);
        expect(
          after.filter((p) => p.type === 'transcript-final' || p.type === 'transcript-partial'),
          'no transcript after abort',
        ).toEqual([]);
        for (const part of after) {
          if (part.type === 'error') expectVendorError(part.error, 'cancelled');
        }
        await eventually(
          () => harness.openConnections() === 0,
          CANCEL_DEADLINE_MS,
          () => `fake still has ${harness.openConnections()} open connection(s) after abort`,
        );
        await within(session.close(), CANCEL_DEADLINE_MS, 'close() after abort');
      });

      it('aborting transcribe() rejects with cancelled and closes the connection', async () => {
        harness.stall();
        const controller = new AbortController();
        const pending = create().transcribe(speechFrame(1000, SAMPLE_RATE), { signal: controller.signal });
        await eventually(
          () => harness.openConnections() > 0,
          CALL_DEADLINE_MS,
          () => 'the request never reached the fake',
        );
        controller.abort();
        expectVendorError(
          await rejectionOf(pending, CANCEL_DEADLINE_MS, 'transcribe() after abort'),
          'cancelled',
        );
        await eventually(
          () => harness.openConnections() === 0,
          CANCEL_DEADLINE_MS,
          () => `fake still has ${harness.openConnections()} open connection(s) after abort`,
        );
      });

      it('an already-aborted signal: transcribe() rejects with cancelled', async () => {
        harness.script(FIRST);
        const error = await rejectionOf(
          create().transcribe(speechFrame(500, SAMPLE_RATE), { signal: abortedSignal() }),
          CANCEL_DEADLINE_MS,
          'transcribe()',
        );
        expectVendorError(error, 'cancelled');
      });

      it('an already-aborted signal: stream() yields one cancelled error part and nothing else', async () => {
        harness.script(FIRST);
        const session = open(create(), { sampleRate: SAMPLE_RATE, signal: abortedSignal() });
        const parts = recordStream(session);
        pushSpeech(session, 200);
        await parts.ended(CANCEL_DEADLINE_MS);
        const values = parts.values();
        expect(values.map((p) => p.type)).toEqual(['error']);
        if (values[0]?.type === 'error') expectVendorError(values[0].error, 'cancelled');
      });
    });

    describe('errors mapped to kinds', () => {
      for (const expected of statusCases) {
        it(`HTTP ${expected.status} -> ${expected.kind} (retryable: ${expected.retryable}) from transcribe()`, async () => {
          harness.fail(
            expected.status,
            expected.status === 429 ? { retryAfterSec: RETRY_AFTER_SEC } : undefined,
          );
          const error = await rejectionOf(
            create().transcribe(speechFrame(500, SAMPLE_RATE)),
            CALL_DEADLINE_MS,
            'transcribe()',
          );
          expectStatusMapped(error, expected);
        });
      }

      for (const expected of statusCases.filter((c) => c.status === 401 || c.status === 503)) {
        it(`HTTP ${expected.status} -> the stream ends with one ${expected.kind} error part`, async () => {
          harness.fail(expected.status);
          const session = open(create(), { sampleRate: SAMPLE_RATE });
          const parts = recordStream(session);
          pushSpeech(session, 300);
          session.finalize();
          await parts.ended(CALL_DEADLINE_MS);
          expect(parts.thrown, 'the session iterator never throws').toBeUndefined();
          const values = parts.values();
          expect(values.filter((p) => p.type === 'transcript-final' || p.type === 'finish')).toEqual([]);
          expect(
            values.filter((p) => p.type === 'error'),
            'exactly one error part',
          ).toHaveLength(1);
          const last = values.at(-1);
          expect(last?.type, 'the error is the last part').toBe('error');
          if (last?.type === 'error') expectVendorError(last.error, expected.kind);
        });
      }
    });

    describe('timeouts', () => {
      it('a stalled fake makes transcribe() reject with timeout', async () => {
        harness.stall();
        const error = await rejectionOf(
          create(SHORT_TIMEOUT_MS).transcribe(speechFrame(500, SAMPLE_RATE), { timeoutMs: SHORT_TIMEOUT_MS }),
          SHORT_TIMEOUT_MS + TIMEOUT_SLACK_MS,
          'transcribe() against a stalled fake',
        );
        expectVendorError(error, 'timeout');
        await eventually(
          () => harness.openConnections() === 0,
          CANCEL_DEADLINE_MS,
          () => `fake still has ${harness.openConnections()} open connection(s) after the timeout`,
        );
      });

      it('a stalled fake makes the stream end with one timeout error part', async () => {
        harness.stall();
        const session = open(create(SHORT_TIMEOUT_MS), {
          sampleRate: SAMPLE_RATE,
          timeoutMs: SHORT_TIMEOUT_MS,
        });
        const parts = recordStream(session);
        pushSpeech(session, 300);
        session.finalize();
        await parts.ended(SHORT_TIMEOUT_MS + TIMEOUT_SLACK_MS);
        const values = parts.values();
        expect(values.filter((p) => p.type === 'transcript-final' || p.type === 'finish')).toEqual([]);
        const last = values.at(-1);
        expect(last?.type, 'the stream ends with an error part').toBe('error');
        if (last?.type === 'error') expectVendorError(last.error, 'timeout');
      });
    });
  });
}
