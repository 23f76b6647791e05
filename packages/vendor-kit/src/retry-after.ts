/** Anything with a case-insensitive `get`, as `Headers` and the SDKs' header objects have. */
export interface HeaderSource {
  get(name: string): string | null | undefined;
}

/**
 * How long a vendor asked us to wait, in ms: `retry-after-ms` (OpenAI's and
 * Groq's own, milliseconds) first, then `retry-after` as seconds or an HTTP
 * date (RFC 9110 §10.2.3). Undefined when absent or unreadable, never negative.
 */
export function parseRetryAfter(
  headers: HeaderSource | undefined,
  now: () => number = Date.now,
): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const raw = headers.get('retry-after');
  if (raw === null || raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  // A number is seconds; a negative one is unreadable, not a date.
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  const date = Date.parse(raw);
  if (Number.isFinite(date)) return Math.max(0, date - now());
  return undefined;
}
