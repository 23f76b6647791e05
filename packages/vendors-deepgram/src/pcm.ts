import type { AudioFrame } from '@bot-backend/interfaces';

/** PCM16 samples as little-endian bytes (the wire order), whatever the host order. */
export function samplesToBytes(samples: Int16Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i] ?? 0, true);
  return bytes;
}

/** Little-endian PCM16 bytes to samples; `bytes.length` must be even. */
export function bytesToSamples(bytes: Uint8Array): Int16Array {
  const samples = new Int16Array(bytes.length >> 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
  return samples;
}

/** Joins frames of one rate into one frame. */
export function concatFrames(frames: readonly AudioFrame[], sampleRate: number): AudioFrame {
  const total = frames.reduce((sum, frame) => sum + frame.samples.length, 0);
  const samples = new Int16Array(total);
  let offset = 0;
  for (const frame of frames) {
    samples.set(frame.samples, offset);
    offset += frame.samples.length;
  }
  return { samples, sampleRate };
}

/**
 * Linear-interpolating resampler that keeps its phase across chunks, so a
 * stream converted chunk by chunk equals the whole converted at once.
 */
export class StreamResampler {
  private readonly step: number;
  private position = 0;
  private previous: number | undefined;

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
  ) {
    this.step = fromRate / toRate;
  }

  push(input: Int16Array): Int16Array {
    if (this.fromRate === this.toRate) return input;
    // Index -1 is the last sample of the previous chunk.
    const at = (i: number): number => (i < 0 ? (this.previous ?? input[0] ?? 0) : (input[i] ?? 0));
    const out: number[] = [];
    while (this.position <= input.length - 1) {
      const base = Math.floor(this.position);
      const frac = this.position - base;
      const a = at(base);
      const b = base + 1 <= input.length - 1 ? at(base + 1) : a;
      if (base + 1 > input.length - 1 && frac > 0) break;
      out.push(Math.round(a + (b - a) * frac));
      this.position += this.step;
    }
    if (input.length > 0) {
      this.position -= input.length;
      this.previous = input[input.length - 1];
    }
    return Int16Array.from(out);
  }
}

/** A mono PCM16 WAV file (44-byte header) holding these samples. */
export function pcm16Wav(samples: Int16Array, sampleRate: number): Uint8Array {
  const data = samplesToBytes(samples);
  const wav = new Uint8Array(44 + data.length);
  const view = new DataView(wav.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) wav[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + data.length, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, data.length, true);
  wav.set(data, 44);
  return wav;
}
