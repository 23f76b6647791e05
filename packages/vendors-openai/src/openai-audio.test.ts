import { speechLike } from '@bot-backend/audio';
import { formValues, startOpenAiFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { openAISpeechInstructions, openAITranscriptionWordTimings } from './openai-models.js';
import { createOpenAI } from './openai-provider.js';

describe('OpenAIStt and OpenAITts: OpenAI’s models and defaults, against the loopback fake', () => {
  const fake = useFake(() => startOpenAiFake());

  const openai = () => createOpenAI({ apiKey: 'sk-audio', baseURL: fake.openaiBaseURL });

  it('transcribes with whisper-1 by default, asking for word timings', async () => {
    fake.transcript('Kafka keeps the log.');
    const stt = openai().stt();
    expect(stt).toMatchObject({
      modelId: 'whisper-1',
      provider: 'openai',
      capabilities: { wordTimings: true },
    });
    const result = await stt.transcribe(speechLike({ durationMs: 1000, sampleRate: 16_000 }));
    expect(result.words.map((word) => word.word)).toEqual(['Kafka', 'keeps', 'the', 'log']);
    expect(fake.requests()[0]?.path).toBe('/v1/audio/transcriptions');
    expect(formValues(fake.requests()[0], 'response_format')).toEqual(['verbose_json']);
  });

  // resources/audio/audio.d.ts: the gpt-4o transcribe models answer json only.
  it('the catalogue says which transcription models give word timings', () => {
    expect(openAITranscriptionWordTimings('whisper-1')).toBe(true);
    expect(openAITranscriptionWordTimings('gpt-4o-transcribe')).toBe(false);
    expect(openAITranscriptionWordTimings('gpt-4o-mini-transcribe-2025-12-15')).toBe(false);
    // An id it does not list (a compatible server's) is judged by its name.
    expect(openAITranscriptionWordTimings('whisper-large-v3')).toBe(true);
    expect(openAITranscriptionWordTimings('parakeet')).toBe(false);
  });

  it('speaks with gpt-4o-mini-tts and alloy by default, with the style instructions', async () => {
    const tts = openai().tts(undefined, { instructions: 'Warm and calm.' });
    expect(tts).toMatchObject({ modelId: 'gpt-4o-mini-tts', provider: 'openai' });
    for await (const part of tts.synthesize('Hello.', { sampleRate: 24_000 }))
      expect(part.type).not.toBe('error');
    expect(fake.requests()[0]?.body).toEqual({
      model: 'gpt-4o-mini-tts',
      voice: 'alloy',
      input: 'Hello.',
      response_format: 'pcm',
      instructions: 'Warm and calm.',
    });
  });

  // speech.d.ts: "instructions … does not work with tts-1 or tts-1-hd"; the strict fake refuses them there.
  it('leaves the instructions out for tts-1, whose voice is given per provider', async () => {
    const tts = openai().tts('tts-1-hd', { voice: 'onyx', instructions: 'ignored' });
    for await (const part of tts.synthesize('Hello.', { sampleRate: 24_000 }))
      expect(part.type).not.toBe('error');
    expect(fake.rejections()).toEqual([]);
    expect(fake.requests()[0]?.body).toMatchObject({ model: 'tts-1-hd', voice: 'onyx' });
    expect(fake.requests()[0]?.body).not.toHaveProperty('instructions');
    expect(openAISpeechInstructions('gpt-4o-mini-tts-2025-12-15')).toBe(true);
  });
});
