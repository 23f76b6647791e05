import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps, AppEnv } from './deps.js';
import { ApiError } from './errors/api-error.js';
import { handleError, handleNotFound } from './errors/error-handler.js';
import { accessLog } from './http/access-log.js';
import { requestId } from './http/request-id.js';
import { createHealthRoutes } from './routes/health-routes.js';

/** The whole HTTP surface, from injected dependencies; no module state. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requestId(deps.logger));
  app.use('*', accessLog(deps.metrics));
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.settings.REQUEST_BODY_LIMIT_BYTES,
      onError: () => {
        throw new ApiError({
          status: 413,
          code: 'payload_too_large',
          message: `Request body exceeds ${deps.settings.REQUEST_BODY_LIMIT_BYTES} bytes`,
        });
      },
    }),
  );
  app.onError(handleError);
  app.notFound(handleNotFound);

  app.route('/', createHealthRoutes(deps));

  // Resource routes: one sub-app per resource, each `createXRoutes(deps)` in src/routes/.

  return app;
}

export type App = ReturnType<typeof createApp>;
