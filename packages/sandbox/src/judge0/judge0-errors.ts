const remoteMarker = Symbol.for('@bot-backend/sandbox.SandboxRemoteError');

/**
 * - `unavailable`: the server is down, unreachable, too slow, or failed inside (5xx, Internal Error); retry later.
 * - `auth`: the server refused our token (401/403).
 * - `refused`: the server refused the submission as we sent it (400/422), e.g. a limit above its maximum.
 * - `protocol`: the answer was not what the API documents (not JSON, too large, unknown shape).
 */
export type SandboxRemoteErrorKind = 'unavailable' | 'auth' | 'refused' | 'protocol';

/** The remote code runner could not run the code; nothing is known about the candidate's program. */
export class SandboxRemoteError extends Error {
  readonly [remoteMarker] = true;
  override readonly name = 'SandboxRemoteError';
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly kind: SandboxRemoteErrorKind,
    message: string,
    options: { status?: number | undefined; retryAfterMs?: number | undefined; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = kind === 'unavailable';
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs ?? (this.retryable ? 5_000 : undefined);
  }

  static isInstance(error: unknown): error is SandboxRemoteError {
    return (
      typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[remoteMarker] === true
    );
  }
}
