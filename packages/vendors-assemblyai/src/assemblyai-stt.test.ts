import { acceptFakeTlsCertificates, startAssemblyAIFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AssemblyAISettings } from './assemblyai-options.js';
import { createAssemblyAI } from './assemblyai-provider.js';
import { frames, reader, until } from './test-support.js';

const rate = 16000;

// The SDK only connects to wss:; the fake's certificate is self-signed.
let restoreTls: () => void;
beforeAll(() => {
  restoreTls = acceptFakeTlsCertificates();
});
afterAll(() => restoreTls());

describe('AssemblyAIStt.stream over Universal Streaming v3', () => {
  const fake = useFake(() => startAssemblyAIFake({ msPerWord: 200 }));
  let settings: AssemblyAISettings;
  beforeEach(() => {
    settings = {
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      streamingUrl: fake.streamingUrl,
      streamingBaseUrl: fake.streamingBaseUrl,
      reconnectDelayMs: 10,
      minTurnSilenceMs: 300,
    };
  });

  it('puts every option in the connection URL, with the raw key as Authorization', async () => {
    const warnings: string[] = [];
    const stt = createAssemblyAI({
      ...settings,
      maxTurnSilenceMs: 1500,
      endOfTurnConfidenceThreshold: 0.6,
      onWarning: (message) => warnings.push(message),
    }).stt();
    const session = stt.stream({ sampleRate: rate, keywords: ['Kafka', 'LiveKit'], language: 'en-US' });
    const { done } = reader(session);
    await until(() => fake.streaming.length === 1);
    const request = fake.streaming[0]!.request;
    await session.close();
    await done;
    expect(request.path).toBe('/v3/ws');
    expect(request.headers.authorization).toBe(fake.apiKey);
    expect(Object.fromEntries(request.query)).toEqual({
      sample_rate: '16000',
      encoding: 'pcm_s16le',
      format_turns: 'true',
      min_turn_silence: '300',
      max_turn_silence: '1500',
      end_of_turn_confidence_threshold: '0.6',
      keyterms_prompt: JSON.stringify(['Kafka', 'LiveKit']),
      speech_model: 'universal-streaming-english',
    });
    // language_codes is Universal-3.5 Pro Streaming only: the English model refuses it, so it is not sent.
    expect(warnings.join(' ')).toContain('language_codes');
  });

  it('per-session endpointingMs and model override the settings; format_turns off is not sent', async () => {
    const stt = createAssemblyAI({ ...settings, formatTurns: false }).stt();
    const session = stt.stream({
      sampleRate: 8000,
      endpointingMs: 700,
      model: 'universal-streaming-multilingual',
    });
    const { done } = reader(session);
    await until(() => fake.streaming.length === 1);
    const q = fake.streaming[0]!.request.query;
    await session.close();
    await done;
    expect(q.get('sample_rate')).toBe('8000');
    expect(q.get('min_turn_silence')).toBe('700');
    expect(q.get('speech_model')).toBe('universal-streaming-multilingual');
    expect(q.has('format_turns')).toBe(false);
  });

  it('partial turns → partials, the formatted end of turn → one final and one end-of-turn', async () => {
    fake.script('Hi, my name is Sonny.');
    const session = createAssemblyAI(settings).stt().stream({ sampleRate: rate });
    const { parts, done } = reader(session);
    for (const frame of frames(1600)) session.push(frame);
    await until(() => parts.some((p) => p.type === 'end-of-turn'));
    await session.close();
    await done;

    expect(parts[0]).toMatchObject({ type: 'speech-start', atMs: 0 });
    // As the real service does, each partial Turn left its last word open (word_is_final: false)
    // and out of `transcript`; the partial text still carries it.
    const partialTurns = fake.streaming[0]!.sent.filter((m) => m.type === 'Turn' && !m.end_of_turn);
    expect(partialTurns[1]).toMatchObject({ transcript: 'hi' });
    expect((partialTurns[1]!.words as Array<{ word_is_final: boolean }>).map((w) => w.word_is_final)).toEqual(
      [true, false],
    );
    const partials = parts.filter((p) => p.type === 'transcript-partial');
    expect(partials.map((p) => p.text)).toEqual([
      'hi',
      'hi my',
      'hi my name',
      'hi my name is',
      'hi my name is sonny',
    ]);
    const finals = parts.filter((p) => p.type === 'transcript-final');
    expect(finals).toHaveLength(1);
    expect(finals[0]).toMatchObject({ text: 'Hi, my name is Sonny.', startMs: 0, endMs: 960 });
    expect(finals[0]!.words.map((w) => w.word)).toEqual(['Hi,', 'my', 'name', 'is', 'Sonny.']);
    expect(finals[0]!.words[1]).toMatchObject({ startMs: 200, endMs: 360, confidence: 0.9 });
    // The end of turn carries AssemblyAI's own end_of_turn_confidence, as the Turn sent it.
    const endTurn = fake.streaming[0]!.sent.find((m) => m.type === 'Turn' && m.turn_is_formatted);
    expect(endTurn?.end_of_turn_confidence).toBe(0.82);
    expect(parts.filter((p) => p.type === 'end-of-turn')).toEqual([
      { type: 'end-of-turn', atMs: 960, text: 'Hi, my name is Sonny.', confidence: 0.82 },
    ]);
    expect(parts.at(-1)).toEqual({ type: 'finish' });
    // Audio went out in 100 ms messages (the server refuses < 50 ms and > 1000 ms).
    const chunks = fake.streaming[0]!.chunkMs;
    expect(chunks.every((ms) => ms >= 50 && ms <= 1000)).toBe(true);
    expect(chunks[0]).toBe(100);
    expect(fake.streaming[0]!.controlMessages.map((m) => m.type)).toEqual(['Terminate']);
    expect(fake.streaming[0]!.closedBy).toBe('server');
  });

  it("a turn the model is unsure of ends only after max_turn_silence; the threshold and silences are AssemblyAI's", async () => {
    // Same unfinished-sounding turn (confidence 0.3) twice: under the 0.4 default threshold it waits for
    // max_turn_silence; with the threshold at 0.25 the model's confidence ends it after min_turn_silence.
    const run = async (extra: Partial<AssemblyAISettings>) => {
      fake.script('and then we', { endOfTurnConfidence: 0.3 });
      const session = createAssemblyAI({ ...settings, ...extra })
        .stt()
        .stream({ sampleRate: rate });
      const { parts, done } = reader(session);
      for (const frame of frames(600 + 700)) session.push(frame);
      await until(() => fake.streaming.length > 0 && fake.streaming.at(-1)!.audioBytes >= 1300 * 32);
      // What the server had decided by then (its messages may still be on their way).
      const endedEarly = fake.streaming.at(-1)!.sent.some((m) => m.type === 'Turn' && m.end_of_turn);
      for (const frame of frames(1000)) session.push(frame);
      await until(() => parts.some((p) => p.type === 'end-of-turn'));
      await session.close();
      await done;
      return {
        endedEarly,
        eot: parts.find((p) => p.type === 'end-of-turn'),
        query: fake.streaming.at(-1)!.request.query,
      };
    };
    const unsure = await run({ maxTurnSilenceMs: 1500 });
    expect(unsure.query.get('max_turn_silence')).toBe('1500');
    expect(unsure.endedEarly).toBe(false);
    expect(unsure.eot).toMatchObject({ text: 'and then we', confidence: 0.3 });

    const eager = await run({ maxTurnSilenceMs: 1500, endOfTurnConfidenceThreshold: 0.25 });
    expect(eager.query.get('end_of_turn_confidence_threshold')).toBe('0.25');
    expect(eager.endedEarly).toBe(true);
    expect(eager.eot).toMatchObject({ text: 'and then we', confidence: 0.3 });
  });

  it('finalize() sends ForceEndpoint (after the buffered tail) and ends the turn', async () => {
    fake.script('one two three');
    const session = createAssemblyAI(settings).stt().stream({ sampleRate: rate });
    const { parts, done } = reader(session);
    for (const frame of frames(260)) session.push(frame);
    session.finalize();
    await until(() => parts.some((p) => p.type === 'end-of-turn'));
    const live = fake.streaming[0]!;
    expect(live.controlMessages.map((m) => m.type)).toEqual(['ForceEndpoint']);
    // 260 ms: two 100 ms messages and the 60 ms tail, flushed before ForceEndpoint.
    expect(live.chunkMs).toEqual([100, 100, 60]);
    expect(parts.find((p) => p.type === 'end-of-turn')).toMatchObject({ text: 'one two three' });
    await session.close();
    await done;
    expect(live.controlMessages.map((m) => m.type)).toEqual(['ForceEndpoint', 'Terminate']);
  });

  it('reconnects after a drop mid-turn: the turn is complete, once, with monotonic times', async () => {
    const first = 'First we profile the service.';
    const second = 'Then we fix the hot loop in the parser.';
    fake.script(first);
    fake.script(second);
    fake.dropStreamingAfter(1800);
    const session = createAssemblyAI(settings).stt().stream({ sampleRate: rate });
    const { parts, done } = reader(session);
    for (const frame of frames(3600)) session.push(frame);
    await until(() => parts.filter((p) => p.type === 'end-of-turn').length === 2, 5000);
    await session.close();
    await done;

    expect(fake.streaming).toHaveLength(2);
    expect(fake.streaming[0]!.closedBy).toBe('dropped');
    const finals = parts.filter((p) => p.type === 'transcript-final');
    expect(finals.map((f) => f.text)).toEqual([first, second]);
    const times = finals.flatMap((f) => f.words.flatMap((w) => [w.startMs, w.endMs]));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The second connection got only the audio the first final did not cover (it ended at 960 ms).
    const resentMs = fake.streaming[1]!.audioBytes / 32;
    // (The last message is padded with silence to the server's 50 ms minimum.)
    expect(resentMs).toBeGreaterThanOrEqual(3600 - 960);
    expect(resentMs).toBeLessThan(3600 - 960 + 50);
    expect(parts.filter((p) => p.type === 'error')).toEqual([]);
    expect(parts.at(-1)).toEqual({ type: 'finish' });
  });

  for (const drops of [[100], [700], [300, 900]]) {
    it(`drops at ${drops.join(' and ')} ms of a connection's audio: one complete turn, ForceEndpoint re-sent`, async () => {
      const script = 'We cache the results in Redis.';
      fake.script(script);
      for (const at of drops) fake.dropStreamingAfter(at);
      const session = createAssemblyAI({ ...settings, minTurnSilenceMs: 5000 })
        .stt()
        .stream({ sampleRate: rate });
      const { parts, done } = reader(session);
      for (const frame of frames(1500)) session.push(frame);
      session.finalize();
      await until(() => parts.some((p) => p.type === 'end-of-turn' || p.type === 'error'), 5000);
      await session.close();
      await done;

      expect(fake.streaming).toHaveLength(drops.length + 1);
      const finals = parts.filter((p) => p.type === 'transcript-final');
      expect(finals.map((f) => f.text)).toEqual([script]);
      const times = finals[0]!.words.flatMap((w) => [w.startMs, w.endMs]);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(parts.filter((p) => p.type === 'end-of-turn')).toHaveLength(1);
      expect(fake.streaming.at(-1)!.controlMessages.map((m) => m.type)).toEqual([
        'ForceEndpoint',
        'Terminate',
      ]);
      // Nothing was final before the drops, so every connection got the whole utterance from the start.
      expect(fake.streaming.at(-1)!.audioBytes / 32).toBeGreaterThanOrEqual(1500);
    });
  }

  it('temporary-token auth fetches a single-use token per connection and sends it as ?token=', async () => {
    const session = createAssemblyAI({ ...settings, streamingAuth: 'temporaryToken' })
      .stt()
      .stream({
        sampleRate: rate,
      });
    const { done } = reader(session);
    await until(() => fake.streaming.length === 1);
    await session.close();
    await done;
    const tokenRequest = fake.server.requests.find((r) => r.path === '/v3/token')!;
    expect(tokenRequest.headers.authorization).toBe(fake.apiKey);
    expect(tokenRequest.query.get('expires_in_seconds')).toBe('60');
    const ws = fake.streaming[0]!.request;
    expect(ws.query.get('token')).toBe(fake.tokens[0]);
    expect(ws.headers.authorization).toBeUndefined();
  });

  it('maps failures: refused upgrade 401 → auth, close 4001 → auth, 3005 after retries → unavailable', async () => {
    fake.fail(401);
    const refused = reader(createAssemblyAI(settings).stt().stream({ sampleRate: rate }));
    await refused.done;
    expect(refused.parts).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'auth', status: 401, vendor: 'assemblyai' }) },
    ]);

    const badKey = reader(
      createAssemblyAI({ ...settings, apiKey: 'wrong' })
        .stt()
        .stream({ sampleRate: rate }),
    );
    await badKey.done;
    expect(badKey.parts).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'auth', status: 4001, retryable: false }) },
    ]);

    // A server error after Begin is transient: reconnect, and give up after maxReconnects.
    for (let i = 0; i < 3; i++) fake.closeStreamingWith(3005, 'Internal error');
    const session = createAssemblyAI({ ...settings, maxReconnects: 2 })
      .stt()
      .stream({ sampleRate: rate });
    const flaky = reader(session);
    await flaky.done;
    // (The refused upgrade never reached the handler; the bad key got no Begin.) One try plus two reconnects:
    expect(fake.streaming.filter((s) => s.sent.some((m) => m.type === 'Begin'))).toHaveLength(3);
    expect(flaky.parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'unavailable', status: 3005 } });
  });

  it('a stalled upgrade (behind TLS) ends in one timeout error part, leaving nothing open', async () => {
    fake.stall();
    const { parts, done } = reader(
      createAssemblyAI(settings).stt().stream({ sampleRate: rate, timeoutMs: 200 }),
    );
    await done;
    expect(parts).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'timeout', retryable: true }) },
    ]);
    await until(() => fake.openConnections() === 0);
  });

  it('an aborted signal: one cancelled error, a Terminate without waiting, and no socket left', async () => {
    const controller = new AbortController();
    fake.script('never finished');
    const session = createAssemblyAI(settings).stt().stream({ sampleRate: rate, signal: controller.signal });
    const { parts, done } = reader(session);
    // Audio reached the fake: the socket is open when the abort lands.
    for (const frame of frames(400)) session.push(frame);
    await until(() => (fake.streaming[0]?.audioBytes ?? 0) > 0);
    controller.abort();
    await done;
    await until(() => fake.openConnections() === 0);
    expect(parts.map((p) => (p.type === 'error' ? p.error.kind : p.type))).toEqual(['cancelled']);
    // The SDK's close(false) still sends Terminate (it does not wait for Termination).
    expect(fake.streaming[0]!.controlMessages.map((m) => m.type)).toEqual(['Terminate']);
  });
});
