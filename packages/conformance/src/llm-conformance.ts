import { InvalidOutputError, type LLM, type LlmStreamPart } from '@bot-backend/interfaces';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LlmConformanceHarness } from './harness.js';
import {
  CALL_DEADLINE_MS,
  CANCEL_DEADLINE_MS,
  SHORT_TIMEOUT_MS,
  TIMEOUT_SLACK_MS,
} from './support/constants.js';
import { isolateTests } from './support/lifecycle.js';
import { recordStream } from './support/stream-recorder.js';
import { eventually, rejectionOf, within } from './support/timing.js';
import {
  abortedSignal,
  expectStatusMapped,
  expectVendorError,
  RETRY_AFTER_SEC,
  statusCases,
} from './support/vendor-error-checks.js';

const messages = [{ role: 'user' as const, content: 'Say something.' }];
const REPLY = 'The quick brown fox jumps over the lazy dog, and then it rests.';
const LONG_REPLY = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');

const answerSchema = z.object({ score: z.number().int().min(0).max(10), feedback: z.string() });
const output = { name: 'answer', schema: answerSchema };

function expectUsage(usage: { inputTokens: number; outputTokens: number; totalTokens: number }): void {
  for (const key of ['inputTokens', 'outputTokens', 'totalTokens'] as const) {
    expect(Number.isFinite(usage[key]), `usage.${key} is a finite number`).toBe(true);
    expect(usage[key], `usage.${key}`).toBeGreaterThanOrEqual(0);
  }
}

/** Parts of a stream that must never follow the signal's abort. */
function isContent(part: LlmStreamPart): boolean {
  return part.type === 'text-delta' || part.type === 'finish';
}

/**
 * The LLM contract, run against an implementation pointed at its fake:
 * streaming order, structured output with one repair, cancellation, error
 * kinds and timeouts. Call it at the top level of a test file.
 */
export function describeLlmConformance(harness: LlmConformanceHarness): void {
  describe(`LLM conformance: ${harness.name}`, () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    isolateTests(harness, cleanups);
    const create = (timeoutMs?: number): LLM => harness.create(timeoutMs === undefined ? {} : { timeoutMs });

    describe('identity', () => {
      it('declares specificationVersion v1, a provider and a model id', () => {
        const llm = create();
        expect(llm.specificationVersion).toBe('v1');
        expect(llm.provider.length).toBeGreaterThan(0);
        expect(llm.modelId.length).toBeGreaterThan(0);
        expect(typeof llm.capabilities.streaming).toBe('boolean');
        expect(typeof llm.capabilities.structuredOutput).toBe('boolean');
      });
    });

    describe('complete()', () => {
      it('returns the whole reply with usage, finish reason and model', async () => {
        harness.reply(REPLY);
        const llm = create();
        const result = await within(llm.complete({ messages }), CALL_DEADLINE_MS, 'complete()');
        expect(result.text).toBe(REPLY);
        expect(result.finishReason).toBe('stop');
        expectUsage(result.usage);
        expect(result.model.length).toBeGreaterThan(0);
        expect(result.provider.length).toBeGreaterThan(0);
        expect(Array.isArray(result.warnings)).toBe(true);
      });
    });

    describe('stream()', () => {
      it('yields text deltas in order, then exactly one finish, and nothing after it', async () => {
        harness.reply(REPLY);
        const parts = recordStream(create().stream({ messages }));
        await parts.ended(CALL_DEADLINE_MS);
        expect(parts.thrown, 'a stream never throws').toBeUndefined();
        const values = parts.values();
        const finishes = values.filter((p) => p.type === 'finish');
        expect(finishes, 'exactly one finish part').toHaveLength(1);
        expect(values.at(-1)?.type, 'finish is the last part').toBe('finish');
        const deltas = values.slice(0, -1);
        expect(
          deltas.every((p) => p.type === 'text-delta'),
          'only text deltas before finish',
        ).toBe(true);
        expect(deltas.length, 'the reply arrives in several deltas').toBeGreaterThan(1);
        expect(deltas.map((p) => (p.type === 'text-delta' ? p.delta : '')).join('')).toBe(REPLY);
        const finish = finishes[0];
        if (finish?.type !== 'finish') throw new Error('unreachable');
        expectUsage(finish.usage);
        expect(finish.finishReason).toBe('stop');
        expect(finish.model.length).toBeGreaterThan(0);
        expect(finish.provider.length).toBeGreaterThan(0);
      });

      it('passes deltas on as they arrive instead of buffering the reply', async () => {
        harness.reply(LONG_REPLY, { tokenDelayMs: 15 });
        const parts = recordStream(create().stream({ messages }));
        await parts.ended(CALL_DEADLINE_MS + 2000);
        const firstDelta = parts.parts.find((p) => p.part.type === 'text-delta');
        const finish = parts.parts.find((p) => p.part.type === 'finish');
        expect(firstDelta && finish, 'a delta and a finish arrived').toBeTruthy();
        // The fake spends at least ~15 ms per token on 40 tokens: a buffering implementation yields all at once.
        expect(finish!.at - firstDelta!.at).toBeGreaterThan(200);
      });
    });

    describe('structured output', () => {
      it('valid JSON becomes the validated object', async () => {
        harness.reply('{"score":7,"feedback":"Clear and correct."}');
        const result = await within(create().complete({ messages, output }), CALL_DEADLINE_MS, 'complete()');
        expect(result.object).toEqual({ score: 7, feedback: 'Clear and correct.' });
      });

      it('invalid output, then valid output after the repair request, gives the object', async () => {
        harness.reply('Sure! The score is seven.');
        harness.reply('{"score":8,"feedback":"Repaired."}');
        const result = await within(create().complete({ messages, output }), CALL_DEADLINE_MS, 'complete()');
        expect(result.object).toEqual({ score: 8, feedback: 'Repaired.' });
      });

      it('JSON that breaks the schema is repaired too', async () => {
        harness.reply('{"score":"high","feedback":3}');
        harness.reply('{"score":3,"feedback":"Fixed types."}');
        const result = await within(create().complete({ messages, output }), CALL_DEADLINE_MS, 'complete()');
        expect(result.object).toEqual({ score: 3, feedback: 'Fixed types.' });
      });

      it('invalid twice rejects with InvalidOutputError listing the problems', async () => {
        harness.reply('not json');
        harness.reply('{"score":42}');
        const error = await rejectionOf(
          create().complete({ messages, output }),
          CALL_DEADLINE_MS,
          'complete()',
        );
        expect(InvalidOutputError.isInstance(error), `InvalidOutputError, got ${String(error)}`).toBe(true);
        const invalid = error as InvalidOutputError;
        expect(invalid.issues.length).toBeGreaterThan(0);
        expect(invalid.provider.length).toBeGreaterThan(0);
      });
    });

    describe('cancellation', () => {
      it('aborting mid-stream stops the text, ends the stream and closes the connection', async () => {
        harness.reply(LONG_REPLY, { tokenDelayMs: 30 });
        const controller = new AbortController();
        const parts = recordStream(create().stream({ messages }, { signal: controller.signal }));
        await parts.waitFor((p) => p.type === 'text-delta', CALL_DEADLINE_MS, 'the first text delta');
        const abortedAt = performance.now();
        controller.abort();
        await parts.ended(CANCEL_DEADLINE_MS);
        expect(parts.thrown, 'a stream never throws').toBeUndefined();
        const after = parts.parts.filter((p) => p.at >= abortedAt).map((p) => p.part);
        expect(after.filter(isContent), 'no text or finish after abort').toEqual([]);
        for (const part of after) {
          if (part.type === 'error') expectVendorError(part.error, 'cancelled');
        }
        const text = parts
          .values()
          .map((p) => (p.type === 'text-delta' ? p.delta : ''))
          .join('');
        expect(text.length, 'the stream stopped before the whole reply').toBeLessThan(LONG_REPLY.length);
        await eventually(
          () => harness.openConnections() === 0,
          CANCEL_DEADLINE_MS,
          () => `fake still has ${harness.openConnections()} open connection(s) after abort`,
        );
      });

      it('aborting complete() rejects with cancelled and closes the connection', async () => {
        harness.stall();
        const controller = new AbortController();
        const pending = create().complete({ messages }, { signal: controller.signal });
        await eventually(
          () => harness.openConnections() > 0,
          CALL_DEADLINE_MS,
          () => 'the request never reached the fake',
        );
        controller.abort();
        expectVendorError(
          await rejectionOf(pending, CANCEL_DEADLINE_MS, 'complete() after abort'),
          'cancelled',
        );
        await eventually(
          () => harness.openConnections() === 0,
          CANCEL_DEADLINE_MS,
          () => `fake still has ${harness.openConnections()} open connection(s) after abort`,
        );
      });

      it('an already-aborted signal: complete() rejects with cancelled', async () => {
        harness.reply(REPLY);
        const error = await rejectionOf(
          create().complete({ messages }, { signal: abortedSignal() }),
          CANCEL_DEADLINE_MS,
          'complete()',
        );
        expectVendorError(error, 'cancelled');
      });

      it('an already-aborted signal: stream() yields one cancelled error part and nothing else', async () => {
        harness.reply(REPLY);
        const parts = recordStream(create().stream({ messages }, { signal: abortedSignal() }));
        await parts.ended(CANCEL_DEADLINE_MS);
        expect(parts.thrown, 'a stream never throws').toBeUndefined();
        const values = parts.values();
        expect(values.map((p) => p.type)).toEqual(['error']);
        if (values[0]?.type === 'error') expectVendorError(values[0].error, 'cancelled');
      });
    });

    describe('errors mapped to kinds', () => {
      for (const expected of statusCases) {
        it(`HTTP ${expected.status} -> ${expected.kind} (retryable: ${expected.retryable}) from complete()`, async () => {
          harness.fail(
            expected.status,
            expected.status === 429 ? { retryAfterSec: RETRY_AFTER_SEC } : undefined,
          );
          const error = await rejectionOf(create().complete({ messages }), CALL_DEADLINE_MS, 'complete()');
          expectStatusMapped(error, expected);
        });
      }

      for (const expected of statusCases.filter(
        (c) => c.status === 429 || c.status === 500 || c.status === 401,
      )) {
        it(`HTTP ${expected.status} -> one ${expected.kind} error part from stream()`, async () => {
          harness.fail(
            expected.status,
            expected.status === 429 ? { retryAfterSec: RETRY_AFTER_SEC } : undefined,
          );
          const parts = recordStream(create().stream({ messages }));
          await parts.ended(CALL_DEADLINE_MS);
          expect(parts.thrown, 'a stream never throws').toBeUndefined();
          const values = parts.values();
          expect(values.map((p) => p.type)).toEqual(['error']);
          if (values[0]?.type === 'error') expectStatusMapped(values[0].error, expected);
        });
      }
    });

    describe('timeouts', () => {
      it('a stalled fake makes complete() reject with timeout and closes the connection', async () => {
        harness.stall();
        const started = performance.now();
        const error = await rejectionOf(
          create(SHORT_TIMEOUT_MS).complete({ messages }, { timeoutMs: SHORT_TIMEOUT_MS }),
          SHORT_TIMEOUT_MS + TIMEOUT_SLACK_MS,
          'complete() against a stalled fake',
        );
        expectVendorError(error, 'timeout');
        expect((error as { retryable: boolean }).retryable).toBe(true);
        expect(performance.now() - started).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS - 20);
        await eventually(
          () => harness.openConnections() === 0,
          CANCEL_DEADLINE_MS,
          () => `fake still has ${harness.openConnections()} open connection(s) after the timeout`,
        );
      });

      it('a stalled fake makes stream() yield one timeout error part', async () => {
        harness.stall();
        const parts = recordStream(
          create(SHORT_TIMEOUT_MS).stream({ messages }, { timeoutMs: SHORT_TIMEOUT_MS }),
        );
        await parts.ended(SHORT_TIMEOUT_MS + TIMEOUT_SLACK_MS);
        expect(parts.thrown, 'a stream never throws').toBeUndefined();
        const values = parts.values();
        expect(values.map((p) => p.type)).toEqual(['error']);
        if (values[0]?.type === 'error') expectVendorError(values[0].error, 'timeout');
      });
    });
  });
}
