import { type DeepgramFake, startDeepgramFake } from '@bot-backend/testkit';
import { createDeepgram } from '@bot-backend/vendors-deepgram';
import { APIStatusError, stt } from '@livekit/agents';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveKitStt } from './livekit-stt.js';
import { toneFrames, until } from './test-livekit.js';

const { SpeechEventType } = stt;

describe('LiveKitStt over DeepgramStt and the Deepgram fake', () => {
  let fake: DeepgramFake;
  beforeEach(async () => {
    fake = await startDeepgramFake({ msPerWord: 200, wordsPerFinal: 2 });
  });
  afterEach(async () => {
    await fake.close();
  });

  const deepgram = () =>
    createDeepgram({ apiKey: fake.apiKey, baseUrl: fake.url, reconnectDelayMs: 10 }).stt();

  it('turns 48 kHz LiveKit frames into our 16 kHz stream and yields LiveKit speech events', async () => {
    fake.script('Hello there, how are you?');
    const adapter = new LiveKitStt(deepgram(), { sampleRate: 16_000, language: 'en-US', endpointingMs: 100 });
    expect(adapter.capabilities).toMatchObject({
      streaming: true,
      interimResults: true,
      alignedTranscript: 'word',
    });
    expect(adapter.provider).toBe('deepgram');
    const stream = adapter.stream();
    const events: stt.SpeechEvent[] = [];
    const reading = (async () => {
      for await (const event of stream) events.push(event);
    })();
    for (const frame of toneFrames(1500, 48_000)) stream.pushFrame(frame);
    await until(() => events.some((e) => e.type === SpeechEventType.END_OF_SPEECH));
    stream.endInput();
    await reading;

    const request = fake.live[0]!.request;
    expect(request.query.get('sample_rate')).toBe('16000');
    expect(request.query.get('language')).toBe('en-US');
    expect(request.query.get('endpointing')).toBe('100');
    // LiveKit resampled 48 kHz to 16 kHz before our session sent it: about 1.5 s of 16-bit audio.
    expect(fake.live[0]!.audioBytes).toBeGreaterThan(1.3 * 16_000 * 2);
    expect(fake.live[0]!.audioBytes).toBeLessThan(1.6 * 16_000 * 2);

    expect(events[0]?.type).toBe(SpeechEventType.START_OF_SPEECH);
    expect(events.some((e) => e.type === SpeechEventType.INTERIM_TRANSCRIPT)).toBe(true);
    const finals = events.filter((e) => e.type === SpeechEventType.FINAL_TRANSCRIPT);
    expect(finals.map((e) => e.alternatives![0].text).join(' ')).toBe('Hello there, how are you?');
    const first = finals[0]!.alternatives![0];
    expect(first.language).toBe('en-US');
    expect(first.endTime).toBeGreaterThan(first.startTime);
    expect(first.confidence).toBeGreaterThan(0);
    const end = events.find((e) => e.type === SpeechEventType.END_OF_SPEECH);
    expect(end?.alternatives?.[0].text).toBe('Hello there, how are you?');
  });

  it('flush() finalizes what the vendor holds', async () => {
    fake.script('one two three');
    const adapter = new LiveKitStt(
      createDeepgram({ apiKey: fake.apiKey, baseUrl: fake.url, endpointingMs: false }).stt(),
    );
    const stream = adapter.stream();
    const events: stt.SpeechEvent[] = [];
    const reading = (async () => {
      for await (const event of stream) events.push(event);
    })();
    for (const frame of toneFrames(700, 16_000)) stream.pushFrame(frame);
    await until(() => fake.live[0]?.audioBytes === 700 * 32);
    stream.flush();
    await until(() => fake.live[0]!.controlMessages.some((m) => m.type === 'Finalize'));
    stream.endInput();
    await reading;
    const finals = events.filter((e) => e.type === SpeechEventType.FINAL_TRANSCRIPT);
    expect(finals.map((e) => e.alternatives![0].text).join(' ')).toBe('one two three');
  });

  it('a retryable failure (503 on connect) is retried by LiveKit and no audio is lost', async () => {
    fake.fail(503);
    fake.script('one two three four');
    const adapter = new LiveKitStt(
      createDeepgram({
        apiKey: fake.apiKey,
        baseUrl: fake.url,
        endpointingMs: 100,
        reconnectDelayMs: 10,
      }).stt(),
    );
    const errors: { error: Error; recoverable: boolean }[] = [];
    adapter.on('error', (error) => errors.push(error));
    const stream = adapter.stream({ connOptions: { maxRetry: 2, retryIntervalMs: 0, timeoutMs: 5_000 } });
    const events: stt.SpeechEvent[] = [];
    const reading = (async () => {
      for await (const event of stream) events.push(event);
    })();
    // All of it is pushed while the first connection is being refused.
    for (const frame of toneFrames(1500, 16_000)) stream.pushFrame(frame);
    await until(() => events.some((e) => e.type === SpeechEventType.END_OF_SPEECH));
    stream.endInput();
    await reading;

    expect(fake.server.requests.filter((r) => r.path === '/v1/listen')).toHaveLength(2);
    expect(errors).toEqual([]);
    // The second session got the whole 1.5 s again: what the first one never transcribed.
    expect(fake.live).toHaveLength(1);
    expect(fake.live[0]!.audioBytes).toBe(1.5 * 16_000 * 2);
    const finals = events.filter((e) => e.type === SpeechEventType.FINAL_TRANSCRIPT);
    expect(finals.map((e) => e.alternatives![0].text).join(' ')).toBe('one two three four');
    expect(finals[0]!.alternatives![0].startTime).toBe(0);
  });

  it('maps a refused key to a non-retryable APIStatusError on the STT error event', async () => {
    const adapter = new LiveKitStt(createDeepgram({ apiKey: 'wrong-key', baseUrl: fake.url }).stt());
    const errors: { error: Error; recoverable: boolean }[] = [];
    adapter.on('error', (error) => errors.push(error));
    const stream = adapter.stream({ connOptions: { maxRetry: 3, retryIntervalMs: 0, timeoutMs: 5_000 } });
    for (const frame of toneFrames(100, 16_000)) stream.pushFrame(frame);
    const events: stt.SpeechEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.recoverable).toBe(false);
    const error = errors[0]!.error as APIStatusError;
    expect(error).toBeInstanceOf(APIStatusError);
    expect(error.statusCode).toBe(401);
    expect(error.retryable).toBe(false);
    // Not retried: one upgrade attempt reached the fake.
    expect(fake.server.requests.filter((r) => r.path === '/v1/listen')).toHaveLength(1);
  });
});
