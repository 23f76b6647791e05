import type { AudioFrame } from '@bot-backend/interfaces';

/**
 * WAV (RIFF) encode/decode. We write canonical 44-byte PCM16 headers; we read
 * PCM 8/16/24/32-bit and float 32/64-bit, including WAVE_FORMAT_EXTENSIBLE and
 * extra chunks (LIST, fact) before `data`.
 */

export const WAV_HEADER_BYTES = 44;

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

export interface WavEncodeInput {
  /** Interleaved PCM16 samples (frame-major: L R L R … for stereo). */
  samples: Int16Array;
  sampleRate: number;
  /** 1 (mono, default) or 2 (stereo). */
  channels?: number;
}

/** The canonical 44-byte header of a PCM16 WAV holding `dataBytes` bytes of samples. */
export function wavHeader(options: { dataBytes: number; sampleRate: number; channels?: number }): Uint8Array {
  const channels = options.channels ?? 1;
  const header = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(header.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) header[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  // RIFF size and data size are 32-bit; clamp rather than wrap for huge streams.
  view.setUint32(4, Math.min(0xffffffff, 36 + options.dataBytes), true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, options.sampleRate, true);
  view.setUint32(28, options.sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, Math.min(0xffffffff, options.dataBytes), true);
  return header;
}

/** A complete PCM16 WAV file. */
export function encodeWav(input: WavEncodeInput): Uint8Array {
  const channels = input.channels ?? 1;
  if (channels !== 1 && channels !== 2) throw new RangeError(`WAV channels must be 1 or 2, got ${channels}`);
  if (input.samples.length % channels !== 0) {
    throw new RangeError('interleaved sample count must be a multiple of the channel count');
  }
  const dataBytes = input.samples.length * 2;
  const out = new Uint8Array(WAV_HEADER_BYTES + dataBytes);
  out.set(wavHeader({ dataBytes, sampleRate: input.sampleRate, channels }), 0);
  const view = new DataView(out.buffer);
  for (let i = 0; i < input.samples.length; i++)
    view.setInt16(WAV_HEADER_BYTES + i * 2, input.samples[i]!, true);
  return out;
}

/** A PCM16 mono WAV file of one frame. */
export function encodeWavFrame(frame: AudioFrame): Uint8Array {
  return encodeWav({ samples: frame.samples, sampleRate: frame.sampleRate, channels: 1 });
}

export interface DecodedWav {
  sampleRate: number;
  channels: number;
  /** Bits per sample in the file (8, 16, 24, 32 or 64). */
  bitsPerSample: number;
  /** `pcm` (integer) or `float`. */
  format: 'pcm' | 'float';
  /** Interleaved samples converted to PCM16. */
  samples: Int16Array;
}

export class WavFormatError extends Error {
  override readonly name = 'WavFormatError';
}

function fourcc(view: DataView, offset: number): string {
  return String.fromCharCode(
    view.getUint8(offset),
    view.getUint8(offset + 1),
    view.getUint8(offset + 2),
    view.getUint8(offset + 3),
  );
}

function clip16(v: number): number {
  const r = Math.round(v);
  return Math.min(32767, Math.max(-32768, r));
}

/** Decode a WAV file to interleaved PCM16. Throws WavFormatError for anything else. */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || fourcc(view, 0) !== 'RIFF' || fourcc(view, 8) !== 'WAVE') {
    throw new WavFormatError('not a RIFF/WAVE file');
  }
  let format: { code: number; channels: number; sampleRate: number; bits: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = fourcc(view, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new WavFormatError('truncated fmt chunk');
      let code = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format code at the start of its sub-format GUID.
      if (code === FORMAT_EXTENSIBLE && size >= 40) code = view.getUint16(body + 24, true);
      format = {
        code,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!format) throw new WavFormatError('data chunk before fmt chunk');
      // Streamed WAVs leave the size at 0 or 0xFFFFFFFF: take the rest of the file.
      const available = bytes.length - body;
      const length = size === 0 || size === 0xffffffff || size > available ? available : size;
      return decodeData(view, body, length, format);
    }
    // Chunks are padded to an even size.
    offset = body + size + (size % 2);
  }
  throw new WavFormatError(format ? 'no data chunk' : 'no fmt chunk');
}

function decodeData(
  view: DataView,
  start: number,
  length: number,
  format: { code: number; channels: number; sampleRate: number; bits: number },
): DecodedWav {
  const { code, channels, sampleRate, bits } = format;
  if (channels < 1) throw new WavFormatError('zero channels');
  if (!(sampleRate > 0)) throw new WavFormatError('zero sample rate');
  const width = bits / 8;
  const isFloat = code === FORMAT_FLOAT;
  const supported =
    (code === FORMAT_PCM && [8, 16, 24, 32].includes(bits)) || (isFloat && [32, 64].includes(bits));
  if (!supported) throw new WavFormatError(`unsupported WAV format code ${code} with ${bits} bits`);
  const frameBytes = width * channels;
  const count = Math.floor(length / frameBytes) * channels;
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    const at = start + i * width;
    let v: number;
    if (isFloat) v = (bits === 32 ? view.getFloat32(at, true) : view.getFloat64(at, true)) * 32768;
    else if (bits === 8) v = (view.getUint8(at) - 128) * 256;
    else if (bits === 16) v = view.getInt16(at, true);
    else if (bits === 24)
      v = ((view.getUint8(at + 2) << 24) | (view.getUint8(at + 1) << 16) | (view.getUint8(at) << 8)) >> 16;
    else v = view.getInt32(at, true) / 65536;
    samples[i] = clip16(v);
  }
  return { sampleRate, channels, bitsPerSample: bits, format: isFloat ? 'float' : 'pcm', samples };
}

/** Average interleaved channels into one (mono passes through as a copy). */
export function downmixToMono(samples: Int16Array, channels: number): Int16Array {
  if (channels === 1) return samples.slice();
  const frames = Math.floor(samples.length / channels);
  const out = new Int16Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += samples[f * channels + c]!;
    out[f] = Math.round(sum / channels);
  }
  return out;
}

/** Decode a WAV file into the canonical mono PCM16 frame. */
export function decodeWavToFrame(bytes: Uint8Array): AudioFrame {
  const wav = decodeWav(bytes);
  return { samples: downmixToMono(wav.samples, wav.channels), sampleRate: wav.sampleRate };
}
