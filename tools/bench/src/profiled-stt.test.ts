import type { SttStreamPart } from '@bot-backend/interfaces';
import { createDeepgram } from '@bot-backend/vendors-deepgram';
import { afterEach, describe, expect, it } from 'vitest';
import { type ProfiledStt, startProfiledStt } from './profiled-stt.js';

// The stand-in through the real Deepgram vendor package: the wire must parse as Deepgram's.
let stt: ProfiledStt | undefined;
afterEach(async () => {
  await stt?.close();
  stt = undefined;
});

const frame = (voiced: boolean) => ({
  samples: new Int16Array(320).map((_, i) => (voiced ? Math.round(8_000 * Math.sin(i / 5)) : 0)),
  sampleRate: 16_000,
});

describe('the profiled STT', () => {
  it('hands out words over voiced audio only and sends speech_final after endpointing plus the final delay', async () => {
    stt = await startProfiledStt({
      apiKey: 'k',
      answer: 'We cached the slow queries',
      msPerWord: 100,
      finalDelayMs: 150,
    });
    const session = createDeepgram({ apiKey: 'k', baseUrl: stt.url, endpointingMs: 200 })
      .stt()
      .stream({ sampleRate: 16_000, interimResults: true });
    const parts: (SttStreamPart & { at: number })[] = [];
    const reading = (async () => {
      for await (const part of session) parts.push({ ...part, at: performance.now() });
    })();
    for (let i = 0; i < 10; i++) session.push(frame(false)); // silence first: no speech
    for (let i = 0; i < 25; i++) session.push(frame(true)); // 500 ms: five words
    for (let i = 0; i < 10; i++) session.push(frame(false)); // the 200 ms endpointing window
    const endpointAt = performance.now();
    await expect.poll(() => parts.some((p) => p.type === 'transcript-final'), { timeout: 3_000 }).toBe(true);
    const final = parts.find((p) => p.type === 'transcript-final')!;
    expect(final).toMatchObject({ text: 'We cached the slow queries' });
    expect(final.at - endpointAt).toBeGreaterThanOrEqual(140);
    expect(parts.filter((p) => p.type === 'speech-start')).toHaveLength(1);
    expect(parts.filter((p) => p.type === 'transcript-partial').length).toBeGreaterThanOrEqual(1);
    expect(stt.endpointingMs()).toBe(200);
    expect(stt.speechStartedAt).toHaveLength(1);
    await session.close();
    await reading;
  });

  it('ends the utterance on the audio, not on how messages were cut (speech two frames a message, its tail joined with silence)', async () => {
    stt = await startProfiledStt({ apiKey: 'k', answer: 'We cached it', msPerWord: 100, finalDelayMs: 50 });
    const session = createDeepgram({ apiKey: 'k', baseUrl: stt.url, endpointingMs: 200, speechChunkMs: 40 })
      .stt()
      .stream({ sampleRate: 16_000, interimResults: true });
    const parts: (SttStreamPart & { at: number })[] = [];
    const reading = (async () => {
      for await (const part of session) parts.push({ ...part, at: performance.now() });
    })();
    session.push(frame(false));
    await expect.poll(() => stt?.openConnections(), { timeout: 3_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // 15 voiced frames: seven messages of two, the last joined with the first silent frame; then 200 ms of silence.
    for (let i = 0; i < 15; i++) session.push(frame(true));
    for (let i = 0; i < 10; i++) session.push(frame(false));
    const endpointAt = performance.now();
    await expect.poll(() => parts.some((p) => p.type === 'transcript-final'), { timeout: 1_000 }).toBe(true);
    const final = parts.find((p) => p.type === 'transcript-final')!;
    expect(final).toMatchObject({ text: 'We cached it' });
    expect(final.at - endpointAt).toBeGreaterThanOrEqual(40);
    await session.close();
    await reading;
  });

  it('keeps each connection to its own candidate', async () => {
    stt = await startProfiledStt({ apiKey: 'k', answer: 'one two three', msPerWord: 100, finalDelayMs: 0 });
    const deepgram = createDeepgram({ apiKey: 'k', baseUrl: stt.url, endpointingMs: 100 }).stt();
    const sessions = [0, 1].map(() => deepgram.stream({ sampleRate: 16_000, interimResults: false }));
    const finals = sessions.map(() => [] as string[]);
    const readers = sessions.map(async (session, index) => {
      for await (const part of session) if (part.type === 'transcript-final') finals[index]!.push(part.text);
    });
    // Interleaved speech: both say the whole answer, each on its own socket.
    for (let i = 0; i < 15; i++) for (const session of sessions) session.push(frame(true));
    for (let i = 0; i < 6; i++) for (const session of sessions) session.push(frame(false));
    await expect.poll(() => finals.every((f) => f.length === 1), { timeout: 3_000 }).toBe(true);
    expect(finals).toEqual([['one two three'], ['one two three']]);
    await Promise.all(sessions.map((s) => s.close()));
    await Promise.all(readers);
  });
});
