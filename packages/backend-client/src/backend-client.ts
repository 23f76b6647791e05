import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { z } from 'zod';
import { linkAbort } from './abort-link.js';
import { BackendError } from './backend-errors.js';
import {
  type AgentConfig,
  agentConfigSchema,
  backendPaths,
  type EvalResultPayload,
  type HealthResponse,
  healthResponseSchema,
  postAcceptedSchema,
  type ReportPayload,
  type ResultKind,
  resultKinds,
  type TranscriptPayload,
} from './backend-schemas.js';
import { type Clock, systemClock } from './clock.js';
import {
  backoffDelayMs,
  isRetryableStatus,
  parseRetryAfterMs,
  type RetryPolicy,
  resolveRetryPolicy,
} from './retry-policy.js';
import { createServiceTokenSigner } from './service-token.js';

export interface BackendClientSettings {
  /** BACKEND_API_URL, e.g. http://user-management:8080 */
  baseUrl: string;
  /** INTERNAL_SERVICE_JWT_SECRET (≥ 32 characters, refused otherwise). */
  secret: string;
  /** Per attempt; defaults to 10 s. */
  attemptTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
  /** Uniform in [0, 1): the backoff jitter. */
  random?: () => number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides the client's policy for this call. */
  retry?: Partial<RetryPolicy>;
}

export interface PostOptions extends RequestOptions {
  /** One per logical post; a fresh one is made when omitted. Every attempt of this call sends the same key. */
  idempotencyKey?: string;
}

export interface PostResult {
  status: number;
  /** user-management's row id, when it says. */
  id: string | undefined;
  /** The key was already stored (200 duplicate or 409): accepted, nothing appended. */
  duplicate: boolean;
  attempts: number;
  idempotencyKey: string;
}

export interface BackendClient extends AsyncDisposable {
  readonly baseUrl: string;
  readonly disposed: boolean;
  health(options?: RequestOptions): Promise<HealthResponse>;
  agentConfig(meetingId: string, options?: RequestOptions): Promise<AgentConfig>;
  postEvalResult(sessionId: string, result: EvalResultPayload, options?: PostOptions): Promise<PostResult>;
  postReport(sessionId: string, report: ReportPayload, options?: PostOptions): Promise<PostResult>;
  postTranscript(
    meetingId: string,
    transcript: TranscriptPayload,
    options?: PostOptions,
  ): Promise<PostResult>;
  /** Posts an already validated body to a path (the outbox replays entries through this). */
  post(
    path: string,
    body: Record<string, unknown>,
    options: PostOptions & { idempotencyKey: string },
  ): Promise<PostResult>;
  /** Aborts calls in flight and refuses new ones. */
  dispose(): Promise<void>;
}

/** Validates a body for a kind; throws `invalid_request` naming the fields. */
export function parseResultPayload(kind: ResultKind, payload: unknown): Record<string, unknown> {
  const parsed = resultKinds[kind].schema.safeParse(payload);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(body)').join(', ');
    throw new BackendError(`${kind} body does not match the user-management contract: ${fields}`, {
      kind: 'invalid_request',
    });
  }
  return parsed.data as Record<string, unknown>;
}

export function createBackendClient(settings: BackendClientSettings): BackendClient {
  const clock = settings.clock ?? systemClock;
  const random = settings.random ?? Math.random;
  const fetchImpl = settings.fetch ?? globalThis.fetch;
  const attemptTimeoutMs = settings.attemptTimeoutMs ?? 10_000;
  const baseUrl = settings.baseUrl.replace(/\/+$/, '');
  if (!/^https?:\/\//.test(baseUrl)) {
    throw new BackendError(`BACKEND_API_URL must be an http(s) URL: ${JSON.stringify(settings.baseUrl)}`, {
      kind: 'config',
    });
  }
  const signToken = createServiceTokenSigner({ secret: settings.secret, now: () => clock.now() });
  const lifetime = new AbortController();
  // Every call in flight listens on it (and detaches when done): many at once is normal, not a leak.
  setMaxListeners(0, lifetime.signal);
  const inFlight = new Set<Promise<unknown>>();
  let disposed = false;

  const assertUsable = () => {
    if (disposed) {
      throw new BackendError(
        'backend client used after it was disposed; create a new one with createBackendClient',
        {
          kind: 'disposed',
        },
      );
    }
  };

  /** One HTTP exchange; every failure becomes a BackendError saying whether to retry. */
  async function attemptOnce<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<T>,
    body: string | undefined,
    idempotencyKey: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<{ status: number; data: T }> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${await signToken()}`,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    const link = linkAbort([lifetime.signal, signal], attemptTimeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(`${baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: link.signal,
      });
      text = await response.text();
    } catch (error) {
      if (lifetime.signal.aborted) {
        throw new BackendError('backend client was disposed during the call', { kind: 'disposed', path });
      }
      if (signal?.aborted) {
        throw new BackendError(`${method} ${path} cancelled`, { kind: 'cancelled', path, cause: error });
      }
      if (link.timedOut()) {
        throw new BackendError(`${method} ${path} took longer than ${attemptTimeoutMs} ms`, {
          kind: 'timeout',
          retryable: true,
          path,
          cause: error,
        });
      }
      const reason =
        error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : '';
      throw new BackendError(`${method} ${path} failed on the network: ${reason}`, {
        kind: 'network',
        retryable: true,
        path,
        cause: error,
      });
    } finally {
      link.dispose();
    }
    // 409 on a post: that key is already stored, which is what a retry wanted.
    const duplicate = method === 'POST' && response.status === 409;
    if (!response.ok && !duplicate) {
      const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), clock.now());
      throw new BackendError(`${method} ${path} answered ${response.status}`, {
        kind: 'http',
        status: response.status,
        retryable: isRetryableStatus(response.status),
        path,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    let json: unknown = {};
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch (error) {
        if (duplicate) json = {};
        else {
          throw new BackendError(
            `${method} ${path} answered ${response.status} with a body that is not JSON`,
            {
              kind: 'invalid_response',
              status: response.status,
              path,
              cause: error,
            },
          );
        }
      }
    }
    const parsed = schema.safeParse(duplicate ? { duplicate: true, ...(json as object) } : json);
    if (!parsed.success) {
      throw new BackendError(`${method} ${path} answered ${response.status} with an unexpected body`, {
        kind: 'invalid_response',
        status: response.status,
        path,
        cause: parsed.error,
      });
    }
    return { status: response.status, data: parsed.data };
  }

  /** The retry loop: the same key on every attempt, a fresh token on each. */
  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<T>,
    body: string | undefined,
    idempotencyKey: string | undefined,
    options: RequestOptions | undefined,
  ): Promise<{ status: number; data: T; attempts: number }> {
    assertUsable();
    const policy = resolveRetryPolicy(settings.retry, options?.retry);
    const startedAt = clock.now();
    const signal = options?.signal;
    const run = async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          const result = await attemptOnce(method, path, schema, body, idempotencyKey, signal);
          return { ...result, attempts: attempt };
        } catch (caught) {
          const error = BackendError.isInstance(caught)
            ? caught
            : new BackendError(String(caught), { kind: 'network', retryable: true, path, cause: caught });
          error.attempts = attempt;
          if (!error.retryable || attempt >= policy.maxAttempts) throw error;
          const delay =
            error.retryAfterMs === undefined
              ? backoffDelayMs(attempt, policy, random)
              : Math.min(error.retryAfterMs, policy.maxRetryAfterMs);
          if (clock.now() - startedAt + delay > policy.maxTotalMs) throw error;
          const wait = linkAbort([signal, lifetime.signal]);
          try {
            await clock.sleep(delay, wait.signal);
          } catch {
            if (lifetime.signal.aborted) {
              throw new BackendError('backend client was disposed during the call', {
                kind: 'disposed',
                path,
              });
            }
            throw new BackendError(`${method} ${path} cancelled`, {
              kind: 'cancelled',
              path,
              attempts: attempt,
            });
          } finally {
            wait.dispose();
          }
        }
      }
    };
    const promise = run();
    inFlight.add(promise);
    try {
      return await promise;
    } finally {
      inFlight.delete(promise);
    }
  }

  const post = async (
    path: string,
    body: Record<string, unknown>,
    options: PostOptions & { idempotencyKey: string },
  ): Promise<PostResult> => {
    const key = options.idempotencyKey;
    const result = await call(
      'POST',
      path,
      postAcceptedSchema,
      JSON.stringify({ ...body, idempotencyKey: key }),
      key,
      options,
    );
    return {
      status: result.status,
      id: result.data.id === null || result.data.id === undefined ? undefined : String(result.data.id),
      duplicate: result.data.duplicate === true,
      attempts: result.attempts,
      idempotencyKey: key,
    };
  };

  const postKind = async (
    kind: ResultKind,
    id: string,
    payload: unknown,
    options: PostOptions | undefined,
  ) => {
    assertUsable();
    const body = parseResultPayload(kind, payload);
    // Made here, outside the retry loop: every attempt of this logical post carries it.
    const idempotencyKey = options?.idempotencyKey ?? randomUUID();
    return post(resultKinds[kind].path(id), body, { ...options, idempotencyKey });
  };

  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    lifetime.abort(new BackendError('backend client disposed', { kind: 'disposed' }));
    await Promise.allSettled([...inFlight]);
  };

  return {
    baseUrl,
    get disposed() {
      return disposed;
    },
    health: async (options) =>
      (await call('GET', backendPaths.health(), healthResponseSchema, undefined, undefined, options)).data,
    agentConfig: async (meetingId, options) =>
      (
        await call(
          'GET',
          backendPaths.agentConfig(meetingId),
          agentConfigSchema,
          undefined,
          undefined,
          options,
        )
      ).data,
    postEvalResult: (sessionId, result, options) => postKind('eval-result', sessionId, result, options),
    postReport: (sessionId, report, options) => postKind('report', sessionId, report, options),
    postTranscript: (meetingId, transcript, options) =>
      postKind('transcript', meetingId, transcript, options),
    post: async (path, body, options) => {
      assertUsable();
      return post(path, body, options);
    },
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
