import { VendorError } from '@bot-backend/interfaces';
import { parseRetryAfter } from '@bot-backend/vendor-kit';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
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

/**
 * The fields we read from the body of an error the vendor answered with (the SDK's
 * `APIError`); undefined for anything else (a network error, an abort). A vendor
 * package reads its own error codes through this, so it needs no `openai` import.
 */
export function wireErrorBody(error: unknown): WireErrorBody | undefined {
  if (
    !(error instanceof APIError) ||
    error instanceof APIConnectionError ||
    error instanceof APIUserAbortError
  ) {
    return undefined;
  }
  const status = error.status;
  const parsed = wireErrorSchema.safeParse(error.error);
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
 * Maps whatever the `openai` SDK (or the network under it) threw to the one
 * VendorError. Cancellation and our own first-byte timeout are decided by the
 * caller, which knows which signal fired; this maps the rest.
 */
export function openAICompatibleErrorToVendorError(error: unknown, vendor: string): VendorError {
  if (VendorError.isInstance(error)) return error;
  const make = (kind: VendorError['kind'], message: string, status?: number, retryAfterMs?: number) =>
    new VendorError({ kind, vendor, status, retryAfterMs, message: `${vendor}: ${message}`, cause: error });
  if (error instanceof APIUserAbortError) return make('cancelled', 'request aborted');
  if (error instanceof APIConnectionTimeoutError) return make('timeout', 'request timed out');
  if (error instanceof APIConnectionError) return make('unavailable', `connection failed: ${error.message}`);
  const body = wireErrorBody(error);
  if (body) {
    // Built from the body's message, not error.message: with no message the SDK puts the
    // whole body there, failed_generation (model output) included.
    const detail = body.message ?? body.code ?? 'error';
    const status = body.status;
    // No status: an error object inside a streamed 200 response.
    if (status === undefined) return make(kindOfStreamErrorCode(body.code), `stream ${detail}`);
    const kind = kindOfStatus(status);
    const retryAfterMs =
      kind === 'rate_limit' && error instanceof APIError ? parseRetryAfter(error.headers) : undefined;
    return make(kind, `${status} ${detail}`, status, retryAfterMs);
  }
  if (error instanceof SyntaxError) {
    // A malformed SSE data line or JSON body. Not error.message: it quotes the model's text.
    return make('unavailable', 'unreadable response from the vendor');
  }
  // undici's "terminated" / "other side closed" when the socket resets mid-body, and the like.
  return make('unavailable', error instanceof Error ? error.message : String(error));
}
