import { retryableKinds, type VendorErrorKind } from './vendor-error-kind.js';

// A registered symbol, so two installed copies of this package still
// recognise each other's errors (instanceof would not).
const marker = Symbol.for('@bot-backend/interfaces.VendorError');

export interface VendorErrorOptions {
  kind: VendorErrorKind;
  vendor: string;
  message: string;
  /** HTTP status (or WebSocket close code) where the vendor gave one. */
  status?: number | undefined;
  /** For rate_limit: how long the vendor asked us to wait. */
  retryAfterMs?: number | undefined;
  /** Overrides the kind's default. */
  retryable?: boolean | undefined;
  cause?: unknown;
}

export class VendorError extends Error {
  readonly [marker] = true;
  override readonly name = 'VendorError';
  readonly kind: VendorErrorKind;
  readonly vendor: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly retryable: boolean;

  constructor(options: VendorErrorOptions) {
    super(options.message, { cause: options.cause });
    this.kind = options.kind;
    this.vendor = options.vendor;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable = options.retryable ?? retryableKinds.has(options.kind);
  }

  static isInstance(error: unknown): error is VendorError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }

  /** A plain object for logs and API bodies; never includes the cause's secrets. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      vendor: this.vendor,
      message: this.message,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      retryable: this.retryable,
    };
  }
}
