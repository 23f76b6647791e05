import { decodeWav, encodeWavFrame, speechLike } from '@bot-backend/audio';
import { collectStream, formValues, readStream, startOpenAiFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { OpenAICompatibleStt } from './openai-compatible-stt.js';
import { commonConfig } from './test-support.js';

describe('OpenAICompatibleStt against the loopback fake', () => {
  const fake = useFake(() => startOpenAiFake());

  // Word timings as a catalogue would say: Whisper yes, the gpt-4o transcribe models no.
  const stt = (modelId = 'whisper-1') =>
    new OpenAICompatibleStt(modelId, {
      ...commonConfig(fake.openaiBaseURL),
      wordTimings: (id) => id.startsWith('whisper'),
    });
  const field = (name: string) => formValues(fake.requests()[0], name);

  it('uploads PCM as WAV with every option and reads verbose_json word timings', async () => {
    fake.transcript({ text: 'Kafka keeps the log.', language: 'english' });
    const audio = speechLike({ durationMs: 2000, sampleRate: 16_000 });
    const result = await stt().transcribe(audio, { language: 'en-US', keywords: ['Kafka', 'Zookeeper'] });

    expect(result.text).toBe('Kafka keeps the log.');
    expect(result.language).toBe('english');
    expect(result.durationMs).toBe(2000);
    expect(result.words).toEqual([
      { word: 'Kafka', startMs: 0, endMs: 500 },
      { word: 'keeps', startMs: 500, endMs: 1000 },
      { word: 'the', startMs: 1000, endMs: 1500 },
      { word: 'log', startMs: 1500, endMs: 2000 },
    ]);
    expect(result.confidence).toBeCloseTo(Math.exp(-0.11), 5);

    const [request] = fake.requests();
    expect(request?.path).toBe('/v1/audio/transcriptions');
    expect(request?.headers.authorization).toBe('Bearer sk-test-key');
    expect(field('model')).toEqual(['whisper-1']);
    expect(field('response_format')).toEqual(['verbose_json']);
    expect(field('timestamp_granularities[]')).toEqual(['word', 'segment']);
    expect(field('language')).toEqual(['en']);
    expect(field('prompt')).toEqual(['Kafka, Zookeeper']);
    const file = request?.form?.find((part) => part.name === 'file');
    expect(file?.filename).toBe('audio.wav');
    expect(file?.contentType).toBe('audio/wav');
    const wav = decodeWav(new Uint8Array(file?.data ?? []));
    expect(wav.sampleRate).toBe(16_000);
    expect(wav.samples).toEqual(audio.samples);
  });

  it('sends encoded audio as it is, and asks gpt-4o transcribe models for plain json', async () => {
    fake.transcript('Hello there.');
    const model = stt('gpt-4o-mini-transcribe');
    expect(model.capabilities.wordTimings).toBe(false);
    const data = new Uint8Array([26, 69, 223, 163, 1, 2, 3]);
    const result = await model.transcribe({ data, mimeType: 'audio/webm;codecs=opus' });
    expect(result).toMatchObject({ text: 'Hello there.', words: [], confidence: undefined });
    expect(field('response_format')).toEqual(['json']);
    expect(field('timestamp_granularities[]')).toEqual([]);
    const file = fake.requests()[0]?.form?.find((part) => part.name === 'file');
    expect(file?.filename).toBe('audio.webm');
    expect([...(file?.data ?? [])]).toEqual([...data]);
  });

  it('stream() buffers until finalize(), then gives one final and end-of-turn per turn in session time', async () => {
    const session = stt().stream({ sampleRate: 16_000 });
    const { parts, done: reading } = readStream(session);

    fake.transcript('first turn');
    session.push(speechLike({ durationMs: 600, sampleRate: 16_000 }));
    session.push(speechLike({ durationMs: 400, sampleRate: 16_000 }));
    expect(fake.requests()).toHaveLength(0);
    session.finalize();
    fake.transcript('second turn');
    session.push(speechLike({ durationMs: 500, sampleRate: 16_000 }));
    // close() flushes the unfinalized audio as one more turn.
    await session.close();
    await reading;

    expect(parts.map((p) => p.type)).toEqual([
      'transcript-final',
      'end-of-turn',
      'transcript-final',
      'end-of-turn',
      'finish',
    ]);
    expect(parts[0]).toMatchObject({ text: 'first turn', startMs: 0, endMs: 1000 });
    expect(parts[1]).toEqual({ type: 'end-of-turn', atMs: 1000, text: 'first turn' });
    expect(parts[2]).toMatchObject({
      text: 'second turn',
      startMs: 1000,
      endMs: 1500,
      words: [
        { word: 'second', startMs: 1000, endMs: 1250 },
        { word: 'turn', startMs: 1250, endMs: 1500 },
      ],
    });
    // Each turn went up as its own file with exactly its own audio.
    const sizes = fake
      .requests()
      .map(
        (r) => decodeWav(new Uint8Array(r.form?.find((p) => p.name === 'file')?.data ?? [])).samples.length,
      );
    expect(sizes).toEqual([16_000, 8_000]);
  });

  it('a failed turn ends the session with its error part', async () => {
    fake.fail(429, { retryAfterSec: 1 });
    const session = stt().stream({ sampleRate: 16_000 });
    session.push(speechLike({ durationMs: 300, sampleRate: 16_000 }));
    session.finalize();
    expect(await collectStream(session)).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'rate_limit', retryAfterMs: 1000 }) },
    ]);
    await session.close();
  });

  it('sends a WAV upload unchanged', async () => {
    const wav = encodeWavFrame(speechLike({ durationMs: 300, sampleRate: 8000 }));
    await stt().transcribe({ data: wav, mimeType: 'audio/wav' });
    const file = fake.requests()[0]?.form?.find((part) => part.name === 'file');
    expect(Buffer.compare(file?.data ?? Buffer.alloc(0), Buffer.from(wav))).toBe(0);
  });
});
