import { speechLike } from '@bot-backend/audio';
import { formValues, startOpenAiFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { groqTranscriptionWordTimings } from './groq-models.js';
import { createGroq } from './groq-provider.js';

describe('GroqStt: Groq’s path, model and format, against the loopback fake', () => {
  const fake = useFake(() => startOpenAiFake(), { scope: 'all' });

  it('uploads to /openai/v1/audio/transcriptions with whisper-large-v3-turbo and reads word timings', async () => {
    fake.transcript('Two pointers work here.');
    const stt = createGroq({ apiKey: 'gsk-stt', baseURL: fake.url }).stt();
    expect(stt).toMatchObject({ modelId: 'whisper-large-v3-turbo', provider: 'groq' });
    const result = await stt.transcribe(speechLike({ durationMs: 1000, sampleRate: 16_000 }));
    expect(result.words.map((w) => [w.word, w.startMs, w.endMs])).toEqual([
      ['Two', 0, 250],
      ['pointers', 250, 500],
      ['work', 500, 750],
      ['here', 750, 1000],
    ]);
    const [request] = fake.requests();
    expect(request?.path).toBe('/openai/v1/audio/transcriptions');
    expect(request?.headers.authorization).toBe('Bearer gsk-stt');
    expect(formValues(request, 'model')).toEqual(['whisper-large-v3-turbo']);
    expect(formValues(request, 'response_format')).toEqual(['verbose_json']);
  });

  // console.groq.com/docs/speech-to-text: Whisper only, with word timings in verbose_json.
  it('the catalogue gives Groq’s Whisper models word timings', () => {
    expect(groqTranscriptionWordTimings('whisper-large-v3')).toBe(true);
    expect(groqTranscriptionWordTimings('distil-whisper-large-v3-en')).toBe(false);
  });
});
