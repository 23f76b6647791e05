import { estimateFrequency, frameDurationMs } from '@bot-backend/audio';
import type { AudioFrame, TtsStreamPart } from '@bot-backend/interfaces';
import { OPENAI_FAKE_MS_PER_CHARACTER, OPENAI_FAKE_TONE_HZ, startOpenAiFake } from '@bot-backend/testkit';
import { useFake } from '@bot-backend/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { OpenAICompatibleTts } from './openai-compatible-tts.js';
import { collect, commonConfig, waitFor } from './test-support.js';

const frames = (parts: TtsStreamPart[]): AudioFrame[] =>
  parts.flatMap((part) => (part.type === 'audio' ? [part.frame] : []));

function joined(list: AudioFrame[]): Int16Array {
  const out = new Int16Array(list.reduce((n, f) => n + f.samples.length, 0));
  let offset = 0;
  for (const frame of list) {
    out.set(frame.samples, offset);
    offset += frame.samples.length;
  }
  return out;
}

describe('OpenAICompatibleTts against the loopback fake', () => {
  const fake = useFake(() => startOpenAiFake());

  const tts = (modelId = 'gpt-4o-mini-tts', options: { voice?: string; instructions?: string } = {}) =>
    new OpenAICompatibleTts(modelId, {
      ...commonConfig(fake.openaiBaseURL),
      voice: options.voice ?? 'alloy',
      instructions: options.instructions,
      acceptsInstructions: (id) => !id.startsWith('tts-1'),
    });

  // OpenAI's speech input is at most 4096 characters (speech.d.ts); the strict fake refuses more.
  it('splits text over 4096 characters at sentence ends into requests OpenAI accepts', async () => {
    const sentence = 'This sentence is one of many in a long answer that goes on. ';
    const text = sentence.repeat(100).trim();
    const parts = await collect(tts().synthesize(text, { sampleRate: 24_000 }));
    expect(fake.rejections()).toEqual([]);
    const inputs = fake.requests().map((r) => String(r.body?.input));
    expect(inputs.length).toBeGreaterThan(1);
    expect(inputs.every((input) => input.length <= 4096 && input.endsWith('on.'))).toBe(true);
    expect(inputs.join(' ')).toBe(text);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', characters: text.length });
  });

  it('refuses a speed outside 0.25–4.0 before calling, naming the range', async () => {
    const parts = await collect(tts().synthesize('Hello.', { sampleRate: 24_000, speed: 5 }));
    expect(parts).toEqual([
      {
        type: 'error',
        error: expect.objectContaining({
          kind: 'bad_request',
          message: expect.stringMatching(/speed 5 .*0\.25.*4/),
        }),
      },
    ]);
    expect(fake.requests()).toEqual([]);
  });

  it('asks for pcm with every option and converts 24 kHz to the requested rate', async () => {
    const text = 'Tell me about your last project.';
    const parts = await collect(
      tts('gpt-4o-mini-tts', { voice: 'coral', instructions: 'Warm and calm.' }).synthesize(text, {
        sampleRate: 16_000,
        speed: 1.25,
      }),
    );
    const body = fake.requests()[0]?.body;
    expect(fake.requests()[0]?.path).toBe('/v1/audio/speech');
    expect(fake.requests()[0]?.headers.authorization).toBe('Bearer sk-test-key');
    expect(body).toEqual({
      model: 'gpt-4o-mini-tts',
      voice: 'coral',
      input: text,
      response_format: 'pcm',
      speed: 1.25,
      instructions: 'Warm and calm.',
    });

    const audio = frames(parts);
    expect(audio.every((f) => f.sampleRate === 16_000)).toBe(true);
    const expectedMs = (text.length * OPENAI_FAKE_MS_PER_CHARACTER) / 1.25;
    const ms = audio.reduce((sum, f) => sum + frameDurationMs(f), 0);
    expect(Math.abs(ms - expectedMs)).toBeLessThan(5);
    const samples = joined(audio);
    const middle = samples.subarray(Math.floor(samples.length * 0.1), Math.floor(samples.length * 0.9));
    expect(Math.abs(estimateFrequency(middle, 16_000) - OPENAI_FAKE_TONE_HZ)).toBeLessThan(4);
    expect(parts.at(-1)).toEqual({ type: 'finish', characters: text.length, audioMs: ms });
  });

  it('passes 24 kHz through unchanged, and leaves instructions out for tts-1', async () => {
    const parts = await collect(
      tts('tts-1', { instructions: 'ignored' }).synthesize('Hello.', { sampleRate: 24_000, voice: 'onyx' }),
    );
    expect(fake.requests()[0]?.body).toEqual({
      model: 'tts-1',
      voice: 'onyx',
      input: 'Hello.',
      response_format: 'pcm',
    });
    // Every sample of the odd-sized chunks rejoined exactly, none added by a resampler.
    expect(joined(frames(parts)).length).toBe('Hello.'.length * OPENAI_FAKE_MS_PER_CHARACTER * 24);
  });

  it('aborting mid-synthesis closes the HTTP response at the fake', async () => {
    fake.slowSpeech({ chunkDelayMs: 50 });
    const controller = new AbortController();
    const parts: TtsStreamPart[] = [];
    for await (const part of tts().synthesize('A long answer '.repeat(20), {
      sampleRate: 16_000,
      signal: controller.signal,
    })) {
      parts.push(part);
      if (part.type === 'audio') controller.abort();
    }
    expect(parts.map((p) => p.type)).toEqual(['audio', 'error']);
    expect(parts[1]).toMatchObject({ error: { kind: 'cancelled' } });
    await waitFor(() => fake.openConnections() === 0);
    expect(fake.closedByClient()).toBe(1);
  });

  it('a session synthesizes pushed sentences in order, one request each', async () => {
    const session = tts().stream({ sampleRate: 24_000 });
    session.pushText('First sentence. ');
    session.pushText('Second one.');
    session.end();
    const parts = await collect(session);
    expect(fake.requests().map((r) => r.body?.input)).toEqual(['First sentence. ', 'Second one.']);
    const expectedSamples =
      ('First sentence. '.length + 'Second one.'.length) * OPENAI_FAKE_MS_PER_CHARACTER * 24;
    expect(joined(frames(parts)).length).toBe(expectedSamples);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', characters: 27 });
  });
});
