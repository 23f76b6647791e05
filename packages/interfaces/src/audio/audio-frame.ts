/**
 * The one canonical audio frame: PCM signed 16-bit, mono, at `sampleRate`.
 * `samples` holds host-order Int16 values; on the wire they are little-endian.
 * Vendors convert to and from their own encodings at their edge.
 */
export interface AudioFrame {
  readonly samples: Int16Array;
  readonly sampleRate: number;
}
