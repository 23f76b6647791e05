const marker = Symbol.for('bot-backend.backend-client.error');

/**
 * - `network`: no answer (refused, reset, dropped). Retryable.
 * - `timeout`: one attempt took longer than its limit. Retryable.
 * - `http`: user-management answered with an error status; retryable for 5xx, 408 and 429.
 * - `invalid_response`: a 2xx body that does not match the contract. Not retryable.
 * - `invalid_request`: what we were asked to send does not match the contract. Not retryable.
 * - `cancelled`: the caller's signal aborted. Not retryable.
 * - `disposed`: the client was disposed. Not retryable.
 * - `config`: the settings cannot work (a short secret). Raised at creation.
 */
export type BackendErrorKind =
  | 'network'
  | 'timeout'
  | 'http'
  | 'invalid_response'
  | 'invalid_request'
  | 'cancelled'
  | 'disposed'
  | 'config';

export interface BackendErrorOptions {
  kind: BackendErrorKind;
  retryable?: boolean;
  status?: number;
  retryAfterMs?: number;
  path?: string;
  attempts?: number;
  cause?: unknown;
}

export class BackendError extends Error {
  readonly [marker] = true;
  override readonly name = 'BackendError';
  readonly kind: BackendErrorKind;
  readonly retryable: boolean;
  readonly status: number | undefined;
  /** From Retry-After, when user-management sent one. */
  readonly retryAfterMs: number | undefined;
  readonly path: string | undefined;
  /** How many attempts were made before giving up (0 when none was). */
  attempts: number;

  constructor(message: string, options: BackendErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = options.kind;
    this.retryable = options.retryable ?? false;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.path = options.path;
    this.attempts = options.attempts ?? 0;
  }

  /** Works across two installed copies of this package, unlike instanceof. */
  static isInstance(value: unknown): value is BackendError {
    return typeof value === 'object' && value !== null && marker in value;
  }
}
