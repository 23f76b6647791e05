import { VendorError } from '@bot-backend/interfaces';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'groq-sdk';

/**
 * How long the vendor asked us to wait, from `retry-after-ms` or `retry-after`
 * (seconds or an HTTP date). Undefined when absent or unreadable.
 */
export function retryAfterMsFromHeaders(
  headers: { get(name: string): string | null } | undefined,
  now: () => number = Date.now,
): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const raw = headers.get('retry-after');
  if (raw === null || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(raw);
  if (Number.isFinite(date)) return Math.max(0, date - now());
  return undefined;
}

export interface GroqErrorBody {
  message: string | undefined;
  code: string | undefined;
  /** With code `json_validate_failed`: the text the model produced. */
  failedGeneration: string | undefined;
}

/**
 * Unlike `openai`, groq-sdk keeps the whole wire body in `err.error`
 * (`{"error":{message,type,code}}`) and sets no `code`; read it from there.
 */
export function groqErrorBody(error: APIError): GroqErrorBody {
  const outer = error.error as { error?: unknown } | undefined;
  const inner = (typeof outer?.error === 'object' && outer.error !== null ? outer.error : outer) as
    | Record<string, unknown>
    | undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    message: text(inner?.message),
    code: text(inner?.code),
    failedGeneration: text(inner?.failed_generation),
  };
}

/** Maps whatever groq-sdk (or the network under it) threw to the one VendorError. */
export function groqErrorToVendorError(error: unknown, vendor: string): VendorError {
  if (VendorError.isInstance(error)) return error;
  if (error instanceof APIUserAbortError) {
    return new VendorError({
      kind: 'cancelled',
      vendor,
      message: `${vendor}: request aborted`,
      cause: error,
    });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new VendorError({
      kind: 'timeout',
      vendor,
      message: `${vendor}: request timed out`,
      cause: error,
    });
  }
  if (error instanceof APIConnectionError) {
    return new VendorError({
      kind: 'unavailable',
      vendor,
      message: `${vendor}: connection failed: ${error.message}`,
      cause: error,
    });
  }
  if (error instanceof APIError) {
    const status = error.status;
    const body = groqErrorBody(error);
    // Not error.message: groq-sdk puts the whole body there, failed_generation (model output) included.
    const message = `${vendor}: ${status ?? 'stream'} ${body.message ?? body.code ?? 'error'}`;
    if (status === undefined) {
      const kind = body.code?.includes('rate_limit') ? 'rate_limit' : 'unavailable';
      return new VendorError({ kind, vendor, message, cause: error });
    }
    if (status === 401 || status === 403) {
      return new VendorError({ kind: 'auth', vendor, status, message, cause: error });
    }
    if (status === 429) {
      return new VendorError({
        kind: 'rate_limit',
        vendor,
        status,
        message,
        retryAfterMs: retryAfterMsFromHeaders(error.headers),
        cause: error,
      });
    }
    if (status === 408) return new VendorError({ kind: 'timeout', vendor, status, message, cause: error });
    if (status >= 500) return new VendorError({ kind: 'unavailable', vendor, status, message, cause: error });
    return new VendorError({ kind: 'bad_request', vendor, status, message, cause: error });
  }
  if (error instanceof SyntaxError) {
    // Not error.message: it quotes the model's text, which is personal data.
    return new VendorError({
      kind: 'unavailable',
      vendor,
      message: `${vendor}: unreadable response from the vendor`,
      cause: error,
    });
  }
  // undici's "terminated" / "other side closed" when the socket resets mid-body, and the like.
  const text = error instanceof Error ? error.message : String(error);
  return new VendorError({ kind: 'unavailable', vendor, message: `${vendor}: ${text}`, cause: error });
}
