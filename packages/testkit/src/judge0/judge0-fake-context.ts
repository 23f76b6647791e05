import type { ServerResponse } from 'node:http';
import type { LoopbackServer, RecordedRequest } from '../loopback/loopback-types.js';
import { sendJson } from '../loopback/sse-response.js';
import type { Judge0FakeConfig, Judge0FakeLanguage } from './judge0-fake-config.js';
import type { Judge0FakeSubmissionRecord, Judge0Queue } from './judge0-fake-queue.js';
import { serializeSubmission } from './judge0-fake-serialize.js';
import { requestedFields } from './judge0-fake-validation.js';

/** What the endpoints of the Judge0 fake share. */
export interface Judge0FakeContext {
  server: LoopbackServer;
  config: Judge0FakeConfig;
  languages: readonly Judge0FakeLanguage[];
  queue: Judge0Queue;
  /** The handler behind Judge0's authentication (sessions_controller.rb#authenticate_request). */
  guard(
    handler: (req: RecordedRequest, res: ServerResponse) => void | Promise<void>,
  ): (req: RecordedRequest, res: ServerResponse) => Promise<void>;
}

// submissions_controller.rb#set_base64_encoded
export function base64Of(ctx: Judge0FakeContext, req: RecordedRequest): boolean {
  return ctx.config.disable_implicit_base64_encoding
    ? req.query.get('base64_encoded') === 'true'
    : req.query.get('base64_encoded') !== 'false';
}

/** The `fields` asked for, or undefined after answering 400 naming the unknown ones. */
export function fieldsOr400(req: RecordedRequest, res: ServerResponse): string[] | undefined {
  const fields = requestedFields(req.query.get('fields'));
  if ('invalid' in fields) {
    sendJson(res, 400, { error: `invalid fields: [${fields.invalid.join(', ')}]` });
    return undefined;
  }
  return fields.fields;
}

export function serialize(
  ctx: Judge0FakeContext,
  record: Judge0FakeSubmissionRecord,
  fields: string[],
  base64: boolean,
): Record<string, unknown> | undefined {
  return serializeSubmission(record, fields, base64, ctx.languages);
}
