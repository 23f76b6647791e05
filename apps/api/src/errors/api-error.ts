import type { ApiErrorCode } from './error-codes.js';

const marker = Symbol.for('@bot-backend/api.ApiError');

export interface ApiErrorDetail {
  /** Dotted path into the input, e.g. `question.minWords`; empty for the whole input. */
  path: string;
  message: string;
}

export interface ApiErrorOptions {
  status: number;
  /** Stable, machine-readable, one of `apiErrorCodes`: `not_found`, `validation_failed`, … */
  code: ApiErrorCode;
  message: string;
  details?: readonly ApiErrorDetail[] | undefined;
  /** Extra response headers, e.g. retry-after. */
  headers?: Readonly<Record<string, string>> | undefined;
  cause?: unknown;
}

/** Thrown by handlers for an expected failure; the error handler renders it as is. */
export class ApiError extends Error {
  readonly [marker] = true;
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details: readonly ApiErrorDetail[] | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(options: ApiErrorOptions) {
    super(options.message, { cause: options.cause });
    this.status = options.status;
    this.code = options.code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  static isInstance(error: unknown): error is ApiError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
