import type { IncomingHttpHeaders } from 'node:http';
import type { RecordedRequest } from '../loopback/loopback-types.js';
import type { FormPart } from './multipart-form.js';
import { parseForm } from './openai-fake-audio.js';
import { parseJsonBody } from './openai-fake-body.js';

/** A request as it reached the fake, with its JSON body parsed (undefined for non-JSON bodies). */
export interface OpenAiFakeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; `undefined` for non-JSON bodies. */
  body: Record<string, unknown> | undefined;
  /** The fields and files of a multipart body (transcriptions); `undefined` otherwise. */
  form: FormPart[] | undefined;
  raw: Buffer;
}

export function toFakeRequest(recorded: RecordedRequest): OpenAiFakeRequest {
  return {
    method: recorded.method,
    path: recorded.path,
    headers: recorded.headers,
    body: parseJsonBody(recorded.body, recorded.headers),
    form: parseForm(recorded.body, recorded.headers),
    raw: recorded.body,
  };
}
