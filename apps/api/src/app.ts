import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { createInterviewSession } from '@bot-backend/interview';
import { Hono } from 'hono';
import { inboundAuth } from './auth/inbound-auth.js';
import type { AppDeps, AppEnv } from './deps.js';
import { ApiError } from './errors/api-error.js';
import { handleError, handleNotFound } from './errors/error-handler.js';
import { accessLog } from './http/access-log.js';
import { bodyLimit } from './http/body-limit.js';
import { corsFor } from './http/cors.js';
import { createOriginPolicy } from './http/origin-policy.js';
import { requestId } from './http/request-id.js';
import { createDocsRoutes } from './openapi/docs-routes.js';
import { createDevPageTokenRoutes } from './routes/dev-page-token.js';
import { createEvaluateRoutes } from './routes/evaluate.js';
import { createHealthRoutes } from './routes/health-routes.js';
import { createInternalRoutes } from './routes/internal.js';
import { createPlanRoutes } from './routes/plan.js';
import { PlanCache } from './routes/plan-cache.js';
import { createSessionRoutes } from './routes/sessions.js';
import { createVoiceSessionRoutes } from './routes/voice-sessions.js';
import { recordSessions } from './sessions/session-recorder.js';
import { MemorySessionStore } from './sessions/session-store.js';
import { VoiceGateway } from './voice/voice-gateway.js';
import { createVoiceRoutes } from './voice/voice-routes.js';
import { localTickets, VoiceTickets } from './voice/voice-tickets.js';

/** The whole HTTP surface, from injected dependencies; no module state. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  // One allow-list of browser origins for REST (CORS) and /ws/voice (its Origin check).
  const origins = createOriginPolicy(deps.settings);
  app.use('*', requestId(deps.logger));
  app.use('*', accessLog(deps.metrics));
  app.use('*', corsFor(origins));
  app.use(
    '*',
    bodyLimit(deps.settings.REQUEST_BODY_LIMIT_BYTES, () => {
      throw new ApiError({
        status: 413,
        code: 'payload_too_large',
        message: `Request body exceeds ${deps.settings.REQUEST_BODY_LIMIT_BYTES} bytes`,
      });
    }),
  );
  app.onError(handleError);
  app.notFound(handleNotFound);

  app.route('/', createHealthRoutes(deps));
  app.route('/', createInternalRoutes(deps));

  // How the bundled page gets its credentials (a development token when DEV_PAGE_TOKENS=true).
  app.route('/', createDevPageTokenRoutes(deps.settings));

  // Service-to-service API: a service JWT when INBOUND_AUTH=jwt.
  app.use('/v1/*', inboundAuth(deps.settings));
  app.route('/', createEvaluateRoutes(deps));
  const plans = deps.plans ?? new PlanCache();
  app.route('/', createPlanRoutes(deps, plans));
  // Tickets for /ws/voice, bound to one interview; required there when INBOUND_AUTH=jwt.
  const tickets = deps.tickets ?? localTickets(new VoiceTickets(deps.settings.VOICE_TICKET_TTL_MS));
  app.route('/', createVoiceSessionRoutes(tickets, plans));

  // Resource routes: one sub-app per resource, each `createXRoutes(deps)` in src/routes/.
  // Every interview this app runs is registered here; its report is GET /v1/sessions/{id}/report.
  const sessions = deps.sessions ?? new MemorySessionStore();
  app.route('/', createSessionRoutes(sessions));

  // The browser client at `/` and the /ws/voice socket (taken by handleUpgrade below).
  const voice = new VoiceGateway(deps, {
    createSession: recordSessions(
      sessions,
      deps.createInterviewSession ?? createInterviewSession,
      deps.logger,
    ),
    origins,
    tickets,
    placement: deps.voicePlacement,
    clientLimits: deps.clientLimits,
  });
  app.route('/', createVoiceRoutes());

  // GET /openapi.json (from the routes above, declared with their schemas) and the reference at /docs.
  app.route('/', createDocsRoutes());

  // The node server hands its `upgrade` requests here (startServer); a path nobody takes gets a 404.
  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (!voice.handleUpgrade(req, socket, head))
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  };
  return Object.assign(app, { voice, sessions, handleUpgrade });
}

export type App = ReturnType<typeof createApp>;
