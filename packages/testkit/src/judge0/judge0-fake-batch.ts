import type { ServerResponse } from 'node:http';
import { sendJson } from '../loopback/sse-response.js';
import { base64Of, fieldsOr400, type Judge0FakeContext, serialize } from './judge0-fake-context.js';
import { badRequestBody, parseJsonObject } from './judge0-fake-serialize.js';
import { validateSubmission } from './judge0-fake-validation.js';

/**
 * `POST /submissions/batch` and `GET /submissions/batch?tokens=…`
 * (judge0 docs/api/submissions, submissions_controller.rb#batch_create, #batch_show).
 * Register after routeSubmissions, so the batch path wins over the token path.
 */
export function routeBatch(ctx: Judge0FakeContext): void {
  const { config, queue } = ctx;
  // #batch_create and #batch_show check the size the same way.
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
  const notAllowed = (res: ServerResponse): boolean => {
    if (config.enable_batched_submissions) return false;
    sendJson(res, 400, { error: 'batched submissions are not allowed' });
    return true;
  };

  ctx.server.route(
    'POST',
    '/submissions/batch',
    ctx.guard((req, res) => {
      if (notAllowed(res)) return;
      const body = parseJsonObject(req.body);
      if (!body) return sendJson(res, 400, badRequestBody);
      const items = Array.isArray(body.submissions) ? body.submissions : [];
      if (queue.full(Math.max(1, items.length))) return sendJson(res, 503, { error: 'queue is full' });
      if (badBatchSize(items.length, res)) return;
      const base64 = base64Of(ctx, req);
      let anyValid = false;
      const answer = items.map((item) => {
        const object = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
        const result = validateSubmission(object, base64, config, ctx.languages);
        if (!result.ok) return result.errors;
        anyValid = true;
        return { token: queue.enqueue(result.submission, req).token };
      });
      sendJson(res, anyValid ? 201 : 422, answer);
    }),
  );

  ctx.server.route(
    'GET',
    '/submissions/batch',
    ctx.guard((req, res) => {
      if (notAllowed(res)) return;
      const fields = fieldsOr400(req, res);
      if (!fields) return;
      const list = (req.headers.tokens ?? req.query.get('tokens') ?? '')
        .toString()
        .trim()
        .split(',')
        .filter(Boolean);
      if (badBatchSize(list.length, res)) return;
      const base64 = base64Of(ctx, req);
      const submissions = list.map((token) => {
        const record = queue.get(token);
        return record ? serialize(ctx, record, fields, base64) : null;
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
}
