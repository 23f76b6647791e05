import { describe, expect, it } from 'vitest';
import { SpeechRun } from './speech-batching.js';

describe('SpeechRun', () => {
  it('lets audio wait after a loud frame only, up to chunkMs', () => {
    const run = new SpeechRun({ chunkMs: 40 }, 1000);
    expect(run.next(Int16Array.from({ length: 20 }, () => 3000))).toBe(40);
    expect(run.next(Int16Array.from({ length: 20 }, () => 1000))).toBeUndefined();
    expect(run.next(new Int16Array(20).fill(-2049))).toBe(40);
    expect(run.next(new Int16Array(20).fill(2048))).toBeUndefined();
    expect(new SpeechRun({ chunkMs: 40, peak: 500 }, 1000).next(new Int16Array(20).fill(-501))).toBe(40);
  });

  it('lets the first onsetMs of loud audio after a pause go as it comes, then batches; a shorter gap is no pause', () => {
    const run = new SpeechRun({ chunkMs: 40, onsetMs: 60, pauseMs: 40 }, 1000);
    const loud = () => new Int16Array(20).fill(3000);
    const soft = () => new Int16Array(20).fill(-1000);
    // The stream starts paused: 60 ms of onset (a 20 ms gap inside it counts as time), then batches.
    expect([run.next(loud()), run.next(soft()), run.next(loud()), run.next(loud())]).toEqual([
      undefined,
      undefined,
      undefined,
      40,
    ]);
    // A gap shorter than the pause: no new onset.
    expect([run.next(soft()), run.next(loud())]).toEqual([undefined, 40]);
    // A pause of 40 ms: the next 60 ms of loud audio are an onset again.
    expect([run.next(soft()), run.next(soft())]).toEqual([undefined, undefined]);
    expect([run.next(loud()), run.next(loud()), run.next(loud()), run.next(loud())]).toEqual([
      undefined,
      undefined,
      undefined,
      40,
    ]);
    // Audio below the peak found elsewhere (a quiet run's scan) counts toward a pause too.
    run.heardNotLoud(40);
    expect(run.next(loud())).toBeUndefined();
    expect(new SpeechRun({ chunkMs: 40, onsetMs: 0 }, 1000).next(new Int16Array(20).fill(-3000))).toBe(40);
  });

  it('counts time without frames as a pause (a client that sends only while someone speaks)', () => {
    const run = new SpeechRun({ chunkMs: 40, onsetMs: 40, pauseMs: 100 }, 1000);
    const loud = () => new Int16Array(20).fill(3000);
    // Frames as a microphone sends them, 20 ms apart, a few ms late at times: one onset, then batches.
    const paced = [0, 20, 43, 60, 81].map((at) => run.next(loud(), 1000 + at));
    expect(paced).toEqual([undefined, undefined, 40, 40, 40]);
    // Sent faster than real time (a burst): no pause either.
    expect(run.next(loud(), 1101)).toBe(40);
    // 150 ms with no frame: the next loud frames are an onset.
    expect([run.next(loud(), 1271), run.next(loud(), 1291), run.next(loud(), 1311)]).toEqual([
      undefined,
      undefined,
      40,
    ]);
  });
});
