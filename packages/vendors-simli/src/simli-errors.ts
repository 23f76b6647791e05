import { VendorError, type VendorErrorKind } from '@bot-backend/interfaces';
import { simliErrorBodySchema } from './simli-options.js';

export const SIMLI_VENDOR = 'simli';

/** How long the vendor asked us to wait, from `retry-after` (seconds or an HTTP date). */
export function retryAfterMsFromHeaders(headers: Headers, now: () => number = Date.now): number | undefined {
  const raw = headers.get('retry-after');
  if (raw === null || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(raw);
  if (Number.isFinite(date)) return Math.max(0, date - now());
  return undefined;
}

export function kindOfStatus(status: number): VendorErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'unavailable';
  return 'bad_request';
}

/** What Simli said in an error body, if anything readable. */
export function describeSimliErrorBody(text: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    return trimmed === '' ? undefined : trimmed.slice(0, 200);
  }
  const parsed = simliErrorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { detail, message, error } = parsed.data;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    // FastAPI's validation items: name the field (`loc` without its leading "body") with the reason.
    const messages = detail
      .filter((item) => typeof item.msg === 'string')
      .map((item) => {
        const field = (item.loc ?? []).filter((part) => part !== 'body').join('.');
        return field ? `${field}: ${item.msg}` : String(item.msg);
      });
    if (messages.length > 0) return messages.join('; ');
  }
  return message ?? error ?? undefined;
}

/** A non-2xx answer to our VendorError. */
export function simliHttpError(
  status: number,
  headers: Headers,
  bodyText: string,
  path: string,
): VendorError {
  const kind = kindOfStatus(status);
  const detail = describeSimliErrorBody(bodyText);
  return new VendorError({
    kind,
    vendor: SIMLI_VENDOR,
    status,
    message: `${SIMLI_VENDOR}: ${path} answered ${status}${detail ? `: ${detail}` : ''}`,
    retryAfterMs: kind === 'rate_limit' ? retryAfterMsFromHeaders(headers) : undefined,
  });
}

/** fetch() failures (refused, reset, TLS) to our VendorError; aborts are decided by the caller. */
export function simliNetworkError(error: unknown, path: string): VendorError {
  if (VendorError.isInstance(error)) return error;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const text = error instanceof Error ? error.message : String(error);
  return new VendorError({
    kind: 'unavailable',
    vendor: SIMLI_VENDOR,
    message: `${SIMLI_VENDOR}: ${path} failed: ${text}${cause}`,
    cause: error,
  });
}
