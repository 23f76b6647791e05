import type { CallOptions } from '../call-options.js';

export interface SttOptions extends CallOptions {
  /** Sample rate of the PCM16 frames that will be pushed. */
  sampleRate: number;
  /** BCP-47, e.g. `en` or `en-US`. */
  language?: string | undefined;
  model?: string | undefined;
  interimResults?: boolean | undefined;
  /** Silence after which the vendor may declare end of turn. */
  endpointingMs?: number | undefined;
  /** Words to boost (names, technical terms). */
  keywords?: readonly string[] | undefined;
}
