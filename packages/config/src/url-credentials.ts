// `scheme://user:pass@host`: the userinfo part of any URL inside a text (RFC 3986 §3.2.1).
const userinfo = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]*@/gi;

/**
 * The text with the credentials of every URL in it removed
 * (`https://user:pass@llm.internal/v1` → `https://llm.internal/v1`), so a base
 * URL can be logged, or shown in /readyz and /metrics, without its secret.
 */
export function stripUrlCredentials(text: string): string {
  // Every log line passes here: most have no URL with userinfo, and two look-ups say so at once.
  if (!text.includes('@') || !text.includes('://')) return text;
  return text.replace(userinfo, '$1');
}
