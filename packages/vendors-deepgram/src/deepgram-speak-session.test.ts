import { bytesLEToInt16 } from '@bot-backend/audio';
import type { TtsStreamPart } from '@bot-backend/interfaces';
import { type DeepgramFake, speechWaveform, startDeepgramFake } from '@bot-backend/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeepgramSettings } from './deepgram-options.js';
import { createDeepgram } from './deepgram-provider.js';
import { collect, joined, until } from './test-support.js';

/** What Deepgram allows on one speak websocket, held by the strict fake: Flush budget and Speak size. */
describe('DeepgramSpeakSession within Deepgram limits', () => {
  let fake: DeepgramFake | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  const start = async (fakeOptions: Parameters<typeof startDeepgramFake>[0] = {}) => {
    fake = await startDeepgramFake({ ttsMsPerChar: 2, ...fakeOptions });
    return fake;
  };
  const tts = (server: DeepgramFake, extra: Partial<DeepgramSettings> = {}) =>
    createDeepgram({ apiKey: server.apiKey, baseUrl: server.url, ...extra }).tts();
  /** Resolves with the parts, or with 'hung' when the session never ends. */
  const settle = (parts: Promise<TtsStreamPart[]>, ms: number) =>
    Promise.race([parts, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms))]);
  const flushes = (server: DeepgramFake) =>
    server.speakSockets[0]?.controlMessages.filter((message) => message.type === 'Flush').length ?? 0;
  const spoken = (server: DeepgramFake) =>
    (server.speakSockets[0]?.controlMessages ?? [])
      .filter((message) => message.type === 'Speak')
      .map((message) => String(message.text));

  it('30 sentences in one turn stay within 20 Flush per minute, and the turn still finishes', async () => {
    const server = await start();
    const session = tts(server).stream({ sampleRate: 16000 });
    const parts = collect(session);
    const sentences = Array.from({ length: 30 }, (_, i) => `Sentence number ${i + 1}. `);
    for (const sentence of sentences) session.pushText(sentence);
    session.end();
    const result = await settle(parts, 5000);
    expect(result).not.toBe('hung');
    if (result === 'hung') return;
    expect(flushes(server)).toBeLessThanOrEqual(20);
    expect(server.speakSockets[0]?.sent.filter((message) => message.type === 'Warning')).toEqual([]);
    expect(result.at(-1)).toMatchObject({ type: 'finish', characters: sentences.join('').length });
  });

  it('flushes where a sentence ends, not after every token', async () => {
    const server = await start();
    const session = tts(server).stream({ sampleRate: 16000 });
    const parts = collect(session);
    for (const token of ['Hello', ' there', '. How', ' are you?', ' I am', ' fine']) session.pushText(token);
    session.end();
    await parts;
    await until(() => server.speakSockets[0]?.closedBy !== undefined);
    const messages = server.speakSockets[0]?.controlMessages.map((message) => message.type);
    // One flush after "are you?", one for the rest at the end of the turn.
    expect(messages).toEqual([
      'Speak',
      'Speak',
      'Speak',
      'Speak',
      'Flush',
      'Speak',
      'Speak',
      'Flush',
      'Close',
    ]);
  });

  it('splits text over 2,000 characters into Speak messages Deepgram accepts, at sentence ends', async () => {
    const server = await start();
    const session = tts(server).stream({ sampleRate: 16000 });
    const parts = collect(session);
    const long = Array.from({ length: 120 }, (_, i) => `This is sentence ${i} of a long answer.`).join(' ');
    expect(long.length).toBeGreaterThan(4000);
    session.pushText(long);
    session.end();
    const result = await parts;
    expect(result.filter((part) => part.type === 'error')).toEqual([]);
    const pieces = spoken(server);
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(2000);
    expect(pieces.join('')).toBe(long);
    expect(pieces.slice(0, -1).every((piece) => /\.\s$/.test(piece))).toBe(true);
  });

  it('a Flush Deepgram refused with a Warning is sent again once the window allows, and nothing is lost', async () => {
    // The server's budget is smaller than the client believes: Deepgram warns and drops a Flush.
    const server = await start({ flushLimit: 2, flushWindowMs: 400 });
    const warnings: string[] = [];
    const session = tts(server, {
      speakFlushLimit: 10,
      speakFlushWindowMs: 400,
      onWarning: (message) => warnings.push(message),
    }).stream({
      sampleRate: 16000,
    });
    const parts = collect(session);
    const sentences = ['One. ', 'Two. ', 'Three. ', 'Four.'];
    for (const sentence of sentences) session.pushText(sentence);
    session.end();
    const result = await settle(parts, 5000);
    expect(result).not.toBe('hung');
    if (result === 'hung') return;
    expect(warnings.some((warning) => /flush/i.test(warning))).toBe(true);
    expect(result.at(-1)?.type).toBe('finish');
    // Everything pushed was spoken: the refused flush's text went out with a later one.
    const audio = joined(result).length;
    const expected = ['One. Two. ', 'Three. Four.'].reduce(
      (sum, text) => sum + bytesLEToInt16(new Uint8Array(speechWaveform(text, 16000, 2))).length,
      0,
    );
    expect(audio).toBeGreaterThanOrEqual(expected - 4000);
  });
});
