import type { CallOptions } from '../call-options.js';

export interface AvatarSessionOptions extends CallOptions {
  faceId?: string | undefined;
  /** Hard limit on the session's length. */
  maxSessionLengthSec?: number | undefined;
  maxIdleTimeSec?: number | undefined;
}

export interface AvatarSession {
  provider: string;
  /** Handed to the browser or LiveKit client that renders the avatar. */
  sessionToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  faceId: string;
  iceServers?:
    | readonly { urls: string | readonly string[]; username?: string; credential?: string }[]
    | undefined;
}

export interface Avatar {
  readonly specificationVersion: 'v1';
  readonly provider: string;
  createSession(options?: AvatarSessionOptions): Promise<AvatarSession>;
}
