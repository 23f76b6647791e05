import { sendJson } from '../loopback/sse-response.js';
import { judge0Statuses } from './judge0-fake-config.js';
import type { Judge0FakeContext } from './judge0-fake-context.js';

/** `GET /languages` (archived ones left out), `GET /statuses`, `GET /config_info` (judge0 docs/api). */
export function routeInfo(ctx: Judge0FakeContext): void {
  ctx.server.route(
    'GET',
    '/languages',
    ctx.guard((_req, res) =>
      sendJson(
        res,
        200,
        ctx.languages.filter((l) => !l.is_archived).map(({ id, name }) => ({ id, name })),
      ),
    ),
  );
  ctx.server.route(
    'GET',
    '/statuses',
    ctx.guard((_req, res) =>
      sendJson(
        res,
        200,
        Object.entries(judge0Statuses).map(([id, description]) => ({ id: Number(id), description })),
      ),
    ),
  );
  ctx.server.route(
    'GET',
    '/config_info',
    ctx.guard((_req, res) => {
      const { disable_implicit_base64_encoding, maintenance_mode, ...info } = ctx.config;
      sendJson(res, 200, { ...info, maintenance_mode, disable_implicit_base64_encoding });
    }),
  );
}
