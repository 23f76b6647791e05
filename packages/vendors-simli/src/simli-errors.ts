import { VendorError } from '@bot-backend/interfaces';
import { httpVendorError } from '@bot-backend/vendor-kit';
import { simliErrorBodySchema } from './simli-options.js';

export const SIMLI_VENDOR = 'simli';

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
  const detail = describeSimliErrorBody(bodyText);
  return httpVendorError({
    vendor: SIMLI_VENDOR,
    status,
    message: `${SIMLI_VENDOR}: ${path} answered ${status}${detail ? `: ${detail}` : ''}`,
    headers,
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
