import { VendorError, type VendorErrorKind } from '@bot-backend/interfaces';

/** Status → VendorError, the mapping every reference implementation shares. */
export function statusToVendorError(vendor: string, response: Response): VendorError {
  const status = response.status;
  const make = (kind: VendorErrorKind, extra: { retryAfterMs?: number } = {}) =>
    new VendorError({ kind, vendor, message: `HTTP ${status}`, status, ...extra });
  if (status === 401 || status === 403) return make('auth');
  if (status === 429) {
    const retryAfter = Number(response.headers.get('retry-after'));
    return make('rate_limit', retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {});
  }
  if (status >= 500) return make('unavailable');
  return make('bad_request');
}

/**
 * POST with the caller's signal and a first-byte timeout; every failure
 * becomes a VendorError (cancelled, timeout, a status kind, or unavailable).
 */
export async function postOrThrow(
  vendor: string,
  url: string,
  body: Uint8Array | string,
  options: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined },
): Promise<Response> {
  const { signal, timeoutMs } = options;
  const error = (kind: VendorErrorKind, message: string) => new VendorError({ kind, vendor, message });
  if (signal?.aborted) throw error('cancelled', 'aborted before the request');
  const timeout = new AbortController();
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => timeout.abort(), timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      signal: signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal,
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw statusToVendorError(vendor, response);
    }
    return response;
  } catch (caught) {
    if (VendorError.isInstance(caught)) throw caught;
    if (signal?.aborted) throw error('cancelled', 'aborted');
    if (timeout.signal.aborted) throw error('timeout', `no answer in ${timeoutMs} ms`);
    throw error('unavailable', 'network error');
  } finally {
    clearTimeout(timer);
  }
}
