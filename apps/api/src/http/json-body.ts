import type { Context } from 'hono';

/** A request body as JSON: the value, or `parsed: false` when it could not be read or does not parse. */
export type JsonBody = { parsed: true; value: unknown } | { parsed: false };

const unparsed: JsonBody = { parsed: false };
function parse(text: string): JsonBody {
  try {
    return { parsed: true, value: JSON.parse(text) };
  } catch {
    return unparsed;
  }
}

// Keyed on the request Hono made for this one request, so nothing outlives it.
const bodies = new WeakMap<object, Promise<JsonBody>>();

/**
 * The body parsed once per request, whoever asks first (a field's size limit,
 * the JSON check, the validator): `c.req.json()` would parse the text again
 * on every call. The text is read as `c.req.text()` reads it (bodyLimit has
 * it at hand under node-server), so it parses exactly as `c.req.json()` would.
 */
export function readJsonBody(c: Context): Promise<JsonBody> {
  let body = bodies.get(c.req);
  if (!body) {
    body = c.req.text().then(parse, () => unparsed);
    bodies.set(c.req, body);
  }
  return body;
}
