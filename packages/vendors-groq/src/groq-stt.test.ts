import { decodeWav, speechLike } from '@bot-backend/audio';
import { type OpenAiFake, startOpenAiFake } from '@bot-backend/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroq } from './groq-provider.js';

describe('GroqStt against the loopback fake', () => {
  let fake: OpenAiFake;
  beforeEach(async () => {
    fake = await startOpenAiFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  const field = (name: string) =>
    fake
      .requests()[0]
      ?.form?.filter((part) => part.name === name)
      .map((part) => part.data.toString());

  it('uploads to /openai/v1/audio/transcriptions with every option and reads word timings', async () => {
    fake.transcript('Two pointers work here.');
    const audio = speechLike({ durationMs: 1000, sampleRate: 16_000 });
    const stt = createGroq({ apiKey: 'gsk-stt', baseURL: fake.url }).stt();
    expect(stt.modelId).toBe('whisper-large-v3-turbo');
    const result = await stt.transcribe(audio, { language: 'en-GB', keywords: ['pointers'] });
    expect(result).toMatchObject({ text: 'Two pointers work here.', durationMs: 1000 });
    expect(result.words.map((w) => [w.word, w.startMs, w.endMs])).toEqual([
      ['Two', 0, 250],
      ['pointers', 250, 500],
      ['work', 500, 750],
      ['here', 750, 1000],
    ]);
    const [request] = fake.requests();
    expect(request?.path).toBe('/openai/v1/audio/transcriptions');
    expect(request?.headers.authorization).toBe('Bearer gsk-stt');
    expect(field('model')).toEqual(['whisper-large-v3-turbo']);
    expect(field('response_format')).toEqual(['verbose_json']);
    expect(field('timestamp_granularities[]')).toEqual(['word', 'segment']);
    expect(field('language')).toEqual(['en']);
    expect(field('prompt')).toEqual(['pointers']);
    const file = request?.form?.find((part) => part.name === 'file');
    expect(decodeWav(new Uint8Array(file?.data ?? [])).samples).toEqual(audio.samples);
  });

  it('maps a 429 to rate_limit with the Retry-After delay', async () => {
    fake.fail(429, { retryAfterSec: 4 });
    const stt = createGroq({ apiKey: 'gsk-stt', baseURL: fake.url }).stt();
    await expect(stt.transcribe(speechLike({ durationMs: 200, sampleRate: 16_000 }))).rejects.toMatchObject({
      kind: 'rate_limit',
      retryAfterMs: 4000,
      vendor: 'groq',
    });
    expect(fake.requests()).toHaveLength(1);
  });
});
