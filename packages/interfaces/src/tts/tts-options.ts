import type { CallOptions } from '../call-options.js';

export interface TtsOptions extends CallOptions {
  /** Sample rate of the PCM16 frames to yield; vendors resample at their edge. */
  sampleRate: number;
  voice?: string | undefined;
  model?: string | undefined;
  language?: string | undefined;
  /** 1 is normal speed. */
  speed?: number | undefined;
}
