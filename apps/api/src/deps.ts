import type { Settings } from '@bot-backend/config';
import type { Providers } from '@bot-backend/factory';
import type { InterviewSession, InterviewSessionOptions } from '@bot-backend/interview';
import type { Sandbox } from '@bot-backend/sandbox';
import type { VoicePlacement } from './cluster/voice-placement.js';
import type { ResultDelivery } from './delivery/result-delivery.js';
import type { Lifecycle } from './lifecycle/lifecycle.js';
import type { Logger } from './observability/logger.js';
import type { AppMetrics } from './observability/metrics.js';
import type { ReadinessChecks } from './readiness/readiness-checks.js';
import type { DeliverEvaluation } from './routes/evaluation-delivery.js';
import type { PlanCache } from './routes/plan-cache.js';
import type { SessionStore } from './sessions/session-store.js';
import type { ClientSessionLimits } from './voice/client-session-limits.js';
import type { VoiceTicketService } from './voice/voice-tickets.js';

/**
 * Everything the routes use, built once in main() (or by a test) and passed to
 * createApp. Route modules that need more add optional fields here.
 */
export interface AppDeps {
  settings: Settings;
  logger: Logger;
  metrics: AppMetrics;
  providers: Providers;
  readiness: ReadinessChecks;
  lifecycle: Lifecycle;
  /** Posts evaluation results to user-management; absent → responses say `delivery: "off"`. */
  deliver?: DeliverEvaluation | undefined;
  /** Runs code answers against their test cases; absent → code is judged by reading it only. */
  sandbox?: Sandbox | undefined;
  /** The user-management client and outbox behind `deliver`; absent when BACKEND_API_URL is not set. */
  delivery?: ResultDelivery | undefined;
  /** Interviews run by this process and their reports (GET /v1/sessions/{id}/report); absent → an in-memory store per app. */
  sessions?: SessionStore | undefined;
  /** Plans made by POST /v1/plan, for POST /v1/voice/sessions {planId}; absent → an in-memory cache per app. */
  plans?: PlanCache | undefined;
  /** Where /ws/voice tickets are issued and used up; absent → a VoiceTickets of this app (one process). */
  tickets?: VoiceTicketService | undefined;
  /** Interviews per client (VOICE_MAX_SESSIONS_PER_CLIENT); absent → this process's own count. */
  clientLimits?: ClientSessionLimits | undefined;
  /** A cluster worker's: sends an interview on to a worker that runs fewer; absent → every one runs here. */
  voicePlacement?: VoicePlacement | undefined;
  /** The conversation engine's factory (default: @bot-backend/interview's); the simulator wraps it to pin a plan and scale turn-taking. */
  createInterviewSession?: ((options: InterviewSessionOptions) => InterviewSession) | undefined;
}

/** Hono's context variables: `c.get('requestId')`, `c.get('logger')` (a child carrying the request id). */
export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    /** The `sub` of the caller's service token, when inbound auth is on and the token has one. */
    tokenSubject?: string | undefined;
  };
}
