import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/** node-server's bindings (`c.env`): the Node request behind the web one, when there is one. */
export function nodeRequest(env: unknown): IncomingMessage | undefined {
  const incoming = (env as { incoming?: unknown } | undefined)?.incoming;
  return typeof incoming === 'object' && incoming !== null && 'headers' in incoming && 'on' in incoming
    ? (incoming as IncomingMessage)
    : undefined;
}

// What a web Headers object trims from a value (HTTP whitespace, as undici's Headers does).
const edgeSpace = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/**
 * A request header, as `c.req.header(name)` gives it: every line of that
 * name (any case) joined by ", ". Under node-server it is read from Node's
 * raw header lines instead: `c.req.header()` would first build a web Headers
 * of all of them, which cost more than the lookups of a request together.
 * `name` is lower case.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = nodeRequest(c.env);
  if (!incoming) return c.req.header(name);
  const raw = incoming.rawHeaders;
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i] as string;
    if (key.length !== name.length || key.toLowerCase() !== name) continue;
    const line = (raw[i + 1] as string).replace(edgeSpace, '');
    value = value === undefined ? line : `${value}, ${line}`;
  }
  return value;
}
