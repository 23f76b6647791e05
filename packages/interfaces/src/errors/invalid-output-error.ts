const marker = Symbol.for('@bot-backend/interfaces.InvalidOutputError');

/**
 * A model answered, but not in the requested shape, even after the one repair
 * attempt. Distinct from VendorError: the vendor worked, the output did not.
 */
export class InvalidOutputError extends Error {
  readonly [marker] = true;
  override readonly name = 'InvalidOutputError';
  readonly provider: string;
  /** The raw text of the last attempt, for logs under a pii key. */
  readonly text: string;
  /** Human-readable validation problems of the last attempt. */
  readonly issues: readonly string[];

  constructor(options: { provider: string; text: string; issues: readonly string[]; cause?: unknown }) {
    super(`${options.provider}: output did not match the schema: ${options.issues.slice(0, 5).join('; ')}`, {
      cause: options.cause,
    });
    this.provider = options.provider;
    this.text = options.text;
    this.issues = options.issues;
  }

  static isInstance(error: unknown): error is InvalidOutputError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
