import { bytesLEToInt16 } from '@bot-backend/audio';
import type { TtsStreamPart } from '@bot-backend/interfaces';
import { speechWaveform } from '@bot-backend/testkit';
import { describe, expect, it } from 'vitest';
import { createDeepgram } from './deepgram-provider.js';
import { collect, fakePerTest, joined, until } from './test-support.js';

describe('DeepgramTts (Aura, POST /v1/speak)', () => {
  const env = fakePerTest();

  it('asks for raw linear16 at the requested rate and yields exactly the PCM the server sent', async () => {
    const text = 'Tell me about a hard bug you fixed.';
    const parts = await collect(createDeepgram(env.settings).tts().synthesize(text, { sampleRate: 24000 }));
    const request = env.fake.server.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/speak');
    expect(request.headers.authorization).toBe(`Token ${env.fake.apiKey}`);
    expect(JSON.parse(request.body.toString())).toEqual({ text });
    expect(Object.fromEntries(request.query)).toEqual({
      model: 'aura-2-thalia-en',
      encoding: 'linear16',
      sample_rate: '24000',
      container: 'none',
    });
    const expected = bytesLEToInt16(new Uint8Array(speechWaveform(text, 24000)));
    expect(joined(parts)).toEqual(expected);
    expect(parts.every((p) => p.type !== 'audio' || p.frame.sampleRate === 24000)).toBe(true);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      characters: text.length,
      audioMs: Math.round((expected.length / 24000) * 1000),
    });
  });

  it('sends voice and speed, and lets Aura render 16 kHz natively', async () => {
    const parts = await collect(
      createDeepgram(env.settings).tts().synthesize('Hello.', {
        sampleRate: 16000,
        voice: 'aura-2-apollo-en',
        speed: 1.2,
      }),
    );
    const q = env.fake.server.requests[0]!.query;
    expect(q.get('model')).toBe('aura-2-apollo-en');
    expect(q.get('speed')).toBe('1.2');
    expect(q.get('sample_rate')).toBe('16000');
    expect(joined(parts)).toEqual(bytesLEToInt16(new Uint8Array(speechWaveform('Hello.', 16000))));
  });

  it('resamples rates Aura does not offer from the next higher one', async () => {
    const text = 'A rate Aura does not render.';
    const parts = await collect(createDeepgram(env.settings).tts().synthesize(text, { sampleRate: 22050 }));
    expect(env.fake.server.requests[0]!.query.get('sample_rate')).toBe('24000');
    const native = speechWaveform(text, 24000).length / 2;
    const out = joined(parts);
    expect(Math.abs(out.length - (native * 22050) / 24000)).toBeLessThanOrEqual(2);
    expect(parts.every((p) => p.type !== 'audio' || p.frame.sampleRate === 22050)).toBe(true);
  });

  it('warns about an option it cannot honour instead of dropping it silently', async () => {
    const warnings: string[] = [];
    await collect(
      createDeepgram({ ...env.settings, onWarning: (w) => warnings.push(w) })
        .tts()
        .synthesize('Hi.', {
          sampleRate: 24000,
          language: 'de',
        }),
    );
    expect(warnings).toEqual([expect.stringContaining('language')]);
  });

  it('cancellation mid-stream yields no more audio and closes the request at the fake', async () => {
    env.fake.slowSpeak({ chunkDelayMs: 40, chunkMs: 20 });
    const controller = new AbortController();
    const parts: TtsStreamPart[] = [];
    let audioAfterAbort = 0;
    for await (const part of createDeepgram(env.settings)
      .tts()
      .synthesize('A long answer that keeps going and going.', {
        sampleRate: 24000,
        signal: controller.signal,
      })) {
      parts.push(part);
      if (controller.signal.aborted && part.type === 'audio') audioAfterAbort += 1;
      if (parts.length === 3) controller.abort();
    }
    expect(audioAfterAbort).toBe(0);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'cancelled', retryable: false } });
    await until(() => env.fake.openConnections() === 0);
  });

  it('a consumer that stops iterating early also ends the request', async () => {
    env.fake.slowSpeak({ chunkDelayMs: 40 });
    for await (const part of createDeepgram(env.settings)
      .tts()
      .synthesize('Stop listening after one frame.', {
        sampleRate: 24000,
      })) {
      expect(part.type).toBe('audio');
      break;
    }
    await until(() => env.fake.openConnections() === 0);
  });

  it('maps failures to VendorError parts: 401, 429 with Retry-After, stall → timeout', async () => {
    const tts = createDeepgram(env.settings).tts();
    env.fake.fail(401);
    expect(await collect(tts.synthesize('x', { sampleRate: 24000 }))).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'auth', status: 401 }) },
    ]);
    env.fake.fail(429, { retryAfterSec: 3 });
    expect((await collect(tts.synthesize('x', { sampleRate: 24000 })))[0]).toMatchObject({
      type: 'error',
      error: { kind: 'rate_limit', retryAfterMs: 3000, retryable: true },
    });
    env.fake.stall();
    expect((await collect(tts.synthesize('x', { sampleRate: 24000, timeoutMs: 150 })))[0]).toMatchObject({
      type: 'error',
      error: { kind: 'timeout' },
    });
    await until(() => env.fake.openConnections() === 0);
    expect(env.fake.server.requests).toHaveLength(3);
  });

  it('settings.timeoutMs is the default first-byte timeout of every call', async () => {
    env.fake.stall();
    const parts = await collect(
      createDeepgram({ ...env.settings, timeoutMs: 150 })
        .tts()
        .synthesize('x', { sampleRate: 24000 }),
    );
    expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'timeout' }) }]);
    await until(() => env.fake.openConnections() === 0);
  });

  it('stream() over the /v1/speak WebSocket: Speak + Flush per sentence on one connection, one finish', async () => {
    const tts = createDeepgram(env.settings).tts();
    expect(tts.capabilities.incrementalText).toBe(true);
    const session = tts.stream({ sampleRate: 24000, voice: 'aura-2-apollo-en', speed: 0.9 });
    const done = collect(session);
    session.pushText('First sentence. ');
    session.pushText('Second one.');
    session.end();
    const parts = await done;
    expect(env.fake.speakSockets).toHaveLength(1);
    const socket = env.fake.speakSockets[0]!;
    await until(() => socket.closedBy !== undefined);
    expect(socket.request.headers.authorization).toBe(`Token ${env.fake.apiKey}`);
    expect(Object.fromEntries(socket.request.query)).toEqual({
      model: 'aura-2-apollo-en',
      encoding: 'linear16',
      sample_rate: '24000',
      speed: '0.9',
    });
    expect(socket.controlMessages).toEqual([
      { type: 'Speak', text: 'First sentence. ' },
      { type: 'Flush' },
      { type: 'Speak', text: 'Second one.' },
      { type: 'Flush' },
      { type: 'Close' },
    ]);
    const expected = [
      ...bytesLEToInt16(new Uint8Array(speechWaveform('First sentence. ', 24000))),
      ...bytesLEToInt16(new Uint8Array(speechWaveform('Second one.', 24000))),
    ];
    expect([...joined(parts)]).toEqual(expected);
    expect(parts.filter((p) => p.type === 'finish')).toEqual([
      { type: 'finish', characters: 27, audioMs: Math.round((expected.length / 24000) * 1000) },
    ]);
    expect(env.fake.server.requests.filter((r) => r.path === '/v1/speak' && r.method === 'POST')).toEqual([]);
  });

  it('stream() in sentences mode makes one POST per sentence, in order, with one finish', async () => {
    const tts = createDeepgram({ ...env.settings, ttsStreaming: 'sentences' }).tts();
    expect(tts.capabilities.incrementalText).toBe(false);
    const session = tts.stream({ sampleRate: 24000 });
    const done = collect(session);
    session.pushText('First sentence.');
    session.pushText('Second one.');
    session.end();
    const parts = await done;
    expect(env.fake.server.requests.map((r) => JSON.parse(r.body.toString()).text)).toEqual([
      'First sentence.',
      'Second one.',
    ]);
    const expected = [
      ...bytesLEToInt16(new Uint8Array(speechWaveform('First sentence.', 24000))),
      ...bytesLEToInt16(new Uint8Array(speechWaveform('Second one.', 24000))),
    ];
    expect([...joined(parts)]).toEqual(expected);
    expect(parts.filter((p) => p.type === 'finish')).toEqual([
      { type: 'finish', characters: 26, audioMs: Math.round((expected.length / 24000) * 1000) },
    ]);
  });

  for (const ttsStreaming of ['websocket', 'sentences'] as const) {
    it(`stream().close() (${ttsStreaming}) stops the synthesis: nothing after it, nothing left open`, async () => {
      env.fake.slowSpeak({ chunkDelayMs: 40 });
      const session = createDeepgram({ ...env.settings, ttsStreaming })
        .tts()
        .stream({ sampleRate: 16000 });
      const parts: TtsStreamPart[] = [];
      const done = (async () => {
        for await (const part of session) parts.push(part);
      })();
      session.pushText('A sentence that will be interrupted by barge-in.');
      await until(() => parts.length >= 2);
      await session.close();
      await done;
      const countAtClose = parts.length;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(parts.length).toBe(countAtClose);
      expect(parts.some((p) => p.type === 'finish')).toBe(false);
      await until(() => env.fake.openConnections() === 0);
    });
  }

  it('stream() over the WebSocket: a refused connection is one error part', async () => {
    env.fake.fail(401);
    const session = createDeepgram(env.settings).tts().stream({ sampleRate: 24000 });
    const done = collect(session);
    session.pushText('Hello.');
    session.end();
    expect(await done).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'auth', status: 401 }) },
    ]);
  });
});
