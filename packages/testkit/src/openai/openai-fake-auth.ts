import type { IncomingHttpHeaders } from 'node:http';
import { type Vendor, type WireError, wireError } from './openai-fake-errors.js';

/**
 * `Authorization: Bearer <key>` on every request (platform.openai.com/docs/api-reference/authentication;
 * console.groq.com/docs/api-reference "Authentication"). No header: 401; a key
 * other than the fake's own (when it has one): 401 invalid_api_key. The
 * messages are the services' own.
 */
export function checkAuth(
  vendor: Vendor,
  headers: IncomingHttpHeaders,
  apiKey: string | undefined,
): WireError | undefined {
  const header = String(headers.authorization ?? '');
  const key = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (key === undefined) {
    if (vendor === 'groq') return wireError('groq', 401, 'Invalid API Key', { code: 'invalid_api_key' });
    return wireError(
      'openai',
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys.",
    );
  }
  if (apiKey !== undefined && key !== apiKey) {
    if (vendor === 'groq') return wireError('groq', 401, 'Invalid API Key', { code: 'invalid_api_key' });
    return wireError(
      'openai',
      401,
      `Incorrect API key provided: ${key.slice(0, 3)}***${key.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      { code: 'invalid_api_key' },
    );
  }
  return undefined;
}
