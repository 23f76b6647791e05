import {
  encodeFakeSamples,
  type FakeEncoding,
  type FakeToneOptions,
  fakeToneFloat32,
} from './cartesia-fake-audio.js';

/** Samples kept at most (float32: 4 bytes each, plus their chunks' base64): 16 MB of tone. */
const defaultMaxSamples = 4 * 1024 * 1024;

/**
 * The fake's rendered tones and their base64 chunks, kept for the next request
 * that asks for the same: under load every session says the same lines, so the
 * same samples at the same cursor are asked for again and again, and rendering
 * a sine and encoding it was the largest cost of a load process that shares the
 * machine with the server it measures. What goes on the wire is what a fresh
 * rendering gives. The arrays are shared: callers read them, never write.
 */
export class FakeToneCache {
  readonly #tones = new Map<string, Float32Array>();
  readonly #chunks = new WeakMap<Float32Array, Map<string, string>>();
  #samples = 0;

  constructor(
    private readonly tone: FakeToneOptions,
    private readonly maxSamples = defaultMaxSamples,
  ) {}

  /** `count` samples of the tone at `sampleRate`, its phase carried on from `startSample`. */
  samples(count: number, sampleRate: number, startSample: number): Float32Array {
    const key = `${count} ${sampleRate} ${startSample}`;
    const kept = this.#tones.get(key);
    if (kept) return kept;
    const samples = fakeToneFloat32(count, sampleRate, startSample, this.tone);
    if (count > this.maxSamples) return samples;
    // The oldest go first (a Map keeps insertion order) until the new one fits.
    for (const [oldKey, old] of this.#tones) {
      if (this.#samples + count <= this.maxSamples) break;
      this.#tones.delete(oldKey);
      this.#samples -= old.length;
    }
    this.#tones.set(key, samples);
    this.#samples += count;
    return samples;
  }

  /** `samples[from, from + length)` in `encoding`, base64 as a `chunk` message carries it. */
  base64(samples: Float32Array, from: number, length: number, encoding: FakeEncoding): string {
    const key = `${from} ${length} ${encoding}`;
    let chunks = this.#chunks.get(samples);
    const kept = chunks?.get(key);
    if (kept !== undefined) return kept;
    const encoded = encodeFakeSamples(samples.subarray(from, from + length), encoding).toString('base64');
    // Kept with their array (a weak key): they go when it goes.
    if (!chunks) {
      chunks = new Map();
      this.#chunks.set(samples, chunks);
    }
    chunks.set(key, encoded);
    return encoded;
  }
}
