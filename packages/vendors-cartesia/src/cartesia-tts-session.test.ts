import { estimateFrequency } from '@bot-backend/audio';
import type { TtsStreamPart } from '@bot-backend/interfaces';
import { readStream, startCartesiaFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { CARTESIA_DEFAULT_MODEL, CARTESIA_DEFAULT_VOICE } from './cartesia-models.js';
import { createCartesia } from './cartesia-provider.js';
import type { CartesiaTtsSession } from './cartesia-tts-session.js';
import { audioOf, collect, joinSamples, waitFor } from './test-support.js';

const sentences = ['Welcome to the interview. ', 'Tell me about a project you enjoyed. ', 'Take your time.'];
const outputFormat = { container: 'raw', encoding: 'pcm_s16le', sample_rate: 24000 };

describe('CartesiaTts.stream (websocket contexts)', () => {
  const fake = useFake(() => startCartesiaFake());

  const tts = (options?: Parameters<ReturnType<typeof createCartesia>['tts']>[1]) =>
    createCartesia({ apiKey: fake.apiKey, baseURL: fake.url }).tts(undefined, options);

  it('sends every sentence of a session on one context, continue:true and a flush, then a final continue:false', async () => {
    const session = tts().stream({ sampleRate: 24000 }) as CartesiaTtsSession;
    for (const sentence of sentences) session.pushText(sentence);
    session.end();
    const parts = await collect(session);

    expect(fake.connections).toHaveLength(1);
    const [connection] = fake.connections;
    expect(connection?.request.path).toBe('/tts/websocket');
    expect(connection?.request.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(connection?.request.headers['cartesia-version']).toBe('2026-08-14');
    const base = {
      model_id: CARTESIA_DEFAULT_MODEL,
      voice: CARTESIA_DEFAULT_VOICE,
      output_format: outputFormat,
      context_id: session.contextId,
    };
    expect(connection?.messages).toEqual([
      ...sentences.flatMap((transcript) => [
        { ...base, transcript, continue: true },
        { ...base, transcript: '', continue: true, flush: true },
      ]),
      { ...base, transcript: '', continue: false },
    ]);

    const types = parts.map((part) => part.type);
    expect(types.at(-1)).toBe('finish');
    expect(types.filter((type) => type === 'audio').length).toBeGreaterThan(3);
    const samples = joinSamples(audioOf(parts));
    const allText = sentences.join('');
    expect(samples.length).toBe(fake.expectedSamples(allText, 24000));
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      characters: allText.length,
      audioMs: (samples.length * 1000) / 24000,
    });
  });

  it.each([16000, 24000])(
    'delivers PCM16 chunks at %i Hz, asked of Cartesia at that rate, with the tone intact',
    async (rate) => {
      const session = tts().stream({ sampleRate: rate });
      for (const sentence of sentences) session.pushText(sentence);
      session.end();
      const frames = audioOf(await collect(session));
      for (const frame of frames) expect(frame.sampleRate).toBe(rate);
      expect(fake.connections[0]?.messages[0]?.output_format).toEqual({ ...outputFormat, sample_rate: rate });
      const samples = joinSamples(frames);
      // The fake keeps one waveform across the sentences of a context: no seams, one frequency.
      const middle = samples.subarray(Math.floor(samples.length * 0.05), Math.floor(samples.length * 0.95));
      const frequency = estimateFrequency(middle, rate);
      expect(Math.abs(frequency - fake.tone.frequencyHz) / fake.tone.frequencyHz).toBeLessThan(0.01);
    },
  );

  it('puts every option on the wire: language, buffer delay, and generation_config on each transcript', async () => {
    const session = tts({ language: 'es', maxBufferDelayMs: 200, volume: 0.8, emotion: 'calm' }).stream({
      sampleRate: 16000,
      voice: 'call-voice',
      model: 'sonic-3',
      speed: 1.2,
    });
    session.pushText('Hola. ');
    session.end();
    await collect(session);
    const messages = fake.connections[0]?.messages ?? [];
    expect(messages).toHaveLength(3);
    expect(messages[0]).toEqual({
      model_id: 'sonic-3',
      voice: 'call-voice',
      output_format: { ...outputFormat, sample_rate: 16000 },
      language: 'es',
      max_buffer_delay_ms: 200,
      transcript: 'Hola. ',
      generation_config: { speed: 1.2, volume: 0.8, emotion: 'calm' },
      context_id: expect.any(String),
      continue: true,
    });
    // Cartesia refuses a continuation whose fields differ: generation_config goes on every message.
    for (const message of messages.slice(1)) {
      expect(message).toMatchObject({
        language: 'es',
        max_buffer_delay_ms: 200,
        generation_config: { speed: 1.2, volume: 0.8, emotion: 'calm' },
        transcript: '',
      });
    }
    expect(messages.map((message) => message.continue)).toEqual([true, true, false]);
  });

  it('the whole turn reaches the same voice intact when generation_config is set (no context error)', async () => {
    const session = tts({ speed: 1.1 }).stream({ sampleRate: 16000 });
    for (const sentence of sentences) session.pushText(sentence);
    session.end();
    const parts = await collect(session);
    expect(parts.filter((part) => part.type === 'error')).toEqual([]);
    expect(parts.at(-1)?.type).toBe('finish');
  });

  it.each([
    ['en', ['Good morning.', 'Let us begin.', ' Ready?'], 'Good morning. Let us begin. Ready?'],
    // Written without spaces between words: nothing is added.
    ['ja', ['こんにちは。', '始めましょう。'], 'こんにちは。始めましょう。'],
  ])(
    'joins %s sentences pushed without spaces the way they are read, as Cartesia joins them verbatim',
    async (language, pushed, spoken) => {
      const session = tts({ language }).stream({ sampleRate: 16000 });
      for (const text of pushed) session.pushText(text);
      session.end();
      await collect(session);
      const transcripts = (fake.connections[0]?.messages ?? []).map((message) => message.transcript).join('');
      expect(transcripts).toBe(spoken);
    },
  );

  it('streams tokens as they come: no space inside a word, one flush at the sentence end', async () => {
    const session = tts().stream({ sampleRate: 16000 });
    for (const token of ['Hel', 'lo', ' there', '.', ' How', ' are', ' you?']) session.pushText(token);
    session.end();
    const parts = await collect(session);
    const messages = fake.connections[0]?.messages ?? [];
    expect(messages.map((message) => message.transcript).join('')).toBe('Hello there. How are you?');
    expect(messages.filter((message) => message.flush === true)).toHaveLength(2);
    expect(parts.at(-1)?.type).toBe('finish');
  });

  it('opens a new context when text comes after Cartesia expired the first (1 s after its last audio)', async () => {
    const session = tts().stream({ sampleRate: 16000 });
    const first = session as CartesiaTtsSession;
    const { parts, done: reading } = readStream(session);
    session.pushText('First thought.');
    const firstContext = first.contextId;
    await waitFor(
      () => (fake.connections[0]?.messages.length ?? 0) >= 2 && parts.some((part) => part.type === 'audio'),
    );
    // The LLM pauses longer than the context lives.
    await new Promise((resolve) => setTimeout(resolve, 1600));
    session.pushText('Second thought.');
    session.end();
    await reading;
    expect(parts.filter((part) => part.type === 'error')).toEqual([]);
    expect(parts.at(-1)?.type).toBe('finish');
    expect(first.contextId).not.toBe(firstContext);
    const contextIds = new Set(fake.connections[0]?.messages.map((message) => message.context_id));
    expect(contextIds.size).toBe(2);
    const samples = joinSamples(audioOf(parts)).length;
    expect(samples).toBe(fake.expectedSamples('First thought. Second thought.', 16000));
  });

  it('finishes without another message when the context expired after the last sentence', async () => {
    const session = tts().stream({ sampleRate: 16000 });
    const { parts, done: reading } = readStream(session);
    session.pushText('Only thought.');
    await new Promise((resolve) => setTimeout(resolve, 1600));
    session.end();
    await reading;
    expect(parts.at(-1)?.type).toBe('finish');
    expect(fake.connections[0]?.messages.map((message) => message.continue)).toEqual([true, true]);
  });

  describe('a context Cartesia expired while a busy event loop read its audio late', () => {
    // Cartesia's one second runs from when it sent the audio; ours from when our loop read it. The
    // fake expires contexts after 50 ms, so by our clock (700 ms) the context still looks alive.
    const quick = useFake(() => startCartesiaFake({ contextExpiryMs: 50 }));
    const quickTts = () => createCartesia({ apiKey: quick.apiKey, baseURL: quick.url }).tts();

    const speakThenPause = async (session: ReturnType<ReturnType<typeof quickTts>['stream']>) => {
      const { parts, done } = readStream(session);
      session.pushText('First thought.');
      await waitFor(
        () =>
          (quick.connections[0]?.messages.length ?? 0) >= 2 && parts.some((part) => part.type === 'audio'),
      );
      // Past the fake's expiry, well inside ours: the flush_done has been read by now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { parts, done };
    };

    it('sends the refused text again on a fresh context, and the whole turn is heard', async () => {
      const session = quickTts().stream({ sampleRate: 16000 });
      const { parts, done } = await speakThenPause(session);
      session.pushText('Second thought.');
      session.end();
      await done;
      expect(parts.filter((part) => part.type === 'error')).toEqual([]);
      expect(parts.at(-1)?.type).toBe('finish');
      const messages = quick.connections[0]?.messages ?? [];
      const contexts = [...new Set(messages.map((message) => message.context_id))];
      expect(contexts).toHaveLength(2);
      // The second sentence went to the first context (refused), then to the second, flush and end after it.
      const onSecond = messages.filter((message) => message.context_id === contexts[1]);
      expect(onSecond.map((message) => [message.transcript, message.continue, message.flush])).toEqual([
        [' Second thought.', true, undefined],
        ['', true, true],
        ['', false, undefined],
      ]);
      const samples = joinSamples(audioOf(parts)).length;
      expect(samples).toBe(quick.expectedSamples('First thought. Second thought.', 16000));
    });

    it('finishes when only the end was refused: everything had been spoken', async () => {
      const session = quickTts().stream({ sampleRate: 16000 });
      const { parts, done } = await speakThenPause(session);
      session.end();
      await done;
      expect(parts.filter((part) => part.type === 'error')).toEqual([]);
      expect(parts.at(-1)?.type).toBe('finish');
      expect(new Set(quick.connections[0]?.messages.map((message) => message.context_id)).size).toBe(1);
    });

    it('an error on the fresh context ends the turn with it (one more try, not a loop)', async () => {
      const session = quickTts().stream({ sampleRate: 16000 });
      const { parts, done } = await speakThenPause(session);
      quick.errorNext({ status_code: 429, error_code: 'rate_limited', title: 'Too many requests' });
      session.pushText('Second thought.');
      session.end();
      await done;
      const errors = parts.filter((part) => part.type === 'error');
      expect(errors).toHaveLength(1);
      expect(new Set(quick.connections[0]?.messages.map((message) => message.context_id)).size).toBe(2);
    });
  });

  it('sends the settings headers on the websocket upgrade too', async () => {
    const session = createCartesia({ apiKey: fake.apiKey, baseURL: fake.url, headers: { 'x-trace': 't-9' } })
      .tts()
      .stream({ sampleRate: 16000 });
    session.pushText('Hi.');
    session.end();
    await collect(session);
    expect(fake.connections[0]?.request.headers['x-trace']).toBe('t-9');
    expect(fake.connections[0]?.request.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
  });

  it('gives each session its own context', async () => {
    const provider = tts();
    const first = provider.stream({ sampleRate: 16000 }) as CartesiaTtsSession;
    const second = provider.stream({ sampleRate: 16000 }) as CartesiaTtsSession;
    for (const session of [first, second]) {
      session.pushText('One sentence.');
      session.end();
    }
    await Promise.all([collect(first), collect(second)]);
    expect(first.contextId).not.toBe(second.contextId);
    const ids = fake.connections.map((connection) => new Set(connection.messages.map((m) => m.context_id)));
    expect(ids.map((set) => [...set])).toEqual(
      expect.arrayContaining([[first.contextId], [second.contextId]]),
    );
  });

  it('close() cancels the context, closes the socket and ends the iterator with nothing more', async () => {
    fake.slow({ chunkDelayMs: 40 });
    const session = tts().stream({ sampleRate: 16000 }) as CartesiaTtsSession;
    for (const sentence of sentences) session.pushText(sentence);
    const parts: TtsStreamPart[] = [];
    for await (const part of session) {
      parts.push(part);
      if (part.type === 'audio') await session.close();
    }
    expect(parts.map((part) => part.type)).toEqual(['audio']);
    await waitFor(() => fake.openConnections() === 0);
    const messages = fake.connections[0]?.messages ?? [];
    expect(messages.at(-1)).toEqual({ cancel: true, context_id: session.contextId });
    // Text pushed after close goes nowhere.
    const sent = messages.length;
    session.pushText('Too late.');
    session.end();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.connections[0]?.messages).toHaveLength(sent);
    expect(fake.connections).toHaveLength(1);
  });

  it('an aborted signal cancels like close(), reported as a cancelled error', async () => {
    fake.slow({ chunkDelayMs: 40 });
    const controller = new AbortController();
    const session = tts().stream({ sampleRate: 16000, signal: controller.signal }) as CartesiaTtsSession;
    session.pushText(sentences[1]!);
    const parts: TtsStreamPart[] = [];
    for await (const part of session) {
      parts.push(part);
      if (part.type === 'audio' && parts.length === 1) controller.abort();
    }
    expect(parts.map((part) => part.type)).toEqual(['audio', 'error']);
    const last = parts.at(-1);
    expect(last?.type === 'error' && last.error.kind).toBe('cancelled');
    await waitFor(() => fake.openConnections() === 0);
    expect(fake.connections[0]?.messages.at(-1)).toEqual({ cancel: true, context_id: session.contextId });
  });

  it('breaking out of the loop closes the session', async () => {
    fake.slow({ chunkDelayMs: 40 });
    const session = tts().stream({ sampleRate: 16000 });
    session.pushText(sentences[1]!);
    for await (const part of session) {
      if (part.type === 'audio') break;
    }
    await waitFor(() => fake.openConnections() === 0);
    expect(fake.connections[0]?.messages.at(-1)).toMatchObject({ cancel: true });
  });

  it.each([
    [400, 'bad_request'],
    [401, 'auth'],
    [429, 'rate_limit'],
    [500, 'unavailable'],
  ] as const)('maps an error message with status_code %i to %s', async (status, kind) => {
    fake.errorNext({
      status_code: status,
      title: 'Scripted',
      message: 'scripted failure',
      error_code: 'scripted',
    });
    const session = tts().stream({ sampleRate: 16000 });
    session.pushText('Hello.');
    session.end();
    const parts = await collect(session);
    expect(parts).toHaveLength(1);
    const error = parts[0]?.type === 'error' ? parts[0].error : undefined;
    expect(error).toMatchObject({ kind, status, vendor: 'cartesia' });
    expect(error?.message).toContain('scripted failure');
    await waitFor(() => fake.openConnections() === 0);
  });

  it('ends with an unavailable error when the socket drops mid-stream', async () => {
    fake.dropMidStream({ afterChunks: 2 });
    const session = tts().stream({ sampleRate: 16000 });
    for (const sentence of sentences) session.pushText(sentence);
    session.end();
    const parts = await collect(session);
    const types = parts.map((part) => part.type);
    expect(types.filter((type) => type === 'audio').length).toBeGreaterThanOrEqual(1);
    expect(types.at(-1)).toBe('error');
    expect(types).not.toContain('finish');
    const last = parts.at(-1);
    expect(last?.type === 'error' && last.error.kind).toBe('unavailable');
    // The SDK reconnects on send; a failed session must not.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.connections).toHaveLength(1);
  });

  it.each([
    [401, 'auth'],
    [429, 'rate_limit'],
    [503, 'unavailable'],
  ] as const)('maps a refused upgrade (%i) to %s', async (status, kind) => {
    fake.fail(status);
    const session = tts().stream({ sampleRate: 16000 });
    session.pushText('Hello.');
    session.end();
    const parts = await collect(session);
    expect(parts).toHaveLength(1);
    expect(parts[0]?.type === 'error' && parts[0].error).toMatchObject({ kind, status });
  });

  it('maps a wrong key to auth', async () => {
    const session = createCartesia({ apiKey: 'wrong', baseURL: fake.url })
      .tts()
      .stream({ sampleRate: 16000 });
    session.pushText('Hello.');
    const parts = await collect(session);
    expect(parts[0]?.type === 'error' && parts[0].error.kind).toBe('auth');
  });

  it('gives up with a timeout on a stalled handshake and frees the connection', async () => {
    fake.stall();
    const session = tts().stream({ sampleRate: 16000, timeoutMs: 150 });
    session.pushText('Hello.');
    const parts = await collect(session);
    expect(parts).toHaveLength(1);
    expect(parts[0]?.type === 'error' && parts[0].error.kind).toBe('timeout');
    await waitFor(() => fake.openConnections() === 0);
  });

  it('close() during a stalled handshake frees the connection', async () => {
    fake.stall();
    const session = tts().stream({ sampleRate: 16000 });
    session.pushText('Hello.');
    await waitFor(() => fake.openConnections() === 1);
    await session.close();
    expect(await collect(session)).toEqual([]);
    await waitFor(() => fake.openConnections() === 0);
  });

  it('finishes with no audio when ended without text', async () => {
    const session = tts().stream({ sampleRate: 16000 });
    session.end();
    expect(await collect(session)).toEqual([{ type: 'finish', characters: 0, audioMs: 0 }]);
  });

  it('rejects invalid options without connecting', async () => {
    const session = tts().stream({ sampleRate: -1 });
    session.pushText('Hello.');
    const parts = await collect(session);
    expect(parts[0]?.type === 'error' && parts[0].error.kind).toBe('bad_request');
    expect(fake.server.requests).toHaveLength(0);
  });
});
