import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { startLoopbackServer } from '../loopback/loopback-server.js';
import type { LoopbackServer, RecordedRequest } from '../loopback/loopback-types.js';
import { sendJson } from '../loopback/sse-response.js';
import {
  type Judge0FakeConfig,
  type Judge0FakeLanguage,
  judge0DefaultConfig,
  judge0DefaultLanguages,
  judge0Statuses,
} from './judge0-fake-config.js';
import {
  defaultTools,
  type ExecutionTools,
  executeSubmission,
  internalError,
  type Judge0Outcome,
} from './judge0-fake-execution.js';
import {
  badRequestBody,
  conversionError,
  notFoundBody,
  parseJsonObject,
  serializeSubmission,
} from './judge0-fake-serialize.js';
import { type Judge0Submission, requestedFields, validateSubmission } from './judge0-fake-validation.js';

/**
 * A loopback Judge0 CE speaking its submissions API (judge0/judge0
 * docs/api/submissions/*.md, config/routes.rb, submissions_controller.rb):
 * `POST /submissions` (wait or not), `GET /submissions/{token}`, the batch
 * pair, `GET /languages`, `GET /statuses`, `GET /config_info`; AUTHN with
 * `X-Auth-Token` (sessions_controller.rb). Programs really run, in child
 * processes on this machine (judge0-fake-execution.ts), a few at a time like
 * Judge0's workers, with statuses moving In Queue → Processing → result.
 */

export interface Judge0FakeOptions {
  /** AUTHN_TOKEN: when set, every request needs it (several tokens separated by spaces, as judge0.conf allows). */
  authToken?: string;
  /** AUTHN_HEADER; default X-Auth-Token. */
  authHeader?: string;
  config?: Partial<Judge0FakeConfig>;
  languages?: Judge0FakeLanguage[];
  /** Runs at once (Judge0's worker count). Default 2. */
  workers?: number;
  tools?: Partial<ExecutionTools>;
  /**
   * SUBMISSION_CACHE_DURATION in ms: GET /submissions/{token} answers what the
   * submission was when first read within this window (submissions_controller.rb#show
   * reads through Rails.cache; Judge0's default is 1 s). Default 0 here, so tests stay quick.
   */
  submissionCacheMs?: number;
}

export interface Judge0FakeSubmissionRecord {
  token: string;
  /** The submission as validated and decoded (source_code, stdin in clear). */
  submission: Judge0Submission;
  request: RecordedRequest;
  status_id: number;
  outcome?: Judge0Outcome;
  created_at: string;
  finished_at: string | null;
}

export interface Judge0Fake {
  readonly server: LoopbackServer;
  /** Base URL ('http://127.0.0.1:PORT'). */
  readonly url: string;
  readonly config: Judge0FakeConfig;
  /** Accepted submissions in arrival order. */
  submissions(): Judge0FakeSubmissionRecord[];
  /** Runs waiting and running now. */
  load(): { queued: number; running: number };
  /** The next matching request answers this status (Retry-After when given) instead of being served. */
  fail(
    status: number,
    options?: { path?: string | RegExp; method?: string; body?: unknown; retryAfterSec?: number },
  ): void;
  /** The next matching request is never answered. */
  stall(match?: { path?: string | RegExp; method?: string }): void;
  /** The next matching request has its socket destroyed. */
  drop(match?: { path?: string | RegExp; method?: string }): void;
  reset(): void;
  openConnections(): number;
  close(): Promise<void>;
}

export async function startJudge0Fake(options: Judge0FakeOptions = {}): Promise<Judge0Fake> {
  const server = await startLoopbackServer();
  const config: Judge0FakeConfig = { ...judge0DefaultConfig, ...options.config };
  const languages = options.languages ?? judge0DefaultLanguages;
  const tools: ExecutionTools = { ...defaultTools(), ...options.tools };
  const workers = options.workers ?? 2;
  const authHeader = (options.authHeader ?? 'X-Auth-Token').toLowerCase();
  const tokens = (options.authToken ?? '').split(/\s+/).filter(Boolean);
  const records = new Map<string, Judge0FakeSubmissionRecord>();
  const order: Judge0FakeSubmissionRecord[] = [];
  const waiting: Judge0FakeSubmissionRecord[] = [];
  const finished = new Map<string, Array<() => void>>();
  let running = 0;
  let closed = false;

  // sessions_controller.rb#authenticate_request: header or query parameter, compared in constant time; 401 with no body.
  const authenticated = (req: RecordedRequest): boolean => {
    if (tokens.length === 0) return true;
    const header = req.headers[authHeader];
    const provided =
      (typeof header === 'string' ? header : undefined) ??
      req.query.get(options.authHeader ?? 'X-Auth-Token') ??
      '';
    return tokens.some((token) => {
      const a = Buffer.from(token);
      const b = Buffer.from(provided);
      return a.length === b.length && timingSafeEqual(a, b);
    });
  };

  const guard =
    (handler: (req: RecordedRequest, res: ServerResponse) => void | Promise<void>) =>
    async (req: RecordedRequest, res: ServerResponse) => {
      if (!authenticated(req)) {
        res.writeHead(401).end();
        return;
      }
      await handler(req, res);
    };

  // submissions_controller.rb#set_base64_encoded
  const base64Of = (req: RecordedRequest): boolean =>
    config.disable_implicit_base64_encoding
      ? req.query.get('base64_encoded') === 'true'
      : req.query.get('base64_encoded') !== 'false';

  const pump = () => {
    while (!closed && running < workers && waiting.length > 0) {
      const record = waiting.shift()!;
      running += 1;
      record.status_id = 2;
      const language = languages.find((l) => l.id === record.submission.language_id);
      const work = language?.run
        ? executeSubmission(record.submission, language.run, tools, config.max_wall_time_limit)
        : Promise.resolve(internalError(`the fake cannot run ${language?.name ?? 'this language'}`));
      work
        .catch((error: unknown) => internalError(error instanceof Error ? error.message : String(error)))
        .then((outcome) => {
          running -= 1;
          record.outcome = outcome;
          record.status_id = outcome.status_id;
          record.finished_at = new Date().toISOString();
          for (const notify of finished.get(record.token) ?? []) notify();
          finished.delete(record.token);
          pump();
        });
    }
  };

  const enqueue = (submission: Judge0Submission, req: RecordedRequest): Judge0FakeSubmissionRecord => {
    const record: Judge0FakeSubmissionRecord = {
      token: randomUUID(),
      submission,
      request: req,
      status_id: 1,
      created_at: new Date().toISOString(),
      finished_at: null,
    };
    records.set(record.token, record);
    order.push(record);
    waiting.push(record);
    pump();
    return record;
  };

  const done = (record: Judge0FakeSubmissionRecord): Promise<void> =>
    record.outcome
      ? Promise.resolve()
      : new Promise((resolve) => {
          const list = finished.get(record.token) ?? [];
          list.push(resolve);
          finished.set(record.token, list);
        });

  const serialize = (record: Judge0FakeSubmissionRecord, fields: string[], base64: boolean) =>
    serializeSubmission(record, fields, base64, languages);

  const snapshots = new Map<string, { at: number; record: Judge0FakeSubmissionRecord }>();
  const cached = (token: string): Judge0FakeSubmissionRecord | undefined => {
    const record = records.get(token);
    const cacheMs = options.submissionCacheMs ?? 0;
    if (!record || cacheMs <= 0) return record;
    const snapshot = snapshots.get(token);
    if (snapshot && Date.now() - snapshot.at < cacheMs) return snapshot.record;
    snapshots.set(token, { at: Date.now(), record: { ...record } });
    return record;
  };

  const fieldsOr400 = (req: RecordedRequest, res: ServerResponse): string[] | undefined => {
    const fields = requestedFields(req.query.get('fields'));
    if ('invalid' in fields) {
      sendJson(res, 400, { error: `invalid fields: [${fields.invalid.join(', ')}]` });
      return undefined;
    }
    return fields.fields;
  };

  // submissions_controller.rb#batch_create and #batch_show check the size the same way.
  const badBatchSize = (size: number, res: ServerResponse): boolean => {
    if (size > config.max_submission_batch_size) {
      sendJson(res, 400, {
        error: `number of submissions in a batch should be less than or equal to ${config.max_submission_batch_size}`,
      });
      return true;
    }
    if (size === 0) sendJson(res, 400, { error: 'there should be at least one submission in a batch' });
    return size === 0;
  };

  const queueFull = (incoming: number) => waiting.length + incoming > config.max_queue_size;

  server.route(
    'POST',
    '/submissions',
    guard(async (req, res) => {
      if (config.maintenance_mode) return sendJson(res, 503, { error: 'maintenance' });
      const wait = req.query.get('wait') === 'true';
      if (wait && !config.enable_wait_result) return sendJson(res, 400, { error: 'wait not allowed' });
      if (queueFull(1)) return sendJson(res, 503, { error: 'queue is full' });
      const fields = fieldsOr400(req, res);
      if (!fields) return;
      const body = parseJsonObject(req.body);
      if (!body) return sendJson(res, 400, badRequestBody);
      const base64 = base64Of(req);
      const result = validateSubmission(body, base64, config, languages);
      if (!result.ok) return sendJson(res, 422, result.errors);
      const record = enqueue(result.submission, req);
      if (!wait) return sendJson(res, 201, { token: record.token });
      await done(record);
      const answer = serialize(record, fields, base64);
      sendJson(res, 201, answer ?? { token: record.token, error: conversionError });
    }),
  );

  server.route(
    'POST',
    '/submissions/batch',
    guard((req, res) => {
      if (!config.enable_batched_submissions) {
        return sendJson(res, 400, { error: 'batched submissions are not allowed' });
      }
      const body = parseJsonObject(req.body);
      if (!body) return sendJson(res, 400, badRequestBody);
      const items = Array.isArray(body.submissions) ? body.submissions : [];
      if (queueFull(Math.max(1, items.length))) return sendJson(res, 503, { error: 'queue is full' });
      if (badBatchSize(items.length, res)) return;
      const base64 = base64Of(req);
      let anyValid = false;
      const answer = items.map((item) => {
        const object = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
        const result = validateSubmission(object, base64, config, languages);
        if (!result.ok) return result.errors;
        anyValid = true;
        return { token: enqueue(result.submission, req).token };
      });
      sendJson(res, anyValid ? 201 : 422, answer);
    }),
  );

  // Registered first: the loopback server prefers later routes, and /submissions/batch must win over the token path.
  server.route(
    'GET',
    /^\/submissions\/[^/]+$/,
    guard((req, res) => {
      const fields = fieldsOr400(req, res);
      if (!fields) return;
      const record = cached(decodeURIComponent(req.path.slice('/submissions/'.length)));
      if (!record) return sendJson(res, 404, notFoundBody);
      const answer = serialize(record, fields, base64Of(req));
      if (!answer) return sendJson(res, 400, { error: conversionError });
      sendJson(res, 200, answer);
    }),
  );

  server.route(
    'GET',
    '/submissions/batch',
    guard((req, res) => {
      if (!config.enable_batched_submissions) {
        return sendJson(res, 400, { error: 'batched submissions are not allowed' });
      }
      const fields = fieldsOr400(req, res);
      if (!fields) return;
      const list = (req.headers.tokens ?? req.query.get('tokens') ?? '')
        .toString()
        .trim()
        .split(',')
        .filter(Boolean);
      if (badBatchSize(list.length, res)) return;
      const base64 = base64Of(req);
      const submissions = list.map((token) => {
        const record = records.get(token);
        return record ? serialize(record, fields, base64) : null;
      });
      if (submissions.includes(undefined)) {
        return sendJson(res, 400, {
          error:
            'some attributes for one or more submissions cannot be converted to UTF-8, use base64_encoded=true query parameter',
        });
      }
      sendJson(res, 200, { submissions });
    }),
  );

  server.route(
    'GET',
    '/languages',
    guard((_req, res) =>
      sendJson(
        res,
        200,
        languages.filter((l) => !l.is_archived).map(({ id, name }) => ({ id, name })),
      ),
    ),
  );
  server.route(
    'GET',
    '/statuses',
    guard((_req, res) =>
      sendJson(
        res,
        200,
        Object.entries(judge0Statuses).map(([id, description]) => ({ id: Number(id), description })),
      ),
    ),
  );
  server.route(
    'GET',
    '/config_info',
    guard((_req, res) => {
      const { disable_implicit_base64_encoding, maintenance_mode, ...info } = config;
      sendJson(res, 200, { ...info, maintenance_mode, disable_implicit_base64_encoding });
    }),
  );

  return {
    server,
    url: server.url,
    config,
    submissions: () => order,
    load: () => ({ queued: waiting.length, running }),
    fail(status, failOptions = {}) {
      const { path, method, body, retryAfterSec } = failOptions;
      server.fault(
        {
          status,
          headers: retryAfterSec !== undefined ? { 'retry-after': String(retryAfterSec) } : {},
          body: body ?? { error: `scripted failure ${status}` },
        },
        { ...(path !== undefined ? { path } : {}), ...(method !== undefined ? { method } : {}) },
      );
    },
    stall(match = {}) {
      server.fault({ stall: true }, match);
    },
    drop(match = {}) {
      server.fault({ drop: true }, match);
    },
    reset() {
      server.clearFaults();
    },
    openConnections: () => server.openConnections(),
    async close() {
      closed = true;
      waiting.length = 0;
      await server.close();
    },
  };
}
