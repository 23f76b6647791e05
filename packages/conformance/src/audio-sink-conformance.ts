import type { AudioFrame } from '@bot-backend/interfaces';
import { afterEach, describe, expect, it } from 'vitest';
import type { AudioSinkConformanceHarness, AudioSinkUnderTest } from './harness.js';
import { CALL_DEADLINE_MS, CANCEL_DEADLINE_MS } from './support/constants.js';
import { rejectionOf, sleep, within } from './support/timing.js';

/** clear() is called on barge-in, while the candidate is talking: it must not block the loop. */
export const CLEAR_BUDGET_MS = 10;

/** A recognisable, non-repeating sample pattern, so a lost, duplicated or reordered frame shows. */
function pattern(start: number, length: number): Int16Array {
  const out = new Int16Array(length);
  for (let i = 0; i < length; i++) out[i] = (((start + i) * 7919) % 65536) - 32768;
  return out;
}

function framesOf(sizes: readonly number[], sampleRate: number, start = 0): AudioFrame[] {
  const frames: AudioFrame[] = [];
  let offset = start;
  for (const size of sizes) {
    frames.push({ samples: pattern(offset, size), sampleRate });
    offset += size;
  }
  return frames;
}

function join(frames: readonly AudioFrame[]): Int16Array {
  const out = new Int16Array(frames.reduce((n, f) => n + f.samples.length, 0));
  let offset = 0;
  for (const frame of frames) {
    out.set(frame.samples, offset);
    offset += frame.samples.length;
  }
  return out;
}

function ms(samples: number, sampleRate: number): number {
  return (samples * 1000) / sampleRate;
}

/** Index of the first difference, or -1 when `a` starts with all of `prefix`. */
function firstMismatch(a: Int16Array, prefix: Int16Array): number {
  const n = Math.min(a.length, prefix.length);
  for (let i = 0; i < n; i++) if (a[i] !== prefix[i]) return i;
  return a.length < prefix.length ? a.length : -1;
}

/**
 * Waits until the far side holds at least `samples` samples (delivery may lag
 * flush() by a network hop), or until nothing new arrived for a while.
 */
async function receivedSamples(under: AudioSinkUnderTest, samples: number): Promise<AudioFrame[]> {
  const deadline = performance.now() + CALL_DEADLINE_MS;
  let last = -1;
  let stableSince = performance.now();
  let stablePolls = 0;
  for (;;) {
    const frames = [...(await under.received())];
    const have = frames.reduce((n, f) => n + f.samples.length, 0);
    const now = performance.now();
    if (have !== last) {
      last = have;
      stableSince = now;
      stablePolls = 0;
    } else {
      stablePolls++;
    }
    // "Nothing new" needs time and many polls: after a stalled process, I/O is read between polls.
    const settled = now - stableSince > 300 && stablePolls >= 10;
    if (have >= samples || now > deadline || settled) return frames;
    await sleep(10);
  }
}

/**
 * The AudioSink contract: every sample leaves in order, flush/close drain,
 * clear() drops the backlog at once and accounts for it, the sink is usable after clear().
 */
export function describeAudioSinkConformance(harness: AudioSinkConformanceHarness): void {
  describe(`AudioSink conformance: ${harness.name}`, () => {
    const opened: AudioSinkUnderTest[] = [];
    const create = async (sampleRate: number) => {
      const under = await harness.create({ sampleRate });
      opened.push(under);
      return under;
    };

    afterEach(async () => {
      for (const under of opened.splice(0, opened.length)) {
        await within(under.sink.close(), CALL_DEADLINE_MS, 'sink.close() in cleanup').catch(() => {});
        await under.dispose?.();
      }
    });

    it('declares specificationVersion v1', async () => {
      const { sink } = await create(16_000);
      expect(sink.specificationVersion).toBe('v1');
      expect(sink.deliveredMs).toBe(0);
    });

    for (const sampleRate of [16_000, 24_000]) {
      it(`delivers every sample once, in order, at ${sampleRate} Hz (frames of any size)`, async () => {
        const under = await create(sampleRate);
        const frames = framesOf([1, 7, 160, 320, 321, 3200, 2, 960, 4800, 33], sampleRate);
        const written = join(frames);
        for (const frame of frames) await within(under.sink.write(frame), CALL_DEADLINE_MS, 'write()');
        await within(under.sink.flush(), CALL_DEADLINE_MS, 'flush()');
        const received = await receivedSamples(under, written.length);
        for (const frame of received) expect(frame.sampleRate, 'received sample rate').toBe(sampleRate);
        const got = join(received);
        expect(got.length, 'received sample count').toBe(written.length);
        expect(firstMismatch(got, written), 'index of the first wrong sample').toBe(-1);
        expect(under.sink.deliveredMs).toBeCloseTo(ms(written.length, sampleRate), 3);
      });
    }

    it('flush() on an idle sink resolves, and clear() on it drops nothing', async () => {
      const { sink } = await create(16_000);
      await within(sink.flush(), CALL_DEADLINE_MS, 'flush() of an empty sink');
      expect(sink.clear()).toBe(0);
      await sink.write({ samples: pattern(0, 320), sampleRate: 16_000 });
      await within(sink.flush(), CALL_DEADLINE_MS, 'flush()');
      expect(sink.clear(), 'nothing is queued after flush()').toBe(0);
      expect(sink.deliveredMs).toBeCloseTo(20, 3);
    });

    it(`clear() with a large backlog returns within ${CLEAR_BUDGET_MS} ms`, async () => {
      const sampleRate = 16_000;
      const under = await create(sampleRate);
      // Best of three bursts: a blocking clear() is slow every time, a busy CI host only once.
      const timings: number[] = [];
      for (let round = 0; round < 3; round++) {
        const writes = framesOf(new Array(1500).fill(320), sampleRate).map((frame) =>
          under.sink.write(frame),
        );
        await sleep(5);
        const started = performance.now();
        under.sink.clear();
        timings.push(performance.now() - started);
        await within(Promise.all(writes), CANCEL_DEADLINE_MS, 'writes pending at clear()');
      }
      expect(
        Math.min(...timings),
        `clear() durations in ms: ${timings.map((t) => t.toFixed(2)).join(', ')}`,
      ).toBeLessThan(CLEAR_BUDGET_MS);
    });

    it('clear() with a large backlog accounts for every sample', async () => {
      const sampleRate = 16_000;
      const under = await create(sampleRate);
      const frames = framesOf(new Array(1500).fill(320), sampleRate); // 30 s of 20 ms frames
      const written = join(frames);
      const totalMs = ms(written.length, sampleRate);
      const writes = frames.map((frame) => under.sink.write(frame));
      // Let the sink start sending, as it would while the agent talks.
      await sleep(20);
      const dropped = under.sink.clear();
      expect(dropped, 'clear() returns the milliseconds it dropped').toBeGreaterThanOrEqual(0);
      await within(Promise.all(writes), CANCEL_DEADLINE_MS, 'writes pending at clear()');
      await within(under.sink.flush(), CALL_DEADLINE_MS, 'flush() after clear()');
      if (harness.holdsBacklog) {
        expect(dropped, 'a paced sink drops most of a 30 s backlog').toBeGreaterThan(totalMs / 2);
      }
      const deliveredMs = under.sink.deliveredMs;
      expect(deliveredMs + dropped, 'delivered + dropped = written (ms)').toBeCloseTo(totalMs, 1);
      const received = join(await receivedSamples(under, Math.round((deliveredMs * sampleRate) / 1000)));
      expect(ms(received.length, sampleRate), 'received = deliveredMs').toBeCloseTo(deliveredMs, 1);
      expect(firstMismatch(written, received), 'what left is a prefix of what was written').toBe(-1);
    });

    it('after clear() the sink keeps working: new audio follows what had left', async () => {
      const sampleRate = 16_000;
      const under = await create(sampleRate);
      const first = framesOf(new Array(500).fill(320), sampleRate);
      const writes = first.map((frame) => under.sink.write(frame));
      await sleep(20);
      under.sink.clear();
      await within(Promise.all(writes), CANCEL_DEADLINE_MS, 'writes pending at clear()');
      const second = framesOf([320, 320, 160, 640], sampleRate, 1_000_000);
      for (const frame of second)
        await within(under.sink.write(frame), CALL_DEADLINE_MS, 'write() after clear()');
      await within(under.sink.flush(), CALL_DEADLINE_MS, 'flush()');
      const deliveredSamples = Math.round((under.sink.deliveredMs * sampleRate) / 1000);
      const got = join(await receivedSamples(under, deliveredSamples));
      const tail = join(second);
      expect(got.length, 'received everything written after clear()').toBeGreaterThanOrEqual(tail.length);
      const head = got.subarray(0, got.length - tail.length);
      expect(firstMismatch(join(first), head), 'before: a prefix of the cleared audio').toBe(-1);
      expect(firstMismatch(got.subarray(got.length - tail.length), tail), 'after: all of the new audio').toBe(
        -1,
      );
    });

    it('close() drains queued audio; writing after close() rejects; closing twice is harmless', async () => {
      const sampleRate = 16_000;
      const under = await create(sampleRate);
      const frames = framesOf(new Array(10).fill(320), sampleRate);
      const writes = frames.map((frame) => under.sink.write(frame));
      await within(under.sink.close(), CALL_DEADLINE_MS, 'close()');
      await within(Promise.all(writes), CANCEL_DEADLINE_MS, 'writes before close()');
      const got = join(await receivedSamples(under, 3200));
      expect(firstMismatch(got, join(frames)), 'everything written before close() left').toBe(-1);
      await rejectionOf(
        under.sink.write({ samples: pattern(0, 320), sampleRate }),
        CANCEL_DEADLINE_MS,
        'write() after close()',
      );
      await within(under.sink.close(), CANCEL_DEADLINE_MS, 'second close()');
    });
  });
}
