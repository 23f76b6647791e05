const unavailableMarker = Symbol.for('@bot-backend/sandbox.SandboxUnavailableError');

/**
 * Code cannot be run here, for the reason in the message (confinement missing,
 * the supervisor restarting…): the caller should answer 503 naming it. With
 * `retryAfterMs` the condition is passing; without it, retrying will not help.
 */
export class SandboxUnavailableError extends Error {
  readonly [unavailableMarker] = true;
  override readonly name = 'SandboxUnavailableError';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
  static isInstance(error: unknown): error is SandboxUnavailableError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[unavailableMarker] === true
    );
  }
}
