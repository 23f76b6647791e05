import { SandboxBusyError } from '../execution-queue.js';
import { SandboxRemoteError } from './judge0-errors.js';

export interface Judge0ClientOptions {
  /** Base URL of the Judge0 CE server, e.g. https://judge0.internal:2358 */
  url: string;
  /** AUTHN_TOKEN of the server, sent in `authHeader`; omit when the server has no authentication. */
  authToken?: string | undefined;
  /** AUTHN_HEADER of the server; Judge0's default is X-Auth-Token. */
  authHeader: string;
  /** Longest wait for one HTTP exchange. */
  requestTimeoutMs: number;
  fetch: typeof fetch;
}

/**
 * One HTTP exchange with Judge0 CE (judge0/judge0 docs/api), every byte of
 * the answer bounded by `maxBytes`, every failure turned into an error the
 * caller can act on:
 * - 401/403: AUTHN/AUTHZ refused the token (docs/api/authentication/authentication.md, sessions_controller.rb);
 * - 422: the submission's field errors, `{field: [messages]}` (submissions_controller.rb#create);
 * - 400: `{error}` for a refused option (wait, fields, batch size);
 * - 503 `{"error":"queue is full"}` (check_queue_size) and 429 (a proxy's rate limit): busy, retry after;
 * - other 5xx, network errors and timeouts: the server is unavailable, retry later.
 * The caller's abort is passed through untouched (its reason is thrown).
 */
export async function judge0Request(
  client: Judge0ClientOptions,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; signal?: AbortSignal | undefined; maxBytes: number },
): Promise<unknown> {
  const timeout = AbortSignal.timeout(client.requestTimeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (client.authToken) headers[client.authHeader] = client.authToken;
  let text: string;
  let response: Response;
  try {
    response = await client.fetch(new URL(path, withSlash(client.url)), {
      method,
      headers,
      signal,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    text = await readBounded(response, options.maxBytes);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (SandboxRemoteError.isInstance(error)) throw error;
    const reason = timeout.aborted ? `no answer within ${client.requestTimeoutMs} ms` : describe(error);
    throw new SandboxRemoteError('unavailable', `the Judge0 server could not be reached: ${reason}`, {
      cause: error,
    });
  }
  const status = response.status;
  if (status >= 200 && status < 300) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new SandboxRemoteError(
        'protocol',
        `the Judge0 server answered ${status} with a body that is not JSON`,
        {
          status,
        },
      );
    }
  }
  const retryAfterMs = retryAfter(response.headers.get('retry-after'));
  const body = parseOrUndefined(text);
  if (status === 401 || status === 403) {
    throw new SandboxRemoteError('auth', `the Judge0 server refused our token (${status})`, { status });
  }
  if (status === 429 || (status === 503 && errorText(body) === 'queue is full')) {
    throw new SandboxBusyError(retryAfterMs ?? 2_000);
  }
  if (status === 422 || status === 400) {
    throw new SandboxRemoteError(
      'refused',
      `the Judge0 server refused the submission (${status}): ${reasons(body)}`,
      {
        status,
      },
    );
  }
  const detail = errorText(body);
  throw new SandboxRemoteError(
    'unavailable',
    `the Judge0 server answered ${status}${detail ? `: ${detail.slice(0, 200)}` : ''}`,
    { status, retryAfterMs },
  );
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Reads at most `maxBytes`; a longer answer is cut off and refused, never buffered whole. */
async function readBounded(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(maxBytes, response.status);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes, response.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(maxBytes: number, status: number): SandboxRemoteError {
  return new SandboxRemoteError('protocol', `the Judge0 server answered more than ${maxBytes} bytes`, {
    status,
  });
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorText(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  return typeof error === 'string' ? error : undefined;
}

/** `{"memory_limit": ["must be less than or equal to 512000"]}` → "memory_limit must be less than or equal to 512000". */
function reasons(body: unknown): string {
  const error = errorText(body);
  if (error) return error.slice(0, 300);
  if (typeof body !== 'object' || body === null) return 'no reason given';
  const parts = Object.entries(body as Record<string, unknown>).flatMap(([field, messages]) =>
    (Array.isArray(messages) ? messages : [messages]).map((message) => `${field} ${String(message)}`),
  );
  return parts.join('; ').slice(0, 300) || 'no reason given';
}

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}
