import { startDeepgramFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeepgramSettings } from './deepgram-options.js';
import { createDeepgram } from './deepgram-provider.js';
import { frames, reader, until } from './test-support.js';

const rate = 16000;

describe('DeepgramStt.stream over the live WebSocket', () => {
  const fake = useFake(() => startDeepgramFake({ msPerWord: 200, wordsPerFinal: 2 }));
  let settings: DeepgramSettings;
  beforeEach(() => {
    settings = { apiKey: fake.apiKey, baseUrl: fake.url, reconnectDelayMs: 10 };
  });

  it('sends every option as Deepgram query parameters, with Token auth', async () => {
    const stt = createDeepgram({ ...settings, language: 'en-US' }).stt();
    const session = stt.stream({ sampleRate: rate, keywords: ['Kubernetes', 'LiveKit'] });
    const { done } = reader(session);
    await until(() => fake.live.length === 1);
    await session.close();
    await done;
    const request = fake.live[0]!.request;
    expect(request.path).toBe('/v1/listen');
    expect(request.headers.authorization).toBe(`Token ${fake.apiKey}`);
    const q = request.query;
    expect(q.get('model')).toBe('nova-3');
    expect(q.get('encoding')).toBe('linear16');
    expect(q.get('sample_rate')).toBe('16000');
    expect(q.get('channels')).toBe('1');
    expect(q.get('interim_results')).toBe('true');
    expect(q.get('endpointing')).toBe('300');
    expect(q.get('utterance_end_ms')).toBe('1000');
    expect(q.get('vad_events')).toBe('true');
    expect(q.get('smart_format')).toBe('true');
    expect(q.get('punctuate')).toBe('true');
    expect(q.get('language')).toBe('en-US');
    // Nova-3 boosts words through keyterm; the legacy keywords parameter is refused for it.
    expect(q.getAll('keyterm')).toEqual(['Kubernetes', 'LiveKit']);
    expect(q.has('keywords')).toBe(false);
  });

  it('maps per-call options: model, keywords for older models, no interims, endpointing off', async () => {
    const stt = createDeepgram({
      ...settings,
      endpointingMs: false,
      smartFormat: false,
      punctuate: false,
      vadEvents: false,
    }).stt();
    const session = stt.stream({
      sampleRate: 8000,
      model: 'nova-2',
      keywords: ['Postgres'],
      interimResults: false,
      language: 'de',
    });
    const { done } = reader(session);
    await until(() => fake.live.length === 1);
    await session.close();
    await done;
    const q = fake.live[0]!.request.query;
    expect(q.get('model')).toBe('nova-2');
    expect(q.get('sample_rate')).toBe('8000');
    expect(q.getAll('keywords')).toEqual(['Postgres']);
    expect(q.has('keyterm')).toBe(false);
    expect(q.get('interim_results')).toBe('false');
    // UtteranceEnd needs interim results, so it is not asked for.
    expect(q.has('utterance_end_ms')).toBe(false);
    expect(q.get('endpointing')).toBe('false');
    expect(q.get('smart_format')).toBe('false');
    expect(q.get('punctuate')).toBe('false');
    expect(q.get('vad_events')).toBe('false');
    expect(q.get('language')).toBe('de');
  });

  it('turns interims, finals, speech_final and SpeechStarted into parts with word timings', async () => {
    fake.script('Hello there, how are you?');
    const session = createDeepgram(settings).stt().stream({ sampleRate: rate, endpointingMs: 100 });
    const { parts, done } = reader(session);
    for (const frame of frames(1500)) session.push(frame);
    await until(() => parts.some((p) => p.type === 'end-of-turn'));
    await session.close();
    await done;

    expect(parts[0]?.type).toBe('speech-start');
    const partials = parts.filter((p) => p.type === 'transcript-partial');
    expect(partials.length).toBeGreaterThan(0);
    const finals = parts.filter((p) => p.type === 'transcript-final');
    expect(finals.map((f) => f.text).join(' ')).toBe('Hello there, how are you?');
    const words = finals.flatMap((f) => f.words);
    expect(words.map((w) => w.word)).toEqual(['Hello', 'there,', 'how', 'are', 'you?']);
    // The fake gives each word 200 ms of the received audio (160 ms spoken).
    expect(words[0]).toMatchObject({ startMs: 0, endMs: 160, confidence: 0.99 });
    expect(words[4]).toMatchObject({ startMs: 800, endMs: 960 });
    const turn = parts.find((p) => p.type === 'end-of-turn');
    expect(turn).toMatchObject({ type: 'end-of-turn', text: 'Hello there, how are you?' });
    expect(parts.at(-1)).toEqual({ type: 'finish' });
    // Exactly one end-of-turn although both speech_final and UtteranceEnd arrived.
    expect(parts.filter((p) => p.type === 'end-of-turn')).toHaveLength(1);
    expect(fake.live[0]!.sent.some((m) => m.type === 'UtteranceEnd')).toBe(true);
    expect(fake.live[0]!.controlMessages.map((m) => m.type)).toEqual(['CloseStream']);
    expect(fake.live[0]!.closedBy).toBe('server');
  });

  it('with endpointing off, UtteranceEnd alone ends the turn, at the last word', async () => {
    fake.script('still talking over the fan');
    const session = createDeepgram({ ...settings, endpointingMs: false, utteranceEndMs: 1000 })
      .stt()
      .stream({ sampleRate: rate });
    const { parts, done } = reader(session);
    for (const frame of frames(2400)) session.push(frame);
    await until(() => parts.some((p) => p.type === 'end-of-turn'));
    // What Deepgram had sent before our CloseStream (whose flush is a speech_final of its own).
    const sent = [...fake.live[0]!.sent];
    await session.close();
    await done;
    expect(sent.some((m) => m.type === 'Results' && m.speech_final === true)).toBe(false);
    const utteranceEnd = sent.find((m) => m.type === 'UtteranceEnd');
    expect(utteranceEnd).toBeDefined();
    expect(parts.filter((p) => p.type === 'end-of-turn')).toEqual([
      {
        type: 'end-of-turn',
        atMs: (utteranceEnd!.last_word_end as number) * 1000,
        text: 'still talking over the fan',
      },
    ]);
  });

  it('frames at another rate are converted to the session rate before they go out', async () => {
    const session = createDeepgram(settings).stt().stream({ sampleRate: rate });
    const { done } = reader(session);
    for (const frame of frames(1000, 48000)) session.push(frame);
    await until(() => (fake.live[0]?.audioBytes ?? 0) > 30_000);
    await session.close();
    await done;
    // One second at 16 kHz is 32 000 bytes (a resampler may hold back a few samples).
    expect(Math.abs(fake.live[0]!.audioBytes - 32_000)).toBeLessThan(400);
  });

  it('finalize() sends Finalize and flushes the turn', async () => {
    fake.script('one two three');
    const session = createDeepgram({ ...settings, endpointingMs: false })
      .stt()
      .stream({ sampleRate: rate });
    const { parts, done } = reader(session);
    for (const frame of frames(300)) session.push(frame);
    session.finalize();
    await until(() => parts.some((p) => p.type === 'end-of-turn'));
    expect(fake.live[0]!.controlMessages.map((m) => m.type)).toContain('Finalize');
    const finals = parts.filter((p) => p.type === 'transcript-final');
    expect(finals.map((f) => f.text).join(' ')).toBe('one two three');
    expect(parts.find((p) => p.type === 'end-of-turn')).toMatchObject({ text: 'one two three' });
    await session.close();
    await done;
    expect(parts.at(-1)).toEqual({ type: 'finish' });
  });

  it('sends KeepAlive while idle, keeps the connection past the idle timeout, stops on close', async () => {
    // A fake of its own, with a short idle timeout.
    const idle = await startDeepgramFake({ idleTimeoutMs: 400 });
    try {
      const session = createDeepgram({
        apiKey: idle.apiKey,
        baseUrl: idle.url,
        keepAliveIntervalMs: 60,
      })
        .stt()
        .stream({
          sampleRate: rate,
        });
      const { parts, done } = reader(session);
      await until(() => idle.live.length === 1);
      await new Promise((resolve) => setTimeout(resolve, 900));
      const live = idle.live[0]!;
      expect(live.controlMessages.filter((m) => m.type === 'KeepAlive').length).toBeGreaterThanOrEqual(3);
      // Without them the fake (like Deepgram) would have closed the idle socket after 400 ms.
      expect(live.closedBy).toBeUndefined();
      expect(parts.some((p) => p.type === 'error')).toBe(false);
      await session.close();
      await done;
      const sentAtClose = live.controlMessages.length;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(live.controlMessages.length).toBe(sentAtClose);
      expect(live.controlMessages.at(-1)?.type).toBe('CloseStream');
      expect(idle.openConnections()).toBe(0);
    } finally {
      await idle.close();
    }
  });

  it('reconnects after a drop mid-utterance without losing or repeating a final', async () => {
    const script = 'we shard the orders table by customer id today';
    fake.script(script);
    fake.dropLiveAfter(900);
    const session = createDeepgram({ ...settings, endpointingMs: 100 })
      .stt()
      .stream({ sampleRate: rate });
    const { parts, done } = reader(session);
    for (const frame of frames(2600)) session.push(frame);
    await until(() => parts.some((p) => p.type === 'end-of-turn'));
    await session.close();
    await done;

    expect(fake.live).toHaveLength(2);
    expect(fake.live[0]!.closedBy).toBe('dropped');
    const finals = parts.filter((p) => p.type === 'transcript-final');
    expect(finals.map((f) => f.text).join(' ')).toBe(script);
    const words = finals.flatMap((f) => f.words.map((w) => w.word));
    expect(words).toEqual(script.split(' '));
    // Times keep rising across the reconnect: the second connection's clock is shifted.
    const times = finals.flatMap((f) => f.words.flatMap((w) => [w.startMs, w.endMs]));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const starts = finals.map((f) => f.startMs);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    // Only the audio no final covered went out again (the first 800 ms were final before the drop).
    const totalBytes = 2600 * 32;
    expect(fake.live[1]!.audioBytes).toBe(totalBytes - 800 * 32);
    expect(parts.find((p) => p.type === 'end-of-turn')).toMatchObject({ text: script });
    expect(parts.filter((p) => p.type === 'error')).toEqual([]);
  });

  for (const drops of [[150], [500], [1300], [400, 1000]]) {
    it(`drops at ${drops.join(' and ')} ms of a connection's audio lose no final and repeat none`, async () => {
      const script = 'first we profile then we fix the hot loop in the parser';
      fake.script(script);
      for (const at of drops) fake.dropLiveAfter(at);
      const session = createDeepgram({ ...settings, endpointingMs: false })
        .stt()
        .stream({ sampleRate: rate });
      const { parts, done } = reader(session);
      for (const frame of frames(1800)) session.push(frame);
      // Finalize while the drop is still being repaired: it must reach the replacement connection.
      session.finalize();
      await until(() => parts.some((p) => p.type === 'end-of-turn' || p.type === 'error'));
      await session.close();
      await done;

      expect(fake.live).toHaveLength(drops.length + 1);
      const finals = parts.filter((p) => p.type === 'transcript-final');
      expect(finals.flatMap((f) => f.words.map((w) => w.word))).toEqual(script.split(' '));
      const times = finals.flatMap((f) => f.words.flatMap((w) => [w.startMs, w.endMs]));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(parts.filter((p) => p.type === 'end-of-turn')).toEqual([
        { type: 'end-of-turn', atMs: expect.any(Number), text: script },
      ]);
      expect(fake.live.at(-1)!.controlMessages.map((m) => m.type)).toEqual(['Finalize', 'CloseStream']);
    });
  }

  it('maps a refused upgrade to VendorError kinds (401 auth, 429 rate_limit)', async () => {
    fake.fail(401);
    const first = reader(createDeepgram(settings).stt().stream({ sampleRate: rate }));
    await first.done;
    expect(first.parts).toHaveLength(1);
    expect(first.parts[0]).toMatchObject({
      type: 'error',
      error: { kind: 'auth', status: 401, retryable: false },
    });

    fake.fail(429);
    const second = reader(createDeepgram(settings).stt().stream({ sampleRate: rate }));
    await second.done;
    expect(second.parts[0]).toMatchObject({
      type: 'error',
      error: { kind: 'rate_limit', status: 429, retryable: true },
    });
  });

  it('a wrong key is refused at the upgrade: one auth error part', async () => {
    const { parts, done } = reader(
      createDeepgram({ ...settings, apiKey: 'wrong' })
        .stt()
        .stream({ sampleRate: rate }),
    );
    await done;
    expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'auth', status: 401 }) }]);
    expect(fake.server.requests.at(-1)?.headers.authorization).toBe('Token wrong');
  });

  it('gives up with a timeout when the upgrade stalls, leaving nothing open', async () => {
    fake.stall();
    const started = Date.now();
    const { parts, done } = reader(
      createDeepgram(settings).stt().stream({ sampleRate: rate, timeoutMs: 200 }),
    );
    await done;
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({
      type: 'error',
      error: { kind: 'timeout', vendor: 'deepgram', retryable: true },
    });
    // Well before the SDK's own 10 s default: our timeoutMs reached the connection.
    expect(Date.now() - started).toBeLessThan(5000);
    await until(() => fake.openConnections() === 0);
  });

  it('an aborted signal ends the session with cancelled and closes the socket', async () => {
    fake.script('this will be cut');
    const controller = new AbortController();
    const session = createDeepgram(settings).stt().stream({ sampleRate: rate, signal: controller.signal });
    const { parts, done } = reader(session);
    for (const frame of frames(200)) session.push(frame);
    await until(() => fake.live.length === 1 && fake.live[0]!.audioBytes > 0);
    controller.abort();
    await done;
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'cancelled' } });
    await until(() => fake.openConnections() === 0);
  });

  it('with speechChunkMs 40 and no onset sends speech two frames a message, its end and the endpointing window as pushed, longer quiet in quietChunkMs messages', async () => {
    const session = createDeepgram({ ...settings, speechChunkMs: 40, speechOnsetMs: 0, quietChunkMs: 100 })
      .stt()
      .stream({ sampleRate: rate, endpointingMs: 100 });
    const { done } = reader(session);
    const frameBytes = (rate / 50) * 2;
    const quiet = { samples: new Int16Array(rate / 50), sampleRate: rate };
    const speech = frames(180);
    session.push(speech[0]!);
    session.push(speech[1]!);
    await until(() => (fake.live[0]?.audioMessages.length ?? 0) === 1);
    for (const frame of speech.slice(2)) session.push(frame);
    // Nine frames of speech: four messages of two; the ninth goes at once with the first quiet frame.
    // Then the endpointing window and 300 ms more go as pushed, then 100 ms messages.
    for (let i = 0; i < 40; i++) session.push(quiet);
    await until(() => (fake.live[0]?.audioMessages.length ?? 0) >= 28);
    await session.close();
    await done;
    const sizes = fake.live[0]!.audioMessages;
    expect(sizes.slice(0, 5)).toEqual([2, 2, 2, 2, 2].map((n) => n * frameBytes));
    expect(sizes.slice(5, 24).every((size) => size === frameBytes)).toBe(true);
    expect(sizes.slice(24)).toEqual([5, 5, 5, 5].map((n) => n * frameBytes));
    expect(fake.live[0]!.audioBytes).toBe(49 * frameBytes);
  });

  it('by default sends the first 200 ms of speech frame by frame (the SpeechStarted it starts), the rest in 100 ms messages', async () => {
    fake.script('tell me more');
    const session = createDeepgram(settings).stt().stream({ sampleRate: rate, endpointingMs: 100 });
    const { parts, done } = reader(session);
    const frameBytes = (rate / 50) * 2;
    const speech = frames(600);
    const quiet = { samples: new Int16Array(rate / 50), sampleRate: rate };
    // Quiet first, to know the socket open; the speech then comes in a burst, not paced, so no time passes within it.
    session.push(quiet);
    await until(() => (fake.live[0]?.audioMessages.length ?? 0) === 1);
    for (const frame of speech) session.push(frame);
    session.push(quiet);
    await until(() => (fake.live[0]?.audioMessages.length ?? 0) >= 16);
    await session.close();
    await done;
    expect(fake.live[0]!.audioMessages).toEqual(
      [1, ...Array(10).fill(1), 5, 5, 5, 5, 1].map((n) => n * frameBytes),
    );
    expect(parts.some((part) => part.type === 'speech-start')).toBe(true);
  });

  it('by default sends long quiet in 240 ms messages, and what waited with the first loud frame', async () => {
    const session = createDeepgram(settings).stt().stream({ sampleRate: rate, endpointingMs: 100 });
    const { done } = reader(session);
    const frameBytes = (rate / 50) * 2;
    const quiet = { samples: new Int16Array(rate / 50), sampleRate: rate };
    session.push(quiet);
    await until(() => (fake.live[0]?.audioMessages.length ?? 0) === 1);
    // The endpointing window and 300 ms more go as pushed (20 frames in all), then twelve frames a message.
    for (let i = 0; i < 19 + 24 + 5; i++) session.push(quiet);
    const [loud] = frames(20);
    session.push(loud!);
    await until(() => (fake.live[0]?.audioBytes ?? 0) === 50 * frameBytes);
    await session.close();
    await done;
    expect(fake.live[0]!.audioMessages).toEqual(
      [...Array(20).fill(1), 12, 12, 5 + 1].map((n) => n * frameBytes),
    );
  });

  it('sends every frame as pushed with speechChunkMs 0', async () => {
    const session = createDeepgram({ ...settings, speechChunkMs: 0 })
      .stt()
      .stream({ sampleRate: rate });
    const { done } = reader(session);
    const frameBytes = (rate / 50) * 2;
    const speech = frames(100);
    session.push(speech[0]!);
    await until(() => (fake.live[0]?.audioMessages.length ?? 0) === 1);
    for (const frame of speech.slice(1)) session.push(frame);
    await until(() => (fake.live[0]?.audioMessages.length ?? 0) === 5);
    await session.close();
    await done;
    expect(fake.live[0]!.audioMessages).toEqual([1, 1, 1, 1, 1].map(() => frameBytes));
  });
});
