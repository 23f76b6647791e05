/**
 * PCM sample conversions. Int16 is the canonical frame format; float32 in
 * [-1, 1] is what most DSP and some vendors (Cartesia) use. On the wire, both
 * are little-endian whatever the host order is.
 */

const INT16_SCALE = 32768;

/** Typed arrays use the host's byte order; on little-endian hosts (x86, ARM as run) PCM16 bytes are the samples' memory. */
export const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Int16 samples to float32 in [-1, 1). */
export function int16ToFloat32(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! / INT16_SCALE;
  return out;
}

/** Float32 samples to Int16, rounded and clipped (values beyond [-1, 1] saturate instead of wrapping). */
export function float32ToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round(samples[i]! * INT16_SCALE);
    out[i] = Math.min(32767, Math.max(-32768, v));
  }
  return out;
}

/** Int16 samples to little-endian bytes (a copy: one memory copy on a little-endian host). */
export function int16ToBytesLE(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  if (hostIsLittleEndian) {
    out.set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
    return out;
  }
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i]!, true);
  return out;
}

/**
 * Int16 samples as little-endian bytes without a copy where the host is
 * little-endian (the same memory: later changes to the samples show in the
 * bytes), else a copy. For sending audio that is not changed afterwards.
 */
export function int16BytesLE(samples: Int16Array): Uint8Array {
  return hostIsLittleEndian
    ? new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength)
    : int16ToBytesLE(samples);
}

/**
 * Little-endian bytes to Int16 samples (a copy, so any byte offset works; one
 * memory copy on a little-endian host).
 * Throws on an odd length; use PcmByteDecoder for streams split at odd offsets.
 */
export function bytesLEToInt16(bytes: Uint8Array): Int16Array {
  if (bytes.length % 2 !== 0) throw new RangeError(`PCM16 byte length must be even, got ${bytes.length}`);
  const out = new Int16Array(bytes.length / 2);
  if (hostIsLittleEndian) {
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/**
 * Little-endian bytes as Int16 samples without a copy where the host is
 * little-endian and the bytes start at an even offset (the same memory), else
 * a copy. For received audio nobody writes to afterwards.
 */
export function int16FromBytesLE(bytes: Uint8Array): Int16Array {
  if (hostIsLittleEndian && bytes.byteOffset % 2 === 0 && bytes.length % 2 === 0)
    return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  return bytesLEToInt16(bytes);
}

/** Float32 samples to little-endian bytes (a copy). */
export function float32ToBytesLE(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) view.setFloat32(i * 4, samples[i]!, true);
  return out;
}

/** Little-endian float32 bytes to samples (a copy). Throws when the length is not a multiple of 4. */
export function bytesLEToFloat32(bytes: Uint8Array): Float32Array {
  if (bytes.length % 4 !== 0)
    throw new RangeError(`float32 byte length must be a multiple of 4, got ${bytes.length}`);
  const out = new Float32Array(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export type PcmByteEncoding = 'pcm_s16le' | 'pcm_f32le';

/**
 * Decodes a byte stream (HTTP chunks, WebSocket messages) into Int16 samples.
 * Network chunks split samples at arbitrary offsets, so the few bytes of an
 * incomplete sample are kept for the next chunk.
 */
export class PcmByteDecoder {
  readonly encoding: PcmByteEncoding;
  private readonly width: number;
  private readonly inPlace: boolean;
  private pending = noBytes;

  constructor(
    encoding: PcmByteEncoding,
    options: {
      /**
       * The caller never writes to a chunk once pushed (a message's own memory, as SDKs and
       * fetch hand it out): PCM16 samples are then read in place where aligned, not copied,
       * and share the chunk's memory. Default false: every push returns a copy.
       */
      chunksStayUnchanged?: boolean;
    } = {},
  ) {
    this.encoding = encoding;
    this.width = encoding === 'pcm_s16le' ? 2 : 4;
    this.inPlace = options.chunksStayUnchanged ?? false;
  }

  /** Bytes held back because they do not yet make a whole sample. */
  get pendingBytes(): number {
    return this.pending.length;
  }

  /** The next whole samples, as PCM16. */
  push(chunk: Uint8Array): Int16Array {
    const body = this.take(chunk);
    if (this.encoding !== 'pcm_s16le') return float32ToInt16(bytesLEToFloat32(body));
    return this.inPlace ? int16FromBytesLE(body) : bytesLEToInt16(body);
  }

  /** The next whole samples, as float32 (no precision lost before resampling a float stream). */
  pushFloat32(chunk: Uint8Array): Float32Array {
    const body = this.take(chunk);
    return this.encoding === 'pcm_f32le' ? bytesLEToFloat32(body) : int16ToFloat32(bytesLEToInt16(body));
  }

  private take(chunk: Uint8Array): Uint8Array {
    let bytes = chunk;
    if (this.pending.length > 0) {
      bytes = new Uint8Array(this.pending.length + chunk.length);
      bytes.set(this.pending, 0);
      bytes.set(chunk, this.pending.length);
    }
    const whole = bytes.length - (bytes.length % this.width);
    this.pending = whole === bytes.length ? noBytes : bytes.slice(whole);
    return bytes.subarray(0, whole);
  }

  /** Drops an incomplete trailing sample; returns how many bytes were dropped. */
  reset(): number {
    const dropped = this.pending.length;
    this.pending = noBytes;
    return dropped;
  }
}

/** Nothing pending (empty: shared, never written to). */
const noBytes = new Uint8Array(0);

/** PCM16 samples as base64 of their little-endian bytes (SSE and JSON audio messages). */
export function int16ToBase64(samples: Int16Array): string {
  const bytes = int16BytesLE(samples);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Base64 of little-endian PCM16 bytes back to samples. Throws on an odd byte count. */
export function base64ToInt16(base64: string): Int16Array {
  return bytesLEToInt16(new Uint8Array(Buffer.from(base64, 'base64')));
}
