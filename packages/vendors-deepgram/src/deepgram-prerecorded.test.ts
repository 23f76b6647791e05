import { describe, expect, it } from 'vitest';
import type { DeepgramSettings } from './deepgram-options.js';
import { createDeepgram } from './deepgram-provider.js';
import { fakePerTest, frames, reader, until } from './test-support.js';

const rate = 16000;

describe('DeepgramStt.transcribe over prerecorded POST /v1/listen', () => {
  const env = fakePerTest();

  it('sends PCM as a WAV file with the options in the query, and parses words in ms', async () => {
    env.fake.script('Binary search halves the range.');
    const pcm = frames(2000).reduce<Int16Array>((all, f) => {
      const joined = new Int16Array(all.length + f.samples.length);
      joined.set(all);
      joined.set(f.samples, all.length);
      return joined;
    }, new Int16Array(0));
    const result = await createDeepgram(env.settings)
      .stt()
      .transcribe({ samples: pcm, sampleRate: rate }, { keywords: ['binary'], language: 'en' });
    const request = env.fake.server.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/listen');
    expect(request.headers.authorization).toBe(`Token ${env.fake.apiKey}`);
    expect(request.headers['content-type']).toBe('application/octet-stream');
    expect(request.body.toString('ascii', 0, 4)).toBe('RIFF');
    expect(request.body.readUInt32LE(24)).toBe(rate);
    expect(request.body.length).toBe(44 + pcm.length * 2);
    expect(request.query.get('model')).toBe('nova-3');
    expect(request.query.get('smart_format')).toBe('true');
    expect(request.query.get('punctuate')).toBe('true');
    expect(request.query.get('language')).toBe('en');
    expect(request.query.getAll('keyterm')).toEqual(['binary']);

    expect(result.text).toBe('Binary search halves the range.');
    expect(result.words.map((w) => w.word)).toEqual(['Binary', 'search', 'halves', 'the', 'range.']);
    expect(result.words[1]).toMatchObject({ startMs: 400, endMs: 720 });
    expect(result.durationMs).toBe(2000);
    expect(result.language).toBe('en');
  });

  it('passes encoded audio through unchanged and reports the detected language', async () => {
    env.fake.script('hi');
    const webm = { data: new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 4]), mimeType: 'audio/webm' };
    const result = await createDeepgram(env.settings)
      .stt()
      .transcribe(webm, { model: 'nova-2', keywords: ['hi'] });
    const request = env.fake.server.requests[0]!;
    expect([...request.body]).toEqual([...webm.data]);
    expect(request.query.get('model')).toBe('nova-2');
    expect(request.query.getAll('keywords')).toEqual(['hi']);
    expect(request.query.get('detect_language')).toBe('true');
    expect(result.language).toBe('en');
    expect(result.text).toBe('hi');
  });

  it('maps HTTP failures without retrying: 401 auth, 429 with Retry-After, 503 unavailable', async () => {
    const stt = createDeepgram(env.settings).stt();
    const audio = { samples: new Int16Array(1600), sampleRate: rate };
    env.fake.fail(401);
    await expect(stt.transcribe(audio)).rejects.toMatchObject({
      kind: 'auth',
      status: 401,
      vendor: 'deepgram',
    });
    env.fake.fail(429, { retryAfterSec: 2 });
    await expect(stt.transcribe(audio)).rejects.toMatchObject({ kind: 'rate_limit', retryAfterMs: 2000 });
    env.fake.fail(503);
    await expect(stt.transcribe(audio)).rejects.toMatchObject({ kind: 'unavailable', retryable: true });
    // The SDK's hidden retries are off: one request per call.
    expect(env.fake.server.requests).toHaveLength(3);
  });

  it('times out on a stalled request and cancels on abort, closing the request at the fake', async () => {
    const stt = createDeepgram(env.settings).stt();
    const audio = { samples: new Int16Array(1600), sampleRate: rate };
    env.fake.stall();
    await expect(stt.transcribe(audio, { timeoutMs: 150 })).rejects.toMatchObject({ kind: 'timeout' });
    await until(() => env.fake.openConnections() === 0);

    env.fake.stall();
    const controller = new AbortController();
    const pending = stt.transcribe(audio, { signal: controller.signal });
    await until(() => env.fake.server.requests.length === 2);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled', retryable: false });
    await until(() => env.fake.openConnections() === 0);
  });

  it('uses the injected fetch and extra headers (REST and WebSocket alike)', async () => {
    const seen: string[] = [];
    const stt = createDeepgram({
      ...env.settings,
      headers: { 'x-team': 'interview' },
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    }).stt();
    env.fake.script('hello');
    await stt.transcribe({ samples: new Int16Array(1600), sampleRate: rate });
    expect(seen).toEqual([expect.stringContaining(`${env.fake.url}/v1/listen?`)]);
    expect(env.fake.server.requests[0]!.headers['x-team']).toBe('interview');
    const session = stt.stream({ sampleRate: rate });
    const { done } = reader(session);
    await until(() => env.fake.live.length === 1);
    await session.close();
    await done;
    expect(env.fake.live[0]!.request.headers['x-team']).toBe('interview');
  });

  it('rejects misspelt env.settings naming the field, never the key', () => {
    expect(() => createDeepgram({ apiKey: 'secret-key', endpointMs: 10 } as DeepgramSettings).stt()).toThrow(
      /endpointMs/,
    );
    expect(() => createDeepgram({ apiKey: '' }).stt()).toThrow(/apiKey/);
    try {
      createDeepgram({ apiKey: 'secret-key', baseUrl: 'not a url' }).stt();
    } catch (error) {
      expect(String(error)).not.toContain('secret-key');
    }
  });
});
