import { startAssemblyAIFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AssemblyAISettings } from './assemblyai-options.js';
import { createAssemblyAI } from './assemblyai-provider.js';
import { until } from './test-support.js';

const rate = 16000;

describe('AssemblyAIStt.transcribe through the async API', () => {
  const fake = useFake(() => startAssemblyAIFake({ pollsUntilDone: 4 }));
  let settings: AssemblyAISettings;
  let sleeps: number[];
  beforeEach(() => {
    sleeps = [];
    settings = {
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      pollIntervalMs: 1000,
      maxPollIntervalMs: 2000,
      // Polls without waiting; the requested intervals are recorded instead.
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    };
  });

  it('uploads a WAV, submits, polls with growing intervals and returns words in ms', async () => {
    fake.script('Hello world, this is a test.');
    const pcm = new Int16Array(rate * 2).map((_, i) => Math.round(2000 * Math.sin(i / 10)));
    const result = await createAssemblyAI(settings)
      .stt()
      .transcribe({ samples: pcm, sampleRate: rate }, { language: 'en-US', keywords: ['test'] });
    const [upload, submit, ...polls] = fake.server.requests;
    expect(upload).toMatchObject({ method: 'POST', path: '/v2/upload' });
    expect(upload!.headers.authorization).toBe(fake.apiKey);
    expect(upload!.headers['content-type']).toBe('application/octet-stream');
    expect(upload!.body.toString('ascii', 0, 4)).toBe('RIFF');
    expect(upload!.body.length).toBe(44 + pcm.length * 2);
    expect(submit).toMatchObject({ method: 'POST', path: '/v2/transcript' });
    expect(JSON.parse(submit!.body.toString())).toEqual({
      audio_url: [...fake.uploads.keys()][0],
      speech_models: ['assemblyai-stt-3-7', 'universal-2'],
      punctuate: true,
      format_text: true,
      language_code: 'en_us',
      keyterms_prompt: ['test'],
    });
    expect(polls.map((p) => `${p.method} ${p.path}`)).toEqual(
      Array(4).fill(`GET /v2/transcript/${fake.jobs[0]!.id}`),
    );
    expect(sleeps).toEqual([1000, 1500, 2000, 2000]);
    expect(result.text).toBe('Hello world, this is a test.');
    expect(result.words.map((w) => w.word)).toEqual(['Hello', 'world,', 'this', 'is', 'a', 'test.']);
    expect(result.words[1]).toMatchObject({ startMs: 333, endMs: 600, confidence: 0.95 });
    expect(result).toMatchObject({ confidence: 0.93, language: 'en_us', durationMs: 2000 });
  });

  it('asks for language detection when no language is given; sends encoded audio as is', async () => {
    fake.script('hola');
    const file = { data: new Uint8Array([0x4f, 0x67, 0x67, 0x53, 9, 9]), mimeType: 'audio/ogg' };
    const result = await createAssemblyAI(settings).stt().transcribe(file, { model: 'universal-2' });
    expect([...fake.server.requests[0]!.body]).toEqual([...file.data]);
    const body = JSON.parse(fake.server.requests[1]!.body.toString());
    expect(body).toMatchObject({ language_detection: true, speech_models: ['universal-2'] });
    expect(body).not.toHaveProperty('speech_model');
    expect(body.language_code).toBeUndefined();
    expect(result.text).toBe('hola');
  });

  it('maps BCP-47 languages to AssemblyAI codes (English keeps its region)', async () => {
    const stt = createAssemblyAI(settings).stt();
    for (const language of ['en-GB', 'de-DE', 'fr']) {
      fake.script('x');
      await stt.transcribe({ samples: new Int16Array(160), sampleRate: rate }, { language });
    }
    const codes = fake.jobs.map((job) => job.request.language_code);
    expect(codes).toEqual(['en_uk', 'de', 'fr']);
  });

  it('a job that ends in error rejects with bad_request and its message', async () => {
    fake.failNextJob('Audio duration is too short.');
    await expect(
      createAssemblyAI(settings)
        .stt()
        .transcribe({ samples: new Int16Array(160), sampleRate: rate }),
    ).rejects.toMatchObject({
      kind: 'bad_request',
      retryable: false,
      message: expect.stringContaining('too short'),
    });
  });

  it('maps HTTP statuses: 401 auth, 429 with Retry-After, 500 unavailable', async () => {
    const stt = createAssemblyAI(settings).stt();
    const audio = { samples: new Int16Array(160), sampleRate: rate };
    const cases: Array<[401 | 429 | 500, { retryAfterSec?: number }, Record<string, unknown>]> = [
      [401, {}, { kind: 'auth', status: 401, message: expect.stringContaining('Authentication error') }],
      [429, { retryAfterSec: 2 }, { kind: 'rate_limit', retryAfterMs: 2000 }],
      [500, {}, { kind: 'unavailable', retryable: true }],
    ];
    for (const [status, options, expected] of cases) {
      fake.fail(status, options);
      await expect(stt.transcribe(audio)).rejects.toMatchObject(expected);
    }
    expect(fake.server.requests).toHaveLength(3);
  });

  it('cancels while polling, and times out a stalled request, closing it at the fake', async () => {
    const controller = new AbortController();
    const stt = createAssemblyAI({
      ...settings,
      sleep: (ms, signal) =>
        new Promise((resolve, reject) => {
          sleeps.push(ms);
          controller.abort();
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          if (signal.aborted) reject(signal.reason);
          void resolve;
        }),
    }).stt();
    fake.script('x');
    await expect(
      stt.transcribe({ samples: new Int16Array(160), sampleRate: rate }, { signal: controller.signal }),
    ).rejects.toMatchObject({ kind: 'cancelled' });
    expect(sleeps).toEqual([1000]);

    fake.stall();
    await expect(
      createAssemblyAI(settings)
        .stt()
        .transcribe({ samples: new Int16Array(160), sampleRate: rate }, { timeoutMs: 150 }),
    ).rejects.toMatchObject({ kind: 'timeout' });
    await until(() => fake.openConnections() === 0);
  });

  it('sends every REST call through the injected fetch', async () => {
    const seen: string[] = [];
    fake.script('ok');
    await createAssemblyAI({
      ...settings,
      fetch: (input, init) => {
        seen.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
        return fetch(input, init);
      },
    })
      .stt()
      .transcribe({ samples: new Int16Array(160), sampleRate: rate });
    expect(seen.slice(0, 3)).toEqual([
      'POST /v2/upload',
      'POST /v2/transcript',
      `GET /v2/transcript/${fake.jobs[0]!.id}`,
    ]);
    expect(seen).toHaveLength(2 + 4);
  });

  it('settings.timeoutMs is the default first-byte timeout of every request', async () => {
    fake.stall();
    await expect(
      createAssemblyAI({ ...settings, timeoutMs: 150 })
        .stt()
        .transcribe({
          samples: new Int16Array(160),
          sampleRate: rate,
        }),
    ).rejects.toMatchObject({ kind: 'timeout' });
    await until(() => fake.openConnections() === 0);
  });

  it('gives up polling after pollTimeoutMs on the injected clock', async () => {
    let now = 0;
    const stt = createAssemblyAI({
      ...settings,
      pollTimeoutMs: 2500,
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    }).stt();
    await expect(stt.transcribe({ samples: new Int16Array(160), sampleRate: rate })).rejects.toMatchObject({
      kind: 'timeout',
    });
  });
});
