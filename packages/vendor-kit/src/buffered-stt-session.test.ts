import { type AudioFrame, type SttTranscript, VendorError } from '@bot-backend/interfaces';
import { collectStream as collect } from '@bot-backend/testkit';
import { describe, expect, it } from 'vitest';
import { BufferedSttSession } from './buffered-stt-session.js';

const rate = 8000;
const frame = (ms: number): AudioFrame => ({
  samples: new Int16Array((ms / 1000) * rate).fill(1),
  sampleRate: rate,
});

/** A whole-utterance "vendor": one word per 100 ms of audio, times from the start of the turn. */
function transcriber(seen: number[], fail?: (turn: number) => VendorError | undefined) {
  return async (audio: AudioFrame, signal: AbortSignal): Promise<SttTranscript> => {
    seen.push(audio.samples.length);
    const failure = fail?.(seen.length);
    if (failure) throw failure;
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (signal.aborted) throw new Error('aborted');
    const words = Array.from({ length: Math.floor(audio.samples.length / 800) }, (_, i) => ({
      word: `w${seen.length}.${i}`,
      startMs: i * 100,
      endMs: i * 100 + 80,
    }));
    return {
      text: words.map((w) => w.word).join(' '),
      words,
      confidence: 0.9,
      language: 'en',
      durationMs: 0,
    };
  };
}

describe('BufferedSttSession', () => {
  it('transcribes each finalized turn in one request, with session times, then finishes on close', async () => {
    const seen: number[] = [];
    const session = new BufferedSttSession({
      vendor: 'acme',
      sampleRate: rate,
      transcribe: transcriber(seen),
    });
    session.push(frame(100));
    session.push(frame(100));
    session.finalize();
    session.push(frame(300));
    const reading = collect(session);
    await session.close();
    const parts = await reading;
    expect(seen).toEqual([1600, 2400]);
    // Two turns, each a final then its end of turn, and one finish after close().
    expect(parts.map((p) => p.type).join(' ')).toBe(
      'transcript-final end-of-turn transcript-final end-of-turn finish',
    );
    expect(parts[1]).toEqual({ type: 'end-of-turn', atMs: 200, text: 'w1.0 w1.1' });
    expect(parts[2]).toMatchObject({ text: 'w2.0 w2.1 w2.2', startMs: 200, endMs: 500 });
    const words = parts[2]?.type === 'transcript-final' ? parts[2].words : [];
    expect(words[1]).toMatchObject({ startMs: 300, endMs: 380 });
  });

  it('an error part ends it: the failing turn is reported once and later turns are not sent', async () => {
    const seen: number[] = [];
    const refused = new VendorError({ kind: 'rate_limit', vendor: 'acme', message: 'slow down' });
    const session = new BufferedSttSession({
      vendor: 'acme',
      sampleRate: rate,
      transcribe: transcriber(seen, (turn) => (turn === 1 ? refused : undefined)),
    });
    session.push(frame(100));
    session.finalize();
    session.push(frame(100));
    session.finalize();
    const reading = collect(session);
    await session.close();
    expect(await reading).toEqual([{ type: 'error', error: refused }]);
    expect(seen).toEqual([800]);
  });

  it("the caller's signal cancels: one cancelled error and the request in flight is aborted", async () => {
    const controller = new AbortController();
    const signals: AbortSignal[] = [];
    const session = new BufferedSttSession({
      vendor: 'acme',
      sampleRate: rate,
      signal: controller.signal,
      transcribe: async (_audio, signal) => {
        signals.push(signal);
        return new Promise<SttTranscript>(() => {});
      },
    });
    session.push(frame(100));
    session.finalize();
    while (signals.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    controller.abort();
    expect(await collect(session)).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'cancelled', vendor: 'acme' }) },
    ]);
    expect(signals[0]?.aborted).toBe(true);
  });
});
