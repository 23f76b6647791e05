import { estimateFrequency, rms } from '@bot-backend/audio';
import { VendorError } from '@bot-backend/interfaces';
import { httpErrorCases, startCartesiaFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { CARTESIA_DEFAULT_MODEL, CARTESIA_DEFAULT_VOICE } from './cartesia-models.js';
import { createCartesia } from './cartesia-provider.js';
import { audioOf, collect, joinSamples, waitFor } from './test-support.js';

const sentence = 'The quick brown fox jumps over the lazy dog near the river bank.';

describe('CartesiaTts.synthesize (bytes endpoint)', () => {
  const fake = useFake(() => startCartesiaFake());

  const provide = (settings: Partial<Parameters<typeof createCartesia>[0]> = {}) =>
    createCartesia({ apiKey: fake.apiKey, baseURL: fake.url, ...settings });
  const tts = (settings: Partial<Parameters<typeof createCartesia>[0]> = {}) => provide(settings).tts();

  it('sends current defaults on the wire: sonic-3, the default voice, raw PCM16 at the requested rate', async () => {
    const parts = await collect(tts().synthesize('Hello there.', { sampleRate: 24000 }));
    expect(parts.at(-1)?.type).toBe('finish');
    const [sent] = fake.bytesRequests();
    expect(sent?.request.method).toBe('POST');
    expect(sent?.request.path).toBe('/tts/bytes');
    expect(sent?.request.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(sent?.request.headers['cartesia-version']).toBe('2026-08-14');
    expect(sent?.body).toEqual({
      model_id: CARTESIA_DEFAULT_MODEL,
      transcript: 'Hello there.',
      voice: CARTESIA_DEFAULT_VOICE,
      output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 24000 },
    });
  });

  it('the old default, sonic-english, is refused as model_sunsetted: a model must be current', async () => {
    const parts = await collect(
      createCartesia({ apiKey: fake.apiKey, baseURL: fake.url, model: 'sonic-english' })
        .tts()
        .synthesize('Hello there.', { sampleRate: 24000 }),
    );
    expect(parts).toHaveLength(1);
    const error = parts[0]?.type === 'error' ? parts[0].error : undefined;
    expect(error?.kind).toBe('bad_request');
    expect(error?.message).toContain('sunsetted');
    expect(CARTESIA_DEFAULT_MODEL).not.toBe('sonic-english');
  });

  it('sends a BCP-47 language as the two-letter code Cartesia takes', async () => {
    const parts = await collect(tts().synthesize('Guten Tag.', { sampleRate: 16000, language: 'de-DE' }));
    expect(parts.at(-1)?.type).toBe('finish');
    expect(fake.bytesRequests()[0]?.body.language).toBe('de');
  });

  it('takes the model and voice from the settings, and a model per tts()', async () => {
    const provider = provide({ model: 'sonic-3.5', voice: 'v-1' });
    await collect(provider.tts().synthesize('One.', { sampleRate: 16000 }));
    await collect(provider.tts('sonic-3-2026-01-12').synthesize('Two.', { sampleRate: 16000 }));
    const [first, second] = fake.bytesRequests();
    expect(first?.body).toMatchObject({ model_id: 'sonic-3.5', voice: 'v-1' });
    expect(second?.body).toMatchObject({ model_id: 'sonic-3-2026-01-12', voice: 'v-1' });
  });

  it('asks for the nearest higher rate Cartesia offers when the caller wants another, and resamples', async () => {
    const parts = await collect(tts().synthesize(sentence, { sampleRate: 11025 }));
    expect(fake.bytesRequests()[0]?.body.output_format).toEqual({
      container: 'raw',
      encoding: 'pcm_s16le',
      sample_rate: 16000,
    });
    const samples = joinSamples(audioOf(parts));
    const expected = Math.round((fake.expectedSamples(sentence, 16000) * 11025) / 16000);
    expect(Math.abs(samples.length - expected)).toBeLessThanOrEqual(2);
  });

  it('refuses speed and volume outside the documented ranges before any request', async () => {
    expect(() => createCartesia({ apiKey: 'k' }).tts(undefined, { speed: 2 })).toThrow(/speed/);
    expect(() => createCartesia({ apiKey: 'k' }).tts(undefined, { volume: 0.2 })).toThrow(/volume/);
    const parts = await collect(tts().synthesize('Hi.', { sampleRate: 16000, speed: 0.5 }));
    expect(parts[0]?.type === 'error' && parts[0].error.kind).toBe('bad_request');
    expect(fake.bytesRequests()).toHaveLength(0);
  });

  it('puts every option on the wire: call options win over instance options and settings', async () => {
    const provider = provide({ model: 'sonic-2', voice: 'settings-voice', headers: { 'x-trace': 't-1' } });
    await collect(
      provider
        .tts(undefined, { language: 'de', speed: 0.9, volume: 1.2, emotion: 'calm', voice: 'instance-voice' })
        .synthesize('Guten Tag.', { sampleRate: 16000 }),
    );
    await collect(
      provider.tts('sonic-3', { language: 'de', voice: 'instance-voice' }).synthesize('Bonjour.', {
        sampleRate: 16000,
        voice: 'call-voice',
        model: 'sonic-3.5',
        language: 'fr',
        speed: 1.1,
      }),
    );
    await collect(provider.tts().synthesize('Plain.', { sampleRate: 16000 }));
    const [first, second, third] = fake.bytesRequests();
    expect(first?.body).toEqual({
      model_id: 'sonic-2',
      transcript: 'Guten Tag.',
      voice: 'instance-voice',
      language: 'de',
      generation_config: { speed: 0.9, volume: 1.2, emotion: 'calm' },
      output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 16000 },
    });
    expect(first?.request.headers['x-trace']).toBe('t-1');
    expect(second?.body).toEqual({
      model_id: 'sonic-3.5',
      transcript: 'Bonjour.',
      voice: 'call-voice',
      language: 'fr',
      generation_config: { speed: 1.1 },
      output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 16000 },
    });
    expect(third?.body).toMatchObject({ model_id: 'sonic-2', voice: 'settings-voice' });
    expect(third?.body).not.toHaveProperty('language');
    expect(third?.body).not.toHaveProperty('generation_config');
  });

  it.each([16000, 24000])("passes Cartesia's PCM16 at %i Hz through with the tone intact", async (rate) => {
    const parts = await collect(tts().synthesize(sentence, { sampleRate: rate }));
    const frames = audioOf(parts);
    expect(frames.length).toBeGreaterThan(1);
    for (const frame of frames) {
      expect(frame.sampleRate).toBe(rate);
      expect(frame.samples).toBeInstanceOf(Int16Array);
    }
    const samples = joinSamples(frames);
    expect(samples.length).toBe(fake.expectedSamples(sentence, rate));
    expect(fake.bytesRequests()[0]?.body.output_format).toMatchObject({ sample_rate: rate });
    const middle = samples.subarray(Math.floor(samples.length * 0.1), Math.floor(samples.length * 0.9));
    const frequency = estimateFrequency(middle, rate);
    expect(Math.abs(frequency - fake.tone.frequencyHz) / fake.tone.frequencyHz).toBeLessThan(0.01);
    // Amplitude 0.5 of full scale: RMS of a sine is amplitude / sqrt(2).
    expect(rms(middle)).toBeCloseTo(fake.tone.amplitude / Math.SQRT2, 2);
    const finish = parts.at(-1);
    expect(finish).toEqual({
      type: 'finish',
      characters: sentence.length,
      audioMs: (samples.length * 1000) / rate,
    });
  });

  it('yields audio while the response is still streaming', async () => {
    fake.slow({ chunkDelayMs: 30 });
    let openAtFirstFrame = -1;
    const frames = [];
    for await (const part of tts().synthesize('Hello there, candidate. How are you today?', {
      sampleRate: 16000,
    })) {
      if (part.type !== 'audio') continue;
      if (frames.length === 0) openAtFirstFrame = fake.openConnections();
      frames.push(part.frame);
    }
    expect(openAtFirstFrame).toBe(1);
    expect(frames.length).toBeGreaterThan(3);
  });

  it('stops the request when the signal aborts and yields no audio after it', async () => {
    fake.slow({ chunkDelayMs: 40 });
    const controller = new AbortController();
    const parts = [];
    for await (const part of tts().synthesize(sentence, { sampleRate: 16000, signal: controller.signal })) {
      parts.push(part);
      if (part.type === 'audio') controller.abort();
    }
    expect(parts.map((part) => part.type)).toEqual(['audio', 'error']);
    const last = parts.at(-1);
    expect(last?.type === 'error' && last.error.kind).toBe('cancelled');
    await waitFor(() => fake.openConnections() === 0);
  });

  it('closes the request when the consumer stops reading', async () => {
    fake.slow({ chunkDelayMs: 40 });
    for await (const part of tts().synthesize(sentence, { sampleRate: 16000 })) {
      if (part.type === 'audio') break;
    }
    await waitFor(() => fake.openConnections() === 0);
  });

  it('yields only a cancelled error when the signal is already aborted, without a request', async () => {
    const parts = await collect(
      tts().synthesize(sentence, { sampleRate: 16000, signal: AbortSignal.abort() }),
    );
    expect(parts).toHaveLength(1);
    expect(parts[0]?.type === 'error' && parts[0].error.kind).toBe('cancelled');
    expect(fake.server.requests).toHaveLength(0);
  });

  it('gives up with a timeout when no audio arrives in time, and closes the request', async () => {
    fake.stall();
    const parts = await collect(tts().synthesize(sentence, { sampleRate: 16000, timeoutMs: 150 }));
    expect(parts).toHaveLength(1);
    const error = parts[0]?.type === 'error' ? parts[0].error : undefined;
    expect(error?.kind).toBe('timeout');
    expect(error?.retryable).toBe(true);
    await waitFor(() => fake.openConnections() === 0);
  });

  it('takes the first-byte timeout from the settings', async () => {
    fake.stall();
    const parts = await collect(tts({ timeoutMs: 100 }).synthesize(sentence, { sampleRate: 16000 }));
    expect(parts[0]?.type === 'error' && parts[0].error.kind).toBe('timeout');
  });

  it.each(httpErrorCases)('maps HTTP $status to $kind', async ({ status, kind, retryable }) => {
    fake.fail(status);
    const parts = await collect(tts().synthesize(sentence, { sampleRate: 16000 }));
    expect(parts).toHaveLength(1);
    const error = parts[0]?.type === 'error' ? parts[0].error : undefined;
    expect(VendorError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind, status, retryable, vendor: 'cartesia' });
    // The SDK's hidden retries are off: one request only.
    expect(fake.server.requests).toHaveLength(1);
  });

  it('maps 429 to rate_limit with the Retry-After delay', async () => {
    fake.fail(429, { retryAfterSec: 2 });
    const parts = await collect(tts().synthesize(sentence, { sampleRate: 16000 }));
    const error = parts[0]?.type === 'error' ? parts[0].error : undefined;
    expect(error).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 2000, retryable: true });
    expect(fake.server.requests).toHaveLength(1);
  });

  it('maps a wrong key (rejected by the fake itself) to auth', async () => {
    const parts = await collect(
      createCartesia({ apiKey: 'wrong', baseURL: fake.url })
        .tts()
        .synthesize(sentence, { sampleRate: 16000 }),
    );
    expect(parts[0]?.type === 'error' && parts[0].error.kind).toBe('auth');
  });

  it('maps a dropped socket to unavailable', async () => {
    fake.drop();
    const parts = await collect(tts().synthesize(sentence, { sampleRate: 16000 }));
    expect(parts).toHaveLength(1);
    expect(parts[0]?.type === 'error' && parts[0].error.kind).toBe('unavailable');
  });

  it('ends with an unavailable error, not a finish, when the socket drops mid-stream', async () => {
    fake.dropMidStream({ afterChunks: 2 });
    const parts = await collect(tts().synthesize(sentence, { sampleRate: 16000 }));
    const types = parts.map((part) => part.type);
    expect(types).toContain('audio');
    expect(types.at(-1)).toBe('error');
    expect(types).not.toContain('finish');
    const last = parts.at(-1);
    expect(last?.type === 'error' && last.error.kind).toBe('unavailable');
  });

  it('rejects invalid options before any request', async () => {
    const parts = await collect(tts().synthesize(sentence, { sampleRate: 0 }));
    expect(parts).toHaveLength(1);
    expect(parts[0]?.type === 'error' && parts[0].error.kind).toBe('bad_request');
    expect(fake.server.requests).toHaveLength(0);
  });

  it('finishes empty text without a request', async () => {
    const parts = await collect(tts().synthesize('  ', { sampleRate: 16000 }));
    expect(parts).toEqual([{ type: 'finish', characters: 2, audioMs: 0 }]);
    expect(fake.server.requests).toHaveLength(0);
  });
});

describe('createCartesia', () => {
  it('fails at construction without an apiKey, naming CARTESIA_API_KEY', () => {
    expect(() => createCartesia({ apiKey: '' })).toThrow(/CARTESIA_API_KEY/);
  });

  it('reports the capabilities and the model', () => {
    const tts = createCartesia({ apiKey: 'k' }).tts();
    expect(tts.provider).toBe('cartesia');
    expect(tts.modelId).toBe('sonic-3');
    expect(tts.specificationVersion).toBe('v1');
    expect(tts.capabilities).toEqual({ incrementalText: true, nativeSampleRate: 24000 });
  });

  it('rejects unknown options', () => {
    expect(() =>
      createCartesia({ apiKey: 'k' }).tts(undefined, { pitch: 2 } as unknown as Parameters<
        ReturnType<typeof createCartesia>['tts']
      >[1]),
    ).toThrow();
  });
});
