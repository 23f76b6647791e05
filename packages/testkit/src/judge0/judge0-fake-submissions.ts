import { sendJson } from '../loopback/sse-response.js';
import { base64Of, fieldsOr400, type Judge0FakeContext, serialize } from './judge0-fake-context.js';
import { badRequestBody, conversionError, notFoundBody, parseJsonObject } from './judge0-fake-serialize.js';
import { validateSubmission } from './judge0-fake-validation.js';

/**
 * `POST /submissions` (with `wait=true`, the answer once it ran) and
 * `GET /submissions/{token}` (judge0 docs/api/submissions, submissions_controller.rb#create, #show).
 */
export function routeSubmissions(ctx: Judge0FakeContext): void {
  const { config, queue } = ctx;
  ctx.server.route(
    'POST',
    '/submissions',
    ctx.guard(async (req, res) => {
      if (config.maintenance_mode) return sendJson(res, 503, { error: 'maintenance' });
      const wait = req.query.get('wait') === 'true';
      if (wait && !config.enable_wait_result) return sendJson(res, 400, { error: 'wait not allowed' });
      if (queue.full(1)) return sendJson(res, 503, { error: 'queue is full' });
      const fields = fieldsOr400(req, res);
      if (!fields) return;
      const body = parseJsonObject(req.body);
      if (!body) return sendJson(res, 400, badRequestBody);
      const base64 = base64Of(ctx, req);
      const result = validateSubmission(body, base64, config, ctx.languages);
      if (!result.ok) return sendJson(res, 422, result.errors);
      const record = queue.enqueue(result.submission, req);
      if (!wait) return sendJson(res, 201, { token: record.token });
      await queue.done(record);
      const answer = serialize(ctx, record, fields, base64);
      sendJson(res, 201, answer ?? { token: record.token, error: conversionError });
    }),
  );

  // Registered before the batch routes: the loopback server prefers later routes, and
  // /submissions/batch must win over the token path.
  ctx.server.route(
    'GET',
    /^\/submissions\/[^/]+$/,
    ctx.guard((req, res) => {
      const fields = fieldsOr400(req, res);
      if (!fields) return;
      const record = queue.cached(decodeURIComponent(req.path.slice('/submissions/'.length)));
      if (!record) return sendJson(res, 404, notFoundBody);
      const answer = serialize(ctx, record, fields, base64Of(ctx, req));
      if (!answer) return sendJson(res, 400, { error: conversionError });
      sendJson(res, 200, answer);
    }),
  );
}
