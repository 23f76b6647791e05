import type { AudioFrame } from '@bot-backend/interfaces';
import { float32ToInt16, int16ToFloat32 } from './pcm.js';

/**
 * Band-limited resampling (windowed sinc, Kaiser window), after J. O. Smith's
 * "Digital Audio Resampling": each output sample is a weighted sum of the input
 * around its position. When downsampling, the sinc is stretched so it also low-passes
 * below the new Nyquist frequency, so content above it is removed instead of folding back (aliasing).
 */

export interface ResamplerOptions {
  /** Zero crossings of the sinc on each side; more is sharper and slower. Default 16. */
  zeroCrossings?: number;
  /** Cutoff as a fraction of the lower Nyquist frequency; default 0.9. */
  rolloff?: number;
}

const TABLE_RESOLUTION = 512;
const KAISER_BETA = 8.6;
const tableCache = new Map<number, Float64Array>();

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const half = x / 2;
  for (let k = 1; k < 50; k++) {
    term *= (half / k) * (half / k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/** sinc(x) * kaiser(x / zeroCrossings), sampled at 1/TABLE_RESOLUTION steps of x in [0, zeroCrossings]. */
function kernelTable(zeroCrossings: number): Float64Array {
  const cached = tableCache.get(zeroCrossings);
  if (cached) return cached;
  const size = zeroCrossings * TABLE_RESOLUTION;
  // Two extra zero entries let the interpolation read index+1 at the very edge.
  const table = new Float64Array(size + 2);
  const norm = besselI0(KAISER_BETA);
  for (let i = 0; i <= size; i++) {
    const x = i / TABLE_RESOLUTION;
    const r = x / zeroCrossings;
    const window = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / norm;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    table[i] = sinc * window;
  }
  tableCache.set(zeroCrossings, table);
  return table;
}

/**
 * A streaming resampler: feed chunks of any size, get the output that is
 * ready; state carries across chunks, so chunked output equals one-shot output.
 * Output lags input by about `zeroCrossings` input samples until flush().
 */
export class Resampler {
  readonly fromRate: number;
  readonly toRate: number;
  private readonly table: Float64Array;
  private readonly fc: number;
  private readonly halfWidth: number;
  private readonly zeroCrossings: number;
  private buffer = new Float32Array(0);
  /** Absolute input index of buffer[0]. */
  private bufferStart = 0;
  private totalIn = 0;
  /** Absolute index of the next output sample. */
  private nextOut = 0;

  constructor(fromRate: number, toRate: number, options: ResamplerOptions = {}) {
    if (!(fromRate > 0) || !(toRate > 0) || !Number.isInteger(fromRate) || !Number.isInteger(toRate)) {
      throw new RangeError(`sample rates must be positive integers, got ${fromRate} -> ${toRate}`);
    }
    this.fromRate = fromRate;
    this.toRate = toRate;
    this.zeroCrossings = options.zeroCrossings ?? 16;
    this.table = kernelTable(this.zeroCrossings);
    this.fc = Math.min(1, toRate / fromRate) * (options.rolloff ?? 0.9);
    this.halfWidth = this.zeroCrossings / this.fc;
  }

  /** Resample the next chunk; returns the output samples that are complete so far. */
  process(input: Float32Array): Float32Array {
    if (this.fromRate === this.toRate) {
      this.totalIn += input.length;
      this.nextOut += input.length;
      return input.slice();
    }
    this.append(input);
    return this.produce(false);
  }

  /** End of stream: emit the tail (the future is taken as silence). The resampler is then reset. */
  flush(): Float32Array {
    if (this.fromRate === this.toRate) {
      this.reset();
      return new Float32Array(0);
    }
    const out = this.produce(true);
    this.reset();
    return out;
  }

  /** Forget all state (after a barge-in, or to start a new stream). */
  reset(): void {
    this.buffer = new Float32Array(0);
    this.bufferStart = 0;
    this.totalIn = 0;
    this.nextOut = 0;
  }

  private append(input: Float32Array): void {
    // Keep only the history the next output still needs, then add the new input.
    const lowest = Math.max(0, Math.ceil(this.timeOf(this.nextOut) - this.halfWidth));
    const keepFrom = Math.min(Math.max(0, lowest - this.bufferStart), this.buffer.length);
    const kept = this.buffer.subarray(keepFrom);
    const next = new Float32Array(kept.length + input.length);
    next.set(kept, 0);
    next.set(input, kept.length);
    this.buffer = next;
    this.bufferStart += keepFrom;
    this.totalIn += input.length;
  }

  /** Input position (in input samples) of output sample k; exact rational arithmetic avoids drift. */
  private timeOf(k: number): number {
    return (k * this.fromRate) / this.toRate;
  }

  private produce(final: boolean): Float32Array {
    const { fc, halfWidth, table, buffer, bufferStart, totalIn } = this;
    const limit = final
      ? Math.ceil((totalIn * this.toRate) / this.fromRate)
      : // Every input sample an output depends on must have arrived.
        Math.max(0, Math.ceil(((totalIn - 1 - halfWidth) * this.toRate) / this.fromRate));
    const count = Math.max(0, limit - this.nextOut);
    const out = new Float32Array(count);
    const scale = fc * TABLE_RESOLUTION;
    for (let j = 0; j < count; j++) {
      const t = this.timeOf(this.nextOut + j);
      const lo = Math.max(0, Math.ceil(t - halfWidth), bufferStart);
      const hi = Math.min(totalIn - 1, Math.floor(t + halfWidth));
      let acc = 0;
      for (let i = lo; i <= hi; i++) {
        const d = Math.abs(t - i) * scale;
        const idx = d | 0;
        const a = table[idx]!;
        acc += buffer[i - bufferStart]! * (a + (d - idx) * (table[idx + 1]! - a));
      }
      out[j] = acc * fc;
    }
    this.nextOut += count;
    return out;
  }
}

/** Resampler over PCM16 samples (converts to float internally). */
export class Pcm16Resampler {
  private readonly inner: Resampler;

  constructor(fromRate: number, toRate: number, options?: ResamplerOptions) {
    this.inner = new Resampler(fromRate, toRate, options);
  }

  get fromRate(): number {
    return this.inner.fromRate;
  }

  get toRate(): number {
    return this.inner.toRate;
  }

  process(input: Int16Array): Int16Array {
    return float32ToInt16(this.inner.process(int16ToFloat32(input)));
  }

  flush(): Int16Array {
    return float32ToInt16(this.inner.flush());
  }

  reset(): void {
    this.inner.reset();
  }
}

/** One-shot float32 resampling. */
export function resampleFloat32(
  samples: Float32Array,
  fromRate: number,
  toRate: number,
  options?: ResamplerOptions,
): Float32Array {
  if (fromRate === toRate) return samples.slice();
  const resampler = new Resampler(fromRate, toRate, options);
  const head = resampler.process(samples);
  const tail = resampler.flush();
  const out = new Float32Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}

/** One-shot PCM16 resampling. */
export function resamplePcm16(
  samples: Int16Array,
  fromRate: number,
  toRate: number,
  options?: ResamplerOptions,
): Int16Array {
  if (fromRate === toRate) return samples.slice();
  return float32ToInt16(resampleFloat32(int16ToFloat32(samples), fromRate, toRate, options));
}

/** A whole frame at another sample rate (for complete utterances; use Pcm16Resampler for streams). */
export function resampleFrame(frame: AudioFrame, toRate: number, options?: ResamplerOptions): AudioFrame {
  return { samples: resamplePcm16(frame.samples, frame.sampleRate, toRate, options), sampleRate: toRate };
}
