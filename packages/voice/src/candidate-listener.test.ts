import { speechLike } from '@bot-backend/audio';
import type { SttStreamPart, VendorError } from '@bot-backend/interfaces';
import { type DeepgramFake, startDeepgramFake } from '@bot-backend/testkit';
import { createDeepgram } from '@bot-backend/vendors-deepgram';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CandidateListener } from './candidate-listener.js';

// The Deepgram vendor package, through its SDK, against the loopback fake of its live endpoint.
let deepgram: DeepgramFake;
beforeAll(async () => {
  deepgram = await startDeepgramFake();
});
afterAll(() => deepgram.close());
afterEach(() => deepgram.reset());

function listen(clockMs: () => number, endpointingMs?: number) {
  const parts: SttStreamPart[] = [];
  const errors: VendorError[] = [];
  const controller = new AbortController();
  const listener = new CandidateListener(
    createDeepgram({ apiKey: deepgram.apiKey, baseUrl: deepgram.url }).stt(),
    {
      sampleRate: 16_000,
      endpointingMs,
      signal: controller.signal,
      clockMs,
      onPart: (part) => parts.push(part),
      onError: (error) => errors.push(error),
    },
  );
  return { listener, parts, errors, controller };
}

async function speak(listener: CandidateListener, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 20) {
    listener.push(speechLike({ durationMs: 20, sampleRate: 16_000 }));
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const finals = (parts: SttStreamPart[]) =>
  parts.filter(
    (p): p is Extract<SttStreamPart, { type: 'transcript-final' }> => p.type === 'transcript-final',
  );

describe('CandidateListener', () => {
  it('opens one stream with the first frame and moves part times onto the session clock', async () => {
    // The session is 60 s old when the candidate first speaks.
    const { listener, parts } = listen(() => 60_000);
    expect(listener.open).toBe(false);
    deepgram.script('I would shard the orders table by customer');
    await speak(listener, 2_400);
    expect(listener.open).toBe(true);
    await vi.waitFor(
      () =>
        expect(
          finals(parts)
            .map((f) => f.text)
            .join(' '),
        ).toContain('customer'),
      {
        timeout: 5_000,
      },
    );
    for (const f of finals(parts)) {
      expect(f.startMs).toBeGreaterThanOrEqual(60_000);
      expect(f.endMs).toBeLessThanOrEqual(60_000 + 2_400);
      for (const w of f.words) expect(w.startMs).toBeGreaterThanOrEqual(60_000);
    }
    expect(deepgram.openConnections()).toBe(1);
    await listener.close();
    expect(listener.open).toBe(false);
    await vi.waitFor(() => expect(deepgram.openConnections()).toBe(0), { timeout: 5_000 });
    // Closed for good: a late frame opens nothing.
    listener.push(speechLike({ durationMs: 20, sampleRate: 16_000 }));
    expect(listener.open).toBe(false);
  });

  it('never places what was said after the moment it was received, when audio came faster than real time', async () => {
    // A stalled loop catching up: 2.4 s of audio pushed while the session clock moves 1 ms a frame.
    let now = 10_000;
    const { listener, parts } = listen(() => now);
    const heardAt: number[] = [];
    const seen = parts.push.bind(parts);
    parts.push = (...items) => {
      heardAt.push(now);
      return seen(...items);
    };
    deepgram.script('I would shard the orders table by customer');
    try {
      for (let t = 0; t < 2_400; t += 20) {
        listener.push(speechLike({ durationMs: 20, sampleRate: 16_000 }));
        now += 1;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await vi.waitFor(() => expect(finals(parts).length).toBeGreaterThan(0), { timeout: 5_000 });
      parts.forEach((part, index) => {
        if (part.type !== 'transcript-final') return;
        // opened + audio time would end near 12,400; the audio was all in by 10,120.
        expect(part.endMs).toBeLessThanOrEqual(heardAt[index]!);
        expect(part.startMs).toBeGreaterThanOrEqual(10_000);
        expect(part.startMs).toBeLessThanOrEqual(part.endMs);
        for (const w of part.words) expect(w.endMs).toBeLessThanOrEqual(heardAt[index]!);
      });
    } finally {
      await listener.close();
    }
  });

  it("asks the STT for the session's endpointing window, and leaves the vendor's default otherwise", async () => {
    const asked = async (endpointingMs: number | undefined) => {
      const before = deepgram.live.length;
      const { listener } = listen(() => 0, endpointingMs);
      listener.push(speechLike({ durationMs: 20, sampleRate: 16_000 }));
      await vi.waitFor(() => expect(deepgram.live.length).toBe(before + 1), { timeout: 5_000 });
      await listener.close();
      await vi.waitFor(() => expect(deepgram.openConnections()).toBe(0), { timeout: 5_000 });
      return deepgram.live.at(-1)?.request.query.get('endpointing');
    };
    expect(await asked(200)).toBe('200');
    // vendors-deepgram's own default (deepgram-options.ts).
    expect(await asked(undefined)).toBe('300');
  });

  it('reports a failed stream as an error, and the next frame opens a new one', async () => {
    const { listener, errors, controller } = listen(() => 0);
    deepgram.fail(401);
    listener.push(speechLike({ durationMs: 20, sampleRate: 16_000 }));
    await vi.waitFor(() => expect(errors.map((e) => e.kind)).toEqual(['auth']), { timeout: 5_000 });
    await vi.waitFor(() => expect(listener.open).toBe(false));
    await speak(listener, 100);
    expect(listener.open).toBe(true);
    // Aborting the session's signal is a cancellation, never reported as a failure.
    controller.abort();
    await listener.close();
    expect(errors).toHaveLength(1);
  });
});
