import { VendorError } from '@bot-backend/interfaces';
import { parseRetryAfter } from '@bot-backend/vendor-kit';
import { z } from 'zod';

/**
 * The error object of an OpenAI-compatible body, `{"error": {message, type, param, code}}`
 * (openai core/error.ts keeps it as `err.error`). Lenient: Groq leaves `param` out,
 * adds `failed_generation`; some servers send `{"error": "text"}`.
 */
const wireErrorSchema = z.union([
  z.string().transform((message) => ({ message, code: undefined, failed_generation: undefined })),
  z.looseObject({
    message: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
    failed_generation: z.string().nullish(),
  }),
]);

export interface WireErrorBody {
  /** The HTTP status; undefined for an error object inside a 200 stream. */
  status: number | undefined;
  message: string | undefined;
  code: string | undefined;
  /** Groq, with code `json_validate_failed`: the text the model produced (personal data). */
  failedGeneration: string | undefined;
}

/** What an SDK threw, in the terms the core maps; undefined for anything not the SDK's. */
export type SdkFailure =
  | { type: 'aborted' }
  | { type: 'timeout' }
  | { type: 'connection'; message: string }
  /** The vendor answered with an error: `errorObject` is the body's `error` member. */
  | { type: 'api'; status: number | undefined; headers: Headers | undefined; errorObject: unknown };

/** A vendor's hook from its SDK's error classes to `SdkFailure`. */
export interface OpenAICompatibleErrors {
  classify(error: unknown): SdkFailure | undefined;
}

type ErrorClass<T> = abstract new (...args: never) => T;

/** The error classes every Stainless SDK exports (openai and groq-sdk `core/error.ts`). */
export interface StainlessErrorClasses {
  APIError: ErrorClass<{ status: number | undefined; headers: Headers | undefined; error: unknown }>;
  APIConnectionError: ErrorClass<Error>;
  APIConnectionTimeoutError: ErrorClass<Error>;
  APIUserAbortError: ErrorClass<Error>;
}

/**
 * `OpenAICompatibleErrors` for a Stainless SDK. `errorObject` takes the `error` member
 * out of what the SDK kept as `err.error` (openai keeps the member, groq-sdk the whole body).
 */
export function stainlessErrors(
  classes: StainlessErrorClasses,
  errorObject: (kept: unknown) => unknown = (kept) => kept,
): OpenAICompatibleErrors {
  return {
    classify(error) {
      // Subclasses first: the abort and connection errors are APIErrors too.
      if (error instanceof classes.APIUserAbortError) return { type: 'aborted' };
      if (error instanceof classes.APIConnectionTimeoutError) return { type: 'timeout' };
      if (error instanceof classes.APIConnectionError) return { type: 'connection', message: error.message };
      if (!(error instanceof classes.APIError)) return undefined;
      return {
        type: 'api',
        status: error.status,
        headers: error.headers,
        errorObject: errorObject(error.error),
      };
    },
  };
}

/**
 * The fields we read from the body of an error the vendor answered with; undefined
 * for anything else (a network error, an abort).
 */
export function wireErrorBody(error: unknown, errors: OpenAICompatibleErrors): WireErrorBody | undefined {
  const failure = errors.classify(error);
  return failure?.type === 'api' ? readErrorObject(failure.status, failure.errorObject) : undefined;
}

function readErrorObject(status: number | undefined, errorObject: unknown): WireErrorBody {
  const parsed = wireErrorSchema.safeParse(errorObject);
  if (!parsed.success) return { status, message: undefined, code: undefined, failedGeneration: undefined };
  const { message, code, failed_generation } = parsed.data;
  return {
    status,
    message: message ?? undefined,
    code: code === null || code === undefined ? undefined : String(code),
    failedGeneration: failed_generation ?? undefined,
  };
}

/** Error codes that arrive inside a 200 stream (`data: {"error":…}`) and what they mean to us. */
function kindOfStreamErrorCode(code: string | undefined): VendorError['kind'] {
  if (code?.includes('rate_limit')) return 'rate_limit';
  if (code?.includes('content_filter') || code?.includes('content_policy')) return 'content_filter';
  return 'unavailable';
}

function kindOfStatus(status: number): VendorError['kind'] {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 408) return 'timeout';
  return status >= 500 ? 'unavailable' : 'bad_request';
}

/**
 * Maps whatever the vendor's SDK (or the network under it) threw to the one
 * VendorError. Cancellation and our own first-byte timeout are decided by the
 * caller, which knows which signal fired; this maps the rest.
 */
export function openAICompatibleErrorToVendorError(
  error: unknown,
  vendor: string,
  errors: OpenAICompatibleErrors,
): VendorError {
  if (VendorError.isInstance(error)) return error;
  const make = (kind: VendorError['kind'], message: string, status?: number, retryAfterMs?: number) =>
    new VendorError({ kind, vendor, status, retryAfterMs, message: `${vendor}: ${message}`, cause: error });
  const failure = errors.classify(error);
  if (failure?.type === 'aborted') return make('cancelled', 'request aborted');
  if (failure?.type === 'timeout') return make('timeout', 'request timed out');
  if (failure?.type === 'connection') return make('unavailable', `connection failed: ${failure.message}`);
  if (failure?.type === 'api') {
    const body = readErrorObject(failure.status, failure.errorObject);
    // Built from the body's message, not error.message: with no message the SDK puts the
    // whole body there, failed_generation (model output) included.
    const detail = body.message ?? body.code ?? 'error';
    const status = body.status;
    // No status: an error object inside a streamed 200 response.
    if (status === undefined) return make(kindOfStreamErrorCode(body.code), `stream ${detail}`);
    const kind = kindOfStatus(status);
    const retryAfterMs = kind === 'rate_limit' ? parseRetryAfter(failure.headers) : undefined;
    return make(kind, `${status} ${detail}`, status, retryAfterMs);
  }
  if (error instanceof SyntaxError) {
    // A malformed SSE data line or JSON body. Not error.message: it quotes the model's text.
    return make('unavailable', 'unreadable response from the vendor');
  }
  // undici's "terminated" / "other side closed" when the socket resets mid-body, and the like.
  return make('unavailable', error instanceof Error ? error.message : String(error));
}
