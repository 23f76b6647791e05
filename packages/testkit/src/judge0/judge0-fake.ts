import { timingSafeEqual } from 'node:crypto';
import { startLoopbackServer } from '../loopback/loopback-server.js';
import type { LoopbackServer, RecordedRequest } from '../loopback/loopback-types.js';
import { routeBatch } from './judge0-fake-batch.js';
import {
  type Judge0FakeConfig,
  type Judge0FakeLanguage,
  judge0DefaultConfig,
  judge0DefaultLanguages,
} from './judge0-fake-config.js';
import type { Judge0FakeContext } from './judge0-fake-context.js';
import { defaultTools, type ExecutionTools } from './judge0-fake-execution.js';
import { routeInfo } from './judge0-fake-info.js';
import { type Judge0FakeSubmissionRecord, Judge0Queue } from './judge0-fake-queue.js';
import { routeSubmissions } from './judge0-fake-submissions.js';

export type { Judge0FakeSubmissionRecord } from './judge0-fake-queue.js';

/**
 * A loopback Judge0 CE speaking its submissions API (judge0/judge0
 * docs/api/submissions/*.md, config/routes.rb, submissions_controller.rb):
 * `POST /submissions` (wait or not), `GET /submissions/{token}`, the batch
 * pair, `GET /languages`, `GET /statuses`, `GET /config_info`; AUTHN with
 * `X-Auth-Token` (sessions_controller.rb). Programs really run, in child
 * processes on this machine (judge0-fake-execution.ts), a few at a time like
 * Judge0's workers (judge0-fake-queue.ts), with statuses moving In Queue →
 * Processing → result. One file per endpoint group: judge0-fake-submissions.ts,
 * judge0-fake-batch.ts, judge0-fake-info.ts.
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
  const queue = new Judge0Queue({
    languages,
    tools: { ...defaultTools(), ...options.tools },
    workers: options.workers ?? 2,
    config,
    submissionCacheMs: options.submissionCacheMs ?? 0,
  });
  const authHeader = (options.authHeader ?? 'X-Auth-Token').toLowerCase();
  const tokens = (options.authToken ?? '').split(/\s+/).filter(Boolean);

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

  const ctx: Judge0FakeContext = {
    server,
    config,
    languages,
    queue,
    guard: (handler) => async (req, res) => {
      if (!authenticated(req)) {
        res.writeHead(401).end();
        return;
      }
      await handler(req, res);
    },
  };
  routeSubmissions(ctx);
  routeBatch(ctx);
  routeInfo(ctx);

  return {
    server,
    url: server.url,
    config,
    submissions: () => queue.all(),
    load: () => queue.load(),
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
      queue.close();
      await server.close();
    },
  };
}
