import { type CartesiaFake, startCartesiaFake } from '@bot-backend/testkit';
import { createCartesia } from '@bot-backend/vendors-cartesia';
import { APIStatusError, tts } from '@livekit/agents';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LiveKitTts } from './livekit-tts.js';
import './test-livekit.js';

let fake: CartesiaFake;
beforeAll(async () => {
  fake = await startCartesiaFake();
});
afterEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
});

const cartesia = () => createCartesia({ apiKey: fake.apiKey, baseURL: fake.url }).tts();
const samples = (frames: { frame: { samplesPerChannel: number } }[]) =>
  frames.reduce((n, f) => n + f.frame.samplesPerChannel, 0);

describe('LiveKitTts over CartesiaTts and the Cartesia fake', () => {
  it('SynthesizeStream: one voice context per flushed segment, END_OF_STREAM after each', async () => {
    const adapter = new LiveKitTts(cartesia(), { sampleRate: 16_000 });
    expect(adapter.sampleRate).toBe(16_000);
    expect(adapter.numChannels).toBe(1);
    const stream = adapter.stream();
    stream.pushText('Hello there. ');
    stream.pushText('How are you today?');
    stream.flush();
    stream.pushText('Tell me about caches.');
    stream.endInput();

    const segments: tts.SynthesizedAudio[][] = [[]];
    for await (const item of stream) {
      if (item === tts.SynthesizeStream.END_OF_STREAM) segments.push([]);
      else segments.at(-1)!.push(item);
    }
    expect(segments.at(-1)).toEqual([]);
    segments.pop();
    expect(segments).toHaveLength(2);
    for (const segment of segments) {
      expect(segment.every((a) => a.frame.sampleRate === 16_000 && a.frame.channels === 1)).toBe(true);
      // Only the last frame of a segment is final, and a segment keeps one id.
      expect(segment.map((a) => a.final)).toEqual(segment.map((_, i) => i === segment.length - 1));
      expect(new Set(segment.map((a) => a.segmentId)).size).toBe(1);
    }
    expect(segments[0]![0]!.segmentId).not.toBe(segments[1]![0]!.segmentId);
    const expectFirst = fake.expectedSamples('Hello there. How are you today?', 16_000);
    expect(Math.abs(samples(segments[0]!) - expectFirst) / expectFirst).toBeLessThan(0.05);
    const expectSecond = fake.expectedSamples('Tell me about caches.', 16_000);
    expect(Math.abs(samples(segments[1]!) - expectSecond) / expectSecond).toBeLessThan(0.05);

    // The two texts of the first segment went to the vendor in one context.
    const generations = fake.connections.flatMap((c) => c.messages).filter((m) => 'transcript' in m);
    const contextOf = (text: string) =>
      generations.find((m) => String(m.transcript).includes(text))?.context_id;
    expect(contextOf('Hello there.')).toBeDefined();
    expect(contextOf('How are you')).toBe(contextOf('Hello there.'));
    expect(contextOf('caches')).not.toBe(contextOf('Hello there.'));
  });

  it('SynthesizeStream: a retryable vendor error is retried by LiveKit with the segment’s text again', async () => {
    fake.errorNext({ status_code: 500, title: 'Internal error', message: 'scripted' });
    const adapter = new LiveKitTts(cartesia(), { sampleRate: 16_000 });
    const errors: { error: Error; recoverable: boolean }[] = [];
    adapter.on('error', (error) => errors.push(error));
    const stream = adapter.stream({ connOptions: { maxRetry: 2, retryIntervalMs: 0, timeoutMs: 5_000 } });
    stream.pushText('Tell me about ');
    stream.pushText('your last project.');
    stream.endInput();
    const frames: tts.SynthesizedAudio[] = [];
    let ends = 0;
    for await (const item of stream) {
      if (item === tts.SynthesizeStream.END_OF_STREAM) ends += 1;
      else frames.push(item);
    }
    expect(errors).toEqual([]);
    expect(ends).toBe(1);
    const generations = fake.connections.flatMap((c) => c.messages).filter((m) => 'transcript' in m);
    // Both texts went out again after the failure.
    expect(generations.filter((m) => String(m.transcript).includes('your last project')).length).toBe(2);
    const expected = fake.expectedSamples('Tell me about your last project.', 16_000);
    expect(Math.abs(samples(frames) - expected) / expected).toBeLessThan(0.05);
  });

  it('ChunkedStream: the whole text through the vendor, collected by LiveKit', async () => {
    const adapter = new LiveKitTts(cartesia(), { sampleRate: 24_000, voice: 'voice-xyz', speed: 1.1 });
    const frame = await adapter.synthesize('A short answer.').collect();
    expect(frame.sampleRate).toBe(24_000);
    const expected = fake.expectedSamples('A short answer.', 24_000);
    expect(Math.abs(frame.samplesPerChannel - expected) / expected).toBeLessThan(0.05);
    const sent = [...fake.bytesRequests().map((r) => r.body), ...fake.connections.flatMap((c) => c.messages)];
    const request = sent.find((m) => String(m.transcript).includes('A short answer.'));
    expect(request).toBeDefined();
    expect(JSON.stringify(request)).toContain('voice-xyz');
  });

  it('maps a vendor 401 to a non-retryable APIStatusError and sends nothing more', async () => {
    fake.fail(401);
    const adapter = new LiveKitTts(cartesia());
    const errors: { error: Error; recoverable: boolean }[] = [];
    adapter.on('error', (error) => errors.push(error));
    const stream = adapter.synthesize('Hello.', { maxRetry: 3, retryIntervalMs: 0, timeoutMs: 5_000 });
    const frames: tts.SynthesizedAudio[] = [];
    for await (const audio of stream) frames.push(audio);
    expect(frames).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.error).toBeInstanceOf(APIStatusError);
    expect((errors[0]!.error as APIStatusError).statusCode).toBe(401);
    expect(errors[0]!.recoverable).toBe(false);
  });
});
