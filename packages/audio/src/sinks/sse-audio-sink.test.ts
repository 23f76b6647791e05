import { describe, expect, it } from 'vitest';
import { bytesLEToInt16 } from '../pcm.js';
import { SseAudioSink } from './sse-audio-sink.js';

function parse(text: string): { event: string; data: string }[] {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => ({
      event: /^event: (.*)$/m.exec(block)?.[1] ?? '',
      data: /^data: (.*)$/m.exec(block)?.[1] ?? '',
    }));
}

describe('SseAudioSink', () => {
  it('writes audio_start, base64 PCM16 LE audio events and audio_end', async () => {
    const chunks: string[] = [];
    const sink = new SseAudioSink({ writer: { write: (c) => void chunks.push(c) }, realtimeFactor: 50 });
    sink.beginTurn('t1');
    await sink.write({ samples: Int16Array.from([1, -2, 300]), sampleRate: 24_000 });
    await sink.write({ samples: Int16Array.from([4]), sampleRate: 24_000 });
    await sink.flush();
    const events = parse(chunks.join(''));
    expect(events.map((e) => e.event)).toEqual(['audio_start', 'audio', 'audio', 'audio_end']);
    expect(JSON.parse(events[0]!.data)).toEqual({ turnId: 't1', sampleRate: 24_000 });
    expect(Array.from(bytesLEToInt16(Buffer.from(events[1]!.data, 'base64')))).toEqual([1, -2, 300]);
    expect(JSON.parse(events[3]!.data)).toEqual({ turnId: 't1' });
    // Every event is one complete SSE message.
    expect(chunks.every((c) => c.endsWith('\n\n'))).toBe(true);
  });

  it('waits for a slow writer (backpressure) and keeps event order', async () => {
    const chunks: string[] = [];
    const writer = {
      write: (c: string) => new Promise<void>((resolve) => setTimeout(() => resolve(void chunks.push(c)), 5)),
    };
    const sink = new SseAudioSink({ writer, leadMs: Number.POSITIVE_INFINITY });
    for (let i = 0; i < 5; i++) void sink.write({ samples: Int16Array.from([i]), sampleRate: 16_000 });
    sink.clear();
    await sink.flush();
    const events = parse(chunks.join(''));
    // The frame in flight at clear() still arrives, then the turn ends; the rest is dropped.
    expect(events.map((e) => e.event)).toEqual(['audio_start', 'audio', 'audio_end']);
  });
});
