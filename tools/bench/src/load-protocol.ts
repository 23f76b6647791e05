import type { HttpLoadOptions, HttpLoadResult } from './http-load.js';
import type { VendorProfile } from './vendor-profile.js';
import type { TurnRecord } from './voice-client.js';

/** bench.ts → load process. */
export type LoadRequest =
  | { type: 'fakes'; profile: VendorProfile }
  | {
      type: 'voice';
      url: string;
      sessions: number;
      rampMs: number;
      durationMs: number;
      /** Stop once every session has this many measured turns. */
      turnsPerSession: number | undefined;
      msPerWord: number;
      endpointingMs: number;
      bargeInAfterMs: number | undefined;
    }
  | ({ type: 'http' } & HttpLoadOptions)
  | { type: 'close' };

/** Load process → bench.ts. */
export type LoadReply =
  | { type: 'ready' }
  | {
      type: 'fakes';
      stt: { url: string; apiKey: string };
      cartesia: { url: string; apiKey: string };
      openaiBaseURL: string;
    }
  | {
      type: 'voice';
      turns: TurnRecord[];
      /** When the last session had joined (the turns' clock); turns before it are left out. */
      rampedAt: number;
      speechStartedAt: number[];
      endpointingMs: number | undefined;
      errors: string[];
      loadLoopDelayP99Ms: number;
      /** CPU of the load process (fakes and candidates) over the run, of one core. */
      loadCpuPercent: number;
      /** Binary audio frames the candidates sent (20 ms each) and received (the interviewer's). */
      audioFramesToServer: number;
      audioFramesFromServer: number;
      vendorConnections: number;
    }
  | { type: 'http'; result: HttpLoadResult }
  | { type: 'closed' }
  | { type: 'failed'; message: string };
